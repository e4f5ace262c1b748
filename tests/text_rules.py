"""The text rules (shapes/integrity-text.ttl) run by pyshacl, the reference SHACL engine, over a report's
graph: the findings per rule, as a harvester validating the published graph gets them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS, XSD

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Path(__file__).resolve().parents[1] / "shapes" / "integrity-text.ttl"


def text_shapes(base: str, without: str | None = None) -> Graph:
    """The shapes with the publisher's base; each relative sh:namespace resolved against it (what a
    harvester does); ``without``: one rule's shape left out (a test that the rule is what finds)."""
    graph = Graph().parse(SHAPES, format="turtle", publicID=base)
    for node, namespace in list(graph.subject_objects(SH.namespace)):
        if "://" not in str(namespace):
            graph.set((node, SH.namespace, Literal(base + str(namespace), datatype=XSD.anyURI)))
    if without is not None:
        shape = next(graph.subjects(RDFS.label, Literal(without)))
        for triple in list(graph.triples((shape, None, None))):
            graph.remove(triple)
    return graph


def findings(data: Graph, base: str, without: str | None = None) -> list[tuple[str, str, str]]:
    """(rule, severity, value node) of every result pyshacl reports."""
    from pyshacl import validate

    shapes = text_shapes(base, without)
    _conforms, report, text = validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    if not isinstance(report, Graph):  # pyshacl could not run a shape (a query it cannot parse)
        raise AssertionError(f"pyshacl failed: {text}")
    out = []
    for result in report.subjects(SH.resultSeverity, None):
        shape = report.value(result, SH.sourceShape)
        label = str(shapes.value(shape, RDFS.label))
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        value = report.value(result, SH.value)
        out.append((label, severity, str(value) if isinstance(value, URIRef) else str(value)))
    return sorted(out)


def per_rule(found: list[tuple[str, str, str]]) -> Counter:
    return Counter(rule for rule, _severity, _value in found)
