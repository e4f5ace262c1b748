"""A store on any SPARQL 1.1 engine: queries through the SPARQL 1.1 Protocol (SPARQLWrapper), loading
through the Graph Store HTTP Protocol (one PUT per report graph, atomic on the engine), or SPARQL Update
when no Graph Store endpoint is configured.

Tested against Virtuoso Open-Source 7.2 (query ``/sparql``, Graph Store ``/sparql-graph-crud-auth`` with
HTTP digest authentication) and the Oxigraph server (``/query``, ``/update``, ``/store``; started with
``--union-default-graph``).

The engine's default graph is expected to be the union of its named graphs (Virtuoso's default; the
Oxigraph server with ``--union-default-graph``): the server promises its users that. What the embedded
store keeps in its default graph (the ontology and the code lists) lives here in one named graph,
``default_graph`` (``urn:juesuan:default-graph``), which is never listed as a report and is dumped as the
default graph."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from typing import IO

import pyoxigraph as ox
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from server.policy import Policy, PolicyError, Refused, check
from server.store.base import (
    JSON_RESULTS,
    Description,
    NotAcceptable,
    QueryError,
    QueryRefused,
    QueryResult,
    QueryTimeout,
    Store,
)
from server.store.pool import QueryPool, WorkerLimits, raise_reply
from server.store.results import (
    BOOLEAN_TYPES,
    GRAPH_TYPES,
    SOLUTION_TYPES,
    serialise_boolean,
    serialise_solutions,
    serialise_triples,
    too_large,
)

DEFAULT_GRAPH = "urn:juesuan:default-graph"
LABEL_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
MAX_OUTGOING = 5_000
MAX_LABELLED = 1_000
INCOMING_COUNT_CAP = 100_000
TRUSTED_TIMEOUT = 600.0  # an internal query (timeout None) still does not wait for ever
#: graphs engines keep for themselves (Virtuoso), never listed when no base narrows the listing
SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
    "http://www.w3.org/2002/07/owl#",
    "virtrdf:",
)
_FORM = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I
)
_COMMENT = re.compile(r"^\s*#[^\n]*$", re.M)
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


class StoreUnavailable(QueryError):
    """The engine cannot be reached, or refused us (authentication, server error)."""

    status = 502


class LoadError(Exception):
    pass


class _Solutions:
    """Enough of pyoxigraph's QuerySolutions for results.serialise_solutions."""

    def __init__(self, variables: list[str], rows: list[dict]):
        self.variables = [ox.Variable(v) for v in variables]
        self._rows = rows

    def __iter__(self):
        return iter(self._rows)


def _q(iri: str) -> str:
    """An IRI inside <...> in a query (the characters SPARQL forbids there, escaped)."""
    return (
        "<"
        + "".join(c if c not in '<>"{}|^`\\ ' and ord(c) > 0x20 else f"\\u{ord(c):04X}" for c in iri)
        + ">"
    )


def term_from_json(cell: dict):
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        label = _BNODE_UNSAFE.sub("_", value) or "b"
        return ox.BlankNode(label if label[0].isalnum() else "b" + label)
    if kind in ("literal", "typed-literal"):
        if cell.get("xml:lang"):
            return ox.Literal(value, language=cell["xml:lang"])
        if cell.get("datatype"):
            return ox.Literal(value, datatype=ox.NamedNode(cell["datatype"]))
        return ox.Literal(value)
    raise QueryError(f"unsupported term in the engine's results: {kind}")


def query_form(sparql: str) -> str:
    match = _FORM.match(_COMMENT.sub("", sparql))
    keyword = match.group(1).upper() if match else "SELECT"
    return {"SELECT": "solutions", "ASK": "boolean"}.get(keyword, "graph")


class RemoteStore(Store):
    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        base: str | None = None,
        prefixes: Mapping[str, str] | None = None,
        max_rows: int = 10_000,
        default_graph: str = DEFAULT_GRAPH,
        refresh_seconds: float = 10.0,
        gsp_graph_param: str = "graph",
        max_bytes: int | None = None,
        workers: int = 2,
        worker_memory: int | None = None,
    ):
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.user, self.password = user, password
        self.base = base
        self.prefixes = dict(prefixes or {})
        self.max_rows = max_rows
        self.default_graph = default_graph
        self.refresh_seconds = refresh_seconds
        self.gsp_graph_param = gsp_graph_param
        self._lock = threading.Lock()
        self._counts: dict[str, int] | None = None
        self._checked = 0.0
        self._fingerprint: str | None = None
        self._version = ""
        self.modified = time.time()
        self._fragments: dict[str, list[str]] = {}
        self._opener = self._make_opener()
        self.max_bytes = max_bytes
        # the policy reads each user query in a worker process, bounded in time and memory as the embedded
        # store's queries are (rdflib's parser is Python: a hostile text must not hold a server thread)
        self._checks = QueryPool(_check_in_worker, size=workers, limits=WorkerLimits(worker_memory))

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    def close(self) -> None:
        self._checks.close()

    # ------------------------------------------------------------------ HTTP
    def _make_opener(self) -> urllib.request.OpenerDirector:
        handlers: list = []
        if self.user:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in filter(None, (self.query_url, self.update_url, self.gsp_url)):
                manager.add_password(None, url, self.user, self.password or "")
            handlers += [
                urllib.request.HTTPDigestAuthHandler(manager),
                urllib.request.HTTPBasicAuthHandler(manager),
            ]
        return urllib.request.build_opener(*handlers)

    def _http(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        headers: dict | None = None,
        timeout: float = TRUSTED_TIMEOUT,
    ) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        if data and self.user:
            self._authorise(request, timeout)
        try:
            with self._opener.open(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")[:2000]
            if exc.code == 404 and method == "GET":
                return 404, dict(exc.headers or {}), b""
            raise StoreUnavailable(f"{method} {url}: HTTP {exc.code}: {body.strip()}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(f"{method} {url}: no answer within {timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise QueryTimeout(f"{method} {url}: no answer within {timeout:g} s") from exc
            raise StoreUnavailable(f"{method} {url}: {exc.reason}") from exc

    def _authorise(self, request: urllib.request.Request, timeout: float) -> None:
        """Credentials sent with the body at once: an engine that answers 401 before reading a large body
        closes the connection under it (Virtuoso: broken pipe). The challenge comes from an empty POST
        (harmless: appending nothing), sent without credentials."""
        content_type = request.get_header("Content-type") or "text/turtle"
        probe = urllib.request.Request(
            request.full_url, data=b"", method="POST", headers={"Content-Type": content_type}
        )
        try:
            with urllib.request.urlopen(probe, timeout=timeout):
                return  # no authentication asked
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        except OSError:
            return
        scheme, _, rest = challenge.partition(" ")
        if scheme.lower() == "digest":
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, request.full_url, self.user, self.password or "")
            handler = urllib.request.HTTPDigestAuthHandler(manager)
            parsed = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
            value = handler.get_authorization(request, parsed)
            if value:
                request.add_unredirected_header("Authorization", "Digest " + value)
        elif scheme.lower() == "basic":
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            request.add_unredirected_header("Authorization", "Basic " + token)

    def _gsp(self, graph: str | None) -> str:
        if graph is None:
            return f"{self.gsp_url}?default"
        sep = "&" if "?" in self.gsp_url else "?"
        return f"{self.gsp_url}{sep}{self.gsp_graph_param}={urllib.parse.quote(graph, safe='')}"

    # ------------------------------------------------------------------ queries
    def _raw_query(
        self,
        sparql: str,
        accept: str,
        timeout: float | None,
        default_graphs=None,
        named_graphs=None,
        max_bytes: int | None = None,
    ) -> tuple[str, bytes]:
        wrapper = SPARQLWrapper(self.query_url)
        wrapper.setOnlyConneg(True)
        wrapper.setMethod(POST)
        wrapper.setQuery(sparql)
        wrapper.addCustomHttpHeader("Accept", accept)
        if self.user:
            wrapper.setCredentials(self.user, self.password or "")
        for g in default_graphs or []:
            wrapper.addDefaultGraph(g)
        for g in named_graphs or []:
            wrapper.addNamedGraph(g)
        limit = TRUSTED_TIMEOUT if timeout is None else timeout
        wrapper.setTimeout(max(1, math.ceil(limit)))
        started = time.monotonic()
        try:
            response = wrapper.query().response
            if max_bytes is None:
                body = response.read()
            else:  # the engine's encoding is wordier than ours: room for it, not for a flood
                allowed = 3 * max_bytes + (1 << 20)
                body = response.read(allowed + 1)
                if len(body) > allowed:
                    response.close()
                    raise too_large(max_bytes)
            return response.headers.get("Content-Type", ""), body
        except SPARQLWrapperException as exc:
            message = str(exc)
            if "QueryBadFormed" in type(exc).__name__ or "400" in message[:40]:
                raise QueryError(f"malformed query: {_clean(message)}") from exc
            raise StoreUnavailable(f"the SPARQL engine refused the query: {_clean(message)}") from exc
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:1000]
            if exc.code == 400:
                raise QueryError(f"malformed query: {_clean(detail)}") from exc
            raise StoreUnavailable(f"the SPARQL engine answered HTTP {exc.code}: {_clean(detail)}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(
                f"the query did not finish within the limit of {limit:g} s; this server stopped waiting"
            ) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout) or time.monotonic() - started >= limit:
                raise QueryTimeout(
                    f"the query did not finish within the limit of {limit:g} s; this server stopped waiting"
                ) from exc
            raise StoreUnavailable(f"the SPARQL engine cannot be reached: {exc.reason}") from exc

    def select(self, sparql: str, timeout: float | None = None) -> list[dict]:
        """Rows of a SELECT as dicts of pyoxigraph terms (internal queries)."""
        _, body = self._raw_query(sparql, JSON_RESULTS, timeout)
        data = json.loads(body)
        return [{k: term_from_json(v) for k, v in b.items()} for b in data["results"]["bindings"]]

    def construct(self, sparql: str, timeout: float | None = None) -> list[ox.Triple]:
        media, body = self._raw_query(sparql, "application/n-triples, text/turtle;q=0.8", timeout)
        return _parse_triples(body, media)

    def _checked_form(self, sparql: str, policy: Policy, timeout: float | None, wait: float | None) -> str:
        reply = self._checks.run({"query": sparql, "policy": policy}, timeout or TRUSTED_TIMEOUT, wait)
        if reply[0] == "error":
            raise_reply(reply, self._checks.limits.memory_bytes)
        _, form, dataset = reply
        known = self.graphs()
        for iri in dataset:
            if iri not in known and not any(iri.startswith(a) for a in policy.dataset_allowlist if a):
                raise QueryRefused(
                    f"FROM <{iri}> refused: only graphs of this store can be named, nothing is fetched"
                )
        return form

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
        formats = dict(formats or {})
        max_rows = max_rows or self.max_rows
        max_bytes = max_bytes or self.max_bytes
        started = time.monotonic()
        if policy is not None:
            form = self._checked_form(sparql, policy, timeout, wait)
            if timeout is not None:
                timeout = max(0.5, timeout - (time.monotonic() - started))
            if not formats.get(form):
                raise NotAcceptable(form)
        else:
            form = query_form(sparql)
        if form == "graph":
            media, body = self._raw_query(
                sparql,
                "application/n-triples, text/turtle;q=0.8",
                timeout,
                default_graphs,
                named_graphs,
                max_bytes,
            )
            wanted = formats.get("graph", "application/n-triples")
            wanted = wanted if wanted in GRAPH_TYPES else "application/n-triples"
            out, truncated = serialise_triples(
                _parse_triples(body, media), wanted, max_rows, self.prefixes, max_bytes
            )
            return QueryResult("graph", wanted, out, truncated)
        media, body = self._raw_query(sparql, JSON_RESULTS, timeout, default_graphs, named_graphs, max_bytes)
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise StoreUnavailable(f"the SPARQL engine did not answer with JSON results ({media})") from exc
        if "boolean" in data:
            wanted = formats.get("boolean", JSON_RESULTS)
            wanted = wanted if wanted in BOOLEAN_TYPES else JSON_RESULTS
            return QueryResult("boolean", wanted, serialise_boolean(bool(data["boolean"]), wanted))
        variables = data.get("head", {}).get("vars", [])
        rows = [
            {v: (term_from_json(b[v]) if v in b else None) for v in variables}
            for b in data.get("results", {}).get("bindings", [])
        ]
        wanted = formats.get("solutions", JSON_RESULTS)
        wanted = wanted if wanted in SOLUTION_TYPES else JSON_RESULTS
        out, truncated = serialise_solutions(_Solutions(variables, rows), wanted, max_rows, max_bytes)
        return QueryResult("solutions", wanted, out, truncated)

    # ------------------------------------------------------------------ describe
    def _values(self, iris: Iterable[str]) -> str:
        return " ".join(_q(i) for i in iris)

    def describe(self, iri, *, page=1, page_size=200, fragments=False):
        page = max(1, int(page))
        d = Description(iri=iri, page=page, page_size=page_size)
        node = ox.NamedNode(iri)
        subjects = [iri] + (self._fragment_subjects(iri) if fragments else [])
        for chunk in _chunks(subjects, 200):
            rows = self.select(
                f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {self._values(chunk)} }} GRAPH ?g {{ ?s ?p ?o }} }} "
                f"LIMIT {MAX_OUTGOING * len(chunk)}"
            )
            d.outgoing.extend(ox.Triple(r["s"], r["p"], r["o"]) for r in rows)
        d.is_graph = self._ask(f"ASK {{ GRAPH {_q(iri)} {{ ?s ?p ?o }} }}")
        total = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {_q(iri)} }} }} "
            f"LIMIT {INCOMING_COUNT_CAP} }}"
        )
        d.incoming_total = int(total[0]["n"].value) if total else 0
        d.incoming_capped = d.incoming_total >= INCOMING_COUNT_CAP
        if d.incoming_total:
            rows = self.select(
                f"SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {_q(iri)} }} }} ORDER BY ?s ?p "
                f"LIMIT {page_size} OFFSET {(page - 1) * page_size}"
            )
            d.incoming = [ox.Triple(r["s"], r["p"], node) for r in rows]
        linked: list[str] = []
        seen = set(subjects)
        subject_nodes = {ox.NamedNode(s) for s in subjects}
        for t in (*d.outgoing, *d.incoming):
            for term in (t.predicate, t.object if t.subject in subject_nodes else t.subject):
                if isinstance(term, ox.NamedNode) and term.value not in seen:
                    seen.add(term.value)
                    linked.append(term.value)
        labels = " ".join(_q(p) for p in LABEL_PREDICATES)
        for chunk in _chunks(linked[:MAX_LABELLED], 200):
            rows = self.select(
                f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {self._values(chunk)} }} VALUES ?p {{ {labels} }} "
                "GRAPH ?g { ?s ?p ?o } }"
            )
            per: dict = {}
            for r in rows:
                key = (r["s"], r["p"])
                per[key] = per.get(key, 0) + 1
                if per[key] <= 8:
                    d.labels.append(ox.Triple(r["s"], r["p"], r["o"]))
        return d

    def _ask(self, sparql: str) -> bool:
        _, body = self._raw_query(sparql, JSON_RESULTS, None)
        return bool(json.loads(body).get("boolean"))

    def _fragment_subjects(self, iri: str) -> list[str]:
        self._maybe_refresh()
        if iri not in self._fragments:
            prefix = (iri + "#").replace("\\", "\\\\").replace('"', '\\"')
            rows = self.select(
                f'SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{prefix}")) }}'
            )
            self._fragments[iri] = sorted(r["s"].value for r in rows)
        return self._fragments[iri]

    # ------------------------------------------------------------------ loading
    def replace_graphs(self, graphs: Mapping[str | None, Iterable[ox.Triple]]) -> None:
        for name, triples in graphs.items():
            body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
            if name is None:
                self._append(self.default_graph, body)
            else:
                self._put(name, body)
        self._invalidate()

    def add_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """A Graph Store POST (or INSERT DATA) per graph: merged into what the graph holds, never a PUT
        that would drop what other reports wrote there."""
        for name, triples in graphs.items():
            self._append(name, ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES))
        self._invalidate()

    def _put(self, graph: str, body: bytes) -> None:
        if self.gsp_url:
            # N-Triples is Turtle: every Graph Store implementation reads text/turtle
            self._http(
                "PUT", self._gsp(graph), data=body, headers={"Content-Type": "text/turtle; charset=utf-8"}
            )
            return
        self._update(
            f"DROP SILENT GRAPH {_q(graph)} ;\nINSERT DATA {{ GRAPH {_q(graph)} {{\n{body.decode()}}} }}"
        )

    def _append(self, graph: str, body: bytes) -> None:
        if self.gsp_url:
            self._http(
                "POST", self._gsp(graph), data=body, headers={"Content-Type": "text/turtle; charset=utf-8"}
            )
            return
        self._update(f"INSERT DATA {{ GRAPH {_q(graph)} {{\n{body.decode()}}} }}")

    def _update(self, sparql: str) -> None:
        if not self.update_url:
            raise LoadError(
                "this remote store has neither a Graph Store URL nor an update URL: it is read-only"
            )
        self._http(
            "POST",
            self.update_url,
            data=sparql.encode(),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def drop_graphs(self, names: Iterable[str]) -> None:
        for name in names:
            if self.gsp_url:
                try:
                    self._http("DELETE", self._gsp(name))
                except StoreUnavailable as exc:
                    if "404" not in str(exc):
                        raise
            else:
                self._update(f"DROP SILENT GRAPH {_q(name)}")
        self._invalidate()

    # ------------------------------------------------------------------ dumps
    def _graph_triples(self, graph: str) -> list[ox.Triple]:
        if self.gsp_url:
            status, headers, body = self._http(
                "GET", self._gsp(graph), headers={"Accept": "application/n-triples, text/turtle;q=0.8"}
            )
            if status == 404:
                return []
            return _parse_triples(body, headers.get("Content-Type", ""))
        return self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_q(graph)} {{ ?s ?p ?o }} }}")

    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        if graph is not None:
            prefixes = self.prefixes if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
            kwargs = {"prefixes": prefixes} if prefixes else {}
            triples = self._graph_triples(graph)
            if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):  # grouped by subject, as the embedded dump
                triples.sort(key=lambda t: (str(t.subject), str(t.predicate)))
            ox.serialize(triples, output, format=format, **kwargs)
            return
        names: list[str | None] = [None, *sorted(self.graphs())]
        for name in names:
            source = self.default_graph if name is None else name
            target = ox.DefaultGraph() if name is None else ox.NamedNode(name)
            quads = [ox.Quad(t.subject, t.predicate, t.object, target) for t in self._graph_triples(source)]
            if quads:
                buffer = io.BytesIO()
                ox.serialize(quads, buffer, format=ox.RdfFormat.N_QUADS)
                if format == ox.RdfFormat.N_QUADS:
                    output.write(buffer.getvalue())
                else:
                    ox.serialize(
                        ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_QUADS), output, format=format
                    )

    # ------------------------------------------------------------------ state
    def _list_graphs(self) -> dict[str, int]:
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        out = {}
        for r in rows:
            g = r.get("g")
            if not isinstance(g, ox.NamedNode) or g.value == self.default_graph:
                continue
            if self.base and not g.value.startswith(self.base):
                continue
            if not self.base and g.value.startswith(SYSTEM_GRAPH_PREFIXES):
                continue
            out[g.value] = int(r["n"].value)
        return out

    def _invalidate(self) -> None:
        with self._lock:
            self._checked = 0.0
        self._maybe_refresh(force=True)

    def _maybe_refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        with self._lock:
            if (
                not force
                and self._counts is not None
                and (self.refresh_seconds <= 0 or now - self._checked < self.refresh_seconds)
            ):
                return
            self._checked = now
        counts = self._list_graphs()
        fingerprint = hashlib.sha1(json.dumps(sorted(counts.items())).encode()).hexdigest()[:16]
        with self._lock:
            self._counts = counts
            if fingerprint != self._fingerprint:
                self._fingerprint = fingerprint
                self.modified = time.time()
                self._version = hashlib.sha1(
                    f"{self.query_url}:{fingerprint}:{self.modified}".encode()
                ).hexdigest()[:16]
                self._fragments = {}

    @property
    def version(self) -> str:  # noqa: D401 - a Store attribute
        self._maybe_refresh()
        return self._version

    def graphs(self) -> dict[str, int]:
        self._maybe_refresh()
        return dict(self._counts or {})

    def default_graph_triples(self) -> int:
        rows = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_q(self.default_graph)} {{ ?s ?p ?o }} }}"
        )
        return int(rows[0]["n"].value) if rows else 0

    def loaded_sources(self, base: str) -> set[str]:
        """The sha256 of every source document whose report is in the store."""
        fiscal = base + "def/fiscal#"
        rows = self.select(  # the reports of this base: an engine may hold other publishers' too
            f"SELECT DISTINCT ?sha WHERE {{ GRAPH ?g {{ ?g <{fiscal}sourceDocument> ?d . ?d <{fiscal}sha256> ?sha }} "
            f'FILTER(STRSTARTS(STR(?g), "{base}")) }}'
        )
        return {r["sha"].value for r in rows}


def _check_in_worker(request: dict) -> tuple:
    """The policy's reading of a user query (in a query worker: no network, bounded)."""
    try:
        plan = check(request["query"], request["policy"])  # FROM graphs: checked by the caller
    except Refused as exc:
        raise QueryRefused(str(exc)) from exc
    except PolicyError as exc:
        raise QueryError(str(exc)) from exc
    return ("ok", plan.form, plan.dataset)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _clean(message: str) -> str:
    """The engine's own words, without SPARQLWrapper's preamble."""
    if "Response:" in message:
        message = message.split("Response:", 1)[1].strip()
        if message[:2] in ('b"', "b'"):
            message = message[2:-1].encode().decode("unicode_escape", "replace")
    return " ".join(message.split())[:500]


def _parse_triples(body: bytes, media: str) -> list[ox.Triple]:
    fmt = ox.RdfFormat.TURTLE if "turtle" in media.lower() else ox.RdfFormat.N_TRIPLES
    try:
        return [q.triple for q in ox.parse(body, format=fmt)]
    except SyntaxError:
        if fmt == ox.RdfFormat.TURTLE:
            raise
        return [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
