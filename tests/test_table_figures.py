"""converter.parse.table_figures: cells of the standard tables -> figures (built from the real corpus)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from converter.model import ALL, Measure
from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import CellValue, StandardTable, TableRow, find_standard_tables
from converter.read.dispatch import read_path
from converter.read.types import ReadDocument, SourceDocument

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _doc(name: str) -> ReadDocument:
    matches = sorted((CORPUS / "pdf").glob(f"{name}_*.pdf")) + sorted((CORPUS / "raw").glob(f"{name}_*.txt"))
    if not matches:
        pytest.skip(f"corpus document {name} not available: ../shared/corpus is absent in this checkout")
    return read_path(matches[0])


@pytest.fixture(scope="module")
def figures101():
    doc = _doc("101")
    figures, warnings = figures_from_tables(doc, find_standard_tables(doc), 2024, "final")
    return figures, warnings


def _one(figures, **dims):
    hits = [f for f in figures if all(getattr(f, k) == v for k, v in dims.items())]
    assert len(hits) == 1, (dims, [(f.key(), f.span.locator) for f in hits])
    return hits[0]


def test_101_total_table_sides(figures101):
    figures, warnings = figures101
    assert warnings == []
    total = [f for f in figures if f.table == "final.total"]
    # page 7: 总计 on both sides
    assert _one(total, item="total-income").value == Decimal("29953900")
    assert _one(total, item="total-expenditure").value == Decimal("29953900")
    assert _one(total, item="opening-carry-over").value == Decimal("491400")
    assert _one(total, item="closing-carry-over").value == Decimal("553400")
    # page 6: 一、一般公共预算财政拨款收入 / 八、社会保障和就业支出 (类 row resolved without a printed code)
    assert _one(total, item="income", fund="general-public-budget").value == Decimal("29400500")
    social = [f for f in total if f.function is not None and f.function.code == "208"]
    assert len(social) == 1 and social[0].value == Decimal("3267100")
    assert social[0].function.wording == "八、社会保障和就业支出"


def test_101_appropriation_total_carry_over_breakdown(figures101):
    figures, _ = figures101
    table = [f for f in figures if f.table == "final.appropriation_total"]
    # page 13: 年初财政拨款结转和结余 21.63, and its line 一、一般公共预算财政拨款 21.63 under it
    assert _one(table, item="opening-carry-over", fund="appropriation").value == Decimal("216300")
    assert _one(table, item="opening-carry-over", fund="general-public-budget").value == Decimal("216300")
    assert _one(table, item="income", fund="general-public-budget").value == Decimal("29400500")


def test_101_function_rows_keep_wording_and_columns(figures101):
    figures, _ = figures101
    # 收入决算表 page 8: 201 06 01 行政运行, 其他收入 0.01
    f = _one(
        [x for x in figures if x.table == "final.income"],
        fund="other",
        function=next(x.function for x in figures if x.function and x.function.code == "2010601"),
    )
    assert f.value == Decimal("100") and f.stated_text == "0.01" and f.column == "其他收入"
    assert f.function.wording == "行政运行" and f.span.page == 8
    assert f.span.locator == "收入决算表 / 2010601 行政运行 / 其他收入"


def test_101_basic_table_economic_codes(figures101):
    figures, _ = figures101
    basic = [f for f in figures if f.table == "final.general_basic"]
    wages = [f for f in basic if f.economic is not None and f.economic.code == "30101"]
    assert len(wages) == 1 and wages[0].value == Decimal("2623300")
    assert wages[0].nature == "basic" and wages[0].fund == "general-public-budget"
    assert _one(basic, nature="personnel").value == Decimal("21522600")
    assert _one(basic, nature="public-funds").value == Decimal("1846500")


def test_101_three_public_budget_column(figures101):
    figures, _ = figures101
    three = [f for f in figures if f.table == "final.three_public"]
    assert {(f.item, f.statistic, f.value) for f in three} == {
        ("three-public-expenses", "initial-budget", Decimal("9500")),
        ("official-reception", "initial-budget", Decimal("9500")),
    }
    assert all(f.fund == "appropriation" and f.nature == ALL for f in three)


def test_108_budget_three_public_and_malformed_code():
    doc = _doc("108")
    figures, warnings = figures_from_tables(doc, find_standard_tables(doc), 2024, "budget")
    three = {f.item: f for f in figures if f.table == "budget.three_public"}
    assert three["vehicle-purchase"].value == Decimal("250000")  # 25 万元
    assert three["vehicle-operation"].value == Decimal("215600")
    assert three["official-vehicles"].value == Decimal("465600")
    assert three["agency-operating-costs"].value == Decimal("4431800")
    # "3012 津贴补贴" is a misprint of 30102: read by its label, and said
    allowances = [f for f in figures if f.economic is not None and f.economic.wording == "津贴补贴"]
    assert allowances and all(f.economic.code == "30102" for f in allowances)
    assert any(w.code == "table-code-malformed" and "3012" in w.message for w in warnings)


def _synthetic(
    cells: dict[str, str], label="合计", code=None, scheme=None, unit="万元", kind="final.general_expenditure"
):
    text = "".join(cells.values())
    values, pos = {}, 0
    for column, printed in cells.items():
        values[column] = CellValue(printed, pos, pos + len(printed), 1)
        pos += len(printed)
    doc = ReadDocument(SourceDocument("t.txt", "0", "text/plain", len(text)), text)
    table = StandardTable(
        "一般公共预算财政拨款支出决算表",
        kind,
        unit,
        1,
        1,
        list(cells),
        [TableRow(label, code, scheme, values, 1)],
        None,
        0,
        len(text),
    )
    return figures_from_tables(doc, [table], 2024, kind.split(".")[0])


def test_statistic_columns_and_percent():
    figures, _ = _synthetic(
        {
            "年初预算数": "10.00",
            "调整预算数": "12.00",
            "决算数": "11.50",
            "上年决算数": "9.00",
            "完成率%": "95.8%",
        }
    )
    by_column = {f.column: f for f in figures}
    assert by_column["年初预算数"].statistic == "initial-budget"
    assert by_column["调整预算数"].statistic == "adjusted-budget"
    assert by_column["决算数"].statistic == "level" and by_column["决算数"].value == Decimal("115000")
    assert by_column["上年决算数"].statistic == "previous-year-level"
    rate = by_column["完成率%"]
    assert (
        rate.measure is Measure.PERCENT
        and rate.value == Decimal("95.8")
        and rate.statistic == "completion-rate"
    )


def test_blank_and_dash_cells_give_no_figure():
    figures, _ = _synthetic({"合计": "—", "基本支出": "0.00"})
    assert [(f.column, f.value) for f in figures] == [("基本支出", Decimal("0"))]


def test_budget_phase_budget_column_is_level_and_yuan_exact():
    figures, _ = _synthetic({"预算数": "1,234,567.89"}, unit="元", kind="budget.general_function")
    assert figures[0].statistic == "level" and figures[0].value == Decimal("1234567.89")
