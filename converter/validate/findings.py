"""Findings: what validation found, as Python records, JSON, a SHACL report and DQV annotations.

A finding never changes or drops a figure: it points at observations (focus node and the
figures involved, each with its source spans) and says what disagrees by how much.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH, XSD

from converter.uris import UriBuilder

DQV = Namespace("http://www.w3.org/ns/dqv#")
OA = Namespace("http://www.w3.org/ns/oa#")
SEVERITIES = ("Violation", "Warning", "Info")
SEVERITY_IRI = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}
SEVERITY_FROM_IRI = {v: k for k, v in SEVERITY_IRI.items()}


def shapes_namespace(base: str) -> Namespace:
    """Rule and shape ids live at {base}def/shapes#{rule}."""
    return Namespace(f"{UriBuilder(base).base}def/shapes#")


@dataclass
class SpanRef:
    iri: str
    text: str | None = None
    start: int | None = None
    end: int | None = None
    page: int | None = None
    locator: str | None = None

    def as_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class FigureRef:
    """One figure a finding involves: an observation (or a further statement of one)."""

    iri: str
    role: str  # "total", "part", "stated", "numerator", "base", "statement" ...
    value: Decimal | None = None  # in the measure's unit (yuan, percent points)
    stated: str | None = None  # as printed
    unit: str | None = None  # as printed (万元, 元, %)
    label: str | None = None
    spans: list[SpanRef] = field(default_factory=list)

    def as_json(self) -> dict:
        out: dict = {"iri": self.iri, "role": self.role}
        if self.label:
            out["label"] = self.label
        if self.value is not None:
            out["value"] = number(self.value)
        if self.stated is not None:
            out["stated"] = self.stated
        if self.unit is not None:
            out["statedUnit"] = self.unit
        out["spans"] = [s.as_json() for s in self.spans]
        return out


@dataclass
class Finding:
    severity: str  # Violation | Warning | Info
    rule: str  # stable id, e.g. "yoy-percent"
    message: str  # bilingual: 中文 / English
    report: str  # the report (qb:DataSet) IRI
    focus_node: str
    path: str | None = None
    value: str | None = None
    stated: Decimal | None = None
    computed: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str | None = None  # unit of stated/computed/tolerance: "元" or "%"
    figures: list[FigureRef] = field(default_factory=list)
    source: str = "integrity"  # "structure" (SHACL shapes) or "integrity" (rules over figures)

    @property
    def difference(self) -> Decimal | None:
        if self.stated is None or self.computed is None:
            return None
        return self.stated - self.computed

    def key(self) -> tuple[str, ...]:
        return (self.rule, self.focus_node, self.path or "", self.value or "")

    def as_json(self) -> dict:
        out: dict = {
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "report": self.report,
            "focusNode": self.focus_node,
            "path": self.path,
            "value": self.value,
        }
        if self.stated is not None or self.computed is not None:
            out["stated"] = number(self.stated)
            out["computed"] = number(self.computed)
            out["difference"] = number(self.difference)
            out["tolerance"] = number(self.tolerance)
            out["unit"] = self.unit
        out["figures"] = [f.as_json() for f in self.figures]
        spans = {s.iri: s for f in self.figures for s in f.spans}  # a span two figures share: once
        out["spans"] = [s.as_json() for s in spans.values()]
        return out


def number(value: Decimal | None) -> str | None:
    """A decimal as plain text without exponent or trailing zeros ("525", "0.01")."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return format(value.quantize(Decimal(1)), "f")
    text = format(value.normalize(), "f")
    return text


def rounded(value: Decimal, places: int = 4) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places)) if value.is_finite() else value


@dataclass
class ValidationOutcome:
    """The result of validating one or more report graphs."""

    findings: list[Finding]
    built: Graph | Callable[[], Graph] | None  # the report graph, or how to build it when asked for
    reports: list[str] = field(default_factory=list)

    @property
    def report_graph(self) -> Graph:
        """The SHACL report + DQV graph (built on first use: text and JSON output never need it)."""
        if callable(self.built) and not isinstance(self.built, Graph):
            self.built = self.built()
        return self.built  # type: ignore[return-value]

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def as_json(self) -> list[dict]:
        return [f.as_json() for f in self.findings]


# --- RDF: sh:ValidationReport + DQV -----------------------------------------------------------------


def build_report_graph(findings: list[Finding], reports: list[str], base: str) -> Graph:
    """A SHACL validation report of all findings, and DQV quality information per report.

    Each report (qb:DataSet) gets ``dqv:hasQualityMeasurement`` counts of Violations, Warnings and
    Infos and a conformance flag, and ``dqv:hasQualityAnnotation`` one annotation per finding
    (motivated by dqv:qualityAssessment, its body the bilingual message, its target the figure).
    """
    uris = UriBuilder(base)
    shp = shapes_namespace(base)
    g = Graph()
    g.bind("sh", SH)
    g.bind("dqv", DQV)
    g.bind("oa", OA)
    g.bind("prov", PROV)
    g.bind("shape", shp)
    g.bind("fiscal", uris.ontology_namespace)
    report_node = BNode()
    g.add((report_node, RDF.type, SH.ValidationReport))
    g.add((report_node, SH.conforms, Literal(not any(f.severity == "Violation" for f in findings))))
    for finding in findings:
        node = uris.finding(
            URIRef(finding.report), finding.rule, finding.focus_node, finding.path or "", finding.value or ""
        )
        g.add((report_node, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.resultSeverity, SEVERITY_IRI[finding.severity]))
        g.add((node, SH.focusNode, URIRef(finding.focus_node)))
        g.add((node, SH.sourceShape, shp[finding.rule]))
        g.add(
            (
                node,
                SH.sourceConstraintComponent,
                SH.SPARQLConstraintComponent if finding.source == "integrity" else SH.NodeConstraintComponent,
            )
        )
        g.add((node, SH.resultMessage, Literal(finding.message)))
        if finding.path:
            g.add((node, SH.resultPath, URIRef(finding.path)))
        if finding.value is not None:
            g.add((node, SH.value, Literal(finding.value)))
        for prop, val in (
            ("statedValue", finding.stated),
            ("computedValue", finding.computed),
            ("tolerance", finding.tolerance),
        ):
            if val is not None:
                g.add((node, shp[prop], Literal(number(val), datatype=XSD.decimal)))
        for figure in finding.figures:
            g.add((node, shp.involves, URIRef(figure.iri)))
            for span in figure.spans:
                g.add((node, PROV.wasDerivedFrom, URIRef(span.iri)))
        # DQV: the finding as a quality annotation on the report data set
        annotation = URIRef(f"{node}#annotation")
        g.add((URIRef(finding.report), DQV.hasQualityAnnotation, annotation))
        g.add((annotation, RDF.type, DQV.QualityAnnotation))
        g.add((annotation, OA.motivatedBy, DQV.qualityAssessment))
        g.add((annotation, OA.hasTarget, URIRef(finding.focus_node)))
        g.add((annotation, OA.hasBody, node))
        g.add((annotation, RDFS.comment, Literal(finding.message)))
        g.add((annotation, DQV.inDimension, shp[_dimension(finding.rule)]))
    for report in reports:
        own = [f for f in findings if f.report == report]
        for metric, value in (
            ("violationCount", Literal(sum(f.severity == "Violation" for f in own), datatype=XSD.integer)),
            ("warningCount", Literal(sum(f.severity == "Warning" for f in own), datatype=XSD.integer)),
            ("infoCount", Literal(sum(f.severity == "Info" for f in own), datatype=XSD.integer)),
            ("conforms", Literal(not any(f.severity == "Violation" for f in own))),
        ):
            m = URIRef(f"{report}/quality/{metric}")
            g.add((URIRef(report), DQV.hasQualityMeasurement, m))
            g.add((m, RDF.type, DQV.QualityMeasurement))
            g.add((m, DQV.computedOn, URIRef(report)))
            g.add((m, DQV.isMeasurementOf, shp[metric]))
            g.add((m, DQV.value, value))
            g.add((m, PROV.wasGeneratedBy, shp.validation))
    return g


def _dimension(rule: str) -> str:
    if rule.startswith("structure"):
        return "structuralConsistency"
    if rule.startswith(("classification", "completeness")):
        return "conformity" if rule.startswith("classification") else "completeness"
    return "arithmeticConsistency"
