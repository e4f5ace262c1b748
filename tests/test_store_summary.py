"""The summary index of the on-disk store (server/store/summary.py): the queries it answers give the whole
store's answer, the ones it cannot prove that for go to the whole store, and it follows every write."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from converter.uris import DEFAULT_BASE
from server.load import load
from server.store.embedded import EmbeddedStore
from server.store.loading import read_vocabulary
from server.store.summary import CLASS_FIGURES, REPORT_FIGURES, summary_predicates

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from synth import generate  # noqa: E402

BASE = DEFAULT_BASE
FISCAL = BASE + "def/fiscal#"
PREFIXES = f"""PREFIX fiscal: <{FISCAL}>
PREFIX item: <{BASE}def/item/>
PREFIX statistic: <{BASE}def/statistic/>
PREFIX fn: <{BASE}id/function/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ANSWERED_BY_INDEX = {
    "totals by province and year": """SELECT ?province ?year (SUM(?amount) AS ?total) WHERE {
  ?report fiscal:totalExpenditure ?amount ; fiscal:fiscalYear ?year ; dcterms:spatial ?county .
  ?county skos:broader/skos:broader ?province } GROUP BY ?province ?year""",
    "share of 201": """SELECT ?year (SUM(?g) / SUM(?t) AS ?share) WHERE {
  ?report fiscal:classExpenditure ?line ; fiscal:totalExpenditure ?t ; fiscal:fiscalYear ?year .
  ?line fiscal:functionClass fn:201 ; fiscal:classAmount ?g } GROUP BY ?year""",
    "optional, filter, inverse path": """SELECT ?county ?report ?p WHERE {
  ?county ^dcterms:spatial ?report . OPTIONAL { ?report fiscal:projectExpenditure ?p FILTER(?p > 1000000) } }""",
    "broader+ from a variable": """SELECT ?c ?up WHERE { ?r dcterms:spatial ?c . ?c skos:broader+ ?up }""",
    "zero-length path from a constant": f"""SELECT ?x ?r WHERE {{ <{BASE}id/region/110000> ^skos:broader* ?x .
  OPTIONAL {{ ?r dcterms:spatial ?x }} }}""",
    "alternative path": """SELECT (COUNT(*) AS ?n) WHERE { ?r (fiscal:basicExpenditure|fiscal:projectExpenditure) ?a }""",
    "construct": """CONSTRUCT { ?r fiscal:totalExpenditure ?a } WHERE { ?r fiscal:totalExpenditure ?a }""",
    "subquery, MINUS, VALUES": """SELECT ?r ?y WHERE { { SELECT ?r (MAX(?a) AS ?y) WHERE {
  ?r fiscal:fiscalYear ?y0 ; fiscal:basicExpenditure ?a } GROUP BY ?r }
  MINUS { ?r fiscal:projectExpenditure ?p FILTER(?p < 0) } VALUES ?unused { 1 2 } }""",
    "ask": """ASK { ?r fiscal:fiscalYear ?y ; fiscal:totalExpenditure ?a }""",
}
WHOLE_STORE_ONLY = {
    "an observation predicate": """SELECT (SUM(?a) AS ?s) WHERE { ?o fiscal:functionalClassification fn:201 ; fiscal:amount ?a }""",
    "a variable predicate": """SELECT (COUNT(*) AS ?n) WHERE { ?r fiscal:classExpenditure ?line . ?line ?p ?o }""",
    "rdf:type through 'a'": """SELECT (COUNT(*) AS ?n) WHERE { ?r a fiscal:Report ; fiscal:fiscalYear ?y }""",
    "GRAPH": """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?r fiscal:fiscalYear ?y } } GROUP BY ?g""",
    "zero-length path between variables": """SELECT (COUNT(*) AS ?n) WHERE { ?a skos:broader* ?b }""",
    "negated property set": """SELECT (COUNT(*) AS ?n) WHERE { ?r !fiscal:fiscalYear ?y }""",
    "EXISTS on an observation": """SELECT ?r WHERE { ?r fiscal:fiscalYear ?y FILTER EXISTS { ?o qb:dataSet ?r } }""",
    "vocabulary only (not parsed)": f"""SELECT ?x WHERE {{ <{BASE}id/region/110000> ^skos:broader ?x }}""",
    "NOT EXISTS (not read)": """SELECT ?r WHERE { ?r fiscal:fiscalYear ?y FILTER NOT EXISTS { ?r fiscal:region ?x } }""",
    "DESCRIBE": """DESCRIBE ?r WHERE { ?r fiscal:fiscalYear 2021 } LIMIT 1""",
    "not SPARQL": """SELECT WHERE fiscal:fiscalYear""",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "synth.nq"
    generate(12, path, BASE, departments=3)
    return path


def open_pair(folder: Path, corpus: Path) -> tuple[EmbeddedStore, EmbeddedStore]:
    """The same data on disk twice: with the summary index, and without it."""
    stores = []
    for name, summary in (("indexed", True), ("plain", False)):
        store = EmbeddedStore(str(folder / name), workers=1, base_iri=BASE, summary=summary)
        store.replace_graphs(read_vocabulary(BASE))
        load(store, [corpus], BASE, quiet=True)
        stores.append(store)
    return stores[0], stores[1]


@pytest.fixture(scope="module")
def pair(tmp_path_factory, corpus):
    indexed, plain = open_pair(tmp_path_factory.mktemp("stores"), corpus)
    yield indexed, plain
    indexed.close()
    plain.close()
    gc.collect()


def answer(store: EmbeddedStore, sparql: str, timeout: float | None = None):
    try:
        result = store.query(PREFIXES + sparql, timeout, max_rows=10**6)
    except Exception as exc:  # noqa: BLE001 - both stores must fail alike
        return ("error", type(exc).__name__)
    if result.form == "solutions":
        rows = json.loads(result.body)["results"]["bindings"]
        return sorted(json.dumps(r, sort_keys=True) for r in rows)
    if result.form == "boolean":
        return json.loads(result.body)["boolean"]
    return sorted(line for line in result.body.decode().splitlines() if line and not line.startswith("_:"))


@pytest.mark.parametrize("name", sorted(ANSWERED_BY_INDEX))
def test_index_answers_exactly_as_the_whole_store(pair, name):
    indexed, plain = pair
    before = indexed.summary.stats.answered
    got = answer(indexed, ANSWERED_BY_INDEX[name])
    assert indexed.summary.stats.answered == before + 1, "not answered from the index"
    assert got == answer(plain, ANSWERED_BY_INDEX[name])
    assert got not in ([], False), "a comparison of two empty answers proves nothing"


@pytest.mark.parametrize("name", sorted(WHOLE_STORE_ONLY))
def test_queries_the_index_cannot_answer_go_to_the_whole_store(pair, name):
    indexed, plain = pair
    before = indexed.summary.stats.answered
    got = answer(indexed, WHOLE_STORE_ONLY[name])
    assert indexed.summary.stats.answered == before
    assert got == answer(plain, WHOLE_STORE_ONLY[name])


def test_the_index_would_have_answered_some_of_them_wrongly(pair):
    """Why they are refused: run on the index alone, these give another answer than the whole store."""
    indexed, plain = pair
    for name in ("a variable predicate", "zero-length path between variables", "an observation predicate"):
        sparql = PREFIXES + WHOLE_STORE_ONLY[name]
        on_index = [str(row) for row in indexed.summary.store.query(sparql, use_default_graph_as_union=True)]
        on_whole = [str(row) for row in plain.oxigraph.query(sparql, use_default_graph_as_union=True)]
        assert on_index != on_whole, name


def test_worker_processes_use_the_index_too(pair):
    indexed, plain = pair
    sparql = ANSWERED_BY_INDEX["totals by province and year"]
    assert answer(indexed, sparql, timeout=30) == answer(plain, sparql, timeout=30)
    # a quad only the index has shows where a worker's answer came from
    marker = ox.Quad(
        ox.NamedNode("urn:test:report"),
        ox.NamedNode(FISCAL + "totalExpenditure"),
        ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    )
    indexed.summary.store.add(marker)
    indexed._pool.restart()  # workers forked from here on see it
    try:
        rows = answer(indexed, "SELECT ?r WHERE { ?r fiscal:totalExpenditure ?a }", timeout=30)
        assert any("urn:test:report" in row for row in rows)
    finally:
        indexed.summary.store.remove(marker)
        indexed._pool.restart()


def test_the_index_follows_every_write(tmp_path, corpus):
    indexed, plain = open_pair(tmp_path, corpus)
    sparql = "SELECT ?r ?a WHERE { ?r fiscal:totalExpenditure ?a }"
    report = json.loads(indexed.query(PREFIXES + sparql, None).body)["results"]["bindings"][0]["r"]["value"]
    for store in (indexed, plain):
        quads = list(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(report)))
        total = ox.NamedNode(FISCAL + "totalExpenditure")
        changed = [
            ox.Triple(q.subject, q.predicate, ox.Literal("1.5", datatype=q.object.datatype))
            if q.predicate == total
            else q.triple
            for q in quads
        ]
        store.replace_graphs({report: changed})
    assert answer(indexed, sparql) == answer(plain, sparql)
    assert any('"1.5"' in row for row in answer(indexed, sparql))
    for store in (indexed, plain):
        store.close()
    del store, indexed, plain
    gc.collect()  # RocksDB's lock goes with the last reference
    reopened = EmbeddedStore(str(tmp_path / "indexed"), workers=1, base_iri=BASE)
    assert reopened.summary is not None and reopened.summary.stats.quads > 0
    assert any('"1.5"' in row for row in answer(reopened, sparql))
    reopened.close()
    gc.collect()


def test_memory_stores_have_no_index():
    assert EmbeddedStore(None, workers=1, base_iri=BASE).summary is None


def test_summary_predicates_are_the_ontology_terms():
    ontology = Graph().parse(ROOT / "ontology" / "fiscal.ttl", publicID=BASE)
    figure = URIRef(FISCAL + "reportFigure")
    assert {str(p)[len(FISCAL) :] for p in ontology.subjects(RDFS.subPropertyOf, figure)} == set(
        REPORT_FIGURES
    )
    for name in CLASS_FIGURES:
        assert (URIRef(FISCAL + name), None, None) in ontology, name
    predicates = summary_predicates(BASE)
    assert FISCAL + "amount" not in predicates  # one per observation: the index would be the store
    assert "http://purl.org/linked-data/cube#dataSet" not in predicates


def test_describe_of_a_report_is_answered_from_the_index(pair):
    indexed, plain = pair
    sparql = "SELECT ?r WHERE { ?r fiscal:totalExpenditure ?a } LIMIT 1"
    report = json.loads(indexed.query(PREFIXES + sparql, None).body)["results"]["bindings"][0]["r"]["value"]
    assert report in indexed.summary.described
    for query, from_index in (
        (f"DESCRIBE <{report}>", True),
        (f"DESCRIBE <{BASE}id/region/110000>", False),  # a concept, not a report
        (f"DESCRIBE <{report}> <{BASE}id/region/110000>", False),
    ):
        before = indexed.summary.stats.answered
        got = indexed.query(query, None, max_rows=10**6).body.decode().splitlines()
        assert indexed.summary.stats.answered == before + from_index, query
        assert sorted(got) == sorted(plain.query(query, None, max_rows=10**6).body.decode().splitlines())
        assert len(got) >= 10


def test_an_updated_index_equals_one_built_afresh(tmp_path, corpus):
    """replace_graphs updates the index in place; reading the whole store again gives the same index."""
    store = EmbeddedStore(str(tmp_path / "s"), workers=1, base_iri=BASE, summary=True)
    store.replace_graphs(read_vocabulary(BASE))
    graphs: dict = {}
    for quad in ox.parse(path=str(corpus), format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    names = sorted(graphs)
    store.replace_graphs({name: graphs[name] for name in names[:6]})
    store.replace_graphs({name: graphs[name] for name in names[6:]})
    # a report replaced by a smaller one, another emptied, one given a blank node
    store.replace_graphs({names[0]: graphs[names[0]][:50], names[1]: []})
    first = graphs[names[2]][0]
    store.replace_graphs(
        {names[2]: graphs[names[2]] + [ox.Triple(ox.NamedNode(names[2]), first.predicate, ox.BlankNode())]}
    )
    incremental = set(store.summary.store)
    described = store.summary.described
    store.summary.rebuild(store.oxigraph)
    assert store.summary.described == described
    assert names[2] not in described and names[0] in described
    afresh = set(store.summary.store)
    # an update may keep extra triples of a report no longer described; never fewer, never others
    assert afresh <= incremental
    extra = incremental - afresh
    assert all(q.subject == ox.NamedNode(names[2]) for q in extra)
    store.close()
    del store
    gc.collect()
