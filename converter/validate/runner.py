"""Validate RDF report graphs: structural SHACL shapes + integrity rules, one report at a time.

Each fiscal:Report (a qb:DataSet, also the named graph holding it) is validated on its own
graph, never on the union of many reports: pyshacl's cost grows faster than linearly with the
data graph, and findings are per report anyway.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from converter.rdf_files import QUAD_FORMATS, RDF_FORMATS, rdf_format
from converter.resources import shapes_dir
from converter.uris import DEFAULT_BASE, normalise_base
from converter.validate import oxdata, shacl
from converter.validate.engine import start_rules
from converter.validate.findings import (
    SEVERITY_FROM_IRI,
    FigureRef,
    Finding,
    ValidationOutcome,
    build_report_graph,
)
from converter.validate.merge import merge_repeated

QB_DATASET = URIRef("http://purl.org/linked-data/cube#DataSet")
QB_DATASET_PROP = URIRef("http://purl.org/linked-data/cube#dataSet")
QB_OBSERVATION = URIRef("http://purl.org/linked-data/cube#Observation")
STRUCTURE_FILES = ("structure.ttl",)
SWITCH_INTERVAL = 0.0002  # seconds, while a file is validated (see validate_file)


@cache
def load_shapes(base: str = DEFAULT_BASE) -> Graph:
    """The structural shapes, their relative IRIs resolved against ``base``."""
    graph = Graph()
    for name in STRUCTURE_FILES:
        graph.parse(shapes_dir() / name, format="turtle", publicID=normalise_base(base))
    return graph


@cache
def compiled_shapes(base: str = DEFAULT_BASE) -> shacl.ShapesGraph:
    return shacl.ShapesGraph(load_shapes(base))


def _structure_findings(
    data: Graph | oxdata.TripleIndex, report: URIRef, base: str, engine: str
) -> list[Finding]:
    shapes = compiled_shapes(base)
    results: list[tuple] = []
    if engine == "auto":
        try:
            raw = shacl.evaluate(shapes, data)
        except shacl.Unsupported:
            engine = "pyshacl"
        else:  # pyoxigraph terms, as rdflib terms
            to_rdflib = oxdata.to_rdflib
            results = [
                (to_rdflib(r.focus), r.shape, r.severity, r.messages, r.path, to_rdflib(r.value)) for r in raw
            ]
    if engine == "pyshacl":
        if isinstance(data, oxdata.TripleIndex):
            data = _rdflib_graph(data)
        results = list(_pyshacl_results(data, base))
    findings = []
    seen = set()
    for focus, shape_node, severity, messages, path, value in results:
        rule = rule_id(shapes.graph, shape_node)
        key = (rule, focus, path, value)
        if key in seen:
            continue
        seen.add(key)
        message = str(messages[0]) if messages else _owner_message(shapes.graph, shape_node) or rule
        findings.append(
            Finding(
                severity=SEVERITY_FROM_IRI.get(severity, "Violation"),
                rule=rule,
                message=message,
                report=str(report),
                focus_node=str(focus),
                path=str(path) if path is not None and not isinstance(path, BNode) else None,
                value=None if value is None else str(value),
                figures=[FigureRef(iri=str(focus), role="focus")] if isinstance(focus, URIRef) else [],
                source="structure",
            )
        )
    return findings


def _rdflib_graph(data: oxdata.TripleIndex) -> Graph:
    graph = Graph()
    to_rdflib = oxdata.to_rdflib
    for s, p, o in data.triples:
        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return graph


def _pyshacl_results(graph: Graph, base: str) -> Iterable[tuple]:
    import pyshacl

    _, report_graph, _ = pyshacl.validate(
        graph, shacl_graph=load_shapes(base), inference="none", advanced=False, allow_warnings=True
    )
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        g = report_graph
        yield (
            g.value(result, SH.focusNode),
            g.value(result, SH.sourceShape),
            g.value(result, SH.resultSeverity),
            list(g.objects(result, SH.resultMessage)),
            g.value(result, SH.resultPath),
            g.value(result, SH.value),
        )


def _owner(shapes: Graph, node) -> URIRef | None:
    """The named shape a blank-node shape belongs to (through sh:property / lists)."""
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if isinstance(current, URIRef):
            return current
        if current in seen:
            continue
        seen.add(current)
        todo.extend(shapes.subjects(None, current))
    return None


def rule_id(shapes: Graph, shape_node) -> str:
    owner = _owner(shapes, shape_node)
    if owner is None:
        return "structure"
    text = str(owner)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]


def _owner_message(shapes: Graph, node) -> str | None:
    owner = _owner(shapes, node)
    if owner is None:
        return None
    message = shapes.value(owner, SH.message)
    return str(message) if message is not None else None


def validate_report(graph: Graph, report: URIRef, base: str, engine: str = "auto") -> list[Finding]:
    """One report's findings from an rdflib graph holding it (validate_unit on its triples)."""
    to_ox = oxdata.to_ox
    index = oxdata.TripleIndex([(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph])
    return validate_unit(index, report, normalise_base(base), engine)


SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def validate_graph(graph: Graph, base: str | None = None, *, engine: str = "auto") -> ValidationOutcome:
    """Validate every report of ``graph`` (a Graph, or a Dataset of report named graphs).

    ``base`` is the base the IRIs were minted with; by default it is detected from the data
    (the IRI of the fiscal:Report class), per named graph. The graph's triples are read once into
    pyoxigraph terms: the same work as `juesuan validate FILE` (:func:`validate_file`) from there on.
    """
    graphs = [g for g in graph.graphs() if len(g)] if isinstance(graph, Dataset) else [graph]
    to_ox = oxdata.to_ox
    indexes = [oxdata.TripleIndex([(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g]) for g in graphs]
    return _validate_indexes([(index, None) for index in indexes], base, engine)


def validate_file(
    path: str | Path, base: str | None = None, *, engine: str = "auto", timings: dict | None = None
) -> ValidationOutcome:
    """Validate every report of one RDF file, read by Oxigraph's parser (no rdflib graph is built:
    rdflib's parser is twenty times slower). Formats Oxigraph does not read here (JSON-LD), a file it
    refuses and ``engine="pyshacl"`` go through :func:`load_file` and :func:`validate_graph`.
    ``timings``, if given, receives the seconds each phase took (load, index, structure, rules,
    describe: bench/validate.py prints them). Raises LoadError."""
    path = Path(path)
    fmt = rdf_format(path) if path.is_file() else None
    if fmt not in oxdata.FORMATS or engine == "pyshacl":
        return validate_graph(load_file(path), base, engine=engine)
    collecting, interval = gc.isenabled(), sys.getswitchinterval()
    gc.disable()  # tens of thousands of tuples, none garbage: the collector's passes cost a fifth
    # the rules' threads hand their solutions back while this thread checks the structure: a short
    # switch interval lets them interleave (with the default 5 ms, a query's thread waits for the GIL)
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        return _validate_read(path, fmt, base, engine, timings)
    finally:
        sys.setswitchinterval(interval)
        if collecting:
            gc.enable()


def _validate_read(path: Path, fmt: str, base: str | None, engine: str, timings: dict | None):
    clock = _Clock(timings)
    try:
        graphs, store = oxdata.read_file_pending(path, fmt)  # the store loads beside the structure
    except (SyntaxError, ValueError, OSError):
        return validate_graph(load_file(path), base, engine=engine)  # says what is wrong, and where
    clock.lap("load")
    units = [(oxdata.TripleIndex(triples), (store, name)) for name, triples in graphs.items()]
    clock.lap("index")
    if not units:
        raise LoadError(str(path), "contains no triples")
    return _validate_indexes(units, base, engine, timings)


class _Clock:
    """Adds the seconds since the last lap to ``timings[phase]`` (nothing when timings is None)."""

    def __init__(self, timings: dict | None):
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
        self.last = now


def _validate_indexes(
    graphs: list[tuple], base: str | None, engine: str, timings: dict | None = None
) -> ValidationOutcome:
    """``graphs``: (index, (store, graph name) holding the same triples, or None), one per graph."""
    clock = _Clock(timings)
    units: list[tuple] = []
    for index, stored in graphs:
        bases = [normalise_base(base)] if base else oxdata.bases_of(index) or [DEFAULT_BASE]
        for b in bases:
            for report, unit in oxdata.split(index, b):
                units.append((report, unit, b, stored if unit is index else None))
    units.sort(key=lambda u: u[0].value)  # an rdflib Dataset lists its graphs in no fixed order
    clock.lap("index")
    findings: list[Finding] = []
    reports: list[str] = []
    for report, unit, b, stored in units:
        reports.append(report.value)
        findings.extend(validate_unit(unit, URIRef(report.value), b, engine, stored, timings))
    findings.sort(key=_finding_order)
    out_base = normalise_base(base) if base else (units[0][2] if units else DEFAULT_BASE)
    return ValidationOutcome(findings, lambda: build_report_graph(findings, reports, out_base), reports)


def _finding_order(f: Finding) -> tuple:
    return (
        f.report,
        SEVERITY_ORDER[f.severity],
        f.rule,
        f.focus_node,
        f.path or "",
        f.value or "",
        f.message,
    )


def validate_unit(
    index: oxdata.TripleIndex,
    report: URIRef,
    base: str,
    engine: str = "auto",
    stored=None,
    timings: dict | None = None,
) -> list[Finding]:
    """One report's findings. ``stored``: a (store, graph name) holding the index's triples already."""
    clock = _Clock(timings)
    store, name = stored if stored is not None else (oxdata.store_of(index.triples), None)
    clock.lap("load")
    running = start_rules(store, report, base, name)  # the queries run beside the structural shapes
    try:
        findings = _structure_findings(index, report, base, engine)
    except BaseException:
        running.close()
        raise
    clock.lap("structure")
    found = running.findings(oxdata.GraphView(index), timings)
    findings.extend(merge_repeated(sorted(found, key=_solution_order)))
    clock.lap("rules")  # what the rules took beyond the structure (the store's load too, if pending)
    return findings


def _solution_order(f: Finding) -> tuple:
    """A store hands solutions back in an order of its own (of insertion, for Oxigraph): findings
    are merged in document order instead, so that the same data gives the same findings."""
    first = min((s.start for ref in f.figures for s in ref.spans if s.start is not None), default=-1)
    return (f.rule, first, f.focus_node, [ref.iri for ref in f.figures], f.message)


@dataclass
class LoadError(Exception):
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def syntax_error(path: Path, fmt: str, exc: Exception) -> str:
    """What is wrong and where (line, column): pyoxigraph's parser says both for the line formats and
    Turtle / TriG; rdflib's message, on one line, otherwise."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG}  # fmt: skip
    if fmt in formats:
        try:
            for _ in ox.parse(path=str(path), format=formats[fmt]):
                pass
        except SyntaxError as found:
            return str(found).replace(f" ({path.name}, line {found.lineno})", "")
        except (OSError, ValueError):
            pass
    return " ".join(str(exc).split()) or type(exc).__name__


def load_file(path: str | Path) -> Graph:
    """Parse one RDF file: a Dataset for quad formats, a Graph otherwise. Raises LoadError."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(str(path), "no such file")
    fmt = rdf_format(path)
    if fmt is None:
        raise LoadError(str(path), f"unknown RDF format (use {', '.join(sorted(RDF_FORMATS))})")
    target: Graph = Dataset() if fmt in QUAD_FORMATS else Graph()
    try:
        target.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many kinds of parse errors
        raise LoadError(str(path), f"not valid {fmt}: {syntax_error(path, fmt, exc)[:300]}") from None
    if isinstance(target, Dataset) and all(len(g) == 0 for g in target.graphs()):
        raise LoadError(str(path), "contains no triples")
    if len(target) == 0 and not isinstance(target, Dataset):
        raise LoadError(str(path), "contains no triples")
    return target


def literal_bool(value: bool) -> Literal:
    return Literal(value)
