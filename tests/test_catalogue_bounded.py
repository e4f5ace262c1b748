"""/catalog measures at most ``catalogue_digest_budget`` triples of dumps in one request (smallest first);
the other dumps are measured in the background and their size and checksum listed once known, never
before and never guessed. A catalogue still missing some says so (``Juesuan-Checksums-Pending``,
``Cache-Control: no-cache``); once complete, a harvester revalidating the incomplete one gets the new."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
from conftest import SAMPLE
from rdflib import Graph, URIRef

from server.app import create_app
from server.views import dumps

DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
BUDGET = 10_000  # the sample's report graph (7,199 triples) once; not twice, not the whole store


@pytest.fixture()
def app():
    application = create_app(
        {"testing": True, "inputs": [str(SAMPLE)], "query_workers": 1, "catalogue_digest_budget": BUDGET}
    )
    yield application
    application.extensions["juesuan.store"].close()


@pytest.fixture()
def written(monkeypatch) -> list[tuple[str, str]]:
    """(thread name, dump) of every dump serialised."""
    seen: list[tuple[str, str]] = []
    original = dumps._write

    def counting(name, out):
        seen.append((threading.current_thread().name, name))
        return original(name, out)

    monkeypatch.setattr(dumps, "_write", counting)
    return seen


def _sizes(data: bytes) -> dict[str, tuple[int, str]]:
    graph = Graph().parse(data=data.decode("utf-8"), format="turtle")
    out = {}
    for dist in graph.subjects(URIRef(DCAT + "byteSize"), None):
        size = int(graph.value(dist, URIRef(DCAT + "byteSize")))
        checksum = graph.value(dist, URIRef(SPDX + "checksum"))
        out[str(dist)] = (size, str(graph.value(checksum, URIRef(SPDX + "checksumValue"))))
    return out


def _wait_for_background(timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while any(t.name == "juesuan-dump-digests" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the dumps were not measured in the background"
        time.sleep(0.05)


def test_a_request_measures_only_its_budget(app, written):
    client = app.test_client()
    first = client.get("/catalog", headers={"Accept": "text/turtle"})
    assert first.status_code == 200
    in_request = [name for thread, name in written if thread == threading.current_thread().name]
    # the report's two dumps hold 7,199 triples each, the whole store some 93,000: only one fits
    assert len(in_request) == 1 and in_request[0].startswith("report/"), in_request
    assert first.headers["Juesuan-Checksums-Pending"] == "2"
    assert first.headers["Cache-Control"] == "no-cache"
    listed = _sizes(first.data)
    assert len(listed) == 1  # only what was measured

    _wait_for_background()
    background = [name for thread, name in written if thread == "juesuan-dump-digests"]
    assert sorted(background) == sorted({dumps.ALL, *_sizes_names(first)} - set(in_request))
    later = client.get("/catalog", headers={"Accept": "text/turtle", "If-None-Match": first.headers["ETag"]})
    assert later.status_code == 200  # not 304: the complete catalogue is another document
    assert "Juesuan-Checksums-Pending" not in later.headers
    complete = _sizes(later.data)
    assert len(complete) == 3 and listed.items() <= complete.items()
    for url, (size, sha) in complete.items():
        data = client.get(url.replace("http://127.0.0.1:5000", "")).data
        assert (len(data), hashlib.sha256(data).hexdigest()) == (size, sha), url


def _sizes_names(response) -> set[str]:
    """The report dumps a catalogue lists (measured or not)."""
    graph = Graph().parse(data=response.data.decode("utf-8"), format="turtle")
    prefix = "http://127.0.0.1:5000/dumps/"
    return {
        str(d)[len(prefix) :]
        for d in graph.objects(None, URIRef(DCAT + "distribution"))
        if str(d).startswith(prefix + "report/")
    }


def test_every_dump_measured_once_per_data_version(app, written):
    client = app.test_client()
    client.get("/catalog", headers={"Accept": "text/turtle"})
    _wait_for_background()
    for _ in range(3):
        assert "Juesuan-Checksums-Pending" not in client.get("/catalog").headers
    names = [name for _, name in written]
    assert sorted(names) == sorted(set(names)) and len(names) == 3
