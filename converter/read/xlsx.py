"""Spreadsheet reader (.xlsx): each worksheet is a page, its rows a table.

Rows with one filled cell (a title, "单位：万元") are written as plain lines; runs of rows with
two or more filled cells are a :class:`Table`, each row also written to the text as its cells
joined by tabs (the convention of the PDF and HTML readers), so the standard-table parser reads
a workbook as it reads a PDF. A merged range is the same :class:`Cell` at every position it
covers. Numbers are written as the shortest decimal that round-trips the stored double
("319.72", never "319.71999999999997"), then parsed exactly downstream. Formulas are read as
their cached values. The old binary .xls format is refused with a clear message.

Bounded (converter/read/limits.py): the archive's declared sizes are checked before any part is inflated
(Python's zipfile never inflates past them), sheets are streamed row by row in read-only mode and a sheet
with data beyond ``MAX_ROWS_PER_SHEET`` rows is refused without reading further, and merged ranges are
clipped to the rows and columns read (``A1:XFD1048576`` is one range, not 17 billion cells).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from decimal import Decimal
from typing import Any

from converter.read.limits import (
    MAX_COLUMNS,
    MAX_MERGED_CELLS,
    MAX_ROWS_PER_SHEET,
    MAX_SHEETS,
    MAX_XLSX_PARTS,
    MAX_XLSX_UNCOMPRESSED,
    check_archive_parts,
)
from converter.read.types import Cell, Page, ReadDocument, ReadError, SourceDocument, Table


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


def check_archive(data: bytes) -> None:
    """Refuse a workbook whose parts would inflate beyond the limits (a zip bomb), before any is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"not a readable .xlsx workbook ({exc.__class__.__name__})") from exc
    check_archive_parts(infos, "the workbook", MAX_XLSX_PARTS, MAX_XLSX_UNCOMPRESSED)


class _Workbook:
    """What openpyxl's reader knows of a workbook (shared strings, styles' date formats, the sheets'
    parts) without touching any sheet: its read-only worksheets would each parse a whole sheet looking
    for a dimension element that need not exist."""

    def __init__(self, data: bytes):
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        self.reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        self.reader.read_manifest()
        self.reader.read_strings()
        self.reader.read_workbook()
        apply_stylesheet(self.reader.archive, self.reader.wb)
        self.sheets = [
            (sheet.name, rel.target)
            for sheet, rel in self.reader.parser.find_sheets()
            if rel.target in self.reader.valid_files and "chartsheet" not in (rel.Type or "")
        ]

    def parser(self, source):
        from openpyxl.worksheet._reader import WorkSheetParser

        book = self.reader.wb
        return WorkSheetParser(
            source,
            self.reader.shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )

    def close(self) -> None:
        self.reader.archive.close()


def _sheet_rows(
    workbook: _Workbook, title: str, part: str
) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The sheet's rows as text (streamed: stops at the row limit) and its merged ranges."""
    from openpyxl.utils.cell import range_boundaries

    rows: dict[int, list[str]] = {}
    with workbook.reader.archive.open(part) as source:
        parser = workbook.parser(source)
        for index, cells in parser.parse():
            values = [(c["column"], _cell_text(c["value"])) for c in cells if c["column"] <= MAX_COLUMNS]
            values = [(column, text) for column, text in values if text]
            if not values:
                continue
            if index > MAX_ROWS_PER_SHEET:
                raise ReadError(
                    f"sheet “{title}” has data beyond row {MAX_ROWS_PER_SHEET:,}, more than is read"
                )
            line = rows.setdefault(index, [""] * MAX_COLUMNS)
            for column, text in values:
                line[column - 1] = text
        ranges = [m.ref for m in getattr(parser.merged_cells, "mergeCell", None) or []]
    last = max(rows, default=0)
    grid = [rows.get(r, [""] * MAX_COLUMNS) for r in range(1, last + 1)]
    merged: list[tuple[int, int, int, int]] = []
    covered = 0
    for ref in ranges:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        max_row, max_col = min(max_row, last, MAX_ROWS_PER_SHEET), min(max_col, MAX_COLUMNS)
        if min_row > max_row or min_col > max_col:
            continue
        covered += (max_row - min_row + 1) * (max_col - min_col + 1)
        if covered > MAX_MERGED_CELLS:
            raise ReadError(f"sheet “{title}” merges more than {MAX_MERGED_CELLS:,} cells")
        merged.append((min_row, min_col, max_row, max_col))
    return grid, merged


def _read_sheet(
    workbook: _Workbook, title: str, part: str, number: int, writer: _TextWriter
) -> tuple[Table, ...]:
    grid, ranges = _sheet_rows(workbook, title, part)
    merged_origin: dict[tuple[int, int], tuple[int, int]] = {}
    for min_row, min_col, max_row, max_col in ranges:
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                merged_origin[(row, col)] = (min_row, min_col)
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
        import openpyxl  # noqa: F401
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError("spreadsheet support (openpyxl) is not installed") from exc
    check_archive(data)
    try:
        workbook = _Workbook(data)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as exc:
        raise ReadError(f"not a readable .xlsx workbook ({exc.__class__.__name__})") from exc

    writer = _TextWriter()
    pages: list[Page] = []
    try:
        for number, (title, part) in enumerate(workbook.sheets[:MAX_SHEETS], start=1):
            if number > 1:
                writer.emit("\f")
            page_start = writer.length
            tables = _read_sheet(workbook, title, part, number, writer)
            pages.append(Page(number=number, start=page_start, end=writer.length, tables=tables))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as exc:
        raise ReadError(f"not a readable .xlsx workbook ({exc.__class__.__name__})") from exc
    finally:
        workbook.close()
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
