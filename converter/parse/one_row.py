"""The numbers of a text table of one row and no row label (the 三公经费表 printed one cell per line or
with runs of blanks between its cells): which of the numbers printed are the row's.

``text_tables`` drops a bare integer on a line of its own as a code or a column number (栏次) when the
table prints its amounts with decimals. A one-row table whose every printed number fills a column of
its role's standard layout (``template.LAYOUTS``), in order, with the layout's own sums holding
(合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费, 小计 = 购置费 + 运行费), prints no code
and no column number: its bare integers ("0", "25") are amounts too. Knows the template, not RDF.
"""

from __future__ import annotations

from converter.parse.column_inference import Columns, decimal, sums_hold, tolerance
from converter.parse.tables import CellValue, TableRow
from converter.read.types import ReadDocument

__all__ = ["one_row", "one_row_numbers"]


def one_row(
    doc: ReadDocument,
    printed: list[tuple[str, int]],
    amounts: list[tuple[str, int]],
    layout: Columns | None,
    fields: list[list[int] | None],
) -> TableRow | None:
    """The row of a table of one row and no row label: its numbers (``one_row_numbers``) in printed
    order, keyed by position; ``fields``: the tab fields of its number lines (one line of tab-separated
    fields keeps the blank cells' places). None when it has none."""
    kept = one_row_numbers(printed, amounts, layout)
    if not kept:
        return None
    cells = {f"#{k}": CellValue(t, s, s + len(t), doc.page_of(s)) for k, (t, s) in enumerate(kept, 1)}
    row = TableRow("", None, None, cells, doc.page_of(kept[0][1]), 0, None, None)
    if len(fields) == 1 and fields[0] and kept == printed and len(fields[0]) == len(kept):
        row.positions = tuple(fields[0])
    return row


def one_row_numbers(
    printed: list[tuple[str, int]], amounts: list[tuple[str, int]], layout: Columns | None
) -> list[tuple[str, int]]:
    """``printed`` (every number of the row, in order) when they fill ``layout`` one a column and its
    sums hold; else ``amounts`` (the numbers kept as amounts)."""
    if layout is None or not layout.sums or len(printed) != len(layout.names) or len(amounts) == len(printed):
        return amounts
    values = [decimal(text) for text, _ in printed]
    if any(v is None for v in values):
        return amounts
    vector = {j: v for j, v in enumerate(values) if v is not None}
    if not sums_hold(vector, layout.sums, tolerance([text for text, _ in printed])):
        return amounts
    return printed
