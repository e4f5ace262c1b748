"""Read stage: bytes -> pages of text and tables with positions.

Knows nothing of RDF nor of the national template. Every reader returns a
:class:`~converter.read.types.ReadDocument`; :func:`read_path` picks the reader
from the file's content (magic bytes) and name.
"""

from converter.read.types import Cell, Page, ReadDocument, ReadError, SourceDocument, Table

__all__ = ["Cell", "Page", "ReadDocument", "ReadError", "SourceDocument", "Table", "read_path"]


def read_path(path: str) -> ReadDocument:
    from converter.read.dispatch import read_path as _read_path

    return _read_path(path)
