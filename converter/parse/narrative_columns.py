"""A second read of a text table whose 合计 row the table's arithmetic left open, with the narrative's figures.

"支出总计457,676.75万元，其中基本支出359,781.59万元 … 项目支出97,895.15万元" states the 支出决算表's 合计
row under 基本支出 and 项目支出 (``template.NARRATIVE_COLUMNS``). A text table's rows printing fewer
values than it has columns may each fit several columns; the 合计 row so pinned, the table's sums (a 类 =
Σ its 款 … the 合计 row = Σ 类) decide the rows under it, as the 总表's income by fund does for the income
table. A value so placed is placed by the arithmetic (``column_inference``: "arithmetic"); a value the
first read placed keeps its column, and nothing is placed where the narrative states no figure or states
two.
"""

from __future__ import annotations

from decimal import Decimal

from converter.model import Figure, Measure
from converter.parse import template
from converter.parse.amounts import to_yuan
from converter.parse.column_inference import _is_total, place_again
from converter.parse.tables import StandardTable

__all__ = ["read_again"]


def _stated(figures: list[Figure], item: str, fund: str, nature: str) -> Decimal | None:
    """The one amount the narrative states for the year's item, fund and nature (None: none, or two)."""
    values = {
        f.value
        for f in figures
        if f.table is None
        and not f.derived
        and f.item == item
        and f.fund == fund
        and f.nature == nature
        and f.statistic == "level"
        and f.measure == Measure.AMOUNT
        and f.function is None
        and f.economic is None
        and f.comparison_year is None
    }
    return values.pop() if len(values) == 1 else None


def _known(table: StandardTable, figures: list[Figure]) -> dict[int, Decimal]:
    """The 合计 row's columns the narrative states, in the table's unit."""
    unit = table.unit or "元"
    try:
        factor = to_yuan(Decimal(1), unit)
    except ValueError:
        return {}
    leaves = [name.rsplit("/", 1)[-1] for name in table.columns]
    known: dict[int, Decimal] = {}
    for word, item, fund, nature in template.NARRATIVE_COLUMNS.get(table.role, ()):
        value = _stated(figures, item, fund, nature)
        if value is not None and leaves.count(word) == 1:
            known[leaves.index(word)] = value / factor
    return known


def read_again(tables: list[StandardTable], figures: list[Figure]) -> bool:
    """Place again the rows of each text table whose 合计 row is left open, its columns the narrative
    states known. Returns whether any value was placed that was not."""
    changed = False
    for table in tables:
        if not table.positional or table.role not in template.NARRATIVE_COLUMNS or not table.columns:
            continue
        rows = [r for r in table.rows if r.cells and all(h != "unknown-row" for _, h in r.placed.values())]
        total = next((r for r in rows if not r.code and _is_total(r.label)), None)
        if total is None or all(column is not None for column, _ in total.placed.values()):
            continue
        known = _known(table, figures)
        if not known:
            continue
        changed = place_again(rows, table, known) or changed
    return changed
