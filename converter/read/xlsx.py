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
from functools import lru_cache
from typing import Any

from converter.read.limits import (
    MAX_COLUMNS,
    MAX_FORMULAS,
    MAX_MERGED_CELLS,
    MAX_ROWS_PER_SHEET,
    MAX_SHEETS,
    MAX_XLSX_PARTS,
    MAX_XLSX_UNCOMPRESSED,
    check_archive_parts,
)
from converter.read.types import Cell, Page, ReadDocument, ReadError, SourceDocument, Table
from converter.read.xlsx_cells import FormulaError, SheetFormulas, column_letters, number_format_text


def _cell_text(value: Any, format_code: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return number_format_text(Decimal(value), format_code)
    if isinstance(value, float):
        return number_format_text(Decimal(repr(value)), format_code)
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


@lru_cache(maxsize=1)
def _formula_parser() -> type:
    """openpyxl's sheet parser, also keeping the formula of a cell that holds no stored result."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class FormulaKeepingParser(WorkSheetParser):
        def parse_cell(self, element):  # noqa: ANN001, ANN202 - openpyxl's signature
            cell = super().parse_cell(element)
            if cell["value"] is None:
                formula = element.findtext(FORMULA_TAG)
                if formula:
                    cell["formula"] = formula
            return cell

    return FormulaKeepingParser


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

    def number_format(self, style_id: int) -> str | None:
        """The number format of a cell's style (None: General, or a style the workbook lacks)."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

        book = self.reader.wb
        try:
            number = book._cell_styles[style_id].numFmtId
            if number < BUILTIN_FORMATS_MAX_SIZE:
                return BUILTIN_FORMATS.get(number)
            return book._number_formats[number - BUILTIN_FORMATS_MAX_SIZE]
        except (IndexError, AttributeError, TypeError):
            return None

    def parser(self, source):
        book = self.reader.wb
        return _formula_parser()(
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
) -> tuple[list[list[str]], list[tuple[int, int, int, int]], list[str], dict[tuple[int, int], str]]:
    """The sheet's rows as text (streamed: stops at the row limit), its merged ranges and what the
    document is told about its formulas without a stored result."""
    from openpyxl.utils.cell import range_boundaries

    rows: dict[int, list[str]] = {}
    formulas: dict[tuple[int, int], tuple[str, str | None]] = {}
    stored: dict[tuple[int, int], Decimal | str] = {}  # what formulas without a result are computed from
    with workbook.reader.archive.open(part) as source:
        parser = workbook.parser(source)
        for index, cells in parser.parse():
            cells = [c for c in cells if c["column"] <= MAX_COLUMNS]
            for c in cells:
                if "formula" in c:
                    formulas[(index, c["column"])] = (c["formula"], workbook.number_format(c["style_id"]))
                elif c["value"] is not None:
                    stored[(index, c["column"])] = _stored(c["value"])
            values = [
                (c["column"], _cell_text(c["value"], workbook.number_format(c["style_id"]))) for c in cells
            ]
            values = [(column, text) for column, text in values if text]
            if not values and not any("formula" in c for c in cells):
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
    return grid, merged, *_fill_formulas(grid, formulas, stored, title)


def _stored(value: Any) -> Decimal | str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def _fill_formulas(
    grid: list[list[str]],
    formulas: dict[tuple[int, int], tuple[str, str | None]],
    stored: dict[tuple[int, int], Decimal | str],
    title: str,
) -> tuple[list[str], dict[tuple[int, int], str]]:
    """Write into ``grid`` the value of each formula that holds no stored result and is computed here;
    what the document is told about them (which cells were computed, which are not read), and the
    formula of each cell computed."""
    if not formulas:
        return [], {}
    sheet = SheetFormulas(stored, {key: formula for key, (formula, _) in formulas.items()})
    computed: list[str] = []
    unread: list[str] = []
    computed_from: dict[tuple[int, int], str] = {}
    for (row, column), (formula, format_code) in sorted(formulas.items())[:MAX_FORMULAS]:
        where = f"{column_letters(column)}{row} ={formula}"
        try:
            value = sheet.compute((row, column))
        except FormulaError:
            unread.append(where)
            continue
        grid[row - 1][column - 1] = number_format_text(value, format_code)
        computed.append(where)
        computed_from[(row, column)] = f"={formula}"
    unread += [f"{column_letters(c)}{r}" for r, c in sorted(formulas)[MAX_FORMULAS:]]
    notes = []
    if computed:
        notes.append(
            f"sheet “{title}”: {len(computed)} cell(s) hold a formula and no stored result; their values are "
            f"computed here from the cells the formula names ({_listed(computed)})"
        )
    if unread:
        notes.append(
            f"sheet “{title}”: {len(unread)} cell(s) hold a formula and no stored result that is not computed "
            f"here; not read ({_listed(unread)}): open and save the workbook in a spreadsheet program"
        )
    return notes, computed_from


def _listed(cells: list[str], shown: int = 8) -> str:
    return "、".join(cells[:shown]) + (f" and {len(cells) - shown} more" if len(cells) > shown else "")


def _read_sheet(
    workbook: _Workbook, title: str, part: str, number: int, writer: _TextWriter
) -> tuple[tuple[Table, ...], list[str]]:
    grid, ranges, notes, computed_from = _sheet_rows(workbook, title, part)
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
            formula = computed_from.get((r, c))
            cell = Cell(text, start if text else None, writer.length if text else None, formula=formula)
            made[(r, c)] = cell
            cells.append(cell)
        writer.emit("\n")
        current.append(tuple(cells))
    if current:
        tables.append(Table(page=number, rows=tuple(current)))
    return tuple(tables), notes


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
    warnings: list[str] = []
    try:
        for number, (title, part) in enumerate(workbook.sheets[:MAX_SHEETS], start=1):
            if number > 1:
                writer.emit("\f")
            page_start = writer.length
            tables, notes = _read_sheet(workbook, title, part, number, writer)
            warnings.extend(notes)
            pages.append(Page(number=number, start=page_start, end=writer.length, tables=tables, name=title))
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
    return ReadDocument(source=source, text=text, pages=tuple(pages), warnings=tuple(warnings))
