"""Opening a PDF safely: it must be one, its compressed streams must not expand beyond the limits
(PDFium parses them with no limit of its own), and what cannot be opened is said plainly."""

from __future__ import annotations

import re
import zlib

from converter.read.limits import MAX_PDF_DECOMPRESSED, MAX_PDF_STREAM_BYTES
from converter.read.types import ReadError

_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")


def check_streams(data: bytes) -> None:
    """Inflate every FlateDecode stream but images (which text extraction never decodes), as far as the
    limits allow: a stream or a file that expands beyond them is refused before PDFium parses it. A
    stream that does not inflate (another filter, encryption, damage) is left to PDFium and the child
    process's memory limit."""
    view = memoryview(data)
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - 2048) : match.start()]
        head = head[head.rfind(b"obj") + 1 :] if b"obj" in head else head
        if b"FlateDecode" not in head and b"/Fl " not in head and b"/Fl/" not in head:
            continue
        if re.search(rb"/Subtype\s*/Image", head):
            continue
        end = data.find(b"endstream", start)
        inflater = zlib.decompressobj()
        produced = 0
        pending = view[start : end if end > 0 else len(data)]
        try:
            while pending and produced <= MAX_PDF_STREAM_BYTES and not inflater.eof:
                produced += len(inflater.decompress(pending, 1 << 20))
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue
        if produced > MAX_PDF_STREAM_BYTES:
            raise ReadError(
                f"a compressed stream of the PDF expands to more than {MAX_PDF_STREAM_BYTES >> 20} MB "
                "(a decompression bomb?)"
            )
        total += produced
        if total > MAX_PDF_DECOMPRESSED:
            raise ReadError(
                f"the PDF's compressed streams expand to more than {MAX_PDF_DECOMPRESSED >> 20} MB in all"
            )


def open_pdf(data: bytes):
    """The PDF opened by PDFium, once its header and its compressed streams (``check_streams``) are
    checked; a clear ``ReadError`` for what cannot be opened (not a PDF, a password, damage)."""
    import pypdfium2 as pdfium

    if b"%PDF" not in data[:1024]:
        raise ReadError("not a PDF file (no %PDF header)")
    check_streams(data)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text or "security" in text:
            raise ReadError("the PDF is encrypted with a password and cannot be read") from exc
        raise ReadError(f"the PDF is broken or truncated and cannot be opened ({exc})") from exc
    except Exception as exc:  # pragma: no cover - defensive: never leak a traceback
        raise ReadError(f"the PDF cannot be opened ({exc.__class__.__name__})") from exc
