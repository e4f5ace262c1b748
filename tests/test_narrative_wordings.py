"""The narrative read in wordings other provinces' 说明 use (the second round of tests/paraphrase.py).

Each case states a figure in the development documents' wording and in the other one; the reader must
give the same figure (item, statistic, rate base, value) for both.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.test_narrative import read

FINAL = "五、一般公共预算财政拨款支出决算情况说明\n"
BUDGET = "四、一般公共预算财政拨款支出预算情况说明\n"


def _stated(text: str, year: int = 2023, phase: str = "final") -> list[tuple]:
    return sorted(
        (f.item, f.statistic, f.rate_base, f.value)
        for f in read(text, year, phase)
        if not f.derived and f.item != "unmapped"
    )


@pytest.mark.parametrize(
    "other",
    ["为年初预算的", "为预算的"],
)
def test_the_final_as_a_share_of_the_budget_is_its_completion_rate(other):
    """ "支出决算为12.50万元，为年初预算的83.33%" = "…，完成年初预算的83.33%"."""
    said = "“三公”经费财政拨款支出年初预算为15.00万元，支出决算为12.50万元，完成{}83.33%。"
    base = FINAL + said.format("年初预算的" if "年初" in other else "预算的")
    assert _stated(FINAL + said.format("").replace("完成", other)) == _stated(base)
    assert any(s == "completion-rate" for _, s, _, _ in _stated(base))


def test_an_initial_budget_arranged_is_the_initial_budget():
    """ "年初预算安排15.00万元" = "年初预算为15.00万元"."""
    said = (
        "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的基本支出。"
        "年初预算{}1560.05万元，支出决算为1511.89万元。"
    )
    base = _stated(FINAL + said.format("为"))
    assert _stated(FINAL + said.format("安排")) == base
    assert ("expenditure", "initial-budget", None, Decimal("15600500")) in base


@pytest.mark.parametrize(
    "sentence",
    [
        # a statistic's words before the 万
        "“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于专项普查活动。"
        "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元。",
        # a total's word
        "特定目标类项目预算共计50.44万元。",
        # an aside between the subject and its amount
        "上海市普陀区财政局2024年度政府采购金额（以合同签订为准）为251.25万元，其中：货物采购金额40.00万元。",
    ],
)
def test_wan_without_yuan_is_the_same_amount(sentence):
    """ "25.77万，" = "25.77万元，": 万 alone after the words of a figure of the accounts."""
    text = BUDGET + sentence
    wan = text.replace("万元", "万")
    got = [(f.item, f.statistic, f.value) for f in read(wan, 2024, "budget") if not f.derived]
    want = [(f.item, f.statistic, f.value) for f in read(text, 2024, "budget") if not f.derived]
    assert got == want != []


def _claims(tmp_path, body: str) -> list[tuple]:
    from converter.pipeline import convert_document, read_document
    from tests import paraphrase as p
    from tests.test_paraphrase import HEAD

    path = tmp_path / "doc.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    report = convert_document(read_document(path), path)
    return sorted((p.claim_key(c), p.claim_value(c)) for c in report.claims)


@pytest.mark.parametrize(
    "body",
    [
        # a change the narrative reader reads as no figure, stated right before its reason
        "按与上年统计口径一致相比，本年比上年减少161.96万元，下降了4.39%，主要原因为在编人员减少。",
        # an approximate change: a claim with its size, no figure
        "机关运行经费支出12.00万元，比上年增加约2.00万元，主要原因是公用经费增加。",
    ],
)
def test_a_claim_stated_in_wan_is_the_claim_stated_in_wanyuan(tmp_path, body):
    """ "减少161.96万，" = "减少161.96万元，": the claims reader takes 万 before a clause break as 万元."""
    want = _claims(tmp_path, body)
    assert _claims(tmp_path, body.replace("万元", "万")) == want != []
