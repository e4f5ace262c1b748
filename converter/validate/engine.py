"""The integrity rules' engine: every SHACL-SPARQL constraint of shapes/integrity*.ttl, run on pyoxigraph.

A rule is a shape (sh:targetClass fiscal:Report) with a sh:sparql sh:SPARQLConstraint, or a shape
that gives a value to the parameter of a SPARQL-based constraint component (sh:nodeValidator with
sh:select): the same SPARQL text pyshacl runs. Its SELECT is run once per report, ``$this`` (and each
component parameter) substituted as SHACL's pre-binding prescribes, and each solution becomes a
Finding: rule id = the shape's rdfs:label, severity = sh:severity, message = sh:message (zh / en)
with ``{?var}`` substituted. Shape files are discovered by glob, so a file another family adds
(integrity-text.ttl, integrity-claims.ttl ...) runs without a change here.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from converter.resources import shapes_dir
from converter.uris import DEFAULT_BASE, normalise_base
from converter.validate.findings import SEVERITY_FROM_IRI, FigureRef, Finding, SpanRef, number, rounded
from converter.validate.oxdata import to_ox, to_rdflib

RULE_GLOB = "integrity*.ttl"
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
OA = Namespace("http://www.w3.org/ns/oa#")
QB_MEASURE_TYPE = URIRef("http://purl.org/linked-data/cube#measureType")
_CURRENT_SHAPE = re.compile(r"[$?]currentShape\b")
_VAR = re.compile(r"\{[?$](\w+)\}")
# queries run at once on one report (a validation is one command: it may use the machine's cores)
QUERY_WORKERS = max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Rule:
    shape: URIRef
    rule: str  # rdfs:label of the shape: the stable id juesuan prints
    severity: str
    family: str | None
    messages: dict[str, str]  # language -> template
    query: str  # with its PREFIX declarations
    bindings: tuple[tuple[str, object], ...] = ()  # component parameters: variable name -> rdflib term
    target_class: URIRef | None = None
    constraint: object = None  # the sh:SPARQLConstraint node (several shapes may share one)
    select: str = ""  # the SELECT as written, $currentShape not substituted


def rule_files() -> list[Path]:
    return sorted(shapes_dir().glob(RULE_GLOB))


@cache
def rule_shapes(base: str = DEFAULT_BASE) -> Graph:
    """Every shapes/integrity*.ttl, parsed with ``base``; relative sh:namespace literals resolved
    against it too (so pyshacl, which reads them as they are, sees the publisher's IRIs)."""
    base = normalise_base(base)
    graph = Graph()
    for path in rule_files():
        graph.parse(path, format="turtle", publicID=base)
    for declaration, namespace in list(graph.subject_objects(SH.namespace)):
        text = str(namespace)
        if not re.match(r"^[a-zA-Z][\w+.-]*:", text):
            graph.set((declaration, SH.namespace, Literal(base + text, datatype=XSD.anyURI)))
    return graph


def _prefixes(graph: Graph, node) -> str:
    lines = []
    for holder in graph.objects(node, SH.prefixes):
        for declaration in graph.objects(holder, SH.declare):
            prefix, namespace = graph.value(declaration, SH.prefix), graph.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _messages(graph: Graph, *nodes) -> dict[str, str]:
    for node in nodes:
        found = {
            (m.language or ""): str(m) for m in graph.objects(node, SH.message) if isinstance(m, Literal)
        }
        if found:
            return found
    return {}


def _rule(graph: Graph, shape, constraint, query: str, bindings=()) -> Rule | None:
    if (shape, SH.deactivated, Literal(True)) in graph or (
        constraint,
        SH.deactivated,
        Literal(True),
    ) in graph:
        return None
    label = graph.value(shape, RDFS.label)
    text = str(shape)
    rule = str(label) if label is not None else text.rsplit("#", 1)[-1]
    severity = SEVERITY_FROM_IRI.get(graph.value(shape, SH.severity), "Violation")  # type: ignore[arg-type]
    family = graph.value(shape, URIRef(f"{text.rsplit('#', 1)[0]}#family"))
    prefixes = _prefixes(graph, constraint)
    return Rule(
        shape=shape,
        rule=rule,
        severity=severity,
        family=str(family) if family is not None else None,
        messages=_messages(graph, shape, constraint),
        # $currentShape is pre-bound to the shape: a constant (pyoxigraph substitutes projected variables only)
        query=prefixes + "\n" + _CURRENT_SHAPE.sub(f"<{shape}>", query),
        bindings=tuple(bindings),
        constraint=constraint,
        select=prefixes + "\n" + query,
        target_class=graph.value(shape, SH.targetClass),  # type: ignore[arg-type]
    )


def _local(iri) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]


@cache
def rules(base: str = DEFAULT_BASE) -> tuple[Rule, ...]:
    """Every executable rule of the rule shapes, in a stable order."""
    graph = rule_shapes(base)
    found: list[Rule] = []
    for shape, constraint in graph.subject_objects(SH.sparql):
        select = graph.value(constraint, SH.select)
        if select is not None:
            rule = _rule(graph, shape, constraint, str(select))
            if rule is not None:
                found.append(rule)
    for component in graph.subjects(RDF.type, SH.ConstraintComponent):
        validator = graph.value(component, SH.nodeValidator) or graph.value(component, SH.validator)
        select = graph.value(validator, SH.select) if validator is not None else None
        if select is None:
            continue
        paths = [graph.value(p, SH.path) for p in graph.objects(component, SH.parameter)]
        if not paths or None in paths:
            continue
        shapes = set.intersection(*(set(graph.subjects(p, None)) for p in paths))
        for shape in shapes:
            if (shape, RDF.type, SH.NodeShape) not in graph:
                continue
            bindings = [(_local(p), graph.value(shape, p)) for p in paths]
            rule = _rule(graph, shape, validator, str(select), bindings)
            if rule is not None:
                found.append(rule)
    return tuple(sorted(found, key=lambda r: (r.rule, str(r.shape))))


# --- running them ----------------------------------------------------------------------------------


_ox, _rdflib = to_ox, to_rdflib


def store_of(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(_ox(s), _ox(p), _ox(o), ox.DefaultGraph()) for s, p, o in graph)
    return store


def run_rules(graph: Graph, report: URIRef, base: str, store: ox.Store | None = None) -> list[Finding]:
    """Every rule on one report graph: one query per rule and report."""
    store = store if store is not None else store_of(graph)
    return run_rules_on(store, report, base, graph)


def run_rules_on(
    store: ox.Store, report: URIRef, base: str, described, graph_name=None, timings: dict | None = None
) -> list[Finding]:
    """Every rule on one report's triples in ``store`` (its default graph, or the graph ``graph_name``);
    ``described`` answers the describer's look-ups (an rdflib Graph or an oxdata.GraphView).
    ``timings["describe"]`` (if given) receives the seconds spent describing the findings' figures."""
    return start_rules(store, report, base, graph_name).findings(described, timings)


def start_rules(store, report: URIRef, base: str, graph_name=None) -> RuleRun:
    """Every rule's query on one report, started on threads now (pyoxigraph evaluates a query without
    the GIL: they run beside whatever the caller does next, e.g. the structural shapes);
    ``RuleRun.findings`` collects them. ``store``: an ox.Store, or anything whose ``result()`` gives
    one (a store still loading: the queries start when it is ready)."""
    report_class = URIRef(f"{normalise_base(base)}def/fiscal#Report")
    named = graph_name is not None and not isinstance(graph_name, ox.DefaultGraph)
    options = {"default_graph": graph_name} if named else {}
    groups: dict[tuple, list[Rule]] = {}
    for rule in rules(base):
        if rule.target_class is None or rule.target_class == report_class:
            groups.setdefault((rule.constraint, rule.select, rule.bindings), []).append(rule)
    jobs: list[_Job] = []
    for (_, select, bindings), members in groups.items():
        substitutions = {ox.Variable("this"): ox.NamedNode(str(report))}
        substitutions.update({ox.Variable(k): _ox(v) for k, v in bindings})
        jobs.extend(
            (query, substitutions, by_shape, members) for query, by_shape in _batched(select, members)
        )
    pool = ThreadPoolExecutor(max_workers=QUERY_WORKERS)
    ready = pool.submit(store.result) if hasattr(store, "result") else None

    def solve(job: _Job) -> tuple[list[str], list]:
        target = ready.result() if ready is not None else store
        solutions = target.query(job[0], substitutions=job[1], **options)
        return [v.value for v in solutions.variables], list(solutions)

    return RuleRun(report, pool, jobs, [pool.submit(solve, job) for job in jobs])


_Job = tuple[str, dict, dict[str, Rule], list[Rule]]


@dataclass
class RuleRun:
    """The rules' queries on one report, running (see :func:`start_rules`)."""

    report: URIRef
    pool: ThreadPoolExecutor
    jobs: list[_Job]
    running: list  # one Future per job, in the jobs' order

    def findings(self, described, timings: dict | None = None) -> list[Finding]:
        """The findings, built here in the rules' order (so the result does not depend on timing);
        ``described`` answers the describer's look-ups; ``timings["describe"]`` (if given) receives
        the seconds spent describing the findings' figures, taken out of ``timings["rules"]``."""
        findings: list[Finding] = []
        describer = _Describer(described)
        described_for = 0.0
        try:
            for future, (_, _, by_shape, members) in zip(self.running, self.jobs, strict=True):
                names, solutions = future.result()
                for solution in solutions:
                    row = {n: _rdflib(solution[n]) for n in names}
                    rule = by_shape.get(str(row.pop("currentShape", "")), members[0])
                    start = time.perf_counter()
                    findings.append(_finding(rule, row, self.report, describer))
                    described_for += time.perf_counter() - start
        finally:
            self.close()
        if timings is not None:  # the describer's share, out of the rules' time
            timings["describe"] = timings.get("describe", 0.0) + described_for
            timings["rules"] = timings.get("rules", 0.0) - described_for
        return findings

    def close(self) -> None:
        """Stop what has not started yet (the findings are not wanted, e.g. the caller failed)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


_SELECT = re.compile(r"SELECT\s+(DISTINCT\s+|REDUCED\s+)?", re.I)
_WHERE = re.compile(r"WHERE\s*\{", re.I)


def _batched(select: str, members: list[Rule]) -> list[tuple[str, dict[str, Rule]]]:
    """The shapes sharing one constraint in one query: ?currentShape takes each shape in a VALUES block
    (as if pre-bound once per shape) and is projected, so a solution says which shape it belongs to."""
    if len(members) == 1 or not _CURRENT_SHAPE.search(select):
        return [(rule.query, {"": rule}) for rule in members]
    values = " ".join(f"<{rule.shape}>" for rule in members)
    text = _CURRENT_SHAPE.sub("?currentShape", select)
    text = _SELECT.sub(lambda m: f"{m.group(0)}?currentShape ", text, count=1)
    text = _WHERE.sub(lambda m: f"{m.group(0)} VALUES ?currentShape {{ {values} }}", text, count=1)
    return [(text, {str(rule.shape): rule for rule in members})]


def _decimal(term) -> Decimal | None:
    if not isinstance(term, Literal):
        return None
    try:
        return Decimal(str(term))
    except InvalidOperation:
        return None


def render(template: str, row: dict, bindings: tuple = ()) -> str:
    values = {**{k: v for k, v in bindings}, **row}

    def sub(match: re.Match) -> str:
        term = values.get(match.group(1))
        if term is None:
            return "?"
        amount = _decimal(term)
        return number(rounded(amount, 4)) if amount is not None else str(term)

    return _VAR.sub(sub, template)


def message(rule: Rule, row: dict) -> str:
    zh = rule.messages.get("zh") or rule.messages.get("") or rule.rule
    en = rule.messages.get("en")
    text = render(zh, row, rule.bindings)
    return f"{text} / {render(en, row, rule.bindings)}" if en and en != zh else text


@dataclass
class _Describer:
    """Figures and their source spans, read from the report graph for a finding."""

    graph: Graph  # or an oxdata.GraphView: value(), objects(), `in`
    spans: dict = field(default_factory=dict)

    def span(self, iri) -> SpanRef:
        if iri not in self.spans:
            g = self.graph
            selector = g.value(iri, OA.hasSelector)
            start = g.value(selector, OA.start) if selector is not None else None
            end = g.value(selector, OA.end) if selector is not None else None
            fiscal = _fiscal(iri)
            page = g.value(iri, fiscal["page"])
            text, locator = g.value(iri, fiscal["sourceText"]), g.value(iri, fiscal["locator"])
            self.spans[iri] = SpanRef(
                iri=str(iri),
                text=None if text is None else str(text),
                start=int(start) if start is not None else None,
                end=int(end) if end is not None else None,
                page=int(page) if page is not None else None,
                locator=None if locator is None else str(locator),
            )
        return self.spans[iri]

    def spans_of(self, node, depth: int = 0) -> list[SpanRef]:
        out: list[SpanRef] = []
        for source in self.graph.objects(node, PROV_DERIVED):
            if (source, QB_MEASURE_TYPE, None) in self.graph:
                if depth < 3:
                    out.extend(self.spans_of(source, depth + 1))
            elif isinstance(source, URIRef):
                out.append(self.span(source))
        return out

    def figure(self, node, role: str) -> FigureRef:
        g = self.graph
        fiscal = _fiscal(node)
        measure = g.value(node, QB_MEASURE_TYPE)
        if measure is None:  # a further statement: its measure is its observation's
            owner = g.value(None, fiscal["alsoStatedIn"], node)
            measure = g.value(owner, QB_MEASURE_TYPE) if owner is not None else None
        value = _decimal(g.value(node, measure)) if measure is not None else None
        stated, unit = g.value(node, fiscal["statedValue"]), g.value(node, fiscal["statedUnit"])
        label = g.value(node, RDFS.label)
        return FigureRef(
            iri=str(node),
            role=role,
            value=value,
            stated=None if stated is None else str(stated),
            unit=None if unit is None else str(unit),
            label=None if label is None else str(label),
            spans=self.spans_of(node),
        )

    def measure(self, node) -> URIRef | None:
        measure = self.graph.value(node, QB_MEASURE_TYPE)
        return measure if isinstance(measure, URIRef) else None


def _fiscal(iri) -> Namespace:
    text = str(iri)
    cut = text.find("/id/")
    return Namespace(f"{text[:cut]}/def/fiscal#" if cut >= 0 else f"{DEFAULT_BASE}def/fiscal#")


def _finding(rule: Rule, row: dict, report: URIRef, describer: _Describer) -> Finding:
    value, other = row.get("value"), row.get("other")
    figures = []
    for node, role in ((value, "stated"), (other, "other")):
        if isinstance(node, URIRef):
            figures.append(describer.figure(node, role))
    measure = describer.measure(value) if isinstance(value, URIRef) else None
    if measure is None and isinstance(other, URIRef):
        measure = describer.measure(other)
    text = row.get("text")
    shown = str(text) if text is not None else (figures[0].stated if figures else None)
    stated, computed, tolerance = (_decimal(row.get(k)) for k in ("stated", "computed", "tolerance"))
    unit = None  # an evidence node's numbers (a year, decimal places) have no unit of money
    if (stated is not None or computed is not None) and measure is not None:
        unit = "%" if str(measure).endswith("#percentage") else "元"
    return Finding(
        severity=rule.severity,
        rule=rule.rule,
        message=message(rule, row),
        report=str(report),
        focus_node=str(value) if isinstance(value, URIRef) else str(report),
        path=str(measure) if measure is not None else None,
        value=shown,
        stated=stated,
        computed=None if computed is None else rounded(computed, 6).normalize(),
        tolerance=None if tolerance is None else rounded(tolerance, 6).normalize(),
        unit=unit,
        figures=figures,
    )
