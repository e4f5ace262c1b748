"""HTML reader (standard library only): visible text and ``<table>`` grids.

* Charset: BOM, then ``<meta charset>`` / ``http-equiv`` in the first 4 KB, then UTF-8, then GB18030
  (a superset of GB2312/GBK; GB2312/GBK labels are decoded as GB18030).
* Text: scripts, styles, templates and comments dropped; block elements and ``<br>`` give line
  breaks; runs of spaces collapse. One page (no form feeds in HTML).
* Identity: the ``<title>`` is the text's first line and, with the ``<h1>``-``<h3>`` headings, is listed in
  ``ReadDocument.headings``; ``<link rel="canonical">`` / ``<meta property="og:url">`` give ``source_url``.
* Tables: each ``<table>`` becomes a :class:`Table` with rowspan/colspan expanded: a spanning cell is
  the same ``Cell`` object at every grid position it covers (as the PDF reader does). Each row is also
  written to the text as its cells joined by tabs, and every non-blank cell has
  ``text == ReadDocument.text[cell.start:cell.end]``.
* Layout tables: a ``<table>`` holding a table of rows and columns (or a frame) is a site template's
  or a Word paste's frame (the article in one cell, the data tables nested in it), not data: its cells
  are read as blocks of text and the tables inside it as tables (``_Nesting``, a first pass over the
  tags). A one-row or one-column table inside a data cell is flattened into that cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser

from converter.read.limits import (
    MAX_HTML_CHARS,
    MAX_PAGE_TABLE_CELLS,
    MAX_SPAN,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
    square_grid,
    too_many_cells,
)
from converter.read.types import Cell, Page, ReadDocument, ReadError, SourceDocument, Table

_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "h1", "h2", "h3",
    "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "pre", "blockquote", "form", "hr", "title",
    "caption", "center", "address", "figure", "figcaption",
}  # fmt: skip
_DROP = {"script", "style", "template", "noscript", "head", "iframe", "object", "svg"}
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADINGS = {"h1", "h2", "h3"}
_MAX_TITLE = 300  # characters of a <title> or heading kept: a page's title, not a stuffed one

_SPANS = "rowspan/colspan"  # what expands a table's grid, as the refusal names it


def decode_html(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    m = _META.search(data[:4096])
    candidates: list[str] = []
    if m:
        label = m.group(1).decode("ascii", "ignore").lower()
        if label in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"):
            label = "gb18030"
        candidates.append(label)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace"), "utf-8"


class _Nesting(HTMLParser):
    """The first pass: which ``<table>`` start tags (numbered in document order) frame others: those
    holding a table of rows and columns (two of each at least) or a frame, and a one-row or one-column
    table holding any table. A data table holding only a one-row or one-column table (a cell's inline
    box) stays data, the small table flattened into its cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.count = 0
        # per open table: its number, rows, cells in the row, most cells in a row, holds a table
        self.open: list[list[int]] = []
        self.layout: set[int] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.open.append([self.count, 0, 0, 0, 0])
            self.count += 1
        elif tag == "tr" and self.open:
            self.open[-1][1] += 1
            self.open[-1][2] = 0
        elif tag in ("td", "th") and self.open:
            t = self.open[-1]
            t[1] = max(t[1], 1)
            t[2] += 1
            t[3] = max(t[3], t[2])

    def handle_endtag(self, tag):
        if tag == "table" and self.open:
            number, rows, _, columns, nested = self.open.pop()
            if nested and (rows <= 1 or columns <= 1):
                self.layout.add(number)  # one row or one column of blocks holding tables: a frame
            if self.open:
                self.open[-1][4] = 1
                if number in self.layout or (rows >= 2 and columns >= 2):
                    self.layout.add(self.open[-1][0])


def _layout_tables(html: str) -> set[int]:
    nesting = _Nesting()
    nesting.feed(html)
    nesting.close()
    return nesting.layout


class _Builder(HTMLParser):
    def __init__(self, layout: set[int] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []  # finished text
        self.drop = 0
        self.layout = layout or set()  # the <table>s (by start-tag number) that frame others
        self.count = 0  # <table> start tags seen
        self.open: list[bool] = []  # for each open <table>: is it a layout table
        # table stack: each is dict(rows=[[(cell_parts, rowspan, colspan)]], cell=None|list)
        self.tables: list[dict] = []
        self.done: list[tuple[list[list[tuple[str, int, int]]], int]] = []  # (rows, position in out)
        self.title: list[str] | None = None  # the <title>'s text while inside it
        self.title_text = ""
        self.heading: list[str] | None = None
        self.headings: list[str] = []
        self.url: str | None = None

    # text sinks ------------------------------------------------------------------------------
    def _sink(self) -> list[str] | None:
        if self.tables:
            t = self.tables[-1]
            return t["cell"]  # None outside a cell: text between cells is dropped
        return self.out

    def _newline(self) -> None:
        sink = self._sink()
        if sink is not None and sink and not sink[-1].endswith("\n"):
            sink.append("\n")

    def _identity_tag(self, tag: str, attrs) -> None:
        """<title>, the canonical URL: read even inside <head>, which is otherwise dropped."""
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "title" and not self.title_text:
            self.title = []
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.url = self.url or a["href"].strip()
        elif tag == "meta" and a.get("property", "").lower() == "og:url" and a.get("content"):
            self.url = self.url or a["content"].strip()
        elif tag in _HEADINGS and not self.drop and not self.tables:
            self.heading = []

    def handle_starttag(self, tag, attrs):
        self._identity_tag(tag, attrs)
        if tag == "table":  # numbered as the first pass numbers them, dropped or not
            self.count += 1
        if tag in _DROP:
            self.drop += 1
            return
        if self.drop:
            return
        if tag == "table" and self.count - 1 in self.layout:
            self.open.append(True)
            self._newline()
        elif tag in ("tr", "td", "th") and self.open and self.open[-1]:
            self._newline()  # a layout cell: a block of text
        elif tag == "table":
            self.open.append(False)
            if self.tables and self.tables[-1]["cell"] is not None:
                self.tables[-1]["cell"].append("\n")
            self.tables.append({"rows": [], "cell": None, "span": (1, 1)})
        elif tag == "caption" and self.tables:
            self._close_cell()
            self.tables[-1]["cell"] = []  # read as a cell, printed as the line before the table
            self.tables[-1]["in_caption"] = True
        elif tag == "tr" and self.tables:
            self._close_cell()
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            self._close_cell()
            if not t["rows"]:
                t["rows"].append([])
            a = dict(attrs)
            t["span"] = (_span(a.get("rowspan")), _span(a.get("colspan")))
            t["cell"] = []
        elif tag == "br" or tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag):
        if tag == "title" and self.title is not None:
            self.title_text = re.sub(r"\s+", " ", "".join(self.title)).strip()[:_MAX_TITLE]
            self.title = None
        if tag in _HEADINGS and self.heading is not None:
            text = re.sub(r"\s+", " ", "".join(self.heading)).strip()[:_MAX_TITLE]
            if text:
                self.headings.append(text)
            self.heading = None
        if tag in _DROP:
            self.drop = max(0, self.drop - 1)
            return
        if self.drop:
            return
        if tag == "table" and self.open and self.open[-1]:
            self.open.pop()
            self._newline()
        elif tag in ("tr", "td", "th") and self.open and self.open[-1]:
            self._newline()
        elif tag == "table" and self.tables:
            if self.open:
                self.open.pop()
            self._close_cell()
            t = self.tables.pop()
            if self.tables:  # a small table inside a data cell (no frame): flattened into the cell
                cell = self.tables[-1]["cell"]
                if cell is not None:
                    for row in t["rows"]:
                        cell.append(" ".join(c[0] for c in row) + "\n")
                return
            self._newline()
            if t.get("caption"):
                self.out.append(t["caption"] + "\n")
            self.done.append((t["rows"], len(self.out)))
            self.out.append("\x00TABLE\x00")
            self.out.append("\n")
        elif tag in ("td", "th", "caption") and self.tables:
            self._close_cell()
        elif tag in _BLOCK:
            self._newline()

    def handle_data(self, data):
        if self.title is not None:
            self.title.append(data)
        if self.heading is not None:
            self.heading.append(data)
        if self.drop:
            return
        sink = self._sink()
        if sink is not None:
            sink.append(re.sub(r"\s+", " ", data))

    def _close_cell(self) -> None:
        t = self.tables[-1]
        if t["cell"] is None:
            return
        text = "".join(t["cell"])
        lines = [ln.strip() for ln in text.split("\n")]
        text = "\n".join(ln for ln in lines if ln)
        if t.pop("in_caption", False):
            t["caption"] = " ".join(filter(None, (t.get("caption"), text.replace("\n", " "))))
            t["cell"] = None
            return
        if not t["rows"]:
            t["rows"].append([])
        t["rows"][-1].append((text, *t["span"]))
        t["cell"] = None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), MAX_SPAN))
    except (TypeError, ValueError):
        return 1


def _grid(
    rows: list[list[tuple[str, int, int]]],
) -> tuple[list[list[int | None]], list[tuple[str, int, int]]]:
    """Expand spans: a matrix of indices into the flat cell list. Refused beyond the limits of
    converter/read/limits.py: spans are what a small hostile page multiplies."""
    cells: list[tuple[str, int, int]] = []
    matrix: list[list[int | None]] = []
    positions = 0
    for r, row in enumerate(rows):
        while len(matrix) <= r:
            matrix.append([])
        c = 0
        for cell in row:
            while c < len(matrix[r]) and matrix[r][c] is not None:
                c += 1
            index = len(cells)
            cells.append(cell)
            _, rowspan, colspan = cell
            positions += colspan * min(rowspan, len(rows) - r)
            if c + colspan > MAX_TABLE_COLUMNS or positions > MAX_TABLE_CELLS:
                raise too_many_cells(_SPANS)
            for dr in range(min(rowspan, len(rows) - r)):
                while len(matrix) <= r + dr:
                    matrix.append([])
                line = matrix[r + dr]
                while len(line) < c + colspan:
                    line.append(None)
                for dc in range(colspan):
                    line[c + dc] = index
            c += colspan
    square_grid(matrix, _SPANS)
    return matrix, cells


# a cell that prints a figure: an amount (1,234.56, 135,200) or a classification code (201, 20101); a
# 栏次 row's 1 2 3 and a header's 2024年 are no figures
_FIGURE = re.compile(r"^[-+]?(?:\d{3,}|\d{1,3}(?:[,，]\d{3})+|\d+\.\d+)(?:\.\d+)?%?$")
_NUMERAL = re.compile(r"^[-+]?[\d,，.]*\d%?$")
_MAX_HEADER_ROWS = 6  # a header frozen as a table of its own is a few rows; more rows of words are a table


def _header_only(rows: list[list[tuple[str, int, int]]]) -> bool:
    """Rows of a header: no figure, and small numbers only as a 栏次 row prints them (most of its
    cells; a 序号 1 beside a name is a row of a list, not a header)."""
    cells = [text for row in rows for text, _, _ in row]
    if not 0 < len(rows) <= _MAX_HEADER_ROWS or not any(cells):
        return False
    if any(_FIGURE.match(line) for text in cells for line in text.split("\n")):
        return False
    for row in rows:
        filled = [text.strip() for text, _, _ in row if text.strip()]
        numbers = sum(1 for text in filled if _NUMERAL.match(text))
        if numbers and 2 * numbers < len(filled):
            return False
    return True


def _starts_with_body(rows: list[list[tuple[str, int, int]]]) -> bool:
    """A table whose first row prints a number (a figure, a code, a 栏次 row's 1 2 3): a body that
    continues a header; a table starting with words (its own title or header) is a table of its own."""
    return bool(rows) and any(_NUMERAL.match(text.strip()) for text, _, _ in rows[0])


def _width(rows: list[list[tuple[str, int, int]]]) -> int:
    matrix, _ = _grid(rows)
    return len(matrix[0]) if matrix else 0


def _join_header_tables(
    pieces: list[str], done: list[tuple[list[list[tuple[str, int, int]]], int]]
) -> dict[int, list[list[tuple[str, int, int]]]]:
    """The page's tables by position in ``pieces``: a table of header rows only (no figure), followed
    by a table of its width with nothing printed between, is that table's header (an editor that
    froze the header rows as a table of their own): the two are one table."""
    out: dict[int, list[list[tuple[str, int, int]]]] = {}
    held: tuple[list[list[tuple[str, int, int]]], int] | None = None  # a header table waiting
    for rows, pos in done:
        if held is not None:
            head, at = held
            between = "".join(pieces[at + 1 : pos])
            if not between.strip() and _starts_with_body(rows) and _width(head) == _width(rows):
                rows = head + rows
                del out[at]
                pieces[at] = ""  # its place holder: no text
        out[pos] = rows
        held = (rows, pos) if _header_only(rows) else None
    return out


# a row of a table's own caption lines: its 编制单位 and 单位 (a sheet pasted from Excel/WPS prints them
# in the table, each in cells of their own)
_TITLE_CELL = re.compile(
    r"表(?:\s*[（(][^（()）]{0,12}[)）])?$|^(?:附|公开)?表\s*\d|^(?:注|说明|备注)\s*[：:\d]"
)
_CAPTION_CELL = re.compile(r"^(?:(?:金额|计量)?单位|编制(?:单位|部门)|填报单位|部门(?:名称)?)\s*[：:]")


def _caption_rows(matrix: list[list[int | None]], flat: list[tuple[str, int, int]]) -> tuple[int, int]:
    """How many of a table's first and last rows are its caption, not its grid: a row whose one cell
    (from the left edge, merged across the table or not, beside a sheet's empty columns) is a title
    (收支预算总表, 公开01表, 表1) or a note (注：), or whose cells are 编制单位 / 单位 lines. Their text
    stays in the document's text, as the lines before and after the table; the grid starts and ends
    without them. A header merged across the table (财政拨款“三公”经费) stays the grid's."""

    def caption(line: list[int | None]) -> bool:
        filled = [i for i in dict.fromkeys(line) if i is not None and flat[i][0]]
        if not filled or len(line) < 2:
            return False
        if all(_CAPTION_CELL.match(flat[i][0]) for i in filled):
            return True
        return len(filled) == 1 and line[0] == filled[0] and bool(_TITLE_CELL.search(flat[filled[0]][0]))

    top = 0
    while top < len(matrix) and caption(matrix[top]):
        top += 1
    bottom = 0
    while bottom < len(matrix) - top and caption(matrix[len(matrix) - 1 - bottom]):
        bottom += 1
    return top, bottom


def _emit_grid(
    matrix: list[list[int | None]], flat: list[tuple[str, int, int]], emit: Callable[[str], int]
) -> tuple[tuple[Cell, ...], ...]:
    """Write a table's rows to the text (cells joined by tabs, a merged cell once) and return its grid,
    each cell with its offsets, without its caption rows (``_caption_rows``: their text stays)."""
    made: dict[int, Cell] = {}
    seen: set[int] = set()
    at = emit("")
    for r, line in enumerate(matrix):
        if r:
            at = emit("\n")
        first = True
        for index in line:
            if index is None or index in seen:
                continue
            seen.add(index)
            if not first:
                at = emit("\t")
            first = False
            text = unicodedata.normalize("NFC", flat[index][0])
            start, at = at, emit(text)
            made[index] = Cell(text, start if text else None, at if text else None)
    top, bottom = _caption_rows(matrix, flat)
    return tuple(
        tuple(made.get(index, Cell("")) if index is not None else Cell("") for index in line)
        for line in matrix[top : len(matrix) - bottom]
    )


def read_html(data: bytes, source: SourceDocument) -> ReadDocument:
    if not data.strip():
        raise ReadError("the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary data, not an HTML page (NUL bytes)")
    html, encoding = decode_html(data)
    if len(html) > MAX_HTML_CHARS:
        raise ReadError(f"the page has {len(html):,} characters, more than the {MAX_HTML_CHARS:,} read")
    try:
        builder = _Builder(_layout_tables(html))
        builder.feed(html)
        builder.close()
    except Exception as exc:  # pragma: no cover - html.parser is lenient
        raise ReadError(f"the HTML cannot be parsed ({exc.__class__.__name__})") from exc
    while builder.tables:  # unclosed tables
        builder.handle_endtag("table")
    pieces = builder.out
    table_at = _join_header_tables(pieces, builder.done)
    text_parts: list[str] = []
    length = 0
    tables: list[Table] = []
    expanded = 0

    def emit(s: str) -> int:
        """Append to the text; the text's length after it."""
        nonlocal length
        s = unicodedata.normalize("NFC", s)
        text_parts.append(s)
        length += len(s)
        return length

    headings: list[tuple[int, int]] = []
    if builder.title_text:  # the page's title, as its first line
        emit(unicodedata.normalize("NFC", builder.title_text))
        headings.append((0, length))
        emit("\n")
    for i, piece in enumerate(pieces):
        if i not in table_at:
            # tidy spaces at line starts/ends without moving table offsets
            emit(re.sub(r" *\n *", "\n", piece) if piece != " " or length else "")
            continue
        matrix, flat = _grid(table_at[i])
        expanded += len(matrix) * (len(matrix[0]) if matrix else 0)
        if expanded > MAX_PAGE_TABLE_CELLS:
            raise too_many_cells(_SPANS)
        if not matrix or not any(text for text, _, _ in flat):
            continue
        if text_parts and not text_parts[-1].endswith("\n"):
            emit("\n")
        rows = _emit_grid(matrix, flat, emit)
        if rows:
            tables.append(Table(page=1, rows=rows))
    text = "".join(text_parts)
    # collapse blank-line runs outside tables is not done: offsets must stay valid
    if not text.strip():
        raise ReadError("the HTML page has no visible text")
    headings.extend(_locate(text, builder.headings, headings[-1][1] if headings else 0))
    source = SourceDocument(source.file_name, source.sha256, "text/html", source.size, encoding)
    return ReadDocument(
        source=source,
        text=text,
        pages=(Page(1, 0, len(text), tuple(tables)),),
        headings=tuple(headings),
        source_url=builder.url,
    )


def _locate(text: str, headings: list[str], start: int) -> list[tuple[int, int]]:
    """Offsets of each heading's text, in document order."""
    out: list[tuple[int, int]] = []
    for heading in headings:
        heading = unicodedata.normalize("NFC", heading)
        at = text.find(heading, start)
        if at >= 0:
            out.append((at, at + len(heading)))
            start = at + len(heading)
    return out
