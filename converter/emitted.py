"""What the emitter gives: a report's triples per graph, each term its N-Triples text (converter/ntriples.py).

Every consumer takes them the way it needs, and only then pays for it:

* ``nquads()`` is the text itself (a join): the batch's workers hand it to their parent, the command line
  writes it, pyoxigraph reads it into the stores and its Turtle / TriG writers;
* ``quads()`` / ``graphs()`` are pyoxigraph terms, parsed from that text (validated on the way);
* ``graph()`` / ``add_to()`` / ``dataset_of()`` build rdflib graphs, for validation, the tests and any
  reader that wants rdflib, from the same terms (tests/test_emit_paths.py: the same quads either way).

Building rdflib terms and adding them to rdflib's store was two thirds of a conversion's time, for
graphs most conversions only write out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from converter.ntriples import rdflib_term
from converter.uris import UriBuilder

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

Triple = tuple[str, str, str]  # subject, predicate, object: N-Triples text

# prefix -> namespace bound in every graph the converter writes (Turtle, TriG, rdflib graphs)
_NAMESPACES = {
    "qb": "http://purl.org/linked-data/cube#",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
}


def bind_prefixes(graph: Graph, uris: UriBuilder) -> None:
    graph.bind("fiscal", uris.ontology_namespace)
    for scheme in ("item", "statistic", "fund", "nature", "phase"):
        graph.bind(scheme, f"{uris.base}def/{scheme}/")
    for prefix, namespace in _NAMESPACES.items():
        graph.bind(prefix, namespace)
    graph.bind("fn", f"{uris.base}id/function/")
    graph.bind("region", f"{uris.base}id/region/")


@lru_cache(maxsize=16)
def _prefixes(base: str) -> tuple[tuple[str, str], ...]:
    from rdflib import Graph

    graph = Graph()
    bind_prefixes(graph, UriBuilder(base))
    return tuple((prefix, str(namespace)) for prefix, namespace in graph.namespaces() if prefix)


def prefixes(base: str) -> dict[str, str]:
    """The prefixes an rdflib graph of the converter has (rdflib's own and ours), for pyoxigraph's
    writers: Turtle written either way declares the same ones."""
    return dict(_prefixes(UriBuilder(base).base))


@dataclass
class Emitted:
    """One report's triples: graph name (``<iri>``) -> its triples, the report's own graph first, then its
    organisations' graphs; each triple once in its graph."""

    terms: dict[str, list[Triple]]
    base: str

    @property
    def iri(self) -> str:
        """The report's IRI (and its graph's name)."""
        return next(iter(self.terms))[1:-1]

    def __len__(self) -> int:
        return sum(len(triples) for triples in self.terms.values())

    def lines(self) -> Iterator[str]:
        for graph in self.terms:
            yield from self.graph_lines(graph)

    def graph_lines(self, graph: str) -> Iterator[str]:
        """The N-Quads lines of one graph (named ``<iri>``)."""
        for s, p, o in self.terms[graph]:
            yield f"{s} {p} {o} {graph} .\n"

    def nquads(self) -> str:
        return "".join(self.lines())

    def quads(self) -> list[ox.Quad]:
        return list(ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS))

    def graphs(self) -> dict[str, list[ox.Triple]]:
        """Graph name -> its triples as pyoxigraph's, as server/store writes them."""
        out: dict[str, list[ox.Triple]] = {}
        for quad in self.quads():
            out.setdefault(quad.graph_name.value, []).append(quad.triple)
        return out

    def graph(self) -> Graph:
        """The report's own graph as an rdflib Graph, built now, prefixes bound."""
        from rdflib import Graph

        name = next(iter(self.terms))
        graph = Graph(identifier=rdflib_term(name))
        _bind(graph, self.base)
        _add(graph, graph, self.terms[name], {})
        return graph

    def add_to(self, dataset: Dataset) -> None:
        """Into their named graphs of an rdflib Dataset (an organisation's graph is added to)."""
        cache: dict = {}
        for name, triples in self.terms.items():
            _add(dataset, dataset.graph(rdflib_term(name)), triples, cache)


def dataset_of(emitted: Iterable[Emitted], base: str) -> Dataset:
    """An rdflib Dataset of reports: one named graph per report and per organisation (an organisation's
    graph holds what each of its reports says of it, once)."""
    from rdflib import Dataset

    dataset = Dataset()
    _bind(dataset, base)
    for report in emitted:
        report.add_to(dataset)
    return dataset


def distinct_lines(emitted: Iterable[Emitted]) -> list[str]:
    """The N-Quads lines of several reports, each once, in emission order (the reports of one
    organisation each state its graph's triples)."""
    return list(dict.fromkeys(line for report in emitted for line in report.lines()))


def graph_texts(emitted: Iterable[Emitted]) -> dict[str, str]:
    """Graph name -> its N-Quads text (each line once): the reports' own graphs, then the organisations'."""
    reports = list(emitted)
    lines: dict[str, dict[str, None]] = {}
    for report in reports:
        name = next(iter(report.terms))
        lines.setdefault(name, {}).update(dict.fromkeys(report.graph_lines(name)))
    for report in reports:
        for name in list(report.terms)[1:]:
            lines.setdefault(name, {}).update(dict.fromkeys(report.graph_lines(name)))
    return {name[1:-1]: "".join(text) for name, text in lines.items()}


def _bind(graph, base: str) -> None:
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, namespace, override=True)


def _add(graph, context, triples: list[Triple], cache: dict) -> None:
    """Straight to rdflib's store, past Graph.add's checks: the terms are well-formed by construction."""
    store_add = graph.store.add

    def term(text: str):
        found = cache.get(text)
        if found is None:
            found = cache[text] = rdflib_term(text)
        return found

    for s, p, o in triples:
        store_add((term(s), term(p), term(o)), context, quoted=False)
