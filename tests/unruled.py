"""A PDF as a publisher prints it without ruling lines: every path object (ruling lines, boxes) removed
from each page (``all``) or from every second page (``odd``: a document whose tables are ruled on some
pages only); or ruled with its rows and a frame only, no line between its columns (``frame``: read with
the vertical rulings inside each page's outermost ones ignored); or with its header boxed and its rows
not (``header``: read with each grid's rulings below its first row of amounts ignored); or printed with
no ruling by a generator that centres its amounts in their cells (``centred``) or sets them at the
cell's left edge (``left``: a small pad inside it), as WPS, an Excel export with centred cells and some
provinces' templates do. Used by ``tests/test_unruled_pdf.py`` and ``bench/unruled.py``.

``centred`` and ``left`` are simulated where the reader takes the page's characters and rulings: the
PDF is read as it is, each grid found from its rulings as the reader finds it, and in every cell of a
grid that holds amounts only (one a line; a code of digits counts, as the reader counts it: such a
generator sets codes as it sets amounts) each amount's characters are moved sideways, together, so the
amount stands centred in the cell (or ``_PAD`` points inside its left edge); then the page is read with
no ruling at all (unlike ``all``, which removes the page's own path objects and rewrites the page, this
also drops rulings drawn inside form objects, and keeps the character boxes of the PDF as published;
the PDF itself is not rewritten: its text objects hold one character in some development PDFs and several
cells, up to a whole line, in others, so moving them would not move one amount). The characters, their
sizes, the lines and the spacing inside each amount stay as printed; only where an amount stands within
its own cell changes, which is all such a generator changes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WHICH = ("all", "odd", "frame", "header", "centred", "left")
_MOVED = ("centred", "left")
_PAD = 2.0  # points between a left-aligned amount and its cell's left edge


def without_rulings(path: Path, which: str) -> bytes:
    """The PDF with its path objects removed on every page (``all``) or every second page (``odd``);
    as it is for ``frame`` (read under ``reading``)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if which in ("frame", "header", *_MOVED):
        return path.read_bytes()
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            if which == "odd" and i % 2 == 0:
                continue
            page = pdf[i]
            for obj in [o for o in page.get_objects(max_depth=1) if o.type == raw.FPDF_PAGEOBJ_PATH]:
                page.remove_obj(obj)
            page.gen_content()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()


@contextmanager
def reading(which: str) -> Iterator[None]:
    """Read PDFs as the form ``which`` prints them: for ``frame``, every vertical ruling but a page's
    outermost two is ignored (a table ruled with its rows and a frame); for ``header``, each grid's
    rulings below the top of its first line of amounts (its header boxed); for ``centred`` and ``left``,
    no ruling, each grid's amounts moved within their cells (the module's docstring)."""
    import converter.read.pdf as pdf

    if which not in ("frame", "header", *_MOVED):
        yield
        return
    segments = pdf._page_segments
    chars = pdf._page_chars
    if which in _MOVED:
        read: list = []
        pdf._page_chars = _recorded(chars, read)
        pdf._page_segments = _moved(pdf, segments, read, which)
    else:
        pdf._page_segments = _frame_only(segments) if which == "frame" else _header_only(pdf, segments)
    try:
        yield
    finally:
        pdf._page_segments = segments
        pdf._page_chars = chars


def _recorded(chars, read: list):
    """``_page_chars`` keeping the page's characters in ``read`` (the reader takes them before its
    rulings): ``_moved`` moves them in place."""

    def page_chars(*args, **kwargs):
        found = chars(*args, **kwargs)
        read[:] = [found]
        return found

    return page_chars


def _moved(pdf, segments, read: list, which: str):
    """``_page_segments`` that moves each amount of the page's grids within its cell (centred, or to its
    left edge) and then reports no ruling."""
    from converter.read.pdf_columns import tokens_of

    def page_segments(*args, **kwargs):
        found = segments(*args, **kwargs)
        chars = read[0] if read else []
        grids = pdf._find_grids(found)
        pdf._assign_chars(grids, list(chars))  # the cells' characters: the same objects, moved in place
        for grid in grids:
            for cell in grid.cells:
                x0, _, x1, _ = cell.bbox
                lines = [tokens_of(line, numbers_apart=True) for line in pdf._group_lines(cell.chars)]
                if not lines or not all(len(t) == 1 and t[0].is_amount for t in lines):
                    continue
                for (token,) in lines:
                    target = (x0 + x1 - (token.x1 - token.x0)) / 2 if which == "centred" else x0 + _PAD
                    for c in token.chars:
                        c.x0, c.x1 = c.x0 + target - token.x0, c.x1 + target - token.x0
        return []

    return page_segments


def _frame_only(segments):
    def read(*args, **kwargs):
        found = segments(*args, **kwargs)
        vertical = [s.pos for s in found if not s.horizontal]
        if not vertical:
            return found
        lo, hi = min(vertical), max(vertical)
        return [s for s in found if s.horizontal or abs(s.pos - lo) < 2 or abs(s.pos - hi) < 2]

    return read


def _header_only(pdf, segments):
    from dataclasses import replace

    from converter.read.pdf_columns import tokens_of

    def read(page, transform, warnings, number):
        found = segments(page, transform, warnings, number)
        textpage = page.get_textpage()
        try:
            chars = pdf._page_chars(textpage, transform, [], number)
        finally:
            textpage.close()
        out = list(found)
        for grid in pdf._find_grids(found):
            x0, top, x1, bottom = grid.bbox
            inside = [c for c in chars if x0 <= c.cx <= x1 and top <= c.cy <= bottom]
            rows = [ln for ln in pdf._group_lines(inside) if any(t.is_amount for t in tokens_of(ln))]
            if not rows:
                continue
            cut = min(ln.top for ln in rows) - 1.0

            def within(s, x0=x0, top=top, x1=x1, bottom=bottom) -> bool:
                if s.horizontal:
                    return top - 2 <= s.pos <= bottom + 2 and s.a < x1 and s.b > x0
                return x0 - 2 <= s.pos <= x1 + 2 and s.a < bottom and s.b > top

            kept = [s for s in out if not within(s)]
            for s in out:
                if within(s) and s.horizontal and s.pos <= cut:
                    kept.append(s)
                elif within(s) and not s.horizontal and s.a < cut:
                    kept.append(replace(s, b=min(s.b, cut)))
            kept.append(replace(next(s for s in out if s.horizontal), pos=cut, a=x0, b=x1))
            out = kept
        return out

    return read
