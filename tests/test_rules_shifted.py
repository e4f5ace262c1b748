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
# more documents for the two-level (类/款: economic classification) tables and the partial shifts
MORE = {
    "102": "102_shanghai_putuo_guihuaziranziyuanju_2024.pdf",
    "109": "109_shanghai_putuo_shangwuweiyuanhui_2025_bumenyusuan.pdf",
    "204": "204_jiangsu_gaojirenminfayuan_2017_bumenyusuan.pdf",
    "212": "212_jiangsu_shengweibangongting_2018_bumenyusuan_part2_biao.pdf",
}
# every development document (PDFs, naive texts, seeds): no table of them is shifted
DEVELOPMENT = sorted(
    str(p.relative_to(SHARED))
    for p in (*SHARED.glob("corpus/pdf/*.pdf"), *SHARED.glob("corpus/raw/*.txt"), *SHARED.glob("seeds/*.txt"))
)
DOWN, UP = "below", "above"
# the upward part of the query, cut out to show that the upward finding is its own
UP_CLAUSE = "?down || ?statedUp >= 2 && ?statedUp > ?computedUp || ?runUp"
# the two-level arithmetic, cut out (the three-level one alone does not see a 类/款 table off)
TWO_LEVEL_CUTS = (("?downThree || ?downTwo", "?downThree"), ("?upThree || ?upTwo", "?upThree"))
# the run from some 类 on, cut out (the whole-column comparison alone misses a shift in a table's last part)
RUN_CUTS = (("|| ?runDown AS ?down", "AS ?down"), ("|| ?runUp)", ")"))


@cache
def shapes() -> Graph:
    return load_rule_file(SHIFTED, DEFAULT_BASE)


@cache
def query(cut: str | tuple[tuple[str, str], ...] | None = None) -> str:
    graph = shapes()
    constraint = next(graph.objects(None, SH.sparql))
    prefixes = "\n".join(
        f"PREFIX {graph.value(d, SH.prefix)}: <{graph.value(d, SH.namespace)}>"
        for holder in graph.objects(constraint, SH.prefixes)
        for d in graph.objects(holder, SH.declare)
    )
    text = str(graph.value(constraint, SH.select)).replace("$this", "?this")
    if isinstance(cut, str):
        assert cut in text, "the query no longer holds the clause the test cuts"
        text = text.replace(cut, "?down")
    elif cut is not None:  # (clause, what is left of it)
        for clause, kept in cut:
            assert clause in text, "the query no longer holds the clause the test cuts"
            text = text.replace(clause, kept)
    return prefixes + "\n" + text


@cache
def converted(key: str) -> Report:
    path = shared_path(*PDF, {**DOCUMENTS, **MORE}[key])
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


def oxigraph_findings(
    report: Report, cut: str | tuple[tuple[str, str], ...] | None = None, start: bool = False
) -> list[tuple]:
    """(table, direction) of each finding of the query run by pyoxigraph; with ``start``, also the
    first 类 the finding says is off."""
    emitted = emit_report(report, UriBuilder(DEFAULT_BASE))
    store = ox.Store()
    store.bulk_extend(ox.parse(emitted.nquads(), format=ox.RdfFormat.N_QUADS))
    rows = store.query(query(cut) + f" VALUES ?this {{ <{emitted.iri}> }}", use_default_graph_as_union=True)
    if start:
        return sorted((row["text"].value, row["enRow"].value, row["from"].value) for row in rows)
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


@pytest.mark.parametrize("direction,last", [(DOWN, "empty"), (UP, "empty"), (UP, "total")])
@pytest.mark.parametrize("key", ["101", "102", "108", "204", "212"])
def test_two_level_tables_quiet_and_each_shifted_table_found(key, direction, last):
    """类/款 tables (the economic classification of 基本支出), off in the codes' order: one finding each,
    which the three-level arithmetic alone does not give."""
    report = converted(key)
    tables = coded_tables(report, depth=5)
    assert tables
    found = {t: oxigraph_findings(shifted(report, t, direction, last)) for t in tables}
    assert found == {t: [(t, direction)] for t in tables}
    for table in tables:
        assert oxigraph_findings(shifted(report, table, direction, last), cut=TWO_LEVEL_CUTS) == []


# 101 prints its 基本支出 by 类 side by side: 人员经费 (301, 303) on the left, 公用经费 on the right
SIDE_BY_SIDE = (frozenset({"301", "303"}), frozenset({"302", "307", "310", "399"}))


@pytest.mark.parametrize("direction", [DOWN, UP])
def test_side_by_side_halves_off_each_found_once(direction):
    report = converted("101")
    table = "final.general_basic"
    off = shifted(report, table, direction, blocks=SIDE_BY_SIDE)
    assert oxigraph_findings(off) == [(table, direction)]
    assert oxigraph_findings(off, cut=TWO_LEVEL_CUTS) == []


# a run of rows off from one 类 on: down, the 类 row left empty (a cell inserted); up, the 类 row takes its
# first 款 (a cell deleted) and its own amount is lost. The 类 the finding names: the first, or up a later
# one where the arithmetic needed the lost amount (two levels: the 类 is printed on the earlier 款 of an
# unmoved 类; three levels when its first 款 has one 项, adding up either way). The last field: the
# whole-column comparison alone misses the run in both directions (more 类 add up as printed before it).
PARTIAL = [
    ("108", "budget.expenditure", "212", "212", True),
    ("108", "budget.expenditure", "207", "208", False),
    ("109", "budget.income", "210", "210", False),
    ("201", "final.income", "208", "208", False),
    ("102", "final.expenditure", "212", "220", False),
    ("108", "budget.general_basic", "302", "303", True),
    ("204", "budget.general_basic", "302", "303", True),
    ("101", "final.general_basic", "303", "310", True),
]


@pytest.mark.parametrize("direction", [DOWN, UP])
@pytest.mark.parametrize("key,table,start,up_from,missed", PARTIAL)
def test_partial_shift_one_finding_naming_where_it_starts(key, table, start, up_from, missed, direction):
    report = converted(key)
    off = shifted(report, table, direction, start=start)
    assert oxigraph_findings(off, start=True) == [(table, direction, start if direction == DOWN else up_from)]
    if missed:
        assert oxigraph_findings(off, cut=RUN_CUTS) == []


@pytest.mark.parametrize(
    "case", [("204", "budget.general_basic", DOWN, None), ("108", "budget.expenditure", UP, "207")]
)
def test_two_level_and_partial_by_pyshacl(case):
    key, table, direction, start = case
    messages = pyshacl_tables(shifted(converted(key), table, direction, start=start))
    assert len(messages) == 1
    assert table in messages[0] and f"one row {direction} their codes" in messages[0]
    if start is not None:
        assert "off from class 208 at the latest" in messages[0]
