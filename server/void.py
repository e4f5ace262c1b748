"""VoID of what is published (``/.well-known/void``): the whole dataset, whose ``void:triples`` is every
triple of the store (each stated in one graph, so also the count of the union default graph), its subsets
(the vocabulary, the organisations' graphs, the reports and each report with its dumps) and the
``void:Linkset``s to COFOG and to the regions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from converter.uris import UriBuilder
from server.store.base import Store

N, L = ox.NamedNode, ox.Literal
RDF_TYPE = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD_INTEGER = N("http://www.w3.org/2001/XMLSchema#integer")
CSIRO_COFOG = "http://linked.data.gov.au/def/cofog/"  # the prefix csiro: of ontology/vocab/cofog.ttl
#: the links described as void:Linksets: (name, predicate, subjects, objects, objects' IRI space)
LINKSETS = (
    ("function-cofog-close", SKOS + "closeMatch", "function", "cofog", "id/cofog/"),
    ("function-cofog-broad", SKOS + "broadMatch", "function", "cofog", "id/cofog/"),
    ("function-cofog-narrow", SKOS + "narrowMatch", "function", "cofog", "id/cofog/"),
    (
        "cofog-csiro",
        SKOS + "exactMatch",
        "cofog",
        "cofog-csiro",
        CSIRO_COFOG,
    ),
    ("report-regions", DCT + "spatial", "reports", "regions", "id/region/"),
    ("organisation-regions", "{base}def/fiscal#region", "organisations", "regions", "id/region/"),
)
#: the parts of the vocabulary the linksets connect: name -> (IRI space under the base, title)
VOCABULARY_PARTS = {
    "function": ("id/function/", "支出功能分类 Functional classification of expenditure"),
    "cofog": ("id/cofog/", "COFOG 1999"),
    "regions": ("id/region/", "行政区划 GB/T 2260 regions"),
}


def _int(value: int) -> ox.Literal:
    return L(str(value), datatype=XSD_INTEGER)


def _space(base: str, space: str) -> str:
    return space if space.startswith("http") else base + space


def link_counts(store: Store, base: str) -> dict[str, int]:
    """How many triples each linkset holds, counted over the union (every triple is in one graph)."""
    pairs = [(p.format(base=base), _space(base, o)) for _, p, _, _, o in LINKSETS]
    values = " ".join(f'(<{p}> "{space}")' for p, space in pairs)
    sparql = (
        "SELECT ?p ?space (COUNT(*) AS ?n) WHERE { VALUES (?p ?space) { " + values + " } "
        "?s ?p ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o), ?space)) } GROUP BY ?p ?space"
    )
    rows = json.loads(store.query(sparql).body)["results"]["bindings"]  # trusted: no time limit
    found = {(r["p"]["value"], r["space"]["value"]): int(r["n"]["value"]) for r in rows}
    return {name: found.get(pair, 0) for (name, *_), pair in zip(LINKSETS, pairs, strict=True)}


class _Void:
    def __init__(self, base: str) -> None:
        self.base = base
        self.endpoint = N(base + "sparql")
        self.t: list[ox.Triple] = []

    def part(self, name: str) -> ox.NamedNode:
        return N(self.base + ".well-known/void#" + name)

    def add(self, subject: ox.NamedNode, predicate: str, obj) -> None:
        self.t.append(ox.Triple(subject, N(predicate), obj))

    def subset(
        self, parent: ox.NamedNode, node: ox.NamedNode, triples: int, title: str | None = None
    ) -> None:
        self.add(parent, VOID + "subset", node)
        self.t.append(ox.Triple(node, RDF_TYPE, N(VOID + "Dataset")))
        self.add(node, VOID + "triples", _int(triples))
        self.add(node, VOID + "sparqlEndpoint", self.endpoint)
        if title:
            self.add(node, DCT + "title", L(title, language="en"))

    def vocabulary(self, triples: int) -> None:
        vocabulary = self.part("vocabulary")
        self.subset(self.part("dataset"), vocabulary, triples, "The ontology and the code lists (SKOS)")
        self.add(vocabulary, VOID + "exampleResource", N(self.base + "def/fiscal"))
        for name, (space, title) in VOCABULARY_PARTS.items():
            node = self.part(name)
            self.add(vocabulary, VOID + "subset", node)
            self.t.append(ox.Triple(node, RDF_TYPE, N(VOID + "Dataset")))
            self.add(node, VOID + "uriSpace", L(self.base + space))
            self.add(node, DCT + "title", L(title, language="en"))
        csiro = self.part("cofog-csiro")
        self.t.append(ox.Triple(csiro, RDF_TYPE, N(VOID + "Dataset")))
        self.add(csiro, VOID + "uriSpace", L(CSIRO_COFOG))
        self.add(csiro, DCT + "title", L("COFOG, CSIRO SKOS edition", language="en"))

    def reports(self, entries: list[dict], dump_extensions: Iterable[str]) -> None:
        reports = self.part("reports")
        self.subset(
            self.part("dataset"), reports, sum(e["triples"] for e in entries), "Reports: one graph each"
        )
        for entry in entries:
            ds = N(entry["iri"])
            self.subset(reports, ds, entry["triples"])
            if entry.get("title"):
                self.add(ds, DCT + "title", L(entry["title"], language="zh"))
            for ext in dump_extensions if entry.get("dump") else ():
                self.add(ds, VOID + "dataDump", N(f"{self.base}{entry['dump']}.{ext}"))
            self.add(ds, VOID + "exampleResource", ds)
        if entries:
            self.add(self.part("dataset"), VOID + "exampleResource", N(entries[0]["iri"]))
            self.add(reports, VOID + "exampleResource", N(entries[0]["iri"]))

    def linksets(self, counts: Mapping[str, int]) -> None:
        for name, predicate, subjects, objects, _ in LINKSETS:
            node = self.part("links-" + name)
            self.add(self.part("dataset"), VOID + "subset", node)
            self.t.append(ox.Triple(node, RDF_TYPE, N(VOID + "Linkset")))
            self.add(node, VOID + "linkPredicate", N(predicate.format(base=self.base)))
            self.add(node, VOID + "subjectsTarget", self.part(subjects))
            self.add(node, VOID + "objectsTarget", self.part(objects))
            self.add(node, VOID + "triples", _int(counts[name]))


def void_description(
    store: Store, base: str, title: str, licence: str, reports: list[dict], dump_extensions: Iterable[str]
) -> list[ox.Triple]:
    """``reports``: the catalogue's entries (iri, triples, title, dump) of the report graphs."""
    v = _Void(base)
    root = v.part("dataset")
    v.t.append(ox.Triple(root, RDF_TYPE, N(VOID + "Dataset")))
    v.add(root, DCT + "title", L(title))
    v.add(root, DCT + "license", N(licence))
    v.add(root, VOID + "uriSpace", L(base))
    v.add(root, VOID + "sparqlEndpoint", v.endpoint)
    v.add(root, VOID + "dataDump", N(base + "dumps/all.nq.gz"))
    v.add(root, VOID + "rootResource", N(base + "catalog"))
    for vocabulary in (base + "def/fiscal", "http://purl.org/linked-data/cube#", SKOS):
        v.add(root, VOID + "vocabulary", N(vocabulary))
    uris = UriBuilder(base)
    vocabulary_triples = store.default_graph_triples()
    organisations = sum(n for g, n in store.graphs().items() if uris.is_organisation_graph(g))
    v.vocabulary(vocabulary_triples)
    v.subset(root, v.part("organisations"), organisations, "Organisations: year-stable facts, one graph each")
    v.reports(reports, dump_extensions)
    v.linksets(link_counts(store, base))
    total = vocabulary_triples + organisations + sum(e["triples"] for e in reports)
    v.add(root, VOID + "triples", _int(total))
    return v.t
