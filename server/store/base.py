"""What the server needs from a store, and nothing more.

Two implementations are planned: ``EmbeddedStore`` (pyoxigraph in this process, queries in killable
worker processes) and a remote one speaking the SPARQL 1.1 Protocol. Terms cross the interface as
pyoxigraph terms (NamedNode, BlankNode, Literal), query results as serialised bytes."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO

import pyoxigraph as ox

JSON_RESULTS = "application/sparql-results+json"


class QueryError(Exception):
    """The query cannot be answered: the message is plain text, safe to show."""

    status = 400


class QueryTimeout(QueryError):
    status = 503


class QueryBusy(QueryError):
    status = 503


class QueryMemory(QueryError):
    """The query needed more memory than a worker may use."""

    status = 503


class QueryRefused(QueryError):
    """The policy refuses the query (an update, a SERVICE or FROM not allowed)."""

    status = 403


class ResultTooLarge(QueryError):
    """The results would be larger than the configured byte limit."""

    status = 413


class NotAcceptable(QueryError):
    status = 406


# a worker's reply names its error by class name
ERRORS = {
    cls.__name__: cls
    for cls in (QueryError, QueryTimeout, QueryBusy, QueryMemory, QueryRefused, ResultTooLarge, NotAcceptable)
}


@dataclass
class QueryResult:
    form: str  # "boolean" | "solutions" | "graph"
    media_type: str
    body: bytes
    truncated: bool = False


@dataclass
class Description:
    """What the server says about one IRI: its own triples, labels of what it links to, and one page
    of the triples that link to it."""

    iri: str
    outgoing: list[ox.Triple] = field(default_factory=list)
    labels: list[ox.Triple] = field(default_factory=list)
    incoming: list[ox.Triple] = field(default_factory=list)
    incoming_total: int = 0
    incoming_capped: bool = False  # incoming_total is a lower bound
    page: int = 1
    page_size: int = 0
    is_graph: bool = False

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming or self.is_graph)

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.incoming_total

    def triples(self) -> list[ox.Triple]:
        seen: set = set()
        out = []
        for t in (*self.outgoing, *self.incoming, *self.labels):
            if t not in seen:
                seen.add(t)
                out.append(t)
        return out


class Store(abc.ABC):
    """version changes whenever the data changes (ETags); modified is its POSIX time."""

    version: str
    modified: float

    @abc.abstractmethod
    def query(
        self,
        sparql: str,
        timeout: float | None = None,
        *,
        formats: Mapping[str, str] | None = None,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        max_rows: int | None = None,
        policy=None,
        max_bytes: int | None = None,
        wait: float | None = None,
    ) -> QueryResult:
        """Run a read-only query. ``formats`` maps a query form (boolean, solutions, graph) to the media
        type wanted; ``timeout`` None means a trusted internal query run without a limit. A user query
        comes with ``policy`` (server/policy.py, checked in a worker; a form missing from ``formats`` is
        NotAcceptable), ``max_bytes`` (ResultTooLarge beyond) and ``wait`` (for a free worker)."""

    @abc.abstractmethod
    def describe(
        self, iri: str, *, page: int = 1, page_size: int = 200, fragments: bool = False
    ) -> Description:
        """``fragments``: also the subjects ``iri#...`` (a hash namespace such as the ontology)."""

    @abc.abstractmethod
    def replace_graphs(self, graphs: Mapping[str | None, Iterable[ox.Triple]]) -> None:
        """Load graphs, each replacing atomically any graph of the same name (None: the default graph,
        added to)."""

    def add_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """Add triples to named graphs, keeping what they hold (set semantics: a triple a graph already
        holds is not added again). For graphs several reports write to: an organisation's."""
        raise NotImplementedError(f"{type(self).__name__} cannot add to a graph")

    @abc.abstractmethod
    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        """All quads (graph None, a dataset format) or the triples of one named graph."""

    @abc.abstractmethod
    def graphs(self) -> dict[str, int]:
        """Named graph IRI -> number of triples."""

    @abc.abstractmethod
    def default_graph_triples(self) -> int:
        """Number of triples in the default graph (the vocabulary: the ontology and the code lists)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        pass
