"""PDF reader on the real corpus (../shared/corpus) and on PDFs made here."""

from __future__ import annotations

import hashlib
import io
import time
from pathlib import Path

import pytest

from converter.read.pdf import read_pdf
from converter.read.types import ReadError, SourceDocument

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PDF_101 = CORPUS / "pdf" / "101_shanghai_putuo_caizhengju_2024.pdf"


def _source(data: bytes, name: str = "x.pdf") -> SourceDocument:
    return SourceDocument(name, hashlib.sha256(data).hexdigest(), "application/pdf", len(data))


def _need(path: Path) -> bytes:
    if not path.exists():
        pytest.skip(f"corpus file {path.name} not available (expected under ../shared/corpus)")
    return path.read_bytes()


@pytest.fixture(scope="module")
def doc101():
    data = _need(PDF_101)
    return read_pdf(data, _source(data, PDF_101.name))


def test_pages_and_offsets(doc101):
    assert len(doc101.pages) == 25
    assert doc101.text.count("\f") == 24
    for page in doc101.pages:
        assert "\f" not in doc101.text[page.start : page.end]
    # every non-blank cell can be found at its offsets
    cells = [c for p in doc101.pages for t in p.tables for r in t.rows for c in r if c.text]
    assert len(cells) > 500
    for c in cells:
        assert doc101.text[c.start : c.end] == c.text
    assert doc101.page_of(doc101.text.index("\f收入决算表\n") + 1) == 8


def test_code_columns_split_and_wrapped_names(doc101):
    page8 = doc101.pages[7]
    (table,) = page8.tables
    rows = [[c.text for c in r] for r in table.rows]
    assert ["201", "06", "01", "行政运行", "1,511.90", "1,511.89", "", "", "", "", "0.01"] in rows
    wrapped = [r for r in rows if r[:3] == ["208", "05", "05"]]
    assert wrapped and wrapped[0][3].replace("\n", "") == "机关事业单位基本养老保险缴费支出"
    # blank cells stay blank, never "0"
    assert wrapped[0][6:] == ["", "", "", "", ""]


def test_merged_cells_are_one_object(doc101):
    (table,) = doc101.pages[5].tables  # 收入支出决算总表
    assert table.rows[0][0] is table.rows[0][1]  # "收入" spans 项目 and 决算数
    assert table.rows[0][0].text == "收入"


def test_tables_found_on_every_table_page(doc101):
    pages_with_tables = {p.number for p in doc101.pages if p.tables}
    assert set(range(6, 21)) <= pages_with_tables


def test_speed_101(doc101):
    data = PDF_101.read_bytes()
    t0 = time.perf_counter()
    read_pdf(data, _source(data))
    elapsed = time.perf_counter() - t0
    assert elapsed < 5.0, f"25 pages took {elapsed:.2f}s"


def _image_only_pdf() -> bytes:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(200, 200)
    bitmap = pdfium.PdfBitmap.new_native(20, 20, raw.FPDFBitmap_BGR)
    bitmap.fill_rect((0, 0, 0, 255), 0, 0, 20, 20)
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(100, 100).translate(50, 50))
    page.insert_obj(image)
    page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_image_only_pdf_has_no_text_layer():
    data = _image_only_pdf()
    assert data.startswith(b"%PDF")
    with pytest.raises(ReadError, match="no text layer"):
        read_pdf(data, _source(data))


def test_truncated_pdf_is_a_read_error():
    data = _need(PDF_101)[:5000]
    with pytest.raises(ReadError):
        read_pdf(data, _source(data))


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n garbage",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>",
        b"\x00" * 50,
    ],
)
def test_junk_is_a_read_error(data):
    with pytest.raises(ReadError):
        read_pdf(data, _source(data))


def _encrypted_pdf() -> bytes:
    """A one-page PDF protected by a user password (Standard security handler, RC4 40-bit)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s><%s>] >>\n" % (
        len(objs) + 1,
        b"ab" * 16,
        b"ab" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_encrypted_pdf_is_a_read_error():
    data = _encrypted_pdf()
    with pytest.raises(ReadError, match="encrypted"):
        read_pdf(data, _source(data))
