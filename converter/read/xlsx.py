"""Spreadsheet reader (.xlsx): each worksheet is a page, its rows a table.

Rows with one filled cell (a title, "单位：万元") are written as plain lines; runs of rows with
two or more filled cells are a :class:`Table`, each row also written to the text as its cells
joined by tabs (the convention of the PDF and HTML readers), so the standard-table parser reads
a workbook as it reads a PDF. A merged range is the same :class:`Cell` at every position it
covers. Numbers are written as the shortest decimal that round-trips the stored double
("319.72", never "319.71999999999997"), then parsed exactly downstream. Formulas are read as
their cached values. The old binary .xls format is refused with a clear message.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from decimal import Decimal
from typing import Any

from converter.read.types import Cell, Page, ReadDocument, ReadError, SourceDocument, Table

MAX_ROWS_PER_SHEET = 20_000
MAX_COLUMNS = 200
MAX_SHEETS = 100


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return unicodedata.normalize("NFC", str(value)).strip()


class _TextWriter:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def emit(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)


def _read_sheet(sheet: Any, number: int, writer: _TextWriter) -> tuple[Table, ...]:
    merged_origin: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                merged_origin[(row, col)] = (merged.min_row, merged.min_col)
    grid = [
        [_cell_text(cell.value) for cell in row]
        for row in sheet.iter_rows(max_row=min(sheet.max_row, MAX_ROWS_PER_SHEET), max_col=MAX_COLUMNS)
    ]
    while grid and not any(grid[-1]):
        grid.pop()
    width = max((max((i + 1 for i, t in enumerate(r) if t), default=0) for r in grid), default=0)
    tables: list[Table] = []
    current: list[tuple[Cell, ...]] = []
    made: dict[tuple[int, int], Cell] = {}
    for r, values in enumerate(grid, start=1):
        values = values[:width]
        filled = [t for t in values if t]
        # a header row whose other cells are covered by merged ranges still belongs to its table
        merged_row = bool(current) and any((r, c) in merged_origin for c in range(1, width + 1))
        if len(filled) < 2 and not merged_row:
            if current:
                tables.append(Table(page=number, rows=tuple(current)))
                current = []
            if filled:
                writer.emit(filled[0] + "\n")
            continue
        cells: list[Cell] = []
        first = True
        for c, text in enumerate(values, start=1):
            origin = merged_origin.get((r, c))
            if origin is not None and origin != (r, c) and origin in made:
                cells.append(made[origin])  # the same object across a merged range
                continue
            if not first:
                writer.emit("\t")
            first = False
            start = writer.length
            writer.emit(text)
            cell = Cell(text, start if text else None, writer.length if text else None)
            made[(r, c)] = cell
            cells.append(cell)
        writer.emit("\n")
        current.append(tuple(cells))
    if current:
        tables.append(Table(page=number, rows=tuple(current)))
    return tuple(tables)


def read_xlsx(data: bytes, source: SourceDocument) -> ReadDocument:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("the old binary .xls format is not read: save the workbook as .xlsx")
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError("spreadsheet support (openpyxl) is not installed") from exc
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReadError(f"not a readable .xlsx workbook ({exc.__class__.__name__})") from exc

    writer = _TextWriter()
    pages: list[Page] = []
    for number, sheet in enumerate(workbook.worksheets[:MAX_SHEETS], start=1):
        if number > 1:
            writer.emit("\f")
        page_start = writer.length
        tables = _read_sheet(sheet, number, writer)
        pages.append(Page(number=number, start=page_start, end=writer.length, tables=tables))
    parts = writer.parts
    text = "".join(parts)
    if not text.strip():
        raise ReadError("the workbook has no filled cells")
    source = SourceDocument(
        source.file_name,
        source.sha256,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        source.size,
        None,
    )
    return ReadDocument(source=source, text=text, pages=tuple(pages))
