"""The sample's 36 hand-checked figures (examples/*.expected.json) come out of the RDF exactly.

The expected amounts and codes are read from the JSON; this file only says which
observation (its dimensions) each expected entry is, in the JSON's order.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import Graph, Namespace, URIRef

from converter.uris import DEFAULT_BASE, UriBuilder
from tests.conftest import SAMPLE_EXPECTED

URIS = UriBuilder(DEFAULT_BASE)
F = Namespace(URIS.ontology_namespace)
GPB = "fund-general-public-budget"

# (item, [fund/nature/fc/project segments], statistic) per expected figure, in file order.
# A second key is checked for entries that state a share ("ratio_percent").
KEYS: list[tuple[tuple[str, ...], tuple[str, ...] | None]] = [
    (("total-income", "level"), None),  # 收入总计 / 支出总计 (section 一)
    (("total-income", "decrease-amount"), ("total-income", "decrease-percent")),
    (("income", "level"), None),
    (("income", "fund-general-public-budget", "level"), ("income", "fund-general-public-budget", "share")),
    (("expenditure", "level"), None),
    (("expenditure", "nature-basic", "level"), ("expenditure", "nature-basic", "share")),
    (("expenditure", "nature-project", "level"), ("expenditure", "nature-project", "share")),
    (("expenditure", GPB, "decrease-amount"), ("expenditure", GPB, "decrease-percent")),
    (("expenditure", GPB, "fc-201", "level"), ("expenditure", GPB, "fc-201", "share")),
    (("expenditure", GPB, "fc-208", "level"), ("expenditure", GPB, "fc-208", "share")),
    (("expenditure", GPB, "fc-210", "level"), ("expenditure", GPB, "fc-210", "share")),
    (("expenditure", GPB, "fc-221", "level"), ("expenditure", GPB, "fc-221", "share")),
    (("expenditure", GPB, "fc-2011301", "level"), None),
    (("expenditure", GPB, "fc-2011302", "level"), None),
    (("expenditure", GPB, "fc-2080501", "level"), None),
    (("expenditure", GPB, "fc-2080505", "level"), None),
    (("expenditure", GPB, "fc-2080506", "level"), None),
    (("expenditure", GPB, "fc-2080599", "level"), None),
    (("expenditure", GPB, "fc-2081199", "level"), None),
    (("expenditure", GPB, "fc-2101101", "level"), None),
    (("expenditure", GPB, "fc-2101103", "level"), None),
    (("expenditure", GPB, "fc-2210201", "level"), None),
    (("expenditure", GPB, "nature-personnel", "level"), None),
    (("expenditure", GPB, "nature-public-funds", "level"), None),
    (("three-public-expenses", "fund-appropriation", "level"), None),
    (("three-public-expenses", "fund-appropriation", "increase-amount"), None),
    (("domestic-reception", "fund-appropriation", "level"), None),
    (("overseas-travel", "fund-appropriation", "level"), None),
    (("official-vehicles", "fund-appropriation", "level"), None),
    (("agency-operating-costs", "level"), None),
    (("agency-operating-costs", "increase-amount"), ("agency-operating-costs", "increase-percent")),
    (("procurement-goods", "level"), None),
    (("fiscal-funds-income", "level"), None),
    (("project-funds", "project-乐山市市中区2022年春节“走基层送温暖”活动", "level"), None),
    (("project-funds", "project-嘉州工业园区建设指挥部工作经费", "level"), None),
    (("project-funds", "project-2022年机关运行", "level"), None),
]


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(SAMPLE_EXPECTED.read_text(encoding="utf-8"))


def observation(graph: Graph, report: URIRef, key: tuple[str, ...]) -> URIRef:
    iri = URIS.observation(report, list(key))
    assert (iri, None, None) in graph, f"no observation {'/'.join(key)}"
    return iri


def value_of(graph: Graph, obs: URIRef) -> Decimal:
    measure = graph.value(obs, URIRef("http://purl.org/linked-data/cube#measureType"))
    return Decimal(str(graph.value(obs, measure)))


def test_expected_has_36_figures(expected):
    assert len(expected["figures"]) == len(KEYS) == 36


@pytest.mark.parametrize("index", range(36))
def test_expected_figure(index, expected, sample_result):
    entry = expected["figures"][index]
    converted = sample_result.converted[0]
    key, share_key = KEYS[index]
    obs = observation(converted.graph, converted.iri, key)
    assert value_of(converted.graph, obs) == Decimal(entry["amount_yuan"]), entry["what"]
    if "code" in entry:
        concept = converted.graph.value(obs, F.functionalClassification)
        assert str(concept) == f"{converted.iri.split('id/report/')[0]}id/function/{entry['code']}"
        attestation = converted.graph.value(None, F.attestsConcept, concept)  # the report's, of that code
        assert str(converted.graph.value(attestation, F.attestedCode)) == entry["code"]
    if "ratio_percent" in entry:
        assert share_key is not None
        share = observation(converted.graph, converted.iri, share_key)
        assert value_of(converted.graph, share) == Decimal(entry["ratio_percent"])
    if "count" in entry:
        for unit, number in entry["count"].items():
            item = {"批次": "domestic-reception-batches", "人次": "domestic-reception-visitors"}[unit]
            count = observation(converted.graph, converted.iri, (item, "fund-appropriation", "level"))
            assert value_of(converted.graph, count) == Decimal(number)


def test_expenditure_total_also_published(sample_result, expected):
    converted = sample_result.converted[0]
    obs = observation(converted.graph, converted.iri, ("total-expenditure", "level"))
    assert value_of(converted.graph, obs) == Decimal(expected["figures"][0]["amount_yuan"])


@pytest.mark.parametrize(
    ("what", "key"),
    [
        ("行政编制", ("authorised-administrative-posts", "level")),
        ("在职在岗行政", ("serving-staff", "level")),
        ("机关工勤", ("logistics-staff", "level")),
        ("公务用车", ("vehicles-held", "level")),
        ("项目绩效自评项目数", ("projects-self-evaluated", "level")),
        ("部门整体绩效自评得分", ("performance-score", "level")),
    ],
)
def test_expected_counts(what, key, expected, sample_result):
    converted = sample_result.converted[0]
    obs = observation(converted.graph, converted.iri, key)
    assert value_of(converted.graph, obs) == Decimal(expected["counts"][what])


def test_organisation_region_year_published(expected, sample_report):
    assert sample_report.organisation.name == expected["department"]
    assert sample_report.organisation.region.code == expected["region"]["code"]
    assert sample_report.fiscal_year == expected["fiscal_year"]
    assert sample_report.published.isoformat() == expected["published"]
    assert [u.text for u in sample_report.organisation.subordinate_units] == expected["subordinate_units"]
