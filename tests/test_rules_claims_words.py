"""Narrative claims written loosely or leaving their base open (issue #14), on short texts worded as
the 情况说明 of real 决算 word them (101's "年初预算为…万元，支出决算为…万元。决算数小于预算数", 204's
"与上年相比增加…万元"): hedged words (基本持平, 略有增加), approximate sizes (约, 左右, 近, 超过, 余,
不到), a bare 预算数 the sentence does not settle, and 比上年 with no year.

Each case runs shapes/integrity-claims.ttl with pyshacl over the converted text twice: as written (no
finding: the words agree with the figures read loosely) and mutated (the rule's Warning, never a
Violation for words that are no exact statement); and the rule removed loses its finding. No shared
corpus needed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH
from test_rules_claims import FISCAL, claim_shapes, convert, run_shapes

from converter.pipeline import read_document

HEAD = "上海市普陀区财政局2024年度部门决算\n\n第二部分 2024年度部门决算情况说明\n五、一般公共预算财政拨款支出决算情况说明\n"
# 101's wording of a 项 and its budget
LINE = (
    "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的基本支出。"
)
BUDGET = "年初预算为1560.05万元，支出决算为1511.89万元。"  # 48.16 万元 less, 3.09 %
SMALL = (
    "2、一般公共服务支出（类）财政事务（款）一般行政管理事务（项）。主要用于：局财政业务指导与宣传等基本支出。"
    "年初预算为10.00万元，支出决算为10.00万元。"
)


def claims_of(tmp_path: Path, body: str):
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    return convert(read_document(path), path)


def findings(tmp_path: Path, body: str) -> list[tuple[str, str, str]]:
    return run_shapes(claims_of(tmp_path, body)[1])


def without(rule: str) -> Graph:
    shapes = Graph()
    for triple in claim_shapes():
        shapes.add(triple)
    shape = next(shapes.subjects(RDFS.label, Literal(rule)))
    for triple in list(shapes.triples((shape, None, None))):
        shapes.remove(triple)
    return shapes


def rules_without(graph: Graph, rule: str) -> set[str]:
    import pyshacl

    shapes = without(rule)
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True)
    return {
        str(shapes.value(results.value(r, SH.sourceShape), RDFS.label))
        for r in results.subjects(SH.resultSeverity, None)
    }


# (rule, as written: agrees, mutated: disagrees, the words the finding quotes)
APPROXIMATE = [
    # 1560.05 - 1511.89 = 48.16: "约50" is within 10 %, "约30" is not
    ("决算数比年初预算减少约50万元。", "决算数比年初预算减少约30万元。", "决算数比年初预算减少约30万元"),
    (
        "决算数比年初预算减少50万元左右。",
        "决算数比年初预算减少70万元左右。",
        "决算数比年初预算减少70万元左右",
    ),
    ("决算数比年初预算减少40余万元。", "决算数比年初预算减少60余万元。", "决算数比年初预算减少60余万元"),
    (
        "决算数比年初预算减少超过40万元。",
        "决算数比年初预算减少超过60万元。",
        "决算数比年初预算减少超过60万元",
    ),
    (
        "决算数比年初预算减少不到50万元。",
        "决算数比年初预算减少不到40万元。",
        "决算数比年初预算减少不到40万元",
    ),
    # 3.09 %: "近3.1%" is a little under 3.1, "近2%" is far under
    ("决算数比年初预算下降近3.1%。", "决算数比年初预算下降近2.0%。", "决算数比年初预算下降近2.0%"),
    ("决算数比年初预算下降约3%。", "决算数比年初预算下降约5%。", "决算数比年初预算下降约5%"),
]


@pytest.mark.parametrize(("agrees", "disagrees", "quoted"), APPROXIMATE)
def test_an_approximate_size_is_checked_against_its_envelope_only(tmp_path, agrees, disagrees, quoted):
    report, graph = claims_of(tmp_path, LINE + BUDGET + agrees)
    claim = next(c for c in report.claims if c.basis == "budget")
    assert claim.approximation is not None and claim.base is not None
    assert claim.base.statistic == "initial-budget"
    # no exact figure of the approximate number for the exact rules (yoy-change-amount, cross-source)
    assert not [f for f in report.figures if f.statistic.endswith(("-amount", "-percent"))]
    assert run_shapes(graph) == []
    _, mutated = claims_of(tmp_path, LINE + BUDGET + disagrees)
    found = run_shapes(mutated)
    assert found == [("claims-size-approximate", "Warning", quoted)], found
    assert "claims-size-approximate" not in rules_without(mutated, "claims-size-approximate")


def test_the_approximation_is_in_the_data(tmp_path):
    _, graph = claims_of(tmp_path, LINE + BUDGET + "决算数比年初预算减少约50万元。")
    node = next(graph.subjects(URIRef(FISCAL + "approximation"), None))
    assert str(graph.value(node, URIRef(FISCAL + "approximation"))) == "about"
    assert str(graph.value(node, URIRef(FISCAL + "approximationWords"))) == "约"
    assert Decimal(str(graph.value(node, URIRef(FISCAL + "relativeTolerance")))) == Decimal("0.1")


def test_an_exact_size_stays_a_violation(tmp_path):
    """The same sentence without 约 is an exact statement: 30 against 48.16 is claims-size-amount's."""
    found = findings(tmp_path, LINE + BUDGET + "决算数比年初预算减少30.00万元。")
    assert found == [("claims-size-amount", "Violation", "决算数比年初预算减少30.00万元")]


def test_an_approximate_direction_is_still_exact(tmp_path):
    """ "增加约50万元" where the 决算 is under the budget: the size is loose, the direction is not."""
    found = findings(tmp_path, LINE + BUDGET + "决算数比年初预算增加约50万元。")
    assert ("claims-direction", "Violation", "决算数比年初预算增加约50万元") in found


def test_a_hedged_flat_claim_within_its_envelope(tmp_path):
    """101's "决算数与预算数基本持平" of 10.00 and 10.00: quiet; of 10.00 and 8.00 (20 % off): a Warning;
    of 10.00 and 9.50 (5 %, what 基本 allows): quiet, where the exact "持平" is a Violation."""
    assert findings(tmp_path, SMALL + "决算数与预算数基本持平。") == []
    far = SMALL.replace("支出决算为10.00万元", "支出决算为8.00万元")
    _, graph = claims_of(tmp_path, far + "决算数与预算数基本持平。")
    assert run_shapes(graph) == [("claims-hedged", "Warning", "决算数与预算数基本持平")]
    assert "claims-hedged" not in rules_without(graph, "claims-hedged")
    near = SMALL.replace("支出决算为10.00万元", "支出决算为9.50万元")
    assert findings(tmp_path, near + "决算数与预算数基本持平。") == []
    assert findings(tmp_path, near + "决算数与预算数持平。") == [
        ("claims-direction", "Violation", "决算数与预算数持平")
    ]


def test_a_hedged_direction_that_agrees_is_fine_and_one_that_contradicts_is_a_warning(tmp_path):
    """ "与2023年度相比，…略有增加" (101's wording of 机关运行经费): the previous year from the table's
    上年 figure; a hedged increase where the figures fall is a Warning, not a Violation."""
    up = "一般公共预算财政拨款支出2940.05万元，上年决算数为2900.00万元，与2023年度相比略有增加。"
    assert findings(tmp_path, up) == []
    down = up.replace("2900.00万元", "3003.19万元")
    _, graph = claims_of(tmp_path, down)
    assert run_shapes(graph) == [("claims-hedged", "Warning", "与2023年度相比略有增加")]
    assert "claims-hedged" not in rules_without(graph, "claims-hedged")


# 101's wording of the 三公 total against 2023, its figures stated the sentence before
THREE_PUBLIC = (
    "“三公”经费财政拨款支出决算为13.00万元，上年决算数为{previous}万元。"
    "2024年度“三公”经费财政拨款支出决算数与2023年度{words}。"
)


def test_a_hedged_flat_change_is_of_the_subject_a_plain_one_is_of(tmp_path):
    """ "…决算数与2023年度基本持平": no figure (基本 states no change of 0), but the claim is of the
    subject the reader resolved, as the plain 持平's: quiet where the figures agree; where they change
    by 30 % (13.00 against 10.00) a claims-hedged Warning, where the plain words are a Violation."""
    report, graph = claims_of(tmp_path, THREE_PUBLIC.format(previous="13.00", words="基本持平"))
    assert not [f for f in report.figures if f.statistic == "change-amount"]
    (claim,) = [c for c in report.claims if c.direction == "flat"]
    assert claim.subject is not None and claim.subject.item == "three-public-expenses"
    assert claim.base is not None and claim.base.statistic == "previous-year-level"
    assert run_shapes(graph) == []
    _, far = claims_of(tmp_path, THREE_PUBLIC.format(previous="10.00", words="基本持平"))
    assert run_shapes(far) == [("claims-hedged", "Warning", "与2023年度基本持平")]
    assert findings(tmp_path, THREE_PUBLIC.format(previous="10.00", words="持平")) == [
        ("claims-direction", "Violation", "与2023年度持平")
    ]


def test_a_bare_budget_the_sentence_does_not_state_is_an_assumption(tmp_path):
    """ "决算数小于预算数" in a paragraph that states no budget figure: compared with the 年初预算 the
    report states elsewhere, and a contradiction is a Warning naming that assumption."""
    filler = (
        "主要用于：局本部人员经费及公用经费等的基本支出，包括在职人员工资福利、离退休人员补助以及日常公用经费。"
        * 4
    )
    body = (
        LINE + BUDGET + "\n" + filler + "\n"
        "一般公共服务支出（类）财政事务（款）行政运行（项）支出决算为1511.89万元，决算数大于预算数。"
    )
    report, graph = claims_of(tmp_path, body)
    claim = next(c for c in report.claims if c.words == "决算数大于预算数")
    assert claim.base_assumed and claim.base is not None and claim.base.statistic == "initial-budget"
    found = run_shapes(graph)
    assert found == [("claims-budget-assumed", "Warning", "决算数大于预算数")], found
    assert "claims-budget-assumed" not in rules_without(graph, "claims-budget-assumed")
    assert findings(tmp_path, body.replace("决算数大于预算数", "决算数小于预算数")) == []


def test_the_budget_named_or_stated_is_no_assumption(tmp_path):
    report, _ = claims_of(tmp_path, LINE + BUDGET + "决算数小于预算数。")
    claim = next(c for c in report.claims if c.basis == "budget")
    assert not claim.base_assumed and "initial-budget" in (claim.base_inference or "")


def test_a_year_on_year_claim_is_against_the_previous_year_not_the_budget(tmp_path):
    """A sentence that states the budget and the previous year: "比上年增加" is of the previous year's
    figure (2800 -> 2940.05), not the budget (2993.92 would make it a fall); 上年 is flagged inferred."""
    text = (
        "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，上年决算数为2800.00万元，"
        "比上年增加，主要原因是人员经费增加。"
    )
    report, graph = claims_of(tmp_path, text)
    claim = next(c for c in report.claims if c.basis == "previous-year")
    assert claim.base is not None and claim.base.statistic == "previous-year-level"
    assert claim.comparison_year == 2023 and claim.year_inferred
    node = next(graph.subjects(URIRef(FISCAL + "claimBasis"), Literal("previous-year")))
    assert graph.value(node, URIRef(FISCAL + "comparisonYearInferred")).toPython() is True
    assert run_shapes(graph) == []
    # the table shows a fall: the exact words are a Violation
    fall = text.replace("上年决算数为2800.00万元", "上年决算数为3003.19万元")
    found = run_shapes(claims_of(tmp_path, fall)[1])
    assert ("claims-direction", "Violation", "比上年增加") in found, found


def test_a_stated_change_without_its_percentage_against_both_years(tmp_path):
    """204's "与上年相比增加…万元" with no percentage beside it (yoy-change-amount needs one): the stated
    change against this year's and the previous year's figures, both stated."""
    text = "一般公共预算财政拨款支出2940.05万元，上年决算数为2800.00万元，与上年相比增加140.05万元。"
    _, graph = claims_of(tmp_path, text)
    assert run_shapes(graph) == []
    wrong = text.replace("增加140.05万元", "减少140.05万元")
    _, graph = claims_of(tmp_path, wrong)
    found = [(r, s) for r, s, _ in run_shapes(graph)]
    assert ("claims-yoy-change", "Violation") in found, found
    assert "claims-yoy-change" not in rules_without(graph, "claims-yoy-change")


def test_a_finding_names_the_item_and_both_figures(tmp_path):
    import pyshacl

    _, graph = claims_of(tmp_path, LINE + BUDGET + "决算数大于预算数。")
    _, results, _ = pyshacl.validate(graph, shacl_graph=claim_shapes(), advanced=True)
    # pyshacl gives the messages without their language tags: the Chinese one is the one in Chinese
    messages = [str(m) for m in results.objects(None, SH.resultMessage) if "两数之差" in str(m)]
    assert len(messages) == 1, messages
    assert "决算数大于预算数" in messages[0] and "2010601" in messages[0]
    assert "1511.89万元" in messages[0] and "1560.05万元" in messages[0]


# --- completion rates: 年初预算 and 全年预算 are different statistics --------------------------------

RATE = "一般公共预算财政拨款支出年初预算为100.00万元，全年预算为120.00万元，支出决算为96.00万元，"


def rate_findings(tmp_path: Path, body: str) -> set[tuple[str, str]]:
    from converter.uris import DEFAULT_BASE
    from converter.validate import validate_graph

    _, graph = claims_of(tmp_path, body)
    outcome = validate_graph(graph, DEFAULT_BASE)
    return {(f.rule, f.severity) for f in outcome.findings if f.rule.startswith("completion")}


def test_a_rate_of_the_initial_budget_is_not_compared_with_the_full_year_budget(tmp_path):
    """ "完成年初预算的80.00%": 96 / 120 (the full-year budget) is 80 %, 96 / 100 (the initial one the
    words name) is 96 %: a Violation; the rate the words name, 96.00 %, no finding."""
    report, graph = claims_of(tmp_path, RATE + "完成年初预算的96.00%。")
    rate = next(f for f in report.figures if f.statistic == "completion-rate")
    assert rate.rate_base == "initial-budget"
    assert (None, URIRef(FISCAL + "rateBase"), None) in graph
    assert rate_findings(tmp_path, RATE + "完成年初预算的96.00%。") == set()
    assert rate_findings(tmp_path, RATE + "完成年初预算的80.00%。") == {("completion-rate", "Violation")}


def test_a_rate_of_a_budget_not_named_is_an_assumption_where_the_report_states_two(tmp_path):
    """ "完成预算的80.00%" is the full-year budget's: no finding; "完成预算的70.00%" is off both, a Warning
    naming the budget assumed, not a Violation."""
    assert rate_findings(tmp_path, RATE + "完成预算的80.00%。") == set()
    assert rate_findings(tmp_path, RATE + "完成预算的70.00%。") == {("completion-rate-assumed", "Warning")}
    # one budget stated: nothing to assume, an error as before
    one = RATE.replace("全年预算为120.00万元，", "")
    assert rate_findings(tmp_path, one + "完成预算的70.00%。") == {("completion-rate", "Violation")}


def test_an_approximate_change_against_the_previous_year(tmp_path):
    """ "比上年增加约140万元" of 2800 -> 2940.05 (140.05): quiet, and no exact change figure for
    claims-yoy-change to compare; "增加约100万元" is off by 29 %: a Warning; the year is inferred."""
    text = "一般公共预算财政拨款支出2940.05万元，上年决算数为2800.00万元，比上年增加约140万元，增长近5.1%。"
    report, graph = claims_of(tmp_path, text)
    approximate = [c for c in report.claims if c.approximation]
    assert [c.approximation for c in approximate] == ["about", "nearly"]
    assert all(c.basis == "previous-year" and c.year_inferred for c in approximate)
    assert all(c.base is not None and c.base.statistic == "previous-year-level" for c in approximate)
    assert run_shapes(graph) == []
    found = findings(tmp_path, text.replace("增加约140万元", "增加约100万元"))
    assert found == [("claims-size-approximate", "Warning", "增加约100万元")], found
    # 140.05 / 2800 = 5.002 %: "近5.1%" holds, "近6.0%" is further under than 近 allows
    found = findings(tmp_path, text.replace("近5.1%", "近6.0%"))
    assert found == [("claims-size-approximate", "Warning", "增长近6.0%")], found


def test_a_difference_from_the_budget_without_the_word_juesuan(tmp_path):
    """ "支出决算为1511.89万元，比年初预算减少48.16万元，下降3.09%" and "与年初预算相比减少…": claims against
    the budget (the 下降 clause continues the 比年初预算, it is no change against the previous year);
    "与年初预算持平" of 10.00 and 10.00 too."""
    text = BUDGET.replace("。", "，比年初预算减少48.16万元，下降3.09%。\n") + SMALL.replace(
        "支出决算为10.00万元。", "支出决算为10.00万元，与年初预算持平。"
    )
    report, graph = claims_of(tmp_path, LINE + text)
    budget = [c for c in report.claims if c.basis == "budget"]
    assert [c.words for c in budget] == ["比年初预算减少48.16万元", "下降3.09%", "与年初预算持平"]
    assert all(c.base is not None and c.base.statistic == "initial-budget" for c in budget)
    assert not [f for f in report.figures if f.statistic in ("decrease-percent", "decrease-amount")]
    assert run_shapes(graph) == []
    found = findings(tmp_path, LINE + text.replace("减少48.16万元，下降3.09%", "减少58.16万元，下降4.09%"))
    assert found == [
        ("claims-size-amount", "Violation", "比年初预算减少58.16万元"),
        ("claims-size-percent", "Violation", "下降4.09%"),
    ], found
    found = findings(
        tmp_path,
        LINE + text.replace("支出决算为10.00万元，与年初预算持平", "支出决算为12.00万元，与年初预算持平"),
    )
    assert found == [("claims-direction", "Violation", "与年初预算持平")], found
    same = "与年初预算相比减少48.16万元"
    assert findings(tmp_path, LINE + text.replace("比年初预算减少48.16万元", same)) == []
