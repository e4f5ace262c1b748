"""A reason's parts and a reason printed again (converter/parse/claims_parts.py).

A reason whose parts point different ways states no one direction (no claims-reason-figures), but
where each part states its amount, their balance is printed: parts that net to a fall explaining a
rise are claims-reason-parts (a Warning). A reason printed again for another change, its direction
words changed, where the changes do not point opposite ways, is claims-reason-repeated (a Warning).

Synthetic sentences worded as 204's and 101's 情况说明 word them, and 101's text (../shared) mutated."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from conftest import shared_path
from rdflib import Literal, URIRef
from test_rules_claims import FISCAL, PDF_101, convert, mutate, run_shapes
from test_rules_claims_words import claims_of, findings

from converter.parse.claims_parts import masked, reason_parts, repeats, word_directions
from converter.pipeline import read_document

TOTAL = "一般公共预算财政拨款支出28849.38万元，比上年增加1808.29万元，增长6.69%。"
PARTS = "主要原因是基本支出增加1408.29万元、项目支出安排增加400万元。"
MIXED = PARTS.replace("基本支出增加", "基本支出减少")  # nets to a fall of 1008.29 万元
# 101's reason, printed under its totals and again under its 财政拨款 totals
REASON = "主要原因：基本支出中人员进出及退休变化，以及项目支出中合同支付进度条款等原因减少支付。"
FALL = "一般公共预算财政拨款支出2940.05万元，比上年减少63.14万元，下降2.10%。"


def test_the_parts_of_a_reason_and_their_amounts():
    parts = reason_parts(MIXED[len("主要原因是") :])
    assert [(p.direction, p.amount) for p in parts] == [
        ("decrease", Decimal("14082900")),
        ("increase", Decimal("4000000")),
    ]
    # a part naming a direction without an amount; a clause naming none ("援疆") is no part
    listed = reason_parts("增加援藏、援疆、援青经费预算增加100万元、扶贫经费预算增加50万元。")
    assert [(p.direction, p.amount) for p in listed] == [
        ("increase", None),
        ("increase", Decimal("1000000")),
        ("increase", Decimal("500000")),
    ]
    # a clause naming both ways with no effect: the parts are not read
    assert reason_parts("人员增加公用经费减少。") == []
    assert word_directions("一是人员经费未增加；二是项目支出减少、公用经费增加。") == "decrease increase"


def test_parts_that_net_against_the_change(tmp_path):
    """204's "基本支出增加1408.29万元、项目支出安排增加400万元" for a rise of 1808.29: its first 增加
    made 减少, the parts point both ways (no one direction, no claims-reason-figures) and net to a
    fall of 1008.29 万元: claims-reason-parts, a Warning."""
    report, graph = claims_of(tmp_path, TOTAL + MIXED)
    reason = next(c for c in report.claims if c.kind == "reason")
    assert reason.direction is None and reason.word_directions == "decrease increase"
    node = next(graph.subjects(URIRef(FISCAL + "claimWords"), Literal(MIXED, lang="zh")))
    assert graph.value(node, URIRef(FISCAL + "claimedDirection")) is None
    assert len(list(graph.objects(node, URIRef(FISCAL + "reasonPart")))) == 2
    assert run_shapes(graph) == [("claims-reason-parts", "Warning", MIXED)]
    # the parts as printed net to the rise: quiet
    assert findings(tmp_path, TOTAL + PARTS) == []
    # parts that point both ways but net with the change (a fall of 400 against a rise of 1408.29)
    assert findings(tmp_path, TOTAL + PARTS.replace("项目支出安排增加", "项目支出安排减少")) == []


def test_a_part_without_an_amount_leaves_the_balance_open(tmp_path):
    body = TOTAL + "主要原因是基本支出减少1408.29万元、项目支出安排增加。"
    report, graph = claims_of(tmp_path, body)
    reason = next(c for c in report.claims if c.kind == "reason")
    assert [p.amount is None for p in reason.parts] == [False, True]
    assert (None, URIRef(FISCAL + "directionWithoutAmount"), None) in graph
    assert run_shapes(graph) == []


def test_the_finding_in_the_audit(tmp_path):
    """The built-in engine (juesuan validate) gives the finding pyshacl gives, with the net in yuan."""
    from converter.uris import DEFAULT_BASE
    from converter.validate import validate_graph

    _, graph = claims_of(tmp_path, TOTAL + MIXED)
    found = [f for f in validate_graph(graph, DEFAULT_BASE).findings if f.rule.startswith("claims-")]
    assert [(f.rule, f.severity) for f in found] == [("claims-reason-parts", "Warning")]
    assert "-10082900" in found[0].message


def test_repeated_reasons_are_found_by_their_words():
    other = REASON.replace("减少支付", "增加支付")
    assert masked(REASON) == masked(other)
    assert masked(REASON.replace("主要原因：", "主要原因是")) == masked(REASON)  # the lead aside
    assert repeats([REASON, "主要原因是人员增加。", other, REASON]) == [None, None, 0, 0]
    assert repeats(["人员增加。", "人员减少。"]) == [None, None]  # a generic phrase is no copy


def test_a_copy_of_a_reason_with_its_direction_changed(tmp_path):
    """The reason of a fall printed again for another fall, 减少 made 增加: claims-reason-repeated
    (beside claims-reason-figures). The copy as printed, or adapted to a rise, is quiet."""
    second = "基本支出2336.91万元，比上年减少10.00万元。"
    changed = REASON.replace("减少支付", "增加支付")
    found = findings(tmp_path, FALL + REASON + second + changed)
    assert ("claims-reason-repeated", "Warning", changed) in found
    assert findings(tmp_path, FALL + REASON + second + REASON) == []
    adapted = second.replace("比上年减少", "比上年增加")
    assert findings(tmp_path, FALL + REASON + adapted + changed) == []


def test_101_reason_of_a_flat_total_changed():
    """101 prints its reason three times, the second under "财政拨款收入支出总计持平" (already a
    claims-reason-claim Warning); its 减少 made 增加, the copy differs from the other two:
    claims-reason-repeated cites it."""
    path = shared_path(*PDF_101)
    doc = read_document(path)
    after = "财政拨款收入支出总计持平。"
    text = mutate(doc.text, after, "减少支付", "增加支付")
    assert not [r for r, _, _ in run_shapes(convert(doc, path)[1]) if r == "claims-reason-repeated"]
    found = run_shapes(convert(dataclasses.replace(doc, text=text), path)[1])
    assert any(r == "claims-reason-repeated" and "增加支付" in words for r, _, words in found)


PDF_204 = ("corpus", "pdf", "204_jiangsu_gaojirenminfayuan_2017_bumenyusuan.pdf")


def test_204_a_reason_of_a_change_read_as_no_change():
    """204: "按与上年统计口径一致相比，本年比上年减少161.96万元，下降了4.39%，主要原因为在编人员减少。"
    The narrative reader reads 本年减少 as a label's level, no change; the words state a fall, a claim
    of its direction the reason explains. Its 减少 made 增加: claims-reason-claim."""
    path = shared_path(*PDF_204)
    doc = read_document(path)
    report, graph = convert(doc, path)
    reason = next(c for c in report.claims if c.kind == "reason" and "在编人员减少" in c.words)
    assert reason.explains.words == "比上年减少161.96万元，下降了4.39%，"
    assert reason.explains.direction == "decrease"
    assert not [r for r, _, words in run_shapes(graph) if "在编人员" in words]
    text = mutate(doc.text, "按与上年统计口径一致相比", "在编人员减少", "在编人员增加")
    found = run_shapes(convert(dataclasses.replace(doc, text=text), path)[1])
    assert [r for r, _, words in found if "在编人员" in words] == ["claims-reason-claim"]
