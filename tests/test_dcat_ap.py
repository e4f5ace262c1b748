"""The catalogue (/catalog) against the official DCAT-AP 3.0.1 SHACL shapes (../shared/dcat-ap/3.0.1):
no result at all from the mandatory and the recommended shapes; from the controlled-vocabulary shapes
only what cannot be met truthfully (see the README, "Harvesting"). And every distribution says the
truth: its size and checksum are those of the bytes it downloads."""

from __future__ import annotations

import hashlib
from collections import Counter

import pyoxigraph as ox
import pytest
from conftest import SAMPLE, shared_path
from rdflib import Graph, URIRef

from server.app import create_app

BASE = "http://127.0.0.1:5000/"
REPORT = BASE + "id/report/511102/乐山市市中区经济和信息化局/2022/final"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def app():
    application = create_app({"testing": True, "inputs": [str(SAMPLE)], "query_workers": 1})
    yield application
    application.extensions["juesuan.store"].close()


@pytest.fixture(scope="module")
def catalogue(app) -> Graph:
    r = app.test_client().get("/catalog", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    return Graph().parse(data=r.data.decode("utf-8"), format="turtle")


def results(data: Graph, shapes_file: str) -> list[tuple[str, str, str, str]]:
    """Top-level validation results: (severity, path, constraint component, value)."""
    from pyshacl import validate

    shapes = Graph().parse(shared_path("dcat-ap", "3.0.1", shapes_file), format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, advanced=True)
    rows = report.query(
        """SELECT ?sev ?path ?comp ?value WHERE { ?report sh:result ?r . ?r sh:resultSeverity ?sev ;
           sh:sourceConstraintComponent ?comp . OPTIONAL { ?r sh:resultPath ?path } OPTIONAL { ?r sh:value ?value } }""",
        initNs={"sh": SH},
    )
    return [
        (str(r.sev)[len(SH) :], str(r.path or ""), str(r.comp)[len(SH) :], str(r.value or "")) for r in rows
    ]


@pytest.mark.parametrize("shapes", ["shapes.ttl", "shapes_recommended.ttl"])
def test_mandatory_and_recommended_shapes_pass(catalogue, shapes):
    assert results(catalogue, shapes) == []


def test_controlled_vocabularies(catalogue):
    found = results(catalogue, "mdr-vocabularies.shape.ttl")
    counts = Counter((sev, path.rsplit("/", 1)[-1].rsplit("#", 1)[-1]) for sev, path, _, _ in found)
    # file types, languages, themes, availability, media types: all from the EU vocabularies
    assert not {p for s, p in counts if s == "Violation"} - {"algorithm"}
    # the only Violation is the shapes' own pattern "^https://spdx.org/rdf/terms", which the SPDX
    # namespace (http://spdx.org/rdf/terms#) cannot match: the canonical IRI is kept
    for sev, path, _, value in found:
        if sev == "Violation":
            assert path == SPDX + "algorithm" and value == SPDX + "checksumAlgorithm_sha256"
    # Warnings: a Chinese department is in no EU corporate-body list, a county in no EU place list
    assert {p for s, p in counts if s == "Warning"} <= {"publisher", "spatial"}
    for sev, path, _, value in found:
        if sev == "Warning" and path.endswith("spatial"):
            assert value.startswith(BASE + "id/region/")


def test_what_the_issue_asked_for(catalogue):
    cat = URIRef(BASE + "catalog")
    everything = URIRef(BASE + "catalog#all")
    objects = lambda s, p: set(catalogue.objects(URIRef(s), URIRef(p)))  # noqa: E731
    assert URIRef("https://semiceu.github.io/DCAT-AP/releases/3.0.1/") in objects(cat, DCT + "conformsTo")
    for prop in ("description", "publisher", "language", "modified", "issued", "spatial", "license"):
        assert objects(cat, DCT + prop), prop
    assert objects(cat, DCAT + "themeTaxonomy")
    assert {URIRef(REPORT), everything} <= objects(cat, DCAT + "dataset")
    # all.nq.gz hangs off the corpus dataset, not the catalogue
    assert not objects(cat, DCAT + "distribution")
    assert URIRef(BASE + "dumps/all.nq.gz") in objects(everything, DCAT + "distribution")
    for ds in (REPORT, everything):
        for prop in ("title", "description", "publisher", "temporal", "spatial"):
            assert objects(ds, DCT + prop), (ds, prop)
        for prop in ("contactPoint", "theme", "keyword", "distribution"):
            assert objects(ds, DCAT + prop), (ds, prop)
    service = BASE + "sparql"
    assert objects(service, DCT + "title") and objects(service, DCAT + "endpointURL") == {URIRef(service)}


def test_distributions_size_and_checksum_are_the_bytes(app, catalogue):
    client = app.test_client()
    distributions = set(catalogue.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                           URIRef(DCAT + "Distribution")))  # fmt: skip
    dumps = [d for d in distributions if "/dumps/" in str(d)]
    assert len(dumps) == 3  # all.nq.gz, the report's .ttl and .nt.gz
    for d in dumps:
        size = int(next(catalogue.objects(d, URIRef(DCAT + "byteSize"))))
        checksum = next(catalogue.objects(d, URIRef(SPDX + "checksum")))
        value = str(next(catalogue.objects(checksum, URIRef(SPDX + "checksumValue"))))
        urls = {str(u) for u in catalogue.objects(d, URIRef(DCAT + "downloadURL"))}
        assert len(urls) == 2  # the stable name and the content-addressed copy
        for url in urls:
            r = client.get(url[len(BASE) - 1 :])
            assert r.status_code == 200, url
            assert len(r.data) == size and hashlib.sha256(r.data).hexdigest() == value
        parsed = r.data
        if str(d).endswith(".gz"):
            import gzip

            parsed = gzip.decompress(parsed)
        fmt = {"nq.gz": ox.RdfFormat.N_QUADS, "nt.gz": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}
        assert list(ox.parse(parsed, format=next(v for k, v in fmt.items() if str(d).endswith(k))))
