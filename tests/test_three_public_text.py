"""The 三公 section of a web page copied as text: its one-row 三公经费表 (no row label, a nested header)
printed one cell per line or with runs of blanks between cells, a site's footer after it. Its columns
are the template's layout (``template.LAYOUTS``) the header names, each number placed by position or by
the table's own sums, flagged so; a number the sums cannot place stays open, never guessed."""

from __future__ import annotations

from decimal import Decimal

from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import find_standard_tables
from converter.read.text import read_text
from converter.read.types import SourceDocument

FOOTER = (
    "主办单位：某区人民政府办公室  网站标识码：1234567890\n京ICP备12345678号-1  京公网安备 11010202000001号\n"
)


def _figures(page: str, phase: str):
    data = page.encode("utf-8")
    doc = read_text(data, SourceDocument("page.txt", "0" * 64, "text/plain", len(data)))
    figures, _ = figures_from_tables(doc, find_standard_tables(doc, phase), 2024, phase)
    return [f for f in figures if f.table and f.table.endswith("three_public")]


def _cells(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# 江苏's layout: 合计 over the 三公 (小计, 因公出国, 公务用车 (小计, 购置, 运行), 公务接待), 会议费, 培训费
JIANGSU_HEADER = (
    "合计", "“三公”经费", "会议费", "培训费", "小计", "因公出国（境）费", "公务用车购置及运行维护费",
    "公务接待费", "小计", "公务用车购置费", "公务用车运行维护费",
)  # fmt: skip
# 购置费 printed blank: eight numbers for nine columns
JIANGSU_VALUES = ("1,000.00", "400.00", "50.00", "320.00", "320.00", "30.00", "100.00", "500.00")


def _jiangsu(form: str) -> str:
    top = "一、2019年某某厅一般公共预算“三公”经费、会议费、培训费支出预算表\n单位：万元\n"
    if form == "cells":
        return top + _cells(*JIANGSU_HEADER, *JIANGSU_VALUES) + FOOTER
    header = "合计   “三公”经费    会议费    培训费\n小计    因公出国（境）费    公务用车购置及运行维护费  公务接待费\n"
    header += "小计    公务用车购置费  公务用车运行维护费\n"
    return top + header + "   ".join(JIANGSU_VALUES) + "\n" + FOOTER


def test_a_jiangsu_three_public_table_copied_as_text_is_placed_by_its_sums():
    for form in ("cells", "blanks"):
        figures = _figures(_jiangsu(form), "budget")
        placed = {f.column: (f.value, f.column_inference) for f in figures if f.column}
        assert placed == {
            "合计": (Decimal("10000000"), "arithmetic"),
            "“三公”经费/小计": (Decimal("4000000"), "arithmetic"),
            "“三公”经费/因公出国（境）费": (Decimal("500000"), "arithmetic"),
            "“三公”经费/公务用车购置及运行维护费/小计": (Decimal("3200000"), "arithmetic"),
            "“三公”经费/公务接待费": (Decimal("300000"), "arithmetic"),
            "会议费": (Decimal("1000000"), "arithmetic"),
            "培训费": (Decimal("5000000"), "arithmetic"),
        }, form
        # the second 320.00 is the 购置费 or the 运行维护费 (the other printed blank): left open
        assert [(f.value, f.column_inference) for f in figures if not f.column] == [
            (Decimal("3200000"), "unknown")
        ], form
        items = {f.item for f in figures if f.column}
        assert {"three-public-meetings-training", "meeting-expenses", "training-expenses"} <= items


SHANGHAI_BUDGET_HEADER = (
    "“三公”经费预算数", "机关运行经费预算数", "合计", "因公出国(境)费", "公务接待费",
    "公务用车购置及运行费", "小计", "购置费", "运行费",
)  # fmt: skip


def _shanghai_budget(values: tuple[str, ...]) -> str:
    top = "部门“三公”经费和机关运行经费预算表\n编制部门：某某街道办事处 单位:万元\n"
    return top + _cells(*SHANGHAI_BUDGET_HEADER, *values) + FOOTER


def test_bare_integers_of_a_one_row_table_are_amounts_when_they_fill_the_layout_and_its_sums_hold():
    """The "0" and "25" among amounts printed with decimals: no code, no column number, when with them the
    row fills the layout's seven columns and 合计 = 出国 + 接待 + 小计, 小计 = 购置 + 运行 hold."""
    figures = _figures(_shanghai_budget(("37.50", "0", "2.50", "35.00", "25", "10.00", "300.25")), "budget")
    placed = {f.column.rsplit("/", 1)[-1]: f.value for f in figures if f.column_inference == "position"}
    assert placed == {
        "合计": Decimal("375000"),
        "因公出国(境)费": Decimal("0"),
        "公务接待费": Decimal("25000"),
        "小计": Decimal("350000"),
        "购置费": Decimal("250000"),
        "运行费": Decimal("100000"),
        "机关运行经费预算数": Decimal("3002500"),
    }
    assert all(f.column for f in figures)


def test_bare_integers_are_no_amounts_when_the_layouts_sums_do_not_hold_with_them():
    figures = _figures(_shanghai_budget(("37.50", "0", "2.50", "35.00", "24", "10.00", "300.25")), "budget")
    assert Decimal("240000") not in {f.value for f in figures}
    assert not [f for f in figures if f.column_inference == "position"]


FINAL_HEADER = (
    "财政拨款“三公”经费", "合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费", "小计",
    "公务用车购置费", "公务用车运行维护费", *("预算数", "决算数") * 6,
)  # fmt: skip


def test_a_final_three_public_table_followed_by_the_sites_footer_is_read_by_position():
    """The footer's ICP licence line ("京ICP备12345678号-1") is no row of the table before it."""
    values = ("3.00", "2.00", "1.00", "0.50", "1.50", "1.20", "0.00", "0.00", "1.50", "1.20", "0.50", "0.30")
    page = "财政拨款“三公”经费支出决算表\n单位：万元\n" + _cells(*FINAL_HEADER, *values) + FOOTER
    figures = _figures(page, "final")
    assert len(figures) == 12
    assert {f.column_inference for f in figures} == {"position"}
    by_column = {f.column: f.value for f in figures}
    assert by_column["公务接待费/决算数"] == Decimal("3000")
    assert by_column["合计/预算数"] == Decimal("30000")
