"""The data layout around the report graphs: organisations stated once and added to, a code the national
lists lack still findable, the conversion's own provenance, the ontology's metadata, and a store of the
earlier layout detected and reloaded (tests/test_triples_once.py checks the sums over a four-report
corpus)."""

from __future__ import annotations

import copy
import dataclasses
import gc
import hashlib
import json
import re
from datetime import datetime
from importlib import metadata
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from conftest import SAMPLE
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from converter.emit import report_graph, report_graphs
from converter.resources import ontology_file
from converter.uris import DEFAULT_BASE, UriBuilder
from converter.versions import rules_version
from server.app import create_app, load_into
from server.config import Config
from server.load import load, loaded_sources
from server.store.embedded import EmbeddedStore
from server.store.layout import LayoutError, check_layout, outdated_reports
from server.store.loading import read_vocabulary

pytest_plugins = ["_services"]

URIS = UriBuilder()
F = Namespace(URIS.ontology_namespace)
ORG = Namespace("http://www.w3.org/ns/org#")
VANN = Namespace("http://purl.org/vocab/vann/")


def quads_of(dataset: Dataset) -> dict[str | None, list[ox.Triple]]:
    out: dict[str | None, list[ox.Triple]] = {}
    data = dataset.serialize(format="nquads")
    for q in ox.parse(data.encode() if isinstance(data, str) else data, format=ox.RdfFormat.N_QUADS):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        out.setdefault(name, []).append(q.triple)
    return out


# ----------------------------------------------------------------------------------- organisations
def test_the_report_graph_states_no_concept_region_or_organisation(sample_result):
    converted = sample_result.converted[0]
    g = converted.graph
    assert {URIS.home_graph(str(s)) for s in g.subjects()} == {str(converted.iri)}
    for concept in set(g.objects(None, F.functionalClassification)) - {F.notClassified}:
        assert (concept, None, None) not in g  # the vocabulary's alone
        attestation = g.value(None, F.attestsConcept, concept)
        assert g.value(attestation, F.attestedLabel) is not None
    org = g.value(converted.iri, F.organisation)
    assert (org, None, None) not in g
    own = sample_result.dataset.graph(org)
    assert (org, RDF.type, ORG.Organization) in own and (org, SKOS.prefLabel, None) in own
    assert (org, F.region, URIS.region("511102")) in own
    region = URIS.region("511102")
    assert not any((region, None, None) in h for h in sample_result.dataset.graphs())
    # what the report says of it that year, with the span its name was read from
    profile = g.value(converted.iri, F.organisationProfile)
    assert g.value(profile, PROV.specializationOf) == org
    span = g.value(profile, PROV.wasDerivedFrom)
    assert "乐山市市中区经济和信息化局" in "".join(str(g.value(span, F.sourceText)).split())
    assert len(list(g.objects(profile, F.responsibility))) >= 3
    unit = g.value(profile, F.subordinateUnit)
    sub = g.value(unit, PROV.specializationOf)
    assert (org, ORG.hasSubOrganization, sub) in own and g.value(unit, PROV.wasDerivedFrom) is not None


@pytest.mark.parametrize("kind", ["embedded", "oxigraph_server", "virtuoso"])
def test_an_organisation_graph_is_added_to_not_replaced(request, kind, tmp_path, sample_report):
    """Two years of one department: the second year's load keeps what only the first stated (a unit it
    listed then), and reloading a report never drops its organisation's facts."""
    from server.store.loading import write_graphs
    from server.store.remote import RemoteStore

    base = f"http://org-{kind}.test/"
    uris = UriBuilder(base)
    first = copy.deepcopy(sample_report)
    second = copy.deepcopy(sample_report)
    second.fiscal_year = 2023
    second.organisation.subordinate_units = []  # the second year lists no unit
    if kind == "embedded":
        store = EmbeddedStore(str(tmp_path / "s"), workers=1, base_iri=base, summary=True)
    else:
        service = request.getfixturevalue(kind)
        store = RemoteStore(**service.store_options(), base=base, refresh_seconds=0)
        store.drop_graphs(list(store.graphs()))
    for report in (first, second, first):
        _, graphs = report_graphs(report, uris)
        write_graphs(store, graphs, base)
    org = str(uris.organisation("511102", sample_report.organisation.name))
    unit = str(uris.organisation("511102", sample_report.organisation.subordinate_units[0].text))
    found = json.loads(store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{org}> {{ <{org}> ?p ?o }} }}", None).body)
    facts = {(b["p"]["value"], b["o"]["value"]) for b in found["results"]["bindings"]}
    assert (str(ORG.hasSubOrganization), unit) in facts
    assert len(facts) == 5  # type, prefLabel, rdfs:label, region, the unit: each once
    assert sum(uris.is_report_graph(g) for g in store.graphs()) == 2
    if kind == "embedded":  # the summary index follows the additions
        d = store.describe(org)
        assert len(d.outgoing) == 5
    else:
        store.drop_graphs(list(store.graphs()))
    store.close()
    del store
    gc.collect()


# ----------------------------------------------------------------------------------- a code the lists lack
def test_a_code_the_national_lists_lack_is_findable_and_labelled(sample_report):
    report = copy.deepcopy(sample_report)
    figure = next(f for f in report.figures if f.function and f.function.code == "2011301")
    figure.function = dataclasses.replace(
        figure.function, code="2011398", wording="火星探测支出", national_label=None
    )
    dataset = Dataset()
    iri, graph = report_graph(report, URIS, dataset)
    concept = URIS.function_concept("2011398")
    assert (concept, None, None) not in graph  # nothing minted about the concept itself
    attestation = graph.value(None, F.attestsConcept, concept)
    assert graph.value(attestation, F.verificationStatus) == URIS.code("verification", "provisional")
    assert str(graph.value(attestation, F.attestedCode)) == "2011398"
    store = EmbeddedStore(None, workers=1, base_iri=DEFAULT_BASE)
    store.replace_graphs(read_vocabulary(DEFAULT_BASE))
    store.replace_graphs(quads_of(dataset))
    client = create_app({"testing": True, "load_examples": False}, store=store).test_client()
    page = client.get("/page/function/2011398.json").get_json()
    assert page["code"] == "2011398" and page["label"]["zh"] == "火星探测支出"
    assert page["reports"] and page["reports"][0]["iri"] == str(iri)
    found = client.get("/page/search.json?q=" + quote("火星探测")).get_json()
    assert [c["code"] for c in found["concepts"]] == ["2011398"]
    report_page = client.get(
        "/page/report/511102/" + quote("乐山市市中区经济和信息化局") + "/2022/final.json"
    ).get_json()
    assert "火星探测支出" in json.dumps(report_page["classification"], ensure_ascii=False)
    store.close()


# ----------------------------------------------------------------------------------- provenance (issue 15)
def test_each_report_says_how_it_was_converted(sample_report):
    from datetime import UTC

    before = datetime.now(UTC)
    report = copy.deepcopy(sample_report)
    report.started_at = before
    report.source_url = "https://example.org/disclosures/sample.txt"
    _, g = report_graph(report, URIS)
    after = datetime.now(UTC)
    iri = g.value(None, RDF.type, F.Report)
    activity = g.value(iri, PROV.wasGeneratedBy)
    assert (activity, RDF.type, F.Conversion) in g
    document = g.value(iri, F.sourceDocument)
    assert g.value(activity, PROV.used) == document
    assert str(g.value(document, F.sha256)) == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert g.value(document, DCTERMS.source) == URIRef(report.source_url)
    started = g.value(activity, PROV.startedAtTime).toPython()
    ended = g.value(activity, PROV.endedAtTime).toPython()
    assert before == started <= ended <= after
    assert str(g.value(activity, F.softwareVersion)) == metadata.version("juesuan")
    assert str(g.value(activity, F.rulesVersion)) == rules_version()
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", rules_version())
    agent = g.value(activity, PROV.wasAssociatedWith)
    ontology = Graph().parse(ontology_file(), format="turtle", publicID=URIS.base)
    assert (agent, RDF.type, PROV.SoftwareAgent) in ontology and (agent, RDFS.label, None) in ontology


def test_the_conversion_start_is_stamped_by_the_pipeline(sample_report):
    assert sample_report.started_at is not None and sample_report.started_at.tzinfo is not None


def test_the_rules_version_follows_the_rule_files(tmp_path, monkeypatch):
    import converter.versions as versions

    rule = tmp_path / "lexicon.py"
    rule.write_text("WORDS = {'本年支出': 'expenditure'}\n", encoding="utf-8")
    monkeypatch.setattr(versions, "_rule_files", lambda: [rule])
    versions.rules_version.cache_clear()
    try:
        first = versions.rules_version()
        rule.write_text("WORDS = {'本年支出合计': 'expenditure'}\n", encoding="utf-8")
        versions.rules_version.cache_clear()
        assert versions.rules_version() != first
    finally:
        versions.rules_version.cache_clear()


def test_ontology_declares_licence_version_prefix_and_creator():
    for base in (DEFAULT_BASE, "https://data.example.org/fiscal/"):
        graph = Graph().parse(ontology_file(), format="turtle", publicID=base)
        ontology = URIRef(base + "def/fiscal")
        assert (ontology, RDF.type, OWL.Ontology) in graph
        assert graph.value(ontology, DCTERMS.license) == URIRef(
            "https://creativecommons.org/licenses/by/4.0/"
        )
        assert re.fullmatch(r"\d+\.\d+\.\d+", str(graph.value(ontology, OWL.versionInfo)))
        assert str(graph.value(ontology, VANN.preferredNamespacePrefix)) == "fiscal"
        assert str(graph.value(ontology, VANN.preferredNamespaceUri)) == base + "def/fiscal#"
        assert graph.value(ontology, DCTERMS.creator) is not None


# ----------------------------------------------------------------------------------- migration
def count_of(store, sparql: str) -> int:
    return int(json.loads(store.query(sparql).body)["results"]["bindings"][0]["n"]["value"])


def earlier_layout(sample_result) -> dict[str | None, list[ox.Triple]]:
    """The sample as the earlier layout wrote it: its organisation, its region and the concepts it used
    restated inside the report's graph."""
    graphs = quads_of(sample_result.dataset)
    report = str(sample_result.converted[0].iri)
    old = list(graphs[report])
    skos = "http://www.w3.org/2004/02/skos/core#"
    for name, triples in graphs.items():
        if name != report:
            old += triples  # the organisations' facts, inside the report's graph
    used = {t.object for t in graphs[report] if t.predicate.value == str(F.functionalClassification)}
    for concept in used - {ox.NamedNode(str(F.notClassified))}:
        old += [
            ox.Triple(concept, ox.NamedNode(str(RDF.type)), ox.NamedNode(skos + "Concept")),
            ox.Triple(concept, ox.NamedNode(skos + "notation"), ox.Literal(concept.value.rsplit("/", 1)[-1])),
            ox.Triple(concept, ox.NamedNode(skos + "inScheme"), ox.NamedNode(str(URIS.scheme("function")))),
        ]
    return {report: old}


def test_a_store_of_the_earlier_layout_is_refused_then_reloaded(tmp_path, sample_result):
    from converter.cli import main as juesuan

    folder = tmp_path / "old"
    store = EmbeddedStore(str(folder), workers=1, base_iri=DEFAULT_BASE)
    store.replace_graphs(read_vocabulary(DEFAULT_BASE))
    store.replace_graphs(earlier_layout(sample_result))
    report = str(sample_result.converted[0].iri)
    sha = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert outdated_reports(store, DEFAULT_BASE) == {report: sha}
    assert sha not in loaded_sources(store, DEFAULT_BASE)  # so `juesuan load` converts it again
    # what was wrong with it: the union counts the restated triples twice (tests/test_triples_once.py)
    bag = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    assert count_of(store, bag) > count_of(store, distinct)
    config = Config(load_examples=False, load_vocabulary=False, testing=True)
    with pytest.raises(LayoutError, match="juesuan load"):
        load_into(store, config)
    store.close()
    del store
    gc.collect()
    assert juesuan(["load", str(SAMPLE), "--store", str(folder), "-q"]) == 0
    store = EmbeddedStore(str(folder), workers=1, base_iri=DEFAULT_BASE)
    check_layout(store, DEFAULT_BASE)  # nothing of the earlier layout is left
    assert count_of(store, bag) == count_of(store, distinct) == len(store)
    assert loaded_sources(store, DEFAULT_BASE) == {sha}
    store.close()
    del store
    gc.collect()


@pytest.mark.parametrize("kind", ["oxigraph_server", "virtuoso"])
def test_a_remote_store_of_the_earlier_layout_is_detected_and_reloaded(request, kind, sample_result):
    from server.store.remote import RemoteStore

    service = request.getfixturevalue(kind)
    store = RemoteStore(**service.store_options(), base=DEFAULT_BASE, refresh_seconds=0)
    store.drop_graphs(list(store.graphs()))
    store.replace_graphs(earlier_layout(sample_result))
    report = str(sample_result.converted[0].iri)
    assert set(outdated_reports(store, DEFAULT_BASE)) == {report}
    summary = load(store, [SAMPLE], DEFAULT_BASE, quiet=True)
    assert summary.reports == 1 and summary.skipped == 0 and summary.outdated_left == 0
    check_layout(store, DEFAULT_BASE)
    store.drop_graphs(list(store.graphs()))
