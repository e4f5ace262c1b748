"""What the web-page forms of a disclosure need from the reader, each rule on a small page of its own:
a 目录 of tables is no table, a browser's copy of a table keeps its columns (a header over several lines,
cells merged over rows dropped), a page with pinyin glosses is read as without them and quoted as it is,
a township's territory is no figure of its accounts, a page of one section knows its phase from its
posting date, an HTML table printed in parts is one table."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from converter.model import Measure
from converter.parse.document import NotAReport, parse_report
from converter.parse.flat_lines import LONG_LINE, restore_lines
from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import find_standard_tables
from converter.parse.text_tables import header_rows
from converter.read.html import read_html
from converter.read.text import read_text
from converter.read.types import SourceDocument
from tests.conftest import shared_path


def _text(body: str):
    data = body.encode("utf-8")
    return read_text(data, SourceDocument("page.txt", "0" * 64, "text/plain", len(data)))


def _html(body: str):
    data = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()
    return read_html(data, SourceDocument("page.html", "0" * 64, "text/html", len(data)))


def _tables(doc, phase="final", year=2023):
    figures, _ = figures_from_tables(doc, find_standard_tables(doc, phase), year, phase)
    return figures


def _placed(figures, code):
    return {f.column: f.value for f in figures if f.function is not None and f.function.code == code}


# --- a 目录 of tables --------------------------------------------------------------------------

CONTENTS = """大英县司法局2017年部门决算
目录
第一部分 2017年部门决算编制说明
第二部分 决算报表
表1 收入支出决算总表
表1-1 部门收入总体情况表
表1-2 部门支出总体情况表
表2 财政拨款收入支出决算总表
表4-1 一般公共预算财政拨款支出决算明细表
第一部分 2017年部门决算编制说明
一、收入支出决算总体情况说明
2017年度收入总计120.50万元。
"""


def test_contents_entries_are_no_table_and_a_number_after_biao_is_a_table_number():
    doc = _text(CONTENTS)
    assert _tables(doc) == []  # no entry of the 目录 opens a table: no header follows any of them
    report = parse_report(doc)
    assert [f.value for f in report.figures] == [Decimal("1205000")]
    assert not [f for f in report.figures if f.stated_label and "表" in f.stated_label]


def test_a_contents_line_is_no_row_even_inside_a_table_region():
    doc = _text("收入决算表\n单位：万元\n项目\t合计\n表1-2 支出决算表\t\n合计\t10.00\n")
    values = sorted(f.value for f in _tables(doc))
    assert values == [Decimal("100000")]  # "表1-2" gives neither 1 nor -2


# --- a browser's copy of a table ---------------------------------------------------------------

STACKED = """表2：收入决算表
单位：万元
科目编码\t科目名称\t本年收入合计\t财政拨款收入\t事业收入\t其他收入
金额\t其中：教育收费
205\t教育支出\t300.00\t100.00\t150.00\t120.00\t50.00
20502\t普通教育\t300.00\t100.00\t150.00\t120.00\t50.00
2050205\t高等教育\t290.00\t100.00\t140.00\t110.00\t50.00
2050299\t其他普通教育支出\t10.00\t\t10.00\t10.00\t
"""


# 2050205's figures as the stacked income header places them, whatever form the page prints it in
STACKED_2050205 = {
    "本年收入合计": Decimal("2900000"),
    "财政拨款收入": Decimal("1000000"),
    "事业收入/金额": Decimal("1400000"),
    "事业收入/其中：教育收费": Decimal("1100000"),
    "其他收入": Decimal("500000"),
}


def test_a_header_over_two_lines_is_stacked_by_the_rows_sums():
    figures = _tables(_text(STACKED))
    placed = _placed(figures, "2050205")
    assert placed == STACKED_2050205
    assert _placed(figures, "2050299") == {
        "本年收入合计": Decimal("100000"),
        "事业收入/金额": Decimal("100000"),
        "事业收入/其中：教育收费": Decimal("100000"),
    }
    assert all(f.column_inference in ("position", "blank-pattern") for f in figures)


PROCUREMENT = """政府采购预算表
部门：某局 单位：万元
采购品目大类\t专项名称\t采购物品名称\t采购组织形式\t总计
合计\t\t\t\t100.00
一、货物A\t\t\t\t100.00
\t办公设备购置费\t\t\t100.00
台式计算机（20万以下）\t分散自行组织\t60.00
打印设备\t分散自行组织\t40.00
"""


def test_cells_merged_over_rows_dropped_by_the_copy_are_counted_from_the_line_end():
    figures = _tables(_text(PROCUREMENT), "budget", 2019)
    assert sorted(f.value for f in figures) == [
        Decimal(v) for v in ("400000", "600000", "1000000", "1000000", "1000000")
    ]
    assert {f.column for f in figures} == {"总计"}  # never the "20" in a name, never an open column
    assert {f.item for f in figures if f.value == Decimal("1000000")} >= {"procurement", "procurement-goods"}


# --- pinyin glosses ----------------------------------------------------------------------------

GLOSSED = """某縣審計局2023年度部門決(jué)算
收入決(jué)算表
單(dān)位：萬元
項(xiàng)目\t合計(jì)\t財(cái)政撥(bō)款收入\t其他收入
201\t一般公共服務(wù)支出\t10.00\t8.00\t2.00
20108\t審計(jì)事務(wù)\t10.00\t8.00\t2.00
"""


def test_a_glossed_page_is_read_without_its_glosses_and_quoted_as_it_is():
    doc = _text(GLOSSED)
    report = parse_report(doc)
    table = [f for f in report.figures if f.table]
    assert _placed(table, "201") == {
        "合计": Decimal("100000"),
        "财政拨款收入": Decimal("80000"),
        "其他收入": Decimal("20000"),
    }
    for figure in report.figures:
        assert doc.text[figure.span.start : figure.span.end] == figure.span.text
    for figure in table:
        assert figure.span.text == figure.stated_text  # the cell's own characters on the page
    assert report.organisation.name == "某县审计局" and report.fiscal_year == 2023


# --- what is no figure of the accounts ---------------------------------------------------------

TOWNSHIP = """某县某镇人民政府2019年部门预算公开说明
一、基本情况
全镇总面积421.1平方公里，现辖17个行政村、1个社区，森林覆盖率86.13%。
本部门内设机构5个，编制人数30人。
二、收支预算总体情况
2019年收入预算120.00万元。
"""


def test_the_territory_is_no_figure_the_organisation_and_its_staff_are_counts():
    report = parse_report(_text(TOWNSHIP))
    values = {f.value for f in report.figures}
    assert not values & {Decimal("17"), Decimal("1"), Decimal("86.13")}
    counts = {f.value: f for f in report.figures if f.measure is Measure.COUNT}
    assert set(counts) == {Decimal(5), Decimal(30)}
    assert all(f.stated_unit in ("个", "人") for f in counts.values())
    assert [f.value for f in report.figures if f.measure is Measure.AMOUNT] == [Decimal("1200000")]
    assert any(w.code == "not-a-fiscal-figure" for w in report.warnings)


# --- identity of a page of one section ---------------------------------------------------------


@pytest.mark.parametrize(("posted", "phase"), [("2025-03-01", "final"), ("2024-02-06", "budget")])
def test_a_phase_no_one_states_is_inferred_from_the_posting_date(posted, phase):
    doc = _html(
        "<h1>某区财政局2024年度政府采购情况</h1>"
        f"<div>发布时间：{posted}  来源：某区财政局</div>"
        "<p>2024年度政府采购支出总额10.00万元，其中：政府采购货物支出10.00万元。</p>"
    )
    report = parse_report(doc)
    assert report.phase is not None and report.phase.value == phase
    assert report.identity["phase"].inferred and posted in (report.identity["phase"].method or "")
    assert report.kind == "procurement" and not report.unidentified


def test_a_breadcrumb_run_into_the_title_on_one_line_is_no_part_of_the_name():
    doc = _text(
        "首页 > 信息公开 > 财政预决算 某区财政局2024年度部门决算 发布时间：2025-06-18 "
        "一、收入支出决算总体情况说明 2024年度收入总计100.00万元。"
    )
    assert parse_report(doc).organisation.name == "某区财政局"


# --- an HTML page's tables ---------------------------------------------------------------------

_HEAD = "<tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>"


def _row(code, name, *values):
    return "<tr>" + "".join(f"<td>{c}</td>" for c in (code, name, *values)) + "</tr>"


def test_an_html_table_printed_in_parts_is_one_table():
    doc = _html(
        "<p>支出决算表 单位：万元</p>"  # the title with its unit on one line
        f"<table>{_HEAD}{_row('201', '一般公共服务支出', '30.00', '20.00', '10.00')}</table>"
        "<p>2</p>"  # a page number between the parts
        f"<table>{_row('20101', '人大事务', '30.00', '20.00', '10.00')}</table>"
    )
    tables = find_standard_tables(doc, "final")
    assert [t.role for t in tables] == ["expenditure"]
    assert _placed(_tables(doc), "20101") == {
        "合计": Decimal("300000"),
        "基本支出": Decimal("200000"),
        "项目支出": Decimal("100000"),
    }


# --- the narrative ------------------------------------------------------------------------------


def test_a_change_of_zero_in_words_across_a_line_break():
    doc = _text(
        "某局2018年度部门预算\n一、收支预算总体情况\n2018年本部门国有资本经营预算收入为0万元，与上年数一\n致。\n"
    )
    figures = parse_report(doc).figures
    assert any(f.fund == "state-capital" and f.statistic == "change-amount" and f.value == 0 for f in figures)


def test_the_listed_units_are_the_rows_numbered_one_two_three():
    doc = _text(
        "某局2024年度部门决算\n一、收入支出决算总体情况说明\n2024年度收入总计10.00万元。\n二、部门决算单位构成\n"
        "纳入本部门决算编制范围的单位包括：\n序号\t单位名称\t备注\n1\t某局（本级）\t\n2\t某局信息中心\t\n"
        "基本支出决算表\n单位：万元\n科目编码\t科目名称\t决算数\n\t\t\t30101\t基本工资\t5.00\n"
        "\t\t\t30102\t津贴补贴\t3.00\n"
    )
    counts = [f for f in parse_report(doc).figures if f.item == "reporting-units"]
    assert [f.value for f in counts] == [Decimal(2)]


# --- the kept web excerpts -----------------------------------------------------------------------


def test_web_excerpts_publish_no_figure_that_is_no_figure():
    """The 20 excerpts (../shared/corpus/web) reach no amount: what they publish is the organisation's
    counts (offices, staff), never a 目录 entry's table number nor a township's territory."""
    from converter.read.dispatch import read_path

    folder = shared_path("corpus", "web")
    published = {}
    for path in sorted(folder.glob("*.txt")):
        try:
            report = parse_report(read_path(path))
        except NotAReport:
            continue
        published[path.name[:3]] = report.figures
        for figure in report.figures:
            assert figure.measure is Measure.COUNT, (path.name, figure.item, figure.value, figure.span.text)
            assert figure.stated_unit in ("个", "人"), (path.name, figure.stated_unit)
    assert "002" not in published and "022" not in published and "044" not in published
    assert published.get("037"), "037's staff counts are the organisation's"


# --- a page flattened to one line (converter/parse/flat_lines.py) ------------------------------


FLAT = (
    "某局2023年度部门决算 一、部门主要职能 负责全区审计工作。 二、收入决算情况说明 本年收入合计10.00万元。 "
    "三、支出决算情况说明 本年支出合计10.00万元。 "
    "收入决算表 单位：万元 项目 本年收入合计 财政拨款收入 其他收入 科目编码 科目名称 类 款 项 "
    "合计 10.00 8.00 2.00 201 一般公共服务支出 10.00 8.00 2.00 201 08 审计事务 10.00 8.00 2.00 "
    "201 08 01 行政运行 10.00 8.00 2.00 主办单位：某区人民政府办公室 网站标识码：3101070001"
)
PAD = " " * LONG_LINE  # a line this long is a flattened page


def test_a_page_on_one_line_has_its_lines_put_back_at_headings_sentences_titles_and_rows():
    text = FLAT + PAD  # its breaks are blanks made "\n"
    restored = restore_lines(text)
    assert len(restored) == len(text)
    lines = [ln.strip() for ln in restored.split("\n")]
    assert lines[:10] == [
        "某局2023年度部门决算",
        "一、部门主要职能",
        "负责全区审计工作。",
        "二、收入决算情况说明",
        "本年收入合计10.00万元。",
        "三、支出决算情况说明",
        "本年支出合计10.00万元。",
        "收入决算表",
        "单位：万元",
        "项目 本年收入合计 财政拨款收入 其他收入 科目编码 科目名称 类 款 项",
    ]
    assert lines[10:14] == [
        "合计 10.00 8.00 2.00",
        "201 一般公共服务支出 10.00 8.00 2.00",
        "201 08 审计事务 10.00 8.00 2.00",
        "201 08 01 行政运行 10.00 8.00 2.00",
    ]
    assert restore_lines("短的一行 合计 10.00") == "短的一行 合计 10.00"  # short lines stay as they are


def test_a_table_on_one_line_is_read_as_its_rows_and_a_name_colon_number_is_no_row():
    figures = _tables(_text(FLAT + PAD))
    assert _placed(figures, "2010801") == {
        "本年收入合计": Decimal("100000"),
        "财政拨款收入": Decimal("80000"),
        "其他收入": Decimal("20000"),
    }
    assert all(f.column_inference == "position" for f in figures)
    assert Decimal("3101070001") not in {f.value for f in figures}  # 网站标识码：3101070001


def test_rows_without_numbers_run_into_the_next_label_are_rows_of_their_own():
    # "事业收入 经营收入 其他收入 80.00": the number is the last row's, the rows before it print none;
    # letter spacing ("因 公 出 国 （ 境 ） 费用") and "X 小计" stay one label
    line = (
        "收入预算总表 部门：某厅 单位：万元 项目名称 金额 收入总计 100.00 一般公共预算资金 小计 20.00 "
        "专项收入 政府性基金 小计 其他资金 小计 80.00 事业收入 经营收入 其他收入 80.00 "
        "因 公 出 国 （ 境 ） 费用 0.00"
    )
    lines = [ln.strip() for ln in restore_lines(line + PAD).split("\n") if ln.strip()]
    assert lines[4:] == [
        "收入总计 100.00",
        "一般公共预算资金 小计 20.00",
        "专项收入",
        "政府性基金 小计",
        "其他资金 小计 80.00",
        "事业收入",
        "经营收入",
        "其他收入 80.00",
        "因 公 出 国 （ 境 ） 费用 0.00",
    ]


def test_a_header_word_before_a_row_of_values_is_no_row_label():
    # "… 单位预留机动经费 结转下年资金 100.00 60.00 40.00": the values stand alone under the header
    page = "支出预算总表 单位：万元 合计 基本支出 项目支出 结转下年资金 100.00 60.00 40.00 " + PAD
    lines = [ln.strip() for ln in restore_lines(page).split("\n") if ln.strip()]
    assert lines[-2:] == ["合计 基本支出 项目支出 结转下年资金", "100.00 60.00 40.00"]
    figures = _tables(_text(page), "budget", 2019)
    assert not [f for f in figures if f.item == "closing-carry-over"]  # never the row "结转下年资金"


def test_a_header_flattened_to_one_line_is_cut_into_its_rows():
    assert header_rows(
        "项目 收入预算 功能分类科目编码 功能分类科目名称 合计 财政拨款收入 其他收入 类 款 项"
    ) == ("项目 收入预算\n功能分类科目编码 功能分类科目名称 合计 财政拨款收入 其他收入\n类 款 项")
    assert header_rows("科目编码 科目名称 合计 基本支出 项目支出 小计 其中：基本建设资金支出") == (
        "科目编码 科目名称 合计 基本支出 项目支出\n小计 其中：基本建设资金支出"
    )
    assert header_rows("科目编码\t科目名称\t合计") == "科目编码\t科目名称\t合计"  # a tab line is one row


def test_a_flattened_header_is_stacked_by_the_sums_never_read_in_order_across_its_rows():
    # 项目支出 over 小计 / 其中：基本建设资金支出: read in order, the last value would be a column of
    # its own ("其中：基本建设资金支出" under no 项目支出), a wrong nature
    page = (
        "财政拨款支出决算表 单位：万元 项目 本年支出 科目编码 科目名称 合计 基本支出 项目支出 小计 "
        "其中：基本建设资金支出 类 款 项 205 教育支出 100.00 60.00 40.00 10.00 "
        "20502 普通教育 100.00 60.00 40.00 10.00 2050205 高等教育 100.00 60.00 40.00 10.00 " + PAD
    )
    figures = _tables(_text(page))
    placed = _placed(figures, "2050205")
    assert placed == {
        "本年支出/合计": Decimal("1000000"),
        "本年支出/基本支出": Decimal("600000"),
        "本年支出/项目支出/小计": Decimal("400000"),
        "本年支出/项目支出/其中：基本建设资金支出": Decimal("100000"),
    }
    # a parent row's words are no columns: with 年初 / 本年收入 / 本年支出 / 年末 over 小计 / 基本 /
    # 项目, a row of four values is not read as those four; the template's layout the header names
    # holds them, and its sum (小计 = 基本 + 项目) places the last three only: the first is 年初结转和结余
    # or 本年收入, left open
    page = (
        "政府性基金预算财政拨款收入支出决算表 单位：万元 项目 年初结转和结余 本年收入 本年支出 年末结转和结余 "
        "支出功能分类科目编码 科目名称 小计 基本支出 项目支出 类 款 项 "
        "2120801 征地和拆迁补偿支出 30.00 30.00 20.00 10.00 " + PAD
    )
    figures = _tables(_text(page))
    assert sorted(f.value for f in figures) == [Decimal(v) for v in ("100000", "200000", "300000", "300000")]
    assert {(f.column, f.value, f.column_inference) for f in figures} == {
        (None, Decimal("300000"), "unknown"),  # published, left open
        ("本年支出/小计", Decimal("300000"), "arithmetic"),
        ("本年支出/基本支出", Decimal("200000"), "arithmetic"),
        ("本年支出/项目支出", Decimal("100000"), "arithmetic"),
    }


def test_a_table_flattened_on_one_line_of_a_page_that_keeps_its_paragraphs_is_read():
    # a CMS page: paragraphs on lines of their own, the table's title, unit, header and rows on one
    page = (
        "某局2023年度部门决算\n一、收入决算情况说明\n本年收入合计10.00万元。\n"
        "收入决算表 单位：万元 项目 本年收入合计 财政拨款收入 其他收入 科目编码 科目名称 "
        "合计 10.00 8.00 2.00 201 一般公共服务支出 10.00 8.00 2.00 201 08 审计事务 10.00 8.00 2.00 "
        "201 08 01 行政运行 10.00 8.00 2.00\n二、支出决算情况说明\n本年支出合计10.00万元。\n"
    )
    restored = restore_lines(page)
    assert restored.split("\n")[:3] == page.split("\n")[:3]  # the paragraphs' lines as they were
    assert "\n201 08 01 行政运行 10.00 8.00 2.00\n" in restored
    assert _placed(_tables(_text(page)), "2010801") == {
        "本年收入合计": Decimal("100000"),
        "财政拨款收入": Decimal("80000"),
        "其他收入": Decimal("20000"),
    }


def test_a_name_wrapped_over_two_lines_stays_one_label():
    # the blank of a wrapped name is no row's start: inside a bracket, or after a row's code (where only a
    # total begins the next row)
    line = (
        "收入支出决算总表 单位：万元 项目 决算数 项目 决算数 年初结转和结余 1.00 使用非财政拨款结余（含专用 结余） 2.00 "
        "基本支出决算表 单位：万元 科目编码 科目名称 决算数 30108 机关事业单位基本养老保险 缴费 3.00 "
        "31099 其他资本性支出 人员经费合计 4.00"
    )
    lines = [ln.strip() for ln in restore_lines(line + PAD).split("\n") if ln.strip()]
    assert "使用非财政拨款结余（含专用 结余） 2.00" in lines
    assert "30108 机关事业单位基本养老保险 缴费 3.00" in lines
    assert lines[-2:] == ["31099 其他资本性支出", "人员经费合计 4.00"]


TOTAL_BY_FUND = """收入支出决算总表
单位：万元
项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款收入\t10.00\t一、一般公共服务支出\t12.00
二、政府性基金预算财政拨款收入\t\t
三、国有资本经营预算财政拨款收入\t\t
四、其他收入\t2.00\t
本年收入合计\t12.00\t本年支出合计\t12.00
收入决算表
单位：万元
科目编码\t科目名称\t本年收入合计\t财政拨款收入\t经营收入\t其他收入
合计 12.00 10.00 2.00
201 一般公共服务支出 12.00 10.00 2.00
20101 人大事务 12.00 10.00 2.00
2010101 行政运行 10.00 10.00
2010199 其他人大事务支出 2.00 2.00
"""


def test_appropriations_by_fund_in_the_total_table_place_the_income_tables_columns():
    # the 总表 prints its appropriation income by fund: their sum (10.00) is the 财政拨款收入 column's, so
    # the income table's 合计 row, and through its sums every row, is placed (经营收入 or 财政拨款收入?)
    figures = _tables(_text(TOTAL_BY_FUND))
    assert _placed(figures, "2010101") == {
        "本年收入合计": Decimal("100000"),
        "财政拨款收入": Decimal("100000"),
    }
    assert _placed(figures, "2010199") == {"本年收入合计": Decimal("20000"), "其他收入": Decimal("20000")}
    income = [f for f in figures if f.function is not None and len(f.function.code) == 7]
    assert len(income) == 4 and {f.column_inference for f in income} == {"arithmetic"}


def test_the_total_tables_funds_place_an_income_table_printed_before_it():
    """A document printing its 收入决算表 before its 总表 reads as the same document in order: the
    总表's income by fund places the income table's numbers wherever the 总表 is printed."""
    total, income = TOTAL_BY_FUND.split("收入决算表\n单位")
    income_first = "收入决算表\n单位" + income + total
    in_order, swapped = _tables(_text(TOTAL_BY_FUND)), _tables(_text(income_first))
    for code in ("2010101", "2010199"):
        assert _placed(swapped, code) == _placed(in_order, code)


# the same table copied one cell per line (the "cells" form): the header's two rows run together, and
# no row keeps the places of its blank cells
STACKED_CELLS = "\n".join(
    [
        "表2：收入决算表",
        "单位：万元",
        *"科目编码 科目名称 本年收入合计 财政拨款收入 事业收入 其他收入 金额 其中：教育收费".split(),
        *"205 教育支出 300.00 100.00 150.00 120.00 50.00".split(),
        *"20502 普通教育 300.00 100.00 150.00 120.00 50.00".split(),
        *"2050205 高等教育 290.00 100.00 140.00 110.00 50.00".split(),
    ]
)


def test_a_stacked_header_printed_one_cell_per_line_keeps_its_leaf_columns():
    """事业收入 is the parent of 金额 and 其中：教育收费, not a column: read flat, the header has one
    column more than its leaves and 金额 / 其中：教育收费 land after 其他收入."""
    placed = _placed(_tables(_text(STACKED_CELLS)), "2050205")
    assert placed == STACKED_2050205


# the same header copied as blank-separated text (the "blanks" form): its two rows on two lines, the
# children's places unprinted, and no row printing every column (上级补助收入 … blank throughout), so
# neither the line's words nor the rows' widths say where 金额 / 其中：教育收费 stand
STACKED_BLANKS = """表1：收入支出决算总表
单位：万元
项目  决算数  项目  决算数
一、财政拨款收入  100.00  一、教育支出  300.00
二、上级补助收入
三、事业收入  150.00
四、经营收入
五、附属单位上缴收入
六、其他收入  50.00
本年收入合计  300.00  本年支出合计  300.00
表2：收入决算表
单位：万元
科目编码   科目名称  本年收入合计  财政拨款收入  上级补助收入  事业收入  经营收入  附属单位上缴收入  其他收入
金额   其中：教育收费
合计  300.00   100.00    150.00   120.00     50.00
205   教育支出  300.00   100.00    150.00   120.00     50.00
20502   普通教育  300.00   100.00    150.00   120.00     50.00
2050205   高等教育  290.00   100.00    140.00   110.00     50.00
2050299   其他普通教育支出  10.00     10.00   10.00
"""


def test_a_stacked_header_copied_as_blank_separated_lines_keeps_its_leaf_columns():
    """The line of 事业收入's children (template.PARENT_CHILDREN) under the line naming 事业收入: the
    children are 事业收入's columns, and the rows' sums with the 总表's income by fund place each value
    (201's blanks form: read as the 7 top cells, the rows of five values were left open)."""
    figures = _tables(_text(STACKED_BLANKS))
    placed = _placed([f for f in figures if f.table == "final.income"], "2050205")
    assert placed == STACKED_2050205
    assert _placed([f for f in figures if f.table == "final.income"], "2050299") == {
        "本年收入合计": Decimal("100000"),
        "事业收入/金额": Decimal("100000"),
        "事业收入/其中：教育收费": Decimal("100000"),
    }


def _income_known(page: str) -> dict[str, Decimal]:
    from converter.parse.text_tables import _income_by_fund, text_tables

    total = next(t for t in text_tables(_text(page), "final") if t.kind_key == "final.total")
    return _income_by_fund(total)


def test_a_total_tables_empty_income_line_is_nil_only_when_the_printed_lines_add_up():
    """二、上级补助收入 printed without a number is 0 when 财政拨款 + 事业 + 其他 make 本年收入合计; when
    they make less, its figure may be one the reader did not find: it is left open, not taken as 0
    (the income table's columns would be pinned by a nil that is not the publisher's)."""
    head = STACKED_BLANKS.split("表2：")[0]
    assert _income_known(head) == {
        "财政拨款": Decimal("100.00"),
        "上级补助": Decimal(0),
        "事业收入": Decimal("150.00"),
        "附属单位": Decimal(0),
        "其他收入": Decimal("50.00"),
    }
    short = head.replace("本年收入合计  300.00", "本年收入合计  320.00")
    assert _income_known(short) == {
        "财政拨款": Decimal("100.00"),
        "事业收入": Decimal("150.00"),
        "其他收入": Decimal("50.00"),
    }
    assert _income_known(head.replace("本年收入合计  300.00  ", "")) == _income_known(short)  # no total


def test_a_total_table_printed_one_cell_per_line_with_its_column_numbers_reads_its_lines():
    """The 栏次 row printed one cell per line ("栏次", "1", "栏次", "2"): its numbers are the columns',
    no row's; read as figures they began the table's body before any label, and every line of the
    总表 was left without its figure (201's cells form)."""
    head = STACKED_BLANKS.split("表2：")[0].replace("决算数\n", "决算数\n栏次  1  栏次  2\n", 1)
    cells = "\n".join(c for line in head.split("\n") for c in line.split("  ") if c.strip())
    assert "\n栏次\n1\n栏次\n2\n一、财政拨款收入\n100.00\n" in cells
    assert _income_known(cells) == _income_known(STACKED_BLANKS.split("表2：")[0])
    assert _income_known(cells)["上级补助"] == Decimal(0)


def test_a_stacked_header_flattened_to_one_line_keeps_its_nested_leaf_columns():
    """The page on one line: the header's rows are cut apart again (金额 opens the row of 事业收入's
    children), and the columns are its deepest row's words as the leaves under 事业收入 with the row
    above's cells beside them, not the deepest row alone (two columns for rows of five values: every
    value was left open, 201's one-line form)."""
    page = re.sub(r"\s+", " ", STACKED_BLANKS) + PAD
    figures = [f for f in _tables(_text(page)) if f.table == "final.income"]
    assert _placed(figures, "2050205") == STACKED_2050205
    assert {f.column_inference for f in figures} == {"arithmetic"}


EXPENDITURE_BLANKS = """某大学2023年度部门决算
表3：支出决算表
单位：万元
科目编码  科目名称  合计  基本支出  项目支出  上缴上级支出  经营支出  对附属单位补助支出
205  教育支出  100.00  60.00  40.00
20502  普通教育  100.00  60.00  40.00
2050205  高等教育  70.00  50.00  20.00
2050299  其他普通教育支出  30.00  10.00  20.00
221  住房保障支出  20.00  20.00
22102  住房改革支出  20.00  20.00
2210201  住房公积金  20.00  20.00
合计  120.00  80.00  40.00
二、支出决算情况说明
本年支出合计120.00万元，其中基本支出80.00万元，占66.67%；项目支出40.00万元，占33.33%。
"""


def test_an_open_total_row_is_read_again_with_the_narratives_basic_and_project_figures():
    """Three values a row in six columns: the table's sums fit 基本支出 / 项目支出 or any two of the five
    parts, so every part is open; the narrative's 基本支出 and 项目支出 (template.NARRATIVE_COLUMNS) pin the
    合计 row, and through the sums every row, by the arithmetic (the blanks form of 101, 102, 201)."""
    report = parse_report(_text(EXPENDITURE_BLANKS))
    table = [f for f in report.figures if f.table == "final.expenditure"]
    assert _placed(table, "2050205") == {
        "合计": Decimal("700000"),
        "基本支出": Decimal("500000"),
        "项目支出": Decimal("200000"),
    }
    assert _placed(table, "2210201") == {"合计": Decimal("200000"), "基本支出": Decimal("200000")}
    assert {f.column_inference for f in table} == {"arithmetic"}
    # the narrative states none: the parts are left open, never guessed
    alone = parse_report(_text(EXPENDITURE_BLANKS.split("二、")[0] + "本部门无其他说明。\n"))
    parts = [f for f in alone.figures if f.table == "final.expenditure" and f.column != "合计"]
    assert parts and {f.column_inference for f in parts} == {"unknown"}


BANNER_LINE = """2025年部门收入预算总表
编制部门：某某局 单位：元
项目  收入预算  合计  财政拨款收入  事业收入  事业单位经营收入  其他收入
201  一般公共服务支出  100.00  100.00
201 13  商贸事务  100.00  100.00
201 13 01  行政运行  60.00  60.00
201 13 02  一般行政管理事务  40.00  40.00
"""


def test_a_banner_printed_before_the_total_spans_the_other_columns():
    """收入预算 printed before 合计 on the header's line is the banner over the layout's columns, not a
    column: read as one, each row's two values fitted 收入预算 / 合计 / … and the total was left open
    (109's cells form, until its header's cells were cut into rows), whatever the rows print."""
    figures = _tables(_text(BANNER_LINE), "budget", 2025)
    row = [f for f in figures if f.function is not None and f.function.code == "2011301"]
    assert sorted((f.column or "", f.column_inference) for f in row) == [
        ("", "unknown"),  # 财政拨款收入 or another fund's: no 总表 says which, it is left open
        ("收入预算/合计", "arithmetic"),
    ]
    assert {f.column for f in figures if f.column_inference == "arithmetic"} == {"收入预算/合计"}


STACKED_EXPENDITURE_CELLS = "\n".join(
    [
        "表4：财政拨款支出决算表",
        "单位：万元",
        *"项目 本年支出 科目编码 科目名称 合计 基本支出 项目支出 小计 其中：基本建设资金支出 类 款 项".split(),
        *"合计 100.00 60.00 40.00 10.00".split(),
        *"205 教育支出 100.00 60.00 40.00 10.00".split(),
        *"20502 普通教育 100.00 60.00 40.00 10.00".split(),
        *"2050205 高等教育 100.00 60.00 40.00 10.00".split(),
    ]
)


def test_a_stacked_header_printed_one_cell_per_line_is_cut_into_its_rows_and_stacked():
    """项目支出 over 小计 / 其中：基本建设资金支出, one cell per line: the header's words read as the one
    line a flattened page gives, cut into its rows and stacked by the rows' sums; its six words are no
    six columns, and a row of four values is a row (the template's widest layout has three: the
    values were left apart from their rows, 201's cells form)."""
    placed = _placed(_tables(_text(STACKED_EXPENDITURE_CELLS)), "2050205")
    assert placed == {
        "本年支出/合计": Decimal("1000000"),
        "本年支出/基本支出": Decimal("600000"),
        "本年支出/项目支出/小计": Decimal("400000"),
        "本年支出/项目支出/其中：基本建设资金支出": Decimal("100000"),
    }
