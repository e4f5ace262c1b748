"""A table whose amounts are shifted against its codes (issue #14): shapes/integrity-shifted.ttl.

The mutation moves, in one table, every coded row's amounts to the next row printed (the first coded row
takes the table's total), as a reader that lost one cell of a column would: what the rule must see from
the codes and amounts alone. pyshacl (the reference engine) runs the shape on 101; the same SPARQL text
runs on pyoxigraph for the other real documents (no finding unmutated, one per shifted table)."""

from __future__ import annotations

import copy
from collections import defaultdict
from functools import cache

import pyoxigraph as ox
import pyshacl
import pytest
from conftest import shared_path
from rdflib import Graph
from rdflib.namespace import RDF, SH

from converter.emit import emit_report
from converter.model import Report
from converter.pipeline import convert_files
from converter.uris import DEFAULT_BASE, UriBuilder
from converter.validate.across import load_rule_file

SHIFTED = "integrity-shifted.ttl"
PDF = "corpus", "pdf"
DOCUMENTS = {
    "101": "101_shanghai_putuo_caizhengju_2024.pdf",
    "108": "108_shanghai_putuo_wanlijiedao_2024_bumenyusuan.pdf",
    "201": "201_chongqing_beibei_xinandaxue_2023_bumenjuesuan.pdf",
}


@cache
def shapes() -> Graph:
    return load_rule_file(SHIFTED, DEFAULT_BASE)


@cache
def query() -> str:
    graph = shapes()
    constraint = next(graph.objects(None, SH.sparql))
    prefixes = "\n".join(
        f"PREFIX {graph.value(d, SH.prefix)}: <{graph.value(d, SH.namespace)}>"
        for holder in graph.objects(constraint, SH.prefixes)
        for d in graph.objects(holder, SH.declare)
    )
    return prefixes + "\n" + str(graph.value(constraint, SH.select)).replace("$this", "?this")


@cache
def converted(key: str) -> Report:
    path = shared_path(*PDF, DOCUMENTS[key])
    return convert_files([path], keep_going=False).converted[0].report


def shifted(report: Report, table: str) -> Report:
    """The report with the amounts of ``table`` one row down against its codes."""
    report = copy.deepcopy(report)
    columns = defaultdict(list)
    for figure in report.figures:
        for statement in (figure, *figure.other_statements):
            if statement.table == table and statement.function is not None:
                columns[statement.column].append(statement)
    assert columns, f"no coded rows in {table}"
    for cells in columns.values():
        cells.sort(key=lambda s: s.span.start)  # the rows as printed
        total = sum(s.value for s in cells if len(s.function.code) == 3)
        for cell, value in zip(cells, [total] + [c.value for c in cells[:-1]], strict=True):
            cell.value = value
    return report


def oxigraph_tables(report: Report) -> list[str]:
    emitted = emit_report(report, UriBuilder(DEFAULT_BASE))
    store = ox.Store()
    store.bulk_extend(ox.parse(emitted.nquads(), format=ox.RdfFormat.N_QUADS))
    rows = store.query(query() + f" VALUES ?this {{ <{emitted.iri}> }}", use_default_graph_as_union=True)
    return sorted(row["text"].value for row in rows)


def pyshacl_tables(report: Report) -> list[str]:
    graph = emit_report(report, UriBuilder(DEFAULT_BASE)).graph()
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes(), advanced=True)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = str(results.value(result, SH.resultMessage))
        found.append(message)
    return found


def test_101_by_pyshacl_quiet_then_one_finding_for_the_shifted_table():
    report = converted("101")
    assert pyshacl_tables(report) == []
    messages = pyshacl_tables(shifted(report, "final.expenditure"))
    assert len(messages) == 1  # one per table, whatever the number of rows and columns off
    assert "final.expenditure" in messages[0]


@pytest.mark.parametrize("key", sorted(DOCUMENTS))
def test_real_tables_quiet_and_each_shifted_table_found(key):
    report = converted(key)
    assert oxigraph_tables(report) == []
    tables = sorted(
        {
            s.table
            for f in report.figures
            for s in (f, *f.other_statements)
            if s.table and s.function is not None and len(s.function.code) == 7
        }
    )
    assert tables
    caught = [t for t in tables if oxigraph_tables(shifted(report, t)) == [t]]
    assert caught == tables
