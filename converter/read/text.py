"""Plain-text reader: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Form feeds separate pages. The decoded text is normalised to NFC and CRLF -> LF, and
that normalised string is what every offset refers to.
"""

from __future__ import annotations

import unicodedata

from converter.read.limits import check_text
from converter.read.types import Page, ReadDocument, ReadError, SourceDocument

# Share of characters that may be control characters before we call the input binary.
_MAX_CONTROL_SHARE = 0.02


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text document, returning (text, encoding name)."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"not valid text in the encoding its byte-order mark announces ({exc.reason})"
        ) from exc
    if b"\x00" in data[:4096]:
        raise ReadError("binary data, not a text document (NUL bytes)")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ReadError("not valid text in UTF-8 or GB18030/GBK")


def split_pages(text: str) -> tuple[Page, ...]:
    pages: list[Page] = []
    start = 0
    for number, chunk in enumerate(text.split("\f"), start=1):
        end = start + len(chunk)
        pages.append(Page(number=number, start=start, end=end))
        start = end + 1
    return tuple(pages)


def read_text(data: bytes, source: SourceDocument) -> ReadDocument:
    if not data.strip():
        raise ReadError("the file is empty")
    text, encoding = decode_text(data)
    check_text(text)  # before the work on every character
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f")
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise ReadError("binary data, not a text document (too many control characters)")
    source = SourceDocument(source.file_name, source.sha256, "text/plain", source.size, encoding)
    return ReadDocument(source=source, text=text, pages=split_pages(text))
