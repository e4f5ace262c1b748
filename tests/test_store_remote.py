"""RemoteStore against real engines: the Oxigraph server and Virtuoso Open-Source (started by tests/_services.py,
skipped with a message when not installed)."""

from __future__ import annotations

import io
import json
import uuid

import pyoxigraph as ox
import pytest

from server.store.base import QueryError
from server.store.remote import RemoteStore, StoreUnavailable, query_form, term_from_json

pytest_plugins = ["_services"]

ENGINES = ["oxigraph_server", "virtuoso"]
N = ox.NamedNode
RDFS_LABEL = N("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(params=ENGINES)
def remote(request):
    service = request.getfixturevalue(request.param)
    base = f"http://test.example/{uuid.uuid4().hex}/"
    return RemoteStore(**service.store_options(), base=base, refresh_seconds=0), base


def report_triples(report: str, n: int, label: str = "报告") -> list[ox.Triple]:
    r = N(report)
    out = [
        ox.Triple(
            r,
            N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            N("http://purl.org/linked-data/cube#DataSet"),
        ),
        ox.Triple(r, RDFS_LABEL, ox.Literal(label, language="zh")),
    ]
    for i in range(n):
        obs = N(f"{report}/obs/{i}")
        out += [
            ox.Triple(obs, N("http://purl.org/linked-data/cube#dataSet"), r),
            ox.Triple(
                obs,
                N("http://example.org/amount"),
                ox.Literal(str(1000 + i), datatype=N("http://www.w3.org/2001/XMLSchema#integer")),
            ),
        ]
    return out


def test_replace_list_and_replace_again(remote):
    store, base = remote
    g = base + "id/report/511102/测试局/2022/final"
    store.replace_graphs({g: report_triples(g, 10)})
    assert store.graphs() == {g: 22}
    version = store.version
    store.replace_graphs({g: report_triples(g, 3)})  # a PUT replaces: nothing of the old graph is left
    assert store.graphs() == {g: 8}
    assert store.version != version


def test_default_graph_is_kept_apart_and_dumped_as_default(remote):
    store, base = remote
    g = base + "id/report/1"
    concept = N(base + "id/function/201")
    store.replace_graphs(
        {
            None: [ox.Triple(concept, RDFS_LABEL, ox.Literal("一般公共服务支出", language="zh"))],
            g: report_triples(g, 1),
        }
    )
    assert list(store.graphs()) == [g]
    d = store.describe(concept.value)
    assert any(t.object.value == "一般公共服务支出" for t in d.outgoing)
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    quads = list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))
    assert any(q.subject == concept and q.graph_name == ox.DefaultGraph() for q in quads)
    assert sum(1 for q in quads if q.graph_name == N(g)) == 4


def test_select_formats_ask_construct(remote):
    store, base = remote
    g = base + "id/report/2"
    store.replace_graphs({g: report_triples(g, 5)})
    count = f"SELECT (COUNT(?o) AS ?n) WHERE {{ GRAPH <{g}> {{ ?o <http://purl.org/linked-data/cube#dataSet> ?r }} }}"
    result = store.query(count, 10)
    assert result.form == "solutions"
    assert json.loads(result.body)["results"]["bindings"][0]["n"]["value"] == "5"
    csv_result = store.query(count, 10, formats={"solutions": "text/csv"})
    assert csv_result.body.decode().splitlines() == ["n", "5"]
    xml = store.query(count, 10, formats={"solutions": "application/sparql-results+xml"})
    assert b"<sparql" in xml.body
    ask = store.query(f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", 10)
    assert ask.form == "boolean" and json.loads(ask.body)["boolean"] is True
    graph = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
        10,
        formats={"graph": "text/turtle"},
    )
    assert graph.form == "graph" and graph.media_type == "text/turtle"
    assert len(list(ox.parse(graph.body, format=ox.RdfFormat.TURTLE))) == 12
    capped = store.query(f"SELECT ?s WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", 10, max_rows=3)
    assert capped.truncated and len(json.loads(capped.body)["results"]["bindings"]) == 3


def test_union_default_graph(remote):
    store, base = remote
    g = base + "id/report/3"
    store.replace_graphs({g: report_triples(g, 2)})
    result = store.query(f"SELECT ?o WHERE {{ <{g}> <{RDFS_LABEL.value}> ?o }}", 10)
    assert json.loads(result.body)["results"]["bindings"][0]["o"]["value"] == "报告"


def test_malformed_query_is_a_query_error(remote):
    store, _ = remote
    with pytest.raises(QueryError) as caught:
        store.query("SELECT * WHERE { ?s ?p ?o } LIMITX 3", 10)
    assert caught.value.status == 400
    assert "SPARQLWrapper" not in str(caught.value)


def test_describe_pages_incoming_links(remote):
    store, base = remote
    g = base + "id/report/4"
    store.replace_graphs({g: report_triples(g, 25)})
    d = store.describe(g, page=1, page_size=10)
    assert d.is_graph and d.incoming_total == 25 and len(d.incoming) == 10 and d.has_next
    assert {t.predicate.value for t in d.outgoing} >= {RDFS_LABEL.value}
    last = store.describe(g, page=3, page_size=10)
    assert len(last.incoming) == 5 and not last.has_next
    assert not store.describe(base + "nothing").exists


def test_dump_one_graph_in_turtle(remote):
    store, base = remote
    g = base + "id/report/5"
    store.replace_graphs({g: report_triples(g, 4)})
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.TURTLE, graph=g)
    assert len(list(ox.parse(out.getvalue(), format=ox.RdfFormat.TURTLE))) == 10


def test_drop_graphs(remote):
    store, base = remote
    g = base + "id/report/6"
    store.replace_graphs({g: report_triples(g, 1)})
    store.drop_graphs([g])
    assert store.graphs() == {}


def test_unreachable_engine():
    store = RemoteStore("http://127.0.0.1:9/sparql", refresh_seconds=0)
    with pytest.raises(StoreUnavailable):
        store.query("ASK {}", 2)


def test_query_form_and_terms():
    assert query_form("PREFIX a: <http://a/>\n# comment\nASK { ?s ?p ?o }") == "boolean"
    assert query_form("prefix a: <http://a/> construct { ?s ?p ?o } where { ?s ?p ?o }") == "graph"
    assert query_form("DESCRIBE <http://a>") == "graph"
    assert query_form("SELECT * {}") == "solutions"
    assert term_from_json({"type": "bnode", "value": "nodeID://b10000"}).value.isidentifier()
    typed = term_from_json(
        {"type": "typed-literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    )
    assert typed.datatype.value.endswith("#integer")
