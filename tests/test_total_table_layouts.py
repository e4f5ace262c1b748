"""A 收支总表 as smaller units print it: a 行次 column named beside 项目 and 决算数 in the header row (the
template's; before, that row was taken for the row numbering the columns, the header was lost and each
line's 行次 published as its amount: 本年收入合计 3万元), and the income side printed above the expenditure
side in one column (before, the expenditure lines 一、一般公共服务支出 … were of no known item)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from converter.pipeline import convert_files

PAGE = """<html><head><meta charset="utf-8"><title>某县审计局2018年度部门决算</title></head><body>
<p>某县审计局2018年度部门决算</p><p>收入支出决算总表</p><p>单位：万元</p>
<table border="1"><tr><td>项目</td><td>行次</td><td>决算数</td></tr>{numbering}
<tr><td>一、一般公共预算财政拨款收入</td><td>1</td><td>100.00</td></tr>
<tr><td>二、政府性基金预算财政拨款收入</td><td>2</td><td></td></tr>
<tr><td>本年收入合计</td><td>3</td><td>100.00</td></tr>
<tr><td>一、一般公共服务支出</td><td>4</td><td>90.00</td></tr>
<tr><td>二、社会保障和就业支出</td><td>5</td><td>10.00</td></tr>
<tr><td>本年支出合计</td><td>6</td><td>100.00</td></tr>
</table></body></html>"""


@pytest.mark.parametrize(
    "numbering", ["", "<tr><td>栏次</td><td></td><td>1</td></tr>"], ids=["plain", "栏次-row"]
)
def test_a_stacked_total_table_with_its_line_numbers(tmp_path, numbering):
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(numbering=numbering), encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    figures = {
        (f.item, f.fund, f.function.code if f.function else None): (f.value, f.column)
        for f in result.converted[0].report.figures
    }
    assert figures == {
        ("income", "general-public-budget", None): (Decimal("1000000"), "决算数"),
        ("income", "all", None): (Decimal("1000000"), "决算数"),
        ("expenditure", "all", "201"): (Decimal("900000"), "决算数"),
        ("expenditure", "all", "208"): (Decimal("100000"), "决算数"),
        ("expenditure", "all", None): (Decimal("1000000"), "决算数"),
    }


TEXT = """某县审计局2018年度部门决算

收入支出决算总表
单位：万元
{head}
一、一般公共预算财政拨款收入{s}1{s}100.00{right1}
二、政府性基金预算财政拨款收入{s}2{s}{right2}
本年收入合计{s}3{s}100.00{right3}
"""
STACKED_TAIL = (
    "一、一般公共服务支出{s}4{s}90.00\n二、社会保障和就业支出{s}5{s}10.00\n本年支出合计{s}6{s}100.00\n"
)


@pytest.mark.parametrize("s", ["  ", "\t"], ids=["blanks", "tabs"])
@pytest.mark.parametrize("layout", ["stacked", "side-by-side"])
def test_the_line_numbers_of_a_text_table_are_no_amounts(tmp_path, s, layout):
    """The same table as text: each line's 行次 is no amount. Before, 二、政府性基金预算财政拨款收入 2 was
    published as 2万元 of government-fund income, and every other line's amount left without its column."""
    if layout == "stacked":
        head = f"项目{s}行次{s}决算数"
        text = TEXT.format(head=head, s=s, right1="", right2="", right3="") + STACKED_TAIL.format(s=s)
    else:
        head = f"收入{s}支出\n项目{s}行次{s}金额{s}项目{s}行次{s}金额"
        rights = (f"{s}一、一般公共服务支出{s}7{s}90.00", f"{s}二、社会保障和就业支出{s}8{s}10.00",
                  f"{s}本年支出合计{s}9{s}100.00")  # fmt: skip
        text = TEXT.format(head=head, s=s, right1=rights[0], right2=rights[1], right3=rights[2])
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    figures = {
        (f.item, f.fund, f.function.code if f.function else None): f.value
        for f in result.converted[0].report.figures
    }
    assert figures == {
        ("income", "general-public-budget", None): Decimal("1000000"),
        ("income", "all", None): Decimal("1000000"),
        ("expenditure", "all", "201"): Decimal("900000"),
        ("expenditure", "all", "208"): Decimal("100000"),
        ("expenditure", "all", None): Decimal("1000000"),
    }
