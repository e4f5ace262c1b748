"""Narrative claims against the figures (issue #14): shapes/integrity-claims.ttl run by pyshacl (the
reference engine) over real report graphs, unmutated (no false alarm) and mutated (the rule fires).

Mutations replace the words of a claim by others of the same length in the text the reader gives, so
every table cell and span keeps its offsets; a mutation that a PDF breaks over a line is still found
(white space is skipped when matching and kept when replacing)."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from conftest import SAMPLE, shared_path
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from converter.emit import emit_report
from converter.pipeline import convert_document, read_document
from converter.uris import DEFAULT_BASE, UriBuilder
from converter.validate.across import load_rule_file

PDF_101 = ("corpus", "pdf", "101_shanghai_putuo_caizhengju_2024.pdf")
PDF_108 = ("corpus", "pdf", "108_shanghai_putuo_wanlijiedao_2024_bumenyusuan.pdf")
CLAIMS = "integrity-claims.ttl"
FISCAL = f"{DEFAULT_BASE}def/fiscal#"


@cache
def claim_shapes() -> Graph:
    return load_rule_file(CLAIMS, DEFAULT_BASE)


def run_shapes(graph: Graph) -> list[tuple[str, str, str]]:
    """(rule, severity, the claim's words) of every result pyshacl gives."""
    _, results, _ = pyshacl.validate(graph, shacl_graph=claim_shapes(), advanced=True)
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        rule = str(claim_shapes().value(shape, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        value = results.value(result, SH.value)
        words = str(graph.value(value, URIRef(FISCAL + "claimWords")) or "")
        out.append((rule, str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1], words))
    return sorted(out)


def convert(doc, path: Path):
    report = convert_document(doc, path)
    return report, emit_report(report, UriBuilder(DEFAULT_BASE)).graph()


def mutate(text: str, after: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` after ``after`` replaced by ``new`` (same length without white
    space), white space between the characters kept where it was."""
    assert len(old) == len(new)
    gap = r"\s*"
    anchor = re.search(gap.join(map(re.escape, after)), text)
    assert anchor, f"no {after!r} in the text"
    found = re.compile(gap.join(f"({re.escape(ch)})" for ch in old)).search(text, anchor.end())
    assert found, f"no {old!r} after {after!r}"
    chars = list(text)
    for i, ch in enumerate(new, start=1):
        chars[found.start(i)] = ch
    return "".join(chars)


@pytest.fixture(scope="module")
def doc_101():
    path = shared_path(*PDF_101)
    return path, read_document(path)


@pytest.fixture(scope="module")
def unmutated_101(doc_101):
    return convert(doc_101[1], doc_101[0])


def test_sample_claims_and_no_finding():
    doc = read_document(SAMPLE)
    report, graph = convert(doc, SAMPLE)
    words = [c.words for c in report.claims]
    assert any("比2021年持平" in w for w in words)  # a change in words, no number
    assert any(c.kind == "reason" and c.direction == "increase" for c in report.claims)  # 主要原因是人员增加
    assert len(list(graph.subjects(RDF.type, URIRef(FISCAL + "NarrativeClaim")))) >= 2
    assert run_shapes(graph) == []


def test_101_claims_resolved_to_figures(unmutated_101):
    report, graph = unmutated_101
    budget = [c for c in report.claims if c.basis == "budget"]
    assert len(budget) >= 10  # 决算数小于预算数 / 基本持平 of the total and each 项
    linked = [c for c in budget if c.subject is not None and c.base is not None]
    assert len(linked) >= 10
    for claim in linked:
        assert claim.subject.statistic == "level" and claim.base.statistic == "initial-budget"
        assert claim.subject.key()[:-1] == claim.base.key()[:-1]  # the same dimensions
    # evidence in the graph: type, report, span
    node = next(graph.subjects(RDF.type, URIRef(FISCAL + "NarrativeClaim")))
    assert "/evidence/claim/" in str(node)
    assert graph.value(node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) is not None


def test_101_unmutated_only_its_known_inconsistency(unmutated_101):
    """101 calls 财政拨款收入支出总计 持平 and gives reasons for a decrease (a known inconsistency of the
    document, corpus/expected/101.expected.json): that Warning and nothing else."""
    results = run_shapes(unmutated_101[1])
    assert [(r, s) for r, s, _ in results] == [("claims-reason-claim", "Warning")]
    assert "减少支付" in results[0][2]


def test_101_mutated_claims_fire(doc_101):
    path, doc = doc_101
    text = doc.text
    # the total: 年初预算 2993.92, 决算 2940.05 -> "大于" is false
    text = mutate(text, "完成年初预算的98.20%", "决算数小于预算数", "决算数大于预算数")
    # 行政运行: 1560.05 vs 1511.89 -> "等于" is false; its reason "减少人员经费开支" then points the other way
    text = mutate(text, "年初预算为1560.05", "决算数小于预算数", "决算数等于预算数")
    # 行政单位离退休: 85.55 vs 84.65 -> the difference is 0.90, not 9.16
    text = mutate(text, "年初预算为85.55", "决算数小于预算数的主要原因：", "决算数比预算减少9.16万元")
    # 机关事业单位基本养老保险缴费支出: 161.62 vs 160.75 -> 0.87 is right: no finding
    text = mutate(text, "年初预算为161.62", "决算数小于预算数的主要原因：", "决算数比预算减少0.87万元")
    # 机关运行经费 增长1.40%: a reason of a decrease
    text = mutate(text, "增长1.40%", "略有增加", "略有减少")
    # 一般行政管理事务: 10.00 and 10.00 printed equal, called "小于": a Warning, not a Violation
    text = mutate(text, "年初预算为10.00", "决算数与预算数基本持平", "决算数小于预算数，基本")
    # 行政单位医疗: 62.29 vs 60.99 is 2.09% less, not 19.99%
    text = mutate(text, "年初预算为62.29", "决算数小于预算数的主要原因：", "决算数比预算下降19.99%")
    report, graph = convert(dataclasses.replace(doc, text=text), path)
    results = run_shapes(graph)
    rules = [(r, s, w) for r, s, w in results]
    assert ("claims-direction", "Violation", "决算数大于预算数") in rules
    assert ("claims-direction", "Violation", "决算数等于预算数") in rules
    assert ("claims-size-amount", "Violation", "决算数比预算减少9.16万元") in rules
    assert not any("0.87万元" in w for _, _, w in rules)
    assert ("claims-direction-equal", "Warning", "决算数小于预算数") in rules
    assert ("claims-size-percent", "Violation", "决算数比预算下降19.99%") in rules
    assert any(r == "claims-reason-claim" and "减少人员经费开支" in w for r, _, w in rules)
    assert any(r == "claims-reason-figures" and "略有减少" in w for r, _, w in rules)
    # the total's reason ("…调减") now explains a "大于": that too
    assert any(r == "claims-reason-claim" and "调减" in w for r, _, w in rules)
    # the unmutated claims stay quiet: only the mutations, their reasons and 101's own inconsistency
    assert len(results) == 9, results


def test_108_reason_against_its_figures():
    """108 (a budget) gives 114.00 -> 110.60 (减少2.98%) and the reason "…经费增加": a real inconsistency
    of the document, reported as a Warning; its 持平 clauses (each about the figure before it) are quiet."""
    path = shared_path(*PDF_108)
    report, graph = convert(read_document(path), path)
    assert sum(c.direction == "flat" for c in report.claims) >= 5
    results = run_shapes(graph)
    assert [(r, s) for r, s, _ in results] == [("claims-reason-figures", "Warning")]
    assert "宣传事务一般行政管理事务经费增加" in results[0][2]


def test_removing_a_shape_loses_its_findings(doc_101):
    """A rule is its shape: without shape:claims-direction the mutated 大于 goes unreported."""
    path, doc = doc_101
    text = mutate(doc.text, "完成年初预算的98.20%", "决算数小于预算数", "决算数大于预算数")
    _, graph = convert(dataclasses.replace(doc, text=text), path)
    shapes = Graph()
    for triple in claim_shapes():
        shapes.add(triple)
    shape = URIRef(f"{DEFAULT_BASE}def/shapes#claims-direction")
    for triple in list(shapes.triples((shape, None, None))):
        shapes.remove(triple)
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True)
    words = {
        str(graph.value(results.value(r, SH.value), URIRef(FISCAL + "claimWords")))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }
    assert "决算数大于预算数" not in words
    assert words  # the other claims rules still run (the reasons now contradict the 大于)
