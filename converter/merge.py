"""One publication in several files (a text PDF and a tables PDF, numbered web pages) read as one
document: the texts joined by a page break, pages numbered on, every table cell's offsets moved with
its file's text. Each file is a :class:`SourcePart` of the report, so every span can be traced back to
the file it was read from, with offsets into that file's own text (``converter.emit_identity.locate``).
"""

from __future__ import annotations

from converter.model import SourcePart
from converter.read.types import Cell, Page, ReadDocument, Table


def _moved_table(table: Table, shift: int, first_page: int) -> Table:
    moved: dict[int, Cell] = {}  # a merged cell is one object at every position: it stays one

    def move(cell: Cell) -> Cell:
        key = id(cell)
        if key not in moved:
            start = cell.start + shift if cell.start is not None else None
            end = cell.end + shift if cell.end is not None else None
            moved[key] = Cell(cell.text, start, end, cell.bbox)
        return moved[key]

    rows = tuple(tuple(move(cell) for cell in row) for row in table.rows)
    return Table(page=table.page + first_page - 1, rows=rows, bbox=table.bbox)


def join_documents(
    docs: list[ReadDocument], urls: list[str | None] | None = None
) -> tuple[ReadDocument, list[SourcePart]]:
    """The documents as one (texts joined by "\\f"), and the part each file is of it."""
    urls = urls or [None] * len(docs)
    pages: list[Page] = []
    parts: list[SourcePart] = []
    headings: list[tuple[int, int]] = []
    warnings: list[str] = []
    offset, next_page = 0, 1
    for doc, url in zip(docs, urls, strict=True):
        own_pages = doc.pages or (Page(1, 0, len(doc.text)),)
        for page in own_pages:
            tables = tuple(_moved_table(t, offset, next_page) for t in page.tables)
            pages.append(Page(page.number + next_page - 1, page.start + offset, page.end + offset, tables))
        parts.append(SourcePart(doc.source, offset, offset + len(doc.text), next_page, url or doc.source_url))
        headings.extend((start + offset, end + offset) for start, end in doc.headings)
        warnings.extend(f"{doc.source.file_name}: {w}" for w in doc.warnings)
        next_page += len(own_pages)
        offset += len(doc.text) + 1  # the page break joining this file to the next
    joined = ReadDocument(
        source=docs[0].source,
        text="\f".join(doc.text for doc in docs),
        pages=tuple(pages),
        warnings=tuple(warnings),
        headings=tuple(headings),
        source_url=parts[0].url,
    )
    return joined, parts
