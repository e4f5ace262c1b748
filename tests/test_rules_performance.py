"""The performance tables against their own arithmetic (shapes/integrity-performance.ttl). The sample (a
2022 决算) prints a department-wide scoring table (部门整体自评得分 95) and three project self-evaluations
(得分 100 100), all adding up: mutated, the rules find what a reader would, in juesuan and in pyshacl; a
deduction item printed as the points it takes off adds up too."""

from __future__ import annotations

import pytest

from converter.pipeline import convert_files
from converter.validate import validate_graph
from tests.conftest import SAMPLE, mutated_sample_graph
from tests.pyshacl_rules import pyshacl_rules

RULES = {
    "performance-score-above-weight",
    "performance-target-missed",
    "performance-total",
    "performance-total-unread",
    "performance-total-rounding",
}
SATISFACTION = "满意度指标\t满意度指标\t被慰问骨干企业满意度\t95%\t95%\t10\t10\t"
VISITS = "\t数量指标\t企业调研次数\t≥12次\t≥12次\t5\t5\t"
DEPARTMENT_TOTAL = "部门整体自评得分\t\t\t\t\t\t\t\t\t\t95"
DEDUCTION = "\t10\t被评价单位配合评价工作情况。"


def _found(graph) -> list[tuple[str, str]]:
    return sorted((f.rule, f.severity) for f in validate_graph(graph).findings if f.rule in RULES)


def _deduction_row(text: str, score: str) -> tuple[str, str]:
    """The sample's 扣分项 row with ``score`` for its 0 (the row's last numeric cell)."""
    start = text.index(DEDUCTION)
    end = text.index("\n", start)
    row = text[start:end]
    head, zero, tail = row.rpartition("\t0\t")
    assert zero, row
    return row, f"{head}\t{score}\t{tail}"


def test_the_sample_adds_up(tmp_path):
    graph = mutated_sample_graph(tmp_path)
    assert _found(graph) == []
    # the four totals are published with their rows, so the rules have something to check
    totals = [
        o for _s, p, o in graph.triples((None, None, None)) if str(p).endswith("/def/fiscal#scoreTotal")
    ]
    assert len(totals) == 4


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        # a score of 12 on a weight of 10: the row, and its project's total of 100 against rows of 102
        (
            [(SATISFACTION, SATISFACTION.replace("\t10\t10\t", "\t10\t12\t"))],
            [("performance-score-above-weight", "Violation"), ("performance-total", "Violation")],
        ),
        # a weight of 12 scored 10: the weights add up to 102 against the total's 100
        (
            [(SATISFACTION, SATISFACTION.replace("\t10\t10\t", "\t12\t10\t"))],
            [("performance-total", "Violation")],
        ),
        # half a point off a score printed with its decimal: beyond the half-width of 0.05
        ([(VISITS, VISITS.replace("\t5\t5\t", "\t5\t4.5\t"))], [("performance-total", "Violation")]),
        # the department's total one point above its rows' 95
        ([(DEPARTMENT_TOTAL, DEPARTMENT_TOTAL.replace("95", "96"))], [("performance-total", "Violation")]),
        # 10 visits of a target of at least 12, scored in full
        (
            [(VISITS, VISITS.replace("≥12次\t≥12次", "≥12次\t10次"))],
            [("performance-target-missed", "Warning")],
        ),
    ],
    ids=["score-above-weight", "weights-off", "decimal-score-off", "department-total-off", "target-missed"],
)
def test_a_table_that_does_not_add_up(tmp_path, pairs, expected):
    graph = mutated_sample_graph(tmp_path, *pairs)
    assert _found(graph) == expected
    assert pyshacl_rules(graph, RULES) == [r for r, _s in expected]


@pytest.mark.parametrize(
    "actual",
    ["12次", "15次", "10", "10家"],
    ids=["met", "exceeded", "no-unit", "other-unit"],
)
def test_a_target_met_or_not_comparable_is_no_finding(tmp_path, actual):
    graph = mutated_sample_graph(tmp_path, (VISITS, VISITS.replace("≥12次\t≥12次", f"≥12次\t{actual}")))
    assert _found(graph) == []


def test_a_target_missed_and_scored_below_its_weight_is_no_finding(tmp_path):
    graph = mutated_sample_graph(
        tmp_path, (VISITS, VISITS.replace("≥12次\t≥12次\t5\t5", "≥12次\t10次\t5\t4"))
    )
    assert [r for r, _s in _found(graph)] == ["performance-total"]  # its total of 100 is then 1 off


def test_a_total_inside_its_rows_rounding_is_an_info(tmp_path):
    """A score printed 4.96 and its project's total 100.0: 0.04 apart, within the half-widths of the two
    (0.005 + 0.05): printed rounding, an Info."""
    text = SAMPLE.read_text(encoding="utf-8")
    project = text.index("嘉州工业园区建设指挥部工作经费\t")
    total = text.index("\t100\t100\t", project)
    text = text[:total] + "\t100\t100.0\t" + text[total + len("\t100\t100\t") :]
    text = text.replace(VISITS, VISITS.replace("\t5\t5\t", "\t5\t4.96\t"), 1)
    path = tmp_path / SAMPLE.name
    path.write_text(text, encoding="utf-8")
    graph = convert_files([path]).converted[0].graph
    assert _found(graph) == [("performance-total-rounding", "Info")]
    assert pyshacl_rules(graph, RULES) == ["performance-total-rounding"]


def test_a_deduction_printed_as_the_points_taken_off_adds_up(tmp_path):
    """扣分项 printed 2 with the total 93 (95 - 2): no finding; with the total left at 95 neither reading
    (2 added: 97, or taken off: 93) gives it."""
    text = SAMPLE.read_text(encoding="utf-8")
    row = _deduction_row(text, "2")
    taken_off = mutated_sample_graph(tmp_path, row, (DEPARTMENT_TOTAL, DEPARTMENT_TOTAL.replace("95", "93")))
    assert _found(taken_off) == []
    (tmp_path / "left").mkdir()
    left_at_95 = mutated_sample_graph(tmp_path / "left", row)
    assert _found(left_at_95) == [("performance-total", "Violation")]


def test_a_row_not_understood_makes_a_disagreement_a_warning(tmp_path):
    """A row whose weight and score are not its last two cells is not read: its project's total then
    disagrees with the rows read, which may be the reader's doing, not the table's."""
    broken = SATISFACTION.replace("\t10\t10\t", "\t10\t满意\t10\t")
    graph = mutated_sample_graph(tmp_path, (SATISFACTION, broken))
    # the weights and the scores are both 10 short of 100: one finding in juesuan (the same stated and
    # computed values, merged), a result for each in a SHACL engine
    assert _found(graph) == [("performance-total-unread", "Warning")]
    assert pyshacl_rules(graph, RULES) == ["performance-total-unread"] * 2


def test_a_row_printing_its_weight_but_no_score_makes_a_disagreement_a_warning(tmp_path):
    """A score cell left empty: the row is not read as an indicator, and its project's rows no longer
    add up to 100; the row is counted as unread, so the total's disagreement is a Warning."""
    graph = mutated_sample_graph(tmp_path, (VISITS, VISITS.replace("\t5\t5\t", "\t5\t\t")))
    assert _found(graph) == [("performance-total-unread", "Warning")]
