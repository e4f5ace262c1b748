"""The companions of the sum and ratio rules: a difference within the rounding of the figures (an Info),
a whole whose parts are not all stated (a Warning), a base of 0. Each on the sample's graph with one
figure nudged or left out: the companion fires, on the figure it names, and nowhere without its shape
(tests/test_integrity_rules.py has the rules themselves)."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from converter.uris import DEFAULT_BASE
from converter.validate import validate_graph
from tests.test_integrity_rules import APP, GPB, F, obs, with_procurement, without_rule


@pytest.fixture(scope="module")
def report(sample_result):
    return sample_result.converted[0].iri


def nudged(graph: Graph, report, segments: tuple[str, ...], prop, delta: str) -> Graph:
    """The graph with one figure's value moved by ``delta`` (its printed value left as it is)."""
    g = Graph()
    g += graph
    iri = obs(report, *segments)
    value = g.value(iri, prop)
    assert value is not None, f"no {prop} on {iri}"
    g.set((iri, prop, Literal(str(value.toPython() + Decimal(delta)), datatype=XSD.decimal)))
    return g


def left_out(graph: Graph, report, segments: tuple[str, ...]) -> Graph:
    g = Graph()
    g += graph
    iri = obs(report, *segments)
    assert (iri, None, None) in g
    for triple in list(g.triples((iri, None, None))):
        g.remove(triple)
    return g


def previous_year_stated(graph: Graph, report, amount: str, stated: str) -> Graph:
    """三公's previous-year level stated (the sample derives it from the level and the change)."""
    g = Graph()
    g += graph
    prev = obs(report, "three-public-expenses", APP, "previous-year-level")
    g.set((prev, F.derived, Literal(False)))
    g.set((prev, F.statedValue, Literal(stated)))
    g.set((prev, F.statedUnit, Literal("万元")))
    g.set((prev, F.amount, Literal(amount, datatype=XSD.decimal)))
    g.set((prev, F.roundingHalfWidth, Literal("50", datatype=XSD.decimal)))
    return g


def _balance(g, r):
    return nudged(g, r, ("total-income", "level"), F.amount, "1")


def _yoy_percent(g, r):
    # 20.9% printed with one decimal: 20.96% is off by more than its own rounding, within the figures'
    return nudged(g, r, ("agency-operating-costs", "increase-percent"), F.percentage, "0.06")


def _projects(g, r):
    return nudged(g, r, ("project-funds", "project-2022年机关运行", "level"), F.amount, "1")


def _change_amount(g, r):
    return previous_year_stated(g, r, "1201", "0.12")  # 0.75 - 0.12 = 0.63 as printed, 1 yuan off


def _income_by_fund(g, r):
    return left_out(g, r, ("income", GPB, "level"))  # the other funds stated, 0 in all


def _sme_rounding(g, r):
    return with_procurement(g, r, {"procurement-sme-reserved": "100.01"})  # above 100.00 by its rounding


def _procurement_parts(g, r):
    return left_out(with_procurement(g, r, {}), r, ("procurement-goods", "level"))  # 30 + 50 of 100


def set_amounts(graph: Graph, report, changes: dict[tuple[str, ...], str]) -> Graph:
    g = Graph()
    g += graph
    for segments, amount in changes.items():
        iri = obs(report, *segments)
        assert g.value(iri, F.amount) is not None, iri
        g.set((iri, F.amount, Literal(amount, datatype=XSD.decimal)))
    return g


PROJECT = ("project-funds", "project-2022年机关运行")


def _rate_of_nothing(g, r):
    # a budget of 0 and nothing spent, yet a rate printed: an Info (the zero budget with spending is a Warning)
    return set_amounts(g, r, {(*PROJECT, "full-year-budget"): "0", (*PROJECT, "level"): "0"})


def _share_of_zero(g, r):
    return set_amounts(g, r, {("expenditure", GPB, "level"): "0"})  # its 类 still spend, with shares of it


CASES = {
    "totals-balance-rounding": (_balance, "Info", ("total-income", "level")),
    "yoy-percent-rounding": (_yoy_percent, "Info", ("agency-operating-costs", "increase-percent")),
    "hierarchy-projects-rounding": (_projects, "Info", ("expenditure", "nature-project", "level")),
    "yoy-change-amount-rounding": (_change_amount, "Info", ("three-public-expenses", APP, "increase-amount")),
    "totals-income-by-fund-incomplete": (_income_by_fund, "Warning", ("income", "level")),
    "procurement-sme-exceeds-rounding": (_sme_rounding, "Info", ("procurement-sme-reserved", "level")),
    "procurement-parts-incomplete": (_procurement_parts, "Warning", ("procurement", "level")),
    "completion-zero-budget-zero": (_rate_of_nothing, "Info", (*PROJECT, "execution-rate")),
    "share-zero-base": (_share_of_zero, "Violation", ("expenditure", GPB, "fc-201", "share")),
}


def _found(graph: Graph, rule: str) -> list[tuple[str, str]]:
    return [
        (f.severity, f.focus_node) for f in validate_graph(graph, DEFAULT_BASE).findings if f.rule == rule
    ]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_companion_fires_on_its_figure(rule, sample_graph, report):
    change, severity, focus = CASES[rule]
    assert _found(sample_graph, rule) == []
    if rule.startswith("procurement"):  # the sample states no procurement: as stated, the rule is quiet
        assert _found(with_procurement(sample_graph, report, {}), rule) == []
    found = _found(change(sample_graph, report), rule)
    assert (severity, str(obs(report, *focus))) in found, found
    assert {s for s, _ in found} == {severity}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_companion_is_its_shape(rule, sample_graph, report, monkeypatch):
    change, _, _ = CASES[rule]
    graph = change(sample_graph, report)
    without_rule(monkeypatch, rule)
    assert _found(graph, rule) == []


def _nature_line(g: Graph, report, name: str, nature: str, amount: str) -> URIRef:
    """A line of a 支出决算表 (code 2010601): the total expenditure's dimensions, its own nature column."""
    template = obs(report, "expenditure", "level")
    iri = URIRef(f"{report}/obs/test-nature-line-{name}/level")
    skipped = (F.functionalClassification, F.expenditureNature, F.amount, F.alsoStatedIn, F.sourceTable)
    for p, o in g.predicate_objects(template):
        if p not in skipped:
            g.add((iri, p, o))
    g.add((iri, F.functionalClassification, URIRef(f"{DEFAULT_BASE}id/function/2010601")))
    g.add((iri, F.expenditureNature, URIRef(f"{DEFAULT_BASE}def/nature/{nature}")))
    g.set((iri, F.amount, Literal(amount, datatype=XSD.decimal)))
    g.add((iri, F.sourceTable, Literal("final.expenditure")))
    return iri


@pytest.mark.parametrize(
    ("whole", "rule", "severity"),
    [("100000", "lines-expenditure-by-nature", "Violation"), ("300000", "lines-expenditure-by-nature-short", "Warning")],
)  # fmt: skip
def test_a_line_against_its_nature_columns(sample_graph, report, whole, rule, severity):
    """A 支出决算表 line: its 合计 against 基本支出 + 项目支出 of the same line, of the same table."""
    g = Graph()
    g += sample_graph
    assert g.value(obs(report, "expenditure", "level"), F.amount) is not None
    focus = _nature_line(g, report, "all", "all", whole)
    basic = _nature_line(g, report, "basic", "basic", "150000")
    project = _nature_line(g, report, "project", "project", "50000")
    found = [
        (f.rule, f.severity) for f in validate_graph(g, DEFAULT_BASE).findings if f.focus_node == str(focus)
    ]
    assert found == [(rule, severity)]
    for part in (basic, project):  # the columns of another table's line are not this line's
        g.set((part, F.sourceTable, Literal("final.general_expenditure")))
    assert not [f for f in validate_graph(g, DEFAULT_BASE).findings if f.focus_node == str(focus)]


def test_a_wording_discrepancy_of_no_known_kind_is_a_warning(sample_graph, report, monkeypatch):
    """classification-wording takes the kinds no other classification rule names (a kind a later reader
    adds): said, not dropped."""
    g = Graph()
    g += sample_graph
    line = obs(report, "expenditure", GPB, "fc-2080501", "level")
    assert (line, None, None) in g
    assert _found(g, "classification-wording") == []
    g.set((line, F.wordingDiscrepancy, Literal("label-of-a-kind-not-yet-named")))
    assert _found(g, "classification-wording") == [("Warning", str(line))]
    without_rule(monkeypatch, "classification-wording")
    assert _found(g, "classification-wording") == []


# --- a budget's text (../shared: 108, a 2024 部门预算) ------------------------------------------------


@pytest.fixture(scope="module")
def budget_108():
    from converter.pipeline import read_document
    from tests.conftest import shared_path

    path = shared_path("corpus", "pdf", "108_shanghai_putuo_wanlijiedao_2024_bumenyusuan.pdf")
    return path, read_document(path)


def _rules_of(doc, path) -> set[tuple[str, str, str]]:
    from tests.test_rules_claims import convert

    return {(f.rule, f.severity, f.focus_node) for f in validate_graph(convert(doc, path)[1]).findings}


def _unlisted(text: str) -> str:
    """The 目录's entry of the income table blanked (same length: the reader's offsets stay)."""
    entry = re.search(r"2\. 2024年部门收入预算总表 …+", text)
    assert entry, "no 目录 entry of the income table"
    return text[: entry.start()] + " " * (entry.end() - entry.start()) + text[entry.end() :]


BUDGET_TEXT_CASES = {
    # the assets as of 2023 (the year before the budget's) is what the template asks; 2022 is not
    "years-assets-date-budget": lambda text: text.replace("截至2023年8月31日", "截至2022年8月31日", 1),
    "tables-not-listed": _unlisted,
}


@pytest.mark.parametrize("rule", sorted(BUDGET_TEXT_CASES))
def test_a_budget_text_mutated_shows_the_rule(rule, budget_108, monkeypatch):
    path, doc = budget_108
    before = _rules_of(doc, path)
    assert not [r for r in before if r[0] == rule]
    changed = dataclasses.replace(doc, text=BUDGET_TEXT_CASES[rule](doc.text))
    assert changed.text != doc.text
    new = _rules_of(changed, path) - before
    assert [(r, s) for r, s, _ in new] == [(rule, "Warning")]
    without_rule(monkeypatch, rule)
    assert not [r for r in _rules_of(changed, path) if r[0] == rule]
