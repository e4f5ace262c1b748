"""A corpus of hostile inputs, generated (never committed as binaries): each file is small in bytes, what
it expands to is what is hostile. ``python tests/hostile_corpus.py DIR`` writes them to DIR;
tests/test_hostile_inputs.py converts each and checks the outcome, the time and the memory.

Each case: (file name, bytes, the words its one-line refusal must hold, or None when it converts)."""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "000_0e72b94d2a371e9d.txt"


# ----------------------------------------------------------------------------------- HTML
def html_spans() -> bytes:
    """The issue's table: colspan / rowspan of a billion, on many cells."""
    cell = '<td colspan="1000000000" rowspan="1000000000">1</td>'
    rows = "".join(f"<tr>{cell * 5}</tr>" for _ in range(2000))
    return f"<html><body><h1>2022年度某局部门决算</h1><table>{rows}</table></body></html>".encode()


def html_many_tables() -> bytes:
    """Each table within its own limit, thousands of them."""
    table = '<table><tr><td colspan="400" rowspan="400">1</td></tr>' + "<tr></tr>" * 399 + "</table>"
    return ("<html><body>" + table * 10 + "</body></html>").encode()


def html_empty_rows() -> bytes:
    """One wide cell, then a hundred thousand empty rows padded to its width."""
    return (
        '<html><body><table><tr><td colspan="500">x</td><td>y</td></tr>'
        + "<tr></tr>" * 100_000
        + "</table></body></html>"
    ).encode()


# ----------------------------------------------------------------------------------- XLSX
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="p1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def _xlsx(sheet_parts: Iterable[bytes]) -> bytes:
    """A minimal workbook whose one sheet is the concatenation of ``sheet_parts`` (streamed in)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ):
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part)
    return buffer.getvalue()


def _row(r: int, *texts: str) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{t}</t></is></c>' for i, t in enumerate(texts)
    )
    return f'<row r="{r}">{cells}</row>'


def xlsx_merged_everything() -> bytes:
    """A few cells and one merged range over the whole sheet, A1:XFD1048576."""
    rows = "".join(_row(r, "项目", str(r)) for r in range(1, 2001))
    return _xlsx(
        [
            (
                SHEET_HEAD
                + rows
                + '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>'
            ).encode()
        ]
    )


def xlsx_rows(count: int) -> bytes:
    """``count`` rows (no row numbers: the cheapest markup), streamed into the archive."""

    def parts():
        yield SHEET_HEAD.encode()
        row = b"<row><c><v>1</v></c></row>"
        block = row * 10_000
        for _ in range(count // 10_000):
            yield block
        yield b"</sheetData></worksheet>"

    return _xlsx(parts())


def xlsx_bomb(size: int) -> bytes:
    """A sheet that declares (truthfully) ``size`` bytes of whitespace."""

    def parts():
        yield SHEET_HEAD.encode()
        block = b" " * (1 << 20)
        for _ in range(size >> 20):
            yield block
        yield b"</sheetData></worksheet>"

    return _xlsx(parts())


def xlsx_lying_bomb() -> bytes:
    """A sheet that inflates to 200 MB while its headers say 100 bytes."""
    data = bytearray(xlsx_bomb(200 << 20))
    index = data.find(b"xl/worksheets/sheet1.xml")
    while index != -1:  # local header (name at offset 30) and central directory entry (name at 46)
        for header, size_offsets in ((30, (22,)), (46, (24,))):
            start = index - header
            if start >= 0 and data[start : start + 4] in (b"PK\x03\x04", b"PK\x01\x02"):
                for offset in size_offsets:
                    if struct.unpack_from("<I", data, start + offset)[0] != 0xFFFFFFFF:
                        struct.pack_into("<I", data, start + offset, 100)
        index = data.find(b"xl/worksheets/sheet1.xml", index + 1)
    return bytes(data)


# ----------------------------------------------------------------------------------- Word
W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOCUMENT_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_MAIN}"><w:body>'


def _docx(body_parts: Iterable[bytes], parts: int = 0) -> bytes:
    """A minimal Word document whose body is the concatenation of ``body_parts`` (streamed in), with
    ``parts`` further empty parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        for k in range(parts):
            archive.writestr(f"word/media/p{k}.xml", "")
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(DOCUMENT_HEAD.encode())
            for part in body_parts:
                document.write(part)
            document.write(b"</w:body></w:document>")
    return buffer.getvalue()


def docx_bomb(size: int) -> bytes:
    """A document that declares (truthfully) ``size`` bytes of whitespace."""
    block = b" " * (1 << 20)
    return _docx(block for _ in range(size >> 20))


def docx_lying_bomb() -> bytes:
    """A document part that inflates to 200 MB while its headers say 100 bytes."""
    data = bytearray(docx_bomb(200 << 20))
    index = data.find(b"word/document.xml")
    while index != -1:
        for header, offset in ((30, 22), (46, 24)):
            start = index - header
            if start >= 0 and data[start : start + 4] in (b"PK\x03\x04", b"PK\x01\x02"):
                if struct.unpack_from("<I", data, start + offset)[0] != 0xFFFFFFFF:
                    struct.pack_into("<I", data, start + offset, 100)
        index = data.find(b"word/document.xml", index + 1)
    return bytes(data)


def docx_elements(count: int = 3_000_000) -> bytes:
    block = b"<w:p/>" * 10_000
    return _docx(block for _ in range(count // 10_000))


def docx_spans() -> bytes:
    """Rows of one cell spanning a thousand grid columns, vertically merged down the table."""
    row = b'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>'
    first = b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>'
    return _docx([first, row * 5000, b"</w:tbl>"])


def docx_nested(depth: int = 20_000) -> bytes:
    """Tables nested inside each other's one cell."""
    return _docx([b"<w:tbl><w:tr><w:tc>" * depth, b"<w:p/>", b"</w:tc></w:tr></w:tbl>" * depth])


def docx_entities() -> bytes:
    """A billion laughs in the document part."""
    entities = "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10 if k else "lol"}">' for k in range(10))
    xml = f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document xmlns:w="{W_MAIN}"><w:body>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr(
            "word/document.xml", xml + "<w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
        )
    return buffer.getvalue()


# ----------------------------------------------------------------------------------- PDF
def _pdf(objects: list[bytes]) -> bytes:
    """Objects 1..n (1: catalog, 2: pages) with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _flate_stream(chunks: Iterable[bytes]) -> bytes:
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(c) for c in chunks) + compressor.flush()
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"


def _one_page_pdf(content: bytes) -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            content,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def pdf_stream_bomb() -> bytes:
    """A page whose content stream inflates to 200 MB (of drawing operators)."""
    op = b"0 0 m 1 1 l S\n" * 4096
    return _one_page_pdf(_flate_stream(op for _ in range((200 << 20) // len(op))))


def pdf_object_flood() -> bytes:
    """Under the stream limit, but four million drawing objects for PDFium to build."""
    op = b"0 0 m 1 1 l S\n" * 4096
    return _one_page_pdf(_flate_stream(op for _ in range((60 << 20) // len(op))))


def pdf_many_pages(count: int = 5000) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            *pages,
        ]
    )


# ----------------------------------------------------------------------------------- text
def text_too_long() -> bytes:
    return ("2022年度某局部门决算\n" + "0" * 4_100_000).encode("utf-8")


def sample_repeated(times: int = 50) -> bytes:
    return SAMPLE.read_bytes() * times


def text_one_line(times: int = 10, rows: int = 20_000) -> bytes:
    """The sample repeated, its line breaks made blanks, and a table of 20,000 rows run into one line: a
    flattened page whose line breaks the reader puts back (converter/parse/flat_lines.py), whose rows
    past the text table region's bound the narrative reads as one sentence (4,000 rows took 86 s of CPU
    before that sentence was read in one pass, converter/parse/sentence_walk.py; 20,000 take 9 s)."""
    text = SAMPLE.read_text(encoding="utf-8").replace("\n", " ") * times
    rows_text = "".join(f"2010{k % 10}01 行政运行{k} 10.00 8.00 2.00 " for k in range(rows))
    table = "收入决算表 单位：万元 项目 本年收入合计 财政拨款收入 其他收入 科目编码 科目名称 合计 10.00 8.00 2.00 "
    return (text + " " + table + rows_text).encode("utf-8")


CASES: list[tuple[str, Callable[[], bytes], tuple[str, ...] | None]] = [
    ("spans.html", html_spans, ("table", "cells")),
    ("many-tables.html", html_many_tables, ("table", "cells")),
    ("empty-rows.html", html_empty_rows, ("table", "cells")),
    ("merged-everything.xlsx", xlsx_merged_everything, ("merges more than",)),
    ("rows.xlsx", lambda: xlsx_rows(3_000_000), ("beyond row",)),
    ("bomb.xlsx", lambda: xlsx_bomb(400 << 20), ("expands to", "zip bomb")),
    ("lying-bomb.xlsx", xlsx_lying_bomb, ("workbook",)),
    ("bomb.docx", lambda: docx_bomb(400 << 20), ("expands to", "zip bomb")),
    ("lying-bomb.docx", docx_lying_bomb, ("Word document",)),
    ("parts.docx", lambda: _docx([b"<w:p/>"], parts=3000), ("parts",)),
    ("elements.docx", docx_elements, ("XML elements",)),
    ("spans.docx", docx_spans, ("table", "cells")),
    ("nested.docx", docx_nested, ("nests tables",)),
    ("entities.docx", docx_entities, ("DOCTYPE",)),
    ("stream-bomb.pdf", pdf_stream_bomb, ("expands to more than",)),
    ("object-flood.pdf", pdf_object_flood, ("",)),
    ("pages.pdf", pdf_many_pages, ("text layer",)),
    ("too-long.txt", text_too_long, ("characters",)),
    ("sample-x50.txt", sample_repeated, None),
    ("one-line.txt", text_one_line, None),
]


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make, _ in CASES:
        path = folder / name
        path.write_bytes(make())
        paths.append(path)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for written in write(target):
        print(f"{written}: {written.stat().st_size:,} bytes")
