"""The ontology file: readable, bilingual, defined, aligned with the vocabularies it reuses."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from converter.resources import ontology_file
from converter.uris import UriBuilder

URIS = UriBuilder()
QB = Namespace("http://purl.org/linked-data/cube#")
OBEU_DIMENSION = Namespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
F = Namespace(URIS.ontology_namespace)


def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle", publicID=URIS.base)


def own_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(f"{URIS.base}def/")}


def test_every_term_has_zh_and_en_labels_and_a_definition():
    graph = ontology()
    terms = own_terms(graph)
    assert len(terms) > 150
    for term in terms:
        labels = list(graph.objects(term, RDFS.label)) + list(graph.objects(term, SKOS.prefLabel))
        languages = {label.language for label in labels}
        assert {"zh", "en"} <= languages, term
        definitions = list(graph.objects(term, SKOS.definition)) + list(graph.objects(term, RDFS.comment))
        assert definitions, term


def test_terms_resolve_under_the_configured_base():
    graph = Graph().parse(ontology_file(), format="turtle", publicID="https://example.org/fiscal/")
    assert (URIRef("https://example.org/fiscal/def/fiscal#Report"), RDF.type, OWL.Class) in graph


def test_openbudgets_alignment():
    graph = ontology()
    for ours, theirs in [
        (F.organisation, OBEU_DIMENSION.organization),
        (F.fiscalYear, OBEU_DIMENSION.fiscalYear),
        (F.budgetPhase, OBEU_DIMENSION.budgetPhase),
        (F.functionalClassification, OBEU_DIMENSION.functionalClassification),
        (F.economicClassification, OBEU_DIMENSION.economicClassification),
        (F.amount, OBEU_MEASURE.amount),
    ]:
        assert (ours, RDFS.subPropertyOf, theirs) in graph


def test_data_structure_definition_lists_every_dimension_and_measure():
    graph = ontology()
    components = set(graph.objects(F.dsd, QB.component))
    dimensions = {graph.value(c, QB.dimension) for c in components} - {None}
    measures = {graph.value(c, QB.measure) for c in components} - {None}
    assert set(graph.subjects(RDF.type, QB.DimensionProperty)) <= dimensions
    assert set(graph.subjects(RDF.type, QB.MeasureProperty)) == measures
    assert QB.measureType in dimensions


def test_code_lists_are_skos_schemes():
    graph = ontology()
    for scheme in (
        F.ItemScheme,
        F.StatisticScheme,
        F.FundSourceScheme,
        F.ExpenditureNatureScheme,
        F.BudgetPhaseScheme,
    ):
        members = list(graph.subjects(SKOS.inScheme, scheme))
        assert members, scheme
        for member in members:
            assert graph.value(member, SKOS.notation) is not None
