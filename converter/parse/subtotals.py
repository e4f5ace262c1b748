"""小计 rows of a classification table: whose subtotal each is.

Some tables print a 小计 line per 类 (above or below its rows) besides the table's 合计. Read with the
template's words alone, 小计 is a total: the table's, and every 类's 小计 was then stated against the
合计 (cross-source Violations). In a table whose rows carry codes (printed, or read from the names of a
table printing none) and that prints its grand total, a 小计 row is the subtotal of the 类 whose amounts
it repeats, column for column; the nearest such 类 row (above first) gives it its code, noted
``code-of-subtotal``. A 小计 repeating no 类 row's amounts is of no known item: its wording is kept, it is
no total. A table printing no 合计 keeps reading its 小计 as its total.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from converter.parse.tables import TableRow

__all__ = ["SUBTOTAL", "class_subtotals"]

SUBTOTAL = "code-of-subtotal"  # the note a 小计 row's classification carries
_SUBTOTAL = re.compile(r"^小\s*计$")
_GRAND_TOTAL = re.compile(r"^(?:合\s*计|总\s*计)$")
_CLASS_LENGTH = 3  # a 类's code: 201, 301


def _bare(label: str) -> str:
    return re.sub(r"\s+", "", label.rsplit("/", 1)[-1])


def _amounts(row: TableRow) -> dict[str, str]:
    return {column: value.text.strip() for column, value in row.cells.items()}


def class_subtotals(
    rows: list[TableRow], code_of: Callable[[TableRow], str | None] = lambda row: row.code
) -> dict[int, TableRow | None]:
    """id(小计 row) -> the 类 row it repeats (None: it repeats none) in a coded table with a 合计.
    ``code_of``: a row's code, printed or (a table printing none) read from its name."""
    codes = {id(row): code_of(row) for row in rows}
    coded = any(code is not None for code in codes.values())
    grand = any(codes[id(row)] is None and _GRAND_TOTAL.match(_bare(row.label)) for row in rows)
    if not coded or not grand:
        return {}
    classes = [
        (index, row)
        for index, row in enumerate(rows)
        if (codes[id(row)] or "") and len(codes[id(row)] or "") == _CLASS_LENGTH and row.cells
    ]
    out: dict[int, TableRow | None] = {}
    for index, row in enumerate(rows):
        if codes[id(row)] is not None or not _SUBTOTAL.match(_bare(row.label)) or not row.cells:
            continue
        same = [(k, c) for k, c in classes if c.group == row.group and _amounts(c) == _amounts(row)]
        # the nearest: above first (a 小计 closing its 类's rows), then below (one heading them)
        same.sort(key=lambda kc: (kc[0] > index, abs(kc[0] - index)))
        out[id(row)] = same[0][1] if same else None
    return out
