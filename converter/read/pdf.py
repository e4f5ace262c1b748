"""PDF reader: page texts and ruled tables with positions.

Library choice, measured on corpus PDF 101 (25 pages, 9 ruled tables over 16 pages; one core,
``.venv/bin/python bench/read.py``):

==================================  ===========  ===================================================
approach (101 / 102)                 ms per page  tables
==================================  ===========  ===================================================
pdfplumber ``extract_text`` +        115 / 123    correct grids (its lattice finder), but the
``find_tables``                                   pdfminer layout analysis behind it dominates
pdfminer.six ``extract_text``        115 / 88     no tables at all; cell values come out as
                                                  loose lines far from their labels
pypdfium2 text only                  3 / 2        text in content order, no tables
this reader: pypdfium2 chars +       13 / 13      same cells as pdfplumber on 101 (codes split 类/款/项,
path segments + own lattice finder                wrapped names in one cell, blanks stay blank);
                                                  all 177 table figures of 101.expected.json match
==================================  ===========  ===================================================

So this reader uses pypdfium2 (PDFium, Apache-2.0/BSD) for characters (with their loose glyph
boxes) and for the vector paths of the page, and finds tables itself from the ruling lines
(horizontal/vertical segments, thin filled rectangles and rectangle edges). What dominates the
remaining ~0.3 s for 25 pages is the Python loop over path segments (ctypes calls, ~30%), the loop
over characters (~20%), PDFium page loading and the grid/text assembly.
PyMuPDF is not used (AGPL).

The page text is rebuilt from the characters in reading order: lines outside tables as printed;
each table row as its cells joined by ``\\t`` (a cell's own line breaks kept as ``\\n``). Every
non-blank :class:`Cell` has ``text == ReadDocument.text[cell.start:cell.end]``.

A cell that spans several grid columns or rows (merged cells) is the *same* ``Cell`` object at every
grid position it covers, so ``row[i] is row[i + 1]`` tells a column span and identity across rows
tells a row span; its text appears once in the page text, at its first position.

Work is bounded (converter/read/limits.py): at most ``MAX_PAGES`` pages, ``MAX_CHARS_PER_PAGE``
characters, ``MAX_OBJECTS_PER_PAGE`` objects and ``MAX_SEGMENTS_PER_PAGE`` ruling segments per page
(beyond that, the page's characters are cut or its tables skipped, with a warning). PDFium itself
parses the content streams, with no limit of its own: so before it sees the file every compressed
stream is inflated up to ``MAX_PDF_STREAM_BYTES`` (``pdf_open.check_streams``: a content-stream bomb
is refused), and the
whole read runs in a child process with a memory limit and a deadline (``limits.bounded_call``).
"""

from __future__ import annotations

import bisect
import ctypes
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from converter.read.limits import (
    MAX_CHARS_PER_PAGE,
    MAX_OBJECTS_PER_PAGE,
    MAX_PAGES,
    MAX_SEGMENTS_PER_PAGE,
)
from converter.read.pdf_columns import Extents, aligned_rows, crowded
from converter.read.pdf_open import open_pdf
from converter.read.types import Cell, Page, ReadDocument, ReadError, SourceDocument, Table

_AXIS_TOL = 1.0  # a segment is horizontal/vertical when it deviates less than this (points)
_SNAP = 2.0  # ruling lines closer than this are the same line
_JOIN = 3.0  # segments/edges within this distance touch
_CROWDED = 2  # a grid with this many lines of cells in one cell draws no columns


@dataclass
class _Char:
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Seg:
    horizontal: bool
    pos: float  # y for horizontal, x for vertical
    a: float  # start along the line
    b: float  # end along the line


@dataclass
class _Line:
    chars: list[_Char]
    top: float = 0.0
    bottom: float = 0.0

    def text(self) -> str:
        chars = sorted(self.chars, key=lambda c: c.x0)
        out: list[str] = []
        prev: _Char | None = None
        for c in chars:
            if prev is not None:
                size = max(min(c.bottom - c.top, prev.bottom - prev.top), 1.0)
                if c.x0 - prev.x1 > 0.35 * size:
                    out.append(" ")
            out.append(c.ch)
            prev = c
        return "".join(out)


@dataclass
class _MCell:
    """A merged cell of a grid: grid rows r0..r1, columns c0..c1 (inclusive)."""

    r0: int
    c0: int
    r1: int
    c1: int
    bbox: tuple[float, float, float, float]
    chars: list[_Char] = field(default_factory=list)
    text: str = ""
    start: int | None = None
    end: int | None = None
    cell: Cell | None = None


@dataclass
class _Grid:
    bbox: tuple[float, float, float, float]
    nrows: int
    ncols: int
    cells: list[_MCell]
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    at: list[list[_MCell]] = field(default_factory=list)  # [row][col] -> merged cell


def _normalise_char(ch: str) -> str:
    """Kangxi radicals and CJK compatibility ideographs (common in PDF fonts) -> unified ideographs."""
    code = ord(ch)
    if 0x2F00 <= code <= 0x2FDF or 0x2E80 <= code <= 0x2EFF or 0xF900 <= code <= 0xFAFF:
        mapped = unicodedata.normalize("NFKC", ch)
        if len(mapped) == 1:
            return mapped
    return ch


def _page_transform(page) -> Callable[[float, float], tuple[float, float]]:
    """PDF user space (y up) -> the page as displayed (y down, origin top left), honouring the
    page's /Rotate: landscape tables are often portrait pages turned by 90 degrees, their text and
    rulings drawn rotated in user space."""
    left, bottom, right, top = page.get_mediabox()
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return lambda x, y: (y - bottom, x - left)
    if rotation == 180:
        return lambda x, y: (right - x, y - bottom)
    if rotation == 270:
        return lambda x, y: (top - y, right - x)
    return lambda x, y: (x - left, top - y)


def _page_chars(
    textpage, transform: Callable[[float, float], tuple[float, float]], warnings: list[str], number: int
) -> list[_Char]:
    import pypdfium2.raw as raw

    n = raw.FPDFText_CountChars(textpage.raw)
    if n > MAX_CHARS_PER_PAGE:
        warnings.append(f"page {number}: only the first {MAX_CHARS_PER_PAGE} of its {n} characters were read")
        n = MAX_CHARS_PER_PAGE
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()
    chars: list[_Char] = []
    for i in range(n):
        code = raw.FPDFText_GetUnicode(textpage.raw, i)
        if code in (0, 0xFFFE, 0xFFFF) or code < 32 or raw.FPDFText_IsGenerated(textpage.raw, i) == 1:
            continue
        ch = _normalise_char(chr(code))
        if ch.isspace():
            continue
        if raw.FPDFText_GetLooseCharBox(textpage.raw, i, rect):
            x0, x1, y_top, y_bottom = rect.left, rect.right, rect.top, rect.bottom
        elif raw.FPDFText_GetCharBox(textpage.raw, i, left, right, bottom, top):
            x0, x1, y_top, y_bottom = left.value, right.value, top.value, bottom.value
        else:
            continue
        if not all(math.isfinite(v) for v in (x0, x1, y_top, y_bottom)):
            continue
        ax, ay = transform(x0, y_top)
        bx, by = transform(x1, y_bottom)
        chars.append(_Char(ch, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return chars


def _page_segments(
    page, transform: Callable[[float, float], tuple[float, float]], warnings: list[str], number: int
) -> list[_Seg]:
    import pypdfium2.raw as raw

    segs: list[_Seg] = []
    if raw.FPDFPage_CountObjects(page.raw) > MAX_OBJECTS_PER_PAGE:
        warnings.append(
            f"page {number}: more than {MAX_OBJECTS_PER_PAGE} drawing objects, its tables were not read"
        )
        return []
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    fill_mode, stroked = ctypes.c_int(), ctypes.c_int()
    budget = MAX_SEGMENTS_PER_PAGE
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=3):
        if not raw.FPDFPageObj_GetMatrix(obj.raw, matrix):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        count = raw.FPDFPath_CountSegments(obj.raw)
        if count <= 0:
            continue
        # A filled, unstroked box is a cell's shading (some producers inset it a few points inside
        # the ruling lines): its edges are not rulings. Thin filled boxes still are.
        raw.FPDFPath_GetDrawMode(obj.raw, fill_mode, stroked)
        fill_only = fill_mode.value != 0 and not stroked.value
        budget -= count
        if budget < 0:
            warnings.append(f"page {number}: too many drawing segments, its tables were not read")
            return []
        points: list[tuple[float, float]] = []
        subpaths: list[list[tuple[float, float]]] = []
        for i in range(count):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
            if not raw.FPDFPathSegment_GetPoint(seg, x, y):
                continue
            px, py = transform(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO and points:
                subpaths.append(points)
                points = []
            points.append((px, py))
            if raw.FPDFPathSegment_GetClose(seg) and points:
                points.append(points[0])
                subpaths.append(points)
                points = []
        if points:
            subpaths.append(points)
        for pts in subpaths:
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            w, h = max(xs) - min(xs), max(ys) - min(ys)
            # A thin rectangle or a polyline reduced to a line: one segment.
            if len(pts) > 2 and h <= 2 * _AXIS_TOL and w > h:
                yc = (max(ys) + min(ys)) / 2
                segs.append(_Seg(True, yc, min(xs), max(xs)))
                continue
            if len(pts) > 2 and w <= 2 * _AXIS_TOL and h > w:
                xc = (max(xs) + min(xs)) / 2
                segs.append(_Seg(False, xc, min(ys), max(ys)))
                continue
            if fill_only and len(pts) > 2:
                continue
            for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
                if abs(y1 - y0) <= _AXIS_TOL and abs(x1 - x0) > _AXIS_TOL:
                    segs.append(_Seg(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
                elif abs(x1 - x0) <= _AXIS_TOL and abs(y1 - y0) > _AXIS_TOL:
                    segs.append(_Seg(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return segs


def _merge_segments(segs: list[_Seg]) -> list[_Seg]:
    """Join collinear segments that overlap or touch."""
    out: list[_Seg] = []
    for horizontal in (True, False):
        group = sorted((s for s in segs if s.horizontal == horizontal), key=lambda s: (s.pos, s.a))
        # cluster by position
        clusters: list[list[_Seg]] = []
        for s in group:
            if clusters and abs(s.pos - clusters[-1][-1].pos) <= _SNAP / 2:
                clusters[-1].append(s)
            else:
                clusters.append([s])
        for cluster in clusters:
            pos = sum(s.pos for s in cluster) / len(cluster)
            spans = sorted((s.a, s.b) for s in cluster)
            cur_a, cur_b = spans[0]
            for a, b in spans[1:]:
                if a <= cur_b + _JOIN:
                    cur_b = max(cur_b, b)
                else:
                    out.append(_Seg(horizontal, pos, cur_a, cur_b))
                    cur_a, cur_b = a, b
            out.append(_Seg(horizontal, pos, cur_a, cur_b))
    return out


def _cluster_positions(values: list[float]) -> list[float]:
    values = sorted(values)
    out: list[list[float]] = []
    for v in values:
        if out and v - out[-1][-1] <= _SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _covered(segs: list[_Seg], pos: float, a: float, b: float) -> bool:
    """Is the stretch a..b at position ``pos`` ruled by one of ``segs``?"""
    mid_lo = a + (b - a) * 0.25
    mid_hi = a + (b - a) * 0.75
    for s in segs:
        if abs(s.pos - pos) <= _SNAP and s.a <= mid_lo + _JOIN and s.b >= mid_hi - _JOIN:
            return True
    return False


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _implied_edges(h: list[_Seg], v: list[_Seg]) -> list[_Seg]:
    """The ruling a page break leaves out: a table continued on the next page often has no top
    (or bottom) line, only its vertical rulings, which all end at the same height there."""
    out: list[_Seg] = []
    top_h, bottom_h = min(s.pos for s in h), max(s.pos for s in h)
    x0, x1 = min(s.pos for s in v), max(s.pos for s in v)
    top = min(s.a for s in v)
    if top < top_h - _JOIN and sum(1 for s in v if abs(s.a - top) <= _SNAP) >= 2:
        out.append(_Seg(True, top, x0, x1))
    bottom = max(s.b for s in v)
    if bottom > bottom_h + _JOIN and sum(1 for s in v if abs(s.b - bottom) <= _SNAP) >= 2:
        out.append(_Seg(True, bottom, x0, x1))
    return out


def _find_grids(segs: list[_Seg]) -> list[_Grid]:
    segs = [s for s in _merge_segments(segs) if s.b - s.a > 2.0]
    if not segs:
        return []
    # connected components: a horizontal and a vertical segment touch when they cross
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        return _root(parent, i)

    hs = [i for i, s in enumerate(segs) if s.horizontal]
    vs = [i for i, s in enumerate(segs) if not s.horizontal]
    for i in hs:
        h = segs[i]
        for j in vs:
            v = segs[j]
            if h.a - _JOIN <= v.pos <= h.b + _JOIN and v.a - _JOIN <= h.pos <= v.b + _JOIN:
                parent[find(i)] = find(j)
    components: dict[int, list[_Seg]] = {}
    for i, s in enumerate(segs):
        components.setdefault(find(i), []).append(s)
    grids: list[_Grid] = []
    for comp in components.values():
        h = [s for s in comp if s.horizontal]
        v = [s for s in comp if not s.horizontal]
        if len(h) < 1 or len(v) < 2:
            continue
        h = h + _implied_edges(h, v)
        if len(h) < 2:
            continue
        ys = _cluster_positions([s.pos for s in h])
        xs = _cluster_positions([s.pos for s in v])
        if len(ys) < 2 or len(xs) < 2:
            continue
        nrows, ncols = len(ys) - 1, len(xs) - 1
        # union grid cells that are not separated by a ruling line
        cell_parent = list(range(nrows * ncols))

        def cfind(i: int, cell_parent: list[int] = cell_parent) -> int:
            return _root(cell_parent, i)

        for r in range(nrows):
            for c in range(ncols):
                if c + 1 < ncols and not _covered(v, xs[c + 1], ys[r], ys[r + 1]):
                    cell_parent[cfind(r * ncols + c)] = cfind(r * ncols + c + 1)
                if r + 1 < nrows and not _covered(h, ys[r + 1], xs[c], xs[c + 1]):
                    cell_parent[cfind(r * ncols + c)] = cfind((r + 1) * ncols + c)
        groups: dict[int, list[tuple[int, int]]] = {}
        for r in range(nrows):
            for c in range(ncols):
                groups.setdefault(cfind(r * ncols + c), []).append((r, c))
        cells: list[_MCell] = []
        for members in groups.values():
            r0 = min(m[0] for m in members)
            r1 = max(m[0] for m in members)
            c0 = min(m[1] for m in members)
            c1 = max(m[1] for m in members)
            cells.append(_MCell(r0, c0, r1, c1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
        at: list[list[_MCell]] = [[cells[0]] * ncols for _ in range(nrows)]
        for cell in cells:
            for r in range(cell.r0, cell.r1 + 1):
                for c in range(cell.c0, cell.c1 + 1):
                    at[r][c] = cell
        grids.append(_Grid((xs[0], ys[0], xs[-1], ys[-1]), nrows, ncols, cells, xs, ys, at))
    grids.sort(key=lambda g: (g.bbox[1], g.bbox[0]))
    return grids


def _group_lines(chars: list[_Char]) -> list[_Line]:
    """Group characters into printed lines by vertical overlap."""
    lines: list[_Line] = []
    for c in sorted(chars, key=lambda c: (c.cy, c.x0)):
        if lines:
            line = lines[-1]
            height = max(line.bottom - line.top, c.bottom - c.top, 1.0)
            center = (line.top + line.bottom) / 2
            if abs(c.cy - center) <= 0.45 * height:
                line.chars.append(c)
                line.top = min(line.top, c.top)
                line.bottom = max(line.bottom, c.bottom)
                continue
        lines.append(_Line([c], c.top, c.bottom))
    return lines


def _assign_chars(grids: list[_Grid], chars: list[_Char]) -> list[_Char]:
    """Put each character into the table cell holding its centre; return the others."""
    rest: list[_Char] = []
    for c in chars:
        cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        for g in grids:
            x0, top, x1, bottom = g.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                col = min(max(bisect.bisect_right(g.xs, cx) - 1, 0), g.ncols - 1)
                row = min(max(bisect.bisect_right(g.ys, cy) - 1, 0), g.nrows - 1)
                g.at[row][col].chars.append(c)
                break
        else:
            rest.append(c)
    return rest


def _with_columns(grids: list[_Grid], rest: list[_Char]) -> tuple[list[_Grid], list[_Char]]:
    """The grids that draw their tables' columns, and the characters outside them. A table ruled with
    its rows and a frame only (no line between its columns) makes a grid whose cells hold a whole row;
    such a grid is no grid: its characters are read as lines, the way a table without rulings is
    (``converter.read.pdf_columns``)."""
    kept: list[_Grid] = []
    for grid in grids:
        rows = [line for cell in grid.cells for line in _group_lines(cell.chars)]
        if sum(crowded(line) for line in rows) >= _CROWDED:
            rest = rest + [c for cell in grid.cells for c in cell.chars]
            for cell in grid.cells:
                cell.chars = []
        else:
            kept.append(grid)
    return kept, rest


def _read_page(
    pdf, index: int, offset: int, warnings: list[str], carry: Extents | None = None
) -> tuple[str, tuple[Table, ...], int, Extents | None]:
    """Return (page text, tables with offsets relative to the document, number of characters, the
    columns of its last table printed without rulings). ``carry``: those of the page before."""
    number = index + 1
    page = pdf[index]
    try:
        transform = _page_transform(page)
        textpage = page.get_textpage()
        try:
            chars = _page_chars(textpage, transform, warnings, number)
        finally:
            textpage.close()
        segs = _page_segments(page, transform, warnings, number)
    finally:
        page.close()
    grids = _find_grids(segs)
    rest = _assign_chars(grids, chars)
    grids, rest = _with_columns(grids, rest)
    # Only keep grids that hold text or at least two rows (empty printed tables count too).
    lines = _group_lines(rest)
    # tables printed without rulings: cells by their columns (a grid's, under a boxed header)
    ruled = [(g.bbox[3], [(g.xs[j], g.xs[j + 1]) for j in range(g.ncols)]) for g in grids]
    rows, carry = aligned_rows(lines, carry, ruled)
    blocks: list[tuple[float, object]] = [
        (line.top, rows[i] if i in rows else line)
        for i, line in enumerate(lines)
        if rows.get(i, "") is not None
    ]
    for g in grids:
        blocks.append((g.bbox[1], g))
    blocks.sort(key=lambda b: b[0])
    parts: list[str] = []
    pos = offset
    tables: list[Table] = []

    def emit(s: str) -> None:
        nonlocal pos
        parts.append(s)
        pos += len(s)

    for _, block in blocks:
        if parts and not parts[-1].endswith("\n"):
            emit("\n")
        if isinstance(block, _Line):
            emit(block.text())
            continue
        if isinstance(block, str):
            emit(block)
            continue

        grid: _Grid = block  # type: ignore[assignment]
        for cell in grid.cells:
            cell.text = "\n".join(line.text() for line in _group_lines(cell.chars))
        by_anchor_row: dict[int, list[_MCell]] = {}
        for cell in grid.cells:
            by_anchor_row.setdefault(cell.r0, []).append(cell)
        first_row = True
        for r in range(grid.nrows):
            anchored = sorted(by_anchor_row.get(r, []), key=lambda c: c.c0)
            if not first_row:
                emit("\n")
            first_row = False
            for k, cell in enumerate(anchored):
                if k:
                    emit("\t")
                if cell.text:
                    cell.start = pos
                    emit(cell.text)
                    cell.end = pos
        for cell in grid.cells:
            cell.cell = Cell(cell.text, cell.start, cell.end, cell.bbox)
        matrix: list[list[Cell | None]] = [[None] * grid.ncols for _ in range(grid.nrows)]
        for cell in grid.cells:
            for r in range(cell.r0, cell.r1 + 1):
                for c in range(cell.c0, cell.c1 + 1):
                    matrix[r][c] = cell.cell
        rows = tuple(tuple(c if c is not None else Cell("") for c in row) for row in matrix)
        tables.append(Table(page=number, rows=rows, bbox=grid.bbox))
    text = "".join(parts)
    return text, tuple(tables), len(chars), carry


def read_pdf(data: bytes, source: SourceDocument) -> ReadDocument:
    if not data.strip():
        raise ReadError("the file is empty")
    pdf = open_pdf(data)
    try:
        try:
            count = len(pdf)
        except Exception as exc:
            raise ReadError("the PDF is broken: its page tree cannot be read") from exc
        if count == 0:
            raise ReadError("the PDF has no pages (broken or truncated file)")
        warnings: list[str] = []
        if count > MAX_PAGES:
            warnings.append(f"only the first {MAX_PAGES} of {count} pages were read")
            count = MAX_PAGES
        texts: list[str] = []
        pages: list[Page] = []
        offset = 0
        total_chars = 0
        failed = 0
        carry: Extents | None = None  # the columns of a table without rulings, for its next page
        for index in range(count):
            try:
                text, tables, nchars, carry = _read_page(pdf, index, offset, warnings, carry)
            except ReadError:
                raise
            except Exception as exc:  # a broken page: keep going, say so
                failed += 1
                warnings.append(f"page {index + 1} cannot be read ({exc.__class__.__name__})")
                text, tables, nchars, carry = "", (), 0, None
            total_chars += nchars
            pages.append(Page(number=index + 1, start=offset, end=offset + len(text), tables=tables))
            texts.append(text)
            offset += len(text) + 1
        if failed == count:
            raise ReadError("the PDF is broken or truncated: none of its pages can be read")
        if total_chars == 0:
            raise ReadError(
                "the PDF has no text layer (scanned images only?): run OCR on it first or supply the text"
            )
    finally:
        pdf.close()
    source = SourceDocument(source.file_name, source.sha256, "application/pdf", source.size, None)
    return ReadDocument(source=source, text="\f".join(texts), pages=tuple(pages), warnings=tuple(warnings))
