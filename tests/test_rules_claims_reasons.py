"""Reasons against the changes they explain, and hedged claims about the sentence before (issue #14).

The direction of a reason is read from prose (converter/parse/claims_reasons.py): a list of causes
that point different ways is no direction (no false alarm), the effect after 导致/相应 is what counts,
a cost cut (压减, 节约) points to a fall beside words of an effort (提高). A reason that points the other
way from the change its own sentence states ("支出…增加N万元，主要原因是…减少") is a Warning of
claims-reason-figures. A hedged claim whose sentence states no figure ("…N万元。与上年相比略有增加。")
is checked against the one level the sentence before states (claims-hedged, a Warning).

Synthetic sentences worded as the 情况说明 word them, and 101's text (../shared) mutated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import shared_path
from test_rules_claims import convert, run_shapes
from test_rules_claims_words import claims_of, findings, rules_without

from converter.parse.claims_reasons import reason_direction, reason_end
from converter.pipeline import read_document

TOTAL = "一般公共预算财政拨款支出2940.05万元，"


def direction(words: str) -> str | None:
    read = reason_direction(words)
    return read.direction if read is not None else None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("人员经费增加。", "increase"),
        ("：一是人员经费增加；二是项目支出减少。", None),  # causes pointing different ways
        ("：一是人员经费增加；二是项目支出增加。", "increase"),
        ("（1）公用经费压减；（2）项目支出减少。", "decrease"),
        ("人员减少，导致人员经费增加。", "increase"),  # the effect, not the cause of the cause
        ("定额标准提高，支出相应增加。", "increase"),
        ("提高资金使用效益，压减一般性支出。", "decrease"),  # 提高 is an effort, 压减 a cost cut
        ("人员增加，公用经费减少。", None),  # both, no effect named
        ("项目未增加，公用经费减少。", "decrease"),  # a negated word says nothing
        ("收支增减相抵。", None),
        ("预算按充分保障预估，实际执行基本贴合预期。", None),
        # a restated change is a figure of its own: the reason's own words point the other way
        ("：项目支出减少，较上一度增加1133.95万元。", "decrease"),
        ("基本支出增加1408.29万元、项目支出安排增加400万元。", "increase"),
    ],
)
def test_the_direction_a_reason_points_to(words, expected):
    assert direction(words) == expected


def test_a_list_of_causes_is_read_past_its_semicolons():
    text = "主要原因是：一是人员经费增加；二是项目支出减少。下一句增加；"
    start = len("主要原因是")
    end = text.index("；") + 1
    assert reason_end(text, start, end) == text.index("。") + 1
    # no list: the sentence ends at its 「；」 (210: "…主要原因是…减少；科学技术支出比上年增加…")
    plain = "主要原因是人员经费增加；科学技术支出增加；"
    assert reason_end(plain, start, plain.index("；") + 1) == plain.index("；") + 1


def test_a_reason_against_the_change_its_own_sentence_states(tmp_path):
    """ "…比上年增加40.05万元，主要原因是…减少": the change is in the reason's own sentence (read before as
    explaining "what its own words name", i.e. nothing); a Warning, the agreeing reason quiet."""
    body = TOTAL + "比上年增加40.05万元，主要原因是人员经费较上年减少。"
    report, graph = claims_of(tmp_path, body)
    reason = next(c for c in report.claims if c.kind == "reason")
    assert reason.direction == "decrease" and reason.direction_words == "减少"
    assert reason.explains is not None and reason.explains.statistic == "increase-amount"
    # the 较上年减少 of the reason is of 人员经费, not of the sentence's total: no Violation
    assert run_shapes(graph) == [("claims-reason-figures", "Warning", "主要原因是人员经费较上年减少。")]
    assert "claims-reason-figures" not in rules_without(graph, "claims-reason-figures")
    assert findings(tmp_path, body.replace("较上年减少", "较上年增加")) == []


def test_a_reason_whose_words_name_the_change(tmp_path):
    """ "支出增加的主要原因是…减少" after a sentence that states the increase: it explains that change."""
    body = TOTAL + "比上年增加40.05万元。支出增加的主要原因是人员经费减少。"
    assert findings(tmp_path, body) == [("claims-reason-figures", "Warning", "主要原因是人员经费减少。")]
    # its words name an increase, the sentence before a decrease: which change it explains is open
    other = body.replace("比上年增加40.05万元", "比上年减少40.05万元")
    report, _ = claims_of(tmp_path, other)
    assert not [c for c in report.claims if c.kind == "reason"]


def test_causes_that_point_different_ways_are_no_contradiction(tmp_path):
    body = TOTAL + "比上年减少40.05万元。主要原因是：一是人员经费增加；二是项目支出减少。"
    report, graph = claims_of(tmp_path, body)
    # published with its parts (claims_parts) but no one direction
    assert [c.direction for c in report.claims if c.kind == "reason"] == [None]
    assert run_shapes(graph) == []
    # every cause an increase: the list is read whole, and it contradicts the fall
    same = body.replace("二是项目支出减少", "二是项目支出增加")
    found = findings(tmp_path, same)
    assert found == [("claims-reason-figures", "Warning", "主要原因是：一是人员经费增加；二是项目支出增加。")]


def test_a_cost_cut_points_to_a_fall(tmp_path):
    body = TOTAL + "比上年减少40.05万元。主要原因是提高资金使用效益，压减一般性支出。"
    report, graph = claims_of(tmp_path, body)
    reason = next(c for c in report.claims if c.kind == "reason")
    assert reason.direction == "decrease" and reason.direction_words == "压减"
    assert run_shapes(graph) == []
    found = findings(tmp_path, body.replace("比上年减少", "比上年增加"))
    assert [r for r, _, _ in found] == ["claims-reason-figures"]


def test_a_reason_finding_quotes_the_words_its_direction_is_read_from(tmp_path):
    """The reader says which words it took the direction from (fiscal:directionWords): the message
    quotes them, so a reader of the audit can tell a misreading from the publisher's error, in
    `juesuan validate` and in pyshacl alike."""
    import pyshacl
    from rdflib.namespace import SH
    from test_rules_claims import claim_shapes

    from converter.validate import validate_graph

    body = TOTAL + "比上年增加40.05万元。主要原因是提高资金使用效益，压减一般性支出。"
    _, graph = claims_of(tmp_path, body)
    ours = [f.message for f in validate_graph(graph).findings if f.rule == "claims-reason-figures"]
    assert len(ours) == 1 and "（decrease “压减”）" in ours[0], ours
    _, results, _ = pyshacl.validate(graph, shacl_graph=claim_shapes(), advanced=True)
    theirs = {str(m) for m in results.objects(None, SH.resultMessage)}
    assert any(ours[0].startswith(message) for message in theirs), (ours, theirs)  # ours: "zh / en"


def test_the_effect_of_a_cause_is_its_direction(tmp_path):
    body = TOTAL + "比上年减少40.05万元。主要原因是人员减少，导致人员经费减少。"
    assert findings(tmp_path, body) == []
    found = findings(tmp_path, body.replace("导致人员经费减少", "导致人员经费增加"))
    assert found == [("claims-reason-figures", "Warning", "主要原因是人员减少，导致人员经费增加。")]


# --- a hedged claim about the sentence before ------------------------------------------------------

LEVEL = TOTAL + "上年决算数为2900.00万元。"


def test_a_hedged_claim_about_the_level_the_sentence_before_states(tmp_path):
    """ "…2940.05万元，上年决算数为…。与2023年度相比略有增加。": the claim's sentence states no figure; the
    one level of the sentence before is its subject (flagged), checked as claims-hedged checks."""
    report, graph = claims_of(tmp_path, LEVEL + "与2023年度相比略有增加。")
    claim = next(c for c in report.claims if c.hedged)
    assert claim.subject is not None and claim.subject.statistic == "level"
    assert claim.base is not None and claim.base.statistic == "previous-year-level"
    assert claim.subject_inference
    assert run_shapes(graph) == []
    down = LEVEL.replace("2900.00万元", "3003.19万元") + "与2023年度相比略有增加。"
    _, graph = claims_of(tmp_path, down)
    assert run_shapes(graph) == [("claims-hedged", "Warning", "与2023年度相比略有增加")]
    assert "claims-hedged" not in rules_without(graph, "claims-hedged")
    flat = LEVEL.replace("2900.00万元", "2000.00万元") + "与上年相比基本持平。"
    assert findings(tmp_path, flat) == [("claims-hedged", "Warning", "与上年相比基本持平")]
    assert findings(tmp_path, LEVEL + "总体来看，与上年相比基本持平。") == []


@pytest.mark.parametrize(
    "body",
    [
        # two levels before: which one is open
        "一般公共预算财政拨款收入2940.05万元，" + LEVEL + "与2023年度相比略有增加。",
        # another paragraph
        LEVEL + "\n（二）与2023年度相比略有增加。",
        # a subject the sentence before does not name
        LEVEL + "项目支出与2023年度相比略有增加。",
    ],
)
def test_a_hedged_claim_is_not_linked_where_its_subject_is_open(tmp_path, body):
    body = body.replace("2900.00万元", "3003.19万元")  # a fall: a link would be a finding
    report, graph = claims_of(tmp_path, body)
    claim = next(c for c in report.claims if c.hedged)
    assert claim.subject is None
    assert run_shapes(graph) == []


# --- 101 mutated --------------------------------------------------------------------------------------


def _101(tmp_path: Path, *mutations: tuple[str, str], number: str = "101"):
    source = next(shared_path("corpus", "raw").glob(f"{number}_*.txt"), None)
    if source is None:
        pytest.skip(f"needs ../shared/corpus/raw/{number}_*.txt")
    text = source.read_text(encoding="utf-8")
    for old, new in mutations:
        pattern = r"\s*".join(map(re.escape, old))  # the text breaks lines anywhere
        assert re.search(pattern, text), old
        text = re.sub(pattern, new, text, count=1)
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    return convert(read_document(path), path)


KNOWN = ("claims-reason-claim", "Warning")  # 101's 持平 explained by a decrease (its own inconsistency)


def test_101_a_reason_against_the_change_of_its_sentence(tmp_path):
    """机关运行经费 "增长1.40%。主要原因是…导致相关支出略有增加": joined into one sentence and turned into a
    decrease, the reason contradicts the change its own sentence states."""
    report, graph = _101(
        tmp_path,
        ("增长1.40%。主要原因是", "增长1.40%，主要原因是"),
        ("导致相关支出略有增加", "导致相关支出略有减少"),
    )
    found = run_shapes(graph)
    assert [(r, s) for r, s, _ in found] == [KNOWN, ("claims-reason-figures", "Warning")], found
    assert "导致相关支出略有减少" in found[1][2]
    _, graph = _101(tmp_path, ("增长1.40%。主要原因是", "增长1.40%，主要原因是"))
    assert [(r, s) for r, s, _ in run_shapes(graph)] == [KNOWN]


def test_101_a_list_of_causes_pointing_both_ways(tmp_path):
    """The total's reason rewritten as "一是基本支出增加；二是…减少支付" for a fall of 56.95万元: no finding
    (read by its first cause alone it was an increase against a fall)."""
    report, graph = _101(
        tmp_path,
        (
            "主要原因：基本支出中人员进出及退休变化，以及项目支出中",
            "主要原因：一是基本支出增加；二是项目支出中",
        ),
    )
    listed = [c for c in report.claims if c.kind == "reason" and "一是基本支出增加" in c.words]
    assert [c.direction for c in listed] == [None]  # its parts published, no one direction
    assert [(r, s) for r, s, _ in run_shapes(graph)] == [KNOWN]


def test_101_a_hedged_claim_after_its_figures(tmp_path):
    """ "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。与上年相比略有减少。": the hedged
    sentence is about the sentence before (184.65 against 182.10): a Warning; and the reason after it
    (…略有增加) explains that claim, the other way."""
    report, graph = _101(tmp_path, ("增长1.40%。主要原因是", "增长1.40%。与上年相比略有减少。主要原因是"))
    claim = next(c for c in report.claims if c.words == "与上年相比略有减少")
    assert claim.subject is not None and claim.base is not None and claim.subject_inference
    found = sorted((r, s) for r, s, _ in run_shapes(graph))
    assert found == sorted([KNOWN, ("claims-hedged", "Warning"), KNOWN]), found
    _, graph = _101(tmp_path, ("增长1.40%。主要原因是", "增长1.40%。与上年相比略有增加。主要原因是"))
    assert [(r, s) for r, s, _ in run_shapes(graph)] == [KNOWN]


def test_102_a_reason_that_contradicts_itself(tmp_path):
    """102 "增加1062.85万元…。主要原因：项目支出增加，较上一度增加1133.95万元": its 增加 turned 减少 (a planted
    error bench/planted.py missed), the reason says a fall where its figure and the change rise."""
    _, graph = _101(tmp_path, number="102")
    quiet = {w for r, _, w in run_shapes(graph) if r.startswith("claims-reason")}
    _, graph = _101(
        tmp_path, ("主要原因：项目支出增加，较上一度", "主要原因：项目支出减少，较上一度"), number="102"
    )
    found = {w for r, _, w in run_shapes(graph) if r == "claims-reason-figures"} - quiet
    assert len(found) == 1 and "项目支出减少，较上一度增加" in found.pop(), found


def test_a_reason_clause_that_contradicts_the_change_it_restates(tmp_path):
    """ "项目支出增加，较上年度减少50.00万元" (102's wording, a planted error bench/planted.py missed): the
    words and the change of their next clause point different ways, a Warning; a next clause with a
    subject of its own ("公用经费较上年减少…") restates nothing."""
    body = TOTAL + "比上年增加40.05万元。主要原因：项目支出增加，较上年度增加50.00万元，主要由于装修等。"
    report, graph = claims_of(tmp_path, body)
    claim = next(c for c in report.claims if c.restated_by is not None)
    assert claim.words == "项目支出增加" and claim.restated_by.statistic == "increase-amount"
    assert run_shapes(graph) == []
    _, graph = claims_of(tmp_path, body.replace("较上年度增加", "较上年度减少"))
    assert run_shapes(graph) == [("claims-reason-restated", "Warning", "项目支出增加")]
    assert "claims-reason-restated" not in rules_without(graph, "claims-reason-restated")
    other = TOTAL + "比上年增加40.05万元。主要原因：人员经费增加，公用经费较上年减少5.00万元。"
    report, graph = claims_of(tmp_path, other)
    assert not [c for c in report.claims if c.restated_by is not None]
    assert run_shapes(graph) == []


def test_102_a_reason_clause_against_its_restated_change(tmp_path):
    _, graph = _101(tmp_path, ("较上一度增加1133.95万元", "较上一度减少1133.95万元"), number="102")
    found = [(r, s, w) for r, s, w in run_shapes(graph) if r == "claims-reason-restated"]
    assert found == [("claims-reason-restated", "Warning", "项目支出增加")], found
