"""An economic class is the sum of its 款 (issue #14): shapes/integrity-economic.ttl.

Without the corpus: the sample states no economic lines, so three are added to a copy of its graph (a 类
and two 款, cloned from one of its observations). With ../shared: 101's 基本支出 table as converted (no
finding but rounding), one 款 changed (a Violation on its 类), and pyshacl running the file alone agrees."""

from __future__ import annotations

from decimal import Decimal

import pyshacl
import pytest
from conftest import shared_path
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from converter.pipeline import convert_files
from converter.uris import DEFAULT_BASE, UriBuilder
from converter.validate import engine, validate_graph
from converter.validate.across import load_rule_file

URIS = UriBuilder(DEFAULT_BASE)
F = URIRef(URIS.ontology_namespace)
ECONOMIC = URIRef(f"{F}economicClassification")
AMOUNT = URIRef(f"{F}amount")
RULE = "hierarchy-economic"


def economic(iri: URIRef) -> URIRef:
    return URIRef(f"{DEFAULT_BASE}id/economic/{iri}")


def with_economic_lines(graph: Graph, report: URIRef, amounts: dict[str, int]) -> Graph:
    """A copy of ``graph`` with one line per economic code, each a clone of the report's personnel
    expenditure observation (same dimensions) with its own classification and amount."""
    out = Graph()
    out += graph
    template = URIS.observation(
        report, ["expenditure", "fund-general-public-budget", "nature-personnel", "level"]
    )
    assert (template, AMOUNT, None) in graph, f"the sample has no {template}"
    for code, amount in amounts.items():
        clone = URIRef(f"{template}/ec-{code}")
        for p, o in graph.predicate_objects(template):
            if p not in (ECONOMIC, AMOUNT):
                out.add((clone, p, o))
        out.add((clone, ECONOMIC, economic(code)))
        out.add((clone, AMOUNT, Literal(Decimal(amount), datatype=XSD.decimal)))
    return out


def fired(outcome, severity: str = "Violation") -> list:
    rule = RULE if severity == "Violation" else f"{RULE}-rounding"
    return [f for f in outcome.findings if f.rule == rule and f.severity == severity]


def test_a_class_that_adds_up_passes_and_one_that_does_not_fires(sample_result):
    graph, report = sample_result.converted[0].graph, sample_result.converted[0].iri
    good = with_economic_lines(graph, report, {"301": 3000, "30101": 1000, "30102": 2000})
    assert fired(validate_graph(good, DEFAULT_BASE)) == []
    bad = with_economic_lines(graph, report, {"301": 3000, "30101": 1000, "30102": 2500})
    hits = fired(validate_graph(bad, DEFAULT_BASE))
    assert [h.focus_node.rsplit("/", 1)[-1] for h in hits] == ["ec-301"]
    assert hits[0].stated == Decimal(3000) and hits[0].computed == Decimal(3500)


def test_a_class_printed_without_its_parts_is_not_compared(sample_result):
    graph, report = sample_result.converted[0].graph, sample_result.converted[0].iri
    # 30201 has no 302 stated beside it: nothing to add up
    alone = with_economic_lines(graph, report, {"301": 3000, "30201": 10})
    outcome = validate_graph(alone, DEFAULT_BASE)
    assert fired(outcome) == [] and fired(outcome, "Info") == []


def test_the_finding_comes_from_the_shape(sample_result, monkeypatch):
    graph, report = sample_result.converted[0].graph, sample_result.converted[0].iri
    every = engine.rules
    monkeypatch.setattr(
        engine, "rules", lambda base=DEFAULT_BASE: tuple(r for r in every(base) if r.rule != RULE)
    )
    bad = with_economic_lines(graph, report, {"301": 3000, "30101": 1000, "30102": 2500})
    assert fired(validate_graph(bad, DEFAULT_BASE)) == []


@pytest.fixture(scope="module")
def converted_101():
    path = shared_path("corpus", "pdf", "101_shanghai_putuo_caizhengju_2024.pdf")
    return convert_files([path], keep_going=False).converted[0]


def test_101_basic_expenditure_table_adds_up_and_a_changed_line_is_found(converted_101):
    graph = converted_101.graph
    outcome = validate_graph(graph, DEFAULT_BASE)
    assert fired(outcome) == []
    assert fired(outcome, "Info"), "101's 301 and 302 differ from their 款 by rounding only"
    line = next(s for s, o in graph.subject_objects(ECONOMIC) if str(o).endswith("/economic/30101"))
    changed = Graph()
    changed += graph
    value = graph.value(line, AMOUNT)
    changed.set((line, AMOUNT, Literal(Decimal(str(value)) + 1_000_000, datatype=XSD.decimal)))
    hits = fired(validate_graph(changed, DEFAULT_BASE))
    assert hits and all(h.message.startswith("支出经济分类 301") for h in hits)


def test_pyshacl_runs_the_file_alone_and_agrees(converted_101):
    graph = converted_101.graph
    line = next(s for s, o in graph.subject_objects(ECONOMIC) if str(o).endswith("/economic/30101"))
    changed = Graph()
    changed += graph
    changed.set(
        (line, AMOUNT, Literal(Decimal(str(graph.value(line, AMOUNT))) + 1_000_000, datatype=XSD.decimal))
    )
    _, results, _ = pyshacl.validate(
        changed, shacl_graph=load_rule_file("integrity-economic.ttl"), inference="none", advanced=True
    )
    violations = {
        results.value(r, SH.value)
        for r in results.subjects(RDF.type, SH.ValidationResult)
        if results.value(r, SH.resultSeverity) == SH.Violation
    }
    ours = {URIRef(h.focus_node) for h in fired(validate_graph(changed, DEFAULT_BASE))}
    assert ours and violations == ours
