"""A narrative's 总计 that is the year's figure misprinted (201, ../shared): the central universities'
template calls the year's income and spending “收入总计” / “支出总计”, the tables' 总计 holding the
carry-overs too. As printed, the parts stated with it add up to it and it is published as the year's
figure. One digit off, it is still the year's figure by the tables (nearest their 本年收入合计, far from
their 总计): one Violation, the two statements of the year's figure disagreeing; before, it stayed a 总计
and was compared with the tables' 总计, and the shares taken of it with it (five Violations)."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import shared_path
from test_rules_parts_change import findings, mutated

PDF_201 = ("corpus", "pdf", "201_chongqing_beibei_xinandaxue_2023_bumenjuesuan.pdf")


@pytest.fixture(scope="module")
def doc_201():
    from converter.pipeline import read_document

    path = shared_path(*PDF_201)
    return path, read_document(path)


@pytest.fixture(scope="module")
def printed_201(doc_201):
    return findings(doc_201[1], doc_201[0])


def _new_violations(doc_201, printed_201, after: str, old: str, new: str) -> Counter:
    path, doc = doc_201
    planted = findings(mutated(doc, after, old, new), path) - printed_201
    return Counter(rule for rule, severity, _message in planted.elements() if severity == "Violation")


def test_spending_total_one_digit_off_is_one_violation(doc_201, printed_201):
    found = _new_violations(doc_201, printed_201, "学校2023年度支出总计", "457,676.75", "457,677.75")
    assert "share" not in found, found
    assert found["cross-source"] == 1, found


def test_income_total_one_digit_off_is_not_compared_with_the_tables_total(doc_201, printed_201):
    """The 收入决算表's 说明 (after the 总表's, which ends on 仪器设备更新升级支出增加): its 收入总计 and
    the sources' shares of it (before: the tables' 总计 5694965400 against the year's, and 3 shares)."""
    found = _new_violations(doc_201, printed_201, "仪器设备更新升级支出增加", "430,725.03", "430,726.03")
    assert "share" not in found, found
    assert found["cross-source"] == 1, found
