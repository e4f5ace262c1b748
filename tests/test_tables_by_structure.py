"""Each table of each development document of other template families comes out cell by cell.

A few rows per table are written by hand from the PDF (page / table / row in the comment next to each
expected figure, amounts as printed); the rest is checked by the table's own closing arithmetic:
every 类 = Σ款 = Σ项 and the 合计 row = Σ类 in every column, and each row's total column = its parts.
Documents are read from ../shared/corpus; the tests skip when it is absent.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from converter.model import Figure
from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import StandardTable, detect_family, find_standard_tables, missing_standard_tables
from converter.read.dispatch import read_path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
WAN = Decimal(10000)


@cache
def _read(name: str):
    matches = sorted((CORPUS / "pdf").glob(f"{name}_*.pdf")) + sorted((CORPUS / "raw").glob(f"{name}_*.txt"))
    if not matches:
        pytest.skip(f"corpus document {name} not available: ../shared/corpus is absent in this checkout")
    doc = read_path(matches[0])
    tables = find_standard_tables(doc)
    phase = tables[0].phase if tables else "final"
    figures, warnings = figures_from_tables(doc, tables, 2000, phase)
    return doc, tables, figures, warnings


def _table(name: str, kind: str) -> tuple[StandardTable, list[Figure]]:
    _, tables, figures, _ = _read(name)
    hits = [t for t in tables if t.kind_key == kind]
    assert hits, (kind, [t.kind_key for t in tables])
    table = hits[0]
    return table, [f for f in figures if f.table == kind and table.start <= f.span.start <= table.end]


def _code(f: Figure) -> str | None:
    ref = f.function or f.economic
    return ref.code if ref else None


def _cell(figures: list[Figure], column: str, code: str | None = None, label: str | None = None) -> Figure:
    """The figure of one printed cell: its column path and its row (by code, else by label)."""
    hits = [
        f
        for f in figures
        if f.column == column
        and (code is None or _code(f) == code)
        and (label is None or label in f.span.locator.split(" / ")[1])
    ]
    assert len(hits) >= 1, (column, code, label, sorted({f.column for f in figures}))
    return hits[0]


def _amount(printed: str, unit: Decimal = WAN) -> Decimal:
    return Decimal(printed.replace(",", "")) * unit


def _hierarchy_problems(figures: list[Figure], unit: Decimal = WAN) -> list[str]:
    """类 = Σ款 = Σ项 per column, 合计 = Σ类, within the printed rounding (half a unit per value)."""
    half = Decimal("0.005") * unit if unit == WAN else Decimal("0.5")
    by_column: dict[tuple, dict[str | None, Figure]] = defaultdict(dict)
    for f in figures:
        if f.column_inference in ("unknown", "unknown-row") or f.item == "unmapped" and not _code(f):
            continue
        code = _code(f)
        if code is None and f.span.locator.split(" / ")[1] not in ("合计", "总计"):
            continue
        by_column[(f.column, f.item, f.fund, f.nature)].setdefault(code, f)
    problems = []
    checked = 0
    for column, rows in by_column.items():
        for code, parent in rows.items():
            if code is None:
                children = [f for c, f in rows.items() if c and len(c) == 3]
            else:
                step = 2
                children = [
                    f for c, f in rows.items() if c and len(c) == len(code) + step and c.startswith(code)
                ]
            if not children:
                continue
            total = sum((c.value for c in children), Decimal(0))
            checked += 1
            if abs(total - parent.value) > half * (len(children) + 1):
                problems.append(f"{column} {code}: {parent.value} != Σ {total}")
    assert checked, "no line with sub-lines: the arithmetic checked nothing"
    return problems


def _row_problems(figures: list[Figure], total: str, parts: list[str], unit: Decimal = WAN) -> list[str]:
    """Each row's total column equals the sum of its part columns (blank = 0)."""
    half = Decimal("0.005") * unit
    rows: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for f in figures:
        if f.column_inference not in ("unknown", "unknown-row"):
            rows[f.span.locator.split(" / ")[1]][f.column] = f.value
    problems = []
    checked = 0
    for label, cells in rows.items():
        if total not in cells:
            continue
        checked += 1
        summed = sum((cells.get(p, Decimal(0)) for p in parts), Decimal(0))
        if abs(summed - cells[total]) > half * (len(parts) + 1):
            problems.append(f"{label}: {cells[total]} != Σ {summed}")
    assert checked, f"no row with a {total} column: the arithmetic checked nothing"
    return problems


# --- 201 西南大学 2023 部门决算: the central university template, 4 tables ----------------------------


def test_201_four_tables_of_the_central_university_template():
    _, tables, _, _ = _read("201")
    assert [t.kind_key for t in tables] == [
        "final.total",
        "final.income",
        "final.expenditure",
        "final.appropriation_expenditure",
    ]
    assert detect_family(tables, "final") == "central-university"
    assert missing_standard_tables(tables, "final") == []  # no 基本支出/三公 table: absent by template
    assert all(t.unit == "万元" for t in tables)


def test_201_total_table():
    _, figures = _table("201", "final.total")
    # page 8, 表1 高等学校收支决算总表
    f = _cell(figures, "收入/决算数", label="一、财政拨款收入")
    assert (f.item, f.fund, f.value) == ("income", "appropriation", _amount("243,015.38"))
    f = _cell(figures, "收入/决算数", label="其中：政府性基金预算财政拨款")
    assert (f.item, f.fund, f.value) == ("income", "government-fund", _amount("109.50"))
    assert _cell(figures, "支出/决算数", code="205").value == _amount("425,287.27")  # 五、教育支出
    # page 9: the 合计 row under the carry-over lines is the grand total of either side
    assert _cell(figures, "收入/决算数", label="本年收入合计").value == _amount("430,725.03")
    assert _cell(figures, "收入/决算数", label="上年结转和结余").item == "opening-carry-over"
    grand = [f for f in figures if f.item in ("total-income", "total-expenditure")]
    assert sorted(f.item for f in grand) == ["total-expenditure", "total-income"]
    assert {f.value for f in grand} == {_amount("569,496.54")}


def test_201_income_table():
    table, figures = _table("201", "final.income")
    assert table.page_first == 10 and table.page_last == 11
    # page 10, 表2 row 205 教育支出
    assert _cell(figures, "本年收入合计", "205").value == _amount("399,693.48")
    assert _cell(figures, "财政拨款收入", "205").fund == "appropriation"
    # page 10 row 2050205 高等教育: 事业收入 金额 and 其中：教育收费 (a part of it, kept apart)
    assert _cell(figures, "事业收入/金额", "2050205").value == _amount("135,246.59")
    part = _cell(figures, "事业收入/其中：教育收费", "2050205")
    assert part.value == _amount("72,670.34") and part.item == "unmapped" and "教育收费" in part.stated_label
    # page 11 row 合计, 其他收入
    assert _cell(figures, "其他收入", label="合计").value == _amount("51,324.41")
    assert _hierarchy_problems(figures) == []
    parts = ["财政拨款收入", "上级补助收入", "事业收入/金额", "经营收入", "附属单位上缴收入", "其他收入"]
    assert _row_problems(figures, "本年收入合计", parts) == []


def test_201_expenditure_table():
    _, figures = _table("201", "final.expenditure")
    # page 12, 表3 row 2050205 高等教育
    assert _cell(figures, "基本支出", "2050205").value == _amount("296,144.16")
    assert _cell(figures, "项目支出", "2050205").nature == "project"
    # page 13 row 合计
    assert _cell(figures, "合计", label="合计").value == _amount("457,676.75")
    assert _hierarchy_problems(figures) == []
    parts = ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    assert _row_problems(figures, "合计", parts) == []


def test_201_appropriation_expenditure_table_over_two_grids():
    table, figures = _table("201", "final.appropriation_expenditure")
    assert (table.page_first, table.page_last) == (14, 15)
    # page 14, 表4: one code cell merged over 类/款/项
    f = _cell(figures, "本年支出/合计", "205")
    assert f.value == _amount("213,588.53") and f.fund == "appropriation"
    # page 15 (a grid of other columns, matched by position): 2060204 实验室及相关设施
    assert _cell(figures, "本年支出/项目支出/小计", "2060204").value == _amount("1,707.93")
    assert _cell(figures, "本年支出/项目支出/其中：基本建设资金支出", "2060204").value == _amount("1,357.93")
    assert _cell(figures, "本年支出/基本支出", "2210201").value == _amount("7,448.44")
    assert _hierarchy_problems(figures) == []
    assert _row_problems(figures, "本年支出/合计", ["本年支出/基本支出", "本年支出/项目支出/小计"]) == []


# --- 210 西南大学 2021 部门预算 -----------------------------------------------------------------------


def test_210_budget_tables():
    _, tables, _, warnings = _read("210")
    assert [t.kind_key for t in tables] == [
        "budget.total",
        "budget.income",
        "budget.expenditure",
        "budget.appropriation_expenditure",
    ]
    assert missing_standard_tables(tables, "budget") == []
    _, total = _table("210", "budget.total")
    assert _cell(total, "收入/预算数", label="一、财政拨款").value == _amount("216,552.53")  # page 6
    assert _cell(total, "支出/预算数", label="结转下年").item == "closing-carry-over"  # page 6
    # page 7: 收入总计 on a grid of its own at the top of the page, continuing the table
    assert [f.value for f in total if f.item == "total-income"] == [_amount("490,808.40")]
    # page 7, 收入预算表: printed without a 单位 line, read in the 万元 of the table before it, and said
    income_table, income = _table("210", "budget.income")
    assert income_table.unit == "万元" and income_table.unit_inferred
    assert any(w.code == "table-unit-inferred" for w in warnings)
    assert _cell(income, "本年收入合计", "205").value == _amount("380,357.51")
    assert _cell(income, "事业收入/金额", "2050205").value == _amount("122,820.47")
    assert _hierarchy_problems(income) == []
    # page 8, 支出预算表; page 9, 财政拨款支出预算表
    _, expenditure = _table("210", "budget.expenditure")
    assert _cell(expenditure, "基本支出", "2050205").value == _amount("282,919.90")
    assert _hierarchy_problems(expenditure) == []
    _, appropriation = _table("210", "budget.appropriation_expenditure")
    assert _cell(appropriation, "合计", label="合计").value == _amount("216,552.53")
    assert _cell(appropriation, "项目支出", "2050205").value == _amount("27,294.59")
    assert _hierarchy_problems(appropriation) == []
    assert _row_problems(appropriation, "合计", ["基本支出", "项目支出"]) == []


# --- 204 江苏省高级人民法院 2017 部门预算: Jiangsu's 12 tables ---------------------------------------


def test_204_twelve_tables_in_order():
    _, tables, _, _ = _read("204")
    assert [t.role for t in tables] == [
        "total",
        "income",
        "expenditure",
        "appropriation_total",
        "appropriation_expenditure",
        "appropriation_basic",
        "government_fund",
        "general_expenditure",
        "general_basic",
        "agency_operating",
        "three_public",
        "procurement",
    ]
    assert detect_family(tables, "budget") == "jiangsu-budget-12"
    assert missing_standard_tables(tables, "budget") == []
    assert all(
        t.title.startswith(("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")) for t in tables
    )


def test_204_totals_and_use():
    _, total = _table("204", "budget.total")
    # page 11, 一、收支预算总表: 收入 | 支出 (功能分类) | 支出 (支出用途), three halves
    assert _cell(total, "收入/金额", label="一、财政拨款").value == _amount("28,849.38")
    f = _cell(total, "支出/支出用途/金额", label="一、基本支出")
    assert (f.item, f.nature, f.value) == ("expenditure", "basic", _amount("17,123.19"))
    assert _cell(total, "支出/支出用途/金额", label="三、单位预留机动经费").nature == "reserve"
    # page 12: 十八、住房保障支出 (功能分类 half) and the grand totals after the carry-over lines
    assert _cell(total, "支出/功能分类/金额", "221").value == _amount("2,989.14")
    assert _cell(total, "收入/金额", label="收入合计").item == "total-income"
    assert _cell(total, "支出/支出用途/金额", label="支出合计").item == "total-expenditure"
    # page 13, 三、支出预算总表: one row without a label
    _, expenditure = _table("204", "budget.expenditure")
    assert _cell(expenditure, "合计").value == _amount("28,849.38")
    assert _cell(expenditure, "基本支出").value == _amount("17,123.19")
    assert _row_problems(expenditure, "合计", ["基本支出", "项目支出", "单位预留机动经费"]) == []
    # page 12, 二、收入预算总表: labels over two columns (一般公共预算资金 / 小计)
    _, income = _table("204", "budget.income")
    assert _cell(income, "金额", label="收入总计").item == "total-income"
    f = _cell(income, "金额", label="一般公共预算资金/小计")
    assert (f.item, f.fund, f.value) == ("income", "general-public-budget", _amount("28,849.38"))


def test_204_function_and_economic_tables():
    _, appropriation = _table("204", "budget.appropriation_expenditure")
    assert _cell(appropriation, "金额", "2040501").value == _amount("11,786.92")  # page 13 行政运行
    assert _cell(appropriation, "金额", "2210202").value == _amount("1,959.99")  # page 14, continued
    assert _hierarchy_problems(appropriation) == []
    _, basic = _table("204", "budget.appropriation_basic")
    f = _cell(basic, "金额", "30101")  # page 14 基本工资
    assert (f.value, f.nature, f.fund) == (_amount("2,509.00"), "basic", "appropriation")
    _, general = _table("204", "budget.general_function")
    assert _cell(general, "金额", "204").value == _amount("23,513.11")  # page 15
    _, general_basic = _table("204", "budget.general_basic")
    # page 16: the first row of the continued grid, whose top ruling the page break left out
    assert _cell(general_basic, "金额", "30206").value == _amount("235.00")
    _, agency = _table("204", "budget.agency_operating")
    assert _cell(agency, "机关运行经费支出", label="合计").value == _amount("9,193.40")  # page 16
    assert {f.item for f in agency} == {"agency-operating-costs"}
    for figures in (basic, general_basic, agency):
        assert _hierarchy_problems(figures) == [], figures[0].table
    _, fund = _table("204", "budget.government_fund")
    assert fund == []  # page 15: printed empty


def test_204_three_public_meetings_training_and_procurement():
    _, three = _table("204", "budget.three_public")
    by_item = {f.item: f.value for f in three}
    # page 17, 十一、“三公”经费、会议费、培训费支出预算表
    assert by_item["three-public-meetings-training"] == _amount("2,599.37")
    assert by_item["three-public-expenses"] == _amount("670.12")
    assert by_item["overseas-travel"] == _amount("180.00")
    assert by_item["vehicle-operation"] == _amount("304.40")
    assert by_item["meeting-expenses"] == _amount("228.00")
    assert by_item["training-expenses"] == _amount("1,701.25")
    parts = by_item["overseas-travel"] + by_item["official-vehicles"] + by_item["official-reception"]
    assert parts == by_item["three-public-expenses"]
    assert (
        by_item["three-public-expenses"] + by_item["meeting-expenses"] + by_item["training-expenses"]
        == (by_item["three-public-meetings-training"])
    )
    _, procurement = _table("204", "budget.procurement")
    # page 17, 十二、政府采购预算表: the totals by kind, and every detail line kept with its wording
    items = {f.item: f.value for f in procurement if f.item != "unmapped"}
    assert items["procurement"] == _amount("3,742.40")
    assert (
        items["procurement-goods"] + items["procurement-works"] + items["procurement-services"]
        == (items["procurement"])
    )
    details = [f for f in procurement if f.item == "unmapped"]
    assert details and all(f.stated_label for f in details)


# --- 212 and 214: the tables PDFs of two Jiangsu budgets -----------------------------------------------


def test_212_turned_pages_read_as_displayed():
    doc, tables, _, _ = _read("212")
    assert "收支预算总表" in doc.text and "部门：中共江苏省委办公厅" in doc.text  # /Rotate 90 pages
    assert len(tables) == 12 and missing_standard_tables(tables, "budget") == []
    _, total = _table("212", "budget.total")
    # page 3, 收支预算总表
    assert _cell(total, "收入/金额", label="一、财政拨款").value == _amount("24,458.43")
    assert _cell(total, "支出/功能分类/金额", "201").value == _amount("20,153.75")
    assert _cell(total, "支出/支出用途/金额", label="三、单位预留机动经费").value == _amount("1,973.86")
    _, appropriation = _table("212", "budget.appropriation_expenditure")
    assert _cell(appropriation, "金额", "2013101").value == _amount("8,072.29")  # page 7 行政运行
    assert _hierarchy_problems(appropriation) == []
    _, three = _table("212", "budget.three_public")
    by_item = {f.item: f.value for f in three}
    assert by_item["three-public-meetings-training"] == _amount("1,471.70")  # page 11
    assert by_item["meeting-expenses"] == _amount("933.50") and by_item["training-expenses"] == _amount(
        "30.00"
    )
    _, agency = _table("212", "budget.agency_operating")
    assert _cell(agency, "机关运行经费支出", label="合计").value == _amount("2,094.58")  # page 13
    for kind in ("budget.appropriation_basic", "budget.general_function", "budget.general_basic"):
        assert _hierarchy_problems(_table("212", kind)[1]) == [], kind


def test_214_public_tables_numbered():
    _, tables, _, _ = _read("214")
    assert [t.title for t in tables][:2] == ["收支预算总表", "收入预算总表"]  # "公开01表" above each
    assert missing_standard_tables(tables, "budget") == []
    _, total = _table("214", "budget.total")
    f = _cell(total, "收入/金额", label="三、其他资金")  # page 1
    assert (f.fund, f.value) == ("other", _amount("80.00"))
    assert _cell(total, "收入/金额", label="收入合计").value == _amount("13,377.11")
    _, appropriation_total = _table("214", "budget.appropriation_total")
    f = _cell(appropriation_total, "支出/支出用途/金额", label="一、基本支出")  # page 4
    assert (f.fund, f.nature, f.value) == ("appropriation", "basic", _amount("6,442.75"))
    _, appropriation = _table("214", "budget.appropriation_expenditure")  # page 5 （功能科目）
    assert _cell(appropriation, "金额", "2010204").value == _amount("1,282.56")
    _, basic = _table("214", "budget.appropriation_basic")  # page 6 （经济科目）
    assert {f.economic.scheme for f in basic if f.economic} == {"economic"}
    _, three = _table("214", "budget.three_public")
    assert {f.item: f.value for f in three}["training-expenses"] == _amount("281.77")  # page 9
    _, procurement = _table("214", "budget.procurement")
    assert _cell(procurement, "总计", label="合计").value == _amount("1,624.42")  # page 12
    for kind in ("budget.appropriation_expenditure", "budget.appropriation_basic", "budget.general_basic"):
        assert _hierarchy_problems(_table("214", kind)[1]) == [], kind


@pytest.mark.parametrize("name", ["201", "204", "210", "212"])
def test_tables_pass_their_own_arithmetic_rules(name):
    """The integrity rules on the tables read: no total, hierarchy or nature Violation (rounding only).
    江苏's 支出用途 adds 单位预留机动经费 to 基本 and 项目; 201 prints 其中：政府性基金 under 财政拨款收入."""
    from converter.pipeline import convert_files
    from converter.uris import DEFAULT_BASE
    from converter.validate import validate_graph

    paths = sorted((CORPUS / "pdf").glob(f"{name}_*.pdf"))
    if not paths:
        pytest.skip(f"corpus document {name} not available: ../shared/corpus is absent in this checkout")
    result = convert_files(paths[:1])
    assert not result.failures, result.failures
    findings = validate_graph(result.converted[0].graph, DEFAULT_BASE).findings
    rules = ("totals-", "hierarchy-")
    bad = [f for f in findings if f.rule.startswith(rules) and f.severity in ("Violation", "Warning")]
    assert bad == []
