"""What a reader may expand, in one place (the README's "Secure by default" lists them).

A small hostile file must not take gigabytes or minutes: every reader bounds what it expands (table
spans, merged ranges, decompressed bytes, rows, pages, characters) and refuses beyond the bound with one
clear line (a ReadError). The readers that hand bytes to a library we cannot bound from outside (PDFium
for PDF, openpyxl for spreadsheets) also run in a child process with a memory limit and a deadline
(``bounded_call``), so even a bomb none of the checks foresaw ends as a ReadError.

Real disclosures are far inside every limit: a 决算 is some 50-200 thousand characters, tables of a few
hundred cells, spreadsheets of a few hundred rows."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from converter.read.types import ReadError

MAX_INPUT_BYTES = 200 * 1024 * 1024  # the file itself
MAX_TEXT_CHARS = 4_000_000  # the document's text, all pages (about 20 times a long 决算)
# HTML
MAX_HTML_CHARS = 10_000_000  # the page's source, markup included
MAX_SPAN = 1000  # a cell's rowspan or colspan (larger values are read as this)
MAX_TABLE_CELLS = 200_000  # grid positions of one table once its spans are expanded
MAX_PAGE_TABLE_CELLS = 1_000_000  # of all the tables of a page
MAX_TABLE_COLUMNS = 500
# spreadsheets
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts of the workbook, as declared by the archive
MAX_XLSX_PARTS = 2_000
MAX_ROWS_PER_SHEET = 20_000
MAX_COLUMNS = 200
MAX_SHEETS = 100
MAX_FORMULAS = 20_000  # formulas without a stored result computed in one sheet (a table has hundreds)
MAX_MERGED_CELLS = 200_000  # cells covered by merged ranges, within the rows and columns read
# Word documents (.docx): the HTML table limits apply to their tables too
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts of the archive, as declared by it
MAX_DOCX_PARTS = 2_000
MAX_DOCX_DOCUMENT_BYTES = 64 * 1024 * 1024  # word/document.xml, as declared
MAX_DOCX_ELEMENTS = 1_000_000  # XML elements of word/document.xml (a long 决算: some 100 thousand)
MAX_DOCX_NESTING = 20  # tables inside tables
# PDF
MAX_PAGES = 2000  # beyond: the first pages are read, with a warning
MAX_CHARS_PER_PAGE = 100_000
MAX_SEGMENTS_PER_PAGE = 20_000
MAX_OBJECTS_PER_PAGE = 100_000
MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024  # one decompressed stream (page contents, object streams)
MAX_PDF_DECOMPRESSED = 256 * 1024 * 1024  # all of them
# the child process that runs a library-driven read
READ_MEMORY_BYTES = 768 << 20  # beyond what the child shares with its parent: the whole stays under 1 GB
READ_SECONDS = 60

T = TypeVar("T")


def check_archive_parts(infos: list[Any], what: str, max_parts: int, max_bytes: int) -> None:
    """Refuse an archive (``what``: "the workbook", "the Word document") of more parts than ``max_parts`` or
    declaring more than ``max_bytes`` inflated (a zip bomb), before any part is read."""
    if len(infos) > max_parts:
        raise ReadError(f"{what} has {len(infos)} parts, more than the {max_parts} read")
    declared = sum(info.file_size for info in infos)
    if declared > max_bytes:
        raise ReadError(
            f"{what} expands to {declared:,} bytes, more than the {max_bytes:,} read (a zip bomb?)"
        )


def too_many_cells(spans: str) -> ReadError:
    """The refusal of a table whose spans (``spans``: "rowspan/colspan", "gridSpan / vMerge") expand it
    past the caps."""
    return ReadError(
        f"a table expands to more than {MAX_TABLE_COLUMNS} columns or {MAX_TABLE_CELLS:,} cells, or the "
        f"page's tables to more than {MAX_PAGE_TABLE_CELLS:,} ({spans})"
    )


def square_grid(matrix: list[list[Any]], spans: str) -> None:
    """Every row of a table's grid padded with None to the widest, the grid refused past
    ``MAX_TABLE_CELLS``."""
    width = max((len(line) for line in matrix), default=0)
    if width * len(matrix) > MAX_TABLE_CELLS:
        raise too_many_cells(spans)
    for line in matrix:
        line.extend([None] * (width - len(line)))


def check_text(text: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(
            f"the document's text has {len(text):,} characters, more than the {MAX_TEXT_CHARS:,} read"
        )
    return text


def _child(function: Callable[..., Any], args: tuple, write_fd: int) -> None:
    from converter.processes import limit_memory, set_parent_death_signal

    status = 0
    try:
        set_parent_death_signal()
        limit_memory(READ_MEMORY_BYTES)
        try:
            outcome: tuple = ("ok", function(*args))
        except ReadError as exc:
            outcome = ("read-error", str(exc))
        except MemoryError:
            outcome = ("memory", "")
        except RecursionError:
            outcome = ("read-error", "the file is nested too deeply to be read")
        except Exception as exc:  # noqa: BLE001 - handed back as the reader's failure
            outcome = ("error", f"{type(exc).__name__}: {exc}")
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", ""))
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
    except BaseException:  # noqa: BLE001 - never return into the parent's code
        status = 1
    finally:
        os._exit(status)


def _too_big() -> ReadError:
    return ReadError(
        f"reading it needs more than {READ_MEMORY_BYTES >> 20} MB of memory (a decompression bomb?)"
    )


def bounded_call(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in a forked child within READ_MEMORY_BYTES more memory and READ_SECONDS;
    in this process where there is no fork (the checks inside the readers still apply)."""
    if not hasattr(os, "fork") or not sys.platform.startswith(("linux", "darwin", "freebsd")):
        return function(*args)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(function, args, write_fd)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + READ_SECONDS
    timed_out = False
    try:
        import select

        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], min(left, 1.0))
            if ready:
                block = os.read(read_fd, 1 << 20)
                if not block:
                    break
                chunks.append(block)
    finally:
        os.close(read_fd)
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        _, status = os.waitpid(pid, 0)
    if timed_out:
        raise ReadError(f"reading it takes longer than {READ_SECONDS} s (stopped)")
    if not chunks:
        if os.WIFSIGNALED(status):
            raise ReadError(
                f"reading it stopped (more than its {READ_MEMORY_BYTES >> 20} MB of memory, or a crash of the "
                "reading library on a broken or hostile file)"
            )
        raise ReadError("the reader stopped on this file without an answer (broken or hostile file)")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return value
    if kind == "memory":
        raise _too_big()
    if kind == "read-error":
        raise ReadError(value)
    raise ReadError(f"the file cannot be read ({value})")
