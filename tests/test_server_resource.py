"""Dereferencing: the conneg matrix, 200 + Content-Location, extensions, 404/406, paging, escaping,
conditional GET, CORS."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from test_server_fixtures import BASE, OBSERVATIONS, REPORT, STORES, server_app

from server.rdfout import context_document
from server.views.common import canonical_path

pytest_plugins = ["_services"]

RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
EXT = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
    "text/html": "html",
}

KINDS = {  # kind of resource -> (IRI, an IRI its description must mention)
    "report": (REPORT, BASE + "id/org/511102/测试局"),
    "observation": (REPORT + "/obs/total/level", REPORT),
    "organisation": (BASE + "id/org/511102/测试局", BASE + "id/org/511102/测试局"),
    "function": (BASE + "id/function/201", BASE + "id/function/201"),
    "ontology": (BASE + "def/fiscal", BASE + "def/fiscal#Report"),
    "region": (BASE + "id/region/511102", BASE + "id/region/511102"),
}


@pytest.fixture(scope="module", params=STORES)
def app(request, tmp_path_factory):
    yield from server_app(request, tmp_path_factory, query_workers=1)


@pytest.fixture()
def client(app):
    return app.test_client()


def path_of(iri: str) -> str:
    """The request path a browser sends: UTF-8 percent-encoded, reserved escapes kept."""
    return quote(iri[len(BASE) - 1 :], safe="/%")


def parse(body: bytes, media: str, base: str = BASE) -> set:
    if media == "application/ld+json":  # the published context, inline (the parser fetches nothing)
        assert json.loads(body)["@context"] == context_document(BASE)["@context"]
    return {q.triple for q in ox.parse(body, format=RDF_TYPES[media], base_iri=base)}


@pytest.mark.parametrize("media", [*RDF_TYPES, "text/html"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_conneg_matrix(client, kind, media):
    iri, mentioned = KINDS[kind]
    response = client.get(path_of(iri), headers={"Accept": media})
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == media
    # the HTML also follows the reader's language (a cookie): it varies by Cookie as well
    assert response.headers["Vary"] == ("Accept, Cookie" if media == "text/html" else "Accept")
    assert response.headers["Content-Location"].endswith("." + EXT[media])
    assert response.headers["Content-Location"].startswith(path_of(iri))
    links = response.headers["Link"]
    for other in EXT:
        assert f'rel="alternate"; type="{other}"' in links
    if media == "text/html":
        text = response.data.decode()
        assert '<script type="application/ld+json">' in text
        assert 'rel="alternate" type="text/turtle"' in text
        assert "Content-Security-Policy" in response.headers
        return
    triples = parse(response.data, media)
    mentioned_terms = {t.subject.value for t in triples} | {
        t.object.value for t in triples if isinstance(t.object, ox.NamedNode)
    }
    assert iri in mentioned_terms or (kind == "ontology")
    assert mentioned in mentioned_terms


@pytest.mark.parametrize("media", [*RDF_TYPES, "text/html"])
def test_extension_overrides_accept(client, media):
    response = client.get(path_of(REPORT) + "." + EXT[media], headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == media


def test_q_values_choose(client):
    accept = "text/html;q=0.5, application/rdf+xml;q=0.2, text/turtle;q=0.9, */*;q=0.1"
    assert client.get(path_of(REPORT), headers={"Accept": accept}).mimetype == "text/turtle"
    accept = "text/turtle;q=0.4, application/ld+json"
    assert client.get(path_of(REPORT), headers={"Accept": accept}).mimetype == "application/ld+json"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get(path_of(REPORT), headers={"Accept": browser}).mimetype == "text/html"
    assert client.get(path_of(REPORT), headers={"Accept": "text/turtle;q=0"}).status_code == 406


def test_406_for_unsupported(client):
    response = client.get(path_of(REPORT), headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.mimetype == "text/plain"
    assert "text/turtle" in response.data.decode()


def test_direct_200_not_303(client):
    """The design serves descriptions directly (200 + Content-Location), no 303 round trip."""
    response = client.get(path_of(REPORT), headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert "Location" not in response.headers


def test_hash_iri_dereferences_through_document(client):
    response = client.get("/def/fiscal", headers={"Accept": "text/turtle"})
    triples = parse(response.data, "text/turtle")
    subjects = {t.subject.value for t in triples}
    assert BASE + "def/fiscal#Report" in subjects and BASE + "def/fiscal#amount" in subjects


def test_unknown_iri_404_helpful(client):
    response = client.get(path_of(BASE + "id/org/511102/不存在"), headers={"Accept": "text/html"})
    assert response.status_code == 404
    text = response.data.decode()
    assert "/sparql" in text and "不存在" in text
    plain = client.get("/id/nothing/here", headers={"Accept": "text/turtle"})
    assert plain.status_code == 404 and plain.mimetype == "text/plain"


def test_percent_encoded_reserved_characters_survive(client):
    # the converter mints .../A%2FB局 (a slash inside a name): it must not become two segments
    response = client.get("/id/org/511102/A%2FB%E5%B1%80", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert f"<{BASE}id/org/511102/A%2FB局>".encode() in response.data
    assert client.get("/id/org/511102/A/B%E5%B1%80").status_code == 404


def test_canonical_path():
    assert canonical_path("/id/%E6%B5%8B%E8%AF%95") == "/id/测试"
    assert canonical_path("/id/a%2fb") == "/id/a%2Fb"
    assert canonical_path("/id/%28x%29") == "/id/(x)"
    assert canonical_path("/id/a%20b") == "/id/a%20b"
    assert canonical_path("/id/%FF") == "/id/%FF"


def test_large_resource_pages_its_links(client):
    first = client.get(path_of(REPORT), headers={"Accept": "application/n-triples"})
    incoming = [t for t in parse(first.data, "application/n-triples") if t.object.value == REPORT]
    assert 0 < len(incoming) <= 200
    assert len(first.data) < 200_000
    assert 'rel="next"' in first.headers["Link"]
    seen = set()
    page = 1
    while True:
        r = client.get(path_of(REPORT) + f"?page={page}", headers={"Accept": "application/n-triples"})
        assert r.status_code == 200
        seen |= {t.subject.value for t in parse(r.data, "application/n-triples") if t.object.value == REPORT}
        if 'rel="next"' not in r.headers["Link"]:
            break
        page += 1
    assert len(seen) == OBSERVATIONS + 1
    assert client.get(path_of(REPORT) + f"?page={page + 5}").status_code == 404


def test_script_in_literal_is_escaped(client):
    response = client.get(path_of(BASE + "id/org/511102/测试局"), headers={"Accept": "text/html"})
    text = response.data.decode()
    assert "<script>alert" not in text
    assert "&lt;/script&gt;&lt;script&gt;alert" in text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert any("alert" in json.dumps(node, ensure_ascii=False) for node in data["@graph"])
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp


def test_amounts_in_wan_yuan(client):
    response = client.get(path_of(REPORT + "/obs/total/level"), headers={"Accept": "text/html"})
    text = response.data.decode()
    assert "319.72 万元" in text and "3,197,200" in text
    assert "支出总计" in text


def test_labels_zh_with_en(client):
    text = client.get(path_of(REPORT), headers={"Accept": "text/html"}).data.decode()
    assert "测试局2022年度部门决算" in text and "Test bureau final accounts 2022" in text


def test_jsonld_uses_published_context(client):
    response = client.get(path_of(REPORT), headers={"Accept": "application/ld+json"})
    doc = json.loads(response.data)
    context = json.loads(client.get("/context.jsonld").data)["@context"]
    assert doc["@context"] == context  # the published context, embedded: parsing fetches nothing
    assert context["fiscal"] == BASE + "def/fiscal#"
    # the compacted document means the same triples as the expanded form
    triples = {q.triple for q in ox.parse(response.data, format=ox.RdfFormat.JSON_LD)}
    turtle = parse(client.get(path_of(REPORT), headers={"Accept": "text/turtle"}).data, "text/turtle")
    assert triples == turtle


def test_conditional_get(client):
    first = client.get(path_of(REPORT), headers={"Accept": "text/turtle"})
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = client.get(path_of(REPORT), headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    since = client.get(
        path_of(REPORT),
        headers={"Accept": "text/turtle", "If-Modified-Since": first.headers["Last-Modified"]},
    )
    assert since.status_code == 304
    other = client.get(path_of(REPORT), headers={"Accept": "application/n-triples", "If-None-Match": etag})
    assert other.status_code == 200


def test_cors(client):
    response = client.get(
        path_of(REPORT), headers={"Accept": "text/turtle", "Origin": "http://elsewhere.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
