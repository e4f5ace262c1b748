"""End to end: the bundled sample converted, served with the vocabularies, and walked over HTTP:
dereference its IRIs, query it with SPARQL (and SPARQLWrapper-style requests), climb the
classification and the regions to COFOG."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from server.app import create_app
from tests.conftest import SAMPLE

BASE = "http://127.0.0.1:5000/"
REPORT = BASE + "id/report/511102/乐山市市中区经济和信息化局/2022/final"
ORG = BASE + "id/org/511102/乐山市市中区经济和信息化局"


@pytest.fixture(scope="module")
def client():
    app = create_app({"testing": True, "inputs": [str(SAMPLE)], "load_examples": False, "query_workers": 1})
    with app.test_client() as client:
        yield client


def path(iri: str) -> str:
    return iri[len(BASE) - 1 :]


def select(client, query: str) -> list[dict]:
    response = client.post(
        "/sparql",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.data)["results"]["bindings"]


@pytest.mark.parametrize("media", ["text/turtle", "application/n-triples", "application/ld+json"])
def test_department_iri_dereferences_as_rdf(client, media):
    response = client.get(path(ORG), headers={"Accept": media})
    assert response.status_code == 200 and response.mimetype == media
    fmt = {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD,
    }[media]
    triples = list(ox.parse(response.data, format=fmt, base_iri=BASE))
    assert any(str(t.subject.value) == ORG for t in triples)


def test_figure_with_its_source_sentence(client):
    rows = select(
        client,
        f"""
        PREFIX fiscal: <{BASE}def/fiscal#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?amount ?text WHERE {{
          ?obs <http://purl.org/linked-data/cube#dataSet> <{REPORT}> ;
               fiscal:item <{BASE}def/item/three-public-expenses> ;
               fiscal:statistic <{BASE}def/statistic/level> ;
               fiscal:amount ?amount ; prov:wasDerivedFrom ?span .
          ?span fiscal:sourceText ?text .
        }}""",
    )
    assert [r["amount"]["value"] for r in rows] == ["7500"]
    assert "“三公”经费财政拨款支出决算为0.75万元" in rows[0]["text"]["value"]


def test_walk_the_classification_to_cofog(client):
    rows = select(
        client,
        f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?kuan ?lei ?cofog WHERE {{
          <{BASE}id/function/2011301> skos:broader ?kuan .
          ?kuan skos:broader ?lei .
          ?lei skos:closeMatch|skos:broadMatch|skos:narrowMatch|skos:exactMatch ?cofog .
          FILTER(STRSTARTS(STR(?cofog), "{BASE}id/cofog/"))
        }}""",
    )
    assert rows and rows[0]["kuan"]["value"].endswith("/20113") and rows[0]["lei"]["value"].endswith("/201")


def test_walk_the_regions(client):
    rows = select(
        client,
        f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?city ?province WHERE {{
          <{BASE}id/region/511102> skos:broader ?city . ?city skos:broader ?province .
        }}""",
    )
    assert {(r["city"]["value"], r["province"]["value"]) for r in rows} == {
        (BASE + "id/region/511100", BASE + "id/region/510000")
    }


def test_concept_dereferences_with_its_hierarchy(client):
    response = client.get(path(BASE + "id/function/20113") + ".nt")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert f"<{BASE}id/function/201>" in body  # skos:broader
    assert f"<{BASE}id/function/2011301>" in body  # narrower or an observation using it


def test_sparqlwrapper_gets_json_from_a_live_server():
    """A real HTTP server on 127.0.0.1 and a real SPARQL client, as a researcher would use them."""
    import threading

    from SPARQLWrapper import JSON, SPARQLWrapper
    from werkzeug.serving import make_server

    app = create_app({"inputs": [str(SAMPLE)], "load_examples": False, "query_workers": 1})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = SPARQLWrapper(f"http://127.0.0.1:{server.server_port}/sparql")
        client.setQuery(f"""
            PREFIX fiscal: <{BASE}def/fiscal#>
            SELECT ?year (COUNT(?obs) AS ?figures) WHERE {{
              ?report fiscal:fiscalYear ?year .
              ?obs <http://purl.org/linked-data/cube#dataSet> ?report .
            }} GROUP BY ?year""")
        client.setReturnFormat(JSON)
        rows = client.queryAndConvert()["results"]["bindings"]
        assert [r["year"]["value"] for r in rows] == ["2022"]
        assert int(rows[0]["figures"]["value"]) > 200
    finally:
        server.shutdown()
        thread.join(timeout=5)
