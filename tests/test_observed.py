"""The observed layer: (code, name) pairs attested by converted documents, reconciled with the lists."""

from __future__ import annotations

from rdflib import Graph, Namespace

from converter.cli import main
from converter.resolve.names import line_name
from converter.uris import UriBuilder
from converter.vocabulary.observed import harvest, observed_graph, reconcile
from tests.conftest import SAMPLE

F = Namespace(UriBuilder().ontology_namespace)


def test_line_name_keeps_only_the_lines_own_name():
    assert line_name("一、一般公共服务支出") == "一般公共服务支出"
    assert line_name("1、一般公共服务（类）商贸事务（款）行政运行（项）") == "行政运行"
    assert line_name("201 06 08 财政委托业务支出") == "财政委托业务支出"
    assert line_name("“一般公共服务支出（类）") == "一般公共服务支出"


def test_sample_attestations_and_conflicts(tmp_path):
    out = tmp_path / "sample.trig"
    assert main(["convert", str(SAMPLE), "-o", str(out), "-q"]) == 0
    attested = harvest([out])
    pairs = {(a.code, a.label) for a in attested}
    assert ("2011301", "行政运行") in pairs
    assert ("201", "一般公共预算服务支出") in pairs
    conflicts = reconcile(attested)
    kinds = {(c.kind, c.codes) for c in conflicts}
    assert ("name-differs", ("201",)) in kinds  # the document's label for 类 201
    assert ("name-differs", ("2101103",)) in kinds  # item 9: the 项 named in the 款 position
    assert all(c.documents for c in conflicts)
    graph = observed_graph(attested)
    assert len(list(graph.subjects(None, F.Attestation))) == len(attested)


def test_unknown_code_is_reported_not_invented(tmp_path):
    ttl = tmp_path / "made-up.ttl"
    ttl.write_text(
        "@prefix f: <http://127.0.0.1:5000/def/fiscal#> .\n"
        '<http://127.0.0.1:5000/id/function/2999901> f:attestedLabel "火星探测"@zh .\n',
        encoding="utf-8",
    )
    conflicts = reconcile(harvest([ttl]))
    assert [(c.kind, c.codes) for c in conflicts] == [("not-in-lists", ("2999901",))]


def test_observe_command(tmp_path, capsys):
    out = tmp_path / "sample.nq"
    main(["convert", str(SAMPLE), "-o", str(out), "-q"])
    layer = tmp_path / "observed.ttl"
    assert main(["vocab", "observe", str(out), "-o", str(layer)]) == 0
    assert "conflict" in capsys.readouterr().out
    assert len(Graph().parse(layer)) > 50
    assert main(["vocab", "observe", str(tmp_path / "missing.ttl")]) == 2
