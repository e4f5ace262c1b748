"""Hostile queries and requests: no way out (every escape form SPARQL allows, and the worker's own wall),
no memory blow-up (a per-worker limit, a byte cap on results), no path or body that makes a 500."""

from __future__ import annotations

import io
import json
import time

import pytest
from test_server_fixtures import BASE, server_app
from test_server_sparql import Listener

from server.app import create_app
from server.policy import Policy, QueryPlan
from server.store import EmbeddedStore, QueryError

pytest_plugins = ["_services"]


@pytest.fixture(scope="module", params=["memory", "oxigraph_server"])
def app(request, tmp_path_factory):
    yield from server_app(request, tmp_path_factory, query_timeout=3.0, query_workers=2, max_result_rows=100)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def listener():
    listening = Listener()
    yield listening
    listening.close()


def escaped(text: str) -> str:
    """Every character of ``text`` as a \\uXXXX escape."""
    return "".join(f"\\u{ord(c):04X}" for c in text)


def hostile(port: int) -> list[str]:
    host = f"http://127.0.0.1:{port}/"
    e = f"<{host}sparql>"
    return [
        # the bypasses of the old tokenizer: a \u escape then '#' earlier on the line ...
        f"SELECT * WHERE {{ ?s <http://x/\\u0041#> ?o . SERVICE {e} {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ <http://x/\\u0041#> ?p ?o SERVICE {e} {{ ?a ?b ?c }} }}",
        # ... or a prefixed name with an escaped '#'
        f"PREFIX p: <http://x/> SELECT * WHERE {{ ?s p:a\\#b ?o . SERVICE {e} {{ ?a ?b ?c }} }}",
        f"PREFIX r: <{host}> SELECT * WHERE {{ SERVICE r:sp\\#x {{ ?a ?b ?c }} }}",
        f"PREFIX r: <{host}> SELECT * WHERE {{ SERVICE r:a\\/..\\/sparql {{ ?a ?b ?c }} }}",
        # the endpoint itself written with escapes
        f"SELECT * WHERE {{ SERVICE <{escaped(host + 'sparql')}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/\\U00000073parql> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ {escaped('SERVICE')} {e} {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ SERVI\\u0043E {e} {{ ?a ?b ?c }} }}",
        f'SELECT * WHERE {{ ?s ?p "x\\u0022 . SERVICE {e} {{ ?a ?b ?c }} #" }}',
        # comments and case
        f"SELECT * WHERE {{ # a comment\n service silent {e} {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o # {{ \n }} SERVICE {e} {{ ?a ?b ?c }}",
        f"SELECT * WHERE {{ ?s ?p '''\n#''' . SERVICE {e} {{ ?a ?b ?c }} }}",
        # nested anywhere
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE {e} {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE {e} {{ ?a ?b ?c }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE {e} {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE {e} {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE {e} {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE {e} {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE {e} {{ ?a ?b ?c }} }} }}",
        f"SELECT (EXISTS {{ SERVICE {e} {{ ?a ?b ?c }} }} AS ?x) WHERE {{ }}",
        f"ASK {{ SERVICE {e} {{ SERVICE <{host}other> {{ ?a ?b ?c }} }} }}",
        f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ SERVICE {e} {{ ?a ?b ?c }} }}",
        f"DESCRIBE ?a WHERE {{ SERVICE {e} {{ ?a ?b ?c }} }}",
        # a variable endpoint, relative ones
        f"SELECT * WHERE {{ VALUES ?e {{ {e} }} SERVICE ?e {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ BIND({e} AS ?e) SERVICE SILENT ?e {{ ?a ?b ?c }} }}",
        f"BASE <{host}> SELECT * WHERE {{ SERVICE <sparql> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ SERVICE <//127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} }}",
        # the dataset and updates
        f"SELECT * FROM {e} WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED {e} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{host}> ASK FROM r:data.ttl {{ ?s ?p ?o }}",
        f"LOAD {e}",
        f"LOAD SILENT {e} INTO GRAPH <urn:g>",
        f"ADD {e} TO <urn:g>",
        f"COPY {e} TO DEFAULT",
        f"MOVE {e} TO <urn:g>",
        f"SELECT * WHERE {{ ?s ?p ?o }} ; LOAD {e}",
    ]


def test_every_escape_form_is_refused_and_makes_no_connection(client, listener):
    for query in hostile(listener.port):
        for response in (
            client.post("/sparql", data={"query": query}),
            client.post("/sparql", data=query.encode(), content_type="application/sparql-query"),
        ):
            assert response.status_code in (400, 403), (query, response.status_code, response.data)
            assert response.mimetype == "text/plain"
        assert client.post("/sparql", data={"update": query}).status_code == 403
    time.sleep(0.5)
    assert listener.connections == 0


def test_refusals_say_why(client, listener):
    e = f"<http://127.0.0.1:{listener.port}/sparql>"
    r = client.post("/sparql", data={"query": f"SELECT * WHERE {{ SERVICE {e} {{ ?s ?p ?o }} }}"})
    assert r.status_code == 403 and b"allow-list" in r.data
    r = client.post("/sparql", data={"query": "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"})
    assert r.status_code == 403 and b"SERVICE ?x" in r.data
    r = client.post("/sparql", data={"query": f"LOAD {e}"})
    assert r.status_code == 403 and b"read-only" in r.data
    r = client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p "})
    assert r.status_code == 400 and b"malformed" in r.data


def test_worker_has_no_route_out_even_past_the_policy(listener):
    """The second wall: a query the policy never saw still cannot reach the listener."""
    store = EmbeddedStore(workers=1, base_iri=BASE)
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(QueryError, match="denied"):
            store.query(query, 5)
        silent = store.query(query.replace("SERVICE", "SERVICE SILENT"), 5)  # no error, no data
        assert not any(json.loads(silent.body)["results"]["bindings"][0].values())
    finally:
        store.close()
    time.sleep(0.5)
    assert listener.connections == 0


def test_guarded_worker_reaches_only_the_allowed_endpoint(monkeypatch):
    """A federated query's worker connects only where the policy allowed, whatever the query says."""
    import server.store.embedded as embedded

    allowed, other = Listener(), Listener()
    allowed_iri = f"http://127.0.0.1:{allowed.port}/sparql"
    monkeypatch.setattr(
        embedded,
        "check",
        lambda text, policy, known=None: QueryPlan(form="solutions", services=[allowed_iri]),
    )
    store = EmbeddedStore(workers=1, base_iri=BASE)
    query = (
        f"SELECT * WHERE {{ {{ SERVICE SILENT <{allowed_iri}> {{ ?s ?p ?o }} }} UNION "
        f"{{ SERVICE SILENT <http://127.0.0.1:{other.port}/sparql> {{ ?s ?p ?o }} }} }}"
    )
    try:
        store.query(query, 5, formats={"solutions": "application/sparql-results+json"}, policy=Policy())
    except QueryError:
        pass  # the allowed listener is no SPARQL endpoint: what matters is who was contacted
    finally:
        store.close()
        allowed.close()
        other.close()
    assert allowed.connections >= 1
    assert other.connections == 0


DOUBLING = 'SELECT (STRLEN(?x{n}) AS ?len) ?x{n} WHERE {{ BIND("0123456789" AS ?x0) {binds} }}'


def doubling(times: int, select_value: bool = True) -> str:
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(times))
    query = DOUBLING.format(n=times, binds=binds)
    return query if select_value else query.replace(f" ?x{times} WHERE", " WHERE")


@pytest.fixture(scope="module")
def bounded(tmp_path_factory):
    application = create_app(
        {
            "testing": True,
            "load_examples": False,
            "load_vocabulary": False,
            "query_timeout": 10,
            "query_memory_mb": 256,
            "max_result_bytes": 1 << 20,
        }
    )
    yield application.test_client()
    application.extensions["juesuan.store"].close()


def test_a_doubling_string_is_stopped_by_the_worker_memory_limit(bounded):
    started = time.monotonic()
    r = bounded.post("/sparql", data={"query": doubling(26, select_value=False)})
    assert r.status_code == 503, r.data
    assert b"memory" in r.data and b"256 MB" in r.data
    assert "Retry-After" in r.headers
    assert time.monotonic() - started < 10  # stopped by the limit, not by the clock
    # the pool recovers
    ok = bounded.post("/sparql", data={"query": doubling(4, select_value=False)})
    assert ok.status_code == 200 and json.loads(ok.data)["results"]["bindings"][0]["len"]["value"] == "160"


def test_results_over_the_byte_cap_are_413(bounded):
    r = bounded.post("/sparql", data={"query": doubling(17)})  # a 1.3 MB value
    assert r.status_code == 413, r.data
    assert b"larger than the limit" in r.data
    r = bounded.post("/sparql", data={"query": doubling(16)}, headers={"Accept": "text/csv"})  # 655 kB
    assert r.status_code == 200 and len(r.data) > 600_000


# ----------------------------------------------------------------------------------- paths, bodies
def raw_path(client, path: bytes, raw: str | None = None):
    """A request whose path is the given bytes (as a WSGI server hands them: latin-1 text)."""
    text = path.decode("latin-1")
    return client.get(
        "/",
        environ_overrides={
            "PATH_INFO": text,
            "RAW_URI": raw if raw is not None else text,
            "REQUEST_URI": text,
        },
        headers={"Accept": "text/turtle"},
    )


@pytest.mark.parametrize(
    "path",
    [
        "/id/测试".encode(),
        "/id/a\u2028b".encode(),
        "/page/report/测试\u2028/x/2022/final".encode(),
        "/id/测试".encode().decode("latin-1").encode(),  # what the development server hands on (mojibake)
        b"/id/\xff\xfe",
        b"/id/a\x00b",
        b"/id/a\x85b",
        "/id/\ufffd".encode(),
        "/id/\ue000".encode(),
        "/page/org/\U000e0001".encode(),
        b"/sparql/\xe6",
    ],
)
def test_raw_bytes_in_the_path_are_400_or_404(client, path):
    r = raw_path(client, path)
    assert r.status_code in (400, 404), (path, r.status_code, r.data[:300])


@pytest.mark.parametrize("path", ["/id/%zz", "/id/a%2", "/id/%E6%B5%", "/page/report/%G0/x/2022/final"])
def test_invalid_percent_encoding_is_400(client, path):
    r = raw_path(client, path.encode(), raw=path)
    assert r.status_code == 400 and b"percent-encoding" in r.data


def test_valid_paths_still_resolve(client):
    r = client.get(
        "/id/report/511102/%E6%B5%8B%E8%AF%95%E5%B1%80/2022/final", headers={"Accept": "text/turtle"}
    )
    assert r.status_code == 200
    r = raw_path(client, "/id/report/511102/测试局/2022/final".encode())
    assert r.status_code == 200


def test_chunked_body_over_the_limit_is_413(client):
    limit = 256 * 1024

    def chunked(size: int):
        return client.post(
            "/sparql",
            input_stream=io.BytesIO(b"ASK { }" + b" " * (size - 7)),
            headers={"Transfer-Encoding": "chunked", "Content-Type": "application/sparql-query"},
            environ_overrides={"wsgi.input_terminated": True},
        )

    r = chunked(limit + 10)
    assert r.status_code == 413, r.data
    r = chunked(1000)
    assert r.status_code == 200 and json.loads(r.data)["boolean"] is True
