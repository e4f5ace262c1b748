"""A table with no code column that prints each line's code at the head of its name ("2010801行政运行",
"30101 基本工资"): the code is read from the label cell. Before, such a row was taken for two rows run
together (table-row-garbled) and not read, or published with no classification. A number of another kind
at the head of a label (an amount, a count, a year) is no code."""

from __future__ import annotations

from decimal import Decimal

from converter.pipeline import convert_files
from converter.validate import validate_graph

PAGE = """<html><head><meta charset="utf-8"><title>某县审计局2018年度部门决算</title></head><body>
<p>某县审计局2018年度部门决算</p>
<p>一般公共预算财政拨款支出决算表</p><p>单位：万元</p>
<table border="1">
<tr><td>功能分类科目</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>
<tr><td>合计</td><td>100.00</td><td>80.00</td><td>20.00</td></tr>
<tr><td>201一般公共服务支出</td><td>100.00</td><td>80.00</td><td>20.00</td></tr>
<tr><td>20108审计事务</td><td>100.00</td><td>80.00</td><td>20.00</td></tr>
<tr><td>2010801行政运行</td><td>80.00</td><td>80.00</td><td></td></tr>
<tr><td>2010804 审计业务</td><td>20.00</td><td></td><td>20.00</td></tr>
</table>
<p>一般公共预算财政拨款基本支出决算表</p><p>单位：万元</p>
<table border="1">
<tr><td>经济分类科目</td><td>决算数</td></tr>
<tr><td>合计</td><td>80.00</td></tr>
<tr><td>301 工资福利支出</td><td>70.00</td></tr>
<tr><td>30101 基本工资</td><td>70.00</td></tr>
<tr><td>302 商品和服务支出</td><td>10.00</td></tr>
<tr><td>30201 办公费</td><td>10.00</td></tr>
</table></body></html>"""


def _converted(tmp_path, page: str):
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    return result.converted[0]


def _by_code(report, table_word: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for f in report.figures:
        ref = f.function or f.economic
        if ref is not None and f.table and table_word in f.table and f.nature == "all":
            out[ref.code] = f.value
    return out


def test_codes_at_the_head_of_labels_are_read(tmp_path):
    report = _converted(tmp_path, PAGE).report
    functions = _by_code(report, "general_expenditure")
    assert functions == {
        "201": Decimal("1000000"), "20108": Decimal("1000000"),
        "2010801": Decimal("800000"), "2010804": Decimal("200000"),
    }  # fmt: skip
    economics = {f.economic.code: f.value for f in report.figures if f.economic is not None}
    assert economics == {"301": Decimal("700000"), "30101": Decimal("700000"), "302": Decimal("100000"),
                         "30201": Decimal("100000")}  # fmt: skip
    wordings = {f.function.wording for f in report.figures if f.function is not None}
    assert wordings == {"一般公共服务支出", "审计事务", "行政运行", "审计业务"}
    assert not [w for w in report.warnings if w.code == "table-row-garbled"]


def test_the_hierarchy_is_checked_on_them(tmp_path):
    """Read, the lines add up (no finding on the page as printed); one amount misprinted is found."""
    as_printed = validate_graph(_converted(tmp_path, PAGE).graph).findings
    assert not [f for f in as_printed if f.severity == "Violation"]
    wrong = PAGE.replace("<td>2010801行政运行</td><td>80.00", "<td>2010801行政运行</td><td>81.00")
    findings = validate_graph(_converted(tmp_path, wrong).graph).findings
    assert "hierarchy-function" in {f.rule for f in findings if f.severity == "Violation"}


def test_a_number_of_another_kind_is_no_code():
    from converter.parse.tables import _code_and_name

    assert _code_and_name("2010801行政运行", strict=True) == ("2010801", "行政运行")
    assert _code_and_name("30101 基本工资", strict=True) == ("30101", "基本工资")
    for label in ("100人以下", "2019年结转", "120万元以上项目", "1000 其他", "201", "199一般"):
        assert _code_and_name(label, strict=True) is None, label
