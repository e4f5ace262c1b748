"""Small fixture data for the server tests (written here, not read from the converter)."""

from __future__ import annotations

BASE = "http://127.0.0.1:5000/"
REPORT = BASE + "id/report/511102/测试局/2022/final"
OBSERVATIONS = 450  # more than one page of incoming links at page_size 200


def fixture_trig() -> str:
    obs = "\n".join(
        f"""<{REPORT}/obs/expenditure/fc-{2010000 + i}/level> a qb:Observation ;
    qb:dataSet <{REPORT}> ; fiscal:item item:expenditure ; fiscal:statistic statistic:level ;
    fiscal:functionalClassification fn:201 ; fiscal:amount {1000 * (i + 1)}.0 ;
    rdfs:label "obs {i}"@zh ."""
        for i in range(OBSERVATIONS)
    )
    return f"""
@prefix fiscal: <{BASE}def/fiscal#> .
@prefix item: <{BASE}def/item/> .
@prefix statistic: <{BASE}def/statistic/> .
@prefix fn: <{BASE}id/function/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{BASE}def/fiscal> a owl:Ontology ; rdfs:label "财政本体"@zh, "Fiscal ontology"@en .
fiscal:Report a owl:Class ; rdfs:label "决算/预算报告"@zh, "Report"@en .
fiscal:amount a owl:DatatypeProperty ; rdfs:label "金额（元）"@zh, "Amount (yuan)"@en .
fn:201 a skos:Concept ; skos:prefLabel "一般公共服务支出"@zh, "General public services"@en ; skos:notation "201" .
<{BASE}id/region/511102> rdfs:label "市中区"@zh .

<{REPORT}> {{
<{REPORT}> a fiscal:Report, qb:DataSet ;
    rdfs:label "测试局2022年度部门决算"@zh, "Test bureau final accounts 2022"@en ;
    dcterms:title "测试局2022年度部门决算"@zh ;
    fiscal:fiscalYear "2022"^^xsd:gYear ;
    dcterms:spatial <{BASE}id/region/511102> ;
    dcterms:publisher <{BASE}id/org/511102/测试局> ;
    fiscal:organisation <{BASE}id/org/511102/测试局> .
<{REPORT}/obs/total/level> a qb:Observation ; qb:dataSet <{REPORT}> ;
    fiscal:amount 3197200.0 ; rdfs:label "支出总计"@zh .
{obs}
}}

# an organisation's year-stable facts: in its own graph, not in its reports'
<{BASE}id/org/511102/测试局> {{
<{BASE}id/org/511102/测试局> a <http://www.w3.org/ns/org#Organization> ;
    rdfs:label "测试局"@zh ;
    rdfs:comment "</script><script>alert('x')</script><!-- & -->" .
}}
<{BASE}id/org/511102/A%2FB局> {{ <{BASE}id/org/511102/A%2FB局> rdfs:label "A/B局"@zh . }}
"""


# Every server test module runs on each store: in memory, Oxigraph on disk, and two SPARQL 1.1
# engines behind the remote store (Oxigraph server and Virtuoso, started by tests/_services.py).
STORES = ["memory", "embedded-disk", "oxigraph_server", "virtuoso"]


def server_app(request, tmp_path_factory, **settings):
    """Yield an app holding fixture_trig() on the store named by ``request.param``."""
    import gc

    from server.app import create_app, load_into
    from server.config import Config

    data = tmp_path_factory.mktemp("data") / "fixture.trig"
    data.write_text(fixture_trig(), encoding="utf-8")
    settings = {"testing": True, "load_examples": False, "load_vocabulary": False,
                "inputs": [str(data)], **settings}  # fmt: skip
    store = None
    if request.param == "embedded-disk":
        settings["store"] = str(tmp_path_factory.mktemp("store"))
    elif request.param in ("oxigraph_server", "virtuoso"):
        from server.store.remote import RemoteStore

        service = request.getfixturevalue(request.param)
        store = RemoteStore(**service.store_options(), base=BASE, refresh_seconds=0)
        store.drop_graphs(list(store.graphs()))
        load_into(store, Config.load(settings))
    application = create_app(settings, store=store) if store is not None else create_app(settings)
    yield application
    used = application.extensions["juesuan.store"]
    if store is not None:
        used.drop_graphs(list(used.graphs()))
    used.close()
    gc.collect()
