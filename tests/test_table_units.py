"""A table's amounts in the unit it states, exactly: 单位：千元 (before: published as yuan, a thousand
times too small), and an amount printed with its own unit in the cell ("80.00万元", "5,000元" in a 万元
table; before: "not a number", its figure not read)."""

from __future__ import annotations

from decimal import Decimal

from converter.pipeline import convert_files

PAGE = """<html><head><meta charset="utf-8"><title>某县审计局2018年度部门决算</title></head><body>
<p>某县审计局2018年度部门决算</p><p>一般公共预算财政拨款支出决算表</p><p>单位：{unit}</p>
<table border="1"><tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>
<tr><td></td><td>合计</td><td>100.00</td><td>80.00</td><td>20.00</td></tr>
<tr><td>2010801</td><td>行政运行</td><td>{cell}</td><td>80.00</td><td></td></tr>
<tr><td>2010804</td><td>审计业务</td><td>20.00</td><td></td><td>20.00</td></tr>
</table></body></html>"""


def _figures(tmp_path, unit: str, cell: str = "80.00") -> dict[tuple[str | None, str], tuple[Decimal, str]]:
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(unit=unit, cell=cell), encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    return {
        (f.function.code if f.function else None, f.nature): (f.value, f.stated_unit)
        for f in result.converted[0].report.figures
        if f.item == "expenditure"
    }


def test_a_table_in_thousands_of_yuan(tmp_path):
    figures = _figures(tmp_path, "千元")
    assert figures[(None, "all")] == (Decimal("100000"), "千元")
    assert figures[("2010801", "basic")] == (Decimal("80000"), "千元")


def test_an_amount_printed_with_its_unit(tmp_path):
    assert _figures(tmp_path, "万元", "80.00万元")[("2010801", "all")] == (Decimal("800000"), "万元")
    assert _figures(tmp_path, "万元", "800,000元")[("2010801", "all")] == (Decimal("800000"), "元")
