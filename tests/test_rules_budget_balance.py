"""A budget balances (收入预算 = 支出预算, 财政拨款收入 = 财政拨款支出), this year and last: the change of
income the text states is the change of expenditure of the same funds, though last year's budget is
printed nowhere (issue #14: a direction flipped against last year's budget went unseen, the claim rules
having no base figure to compare it with). 108 (a budget, ../shared) as printed and mutated; the rule's
shapes run by pyshacl and by `juesuan validate` alike."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from conftest import shared_path
from test_rules_claims import PDF_108, convert, mutate

from converter.pipeline import read_document
from converter.validate import validate_graph
from tests.pyshacl_rules import pyshacl_rules

RULES = {"budget-balance-change", "budget-balance-change-size"}
INCOME = "财政拨款收入15621.11万元，比2023年预算"


@pytest.fixture(scope="module")
def doc_108():
    path = shared_path(*PDF_108)
    return path, read_document(path)


def findings(doc, path) -> Counter:
    _, graph = convert(doc, path)
    return Counter((f.rule, f.severity, f.message) for f in validate_graph(graph).findings)


def mutated(doc, old: str, new: str):
    return dataclasses.replace(doc, text=mutate(doc.text, INCOME, old, new))


def test_108_as_printed_is_quiet(doc_108):
    path, doc = doc_108
    assert not [key for key in findings(doc, path) if key[0] in RULES]


def test_108_income_flipped_is_this_rules_finding_only(doc_108):
    """减少 -> 增加 in the income sentence: the one new finding of the whole audit is this rule's (no
    other rule sees it), and pyshacl gives it too."""
    path, doc = doc_108
    flipped = mutated(doc, "减少", "增加")
    new = findings(flipped, path) - findings(doc, path)
    assert [(rule, severity) for rule, severity, _ in new] == [("budget-balance-change", "Warning")]
    assert "8767500" in next(iter(new))[2] and "-8767500" in next(iter(new))[2]
    assert pyshacl_rules(convert(flipped, path)[1], RULES) == ["budget-balance-change"]


def test_108_income_change_of_another_size_is_an_info(doc_108):
    path, doc = doc_108
    new = findings(mutated(doc, "876.75", "867.75"), path) - findings(doc, path)
    assert ("budget-balance-change-size", "Info") in [(rule, severity) for rule, severity, _ in new]
