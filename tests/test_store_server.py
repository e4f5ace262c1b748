"""The server behaves the same on every store: a representative subset (dereferencing a report in Turtle,
a SPARQL SELECT with JSON results, the VoID, a report dump) on the embedded store, the Oxigraph server and
Virtuoso (the remote ones started by tests/_services.py, skipped when not installed)."""

from __future__ import annotations

import gc
from collections import defaultdict
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from server.app import create_app
from server.config import Config
from server.store.factory import open_store
from server.store.remote import RemoteStore

pytest_plugins = ["_services"]

BASE = Config().base
QB = "http://purl.org/linked-data/cube#"


@pytest.fixture(scope="module")
def sample_graphs(sample_result):
    graphs = defaultdict(list)
    data = sample_result.dataset.serialize(format="nquads")
    for quad in ox.parse(data.encode() if isinstance(data, str) else data, format=ox.RdfFormat.N_QUADS):
        graphs[quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None].append(
            quad.triple
        )
    return dict(graphs)


@pytest.fixture(params=["embedded", "oxigraph_server", "virtuoso"])
def client(request, tmp_path, sample_graphs):
    config = Config(base=BASE, load_examples=False, load_vocabulary=False, testing=True)
    if request.param == "embedded":
        store = open_store(str(tmp_path / "store"), config, workers=1)
    else:
        service = request.getfixturevalue(request.param)
        store = RemoteStore(**service.store_options(), base=BASE, refresh_seconds=0)
        store.drop_graphs(list(store.graphs()))
    store.replace_graphs(sample_graphs)
    app = create_app(config, store=store)
    yield app.test_client()
    store.close()
    del app, store
    gc.collect()


def report_iri(sample_graphs) -> str:
    return next(name for name in sample_graphs if name and "/id/report/" in name)  # not an organisation's


def path_of(iri: str) -> str:
    return quote(iri[len(BASE) - 1 :], safe="/")


def test_dereference_report_in_turtle(client, sample_graphs):
    iri = report_iri(sample_graphs)
    response = client.get(path_of(iri), headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    triples = {q.triple for q in ox.parse(response.data, format=ox.RdfFormat.TURTLE, base_iri=iri)}
    node = ox.NamedNode(iri)
    assert (
        ox.Triple(
            node,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(QB + "DataSet"),
        )
        in triples
    )
    own = {t for t in sample_graphs[iri] if t.subject == node}
    assert {(t.predicate, t.object.value) for t in own} <= {(t.predicate, t.object.value) for t in triples}


def test_sparql_select_json(client, sample_graphs):
    iri = report_iri(sample_graphs)
    expected = sum(1 for t in sample_graphs[iri] if t.predicate.value == QB + "dataSet")
    # the remote engines are shared with other tests: count this report's observations only
    query = f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o <{QB}dataSet> <{iri}> }}"
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    assert int(response.get_json()["results"]["bindings"][0]["n"]["value"]) == expected


def test_void_counts_the_report(client, sample_graphs):
    iri = report_iri(sample_graphs)
    response = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    triples = [q.triple for q in ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES)]
    counts = {
        t.subject.value: int(t.object.value)
        for t in triples
        if t.predicate.value == "http://rdfs.org/ns/void#triples"
    }
    assert counts[iri] == len(set(sample_graphs[iri]))


def test_report_dump(client, sample_graphs):
    iri = report_iri(sample_graphs)
    path = path_of(iri).replace("/id/report/", "/dumps/report/", 1) + ".ttl"
    response = client.get(path)
    assert response.status_code == 200
    dumped = list(ox.parse(response.data, format=ox.RdfFormat.TURTLE))
    assert len(dumped) == len(set(sample_graphs[iri]))


def test_bad_query_is_a_400(client):
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMITX 3"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 400 and response.mimetype == "text/plain"
