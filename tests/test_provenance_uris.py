"""Provenance (every figure back to its characters), derived figures, IRIs, output formats."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, XSD

from converter.cli import main
from converter.pipeline import convert_files
from converter.uris import UriBuilder, segment
from tests.conftest import SAMPLE

QB = Namespace("http://purl.org/linked-data/cube#")
OA = Namespace("http://www.w3.org/ns/oa#")
URIS = UriBuilder()
F = Namespace(URIS.ontology_namespace)


def test_every_stated_observation_points_at_its_characters(sample_result):
    converted = sample_result.converted[0]
    g, text = converted.graph, converted.report.text
    observations = list(g.subjects(RDF.type, QB.Observation))
    assert len(observations) > 200
    for obs in observations:
        if g.value(obs, F.derived) == Literal(True):
            continue
        span = g.value(obs, PROV.wasDerivedFrom)
        selector = g.value(span, OA.hasSelector)
        start, end = int(g.value(selector, OA.start)), int(g.value(selector, OA.end))
        assert str(g.value(span, F.sourceText)) == text[start:end]
        stated = str(g.value(obs, F.statedValue))
        assert stated in text[start:end], f"{obs}: {stated!r} not in its source span"


def test_source_document_fingerprint(sample_result):
    converted = sample_result.converted[0]
    g = converted.graph
    document = g.value(converted.iri, F.sourceDocument)
    assert str(g.value(document, F.sha256)) == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert str(g.value(document, URIRef("http://purl.org/dc/terms/title"))) == SAMPLE.name


def test_amounts_are_exact_decimals_in_yuan(sample_graph):
    amounts = list(sample_graph.objects(None, F.amount))
    assert amounts and all(a.datatype == XSD.decimal for a in amounts)
    assert Literal("3197238.46", datatype=XSD.decimal) in amounts


def test_previous_year_is_derived_never_stated(sample_result):
    converted = sample_result.converted[0]
    g = converted.graph
    obs = URIS.observation(converted.iri, ["total-income", "previous-year-level"])
    assert g.value(obs, F.derived) == Literal(True)
    assert Decimal(str(g.value(obs, F.amount))) == Decimal("3197200") + Decimal("16445200")
    activity = g.value(obs, PROV.wasGeneratedBy)
    assert "decrease-amount" in str(g.value(activity, F.derivationMethod))
    sources = set(g.objects(obs, PROV.wasDerivedFrom))
    assert URIS.observation(converted.iri, ["total-income", "decrease-amount"]) in sources


def test_repeated_statement_is_linked_not_duplicated(sample_result):
    converted = sample_result.converted[0]
    g = converted.graph
    obs = URIS.observation(converted.iri, ["expenditure", "fund-general-public-budget", "level"])
    statements = list(g.objects(obs, F.alsoStatedIn))
    assert len(statements) >= 2  # 五（一）, 五（二）, 五（三） all state 319.72万元
    for statement in statements:
        assert g.value(statement, F.amount) == g.value(obs, F.amount)
        assert g.value(statement, PROV.wasDerivedFrom) != g.value(obs, PROV.wasDerivedFrom)


def test_iris_are_deterministic_and_readable(tmp_path):
    first = convert_files([SAMPLE]).converted[0]
    second = convert_files([SAMPLE]).converted[0]
    # the same triples, but for when each conversion ran (its prov:startedAtTime / endedAtTime)
    times = {PROV.startedAtTime, PROV.endedAtTime}
    assert {t for t in first.graph if t[1] not in times} == {t for t in second.graph if t[1] not in times}
    assert len([t for t in first.graph if t[1] in times]) == 2
    assert str(first.iri) == "http://127.0.0.1:5000/id/report/511102/乐山市市中区经济和信息化局/2022/final"
    org = first.graph.value(first.iri, F.organisation)
    assert str(org) == "http://127.0.0.1:5000/id/org/511102/乐山市市中区经济和信息化局"


def test_configurable_base():
    converted = convert_files([SAMPLE], base="https://data.example.org/fiscal").converted[0]
    assert str(converted.iri).startswith("https://data.example.org/fiscal/id/report/")
    assert all(
        not str(term).startswith("http://127.0.0.1:5000/") for triple in converted.graph for term in triple
    )


def test_segment_encodes_only_what_breaks_a_path():
    assert segment("乐山市 市中区") == "乐山市市中区"
    assert segment("a/b?c#d") == "a%2Fb%3Fc%23d"
    assert segment("") == "_"


@pytest.mark.parametrize(
    ("suffix", "fmt", "quads"),
    [
        (".ttl", "turtle", False),
        (".nt", "nt", False),
        (".nq", "nquads", True),
        (".trig", "trig", True),
        (".jsonld", "json-ld", True),
    ],
)
def test_output_formats_round_trip(tmp_path, suffix, fmt, quads, sample_graph, capsys):
    out = tmp_path / f"out{suffix}"
    assert main(["convert", str(SAMPLE), "-o", str(out), "-q"]) == 0
    if quads:
        data = Dataset()
        data.parse(out, format=fmt)
        graphs = {g.identifier: len(g) for g in data.graphs() if len(g)}
        # the report's graph, and its organisation's and subordinate unit's own graphs
        assert graphs[sample_graph.identifier] == len(sample_graph)
        assert sorted(str(g).split("/id/", 1)[1].split("/")[0] for g in graphs) == ["org", "org", "report"]
    else:
        g = Graph().parse(out, format=fmt)
        assert len(g) == len(sample_graph) + 5 + 3  # and the organisations' triples


def test_turtle_on_stdout(capsys):
    assert main(["convert", str(SAMPLE), "-q"]) == 0
    out = capsys.readouterr().out
    assert len(Graph().parse(data=out, format="turtle")) > 1000


def test_ontology_defines_every_code_the_converter_uses(sample_graph):
    from converter.resources import ontology_file

    ontology = Graph().parse(ontology_file(), format="turtle", publicID=URIS.base)
    used = set()
    for prop in (F.item, F.statistic, F.fundSource, F.expenditureNature):
        used.update(sample_graph.objects(None, prop))
    for code in used:
        assert (code, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in ontology, code
    for prop in set(sample_graph.predicates()):
        if str(prop).startswith(URIS.ontology_namespace):
            assert (prop, None, None) in ontology, prop


def test_report_level_figures_repeat_their_observations(sample_result):
    """The shortcuts on the report (fiscal:projectExpenditure ...) carry exactly the value of the
    observation they stand for, and only for figures the document states."""
    from converter.emit import REPORT_FIGURES

    converted = sample_result.converted[0]
    g = converted.graph
    seen = 0
    for (item, fund, nature), prop in REPORT_FIGURES.items():
        key = (
            [item]
            + ([f"fund-{fund}"] if fund != "all" else [])
            + ([f"nature-{nature}"] if nature != "all" else [])
        )
        obs = URIS.observation(converted.iri, key + ["level"])
        shortcut = g.value(converted.iri, F[prop])
        observed = g.value(obs, F.amount)
        assert (shortcut is None) == (observed is None), prop
        if shortcut is not None:
            seen += 1
            assert Decimal(str(shortcut)) == Decimal(str(observed)), prop
    assert seen >= 8


def test_class_expenditure_repeats_its_observation(sample_result):
    """fiscal:classExpenditure / classGeneralPublicBudgetExpenditure link the report to its 类-level
    expenditure lines of that fund, whose fiscal:functionClass and fiscal:classAmount repeat the
    observation's own class and amount; no such line is left unlinked."""
    from converter.emit import CLASS_EXPENDITURE

    converted = sample_result.converted[0]
    g = converted.graph
    linked: dict = {}
    for fund, prop in CLASS_EXPENDITURE.items():
        for obs in g.objects(converted.iri, F[prop]):
            linked[obs] = fund
            concept = g.value(obs, F.functionClass)
            assert concept == g.value(obs, F.functionalClassification)
            assert Decimal(str(g.value(obs, F.classAmount))) == Decimal(str(g.value(obs, F.amount)))
            assert g.value(obs, F.fundSource).endswith(f"/fund/{fund}")
            assert len(str(concept).rsplit("/", 1)[-1]) == 3, concept
    codes = {str(g.value(obs, F.functionClass)).rsplit("/", 1)[-1] for obs in linked}
    assert {"201", "208", "210", "221"} <= codes  # the sample's 类 lines with amounts
    expected = {
        obs
        for obs in g.subjects(F.functionalClassification, None)
        if g.value(obs, F.item).endswith("/item/expenditure")
        and g.value(obs, F.statistic).endswith("/statistic/level")
        and str(g.value(obs, F.fundSource)).rsplit("/", 1)[-1] in CLASS_EXPENDITURE
        and g.value(obs, F.expenditureNature).endswith("/nature/all")
        and len(str(g.value(obs, F.functionalClassification)).rsplit("/", 1)[-1]) == 3
        and g.value(obs, F.amount) is not None
        and str(g.value(obs, F.derived)) == "false"
    }
    assert expected == set(linked)
