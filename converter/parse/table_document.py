"""The document as the table readers read it: in its matching form, pinyin glosses taken out.

The table readers match titles, header words and row labels in simplified characters, and split text
tables into cells by the blanks between them, so a table in traditional characters is read in its
matching form (``normalise.matching_text``: same length, offsets kept), and a pinyin gloss, which that
form blanks ("預(yù)算表" -> "预    算表", read as a gap between cells), is taken out first
(``converter.parse.glosses``), every offset of the tables found mapped back onto the document's text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from converter.parse.flat_lines import restore_lines
from converter.parse.glosses import Compaction, compact_document, without_spans
from converter.parse.normalise import matching_text
from converter.parse.tables import CellValue, StandardTable
from converter.read.types import ReadDocument

__all__ = ["outside_grids", "read_as_tables", "read_as_text"]


def _same(table: StandardTable) -> StandardTable:
    return table


def read_as_tables(
    doc: ReadDocument, scan: str | None = None
) -> tuple[ReadDocument, Callable[[StandardTable], StandardTable]]:
    """(the document to read tables from, the function that maps a table read from it back onto
    ``doc``'s offsets). ``scan``: ``doc``'s matching text, when the caller has it (a page flattened to
    one line with its line breaks put back: ``flat_lines.restore_lines``)."""
    compacted = compact_document(doc)
    if compacted is not None:
        inner, moves = compacted
        return _matching(inner, restore_lines(matching_text(inner.text))), lambda table: _restore(
            table, moves
        )
    scan = restore_lines(matching_text(doc.text)) if scan is None else scan
    return (doc if scan == doc.text else _matching(doc, scan)), _same


def _matching(doc: ReadDocument, scan: str) -> ReadDocument:
    """``doc`` with its text and every cell's in their matching form."""
    if scan == doc.text:
        return doc
    pages = []
    for page in doc.pages:
        tables = [
            table.with_cells(lambda c: replace(c, text=matching_text(c.text)) if c.text else c)
            for table in page.tables
        ]
        pages.append(replace(page, tables=tuple(tables)))
    return replace(doc, text=scan, pages=tuple(pages))


def _restore(table: StandardTable, moves: Compaction) -> StandardTable:
    def start(offset: int | None) -> int | None:
        return None if offset is None else moves.start(offset)

    def end(offset: int | None) -> int | None:
        return None if offset is None else moves.end(offset)

    table.start, table.end = moves.start(table.start), moves.end(table.end)
    for row in table.rows:
        row.label_start, row.label_end = start(row.label_start), end(row.label_end)
        row.cells = {k: CellValue(v.text, start(v.start), end(v.end), v.page) for k, v in row.cells.items()}
    return table


def _grid_spans(doc: ReadDocument) -> list[tuple[int, int]]:
    """The [start, end) of every grid cell's text, a merged cell once."""
    cells = {id(c): c for page in doc.pages for t in page.tables for row in t.rows for c in row}
    return [(c.start, c.end) for c in cells.values() if c.start is not None and c.end is not None]


def outside_grids(doc: ReadDocument) -> ReadDocument:
    """``doc`` with its grid cells' text blanked (offsets kept) and no grid: what it prints outside its
    grids. A document whose grid is drawn on some pages or some tables only (a spreadsheet exported with
    borders on some sheets, a table whose header alone is boxed) prints tables there that the grid
    reader cannot see."""
    text = list(doc.text)
    for start, end in _grid_spans(doc):
        for at in range(start, min(end, len(text))):
            if text[at] not in "\n\f":
                text[at] = " "
    pages = tuple(replace(page, tables=()) for page in doc.pages)
    return replace(doc, text="".join(text), pages=pages)


def read_as_text(doc: ReadDocument) -> tuple[ReadDocument, Callable[[StandardTable], StandardTable]]:
    """(``doc`` as text only: its grids' cells each on one line, the line breaks inside a cell taken
    out, and no grid; the function that maps a table read from it back onto ``doc``'s offsets). A
    document with grids on some pages only is read by the text-table reader throughout, and a grid
    cell's wrapped words ("本年收入合" / "计") are one header word there, as its grid reads them."""
    breaks = [
        (at, at + 1) for start, end in _grid_spans(doc) for at in range(start, end) if doc.text[at] == "\n"
    ]
    pages = tuple(replace(page, tables=()) for page in doc.pages)
    if not breaks:
        return replace(doc, pages=pages), _same
    text, moves = without_spans(doc.text, sorted(breaks))

    def at(offset: int) -> int:
        return moves.new_of[offset]

    pages = tuple(replace(page, start=at(page.start), end=at(page.end)) for page in pages)
    headings = tuple((at(a), at(b)) for a, b in doc.headings)
    inner = replace(doc, text=text, pages=pages, headings=headings)
    return inner, lambda table: _restore(table, moves)
