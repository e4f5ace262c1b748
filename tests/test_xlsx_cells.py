"""A spreadsheet cell's text as the workbook shows it (converter/read/xlsx_cells.py): its number format's
decimals and percent sign, and the value of a formula the workbook stores without a result.

Before, 80 stored under ``0.00`` was read as "80" (the rounding envelope of a whole 万元, ±5,000 元, where
the page shows ±50), 0.9512 under ``0.00%`` as "0.9512", and a formula without a stored result (a
workbook written by a program rather than saved by Excel or WPS) as a blank cell: its figure silently
lost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from converter.pipeline import convert_files
from converter.read import read_path
from converter.read.xlsx_cells import FormulaError, SheetFormulas, number_format_text

TITLE = ["某县审计局2018年度部门决算"], ["一般公共预算财政拨款支出决算表"], ["单位：万元"]
HEAD = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        ("80", "0.00", "80.00"),
        ("1234.5", "#,##0.00", "1234.50"),
        ("0.9512", "0.00%", "95.12%"),
        ("1511.9", "General", "1511.9"),
        ("1511.9", None, "1511.9"),
        ("1.5", "0.0#", "1.5"),
        ("1.25", "0.0#", "1.25"),
        ("2.675", "0.00", "2.68"),  # shown rounded half up, as a spreadsheet shows it
        ("12", '0.00"万元"', "12.00"),  # quoted text in the format is no decimal place
        ("-3", "0.00;[Red]-0.00", "-3.00"),
        ("45000", "yyyy-mm-dd", "45000"),
    ],
)
def test_a_number_is_written_as_its_format_shows_it(value, code, text):
    assert number_format_text(Decimal(value), code) == text


def test_formulas_are_computed_exactly_or_refused():
    values = {(1, 1): Decimal("0.1"), (1, 2): Decimal("0.2"), (2, 1): "合计", (3, 1): Decimal("5")}
    formulas = {(1, 3): "A1+B1", (1, 4): "SUM(A1:C1)", (1, 5): "-(A1-B1)*2", (1, 6): "A2+1",
                (1, 7): "VLOOKUP(A1,B1:C1,2)", (1, 8): "H1+1", (1, 9): "SUM(A1:A3)+A4"}  # fmt: skip
    sheet = SheetFormulas(values, formulas)
    assert sheet.compute((1, 3)) == Decimal("0.3")  # exact, not 0.30000000000000004
    assert sheet.compute((1, 4)) == Decimal("0.6")
    assert sheet.compute((1, 5)) == Decimal("0.2")
    assert sheet.compute((1, 9)) == Decimal("5.1")  # SUM passes over text; a blank counts 0
    for key in ((1, 6), (1, 7), (1, 8)):  # text in arithmetic, another function, a circle
        with pytest.raises(FormulaError):
            sheet.compute(key)


def _workbook(path, rows, formats=()):
    book = Workbook()
    sheet = book.active
    sheet.title = "表1"
    for row in rows:
        sheet.append(list(row))
    for ref, code in formats:
        sheet[ref].number_format = code
    book.save(path)  # openpyxl stores formulas without a result, as programs writing workbooks do


def _report(path):
    result = convert_files([path])
    assert result.converted, result.failures
    return result.converted[0]


def test_a_table_of_formulas_without_results_is_read_and_says_so(tmp_path):
    path = tmp_path / "book.xlsx"
    rows = [*TITLE, HEAD, ["", "合计", "=SUM(C6:C7)", "=D6", "=E7"],
            ["201", "一般公共服务支出", "=D6+E6", 80, None], ["20108", "审计事务", "=D7+E7", None, 20]]  # fmt: skip
    cells = [f"{c}{r}" for r in (5, 6, 7) for c in "CDE"]
    _workbook(path, rows, [(ref, "0.00") for ref in cells])
    converted = _report(path)
    values = {(f.function.code if f.function else None, f.nature): (f.value, f.stated_text, f.computed_from)
              for f in converted.report.figures if f.item == "expenditure"}  # fmt: skip
    assert values[(None, "all")] == (Decimal("1000000"), "100.00", "=SUM(C6:C7)")
    assert values[("201", "all")] == (Decimal("800000"), "80.00", "=D6+E6")
    assert values[("201", "basic")] == (Decimal("800000"), "80.00", None)  # stored: no formula said
    said = [w.message for w in converted.report.warnings if "no stored result" in w.message]
    assert said and "C5 =SUM(C6:C7)" in said[0]
    ttl = converted.graph.serialize(format="nt")
    assert ttl.count("computedFromFormula") == 5  # the three 合计 cells and two of the 合计 row


def test_a_formula_not_computed_here_is_said_not_read(tmp_path):
    path = tmp_path / "book.xlsx"
    rows = [
        *TITLE,
        HEAD,
        ["", "合计", "=VLOOKUP(1,D6:E6,2)", 80, 20],
        ["201", "一般公共服务支出", 100, 80, 20],
    ]
    _workbook(path, rows)
    said = read_path(path).warnings
    assert any("not computed here; not read" in w and "C5" in w for w in said), said


def test_a_hostile_sheet_of_formulas_stops_at_its_budget():
    """20,000 formulas each adding 10,000 cells: the budget of cell reads ends it, quickly."""
    formulas = {(r, 20): "SUM(A1:J1000)" for r in range(1, 20_001)}
    sheet = SheetFormulas({}, formulas)
    done = refused = 0
    for key in formulas:
        try:
            sheet.compute(key)
            done += 1
        except FormulaError:
            refused += 1
    assert done == 100 and refused == 19_900  # 100 × 10,000 reads: the sheet's budget
