"""open_store (folder or URL) and `juesuan load`: persistence, bulk writes, resumption by source sha256."""

from __future__ import annotations

import gc
import io
import json

import pyoxigraph as ox
import pytest
from conftest import SAMPLE

from converter.cli import main as juesuan
from server.config import Config
from server.load import load, loaded_sources, split_run
from server.store.embedded import EmbeddedStore
from server.store.factory import guess_endpoints, open_store, remote_options
from server.store.remote import RemoteStore

pytest_plugins = ["_services"]

BASE = Config().base
FISCAL = BASE + "def/fiscal#"


@pytest.fixture(scope="module")
def sample_trig(tmp_path_factory, sample_result):
    path = tmp_path_factory.mktemp("rdf") / "sample.trig"
    sample_result.dataset.serialize(destination=str(path), format="trig", encoding="utf-8")
    return path


def count_graph(store, graph):
    return store.graphs().get(graph, 0)


def test_factory_folder_is_a_persistent_embedded_store(tmp_path):
    folder = tmp_path / "store"
    store = open_store(str(folder), Config(), workers=1)
    assert isinstance(store, EmbeddedStore) and folder.is_dir()
    g = BASE + "id/report/x/y/2022/final"
    store.replace_graphs({g: [ox.Triple(ox.NamedNode(g), ox.NamedNode(FISCAL + "p"), ox.Literal("1"))]})
    store.close()
    del store
    gc.collect()  # EmbeddedStore.close() leaves the RocksDB handle to the garbage collector
    again = open_store(str(folder), Config(), workers=1)
    assert again.graphs() == {g: 1}
    again.close()


def test_factory_url_and_settings():
    store = open_store("http://127.0.0.1:1/sparql", Config(), environ={})
    assert isinstance(store, RemoteStore)
    assert store.gsp_url == "http://127.0.0.1:1/sparql-graph-crud-auth"
    assert guess_endpoints("http://h:7878/query") == {
        "update_url": "http://h:7878/update",
        "gsp_url": "http://h:7878/store",
    }
    env = {"JUESUAN_STORE_GSP_URL": "http://h/gsp", "JUESUAN_STORE_USER": "u", "JUESUAN_STORE_PASSWORD": "p"}
    options = remote_options("http://h/sparql", {"store_update_url": "http://h/upd"}, env)
    assert options == {
        "query_url": "http://h/sparql",
        "update_url": "http://h/upd",
        "gsp_url": "http://h/gsp",
        "user": "u",
        "password": "p",
    }
    assert (
        open_store(None, Config(), environ={"JUESUAN_STORE_URL": "https://e/sparql"}).query_url
        == "https://e/sparql"
    )
    with pytest.raises(ValueError):
        remote_options(None, Config(), {})


def test_load_documents_then_skip_then_force(tmp_path):
    store = open_store(str(tmp_path / "s"), Config(), workers=1)
    first = load(store, [SAMPLE], BASE, quiet=True)
    assert (first.reports, first.skipped, first.failures) == (1, 0, [])
    graphs = store.graphs()
    reports = [g for g in graphs if "/id/report/" in g]
    # the report's graph and its organisations' (the department's, its subordinate unit's)
    assert len(reports) == 1 and len(graphs) == 3 and first.triples == sum(graphs.values())
    assert first.organisation_triples == sum(n for g, n in graphs.items() if "/id/org/" in g) == 8
    assert len(loaded_sources(store, BASE)) == 1
    again = load(store, [SAMPLE], BASE, quiet=True)
    assert (again.reports, again.skipped) == (0, 1)
    forced = load(store, [SAMPLE], BASE, quiet=True, force=True)
    assert forced.reports == 1 and store.graphs() == graphs
    store.close()


def test_load_rdf_resumes_a_half_written_report(tmp_path, sample_trig):
    store = open_store(str(tmp_path / "s"), Config(), workers=1)
    quads = list(ox.parse(path=str(sample_trig), format=ox.RdfFormat.TRIG))
    graph = next(q.graph_name for q in quads if "/id/report/" in q.graph_name.value)
    # an interrupted bulk write: part of the report, without its completion marker (the sha256)
    partial = [q for q in quads[: len(quads) // 2] if q.predicate.value != FISCAL + "sha256"]
    store.oxigraph.bulk_extend(partial)
    assert loaded_sources(store, BASE) == set()
    summary = load(store, [sample_trig], BASE, quiet=True)
    assert summary.reports == 1
    assert count_graph(store, graph.value) == sum(1 for q in quads if q.graph_name == graph)
    assert load(store, [sample_trig], BASE, quiet=True).skipped == 1
    store.close()


def test_split_run_reads_the_marker(sample_trig):
    quads = list(ox.parse(path=str(sample_trig), format=ox.RdfFormat.TRIG))
    graph = next(q.graph_name for q in quads if "/id/report/" in q.graph_name.value).value
    sha = split_run(graph, [q for q in quads if q.graph_name == ox.NamedNode(graph)], FISCAL).sha
    import hashlib

    assert sha == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


def test_cli_load(tmp_path, capsys):
    folder = tmp_path / "cli"
    assert juesuan(["load", str(SAMPLE), "--store", str(folder), "-q"]) == 0
    assert "loaded 1 report(s)" in capsys.readouterr().err
    assert juesuan(["load", str(SAMPLE), "--store", str(folder), "-q"]) == 0
    assert "1 already loaded" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["oxigraph_server", "virtuoso"])
def test_load_into_remote_engines(request, engine, sample_trig):
    service = request.getfixturevalue(engine)
    store = RemoteStore(**service.store_options(), base=BASE, refresh_seconds=0)
    store.drop_graphs(list(store.graphs()))  # the engine is shared with other tests
    summary = load(store, [sample_trig], BASE, quiet=True, force=True)
    assert summary.reports == 1
    graphs = store.graphs()
    graph, count = next((g, n) for g, n in graphs.items() if "/id/report/" in g)
    assert sum(graphs.values()) == summary.triples
    assert load(store, [sample_trig], BASE, quiet=True).skipped == 1
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_TRIPLES, graph=graph)
    assert out.getvalue().count(b"\n") == count
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", 10)
    assert int(json.loads(result.body)["results"]["bindings"][0]["n"]["value"]) == count


def test_marker_deferring_reader_holds_back_exactly_the_marker_lines(tmp_path):
    """Chunk edges anywhere, reads of any size: every line comes out once, on one side or the other."""
    from server.load import MarkerDeferringReader

    marker = f"<{FISCAL}sha256>".encode()
    lines = [f'<urn:s{i}> <urn:p> "甲{i}" <urn:g{i // 3}> .'.encode() for i in range(40)]
    for i in (2, 17, 39):
        lines[i] = f'<urn:d{i}> {marker.decode()} "{i:064d}" <urn:g{i // 3}> .'.encode()
    data = b"\n".join(lines)  # no final newline: the last line must not be lost
    for chunk, size in ((7, 5), (64, 1000), (1 << 20, -1)):
        seen: list[int] = []
        reader = MarkerDeferringReader(io.BytesIO(data), marker, seen.append)
        reader.CHUNK = chunk
        out = b""
        while block := reader.read(size):
            assert size < 0 or len(block) <= size
            out += block
        passed = [line for line in out.split(b"\n") if line]
        assert sorted(passed + reader.deferred) == sorted(lines)
        assert reader.deferred == [lines[2], lines[17], lines[39]]
        assert reader.lines == 40 and seen[-1] == len(data)


def test_fresh_load_goes_through_the_bulk_loader_and_resumes(tmp_path, sample_result, monkeypatch):
    """A fresh store takes a large N-Quads file whole through pyoxigraph's bulk loader; the markers
    follow, so the next run skips every report; a report whose marker is missing is loaded again."""
    import server.load

    calls: list = []
    monkeypatch.setattr(server.load, "BULK_LOADER_MIN_BYTES", 0)
    original = server.load.bulk_load_fresh
    monkeypatch.setattr(server.load, "bulk_load_fresh", lambda *a: calls.append(a) or original(*a))
    path = tmp_path / "sample.nq"
    sample_result.dataset.serialize(destination=str(path), format="nquads", encoding="utf-8")
    store = open_store(str(tmp_path / "fresh"), Config(base=BASE), workers=1, summary=False)
    summary = load(store, [path], BASE, quiet=True)
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    assert summary.reports == 1 and summary.triples == len(quads)
    assert len(calls) == 1
    assert len(store) == len(set(quads))
    assert len(loaded_sources(store, BASE)) == 1
    assert load(store, [path], BASE, quiet=True).skipped == 1
    sha = ox.NamedNode(FISCAL + "sha256")
    for quad in list(store.oxigraph.quads_for_pattern(None, sha, None, None)):
        store.oxigraph.remove(quad)  # as if the run had stopped before the markers
    store._touch()
    again = load(store, [path], BASE, quiet=True)
    assert again.reports == 1 and again.skipped == 0
    assert len(store) == len(set(quads))
    store.close()
    del store
    gc.collect()
