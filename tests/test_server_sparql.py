"""The SPARQL endpoint: the W3C SPARQL 1.1 Protocol suite (from ../shared/w3c), read-only refusals,
no outgoing connections, the hard time limit, result caps and formats."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from test_server_fixtures import BASE, STORES, server_app

from server.app import create_app
from server.config import Config
from server.store import EmbeddedStore

pytest_plugins = ["_services"]

W3C = Path(__file__).resolve().parents[1].parent / "shared" / "w3c"
PROTOCOL = W3C / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
TABULAR = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_MEDIA = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}


# ----------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module", params=STORES)
def app(request, tmp_path_factory):
    yield from server_app(request, tmp_path_factory, query_timeout=2.0, query_workers=2, max_result_rows=100)


@pytest.fixture()
def client(app):
    return app.test_client()


# ----------------------------------------------------------------------------------- W3C suite
def _w3c_tests():
    manifest_file = PROTOCOL / "manifest.ttl"
    if not manifest_file.exists():
        return []
    g = Graph().parse(manifest_file, format="turtle", publicID=str(PROTOCOL.as_uri()) + "/manifest.ttl")
    manifest = next(g.subjects(MF.entries, None))
    return [(str(e).rsplit("#", 1)[-1], e) for e in Collection(g, g.value(manifest, MF.entries))], g


W3C_TESTS = _w3c_tests()
W3C_REPORT: dict[str, str] = {}


def _requests(g: Graph, test: URIRef):
    action = g.value(test, MF.action)
    for req in Collection(g, g.value(action, HT.requests)):
        headers = {}
        header_list = g.value(req, HT.headers)
        if header_list is not None:
            for h in Collection(g, header_list):
                headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
        body = g.value(req, HT.body)
        data = None
        if body is not None:
            encoding = str(g.value(body, CNT.characterEncoding) or "UTF-8")
            data = str(g.value(body, CNT.chars)).encode(encoding.lower().replace("utf-16", "utf-16"))
        resp = g.value(req, HT.resp)
        expected = {
            "status": {str(s).replace(HTS, "")[0] for s in g.objects(resp, MF.expectedStatus)},
            "format": str(g.value(resp, MF.expectedFormat) or ""),
            "boolean": g.value(resp, MF.expectedBoolean),
        }
        yield str(g.value(req, HT.methodName)), str(g.value(req, HT.absolutePath)), headers, data, expected


@pytest.fixture(scope="module")
def w3c_client():
    if not W3C_TESTS:
        pytest.skip(f"W3C protocol tests not found at {PROTOCOL} (../shared/w3c is absent in this checkout)")
    store = EmbeddedStore(workers=2, base_iri=BASE)
    graphs = {}
    for n in (1, 2, 3):
        name = f"http://kasei.us/2009/09/sparql/data/data{n}.rdf"
        graphs[name] = [
            q.triple for q in ox.parse(path=str(PROTOCOL / f"data{n}.nt"), format=ox.RdfFormat.N_TRIPLES)
        ]
    store.replace_graphs(graphs)
    application = create_app(Config(testing=True, load_examples=False, load_vocabulary=False), store=store)
    yield application.test_client()
    store.close()
    if W3C_REPORT:
        passed = sum(1 for v in W3C_REPORT.values() if v.startswith("pass"))
        lines = [f"W3C SPARQL 1.1 Protocol: {passed}/{len(W3C_REPORT)} passed"]
        lines += [f"  {name}: {verdict}" for name, verdict in sorted(W3C_REPORT.items())]
        print("\n" + "\n".join(lines))


def _check_boolean(response, expected: bool | None) -> None:
    if response.mimetype == "application/sparql-results+json":
        value = json.loads(response.data)["boolean"]
    else:
        assert response.mimetype == "application/sparql-results+xml", response.mimetype
        value = b"<boolean>true</boolean>" in response.data
    if expected is not None:
        assert value == expected.toPython()


@pytest.mark.parametrize("name", [t[0] for t in (W3C_TESTS[0] if W3C_TESTS else [])])
def test_w3c_protocol(w3c_client, name):
    tests, g = W3C_TESTS
    test = dict(tests)[name]
    is_update = name.startswith("update_") or name.startswith("bad_update")
    for method, path, headers, data, expected in _requests(g, test):
        path = path.replace("/sparql/", "/sparql/", 1)
        kwargs = {"headers": headers}
        if data is not None:
            kwargs["data"] = data
        if "content-type" not in {k.lower() for k in headers} and data is not None:
            kwargs["content_type"] = ""  # the test sends no media type on purpose
        response = w3c_client.open(path, method=method, **kwargs)
        status = str(response.status_code)[0]
        if is_update:
            # a read-only endpoint refuses every update with 4xx; the queries that would check the
            # update's effect cannot hold, so only the update request is judged
            assert status == "4", (response.status_code, response.data)
            W3C_REPORT[name] = f"pass (update refused {response.status_code}: read-only)"
            break
        assert status in expected["status"], (response.status_code, response.data)
        if status == "4":
            assert response.mimetype == "text/plain"
        fmt = expected["format"]
        if fmt == "boolean":
            _check_boolean(response, expected["boolean"])
        elif fmt == "tabular":
            assert response.mimetype in TABULAR
        elif fmt == "RDF":
            assert response.mimetype in RDF_MEDIA
        W3C_REPORT[name] = f"pass ({response.status_code} {response.mimetype})"


def test_w3c_suite_size():
    if not W3C_TESTS:
        pytest.skip(f"W3C protocol tests not found at {PROTOCOL}")
    names = [t[0] for t in W3C_TESTS[0]]
    assert len(names) == 34
    assert sum(n.startswith("bad_") for n in names) == 14


# ----------------------------------------------------------------------------------- protocol
def test_formats_select(client):
    q = quote("SELECT ?s WHERE { ?s a <http://purl.org/linked-data/cube#Observation> } LIMIT 3")
    for media in TABULAR:
        r = client.get(f"/sparql?query={q}", headers={"Accept": media})
        assert r.status_code == 200 and r.mimetype == media, (media, r.data)
    data = json.loads(client.get(f"/sparql?query={q}").data)
    assert len(data["results"]["bindings"]) == 3
    parsed = list(
        ox.parse_query_results(
            client.get(f"/sparql?query={q}&format=xml").data, format=ox.QueryResultsFormat.XML
        )
    )
    assert len(parsed) == 3


def test_construct_formats(client):
    q = quote(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{BASE}id/function/201>) }}")
    for media in RDF_MEDIA:
        r = client.get(f"/sparql?query={q}", headers={"Accept": media})
        assert r.status_code == 200 and r.mimetype == media
    r = client.get(f"/sparql?query={q}", headers={"Accept": "application/n-triples"})
    assert f"<{BASE}id/function/201>".encode() in r.data


def test_post_direct_and_form(client):
    r = client.post("/sparql", data=b"ASK { ?s ?p ?o }", content_type="application/sparql-query")
    assert json.loads(r.data)["boolean"] is True
    r = client.post("/sparql", data={"query": "ASK { <urn:x> ?p ?o }"})
    assert json.loads(r.data)["boolean"] is False


def test_service_description(client):
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    triples = {q.triple for q in ox.parse(r.data, format=ox.RdfFormat.TURTLE)}
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate.value == sd + "endpoint" for t in triples)
    assert any(t.object.value == sd + "SPARQL11Query" for t in triples)


def test_query_page_without_javascript(client):
    r = client.get("/sparql", headers={"Accept": "text/html"})
    text = r.data.decode()
    assert '<form method="post" action="/sparql"' in text
    # the editor (YASGUI) is a script of this origin over that form: no inline script at all
    scripts = re.findall(r"<script[^>]*>", text)
    assert scripts and all(re.fullmatch(r'<script src="/static/[^"]+\.js">', s) for s in scripts)
    assert "三公经费" in text and "<textarea" in text
    r = client.post(
        "/sparql",
        data={
            "query": "SELECT ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#comment> ?o }",
            "format": "html",
        },
        headers={"Accept": "text/html"},
    )
    assert r.status_code == 200 and "&lt;script&gt;alert" in r.data.decode()
    assert "<script>alert" not in r.data.decode()


def test_malformed_query_is_400_plain_text_not_echoed_in_html(client):
    evil = "SELECT * WHERE { <script>alert(1)</script> "
    r = client.get("/sparql?query=" + quote(evil), headers={"Accept": "text/html"})
    assert r.status_code == 400
    assert r.mimetype == "text/plain"


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "LOAD <http://127.0.0.1:9/x>",
    ],
)
def test_updates_refused(client, app, update):
    before = sum(app.extensions["juesuan.store"].graphs().values())
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert (
        client.post("/sparql", data=update.encode(), content_type="application/sparql-update").status_code
        == 403
    )
    assert client.get("/sparql?update=" + quote(update)).status_code == 403
    assert client.post("/sparql", data={"query": update}).status_code in (400, 403)
    assert sum(app.extensions["juesuan.store"].graphs().values()) == before


def test_result_rows_capped(client):
    r = client.get("/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o }"))
    assert len(json.loads(r.data)["results"]["bindings"]) == 100
    assert "Juesuan-Results-Truncated" in r.headers


def test_request_body_bounded(client):
    huge = "ASK { }" + " " * (300 * 1024)
    r = client.post("/sparql", data=huge.encode(), content_type="application/sparql-query")
    assert r.status_code == 413


# ----------------------------------------------------------------------------------- no network
class Listener:
    """A local TCP listener that counts the connections it receives."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        time.sleep(0.3)
        self._stop = True
        self._thread.join()
        self.sock.close()


@pytest.fixture()
def listener():
    listening = Listener()
    yield listening
    listening.close()


def test_service_refused_no_connection(client, listener):
    endpoint = f"http://127.0.0.1:{listener.port}/sparql"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{endpoint}> {{ ?s ?p ?o }} }}",
        f"PREFIX remote: <http://127.0.0.1:{listener.port}/>\nSELECT * WHERE {{ service remote:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{endpoint}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{endpoint}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{endpoint}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"ASK FROM <http://127.0.0.1:{listener.port}/data.ttl> {{ ?s ?p ?o }}",
    ]
    for q in queries:
        r = client.post("/sparql", data={"query": q})
        assert r.status_code == 403, (q, r.data)
        assert r.mimetype == "text/plain"
    r = client.post("/sparql", data={"update": f"LOAD <{endpoint}>"})
    assert r.status_code == 403
    time.sleep(0.5)
    assert listener.connections == 0


def test_service_keyword_in_strings_is_not_a_call(client):
    q = 'SELECT * WHERE { ?s ?p ?o FILTER(?o = "SERVICE <http://127.0.0.1:9/>") } # SERVICE <http://x/>'
    assert client.post("/sparql", data={"query": q}).status_code == 200


def test_allow_listed_service_is_contacted(tmp_path, listener):
    """The guard is what stops SERVICE: with the endpoint allow-listed, the query does connect."""
    app = create_app(
        {
            "testing": True,
            "load_examples": False,
            "load_vocabulary": False,
            "service_allowlist": [f"http://127.0.0.1:{listener.port}/"],
            "query_timeout": 3,
        }
    )
    try:
        q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        r = app.test_client().post("/sparql", data={"query": q})
        assert r.status_code in (400, 503)
        assert listener.connections >= 1
    finally:
        app.extensions["juesuan.store"].close()


# ----------------------------------------------------------------------------------- time limit
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_slow_query_stopped_while_others_are_served(app):
    store = app.extensions["juesuan.store"]
    # the embedded store kills its worker; a remote engine is stopped waiting for (its own limit,
    # MaxQueryExecutionTime or --timeout-s, stops its work)
    killed_before = getattr(store, "killed_workers", None)
    outcome = {}

    def slow():
        started = time.monotonic()
        r = app.test_client().post("/sparql", data={"query": SLOW})
        outcome["slow"] = (r.status_code, time.monotonic() - started, r.data)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    client = app.test_client()
    fast = []
    while thread.is_alive():
        t0 = time.monotonic()
        r = client.get(quote("/id/function/201"), headers={"Accept": "text/turtle"})
        assert r.status_code == 200
        q = client.get("/sparql?query=" + quote("ASK { ?s ?p ?o }"))
        assert q.status_code == 200
        fast.append(time.monotonic() - t0)
        time.sleep(0.05)
    thread.join()
    status, elapsed, body = outcome["slow"]
    if status == 502:  # Virtuoso refuses up front what its own estimate says would exceed its limit
        assert b"execution time" in body, body
    else:
        assert status == 503, body
        assert b"limit" in body
    assert elapsed < 2.0 + 1.5  # the 2 s limit plus slack
    assert (fast and max(fast) < 1.0) or status == 502  # refused up front: nothing to wait through
    if killed_before is not None:
        assert store.killed_workers == killed_before + 1
    # the pool recovers: the next query is answered by a fresh worker
    r = client.get("/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert r.status_code == 200
