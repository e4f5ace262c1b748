"""Spreadsheets: a workbook of the same disclosure converts to the same figures."""

from __future__ import annotations

from openpyxl import Workbook

from converter.pipeline import convert_files
from converter.read import ReadError, read_path
from tests.conftest import SAMPLE, shared_path


def workbook_from_text(text: str, path) -> None:
    """One sheet per page; a line with tabs becomes a row of cells, other lines one cell."""
    book = Workbook()
    book.remove(book.active)
    for number, page in enumerate(text.split("\f"), start=1):
        sheet = book.create_sheet(f"p{number}")
        for line in page.splitlines():
            if not line.strip():
                continue
            cells = line.split("\t") if "\t" in line else [line]
            sheet.append([_value(c) for c in cells])
    book.save(path)


def workbook_from_document(doc, path) -> None:
    """One sheet: lines outside tables as one cell each, each table row as a row of cells (a merged
    cell written once, over a merged range), as a spreadsheet export has it: a table that a PDF
    breaks over two pages is one run of rows in the sheet."""
    book = Workbook()
    sheet = book.active
    for page in doc.pages:
        spans = []
        for table in page.tables:
            offsets = [c.start for row in table.rows for c in row if c.start is not None]
            ends = [c.end for row in table.rows for c in row if c.end is not None]
            if offsets:
                spans.append((min(offsets), max(ends), table))
        cursor = page.start
        for start, end, table in sorted(spans, key=lambda t: t[0]):
            for line in doc.text[cursor:start].splitlines():
                if line.strip():
                    sheet.append([line.strip()])
            seen: dict[int, list[int]] = {}  # cell -> [min_row, min_col, max_row, max_col]
            first_row = sheet.max_row + 1 if sheet.max_row > 1 or sheet["A1"].value else 1
            for r, row in enumerate(table.rows):
                values = []
                for c, cell in enumerate(row):
                    box = seen.get(id(cell))
                    if box is None:
                        seen[id(cell)] = [r, c, r, c]
                        values.append(_value(cell.text.replace("\n", "")))
                    else:
                        box[2], box[3] = max(box[2], r), max(box[3], c)
                        values.append(None)
                sheet.append(values)
            for r0, c0, r1, c1 in seen.values():
                if (r0, c0) != (r1, c1):
                    sheet.merge_cells(
                        start_row=first_row + r0,
                        start_column=c0 + 1,
                        end_row=first_row + r1,
                        end_column=c1 + 1,
                    )
            cursor = max(cursor, end)
        for line in doc.text[cursor : page.end].splitlines():
            if line.strip():
                sheet.append([line.strip()])
    book.save(path)


def _value(text: str):
    """Numbers stored as numbers, as a spreadsheet would hold them."""
    amount = text.replace(",", "").strip()
    if "." not in amount or not amount.replace(".", "", 1).isdigit():
        return text  # codes such as "06" stay text, as exports keep them
    return float(amount)


def figures(path):
    result = convert_files([path])
    assert not result.failures, result.failures
    return {f.key(): f.value for f in result.converted[0].report.figures if f.item != "unmapped"}


def test_sample_as_a_workbook(tmp_path):
    path = tmp_path / "sample.xlsx"
    workbook_from_text(SAMPLE.read_text(encoding="utf-8"), path)
    doc = read_path(path)
    assert doc.source.media_type.endswith("spreadsheetml.sheet")
    got, want = figures(path), figures(SAMPLE)
    missing = [k for k in want if k not in got]
    assert not missing, missing[:5]
    assert all(got[k] == want[k] for k in want)


def test_pdf_tables_as_a_workbook(tmp_path):
    """101's tables laid into one sheet. The sheet loses the PDF's page breaks (a continued table
    becomes one run of rows, page furniture sits between runs), so a few continuation rows may be
    lost; every figure that does come out must carry a value the document states."""
    pdf = shared_path("corpus", "pdf", "101_shanghai_putuo_caizhengju_2024.pdf")
    path = tmp_path / "101.xlsx"
    workbook_from_document(read_path(pdf), path)
    stated = {}
    for figure in convert_files([pdf]).converted[0].report.figures:
        if any(s.startswith(("fc-", "ec-")) for s in figure.key()) and not figure.derived:
            stated[figure.key()] = {figure.value, *(o.value for o in figure.other_statements)}
    got = figures(path)
    assert len(stated) > 150
    found = [k for k in stated if k in got]
    assert len(found) >= 0.9 * len(stated)
    assert [k for k in found if got[k] not in stated[k]] == []


def test_old_xls_and_broken_workbooks_are_refused(tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    for path, words in ((xls, ".xls"), (broken, "xlsx")):
        try:
            read_path(path)
        except ReadError as exc:
            assert words in str(exc)
        else:  # pragma: no cover
            raise AssertionError(f"{path} was read")


def test_a_sheet_titles_its_table_by_its_name(tmp_path):
    """A workbook of one table per sheet, each titled only by the sheet's name (表3 一般公共预算财政拨款
    支出决算表): the sheet's first table is that table. Before, it was read as a table of no known kind,
    every figure unmapped. A sheet named Sheet1 titles nothing."""
    rows = [["单位：万元"], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["", "合计", 100, 80, 20],
            ["201", "一般公共服务支出", 100, 80, 20], ["2010801", "行政运行", 100, 80, 20]]  # fmt: skip
    for name, kind in (("表3 一般公共预算财政拨款支出决算表", "final.general_expenditure"), ("Sheet1", None)):
        book = Workbook()
        sheet = book.active
        sheet.title = name
        for row in rows:
            sheet.append(row)
        path = tmp_path / "某县审计局2018年度部门决算.xlsx"
        book.save(path)
        result = convert_files([path])
        assert result.converted, result.failures
        figures = result.converted[0].report.figures
        tables = {f.table for f in figures if f.item != "unmapped"}
        assert tables == ({kind} if kind else set()), (name, tables)
