"""Types shared by every reader.

The text of a document is one string, ``ReadDocument.text``: pages are joined with
a form feed (``\\f``). Every character offset in the whole pipeline (source spans,
provenance) is an offset into that string, so a figure can always be traced back to
the exact characters it was read from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace


class ReadError(Exception):
    """The input cannot be read at all (empty, binary junk, no text layer ...).

    The message is one clear sentence for the user; the CLI prefixes the file name.
    """


@dataclass(frozen=True)
class SourceDocument:
    """The file a report was read from: its name and fingerprint."""

    file_name: str
    sha256: str
    media_type: str
    size: int
    encoding: str | None = None  # text inputs only: the encoding that decoded them


@dataclass(frozen=True)
class Cell:
    """One table cell. ``text`` is the cell's content with internal line breaks kept
    as ``\\n``; an empty string is a blank cell (never read as 0).

    ``start``/``end`` are offsets into ``ReadDocument.text`` when the cell's text
    can be located there, else ``None``; ``bbox`` is (x0, top, x1, bottom) in PDF
    points when the reader knows positions.
    """

    text: str
    start: int | None = None
    end: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    # a spreadsheet cell holding a formula and no stored result: the formula its text was computed from
    formula: str | None = None


@dataclass(frozen=True)
class Table:
    """A table as printed on one page: rows of cells (a header row included)."""

    page: int  # 1-based
    rows: tuple[tuple[Cell, ...], ...]
    bbox: tuple[float, float, float, float] | None = None

    def with_cells(self, change: Callable[[Cell], Cell]) -> Table:
        """This table with every cell changed once: a merged cell stays one object at every position
        it covers (readers of the grid tell merged cells by identity)."""
        made: dict[int, Cell] = {}
        for row in self.rows:
            for cell in row:
                if id(cell) not in made:
                    made[id(cell)] = change(cell)
        return replace(self, rows=tuple(tuple(made[id(c)] for c in row) for row in self.rows))


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    start: int  # offset of the page's first character in ReadDocument.text
    end: int
    tables: tuple[Table, ...] = ()
    # a worksheet's name ("一般公共预算财政拨款支出决算表", "表3"): a workbook may title its table only there
    name: str | None = None


@dataclass(frozen=True)
class ReadDocument:
    source: SourceDocument
    text: str
    pages: tuple[Page, ...] = field(default_factory=tuple)
    warnings: tuple[str, ...] = ()
    # [start, end) of the lines that are the page's own title and headings (HTML <title>, <h1>-<h3>)
    headings: tuple[tuple[int, int], ...] = ()
    source_url: str | None = None  # where the document says it is published (HTML canonical / og:url)

    def page_of(self, offset: int) -> int | None:
        """The 1-based page number holding ``offset``, if the reader knows pages."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None
