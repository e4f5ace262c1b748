"""The summary index: every quad of an on-disk store whose predicate is report-level or vocabulary, copied
into memory, and the test that says which queries it answers exactly.

Research queries across regions and years read a few triples per report (``fiscal:totalExpenditure``,
the year, the place, the organisation) and walk the region hierarchy. On disk each of those lookups is a
RocksDB read, about ten times its in-memory cost, and the gap grows with the store. The index is a
vertical partition: it holds ALL the quads (graph names kept) of the predicates in
``summary_predicates``, so a query whose every triple pattern has one of those predicates as a constant
(or a path made only of them) has exactly the same answer on the index as on the whole store. A query the
test cannot prove that for goes to the whole store, so the index can only make a query faster, never
change its answer.

It also holds every triple whose subject is a named graph's own IRI (a report, or an organisation: each
has a graph of its own), in whichever graph, so ``DESCRIBE <report>`` (the most asked description: a
report's headline) is answered from memory too, unless one of those triples has a blank node object (its
description would go on through it). Graphs added to rather than replaced (an organisation's) are
followed by ``add``.

The test reads the query with rdflib's SPARQL parser (its algebra), conservatively: GRAPH, SERVICE,
FROM, DESCRIBE, EXISTS, a variable or negated predicate, or a zero-length path between two variables (it
would match every node of the store) all send the query to the whole store."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import pyoxigraph as ox

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
QB = "http://purl.org/linked-data/cube#"
ORG = "http://www.w3.org/ns/org#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

# the sub-properties of fiscal:reportFigure (tests/test_store_summary.py checks this against the ontology)
REPORT_FIGURES = (
    "totalIncome",
    "totalExpenditure",
    "incomeOfYear",
    "expenditureOfYear",
    "basicExpenditure",
    "projectExpenditure",
    "generalPublicBudgetExpenditure",
    "threePublicExpenses",
    "agencyOperatingCosts",
    "procurementTotal",
)
# expenditure by 类: report -> observation, and that observation's class and amount stated again
CLASS_FIGURES = ("classExpenditure", "classGeneralPublicBudgetExpenditure", "functionClass", "classAmount")
# one per report: what a report is (year, phase, place, organisation, source)
REPORT_PROPERTIES = (
    "fiscalYear",
    "budgetPhase",
    "organisation",
    "region",
    "sourceDocument",
    "sha256",
    "byteSize",
)
SHARED_PROPERTIES = (
    DCTERMS + "spatial",
    DCTERMS + "publisher",
    DCTERMS + "issued",
    DCTERMS + "format",
    DCTERMS + "source",
    QB + "structure",
    ORG + "hasSubOrganization",
    RDFS + "subPropertyOf",
    RDFS + "subClassOf",
    *(
        SKOS + name
        for name in (
            "broader",
            "narrower",
            "broaderTransitive",
            "narrowerTransitive",
            "notation",
            "prefLabel",
            "altLabel",
            "inScheme",
            "topConceptOf",
            "hasTopConcept",
            "exactMatch",
            "closeMatch",
            "broadMatch",
            "narrowMatch",
            "relatedMatch",
        )
    ),
)
VOCABULARY_PROPERTIES = ("regionLevel", "regionCodeStatus", "verificationStatus")
MAX_QUERY_LENGTH = 20_000  # longer queries go to the whole store without being read here
PLAN_CACHE_SIZE = 512
NOT_PROVABLE = re.compile(r"\b(GRAPH|SERVICE|FROM|DESCRIBE)\b", re.IGNORECASE)
DESCRIBE_ONE = re.compile(r"\s*DESCRIBE\s*<([a-zA-Z][a-zA-Z0-9+.-]*:[^<>\"{}|^`\\\s]*)>\s*", re.IGNORECASE)


def summary_predicates(base: str) -> frozenset[str]:
    fiscal = base + "def/fiscal#"
    names = (*REPORT_FIGURES, *CLASS_FIGURES, *REPORT_PROPERTIES, *VOCABULARY_PROPERTIES)
    return frozenset((*(fiscal + name for name in names), *SHARED_PROPERTIES))


@dataclass
class SummaryStats:
    quads: int = 0
    reports: int = 0  # reports whose DESCRIBE the index answers
    build_seconds: float = 0.0
    answered: int = 0  # queries this process answered from the index


class SummaryIndex:
    def __init__(self, source: ox.Store, base: str):
        self.predicates = summary_predicates(base)
        # a query that names no report-level predicate goes to the whole store unparsed: on the vocabulary
        # alone (labels, hierarchy walks from one code) the disk store is quick, and parsing is not free
        fiscal_names = "|".join((*REPORT_FIGURES, *CLASS_FIGURES, *REPORT_PROPERTIES))
        self._markers = re.compile(rf"[#:](?:{fiscal_names})(?![\w-])|[:/]spatial(?![\w-])")
        self._plans: OrderedDict[str, bool] = OrderedDict()
        self._plans_lock = threading.Lock()  # in-process queries come from the server's threads
        self.stats = SummaryStats()
        self.store = ox.Store()
        self.described: frozenset[str] = frozenset()
        self.rebuild(source)

    def rebuild(self, source: ox.Store) -> None:
        started = time.perf_counter()
        store = ox.Store()
        for iri in sorted(self.predicates):
            quads = list(source.quads_for_pattern(None, ox.NamedNode(iri), None, None))
            if quads:
                store.extend(quads)
        described = set()
        for graph in source.named_graphs():
            about = describable(source, graph) if isinstance(graph, ox.NamedNode) else None
            if about is not None:
                store.extend(about)
                described.add(graph.value)
        self.store = store
        self.described = frozenset(described)
        with self._plans_lock:
            self._plans.clear()
        self.stats.quads = len(store)
        self.stats.reports = len(described)
        self.stats.build_seconds = time.perf_counter() - started

    def replace(self, source: ox.Store, graphs: dict[str | None, list[ox.Quad]]) -> None:
        """After the store replaced these graphs (named: replaced; None: added to the default graph),
        the same change in the index, reading from the store only what the changed reports are about."""
        described = set(self.described)
        changed = {name for name in graphs if name is not None}
        for name in changed:
            self.store.remove_graph(ox.NamedNode(name))
        for quads in graphs.values():
            kept = []
            for q in quads:
                about = q.subject.value if isinstance(q.subject, ox.NamedNode) else None
                if about is not None and (about in described or about in changed):
                    kept.append(q)
                    if isinstance(q.object, ox.BlankNode):  # its description would go on through it
                        described.discard(about)
                elif q.predicate.value in self.predicates:
                    kept.append(q)
            self.store.extend(kept)
        for name in changed:
            node = ox.NamedNode(name)
            # as rebuild: the described are the store's named graphs
            about = describable(source, node) if source.contains_named_graph(node) else None
            if about is None:
                described.discard(name)
                continue
            self.store.extend(about)
            described.add(name)
        self.described = frozenset(described)
        with self._plans_lock:
            self._plans.clear()
        self.stats.quads = len(self.store)
        self.stats.reports = len(self.described)

    def add(self, source: ox.Store, graphs: dict[str, list[ox.Quad]]) -> None:
        """After the store added these quads to named graphs (nothing removed), the same in the index."""
        described = set(self.described)
        for name, quads in graphs.items():
            kept = []
            for q in quads:
                about = q.subject.value if isinstance(q.subject, ox.NamedNode) else None
                if about is not None and about in described:
                    kept.append(q)
                    if isinstance(q.object, ox.BlankNode):
                        described.discard(about)
                elif q.predicate.value in self.predicates:
                    kept.append(q)
            self.store.extend(kept)
            node = ox.NamedNode(name)
            if name not in described and (about := describable(source, node)) is not None:
                self.store.extend(about)
                described.add(name)
        self.described = frozenset(described)
        with self._plans_lock:
            self._plans.clear()
        self.stats.quads = len(self.store)
        self.stats.reports = len(self.described)

    def answers(self, query: str, parsed=None) -> bool:
        """True when the index gives exactly the whole store's answer (the union default graph).
        ``parsed``: rdflib's (parse tree, algebra) of ``query`` when the caller has it (the policy's)."""
        with self._plans_lock:
            plan = self._plans.get(query)
            if plan is not None:
                self._plans.move_to_end(query)
        if plan is None:
            plan = self._decide(query, parsed)
            with self._plans_lock:
                self._plans[query] = plan
                if len(self._plans) > PLAN_CACHE_SIZE:
                    self._plans.popitem(last=False)
        if plan:
            self.stats.answered += 1
        return plan

    def _decide(self, query: str, parsed=None) -> bool:
        describe = DESCRIBE_ONE.fullmatch(query)
        if describe is not None:
            return describe.group(1) in self.described
        if len(query) > MAX_QUERY_LENGTH or NOT_PROVABLE.search(query):
            return False
        if not self._markers.search(query):
            return False
        return only_predicates(query, self.predicates, parsed)


def describable(source: ox.Store, report: ox.NamedNode) -> list[ox.Quad] | None:
    """Every quad about ``report``, in every graph; None when one has a blank node object (a DESCRIBE
    would go on through it, beyond what the index holds)."""
    about = list(source.quads_for_pattern(report, None, None, None))
    return None if any(isinstance(q.object, ox.BlankNode) for q in about) else about


def only_predicates(query: str, predicates: frozenset[str], parsed=None) -> bool:
    """Whether every triple pattern of ``query`` has a predicate in ``predicates`` (see the module).
    ``parsed``: rdflib's (parse tree, algebra) of ``query``, when already read (one parse, not two)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree, algebra = parsed if parsed is not None else (parseQuery(query), None)
        if dict.get(tree[1], "datasetClause"):  # (CompValue.get returns the key itself when missing)
            return False
        if algebra is None:
            algebra = translateQuery(tree).algebra
    except Exception:  # noqa: BLE001 - rdflib cannot read it: the whole store answers (or reports it)
        return False
    return _pattern_ok(algebra, predicates)


def _pattern_ok(node, predicates: frozenset[str]) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        # TriplesBlock: a pattern rdflib leaves untranslated (inside EXISTS / NOT EXISTS), not read here
        if node.name in ("Graph", "ServiceGraphPattern", "DescribeQuery", "TriplesBlock"):
            return False
        if node.name == "BGP":
            return all(_triple_ok(s, p, o, predicates) for s, p, o in dict.get(node, "triples") or [])
        return all(_pattern_ok(value, predicates) for value in node.values())
    if isinstance(node, (list, tuple)):
        return all(_pattern_ok(value, predicates) for value in node)
    return True


def _triple_ok(subject, predicate, obj, predicates: frozenset[str]) -> bool:
    from rdflib import BNode, URIRef, Variable
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    def open_end(term) -> bool:
        return isinstance(term, (Variable, BNode))

    def path_ok(path) -> bool:
        if isinstance(path, URIRef):
            return str(path) in predicates
        if isinstance(path, (SequencePath, AlternativePath)):
            return all(path_ok(arg) for arg in path.args)
        if isinstance(path, InvPath):
            return path_ok(path.arg)
        if isinstance(path, MulPath):
            # a zero-length path between two open ends matches every node of the store, not only the index
            if path.zero and open_end(subject) and open_end(obj):
                return False
            return path_ok(path.path)
        return False  # a variable, a negated property set, anything else

    return path_ok(predicate)
