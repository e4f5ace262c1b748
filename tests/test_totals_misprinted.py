"""A narrative's 总计 that is the year's figure misprinted (201, ../shared): the central universities'
template calls the year's income and spending “收入总计” / “支出总计”, the tables' 总计 holding the
carry-overs too. As printed, the parts stated with it add up to it and it is published as the year's
figure. One digit off, it is still the year's figure by the tables (nearest their 本年收入合计, far from
their 总计): one Violation, the two statements of the year's figure disagreeing; before, it stayed a 总计
and was compared with the tables' 总计, and the shares taken of it with it (five Violations)."""

from __future__ import annotations

from collections import Counter

import pytest
from test_rules_parts_change import PDF_201, _read_pdf, findings, mutated


@pytest.fixture(scope="module")
def document():
    return _read_pdf(PDF_201)


@pytest.fixture(scope="module")
def printed(document):
    return findings(document[1], document[0])


def _new_violations(document, printed, after: str, old: str, new: str) -> Counter:
    path, doc = document
    planted = findings(mutated(doc, after, old, new), path) - printed
    return Counter(rule for rule, severity, _message in planted.elements() if severity == "Violation")


def test_spending_total_one_digit_off_is_one_violation(document, printed):
    found = _new_violations(document, printed, "学校2023年度支出总计", "457,676.75", "457,677.75")
    assert "share" not in found, found
    assert found["cross-source"] == 1, found


def test_income_total_one_digit_off_is_not_compared_with_the_tables_total(document, printed):
    """The 收入决算表's 说明 (after the 总表's, which ends on 仪器设备更新升级支出增加): its 收入总计 and
    the sources' shares of it (before: the tables' 总计 5694965400 against the year's, and 3 shares)."""
    found = _new_violations(document, printed, "仪器设备更新升级支出增加", "430,725.03", "430,726.03")
    assert "share" not in found, found
    assert found["cross-source"] == 1, found
