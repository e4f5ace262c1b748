"""The narrative read in the phrasings other provinces use (tests/paraphrase.py ``RULES``).

Each rule is a meaning-preserving rewrite (较上年 for 比上年, 增长 for 增加, 主要是由于 for 主要原因是,
共计 for 为 ...). Applied to a short text worded as 101's 情况说明 and, where ../shared is present, to
corpus documents, the narrative must publish the same figures (item, statistic, fund, codes, amount)
and claims (direction, base, amounts) as the unparaphrased text, and the audit must raise no new
Violation or Warning. The rules listed in ``FIXED`` were lost or misread before the reader learnt them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import shared_path

from bench.planted import audit, disagreements, key, known
from converter.pipeline import convert_document, read_document
from converter.precision import half_unit
from tests import paraphrase as p

HEAD = "上海市普陀区财政局2024年度部门决算\n\n第二部分 2024年度部门决算情况说明\n五、一般公共预算财政拨款支出决算情况说明\n"
BODY = (
    "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
    "一般公共预算财政拨款支出决算比上年增加1,040.05万元，增长54.74%，主要原因是人员经费增加。"
    "“三公”经费财政拨款支出年初预算为15.00万元，支出决算为12.50万元，比上年减少2.50万元，下降16.67%，"
    "主要原因是公务接待减少。"
    "一般公共预算基本支出3000.00万元，比上年减少161.96万元，下降了5.12%，主要原因为在编人员减少。"
    "机关运行经费比上年增加，主要原因是公用定额数比上年增加，支出相应增加。\n"
)
# 101's flat sentences (a statement of its own, a clause after 与2023年度相比), the figures stated before
FLAT = (
    "财政拨款收入支出总计2940.05万元，上年决算数为2940.05万元。与2023年度相比，财政拨款收入支出总计持平。"
    "因公出国（境）费支出决算为3.00万元，上年决算数为3.00万元。2024年度因公出国（境）费支出决算数与2023年度持平。\n"
)
BODY += FLAT
# the rules the reader lost or misread before (bench/paraphrase.py): 同比 gave no comparison year,
# 主要是 / 主要是由于 no reason, 共计 / 合计 no statistic (a budget read as the level: a wrong value),
# 占年初预算的 a share instead of the completion rate, full-width digits a too narrow rounding, 基本持平
# claims of no subject (the hedge publishes no change figure, which was what found it)
FIXED = ("同比", "主要是", "主要是由于", "共计", "合计", "占年初预算的", "full-width", "基本持平")
# the second round (tests/paraphrase.py SECOND): 为年初预算的 gave no completion rate, 年初预算安排 no
# statistic (the amount unmapped), 万 alone (no 元) no amount after a statistic's or a 科目's words and
# no claim of a change in 万 (bench/paraphrase.py 万: figures 1342/126/0/11 -> 1467/1/0/0)
FIXED_SECOND = ("为年初预算的", "万", "年初预算安排")
# known open, per rule the corpus documents where it still loses (bench/paraphrase.py --rules 万 --list
# 6): 109's "支持商业综合服务能力提升80.00万" (a project named by a verb, no word of the accounts before
# the 万; 109 is not among the documents below)
OPEN = {"万": ("109",)}


def _convert(tmp_path: Path, body: str):
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    return convert_document(read_document(path), path)


def _rewrite(rule: p.Rule, text: str) -> str:
    return re.sub(rule.pattern, rule.new, text)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", [r.name for r in p.RULES if re.search(r.pattern, BODY)])
def test_a_paraphrase_publishes_the_same_narrative(tmp_path, name):
    rule = p.rule(name)
    before = _convert(tmp_path, BODY)
    after = _convert(tmp_path, _rewrite(rule, BODY))
    figures = p.tally(p.figure_pairs(before), p.figure_pairs(after))
    claims = p.tally(p.claim_pairs(before), p.claim_pairs(after))
    assert (figures.lost, figures.changed, figures.added) == (0, 0, 0), (
        figures.lost_keys,
        figures.changed_keys,
    )
    assert (claims.lost, claims.changed, claims.added) == (0, 0, 0), (claims.lost_keys, claims.changed_keys)


def test_the_synthetic_text_has_a_site_for_every_fixed_rule():
    assert [name for name in (*FIXED, *FIXED_SECOND) if not re.search(p.rule(name).pattern, BODY)] == []


def test_a_hedged_flat_keeps_the_claims_subject(tmp_path):
    """基本持平 for 持平: no change figure (the hedge states no 0), but the claims are of the same
    subjects; before the reader kept a hedged flat's subject, both were published with none."""
    rule = p.rule("基本持平")
    before = _convert(tmp_path, FLAT)
    after = _convert(tmp_path, _rewrite(rule, FLAT))
    assert [f for f in after.figures if f.statistic == "change-amount"] == []
    claims = p.tally(p.claim_pairs(before), p.claim_pairs(after))
    assert (claims.kept, claims.lost, claims.changed, claims.added) == (2, 0, 0, 0), claims.lost_keys


def test_tongbi_alone_compares_with_the_previous_year(tmp_path):
    """ "机关运行经费同比增加，…": 同比 alone names the previous year, as 比上年 does."""
    before = _convert(tmp_path, BODY)
    after = _convert(tmp_path, _rewrite(p.rule("同比"), BODY))

    def compared(report) -> list[tuple]:
        return sorted((c.direction, c.comparison_year) for c in report.claims if c.kind == "comparison")

    assert compared(after) == compared(before) != []


@pytest.mark.parametrize("lead", ["主要是", "主要是由于", "主要系", "这主要是因为"])
def test_a_reason_introduced_without_the_word_reason(tmp_path, lead):
    def reasons(body: str) -> list[str | None]:
        return [c.direction for c in _convert(tmp_path, body).claims if c.kind == "reason"]

    assert reasons(BODY.replace("主要原因是", lead)) == reasons(BODY) != []


def test_a_use_is_no_reason(tmp_path):
    body = "一般公共预算财政拨款支出决算比上年增加1,040.05万元，主要是用于人员经费增加。"
    assert not [c for c in _convert(tmp_path, body).claims if c.kind == "reason"]


@pytest.mark.parametrize("word", ["共计", "合计"])
def test_a_total_word_after_the_statistic_keeps_the_statistic(tmp_path, word):
    body = f"“三公”经费财政拨款支出年初预算为15.00万元，支出决算{word}12.50万元。"
    if word == "共计":
        body = body.replace("年初预算为", "年初预算共计")
    got = {(f.item, f.statistic): f.value for f in p.narrative_figures(_convert(tmp_path, body))}
    assert got[("three-public-expenses", "level")] == Decimal("125000")
    assert got[("three-public-expenses", "initial-budget")] == Decimal("150000")


def test_a_budget_total_line_is_no_copula(tmp_path):
    """A 预算's "收入预算合计" names its income table's total line: 合计 is a copula after 决算 only."""
    from converter.parse.phrases import strip_framing

    assert strip_framing("部门收入预算合计") == "收入预算合计"
    assert strip_framing("支出决算合计") == "支出决算为"
    assert strip_framing("支出决算数共计") == "支出决算数为"


def test_the_final_over_a_named_budget_is_its_completion_rate(tmp_path):
    report = _convert(tmp_path, BODY.replace("完成年初预算的", "占年初预算的"))
    rate = [f for f in p.narrative_figures(report) if f.value == Decimal("98.20")]
    assert [(f.statistic, f.rate_base) for f in rate] == [("completion-rate", "initial-budget")]


def test_full_width_digits_round_as_their_ascii_forms():
    assert half_unit("８２．８％", "%", "percentage", Decimal("82.8")) == Decimal("0.05")
    assert half_unit("１，２３４．５", "万元", "amount", Decimal("12345000")) == Decimal("50")


# ---- corpus documents --------------------------------------------------------------------------------


def _added(baseline: set[tuple], findings: list) -> list:
    disagreeing = disagreements(baseline)
    return [
        f for f in findings if f.severity in ("Violation", "Warning") and not known(f, baseline, disagreeing)
    ]


@pytest.fixture(scope="module", params=["pdf/101_*.pdf", "pdf/102_*.pdf", "pdf/204_*.pdf"])
def corpus_doc(request):
    folder, pattern = request.param.split("/")
    found = sorted(shared_path("corpus", folder).glob(pattern))
    if not found:
        pytest.skip(f"corpus document {pattern} not available: ../shared/corpus is incomplete")
    doc = read_document(found[0])
    report, findings = audit(doc, found[0].name)
    return found[0], doc, report, {key(f) for f in findings}, p.narrative_ranges(doc)


@pytest.mark.parametrize(
    "name",
    [*FIXED, *FIXED_SECOND],
)
def test_a_corpus_document_paraphrased(request, corpus_doc, name):
    path, doc, report, baseline, ranges = corpus_doc
    if path.name[:3] in OPEN.get(name, ()):
        request.applymarker(pytest.mark.xfail(reason="known open (OPEN)", strict=True))
    planted, sites = p.paraphrased(doc, p.rule(name), ranges)
    if not sites:
        pytest.skip(f"{path.name} has no place for {name}")
    after, findings = audit(planted, path.name)
    figures = p.tally(p.figure_pairs(report), p.figure_pairs(after))
    claims = p.tally(p.claim_pairs(report), p.claim_pairs(after))
    assert (figures.lost, figures.changed) == (0, 0), (figures.lost_keys, figures.changed_keys)
    assert (claims.lost, claims.changed) == (0, 0), (claims.lost_keys, claims.changed_keys)
    assert [f.message for f in _added(baseline, findings)] == []


@pytest.mark.parametrize("lead", ["主要是", "主要是由于", "主要系", "这主要是因为"])
def test_a_reason_copy_with_another_lead_is_the_same_reason(lead):
    """A reason printed again under another heading with another lead ("主要是…" for "主要原因是…") is a
    copy of the same words (claims_parts.repeats)."""
    from converter.parse.claims_parts import masked

    words = "人员经费增加，离退休人员经费增加。"
    assert masked(lead + words) == masked("主要原因是" + words)
