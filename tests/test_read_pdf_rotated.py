"""A page with /Rotate (a landscape table printed on a rotated portrait page, as Jiangsu's 公开表 are):
its text reads as displayed, left to right and top to bottom, not one glyph per line."""

from __future__ import annotations

import hashlib

import pytest

from converter.read.pdf import read_pdf
from converter.read.types import SourceDocument


def _pdf(rotate: int, lines: list[str]) -> bytes:
    """A one-page 595 x 842 PDF with /Rotate ``rotate`` whose lines read left to right, one under
    the other, once the page is displayed rotated."""
    ops = []
    for index, text in enumerate(lines):
        step = 40 * index  # each line further down the displayed page
        placed = {
            0: f"1 0 0 1 100 {742 - step}",  # upright
            90: f"0 1 -1 0 {100 + step} 100",  # glyphs run up the unrotated page
            270: f"0 -1 1 0 {495 - step} 742",  # glyphs run down it
        }[rotate]
        ops.append(f"BT /F1 20 Tf {placed} Tm ({text}) Tj ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate {rotate} /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer << /Root 1 0 R /Size %d >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("rotate", [0, 90, 270])
def test_rotated_page_reads_as_displayed(rotate):
    data = _pdf(rotate, ["FIRST-LINE-2018", "SECOND-LINE-24458.43"])
    doc = read_pdf(
        data, SourceDocument("r.pdf", hashlib.sha256(data).hexdigest(), "application/pdf", len(data))
    )
    lines = [line for line in doc.text.splitlines() if line.strip()]
    assert lines == ["FIRST-LINE-2018", "SECOND-LINE-24458.43"], doc.text
