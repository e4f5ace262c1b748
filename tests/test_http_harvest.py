"""HTTP for harvesters: Cache-Control on every response, byte ranges on dumps, HEAD on /sparql, CORS
preflight on every resource, exposed headers, robots.txt, a sitemap with the pages, and a report IRI
served as its named graph (TriG, N-Quads)."""

from __future__ import annotations

import gzip
import hashlib
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from test_server_fixtures import BASE, REPORT, STORES, server_app

pytest_plugins = ["_services"]
REPORT_PATH = "/id/report/511102/测试局/2022/final"
DUMP = "/dumps/report/511102/测试局/2022/final.ttl"


@pytest.fixture(scope="module", params=["memory"])
def app(request, tmp_path_factory):
    yield from server_app(request, tmp_path_factory)


@pytest.fixture(scope="module", params=STORES)
def any_store_app(request, tmp_path_factory):
    yield from server_app(request, tmp_path_factory)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.mark.parametrize(
    "path, headers, expected",
    [
        ("/", {"Accept": "text/html"}, "public, max-age=300"),
        ("/page/", {}, "public, max-age=300"),
        (REPORT_PATH, {"Accept": "text/turtle"}, "public, max-age=300"),
        ("/catalog", {"Accept": "text/turtle"}, "public, max-age=300"),
        ("/dumps/all.nq.gz", {}, "public, max-age=300"),
        (
            "/sparql?query=" + quote("ASK {}"),
            {"Accept": "application/sparql-results+json"},
            "public, max-age=60",
        ),
        ("/static/pages.css", {}, "public, max-age=86400"),
        ("/id/nothing/here", {"Accept": "text/turtle"}, "no-cache"),
        ("/robots.txt", {}, "public, max-age=300"),
    ],
)
def test_cache_control_everywhere(client, path, headers, expected):
    r = client.get(path, headers=headers)
    assert r.headers.get("Cache-Control") == expected, (path, r.status_code)


def test_language_cookie_is_private(client):
    r = client.get("/page/?lang=en")
    assert "Set-Cookie" in r.headers and r.headers["Cache-Control"] == "private, no-cache"


def test_content_addressed_dump_is_immutable_and_ranges(client):
    whole = client.get(DUMP)
    sha = hashlib.sha256(whole.data).hexdigest()
    assert whole.headers["ETag"] == f'"{sha}"' and whole.headers["Accept-Ranges"] == "bytes"
    link = whole.headers["Link"]
    assert f"/dumps/sha256/{sha}/" in link and 'rel="duplicate"' in link
    copy = client.get(f"/dumps/sha256/{sha}/report/511102/{quote('测试局')}/2022/final.ttl")
    assert copy.status_code == 200 and copy.data == whole.data
    assert copy.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (
        client.get(f"/dumps/sha256/{'0' * 64}/report/511102/{quote('测试局')}/2022/final.ttl").status_code
        == 404
    )
    part = client.get(DUMP, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.data == whole.data[10:20]
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(whole.data)}"
    gz = client.get("/dumps/all.nq.gz")
    tail = client.get("/dumps/all.nq.gz", headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.data == gz.data[-100:]
    assert gzip.decompress(gz.data)
    stale = client.get("/dumps/all.nq.gz", headers={"Range": "bytes=0-9", "If-Range": '"not-this"'})
    assert stale.status_code == 200 and stale.data == gz.data  # If-Range mismatch: the whole file
    assert client.get(DUMP, headers={"Range": f"bytes={len(whole.data) + 10}-"}).status_code == 416


def test_head_on_sparql(client):
    r = client.head("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.data == b""
    r = client.head("/sparql?query=" + quote("ASK {}"), headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/sparql-results+json")


@pytest.mark.parametrize("path", ["/sparql", REPORT_PATH, "/page/", "/catalog", "/dumps/all.nq.gz", "/"])
def test_cors_preflight_everywhere(client, path):
    r = client.options(
        path,
        headers={
            "Origin": "https://portal.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Accept, Range",
        },
    )
    assert r.status_code in (200, 204)
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in r.headers["Access-Control-Allow-Methods"]
    allowed = {h.strip().lower() for h in r.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"accept", "range", "content-type"} <= allowed
    if path == "/sparql":
        assert "POST" in r.headers["Access-Control-Allow-Methods"]


def test_custom_headers_exposed(client, app):
    app.config["JUESUAN"].max_result_rows = 2
    try:
        r = client.get(
            "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 5"),
            headers={"Accept": "application/sparql-results+json"},
        )
    finally:
        app.config["JUESUAN"].max_result_rows = 10_000
    assert "Juesuan-Results-Truncated" in r.headers
    exposed = {h.strip() for h in r.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"Juesuan-Results-Truncated", "ETag", "Link", "Content-Range"} <= exposed


def test_robots_and_sitemap_with_pages(client):
    robots = client.get("/robots.txt")
    assert robots.mimetype == "text/plain"
    text = robots.data.decode()
    assert "User-agent: *" in text and f"Sitemap: {BASE}sitemap.xml" in text and "Disallow: /sparql?" in text
    sitemap = client.get("/sitemap.xml").data.decode()
    page = BASE + "page/report/511102/" + quote("测试局") + "/2022/final"
    assert f"<loc>{page}</loc>" in sitemap
    assert f"<loc>{BASE}page/org/511102/{quote('测试局')}</loc>" in sitemap
    assert f"<loc>{BASE}page/</loc>" in sitemap
    assert f"<loc>{BASE}id/report/511102/{quote('测试局')}/2022/final</loc>" in sitemap


def test_report_iri_as_trig_and_nquads(any_store_app):
    client = any_store_app.test_client()
    graph_size = any_store_app.extensions["juesuan.store"].graphs()[REPORT]
    for how, media in (
        ({"Accept": "application/trig"}, "application/trig"),
        ({"Accept": "application/n-quads"}, "application/n-quads"),
    ):
        r = client.get(REPORT_PATH, headers=how)
        assert r.status_code == 200 and r.mimetype == media
        fmt = ox.RdfFormat.TRIG if media.endswith("trig") else ox.RdfFormat.N_QUADS
        quads = list(ox.parse(r.data, format=fmt))
        assert len(quads) == graph_size and {q.graph_name for q in quads} == {ox.NamedNode(REPORT)}
        assert "Accept" in r.headers["Vary"]
    for ext, fmt in (("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS)):
        r = client.get(f"{REPORT_PATH}.{ext}")
        assert r.status_code == 200
        assert len(list(ox.parse(r.data, format=fmt))) == graph_size
    # a resource that is not a graph keeps its five formats
    obs = REPORT_PATH + "/obs/total/level"
    assert client.get(obs, headers={"Accept": "application/trig"}).status_code == 406
    assert client.get(obs, headers={"Accept": "text/turtle"}).status_code == 200
