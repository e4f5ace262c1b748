"""A text 支出表's open 基本支出/项目支出 columns bounded by the same document's 财政拨款支出表: the
appropriation is part of all funds, so a row's column holds at least its appropriation's amount there."""

from __future__ import annotations

from decimal import Decimal

from converter.model import Figure
from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import find_standard_tables
from converter.read.text import read_text
from converter.read.types import SourceDocument

# a 支出预算表 of five columns whose rows print two or three values: its sums alone fit 基本/项目,
# 基本/经营, 项目/对下级 … equally
ALL_FUNDS = """XX大学2023年部门预算
XX大学支出预算表
单位：万元
科目编码 科目名称 合计 基本支出 项目支出 经营支出 对下级单位补助支出
205 教育支出 300.00 200.00 100.00
20502 普通教育 300.00 200.00 100.00
2050205 高等教育 300.00 200.00 100.00
221 住房保障支出 50.00 50.00
22102 住房改革支出 50.00 50.00
2210201 住房公积金 50.00 50.00
合计 350.00 250.00 100.00
"""
APPROPRIATION = """XX大学财政拨款支出预算表
单位：万元
科目编码 科目名称 合计 基本支出 项目支出
205 教育支出 150.00 120.00 30.00
20502 普通教育 150.00 120.00 30.00
2050205 高等教育 150.00 120.00 30.00
221 住房保障支出 20.00 20.00
22102 住房改革支出 20.00 20.00
2210201 住房公积金 20.00 20.00
合计 170.00 140.00 30.00
"""


def _figures(body: str) -> list[Figure]:
    data = body.encode("utf-8")
    doc = read_text(data, SourceDocument("t.txt", "0", "text/plain", len(data)))
    figures, _ = figures_from_tables(doc, find_standard_tables(doc, "budget"), 2023, "budget")
    return [f for f in figures if f.fund == "all" and f.item in ("expenditure", "unmapped")]


def _placed(figures: list[Figure], code: str | None) -> dict[str | None, tuple[Decimal, str | None]]:
    return {
        f.nature: (f.value, f.column_inference)
        for f in figures
        if (f.function.code if f.function is not None else None) == code and not _open(f)
    }


def _open(figure: Figure) -> bool:
    return figure.column_inference in ("unknown", "unknown-row")


def test_the_appropriation_table_bounds_the_all_funds_columns():
    figures = _figures(ALL_FUNDS + APPROPRIATION)
    yuan = Decimal(10000)
    assert _placed(figures, "205")["basic"] == (200 * yuan, "arithmetic")
    assert _placed(figures, "205")["project"] == (100 * yuan, "arithmetic")
    assert _placed(figures, "2210201")["basic"] == (50 * yuan, "arithmetic")
    assert _placed(figures, None)["project"] == (100 * yuan, "arithmetic")


def test_without_the_appropriation_table_the_columns_stay_open():
    figures = _figures(ALL_FUNDS)
    assert "basic" not in _placed(figures, "205")
    assert any(_open(f) for f in figures)


def test_bounds_that_no_placement_keeps_prove_nothing():
    # an appropriation beyond the all-funds amounts (a misprint, or another scope): no bound holds
    larger = APPROPRIATION.replace("合计 170.00 140.00 30.00", "合计 470.00 340.00 130.00")
    figures = _figures(ALL_FUNDS + larger)
    alone = _figures(ALL_FUNDS)
    assert sorted(f.key() for f in figures if not _open(f)) == sorted(f.key() for f in alone if not _open(f))
