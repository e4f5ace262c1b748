"""Harvesting: VoID counts, the DCAT catalogue, dumps, sitemap; config, CLI hooks, atomic replacement."""

from __future__ import annotations

import argparse
import gzip
import json
import threading

import pyoxigraph as ox
import pytest
from test_server_fixtures import BASE, OBSERVATIONS, REPORT, STORES, server_app

from server.app import create_app
from server.cli import add_serve_arguments
from server.config import Config
from server.store import EmbeddedStore

pytest_plugins = ["_services"]

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
REPORT_TRIPLES = 9 + 4 + 7 * OBSERVATIONS  # counted in test_server_fixtures.fixture_trig


@pytest.fixture(scope="module", params=STORES)
def app(request, tmp_path_factory):
    yield from server_app(request, tmp_path_factory, licence="https://example.org/licence")


@pytest.fixture()
def client(app):
    return app.test_client()


def triples_of(response) -> set:
    return {q.triple for q in ox.parse(response.data, format=ox.RdfFormat.TURTLE)}


def objects(triples, subject: str, predicate: str) -> set:
    return {t.object.value for t in triples if t.subject.value == subject and t.predicate.value == predicate}


def test_void_counts_per_dataset(client, app):
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    t = triples_of(r)
    graphs = app.extensions["juesuan.store"].graphs()
    assert objects(t, REPORT, VOID + "triples") == {str(graphs[REPORT])}
    # the count is the real number of triples in the report's graph
    expected = int(
        json.loads(
            client.get(
                "/sparql?query=" + f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{REPORT}> {{ ?s ?p ?o }} }}"
            ).data
        )["results"]["bindings"][0]["n"]["value"]
    )
    assert graphs[REPORT] == expected == REPORT_TRIPLES
    assert objects(t, BASE + ".well-known/void#dataset", VOID + "sparqlEndpoint") == {BASE + "sparql"}


def test_dcat_catalogue(client):
    t = triples_of(client.get("/catalog", headers={"Accept": "text/turtle"}))
    assert REPORT in objects(t, BASE + "catalog", DCAT + "dataset")
    assert objects(t, REPORT, DCT + "license") == {"https://example.org/licence"}
    assert objects(t, REPORT, DCT + "spatial") == {BASE + "id/region/511102"}
    assert objects(t, REPORT, DCT + "publisher") == {BASE + "id/org/511102/测试局"}
    period = objects(t, REPORT, DCT + "temporal").pop()
    assert objects(t, period, DCAT + "startDate") == {"2022-01-01"}
    distributions = objects(t, REPORT, DCAT + "distribution")
    media = {m for d in distributions for m in objects(t, d, DCAT + "mediaType")}
    assert any(m.endswith("text/turtle") for m in media) and any(m.endswith("n-triples") for m in media)
    for d in distributions:  # every advertised distribution downloads
        path = d[len(BASE) - 1 :]
        r = client.get(path)
        assert r.status_code == 200, path


def test_dumps(client):
    r = client.get("/dumps/all.nq.gz")
    assert r.status_code == 200
    quads = list(ox.parse(gzip.decompress(r.data), format=ox.RdfFormat.N_QUADS))
    in_report = [q for q in quads if q.graph_name == ox.NamedNode(REPORT)]
    assert len(in_report) == REPORT_TRIPLES
    r = client.get("/dumps/report/511102/测试局/2022/final.ttl")
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    assert len(list(ox.parse(r.data, format=ox.RdfFormat.TURTLE))) == REPORT_TRIPLES
    r = client.get("/dumps/report/511102/测试局/2022/final.nt.gz")
    assert len(gzip.decompress(r.data).splitlines()) == REPORT_TRIPLES
    assert client.get("/dumps/report/511102/nobody/2022/final.ttl").status_code == 404
    etag = client.get("/dumps/all.nq.gz").headers["ETag"]
    assert client.get("/dumps/all.nq.gz", headers={"If-None-Match": etag}).status_code == 304


def test_sitemap(client):
    r = client.get("/sitemap.xml")
    text = r.data.decode()
    assert "<urlset" in text and "%E6%B5%8B%E8%AF%95%E5%B1%80" in text  # 测试局, as a URI


def test_home_lists_reports(client):
    assert "测试局2022年度部门决算" in client.get("/").data.decode()


def test_config_from_environment_and_file(tmp_path):
    cfg = Config.load(
        None,
        environ={
            "JUESUAN_QUERY_TIMEOUT": "2.5",
            "JUESUAN_BASE": "https://example.org/x",
            "JUESUAN_SERVICE_ALLOWLIST": "https://a/ https://b/",
        },
    )
    assert cfg.query_timeout == 2.5 and cfg.base == "https://example.org/x/"
    assert cfg.service_allowlist == ["https://a/", "https://b/"]
    file = tmp_path / "juesuan.toml"
    file.write_text("query_timeout = 3\nmax_result_rows = 7\n", encoding="utf-8")
    cfg = Config.load(str(file), environ={"JUESUAN_MAX_RESULT_ROWS": "9"})
    assert cfg.query_timeout == 3 and cfg.max_result_rows == 9
    with pytest.raises(ValueError):
        Config.load({"no_such_key": 1}, environ={})


def test_cli_hooks():
    parser = argparse.ArgumentParser()
    add_serve_arguments(parser)
    args = parser.parse_args(["a.ttl", "b.trig", "--port", "5001", "--base", "https://x/", "--store", "d"])
    assert args.inputs == ["a.ttl", "b.trig"] and args.port == 5001 and args.base == "https://x/"


def test_rdf_xml_input_refused(tmp_path):
    bad = tmp_path / "x.rdf"
    bad.write_text("<rdf:RDF/>", encoding="utf-8")
    with pytest.raises(Exception, match="RDF/XML"):
        create_app({"testing": True, "load_examples": False, "load_vocabulary": False, "inputs": [str(bad)]})


def test_replacement_is_atomic():
    store = EmbeddedStore(workers=1, base_iri=BASE)
    try:
        g = BASE + "id/report/1/x/2022/final"

        def version(n: int):
            s = ox.NamedNode(g)
            return {
                g: [
                    ox.Triple(ox.NamedNode(f"{g}/obs/{i}"), ox.NamedNode(BASE + "v"), ox.Literal(str(n)))
                    for i in range(2000)
                ]
                + [ox.Triple(s, ox.NamedNode(BASE + "v"), ox.Literal(str(n)))]
            }

        store.replace_graphs(version(0))
        seen = set()
        stop = threading.Event()

        def reader():
            while not stop.is_set():
                rows = store.oxigraph.query(f"SELECT DISTINCT ?v WHERE {{ GRAPH <{g}> {{ ?s ?p ?v }} }}")
                values = {r["v"].value for r in rows}
                seen.add(frozenset(values))

        thread = threading.Thread(target=reader)
        thread.start()
        for n in range(1, 6):
            store.replace_graphs(version(n))
        stop.set()
        thread.join()
        assert all(len(values) == 1 for values in seen), seen  # never a mix of two versions
        assert store.graphs()[g] == 2001
    finally:
        store.close()
