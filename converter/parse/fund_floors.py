"""Lower bounds of a text 支出表's columns from the same document's 财政拨款支出表.

The 财政拨款 appropriation is one of a unit's funds: a row's 基本支出 (项目支出 …) of all funds is at least
the same row's 基本支出 (项目支出 …) of its appropriation. Where the 财政拨款支出表 states a row's amount in
a column (its placement decided: printed in place, or by its own arithmetic), that amount bounds the
same row's same column of the all-funds 支出表 from below. ``column_inference.place_numbers`` keeps
only the placements of a row that keep every bound (a 合计 row of (326,582.94, 89,225.46) with an
appropriation of (186,524.30, 30,028.23) under 基本支出 and 项目支出 cannot have left 项目支出 empty), and
the table's own sums carry the decision to its other rows. Knows the template's roles, not RDF.
"""

from __future__ import annotations

import re
from decimal import Decimal

from converter.parse.column_inference import decimal, place_again
from converter.parse.tables import StandardTable, TableRow

__all__ = ["Floors", "bound_again", "column_floors", "row_floors", "row_key"]

# row key ("2050205", or "合计" for the table's total row) -> column name -> the least amount it holds
Floors = dict[str, dict[str, Decimal]]

_TOTAL = re.compile(r"合计|总计|本年支出合计")
# the all-funds table of a role, and the table of its appropriation part (``template.ROLES``)
BOUNDED_BY = {"expenditure": "appropriation_expenditure"}


def row_key(row: TableRow) -> str | None:
    if row.code:
        return row.code
    label = re.sub(r"\s", "", row.label)
    return "合计" if _TOTAL.fullmatch(label) else None


def column_floors(table: StandardTable) -> Floors:
    """Each row's decided amounts of ``table`` (the appropriation part) by column name."""
    out: Floors = {}
    for row in table.rows:
        key = row_key(row)
        if key is None or key in out:
            continue
        amounts: dict[str, Decimal] = {}
        for cell, (column, _how) in row.placed.items():
            value = decimal(row.cells[cell].text) if cell in row.cells else None
            if column is not None and value is not None and value >= 0:
                amounts[column] = value
        if amounts:
            out[key] = amounts
    return out


def row_floors(row: TableRow, names: list[str], floors: Floors) -> dict[int, Decimal]:
    """The bounds of ``row`` by column index of ``names`` (the all-funds table's columns): a column
    bounded only where the appropriation table has one of the very same name."""
    key = row_key(row)
    amounts = floors.get(key) if key else None
    if not amounts:
        return {}
    return {j: amounts[name] for j, name in enumerate(names) if name in amounts}


def bound_again(tables: list[StandardTable]) -> bool:
    """Place again the open values of each text table of a role ``BOUNDED_BY`` names, its columns
    bounded by the appropriation table of the same document and unit. A value the first read placed
    keeps its column. Returns whether any value was placed that was not."""
    changed = False
    for table in tables:
        part_role = BOUNDED_BY.get(table.role)
        if part_role is None or not table.positional or not table.columns:
            continue
        rows = [r for r in table.rows if r.cells and all(h != "unknown-row" for _, h in r.placed.values())]
        if all(column is not None for r in rows for column, _ in r.placed.values()):
            continue
        parts = [t for t in tables if t.role == part_role and t.unit == table.unit]
        if len(parts) != 1:
            continue  # none, or two the document does not tell apart
        floors = column_floors(parts[0])
        bounds = {id(r): b for r in rows if (b := row_floors(r, table.columns, floors))}
        if not bounds:
            continue
        changed = place_again(rows, table, None, bounds) or changed
    return changed
