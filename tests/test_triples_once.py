"""Every triple once (issue 13): on every store, with four reports loaded, the union default graph is a
set, a sum joined to labels or notations equals the sum without them, and every example query (the query
page's and the README's) answers what the documents' figures add up to, computed here in Python.

The corpus: the bundled sample (乐山市市中区经济和信息化局 2022), 101 (上海市普陀区财政局 2024, final
accounts), 108 (万里街道 2024, a BUDGET) and a SYNTHETIC second year of the sample's department, built here
by shifting the years in the sample's text (same organisation, fiscal year 2023; its figures are the
sample's: never published anywhere). 101 and 108 are read from ../shared (the tests that need them skip
with a message where it is absent); the demo-data checks (the sample alone) always run.

Each document is converted on its own and loaded through ``juesuan load``'s loader, as a user loads a
folder, so the two years of the sample's department write the same organisation graph twice."""

from __future__ import annotations

import gc
import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, SAMPLE, SHARED

from converter.model import ALL, Measure, Phase, Report
from converter.pipeline import convert_files
from converter.uris import UriBuilder
from server.example_queries import EXAMPLES
from server.load import load
from server.store.embedded import EmbeddedStore
from server.store.loading import read_vocabulary
from server.store.remote import RemoteStore

pytest_plugins = ["_services"]

STORES = ["memory", "embedded-disk", "oxigraph_server", "virtuoso"]
PDF_101 = ("corpus", "pdf", "101_shanghai_putuo_caizhengju_2024.pdf")
PDF_108 = ("corpus", "pdf", "108_shanghai_putuo_wanlijiedao_2024_bumenyusuan.pdf")
SKOS = "http://www.w3.org/2004/02/skos/core#"
DEFAULT_BASE = "http://127.0.0.1:5000/"


def synthetic_second_year(folder: Path) -> Path:
    """SYNTHETIC: the sample's text with every year one later (2022 -> 2023, 2021 -> 2022 ...): the same
    department in another year, for the tests only."""
    text = SAMPLE.read_text(encoding="utf-8")
    for year in ("2023", "2022", "2021"):
        text = text.replace(year, str(int(year) + 1))
    path = folder / "000_synthetic_second_year_of_the_sample.txt"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Corpus:
    base: str
    reports: list[Report]
    files: list[Path]  # one N-Quads file per document, as converted


def build_corpus(folder: Path, documents: list[Path], base: str) -> Corpus:
    reports, files = [], []
    for i, document in enumerate(documents):
        result = convert_files([document], base, keep_going=False)
        out = folder / f"{i}-{document.stem}.nq"
        result.dataset.serialize(destination=str(out), format="nquads", encoding="utf-8")
        reports.append(result.converted[0].report)
        files.append(out)
    return Corpus(base, reports, files)


@pytest.fixture(scope="session")
def four_reports(tmp_path_factory) -> Corpus:
    if not SHARED.exists():
        pytest.skip("the four-report corpus needs ../shared (101 and 108), absent in this checkout")
    documents = [SAMPLE, SHARED.joinpath(*PDF_101), SHARED.joinpath(*PDF_108)]
    for document in documents:
        if not document.exists():
            pytest.skip(f"needs {document}, absent in this checkout")
    folder = tmp_path_factory.mktemp("four")
    documents.append(synthetic_second_year(folder))
    # a base of their own: the remote engines are shared with other test modules
    return build_corpus(folder, documents, f"http://four.test/{uuid.uuid4().hex[:8]}/")


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Corpus:
    folder = tmp_path_factory.mktemp("demo")
    return build_corpus(folder, [SAMPLE], f"http://demo.test/{uuid.uuid4().hex[:8]}/")


def open_loaded(request, corpus: Corpus, tmp_path_factory):
    """A store of kind ``request.param`` holding the vocabulary and the corpus, loaded as `juesuan load`
    loads it; yields (store, whole) where ``whole`` says whether the store holds nothing else."""
    kind = request.param
    if kind == "memory":
        store = EmbeddedStore(None, workers=1, base_iri=corpus.base)
    elif kind == "embedded-disk":
        store = EmbeddedStore(str(tmp_path_factory.mktemp("disk")), workers=1, base_iri=corpus.base)
    else:
        service = request.getfixturevalue(kind)
        # the engine is shared with other tests: this corpus's graphs, and a vocabulary graph of its own
        vocabulary = f"urn:juesuan:test-vocabulary:{uuid.uuid4().hex}"
        store = RemoteStore(
            **service.store_options(), base=corpus.base, refresh_seconds=0, default_graph=vocabulary
        )
        store.drop_graphs(list(store.graphs()))
    store.replace_graphs(read_vocabulary(corpus.base))
    summary = load(store, corpus.files, corpus.base, quiet=True)
    assert summary.reports == len(corpus.reports) and not summary.failures
    return store, kind in ("memory", "embedded-disk")


@pytest.fixture(scope="module", params=STORES)
def loaded(request, four_reports, tmp_path_factory):
    store, whole = open_loaded(request, four_reports, tmp_path_factory)
    yield store, whole, four_reports
    if isinstance(store, RemoteStore):
        store.drop_graphs([*store.graphs(), store.default_graph])
    store.close()
    del store
    gc.collect()


@pytest.fixture(scope="module", params=STORES)
def demo(request, demo_data, tmp_path_factory):
    store, whole = open_loaded(request, demo_data, tmp_path_factory)
    yield store, whole, demo_data
    if isinstance(store, RemoteStore):
        store.drop_graphs([*store.graphs(), store.default_graph])
    store.close()
    del store
    gc.collect()


def rows(store, sparql: str) -> list[dict[str, str]]:
    result = store.query(sparql, None, max_rows=10**7)
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(result.body)["results"]["bindings"]]


def count(store, sparql: str) -> int:
    return int(rows(store, sparql)[0]["n"])


def prefixes(base: str) -> str:
    return EXAMPLES[0]["query"].split("\nSELECT", 1)[0].replace("{base}", base) + "\n"


# ----------------------------------------------------------------------------------- the figures, in Python
def figures(report: Report, item: str, fund: str = ALL, digits: int | None = None):
    """The report's stated levels (amounts) of ``item`` for ``fund``, not broken down by nature, economic
    class or project; by function class of ``digits`` digits, or not broken down by it (None)."""
    for f in report.figures:
        code = f.function.code if f.function else None
        if (
            f.item == item
            and f.statistic == "level"
            and f.measure is Measure.AMOUNT
            and f.fund == fund
            and f.nature == ALL
            and (code is None if digits is None else code is not None and len(code) == digits)
            and f.economic is None
            and f.project is None
            and f.stated_label is None
        ):
            yield code, f.value


def level(report: Report, item: str, fund: str = ALL, code: str | None = None) -> Decimal | None:
    digits = None if code is None else len(code)
    return next((v for c, v in figures(report, item, fund, digits) if c == code), None)


def final(corpus: Corpus) -> list[Report]:
    return [r for r in corpus.reports if r.phase is Phase.FINAL]


def org_iri(corpus: Corpus, report: Report) -> str:
    region = report.organisation.region.code if report.organisation.region else None
    return str(UriBuilder(corpus.base).organisation(region, report.organisation.name))


def expected(example: str, corpus: Corpus) -> list[tuple]:
    """What each example query must answer, from the figures the converter read (rows sorted)."""
    out: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0)])
    if example == "totals-by-province-year":
        for r in final(corpus):
            amount = level(r, "total-expenditure")
            if amount is not None and r.organisation.region:
                key = (
                    corpus.base + "id/region/" + r.organisation.region.code[:2] + "0000",
                    str(r.fiscal_year),
                )
                out[key][0] += 1
                out[key][1] += amount
    elif example == "three-public-expenses-by-year":
        for r in final(corpus):
            amount = level(r, "three-public-expenses", "appropriation")
            if amount is not None:
                out[(str(r.fiscal_year),)][0] += 1
                out[(str(r.fiscal_year),)][1] += amount
    elif example == "function-classes-across-departments":
        for r in final(corpus):
            for code, amount in figures(r, "expenditure", "general-public-budget", 3):
                out[(code, org_iri(corpus, r))][1] += amount
    elif example == "share-of-201-in-a-city":
        for r in final(corpus):
            total = level(r, "expenditure", "general-public-budget")
            if (
                total is None
                or not r.organisation.region
                or not r.organisation.region.code.startswith("5111")
            ):
                continue
            key = (str(r.fiscal_year),)
            out[key][0] += level(r, "expenditure", "general-public-budget", "201") or 0
            out[key][1] += total
    else:
        raise KeyError(example)
    return sorted((*k, *v) for k, v in out.items())


def answered(example: str, found: list[dict]) -> list[tuple]:
    """The query's rows in the shape of ``expected``."""
    if example == "totals-by-province-year":
        return sorted((r["province"], r["year"], int(r["reports"]), Decimal(r["totalYuan"])) for r in found)
    if example == "three-public-expenses-by-year":
        return sorted((r["year"], int(r["reports"]), Decimal(r["totalYuan"])) for r in found)
    if example == "function-classes-across-departments":
        assert all(r["label"] for r in found)
        return sorted((r["code"], r["organisation"], 0, Decimal(r["totalYuan"])) for r in found)
    if example == "share-of-201-in-a-city":
        for r in found:  # the share is the quotient of the two sums it shows
            assert abs(Decimal(r["share"]) - Decimal(r["in201"]) / Decimal(r["allClasses"])) < Decimal("1e-9")
        return sorted((r["year"], Decimal(r["in201"]), Decimal(r["allClasses"])) for r in found)
    raise KeyError(example)


def readme_queries() -> list[tuple[str, str]]:
    """(example id, query) of every SPARQL block of the README; each names the example it is."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sparql\n(.*?)```", text, re.S):
        named = re.search(r'query page example "([^"]+)"', block)
        assert named, f"a README query that names no example: {block[:200]}"
        out.append((named.group(1), block))
    return out


# ----------------------------------------------------------------------------------- the checks
def union_is_a_set(store, whole: bool, base: str) -> None:
    if whole:  # the store holds only this corpus: every triple of the union default graph
        bag = count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        distinct = count(
            store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
        )
        assert bag == distinct == len(store)
    # a shared engine (other bases, the engine's own graphs): this corpus's triples, by their subject
    mine = f'FILTER(STRSTARTS(STR(?s), "{base}"))'
    bag = count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o {mine} }}")
    distinct = count(
        store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o {mine} }} }}"
    )
    assert bag == distinct > 5_000


def test_union_default_graph_is_a_set(loaded):
    store, whole, corpus = loaded
    union_is_a_set(store, whole, corpus.base)


def test_union_default_graph_is_a_set_on_the_demo_data(demo):
    store, whole, corpus = demo
    union_is_a_set(store, whole, corpus.base)


def test_every_triple_is_in_the_graph_its_subject_belongs_to(loaded):
    """The rule that makes the union a set: a report's graph holds only IRIs under the report, an
    organisation's graph only the organisation, and neither states a concept or a region."""
    store, _, corpus = loaded
    uris = UriBuilder(corpus.base)
    found = rows(
        store,
        f'SELECT DISTINCT ?g ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{corpus.base}")) }}',
    )
    assert found
    misplaced = [(r["g"], r["s"]) for r in found if uris.home_graph(r["s"]) != r["g"]]
    assert misplaced == []
    graphs = store.graphs()
    assert sum(uris.is_report_graph(g) for g in graphs) == 4
    # the sample's department, two years: one organisation graph, its name stated once
    department = org_iri(corpus, corpus.reports[0])
    assert org_iri(corpus, corpus.reports[3]) == department
    labels = rows(store, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{department}> <{SKOS}prefLabel> ?l }} }}")
    assert [r["g"] for r in labels] == [department]


def test_a_sum_joined_to_labels_and_notations_is_not_multiplied(loaded):
    store, _, corpus = loaded
    dims = """?obs qb:dataSet ?report ; fiscal:item item:expenditure ; fiscal:statistic statistic:level ;
      fiscal:fundSource fund:general-public-budget ; fiscal:expenditureNature nature:all ;
      fiscal:economicClassification fiscal:notClassified ; fiscal:project fiscal:noProject ;
      fiscal:functionalClassification ?fc ; fiscal:amount ?a . FILTER(?fc != fiscal:notClassified)"""
    joins = """?fc skos:notation ?code ; skos:prefLabel ?label . FILTER(LANGMATCHES(LANG(?label), "zh"))
      ?report fiscal:organisation ?org ; dcterms:spatial ?place . ?org skos:prefLabel ?orgName .
      ?place skos:prefLabel ?placeName ; skos:broader+ ?province . ?province fiscal:regionLevel "province" ."""
    query = (
        prefixes(corpus.base) + "SELECT ?fc (SUM(?a) AS ?sum) (COUNT(*) AS ?n) WHERE {{ {} {} }} GROUP BY ?fc"
    )
    plain = {r["fc"]: (Decimal(r["sum"]), r["n"]) for r in rows(store, query.format(dims, ""))}
    joined = {r["fc"]: (Decimal(r["sum"]), r["n"]) for r in rows(store, query.format(dims, joins))}
    assert joined and set(joined) <= set(plain)
    assert {fc: plain[fc] for fc in joined} == joined
    in_python: dict[str, Decimal] = defaultdict(Decimal)
    for r in corpus.reports:
        for digits in (3, 5, 7):
            for code, amount in figures(r, "expenditure", "general-public-budget", digits):
                in_python[corpus.base + "id/function/" + code] += amount
    assert {fc: s for fc, (s, _) in plain.items()} == in_python
    general = corpus.base + "id/function/201"
    assert plain[general][0] == sum(
        level(r, "expenditure", "general-public-budget", "201") or 0 for r in corpus.reports
    )


@pytest.mark.parametrize("example", [e["id"] for e in EXAMPLES])
def test_every_example_query_answers_the_documents_figures(loaded, example):
    store, _, corpus = loaded
    query = next(e["query"] for e in EXAMPLES if e["id"] == example).replace("{base}", corpus.base)
    assert "DISTINCT" not in query  # a right total never needs it
    want = expected(example, corpus)
    assert want, "an example that selects nothing of the corpus proves nothing"
    assert answered(example, rows(store, query)) == want


@pytest.mark.parametrize("example", [e["id"] for e in EXAMPLES])
def test_every_example_query_answers_the_demo_data(demo, example):
    store, _, corpus = demo
    query = next(e["query"] for e in EXAMPLES if e["id"] == example).replace("{base}", corpus.base)
    assert answered(example, rows(store, query)) == expected(example, corpus) != []


def readme_answers(store, corpus: Corpus) -> None:
    queries = readme_queries()
    assert queries
    for example, query in queries:
        found = rows(store, query.replace(DEFAULT_BASE, corpus.base))
        assert answered(example, found) == expected(example, corpus) != [], example


def test_every_readme_query_answers_the_documents_figures(loaded):
    store, _, corpus = loaded
    readme_answers(store, corpus)


def test_every_readme_query_answers_the_demo_data(demo):
    store, _, corpus = demo
    readme_answers(store, corpus)


# ----------------------------------------------------------------------------------- regions
def test_regions_roll_up_by_one_pattern(loaded):
    """A district of a 直辖市, a district under a city and a county-level city are each one skos:broader
    below their prefecture level and two below their province: one pattern groups them all."""
    store, _, corpus = loaded
    region = corpus.base + "id/region/"
    for county, prefecture, province in (
        ("310107", "310100", "310000"),  # 普陀区, 上海市 市辖区, 上海市
        ("511102", "511100", "510000"),  # 市中区, 乐山市, 四川省
        ("511181", "511100", "510000"),  # 峨眉山市 (county-level city), 乐山市, 四川省
        ("429004", "429000", "420000"),  # 仙桃市, 省直辖县级行政区划, 湖北省
    ):
        ask = (
            f"ASK {{ <{region}{county}> <{SKOS}broader> <{region}{prefecture}> . "
            f"<{region}{prefecture}> <{SKOS}broader> <{region}{province}> . "
            f'<{region}{province}> <{corpus.base}def/fiscal#regionLevel> "province" }}'
        )
        assert json.loads(store.query(ask, None).body)["boolean"], county
        assert (
            count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{region}{county}> <{SKOS}broader> ?up }}") == 1
        )
    # the departments of a province, of a city: the same pattern; the province and the city of 101 are 上海市
    by = (
        prefixes(corpus.base)
        + "SELECT ?code (COUNT(?report) AS ?n) WHERE { ?report a fiscal:Report ; dcterms:spatial ?place . "
        "?place skos:broader* ?up . ?up fiscal:regionLevel ?level ; skos:notation ?code } GROUP BY ?code"
    )
    found = {r["code"]: int(r["n"]) for r in rows(store, by)}
    for report in corpus.reports:
        code = report.organisation.region.code
        assert found[code[:2] + "0000"] >= 1 and found[code[:4] + "00"] >= 1 and found[code] >= 1
    assert found["510000"] == found["511100"] == found["511102"] == 2  # the sample's two years
    assert (
        found["310000"]
        == found["310100"]
        == sum(r.organisation.region.code.startswith("31") for r in corpus.reports)
    )


# ----------------------------------------------------------------------------------- VoID
def test_void_counts_what_is_published(loaded):
    import gzip

    from server.app import create_app

    store, whole, corpus = loaded
    settings = {"testing": True, "base": corpus.base, "load_examples": False, "load_vocabulary": False}
    client = create_app(settings, store=store).test_client()
    response = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    void = [q.triple for q in ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES)]
    V, part = "http://rdfs.org/ns/void#", corpus.base + ".well-known/void#"

    def values(subject: str, predicate: str) -> set[str]:
        return {
            t.object.value for t in void if t.subject.value == subject and t.predicate.value == V + predicate
        }

    triples = {t.subject.value: int(t.object.value) for t in void if t.predicate.value == V + "triples"}
    graphs = store.graphs()
    uris = UriBuilder(corpus.base)
    reports = sorted(g for g in graphs if uris.is_report_graph(g))
    total = triples[part + "dataset"]
    assert total == store.default_graph_triples() + sum(graphs.values())
    assert total == triples[part + "vocabulary"] + triples[part + "organisations"] + triples[part + "reports"]
    if whole:  # the store's own count of the union default graph
        assert total == count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(store)
    assert values(part + "reports", "subset") == set(reports)
    assert triples[part + "reports"] == sum(triples[r] for r in reports)
    assert triples[part + "organisations"] == sum(
        n for g, n in graphs.items() if uris.is_organisation_graph(g)
    )
    assert values(part + "dataset", "sparqlEndpoint") == {corpus.base + "sparql"}
    assert values(part + "dataset", "dataDump") == {corpus.base + "dumps/all.nq.gz"}
    assert values(part + "dataset", "exampleResource") and values(part + "vocabulary", "exampleResource")
    for report in reports:
        assert triples[report] == graphs[report]
        dumps = values(report, "dataDump")
        assert sorted(d[len(report.replace("/id/report/", "/dumps/report/")) :] for d in dumps) == [
            ".nt.gz",
            ".ttl",
        ]
        assert values(report, "exampleResource") == {report}
        for dump in dumps:  # every dump is the report's graph, triple for triple
            body = client.get("/" + dump[len(corpus.base) :]).data
            data = gzip.decompress(body) if dump.endswith(".gz") else body
            fmt = ox.RdfFormat.N_TRIPLES if ".nt" in dump else ox.RdfFormat.TURTLE
            assert len(set(ox.parse(data, format=fmt))) == graphs[report], dump
    linksets = {t.subject.value for t in void if t.object.value == V + "Linkset"}
    assert len(linksets) == 6
    links = {
        next(iter(values(ls, "linkPredicate"))).rsplit("/", 1)[-1].rsplit("#", 1)[-1]: triples[ls]
        for ls in linksets
    }
    # counted from the sources: the COFOG mapping file, the reports and organisations of the corpus
    mapping = [
        q.triple
        for q in ox.parse(path=str(ROOT / "ontology/vocab/function-cofog.ttl"), format=ox.RdfFormat.TURTLE)
    ]
    for kind in ("closeMatch", "broadMatch", "narrowMatch"):
        assert links[kind] == sum(t.predicate.value == SKOS + kind for t in mapping) > 0
    assert links["exactMatch"] > 100  # COFOG -> its CSIRO edition
    assert links["spatial"] == len(corpus.reports)
    assert links["region"] == len({org_iri(corpus, r) for r in corpus.reports})
