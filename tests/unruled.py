"""A PDF as a publisher prints it without ruling lines: every path object (ruling lines, boxes) removed
from each page (``all``) or from every second page (``odd``: a document whose tables are ruled on some
pages only). Used by ``tests/test_unruled_pdf.py`` and ``bench/unruled.py``."""

from __future__ import annotations

import io
from pathlib import Path

WHICH = ("all", "odd")


def without_rulings(path: Path, which: str) -> bytes:
    """The PDF with its path objects removed on every page (``all``) or every second page (``odd``)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

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
