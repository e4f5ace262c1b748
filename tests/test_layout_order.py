"""A text table whose header the template's layout names, its columns printed in another order (as
another province prints the same table): each number goes under the column the header prints above it,
never under the template's n-th column (``converter/parse/layout_order.py``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from converter.parse.column_inference import header_words, layout_columns
from converter.parse.layout_order import printed_order
from tests.test_three_public_text import FOOTER, _figures


def _read(page: str, phase: str) -> tuple[list, list]:
    """A page of text's standard tables and the figures read from them (fiscal year 2024)."""
    from converter.parse.table_figures import figures_from_tables
    from converter.parse.tables import find_standard_tables
    from converter.read.text import read_text
    from converter.read.types import SourceDocument

    data = page.encode("utf-8")
    doc = read_text(data, SourceDocument("page.txt", "0" * 64, "text/plain", len(data)))
    tables = find_standard_tables(doc, phase)
    figures, _ = figures_from_tables(doc, tables, 2024, phase)
    return tables, figures


# the 三公 决算表's columns rotated (合计 last), 公务用车's children rotated (小计 last), 决算数 first
HEADER = (
    "因公出国（境）费\t公务用车购置及运行费\t公务接待费\t合计\n"
    "公务用车购置费\t公务用车运行费\t小计\n" + "\t".join(["决算数", "预算数"] * 6) + "\n"
)
ROW = ("1.00", "2.00", "2.50", "3.00", "1.50", "2.00", "4.00", "5.00", "3.00", "3.00", "8.00", "10.00")


# a province's longer names (公务用车购置及运行维护费 for the template's 公务用车购置及运行费)
LONGER = HEADER.replace("及运行费", "及运行维护费").replace("车运行费", "车运行维护费")


@pytest.mark.parametrize("header", [HEADER, LONGER], ids=["template-names", "longer-names"])
def test_a_three_public_table_with_its_columns_rotated_is_read_by_its_header(header):
    page = "财政拨款“三公”经费支出决算表\n单位：万元\n" + header + "\t".join(ROW) + "\n" + FOOTER
    placed = {f.column: f.value for f in _figures(page, "final") if f.column}
    assert placed == {
        "因公出国（境）费/决算数": Decimal("10000"),
        "因公出国（境）费/预算数": Decimal("20000"),
        "公务用车购置及运行费/公务用车购置费/决算数": Decimal("25000"),
        "公务用车购置及运行费/公务用车购置费/预算数": Decimal("30000"),
        "公务用车购置及运行费/公务用车运行费/决算数": Decimal("15000"),
        "公务用车购置及运行费/公务用车运行费/预算数": Decimal("20000"),
        "公务用车购置及运行费/小计/决算数": Decimal("40000"),
        "公务用车购置及运行费/小计/预算数": Decimal("50000"),
        "公务接待费/决算数": Decimal("30000"),
        "公务接待费/预算数": Decimal("30000"),
        "合计/决算数": Decimal("80000"),
        "合计/预算数": Decimal("100000"),
    }


def test_the_layout_takes_the_printed_order_and_its_sums_follow():
    columns = layout_columns("expenditure", "final", "项目\t项目支出\t基本支出\t合计")
    assert columns is not None
    assert columns.names == ["项目支出", "基本支出", "合计"]
    assert columns.sums == [(2, (0, 1))]


def test_a_header_that_does_not_show_the_order_gives_none():
    assert printed_order(["合计", "基本支出", "项目支出"], "合计\t基本支出", header_words) is None


def test_a_parents_children_printed_in_another_order_stay_under_it_as_printed():
    """事业收入 over 其中：教育收费 then 金额 (another province's order): the children line is still the
    parent's (``template.PARENT_CHILDREN``), each under the word printed above its numbers."""
    from converter.parse.column_inference import header_columns

    lines = ["科目编码\t科目名称\t其他收入\t事业收入\t财政拨款收入\t本年收入合计", "其中：教育收费\t金额"]
    columns = header_columns(lines)
    assert columns is not None
    assert columns.names == [
        "其他收入",
        "事业收入/其中：教育收费",
        "事业收入/金额",
        "财政拨款收入",
        "本年收入合计",
    ]


def test_a_stacked_header_with_its_totals_last_is_stacked_by_its_sums():
    """合计 printed after 基本支出 / 项目支出, 小计 after 其中：基本建设资金支出 (``stacked_headers``: a
    total among its siblings wherever printed): the rows' sums stack the header; before, only a first
    sibling was a total and every number was left open."""

    page = (
        "财政拨款支出决算表\n单位：万元\n项目\t本年支出\n科目编码\t科目名称\t基本支出\t项目支出\t合计\n"
        "其中：基本建设资金支出\t小计\n205\t教育支出\t70.00\t5.00\t30.00\t100.00\n"
        "20502\t普通教育\t60.00\t5.00\t20.00\t80.00\n" + FOOTER
    )
    _tables, figures = _read(page, "final")
    placed = {(f.function.code, f.column): f.value for f in figures if f.function and f.column}
    assert placed == {
        (code, f"本年支出/{column}"): Decimal(value) * 10000
        for code, values in (("205", ("70", "5", "30", "100")), ("20502", ("60", "5", "20", "80")))
        for column, value in zip(
            ("基本支出", "项目支出/其中：基本建设资金支出", "项目支出/小计", "合计"), values, strict=True
        )
    }


def test_a_two_sided_totals_expenditure_side_with_its_total_last_is_summed_to_it():
    """财政拨款收支总表's expenditure side printed 一般公共预算 / 政府性基金预算 / 国有资本经营预算 / 合计
    (108's 合计 first, another province's last): the 合计 is the others' sum wherever printed, so a row
    printing two equal numbers has its second under 合计; before, with no sum, both were left open."""

    page = (
        "2024年部门财政拨款收支预算总表\n单位：元\n财政拨款收入\t财政拨款支出\n"
        "项目\t预算数\t项目\t一般公共预算\t政府性基金预算\t国有资本经营预算\t合计\n"
        "一、一般公共预算资金\t300\t一、一般公共服务支出\t200\t\t\t200\n"
        "二、政府性基金\t\t二、公共安全支出\t100\t\t\t100\n"
        "收入总计\t300\t支出总计\t300\t\t\t300\n" + FOOTER
    )
    _tables, figures = _read(page, "budget")
    totals = [f for f in figures if f.column == "支出/合计"]
    assert sorted(f.value for f in totals) == [Decimal(100), Decimal(200), Decimal(300)]


def test_a_header_line_as_wide_as_its_rows_tab_fields_is_no_banner():
    """对下级单位补助支出 printed first and 经营支出 last, both blank in every row: the rows' numbers fill four
    fields of five, but their tab lines print five (the blank last one too), so the header line is the
    columns; before, its first word was taken for a banner over the rest and every number was published
    under it (对下级单位补助支出/合计, …/基本支出: wrong columns). Which of the two readings of the rows
    (from the label, from the line's end) holds is left to the arithmetic: open here, never guessed."""

    page = (
        "支出预算表\n单位：万元\n科目编码\t科目名称\t对下级单位补助支出\t合计\t基本支出\t项目支出\t经营支出\n"
        "205\t教育支出\t\t100.00\t70.00\t30.00\t\n20502\t普通教育\t\t80.00\t60.00\t20.00\t\n" + FOOTER
    )
    tables, figures = _read(page, "budget")
    assert tables[0].columns == ["对下级单位补助支出", "合计", "基本支出", "项目支出", "经营支出"]
    assert len(figures) == 6
    assert not [f.column for f in figures if f.column and "/" in f.column]


def test_a_two_sided_totals_tab_line_keeps_each_sides_blank_cells():
    """Each side of a 总表's tab line counts its values' fields from its own label (``text_rows``): the
    expenditure side's 合计 and 一般公共预算 (two equal numbers, the other funds blank) are placed by where
    they stand; before, only the sums were read and the second number was left open."""

    page = (
        "2024年部门财政拨款收支预算总表\n单位：元\n财政拨款收入\t财政拨款支出\n"
        "项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算\n"
        "一、一般公共预算资金\t300\t一、一般公共服务支出\t200\t200\t\t\n"
        "二、政府性基金\t\t二、公共安全支出\t100\t\t100\t\n"
        "收入总计\t300\t支出总计\t300\t200\t100\t\n" + FOOTER
    )
    _tables, figures = _read(page, "budget")
    assert not [f for f in figures if f.column_inference in ("unknown", "unknown-row")]
    by_column = {}
    for f in figures:
        by_column.setdefault(f.column, []).append(f.value)
    assert sorted(by_column["支出/一般公共预算"]) == [Decimal(200), Decimal(200)]
    assert sorted(by_column["支出/政府性基金预算"]) == [Decimal(100), Decimal(100)]
    assert sorted(by_column["支出/合计"]) == [Decimal(100), Decimal(200), Decimal(300)]


def test_a_header_row_cut_before_its_subtotal_still_orders_the_layout():
    """A header copied with runs of blanks: 小计 begins a line of its own (``SUBHEADER_OPENERS``), cutting
    公务用车's children over two lines; 公务用车运行费 is the nearest word holding its characters
    (公务用车运行维护费), not the parent's 公务用车购置及运行维护费 printed before it."""
    header = (
        "公务接待费   公务用车购置及运行维护费    因公出国（境）费    合计\n公务用车运行维护费    公务用车购置费\n小计\n"
        + "  ".join(["决算数", "预算数"] * 6)
    )
    columns = layout_columns("three_public", "final", header)
    assert columns is not None
    assert columns.names[:6] == [
        "公务接待费/决算数",
        "公务接待费/预算数",
        "公务用车购置及运行费/公务用车运行费/决算数",
        "公务用车购置及运行费/公务用车运行费/预算数",
        "公务用车购置及运行费/公务用车购置费/决算数",
        "公务用车购置及运行费/公务用车购置费/预算数",
    ]


def test_the_arithmetic_of_a_yuan_table_of_whole_hundreds_allows_the_rounding_of_wan():
    """A 元 table computed in 万元 (``table_rounding``): its sums miss by up to ±50元 a figure, so the
    arithmetic placing a text table's numbers allows that, not ±0.005元 (the blank-separated yuan page
    left 101's rows open)."""
    from converter.parse.column_inference import tolerance

    hundreds = ["29,616,800.00", "20,828,500.00", "8,788,300.00", "17,105,400.00", "12,317,100.00"]
    assert tolerance(hundreds) == Decimal(50)
    assert tolerance([*hundreds[:4], "12,317,117.00"]) == Decimal("0.005")


def test_a_header_lines_total_printed_last_is_the_sum_of_the_others():
    """合计 printed last (结转下年资金 … 基本支出 合计, another province's order): the arithmetic that places a
    row's numbers sums the others to it, as it does when 合计 is first; a header line of no total first or
    last states no sum."""
    from converter.parse.column_inference import header_columns

    last = header_columns(["结转下年资金   单位预留机动经费   项目支出    基本支出    合计"])
    assert last is not None and last.sums == [(4, (0, 1, 2, 3))]
    middle = header_columns(["基本支出   合计   项目支出"])
    assert middle is not None and middle.sums == []


def test_a_one_line_tables_total_printed_last_is_a_column_not_the_rows_label():
    """A page flattened to one line (204's 支出预算总表, its columns reversed): "… 基本支出 合计 182.92 …"
    ends the header with its total, the row of values alone after it, 结转下年资金 blank. Read as the
    row's label, 合计 left a header one column short and the four numbers by position under a wrong
    column each (182.92 under 结转下年资金); read as the header's, the sums place 合计 and leave the
    others open."""
    page = (
        "首页 > 信息公开 > 财政预决算 三、2017年度某部门支出预算总表 单位：万元 "
        "结转下年资金\u00a0 \u00a0 单位预留机动经费  项目支出\u00a0\u00a0 基本支出   合计 "
        "182.92\u00a0\u00a0 11,543.27   17,123.19 \u00a0\u00a0\u00a028,849.38 " + FOOTER.replace("\n", " ")
    )
    tables, figures = _read(page, "budget")
    assert [t.columns for t in tables] == [
        ["结转下年资金", "单位预留机动经费", "项目支出", "基本支出", "合计"]
    ]
    placed = {f.value: f.column for f in figures}
    assert placed == {
        Decimal("1829200"): None,
        Decimal("115432700"): None,
        Decimal("171231900"): None,
        Decimal("288493800"): "合计",
    }


def test_a_header_lines_total_printed_second_takes_the_layouts_sums():
    """102's 收入决算表 copied with runs of blanks, its columns rotated right (其他收入 first, 本年收入合计
    second): the header line states no sum (its total neither first nor last), but the standard layout,
    in the order the header prints it, names each of its columns: its sums place the row's total under
    本年收入合计 (before, the row's numbers were all left open)."""
    page = (
        "收入决算表\n单位：万元\n"
        "项目 \u00a0\u00a0\u00a0其他收入\u00a0 \u00a0 本年收入合计  财政拨款收入\u00a0\u00a0 上级补助收入   事业收入 "
        "\u00a0\u00a0\u00a0经营收入\u00a0 \u00a0 附属单位上缴收入\n"
        "功能分类科目编码\u00a0 \u00a0 科目名称\n"
        "合计  \u00a0\u00a0 100.00   60.00\u00a0\u00a0 40.00\n" + FOOTER
    )
    tables, figures = _read(page, "final")
    assert tables[0].column_sums == [(1, (0, 2, 3, 4, 5, 6))]
    placed = {f.value: f.column for f in figures}
    assert placed[Decimal("1000000")] == "本年收入合计"
    assert placed[Decimal("600000")] is None and placed[Decimal("400000")] is None


def test_a_parents_children_printed_in_another_order_are_one_header_row():
    """210's 收入预算表 copied with runs of blanks, 事业收入's children reversed (其中：教育收费 before
    金额): the children's line is one header row, not cut before 金额 (``SUBHEADER_OPENERS``), so the
    children stand under 事业收入 as printed; cut, the header named no columns and every number of the
    table was left open."""
    page = (
        "西南大学收入预算表\n"
        "科目编码 \u00a0\u00a0\u00a0科目名称\u00a0 \u00a0 其他收入  事业收入\u00a0\u00a0 财政拨款收入   本年收入合计\n"
        "其中：教育收费  金额\n"
        "205  教育支出\u00a0\u00a0 48,540.86   75,020.47 \u00a0\u00a0\u00a0124,020.47\u00a0 \u00a0 207,796.18  380,357.51\n"
        + FOOTER
    )
    tables, figures = _read(page, "budget")
    assert tables[0].columns == [
        "其他收入",
        "事业收入/其中：教育收费",
        "事业收入/金额",
        "财政拨款收入",
        "本年收入合计",
    ]
    placed = {f.value: f.column for f in figures}
    assert placed[Decimal("75020.47")] == "事业收入/其中：教育收费"
    assert placed[Decimal("124020.47")] == "事业收入/金额"
    assert placed[Decimal("380357.51")] == "本年收入合计"


def test_a_projects_children_printed_in_another_order_stand_under_it():
    """201's 财政拨款支出决算表 copied with runs of blanks, 项目支出's children reversed (其中：基本建设资金支出
    before 小计, ``template.CHILDREN_ROWS``): the children's line is one header row, stacked under 项目支出
    by the rows' sums, the total printed last; before, the line was cut before 小计, no columns were read and every number of the
    table was left open."""
    page = (
        "表4：高等学校财政拨款支出决算表\n单位：万元\n项目   本年支出\n"
        "科目编码 \u00a0\u00a0\u00a0科目名称\u00a0 \u00a0 基本支出  项目支出\u00a0\u00a0 合计\n"
        "其中：基本建设资金支出\u00a0 \u00a0 小计\n"
        "类  款\u00a0\u00a0 项   合计 \u00a0\u00a0\u00a0199,015.13\u00a0 \u00a0 6,894.90  38,084.87\u00a0\u00a0 237,100.00\n"
        "205\u00a0\u00a0 教育支出   177,211.59 \u00a0\u00a0\u00a05,536.97   36,376.94  213,588.53\n" + FOOTER
    )
    tables, figures = _read(page, "final")
    names = ["基本支出", "项目支出/其中：基本建设资金支出", "项目支出/小计", "合计"]
    assert tables[0].columns == [f"本年支出/{n}" for n in names]
    placed = {(f.value, f.column) for f in figures}
    assert (Decimal("68949000"), "本年支出/项目支出/其中：基本建设资金支出") in placed
    assert (Decimal("380848700"), "本年支出/项目支出/小计") in placed
    assert (Decimal("2371000000"), "本年支出/合计") in placed
