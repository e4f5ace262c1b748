"""PDF reader (placeholder until the PDF issue lands)."""

from __future__ import annotations

from converter.read.types import ReadDocument, ReadError, SourceDocument


def read_pdf(data: bytes, source: SourceDocument) -> ReadDocument:
    raise ReadError("PDF input is not supported yet: convert the PDF to text first")
