"""A PDF as a publisher prints it without ruling lines: every path object (ruling lines, boxes) removed
from each page (``all``) or from every second page (``odd``: a document whose tables are ruled on some
pages only); or ruled with its rows and a frame only, no line between its columns (``frame``: read with
the vertical rulings inside each page's outermost ones ignored). Used by ``tests/test_unruled_pdf.py``
and ``bench/unruled.py``."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WHICH = ("all", "odd", "frame")


def without_rulings(path: Path, which: str) -> bytes:
    """The PDF with its path objects removed on every page (``all``) or every second page (``odd``);
    as it is for ``frame`` (read under ``reading``)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if which == "frame":
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
    outermost two is ignored (a table ruled with its rows and a frame)."""
    import converter.read.pdf as pdf

    if which != "frame":
        yield
        return
    segments = pdf._page_segments

    def frame_only(*args, **kwargs):
        found = segments(*args, **kwargs)
        vertical = [s.pos for s in found if not s.horizontal]
        if not vertical:
            return found
        lo, hi = min(vertical), max(vertical)
        return [s for s in found if s.horizontal or abs(s.pos - lo) < 2 or abs(s.pos - hi) < 2]

    pdf._page_segments = frame_only
    try:
        yield
    finally:
        pdf._page_segments = segments
