"""The embedded store: pyoxigraph in this process; user queries in killable worker processes."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterable, Mapping
from typing import IO

import pyoxigraph as ox

from server.policy import Policy, PolicyError, Refused, check
from server.store.base import (
    JSON_RESULTS,
    Description,
    NotAcceptable,
    QueryError,
    QueryRefused,
    QueryResult,
    Store,
)
from server.store.pool import QueryPool, WorkerLimits, network_mode, raise_reply
from server.store.results import (
    BOOLEAN_TYPES,
    GRAPH_TYPES,
    SOLUTION_TYPES,
    serialise_boolean,
    serialise_solutions,
    serialise_triples,
)
from server.store.summary import SummaryIndex

LABEL_PREDICATES = (
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
    ox.NamedNode("http://purl.org/dc/terms/title"),
)
MAX_OUTGOING = 5_000
MAX_LABELLED = 1_000
INCOMING_COUNT_CAP = 100_000
DEFAULT_FORMATS = {"solutions": JSON_RESULTS, "boolean": JSON_RESULTS, "graph": "application/n-triples"}


class EmbeddedStore(Store):
    def __init__(
        self,
        path: str | None = None,
        *,
        workers: int = 2,
        max_rows: int = 10_000,
        prefixes=None,
        base_iri: str | None = None,
        summary: bool | None = None,
        max_bytes: int | None = None,
        worker_memory: int | None = None,
    ):
        """``summary``: keep the summary index in memory (server/store/summary.py); by default for a store
        on disk (an in-memory store gains nothing from it). ``max_bytes``: the results of one user query;
        ``worker_memory``: what one query worker may add to the memory it shares with this process."""
        self.path = path
        self.base_iri = base_iri
        self._ox = ox.Store(path) if path else ox.Store()
        use_summary = bool(path) if summary is None else summary
        self.summary: SummaryIndex | None = None
        if use_summary and base_iri:
            self.summary = SummaryIndex(self._ox, base_iri)
        self._write_lock = threading.Lock()
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.prefixes = dict(prefixes or {})
        # on disk too, a forked worker reads through the inherited handle: dropping it or opening RocksDB
        # again in the child aborts the child (std::system_error), so no opener
        self._pool = QueryPool(self._execute, size=workers, opener=None, limits=WorkerLimits(worker_memory))
        self._fragments: dict[str, list[ox.NamedNode]] = {}
        self._graph_counts: dict[str, int] | None = None
        self._default_count: int | None = None
        self._touch()

    # ------------------------------------------------------------------ state
    def _touch(self, rebuild_summary: bool = True) -> None:
        """The data changed: new version, fresh workers; the summary index read again unless the caller
        already brought it up to date."""
        if rebuild_summary and self.summary is not None and getattr(self, "version", None):
            self.summary.rebuild(self._ox)  # (in __init__ the index was just built)
        self.modified = time.time()
        self.version = hashlib.sha1(f"{id(self)}:{self.modified}".encode()).hexdigest()[:16]
        self._graph_counts = None
        self._default_count = None
        self._fragments = {}
        self._pool.restart()

    def _reopen_read_only(self) -> None:
        """In a forked worker: a read-only instance of its own rather than the parent's handle."""
        self._ox = ox.Store.read_only(self.path)

    def close(self) -> None:
        self._pool.close()

    @property
    def oxigraph(self) -> ox.Store:
        return self._ox

    # ------------------------------------------------------------------ queries
    def _plan(self, request: dict):
        """The policy's check, in the worker (its parse is bounded by the worker's limits)."""
        policy = request.get("policy")
        if policy is None:
            return None
        try:
            plan = check(
                request["query"], policy, lambda iri: self._ox.contains_named_graph(ox.NamedNode(iri))
            )
        except Refused as exc:
            raise QueryRefused(str(exc)) from exc
        except PolicyError as exc:
            raise QueryError(str(exc)) from exc
        return plan

    def _execute(self, request: dict) -> tuple:
        """Runs inside a worker process (or in-process for trusted internal queries)."""
        plan = self._plan(request)
        if plan is not None and plan.services and network_mode() == "none":
            return ("federate", plan.services)  # run by a worker whose connections are checked
        given = request.get("formats") or {}
        if plan is not None and not given.get(plan.form):
            raise NotAcceptable(plan.form)
        formats = {**DEFAULT_FORMATS, **given}
        max_rows = request.get("max_rows") or self.max_rows
        max_bytes = request.get("max_bytes") or self.max_bytes
        kwargs: dict = {}
        default_graphs = request.get("default_graphs")
        named_graphs = request.get("named_graphs")
        if default_graphs or named_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs or []]
            if named_graphs is not None:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        store = self._ox
        if (
            "use_default_graph_as_union" in kwargs
            and self.summary is not None
            and self.summary.answers(request["query"], plan.parsed if plan is not None else None)
        ):
            store = self.summary.store
        result = store.query(request["query"], base_iri=self.base_iri, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            media = formats["boolean"] if formats["boolean"] in BOOLEAN_TYPES else JSON_RESULTS
            return ("ok", "boolean", media, serialise_boolean(bool(result), media), False)
        if isinstance(result, ox.QuerySolutions):
            media = formats["solutions"] if formats["solutions"] in SOLUTION_TYPES else JSON_RESULTS
            body, truncated = serialise_solutions(result, media, max_rows, max_bytes)
            return ("ok", "solutions", media, body, truncated)
        media = formats["graph"] if formats["graph"] in GRAPH_TYPES else "application/n-triples"
        body, truncated = serialise_triples(result, media, max_rows, self.prefixes, max_bytes)
        return ("ok", "graph", media, body, truncated)

    def query(
        self,
        sparql,
        timeout=None,
        *,
        formats=None,
        default_graphs=None,
        named_graphs=None,
        max_rows=None,
        policy: Policy | None = None,
        max_bytes: int | None = None,
        wait: float | None = None,
    ):
        request = {
            "query": sparql,
            "formats": dict(formats or {}),
            "default_graphs": default_graphs,
            "named_graphs": named_graphs,
            "max_rows": max_rows,
            "policy": policy,
            "max_bytes": max_bytes,
        }
        if timeout is None:
            try:
                reply = self._execute(request)
            except SyntaxError as exc:
                raise QueryError(f"malformed query: {exc}") from exc
        else:
            reply = self._pool.run(request, timeout, wait)
        if reply[0] == "error":
            raise_reply(reply, self._pool.limits.memory_bytes)
        _, form, media, body, truncated = reply
        return QueryResult(form, media, body, truncated)

    @property
    def killed_workers(self) -> int:
        return self._pool.killed

    # ------------------------------------------------------------------ describe
    def _distinct_triples(self, subject=None, predicate=None, obj=None, limit=None):
        seen = set()
        for quad in self._ox.quads_for_pattern(subject, predicate, obj, None):
            triple = quad.triple
            if triple in seen:
                continue
            seen.add(triple)
            yield triple
            if limit is not None and len(seen) >= limit:
                return

    def _fragment_subjects(self, iri: str) -> list[ox.NamedNode]:
        if iri not in self._fragments:
            self._fragments[iri] = self._scan_fragments(iri)
        return self._fragments[iri]

    def _scan_fragments(self, iri: str) -> list[ox.NamedNode]:
        prefix = (iri + "#").replace("\\", "\\\\").replace('"', '\\"')
        rows = self._ox.query(
            f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{prefix}")) }}',
            use_default_graph_as_union=True,
        )
        return sorted((r["s"] for r in rows), key=lambda n: n.value)

    def describe(self, iri, *, page=1, page_size=200, fragments=False):
        node = ox.NamedNode(iri)
        page = max(1, int(page))
        d = Description(iri=iri, page=page, page_size=page_size)
        subjects = [node] + (self._fragment_subjects(iri) if fragments else [])
        for subject in subjects:
            d.outgoing.extend(self._distinct_triples(subject, limit=MAX_OUTGOING))
        d.is_graph = self._ox.contains_named_graph(node)
        start = (page - 1) * page_size
        seen = set()
        for quad in self._ox.quads_for_pattern(None, None, node, None):
            triple = quad.triple
            if triple in seen:
                continue
            seen.add(triple)
            n = len(seen)
            if start < n <= start + page_size:
                d.incoming.append(triple)
            if n >= INCOMING_COUNT_CAP:
                d.incoming_capped = True
                break
        d.incoming_total = len(seen)
        linked: list = []
        linked_seen = set(subjects)
        for t in (*d.outgoing, *d.incoming):
            for term in (t.predicate, t.object if t.subject in linked_seen else t.subject):
                if isinstance(term, ox.NamedNode) and term not in linked_seen:
                    linked_seen.add(term)
                    linked.append(term)
        for term in linked[:MAX_LABELLED]:
            for predicate in LABEL_PREDICATES:
                d.labels.extend(self._distinct_triples(term, predicate, limit=8))
        return d

    # ------------------------------------------------------------------ loading
    def replace_graphs(self, graphs: Mapping[str | None, Iterable[ox.Triple]]) -> None:
        with self._write_lock:
            written: dict[str | None, list[ox.Quad]] = {}
            for name, triples in graphs.items():
                graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
                quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
                written[name] = quads
                if name is None or not self._ox.contains_named_graph(graph):
                    self._ox.extend(quads)  # atomic
                    if name is not None and not quads:
                        self._ox.add_graph(graph)
                    continue
                data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode()
                # one update = one transaction: readers see the old graph or the new one, never a mix
                self._ox.update(
                    f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{data}}} }}"
                )
            if self.summary is not None:
                self.summary.replace(self._ox, written)
            self._touch(rebuild_summary=False)

    def add_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        with self._write_lock:
            written: dict[str, list[ox.Quad]] = {}
            for name, triples in graphs.items():
                graph = ox.NamedNode(name)
                written[name] = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
                self._ox.extend(written[name])  # a quad the store holds is not stored twice
            if self.summary is not None:
                self.summary.add(self._ox, written)
            self._touch(rebuild_summary=False)

    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        if graph is None:
            self._ox.dump(output, format)
        else:
            prefixes = self.prefixes if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
            kwargs = {"prefixes": prefixes} if prefixes else {}
            self._ox.dump(output, format, from_graph=ox.NamedNode(graph), **kwargs)

    def graphs(self) -> dict[str, int]:
        if self._graph_counts is None:
            rows = self._ox.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
            counts = {r["g"].value: int(r["n"].value) for r in rows if isinstance(r["g"], ox.NamedNode)}
            for g in self._ox.named_graphs():
                if isinstance(g, ox.NamedNode):
                    counts.setdefault(g.value, 0)
            self._graph_counts = counts
        return dict(self._graph_counts)

    def default_graph_triples(self) -> int:
        if self._default_count is None:
            rows = list(self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))  # the default graph
            self._default_count = int(rows[0]["n"].value) if rows else 0
        return self._default_count

    def __len__(self) -> int:
        return len(self._ox)
