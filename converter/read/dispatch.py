"""Choose a reader by the file's leading bytes first, its name second."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from converter.read.limits import MAX_INPUT_BYTES, bounded_call, check_text
from converter.read.text import read_text
from converter.read.types import ReadDocument, ReadError, SourceDocument

__all__ = ["MAX_INPUT_BYTES", "choose_reader", "read_bytes", "read_path"]

Reader = Callable[[bytes, SourceDocument], ReadDocument]


def _pdf_reader() -> Reader:
    try:
        from converter.read.pdf import read_pdf
    except ImportError as exc:  # pragma: no cover - the PDF reader ships with the package
        raise ReadError(f"PDF input is not supported by this installation ({exc})") from exc
    return read_pdf


def _html_reader() -> Reader:
    try:
        from converter.read.html import read_html
    except ImportError as exc:  # pragma: no cover
        raise ReadError(f"HTML input is not supported by this installation ({exc})") from exc
    return read_html


def _docx_reader() -> Reader:
    from converter.read.docx import read_docx

    return read_docx


def _xlsx_reader() -> Reader:
    try:
        from converter.read.xlsx import read_xlsx
    except ImportError as exc:  # pragma: no cover
        raise ReadError(f"spreadsheet input is not supported by this installation ({exc})") from exc
    return read_xlsx


#: leading bytes of image files: a scan must be OCRed into a document first
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"BM": "BMP",
}


#: formats published as attachments that are not read, and what to do with them
_UNREAD = {
    "doc": "an old binary Word document (.doc) is not read: save it as .docx or PDF and convert that",
    "wps": "a WPS 文字 document (.wps) is not read: save it as .docx or PDF and convert that",
    "et": "a WPS 表格 spreadsheet (.et) is not read: save it as .xlsx or PDF and convert that",
    "xls": "the old binary .xls format is not read: save the workbook as .xlsx",
    "ole": "an old binary Office document (OLE compound file) is not read: save it as .docx, .xlsx or PDF",
    "encrypted": "a password-protected Office document is not read: remove the password, save it and convert that",
    "ofd": "an OFD document (版式文件) is not read: export it as PDF and convert that",
    "rtf": "an RTF document is not read: save it as .docx or PDF and convert that",
}
_OLE_SUFFIX = {".doc": "doc", ".dot": "doc", ".wps": "wps", ".et": "et", ".ett": "et", ".xls": "xls"}
_BINARY_SUFFIX = {**_OLE_SUFFIX, ".ofd": "ofd"}


def _is_docx(data: bytes, suffix: str) -> bool:
    """A Word package: its main part named in the archive (a local header or the central directory),
    and not a workbook; or a .docx name, so that a broken one is told as such."""
    if b"xl/workbook.xml" in data:
        return False
    return b"word/document.xml" in data or suffix in {".docx", ".docm", ".dotx"}


def _ole_message(data: bytes, suffix: str) -> str:
    """An OLE compound file told by its name, else by its streams' names (UTF-16 in its directory)."""
    if "EncryptedPackage".encode("utf-16-le") in data:  # an encrypted .docx / .xlsx is an OLE file
        return _UNREAD["encrypted"]
    if suffix in _OLE_SUFFIX:
        return _UNREAD[_OLE_SUFFIX[suffix]]
    if "WordDocument".encode("utf-16-le") in data:
        return _UNREAD["doc"]
    if "Workbook".encode("utf-16-le") in data:
        return _UNREAD["xls"]
    return _UNREAD["ole"]


def choose_reader(data: bytes, name: str) -> Reader:
    for magic, kind in IMAGE_MAGIC.items():
        if data.startswith(magic) and (kind != "BMP" or Path(name).suffix.lower() == ".bmp"):
            raise ReadError(
                f"an image ({kind}), not a document: run OCR on a scan and convert its text or PDF"
            )
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        raise ReadError("an image (WebP), not a document: run OCR on a scan and convert its text or PDF")
    head = data[:1024].lstrip().lower()
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data, suffix):
            return _docx_reader()
        if b"OFD.xml" in data or suffix == ".ofd":
            raise ReadError(_UNREAD["ofd"])
        if suffix in {".xlsx", ".xlsm"} or b"xl/workbook.xml" in data:
            return _xlsx_reader()
        if suffix in _BINARY_SUFFIX:
            raise ReadError(_UNREAD[_BINARY_SUFFIX[suffix]])
        raise ReadError("a zip archive, not a document: unpack it and convert the documents it holds")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix == ".xls":
            return _xlsx_reader()
        raise ReadError(_ole_message(data, suffix))
    if head.startswith(b"{\\rtf"):
        raise ReadError(_UNREAD["rtf"])
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return _pdf_reader()
    if head.startswith((b"<!doctype html", b"<html")) or suffix in {".html", ".htm"}:
        return _html_reader()
    if suffix in _BINARY_SUFFIX and b"\x00" in data[:4096]:  # binary, of a format not read
        raise ReadError(_UNREAD[_BINARY_SUFFIX[suffix]])
    return read_text


def read_bytes(data: bytes, name: str) -> ReadDocument:
    source = SourceDocument(
        file_name=Path(name).name,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type="application/octet-stream",
        size=len(data),
    )
    reader = choose_reader(data, name)
    if reader is read_text or getattr(reader, "__name__", "") == "read_html":
        document = reader(data, source)  # our own code, bounded inside
    else:  # a library parses it: in a child process with a memory limit and a deadline (limits.py)
        document = bounded_call(reader, data, source)
    check_text(document.text)
    return document


def read_path(path: str | Path) -> ReadDocument:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ReadError(f"the file is {size} bytes, more than the {MAX_INPUT_BYTES} bytes accepted")
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise ReadError("is a folder, not a document") from exc
    except FileNotFoundError as exc:
        raise ReadError("no such file") from exc
    except PermissionError as exc:
        raise ReadError("permission denied") from exc
    return read_bytes(data, path.name)
