"""A web page's links to other articles (上一篇 / 下一篇, 相关文章 and its list) are read as nothing: they name
other publications' organisations, years and dates, which are not this report's."""

from __future__ import annotations

import pytest

from converter.parse.page_chrome import blank_page_chrome
from converter.pipeline import convert_files
from converter.validate import validate_graph
from tests.conftest import SAMPLE

NAVIGATION = "上一篇：乐山市市中区商务局2021年度部门预算公开\n下一篇 乐山市市中区商务局2023年度部门决算公开\n"
RELATED = "相关文章\n乐山市市中区商务局2021年度部门决算\n2022-08-01\n\n2021年度部门决算公开 发布日期：2022年9月1日\n"


def test_blanking_keeps_offsets_and_stops_at_prose():
    prose = "本部门2022年度收入总计319.72万元。\n"
    text = "正文。\n" + RELATED + prose
    blanked = blank_page_chrome(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert "相关文章" not in blanked and "发布日期" not in blanked
    assert blanked.startswith("正文。") and blanked.endswith(prose)  # the list ends where prose begins


def test_a_heading_that_only_begins_with_the_words_is_no_list():
    text = "相关文章所述的支出情况如下。\n2021年度部门决算\n"
    assert blank_page_chrome(text) == text


def _converted(tmp_path, text: str):
    path = tmp_path / SAMPLE.name
    path.write_text(text, encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    return result.converted[0]


@pytest.mark.parametrize("where", ["before", "after"])
def test_links_to_other_articles_change_neither_identity_nor_findings(tmp_path, where):
    text = SAMPLE.read_text(encoding="utf-8")
    plain = _converted(tmp_path, text)
    framed = _converted(
        tmp_path, NAVIGATION + RELATED + text if where == "before" else text + "\n" + NAVIGATION + RELATED
    )
    assert framed.report.organisation.name == plain.report.organisation.name == "乐山市市中区经济和信息化局"
    assert (framed.report.fiscal_year, framed.report.phase) == (plain.report.fiscal_year, plain.report.phase)
    found = {(f.rule, f.severity, f.message) for f in validate_graph(framed.graph).findings}
    assert found == {(f.rule, f.severity, f.message) for f in validate_graph(plain.graph).findings}


def test_a_title_after_a_breadcrumb_and_cells_one_per_line_are_no_running_header():
    """The organisation's name printed twice is a running header only where it cuts prose: not the page's
    title after its breadcrumb (首页 > … > 财政预决算), nor a cell of a form printed one per line between
    short ones (主管部门 / 某县审计局 / 实施单位); before, both were blanked and the page's organisation
    and the project's 主管部门 lost."""
    page = "首页 > 信息公开 > 法定主动公开内容 > 财政预决算\n西南大学2023年度部门决算\n发布时间：2024-06-18\n西南大学2023年度部门决算\n"
    assert blank_page_chrome(page) == page
    cells = "项目名称\n审计业务经费\n主管部门\n某县审计局\n实施单位\n某县审计局\n项目资金\n"
    assert blank_page_chrome(cells) == cells
    cut = "本年度一般公共预算财政拨款支出主要用于机关事业单\n某县审计局\n位基本养老保险缴费支出，某县审计局\n某县审计局\n"
    assert "某县审计局\n位" not in blank_page_chrome(cut)
