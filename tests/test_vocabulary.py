"""The SKOS vocabularies (ontology/vocab/*.ttl): build, determinism, walks, mapping, SHACL."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from converter.uris import DEFAULT_BASE, UriBuilder
from converter.vocabulary.build import build_all

ROOT = Path(__file__).resolve().parents[1]
VOCAB = ROOT / "ontology" / "vocab"
SHAPES = ROOT / "shapes" / "skos.ttl"
FILES = ("cofog.ttl", "economic.ttl", "function-cofog.ttl", "function.ttl", "meta.ttl", "region.ttl")
U = UriBuilder(DEFAULT_BASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("vocab")
    counts = build_all(DEFAULT_BASE, out)
    assert sorted(counts) == sorted(FILES)
    assert all(n > 0 for n in counts.values())
    return out


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    g = Graph()
    for name in FILES:
        g.parse(built / name, format="turtle")
    return g


def test_build_is_deterministic(built, tmp_path):
    build_all(DEFAULT_BASE, tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


def test_committed_files_are_up_to_date(built):
    for name in FILES:
        committed = VOCAB / name
        assert committed.exists(), f"{name} not generated; run python -m converter.vocabulary.build"
        assert committed.read_bytes() == (built / name).read_bytes(), (
            f"ontology/vocab/{name} is stale; run python -m converter.vocabulary.build"
        )


def test_files_parse_and_have_generated_header(built):
    total = 0
    for name in FILES:
        text = (built / name).read_text(encoding="utf-8")
        assert text.startswith("# "), name
        assert "GENERATED FILE" in text.split("@prefix", 1)[0], name
        assert "python -m converter.vocabulary.build" in text.split("@prefix", 1)[0], name
        # no path of the machine that built it: neither this checkout nor the build folder
        for machine_path in (str(Path(__file__).resolve().parents[1]), str(built)):
            assert machine_path not in text, f"machine path in {name}"
        total += len(Graph().parse(data=text, format="turtle"))
        assert (built / name).stat().st_size < 4_000_000, name
    assert total > 50_000


def test_other_base(tmp_path):
    build_all("http://example.org/juesuan", tmp_path)
    g = Graph().parse(tmp_path / "function.ttl")
    fn = URIRef("http://example.org/juesuan/id/function/2011301")
    assert (fn, SKOS.broader, URIRef("http://example.org/juesuan/id/function/20113")) in g
    assert "127.0.0.1" not in (tmp_path / "region.ttl").read_text(encoding="utf-8")


def test_function_walk_to_cofog(graph):
    query = """
        SELECT ?kuan ?lei ?cofog ?label WHERE {
            ?xiang skos:notation "2011301" ; skos:inScheme ?scheme ; skos:broader ?kuan .
            ?kuan skos:broader ?lei .
            ?lei skos:closeMatch|skos:broadMatch ?cofog .
            ?cofog skos:prefLabel ?label . FILTER(lang(?label) = "en")
            FILTER(?scheme = ?function)
        }"""
    rows = list(graph.query(query, initNs={"skos": SKOS}, initBindings={"function": U.scheme("function")}))
    assert len(rows) == 1
    kuan, lei, cofog, label = rows[0]
    assert kuan == U.function_concept("20113")
    assert lei == U.function_concept("201")
    assert cofog == U.cofog("01")
    assert str(label) == "General public services"
    # the COFOG concept is linked to the CSIRO SKOS edition
    assert (cofog, SKOS.exactMatch, URIRef("http://linked.data.gov.au/def/cofog/01")) in graph


def test_function_concept_content(graph):
    fn = U.function_concept("2011301")
    assert graph.value(fn, SKOS.prefLabel) == Literal("行政运行", lang="zh")
    assert (fn, SKOS.inScheme, U.scheme("function")) in graph
    assert (U.function_concept("201"), SKOS.topConceptOf, U.scheme("function")) in graph
    fiscal = U.term
    # every concept has a source and a verification status
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        if str(concept).startswith(U.base + "id/"):  # not the status code lists of meta.ttl
            assert graph.value(concept, fiscal("verificationStatus")) is not None, concept
            assert graph.value(concept, URIRef("http://purl.org/dc/terms/source")) is not None, concept
    # edition concepts: years, exactMatch to the edition-independent concept
    seed = URIRef(f"{U.scheme('function-2019-2024')}/2011301")
    assert (seed, SKOS.exactMatch, fn) in graph
    assert str(graph.value(seed, fiscal("firstYear"))) == "2019"
    assert str(graph.value(URIRef(f"{U.scheme('function-2019-2024')}/234"), fiscal("lastYear"))) == "2021"
    # re-used code: legacy 216 is not linked to the current 216
    legacy216 = URIRef(f"{U.scheme('function-legacy-2009-2011')}/216")
    assert graph.value(legacy216, SKOS.exactMatch) is None
    assert graph.value(legacy216, SKOS.closeMatch) is None
    # unverified rows are flagged
    recalled = URIRef(f"{U.scheme('function-2019-2024')}/224")
    assert graph.value(recalled, fiscal("verificationStatus")) == U.code("verification", "unverified")
    assert any("UNVERIFIED" in str(n) for n in graph.objects(recalled, SKOS.editorialNote))
    # scheme provenance: the CSV with its sha256
    source = graph.value(U.scheme("function-2019-2024"), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert str(source).startswith("ni:///sha-256;")
    assert len(str(graph.value(source, fiscal("sha256")))) == 64


def test_economic_schemes(graph):
    assert (U.economic_concept("30101"), SKOS.inScheme, U.scheme("economic-dept")) in graph
    assert (U.economic_concept("50101"), SKOS.inScheme, U.scheme("economic-gov")) in graph
    assert (U.economic_concept("50101"), SKOS.broader, U.economic_concept("501")) in graph
    # converter.emit puts economic codes in {base}id/scheme/economic: the umbrella of both
    assert (U.economic_concept("30101"), SKOS.inScheme, U.scheme("economic")) in graph
    assert (U.economic_concept("50101"), SKOS.inScheme, U.scheme("economic")) in graph
    legacy311 = URIRef(f"{U.scheme('economic-legacy-pre2018')}/311")
    assert graph.value(legacy311, SKOS.prefLabel) == Literal("贷款转贷及产权参股", lang="zh")
    assert graph.value(legacy311, SKOS.exactMatch) is None


def test_region_walk(graph):
    query = """
        SELECT ?city ?province WHERE {
            ?county skos:notation "511102" ; skos:inScheme ?region ; skos:broader ?city .
            ?city skos:broader ?province .
            ?province skos:topConceptOf ?region .
        }"""
    rows = list(graph.query(query, initNs={"skos": SKOS}, initBindings={"region": U.scheme("region")}))
    assert rows == [(U.region("511100"), U.region("510000"))]
    assert graph.value(U.region("510000"), SKOS.prefLabel) == Literal("四川省", lang="zh")


def test_region_name_is_ambiguous(graph):
    shizhong = list(graph.subjects(SKOS.prefLabel, Literal("市中区", lang="zh")))
    assert len(shizhong) >= 2
    assert len({graph.value(c, SKOS.broader) for c in shizhong}) == len(shizhong)


def test_region_statistical_codes_marked(graph):
    zone = U.region("130171")
    assert graph.value(zone, U.term("regionCodeStatus")) == U.code("region-code", "nbs-statistical-zone")
    assert (zone, SKOS.inScheme, U.scheme("region-mca-2020")) not in graph
    assert graph.value(U.region("511102"), U.term("regionCodeStatus")) == U.code("region-code", "in-mca-2020")


def test_mapping_rows(graph):
    with (VOCAB / "cofog_mapping.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["function_code", "cofog_code", "relation", "rationale"]
    seed_classes = set()
    with (VOCAB / "sources" / "function_classification_seed_unverified.csv").open(encoding="utf-8") as handle:
        seed_classes = {r["code"] for r in csv.DictReader(handle) if r["level"] == "1"}
    mapped = {r["function_code"] for r in rows}
    assert seed_classes <= mapped, seed_classes - mapped
    for row in rows:
        assert row["rationale"].strip(), row
        assert row["relation"] in {"closeMatch", "broadMatch", "narrowMatch"}, row
        fn, cofog = U.function_concept(row["function_code"]), U.cofog(row["cofog_code"])
        assert (fn, RDF.type, SKOS.Concept) in graph, row
        assert (cofog, RDF.type, SKOS.Concept) in graph, row
        assert (fn, SKOS[row["relation"]], cofog) in graph, row
    assert len({(r["function_code"], r["cofog_code"]) for r in rows}) == len(rows)


def test_notation_unique_within_scheme(graph):
    counts = Counter(
        (scheme, str(notation))
        for concept in graph.subjects(RDF.type, SKOS.Concept)
        for scheme in graph.objects(concept, SKOS.inScheme)
        for notation in graph.objects(concept, SKOS.notation)
    )
    assert [k for k, n in counts.items() if n > 1] == []


def shacl(data: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(data, shacl_graph=Graph().parse(SHAPES), advanced=True)
    return conforms, text


def test_vocabulary_passes_shapes(graph):
    conforms, text = shacl(graph)
    assert conforms, text[:3000]


VALID = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
ex:s a skos:ConceptScheme ; skos:prefLabel "s"@en .
ex:a a skos:Concept ; skos:inScheme ex:s ; skos:notation "1" ; skos:prefLabel "甲"@zh ; skos:topConceptOf ex:s .
ex:b a skos:Concept ; skos:inScheme ex:s ; skos:notation "2" ; skos:prefLabel "乙"@zh ; skos:broader ex:a .
"""


def test_small_valid_graph_passes_shapes():
    conforms, text = shacl(Graph().parse(data=VALID, format="turtle"))
    assert conforms, text


@pytest.mark.parametrize(
    "extra, expected",
    [
        ("ex:a skos:broader ex:b .", "cycle"),
        (
            'ex:c a skos:Concept ; skos:inScheme ex:s ; skos:notation "1" ; skos:prefLabel "丙"@zh .',
            "Notation 1",
        ),
        ('ex:b skos:prefLabel "丁"@zh .', "prefLabel"),
        ('ex:c a skos:Concept ; skos:notation "3" ; skos:prefLabel "丙"@zh .', "inScheme"),
        ('ex:c a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "丙"@zh .', "notation"),
    ],
)
def test_broken_graph_fails_shapes(extra, expected):
    conforms, text = shacl(Graph().parse(data=VALID + extra, format="turtle"))
    assert not conforms
    assert expected in text
