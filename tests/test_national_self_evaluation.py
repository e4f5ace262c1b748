"""A page holding one 项目支出绩效自评表 in the national template's layout (财政部's 2020 form: 项目名称 and
主管部门 in cells of their own, no colon; the funds row scoring the execution rate in 分值 / 执行率 / 得分;
the indicators under a 绩效指标 cell; a 总分 row), as text copied from a page and as the page's HTML
with its spanning cells. Before, neither was read: no project, no figure, and the page was refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from converter.pipeline import convert_files
from converter.validate import validate_graph

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = FIXTURES / "national_self_evaluation.txt"  # a page that begins on the table: no heading
PAGE = FIXTURES / "national_self_evaluation.html"  # with its heading and rowspan / colspan cells


def _converted(tmp_path: Path, source: Path, *pairs: tuple[str, str]):
    text = source.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / f"page_2022{source.suffix}"
    path.write_text(text, encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    return result.converted[0]


@pytest.mark.parametrize(
    ("source", "weights", "scores", "total", "funds"),
    [
        (TEXT, [10, 20, 20, 10, 20, 20], [9.5, 20, 20, 10, 20, 20], (100, 99.5), 7),
        (PAGE, [10, 30, 20, 10, 20, 10], [9, 30, 20, 10, 19, 10], (100, 98), 7),
    ],
    ids=["text", "html"],
)
def test_the_national_form_is_read(tmp_path, source, weights, scores, total, funds):
    converted = _converted(tmp_path, source)
    report = converted.report
    (project,) = report.projects
    execution = project.indicators[0]
    assert (execution.level3, execution.actual_text) == ("预算执行率", "95%" if source == TEXT else "90%")
    assert [i.weight for i in project.indicators] == [Decimal(str(w)) for w in weights]
    assert [i.score for i in project.indicators] == [Decimal(str(s)) for s in scores]
    assert (project.total.weight, project.total.score) == tuple(Decimal(str(t)) for t in total)
    # the funds rows: 年初 / 全年预算 / 执行数 / 执行率 of the whole, 年初 / 全年 / 执行数 of the appropriation
    assert len([f for f in report.figures if f.item == "project-funds"]) == funds
    findings = validate_graph(converted.graph).findings
    assert [f.rule for f in findings if f.severity in ("Violation", "Warning")] == []


def test_a_page_of_the_table_alone_takes_its_identity_from_it(tmp_path):
    """No heading: the organisation is the 主管部门 the table names, the phase that of a self-evaluation
    (a 决算's), each flagged inferred or decided by the content."""
    identity = _converted(tmp_path, TEXT).report.identity
    assert identity["organisation"].value == "某某县农业农村局"
    assert identity["organisation"].inferred
    assert identity["phase"].value == "final"
    assert identity["year"].value == "2022"


@pytest.mark.parametrize(
    ("pairs", "rule"),
    [
        ([("总分\t\t\t\t\t\t100\t99.5", "总分\t\t\t\t\t\t100\t98")], "performance-total"),
        # the execution rate's score above its weight, on the funds row
        ([("95\t10\t95%\t9.5", "95\t10\t95%\t11")], "performance-score-above-weight"),
    ],
    ids=["total-off", "execution-score-above-weight"],
)
def test_its_arithmetic_is_checked(tmp_path, pairs, rule):
    findings = validate_graph(_converted(tmp_path, TEXT, *pairs).graph).findings
    assert rule in {f.rule for f in findings if f.severity == "Violation"}


def test_a_sums_table_header_begins_no_project():
    """ "项目名称 金额 项目名称 金额", a 收支总表's header, is not a self-evaluation's 项目名称 line."""
    from converter.parse.performance import parse_performance_tables
    from converter.parse.sections import lines_of

    text = (
        "收支预算总表\n项目名称\t金额\t项目名称\t金额\n一、一般公共预算拨款\t100\t一、一般公共服务支出\t100\n"
    )
    projects, _, _ = parse_performance_tables(text, lines_of(text), 2022, lambda _: 1)
    assert projects == []


DEPARTMENT = FIXTURES / "national_department_self_evaluation.txt"


def test_a_department_wide_self_evaluation_is_read(tmp_path):
    """部门（单位）整体支出绩效自评表: its department names the evaluation, its 年度资金总额 row gives the funds
    and the 预算执行率 indicator, its indicators add up to the 总分. A row holding two blocks side by side
    (其中：财政拨款 500 | 其中：基本支出 300) is reported, not read: no 300 is published under a column of the
    other block. Before, the page was refused (no figures)."""
    converted = _converted(tmp_path, DEPARTMENT)
    report = converted.report
    (evaluation,) = report.projects
    assert evaluation.name == "某某县民政局"
    assert [i.score for i in evaluation.indicators] == [Decimal("9.8"), 30, 30, 29]
    assert (evaluation.total.weight, evaluation.total.score) == (100, Decimal("98.8"))
    amounts = {(f.statistic, f.fund, f.value) for f in report.figures if f.item == "project-funds"}
    assert ("level", "all", Decimal("5100000")) in amounts
    assert not any(value == Decimal("3000000") for _, _, value in amounts)
    findings = validate_graph(converted.graph).findings
    assert [f.rule for f in findings if f.severity in ("Violation", "Warning")] == []


def test_a_unit_name_line_above_a_table_begins_no_evaluation():
    from converter.parse.performance import parse_performance_tables
    from converter.parse.sections import lines_of

    text = "单位名称：\t某某县民政局\t单位：万元\n项目\t金额\n一、一般公共预算拨款\t100\n"
    projects, _, _ = parse_performance_tables(text, lines_of(text), 2022, lambda _: 1)
    assert projects == []
