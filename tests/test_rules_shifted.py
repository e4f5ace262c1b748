"""A table whose amounts are shifted against its codes (issue #14): shapes/integrity-shifted.ttl.

The mutation moves, in one table, every coded row's amounts one row down (the first coded row takes the
table's total) or one row up (the last coded row left empty, or taking a total that follows), as a reader
that lost or gained one cell of a column would: what the rule must see from the codes and amounts alone.
pyshacl (the reference engine) runs the shape on 101; the same SPARQL text runs on pyoxigraph for the
other real documents (no finding unmutated, one per shifted table, saying the direction)."""

from __future__ import annotations

import copy
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from conftest import SAMPLE, SHARED, shared_path
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
# every development document (PDFs, naive texts, seeds): no table of them is shifted
DEVELOPMENT = sorted(
    str(p.relative_to(SHARED))
    for p in (*SHARED.glob("corpus/pdf/*.pdf"), *SHARED.glob("corpus/raw/*.txt"), *SHARED.glob("seeds/*.txt"))
)
DOWN, UP = "below", "above"
# the upward part of the query, cut out to show that the upward finding is its own
UP_CLAUSE = "?down || ?statedUp >= 2 && ?statedUp > ?computedUp || ?runUp"


@cache
def shapes() -> Graph:
    return load_rule_file(SHIFTED, DEFAULT_BASE)


@cache
def query(cut: str | None = None) -> str:
    graph = shapes()
    constraint = next(graph.objects(None, SH.sparql))
    prefixes = "\n".join(
        f"PREFIX {graph.value(d, SH.prefix)}: <{graph.value(d, SH.namespace)}>"
        for holder in graph.objects(constraint, SH.prefixes)
        for d in graph.objects(holder, SH.declare)
    )
    text = str(graph.value(constraint, SH.select)).replace("$this", "?this")
    if cut is not None:
        assert cut in text, "the query no longer holds the clause the test cuts"
        text = text.replace(cut, "?down")
    return prefixes + "\n" + text


@cache
def converted(key: str) -> Report:
    path = shared_path(*PDF, DOCUMENTS[key])
    return convert_files([path], keep_going=False).converted[0].report


@cache
def development(name: str) -> tuple[Report, ...]:
    path = shared_path(*Path(name).parts)
    return tuple(c.report for c in convert_files([path], keep_going=True).converted)


def code_of(statement) -> str:
    """The statement's 类/款/项 code, either scheme (a table is of one)."""
    ref = statement.function or statement.economic
    return ref.code


def shifted(
    report: Report,
    table: str,
    direction: str = DOWN,
    last: str = "empty",
    start: str | None = None,
    blocks: tuple[frozenset[str], ...] | None = None,
) -> Report:
    """The report with the amounts of ``table`` one row down (or up) against its codes.

    The rows are taken in the order the national lists print them, depth-first (the codes' order), in
    each block of classes printed one under the other (``blocks``: sets of 类 codes printed side by side
    with the others; one block by default). Down, the first row of a block takes the block's total; up,
    its last row is left empty (0) or, with ``last="total"``, takes the block's total, as the row after
    the block would hand it. With ``start`` (a code) only the rows from that code's row on are moved:
    down, that row is left empty (a cell inserted there); up, the last row is left empty (a cell deleted
    there); a column without that code is left as printed."""
    report = copy.deepcopy(report)
    columns = defaultdict(list)
    for figure in report.figures:
        for statement in (figure, *figure.other_statements):
            if statement.table == table and (statement.function or statement.economic) is not None:
                columns[statement.column].append(statement)
    assert columns, f"no coded rows in {table}"
    for cells in columns.values():
        for block in blocks or (None,):
            rows = sorted((c for c in cells if block is None or code_of(c)[:3] in block), key=code_of)
            _shift_rows(rows, direction, last, start)
    return report


def _shift_rows(rows: list, direction: str, last: str, start: str | None) -> None:
    values = [c.value for c in rows]
    total = sum(c.value for c in rows if len(code_of(c)) == 3)
    starts = [i for i, c in enumerate(rows) if start is None or code_of(c) == start]
    if not starts:
        return  # a column without that row: left as printed
    k = starts[0]
    if direction == DOWN:
        moved = [total if start is None else Decimal(0), *values[k:-1]]
    else:
        moved = [*values[k + 1 :], total if last == "total" and start is None else Decimal(0)]
    for cell, value in zip(rows[k:], moved, strict=True):
        cell.value = value


def coded_tables(report: Report, depth: int = 7) -> list[str]:
    """The tables whose deepest code has ``depth`` digits (7: 类/款/项 tables; 5: 类/款 tables, of at
    least two 类 with 款: a shift of one 类 alone leaves no other 类 to carry its last 款)."""
    deepest: dict[str, int] = defaultdict(int)
    classes: dict[str, set[str]] = defaultdict(set)
    for f in report.figures:
        for s in (f, *f.other_statements):
            if s.table and (s.function or s.economic) is not None:
                deepest[s.table] = max(deepest[s.table], len(code_of(s)))
                if len(code_of(s)) == 5:
                    classes[s.table].add(code_of(s)[:3])
    return sorted(t for t, d in deepest.items() if d == depth and (depth == 7 or len(classes[t]) >= 2))


def oxigraph_findings(report: Report, cut: str | None = None) -> list[tuple[str, str]]:
    """(table, direction) of each finding of the query run by pyoxigraph."""
    emitted = emit_report(report, UriBuilder(DEFAULT_BASE))
    store = ox.Store()
    store.bulk_extend(ox.parse(emitted.nquads(), format=ox.RdfFormat.N_QUADS))
    rows = store.query(query(cut) + f" VALUES ?this {{ <{emitted.iri}> }}", use_default_graph_as_union=True)
    return sorted((row["text"].value, row["enRow"].value) for row in rows)


def oxigraph_tables(report: Report) -> list[str]:
    return [text for text, _ in oxigraph_findings(report)]


def pyshacl_tables(report: Report) -> list[str]:
    graph = emit_report(report, UriBuilder(DEFAULT_BASE)).graph()
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes(), advanced=True)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        # one result, its message in each language
        found.append(" / ".join(sorted(str(m) for m in results.objects(result, SH.resultMessage))))
    return found


@pytest.mark.parametrize("direction", [DOWN, UP])
def test_101_by_pyshacl_quiet_then_one_finding_for_the_shifted_table(direction):
    report = converted("101")
    assert pyshacl_tables(report) == []
    messages = pyshacl_tables(shifted(report, "final.expenditure", direction))
    assert len(messages) == 1  # one per table, whatever the number of rows and columns off
    assert "final.expenditure" in messages[0]
    assert f"one row {direction} their codes" in messages[0]
    assert ("下一行" if direction == DOWN else "上一行") in messages[0]


@pytest.mark.parametrize("direction,last", [(DOWN, "empty"), (UP, "empty"), (UP, "total")])
@pytest.mark.parametrize("key", sorted(DOCUMENTS))
def test_real_tables_quiet_and_each_shifted_table_found(key, direction, last):
    report = converted(key)
    assert oxigraph_tables(report) == []
    tables = coded_tables(report)
    assert tables
    found = {t: oxigraph_findings(shifted(report, t, direction, last)) for t in tables}
    assert found == {t: [(t, direction)] for t in tables}


@pytest.mark.parametrize("key", sorted(DOCUMENTS))
def test_upward_finding_is_the_upward_arithmetic(key):
    """Cut the upward clause out of the query and no upward-shifted table is found (the downward
    arithmetic does not see it): the upward tests above fail without the upward rule."""
    report = converted(key)
    for table in coded_tables(report):
        assert oxigraph_findings(shifted(report, table, UP), cut=UP_CLAUSE) == []


def test_sample_quiet_by_pyshacl():
    report = convert_files([SAMPLE]).converted[0].report
    assert pyshacl_tables(report) == []
    assert oxigraph_tables(report) == []


@pytest.mark.parametrize("name", DEVELOPMENT)
def test_development_documents_quiet(name):
    """No table of a development document is shifted, either way."""
    reports = development(name)
    for report in reports:
        assert oxigraph_findings(report) == []
