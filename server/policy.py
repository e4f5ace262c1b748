"""What a query may do here, decided from its parsed form before it runs.

The query is read by rdflib's SPARQL parser and translated to its algebra: the query form, every SERVICE
(wherever it is nested: OPTIONAL, UNION, sub-queries, EXISTS / NOT EXISTS, MINUS) and the FROM / FROM
NAMED graphs come from that tree, after the parser has processed every escape SPARQL allows (``\\uXXXX``,
``\\UXXXXXXXX``, prefixed-name escapes, comments, relative IRIs against BASE). Nothing is read from the
text with a hand-written lexer. A text rdflib cannot parse as a query is refused (an update, LOAD, ADD,
COPY ... with 403, anything else with 400), so what the engine runs is always something whose reach was
read here.

This is the first wall. The second is the query worker itself (server/sandbox.py): it has no route out
but to the endpoints this module allowed.

``check`` parses; call it where a parse is bounded in time and memory (a query worker process)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

FORMS = {
    "SelectQuery": "solutions",
    "AskQuery": "boolean",
    "ConstructQuery": "graph",
    "DescribeQuery": "graph",
}
MAX_QUERY_CHARS = 100_000  # before parsing (the request body is bounded too): rdflib's parser is Python
DEFAULT_PORTS = {"http": 80, "https": 443}


class PolicyError(Exception):
    status = 400


class Refused(PolicyError):
    status = 403


@dataclass(frozen=True)
class Policy:
    """What the server allows; sent to the worker that checks a query."""

    service_allowlist: tuple[str, ...] = ()
    dataset_allowlist: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Any) -> Policy:
        return cls(tuple(config.service_allowlist or ()), tuple(config.dataset_allowlist or ()))


@dataclass
class QueryPlan:
    form: str
    services: list[str] = field(default_factory=list)  # constant SERVICE endpoints, all allow-listed
    dataset: list[str] = field(default_factory=list)  # FROM and FROM NAMED IRIs
    parsed: Any = None  # rdflib's parse tree and algebra, for the summary index (never sent back)


# ----------------------------------------------------------------------------------- endpoints
@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str
    port: int
    path: str

    @classmethod
    def parse(cls, iri: str) -> Endpoint | None:
        """An absolute http(s) IRI with a host, no user information; None for anything else."""
        try:
            parts = urlsplit(iri)
            port = parts.port
        except ValueError:
            return None
        if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
            return None
        if any(c.isspace() or ord(c) < 0x21 or c == "\\" for c in iri):
            return None
        if any(segment in (".", "..") for segment in parts.path.split("/")):
            return None  # resolved differently by different clients: never allowed
        scheme = parts.scheme.lower()
        return cls(scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme], parts.path or "/")

    def within(self, allowed: Endpoint) -> bool:
        """Same scheme, host and port; the path under the allowed one."""
        if (self.scheme, self.host, self.port) != (allowed.scheme, allowed.host, allowed.port):
            return False
        prefix = allowed.path
        return self.path == prefix or self.path.startswith(prefix if prefix.endswith("/") else prefix + "/")


def allowed_endpoint(iri: str, allowlist: Iterable[str]) -> bool:
    endpoint = Endpoint.parse(iri)
    if endpoint is None:
        return False
    for entry in allowlist:
        allowed = Endpoint.parse(entry) if entry else None
        if allowed is not None and endpoint.within(allowed):
            return True
    return False


# ----------------------------------------------------------------------------------- parsing
def parse(text: str) -> tuple[Any, Any]:
    """(parse tree, algebra) of a query; PolicyError / Refused when it is not one rdflib can read."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if len(text) > MAX_QUERY_CHARS:
        raise PolicyError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    try:
        tree = parseQuery(text)
    except RecursionError as exc:
        raise PolicyError("malformed query: nested too deeply to be read") from exc
    except Exception as exc:  # noqa: BLE001 - pyparsing's and rdflib's own errors
        try:
            parseUpdate(text)
        except Exception:  # noqa: BLE001
            raise PolicyError(f"malformed query: {_short(exc)}") from exc
        raise Refused(
            "this endpoint is read-only: SPARQL Update (and LOAD, ADD, COPY ...) is not accepted"
        ) from exc
    try:
        algebra = translateQuery(tree).algebra
    except RecursionError as exc:
        raise PolicyError("malformed query: nested too deeply to be read") from exc
    except Exception as exc:  # noqa: BLE001 - e.g. an undefined prefix
        raise PolicyError(f"malformed query: {_short(exc)}") from exc
    return tree, algebra


def warm_up() -> None:
    """Import rdflib's parser (about a second) and read one query, in the server process: every query
    worker forked after it starts with both done."""
    parse("ASK { }")


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def nodes(node: Any) -> Iterator[Any]:
    """Every CompValue of an rdflib parse tree or algebra, depth first (no recursion: any depth)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        if isinstance(item, CompValue):
            seen.add(id(item))
            yield item
            stack.extend(dict.values(item))
        elif isinstance(item, dict):
            seen.add(id(item))
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset, ParseResults)):
            seen.add(id(item))
            stack.extend(item)


# ----------------------------------------------------------------------------------- the check
@dataclass(frozen=True)
class Reading:
    """What the parse says a query reaches, before any policy is applied (cached by text)."""

    form: str
    services: tuple[str, ...]  # constant endpoints, prefixed-name escapes removed
    variable_service: str | None  # the name of a SERVICE ?variable, if any
    dataset: tuple[str, ...]
    has_base: bool
    parsed: Any


def read(text: str) -> Reading:
    """The reading of ``text``: parsed once per worker process and text (the last READINGS kept)."""
    reading = _readings.get(text)
    if reading is None:
        reading = _read(text)
        _readings[text] = reading
        while len(_readings) > READINGS:
            _readings.pop(next(iter(_readings)))
    return reading


READINGS = 256
_readings: dict[str, Reading] = {}


def _read(text: str) -> Reading:
    from rdflib import Variable

    tree, algebra = parse(text)
    form = FORMS.get(algebra.name)
    if form is None:
        raise PolicyError("malformed query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    has_base = any(dict.get(part, "iri") is not None and part.name == "Base" for part in nodes(tree[0]))
    services: list[str] = []
    dataset: list[str] = []
    variable = None
    for node in nodes(algebra):
        if node.name == "ServiceGraphPattern":
            term = dict.get(node, "term")
            if isinstance(term, Variable):
                variable = str(term)
                continue
            # an IRIREF cannot hold a backslash: one here is a prefixed name's escape (r:a\/b), which
            # rdflib keeps and the engine removes
            endpoint = re.sub(r"\\(.)", r"\1", str(term))
            if endpoint not in services:
                services.append(endpoint)
        elif node.name == "DatasetClause":
            iri = dict.get(node, "default") or dict.get(node, "named")
            if iri is not None and str(iri) not in dataset:
                dataset.append(str(iri))
    return Reading(form, tuple(services), variable, tuple(dataset), has_base, (tree, algebra))


def check(text: str, policy: Policy, known_graph: Callable[[str], bool] | None = None) -> QueryPlan:
    """Raise Refused / PolicyError for what this read-only endpoint will not run; else the plan.
    ``known_graph``: whether a FROM / FROM NAMED IRI is a graph of the store (None: the caller checks
    ``plan.dataset`` itself)."""
    reading = read(text)
    if reading.variable_service is not None:
        raise Refused(
            f"SERVICE ?{reading.variable_service} refused: a federated query must name its endpoint, and "
            "only endpoints on the server's allow-list are called"
        )
    for endpoint in reading.services:
        if reading.has_base or not allowed_endpoint(endpoint, policy.service_allowlist):
            raise Refused(
                f"SERVICE <{endpoint}> refused: federated queries are only sent to endpoints on the "
                "server's allow-list" + (" (and never from a query with BASE)" if reading.has_base else "")
            )
    for iri in reading.dataset if known_graph is not None else ():
        if known_graph(iri) or any(iri.startswith(a) for a in policy.dataset_allowlist if a):
            continue
        raise Refused(f"FROM <{iri}> refused: only graphs of this store can be named, nothing is fetched")
    return QueryPlan(reading.form, list(reading.services), list(reading.dataset), reading.parsed)
