"""bench/planted.py: errors planted one at a time in real documents are reported (the sample always;
../shared/corpus/pdf/101 where present), and the planting itself keeps the reader's offsets true."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from bench import plants_more as more
from bench.planted import run_document
from bench.plants import PLANTERS, Context, Edit, splice
from bench.plants_more import MoreContext, table_blocks
from converter.read.types import Cell, Page, ReadDocument, SourceDocument, Table
from tests.conftest import SAMPLE, shared_path


def test_splice_moves_offsets_and_changes_the_cell_it_edits():
    text = "合计\t12.50\t3.00\n下一行"
    cells = (Cell("合计", 0, 2), Cell("12.50", 3, 8), Cell("3.00", 9, 13))
    doc = ReadDocument(
        SourceDocument("t.txt", "0", "text/plain", len(text)),
        text,
        (Page(1, 0, len(text), (Table(1, (cells,)),)),),
    )
    planted = splice(doc, (Edit(3, 8, "112.50"), Edit(9, 13, "")))
    assert planted.text == "合计\t112.50\t\n下一行"
    row = planted.pages[0].tables[0].rows[0]
    assert [c.text for c in row] == ["合计", "112.50", ""]
    for c in row:
        assert planted.text[c.start : c.end] == c.text
    assert planted.pages[0].end == len(planted.text)


def _caught(outcomes) -> dict[str, bool]:
    return {f"{o.plant.kind}: {o.plant.label}": o.caught for o in outcomes}


def test_every_error_planted_in_the_sample_is_reported():
    outcomes = run_document(SAMPLE)
    assert len(outcomes) >= 10  # the sample has a place for every kind its text (no tables) can hold
    missed = [k for k, caught in _caught(outcomes).items() if not caught]
    assert not missed, missed
    assert all(o.error is None for o in outcomes)


def test_planters_find_no_place_in_a_text_without_one():
    ctx = Context("第一部分 部门概况\n一、部门职责\n负责全区工作。", 2024, "某某局")
    assert [p(ctx) for p in PLANTERS if p(ctx) is not None] == []


def test_every_error_planted_in_101_is_reported():
    pdfs = sorted(shared_path("corpus", "pdf").glob("101_*.pdf"))
    if not pdfs:
        pytest.skip("no 101_*.pdf in ../shared/corpus/pdf")
    outcomes = run_document(pdfs[0])
    missed = [k for k, caught in _caught(outcomes).items() if not caught]
    assert not missed, missed


def _two_tables() -> ReadDocument:
    text = "收入决算表\n项目\t金额\n合计\t12.50\n\f支出决算表\n项目\t金额\n合计\t3.00\n"
    tables = []
    for title in ("收入决算表", "支出决算表"):
        at = text.index(title) + len(title) + 1
        rows = []
        for line in text[at:].split("\n")[:2]:
            cells = []
            for field in line.split("\t"):
                cells.append(Cell(field, at, at + len(field)))
                at += len(field) + 1
            rows.append(tuple(cells))
        tables.append(Table(0, tuple(rows)))
    page_break = text.index("\f")
    pages = (
        Page(1, 0, page_break, (replace(tables[0], page=1),)),
        Page(2, page_break + 1, len(text), (replace(tables[1], page=2),)),
    )
    return ReadDocument(SourceDocument("t.txt", "0", "text/plain", len(text)), text, pages)


def _cells_true(doc: ReadDocument) -> list[str]:
    out = []
    for page in doc.pages:
        for table in page.tables:
            for row in table.rows:
                for c in row:
                    assert doc.text[c.start : c.end] == c.text
                    assert page.start <= c.start < page.end
            out.append(table.rows[-1][-1].text)
    return out


def test_more_planters_copy_and_swap_whole_tables_with_their_cells():
    doc = _two_tables()
    ctx = MoreContext(doc.text, 2024, "某某局", 0, table_blocks(doc))
    assert [b.title for b in ctx.tables] == ["收入决算表", "支出决算表"]
    twice = more.table_twice(ctx)
    assert _cells_true(more.splice(doc, twice.edits, True)) == ["12.50", "12.50", "3.00"]
    swapped = more.splice(doc, more.tables_swapped(ctx).edits, True)
    assert swapped.text.index("支出决算表") < swapped.text.index("收入决算表")
    assert _cells_true(swapped) == ["3.00", "12.50"]
    emptied = more.splice(doc, more.table_emptied(ctx).edits, True)
    assert "12.50" not in emptied.text and _cells_true(emptied) == ["金额", "3.00"]


def _paged(text: str) -> ReadDocument:
    """A document of form-feed separated pages whose tab lines are table cells: each run of tab
    lines is a table (a page's first run may continue the table of the page before)."""
    pages, at = [], 0
    for number, page_text in enumerate(text.split("\f"), 1):
        tables: list[list[tuple[Cell, ...]]] = [[]]
        offset = at
        for line in page_text.split("\n"):
            if "\t" in line:
                cells, pos = [], offset
                for field in line.split("\t"):
                    cells.append(Cell(field, pos, pos + len(field)))
                    pos += len(field) + 1
                tables[-1].append(tuple(cells))
            elif tables[-1]:
                tables.append([])
            offset += len(line) + 1
        grids = tuple(Table(number, tuple(rows)) for rows in tables if rows)
        pages.append(Page(number, at, at + len(page_text), grids))
        at += len(page_text) + 1
    return ReadDocument(SourceDocument("t.txt", "0", "text/plain", len(text)), text, tuple(pages))


def test_swapped_tables_keep_their_page_breaks():
    """A table printed over two pages and moved keeps its break: each page holds the cells printed on
    it (a page boundary left where it was would fall inside the other table, now there)."""
    text = (
        "收入决算表\n项目\t金额\n一、财政拨款\t10.00\n二、其他收入\t2.50\n\f"
        "合计\t12.50\n\f支出决算表\n项目\t金额\n一、基本支出\t3.00\n二、项目支出\t4.00\n合计\t7.00\n"
    )
    doc = _paged(text)
    ctx = MoreContext(doc.text, 2024, "某某局", 0, table_blocks(doc))
    swapped = more.splice(doc, more.tables_swapped(ctx).edits, True)
    assert swapped.text.index("支出决算表") < swapped.text.index("收入决算表")
    assert _cells_true(swapped) == ["7.00", "2.50", "12.50"]
    firsts = [swapped.text[p.start : p.end].split("\n")[0] for p in swapped.pages]
    assert firsts == ["支出决算表", "收入决算表", "合计\t12.50"]


def test_tables_swapped_on_one_page_are_listed_in_their_new_order():
    """A reader lists a page's tables as printed; the swapped page lists them so (a table listed
    after the one printed below it would be read after it, under its title)."""
    text = "收入决算表\n项目\t金额\n合计\t12.50\n支出决算表\n项目\t金额\n合计\t7.00\n"
    doc = _paged(text)
    ctx = MoreContext(doc.text, 2024, "某某局", 0, table_blocks(doc))
    swapped = more.splice(doc, more.tables_swapped(ctx).edits, True)
    assert _cells_true(swapped) == ["7.00", "12.50"]


def test_more_planters_read_a_sentence_over_its_line_breaks():
    text = "目录\n情况说明\n正文\n情况说明\n决算数小\n于预算数的主要原因：人员减少。完\n成年初预算的98.20%。"
    ctx = Context(text, 2024, "某某局")
    flipped = more.budget_direction(ctx)
    assert [(text[e.start : e.end], e.new) for e in flipped.edits] == [("小\n于", "大于")]
    rate = more.completion_rate(ctx)
    assert [(text[e.start : e.end], e.new) for e in rate.edits] == [("98.20", "99.20")]


def test_a_removed_plant_is_caught_by_its_rules_not_by_any_new_finding():
    """What a removing plant removed cannot be cited: a new Warning of its rules catches it, another
    rule's new Violation stays collateral."""
    from converter.validate.findings import FigureRef, Finding, SpanRef

    elsewhere = [FigureRef("f", "stated", spans=[SpanRef("s", start=500, end=510)])]
    plant = more.table_emptied(
        MoreContext(*(_two_tables().text, 2024, "某某局", 0), table_blocks(_two_tables()))
    )
    own = Finding("Warning", "tables-empty-unexplained", "m", "r", "r/t", figures=elsewhere)
    other = Finding("Violation", "totals-balance", "m", "r", "r/u", figures=elsewhere)
    outcome = more.judge_more(plant, set(), [own, other])
    assert outcome.caught_by == [own] and outcome.collateral == [other]
    assert not more.judge_more(plant, set(), [other]).caught


def test_a_disagreement_the_unplanted_document_has_is_not_new_on_another_figure():
    """101's 总表 prints 326.71 where the detail tables print 326.72: its table emptied, the copy of the
    figure in another table disagrees as it did (another focus, the same rule and values). That is the
    baseline's finding, not collateral; a cross-source pair seen from the other figure (values swapped)
    too. The same values under another rule, or swapped under a rule of a whole and its parts, are new."""
    from decimal import Decimal

    from bench.planted import judge, key
    from converter.validate.findings import FigureRef, Finding, SpanRef

    elsewhere = [FigureRef("f", "stated", spans=[SpanRef("s", start=500, end=510)])]
    a, b = Decimal("3267200"), Decimal("3.2671E+6")

    def finding(rule: str, focus: str, stated: Decimal, computed: Decimal) -> Finding:
        return Finding("Violation", rule, "m", "r", focus, "amount", stated=stated, computed=computed,
                       figures=elsewhere)  # fmt: skip

    baseline = {
        key(finding("cross-source", "r/obs/fc-208", a, Decimal("3267100"))),
        key(finding("totals-balance", "r/obs/total", a, b)),
    }
    plant = more.table_emptied(
        MoreContext(*(_two_tables().text, 2024, "某某局", 0), table_blocks(_two_tables()))
    )
    again = finding("cross-source", "r/obs/gpb/fc-208", a, b)
    swapped = finding("cross-source", "r/obs/gpb/fc-208", b, a)
    other_rule = finding("hierarchy-basic", "r/obs/gpb/fc-208", a, b)
    whole_swapped = finding("totals-balance", "r/obs/total-2", b, a)
    outcome = judge(plant, baseline, [again, swapped, other_rule, whole_swapped])
    assert outcome.collateral == [other_rule, whole_swapped]


def test_procurement_parts_planter_changes_one_part_of_the_sentence_over_its_line_breaks():
    text = (
        "目录\n情况说明\n正文\n情况说明\n政府采购支出总额12.50万元，其中：政府采购货物支出2.50万元、政府采购工\n"
        "程支出0万元、政府采购服务支出10万元。"
    )
    planted = [more.procurement_parts(Context(text, 2024, "某某局", n)) for n in range(4)]
    assert [[(text[e.start : e.end], e.new) for e in p.edits] for p in planted[:3]] == [
        [("2.50", "3.50")],
        [("0", "1")],
        [("10", "11")],
    ]
    assert planted[3] is None


def test_repeated_word_planter_repeats_a_prose_line_end_not_a_heading_or_a_table_row():
    text = (
        "目录\n情况说明\n正文\n情况说明\n一、收入支出决算总体情况说明，包括以下几个方面内容\n"
        "本年收入合计100万元，与上年相比增加10万元，主要原因是人员\n"
        "经费增加，项目支出减少，主要是会议费和培训费减少。\n项目\t本年收入\t本年支出\t合计合计\n"
    )
    planted = [more.repeated_word(Context(text, 2024, "某某局", n)) for n in range(2)]
    at = text.index("经费增加")
    assert [(e.start, e.end, e.new) for e in planted[0].edits] == [(at, at, "人员")]
    assert planted[1] is None


def test_form_plant_regions_are_where_the_planted_page_differs_from_the_unplanted_page():
    from bench.form_plants import differing

    before = "标题\n合计\t2,940.05\t603.14\n说明：收入2940.05万元。\n"
    after = "标题\n合计\t2,941.05\t603.14\n说明：收入2940.05万元。\n"
    regions = differing(before, after)
    assert [after[a:b] for a, b in regions] == ["2,941.05"]
    # one line: only the words that differ, not the run between two edits
    one = "合计 2,940.05 603.14 说明 收入 2940.05 万元"
    two = "合计 2,941.05 603.14 说明 收入 2941.05 万元"
    assert [two[a:b] for a, b in differing(one, two)] == ["2,941.05", "2941.05"]
    assert differing(one, one) == []


def test_a_plant_the_page_does_not_show_is_not_judged():
    from bench.form_plants import FormBench
    from bench.plants import Edit as TextEdit

    bench = FormBench("tabs", "x.tabs.txt", ("t", "o", "2025-06-18"), False, "合计\t12.50\n")
    assert bench.regions("合计\t12.50\n", (TextEdit(0, 5, "13.50"),)) is None
    assert bench.regions("合计\t13.50\n", (TextEdit(0, 5, "13.50"),)) == [(3, 8)]


def _table_figures(report) -> Counter:
    """Every figure read from a table, with the statements merged into it: what the tables say,
    whichever of two tables printing a figure comes first."""
    out: Counter = Counter()
    for primary in report.figures:
        for f in (primary, *primary.other_statements):
            if f.table:
                codes = (f.function.code if f.function else None, f.economic.code if f.economic else None)
                out[(f.table, f.item, f.statistic, f.fund, f.nature, *codes, f.column, f.value)] += 1
    return out


def _swapped_reads_as_in_order(name: str, form: str | None) -> None:
    from bench.planted import Run
    from converter.pipeline import convert_document

    pdfs = sorted(shared_path("corpus", "pdf").glob(f"{name}_*.pdf"))
    run, report = Run.of(pdfs[0], form)

    def figures(doc: ReadDocument) -> Counter:
        if run.form is None:
            return _table_figures(convert_document(doc, pdfs[0].name))
        return _table_figures(convert_document(run.form.read(doc), run.form.name))

    expected = figures(run.doc)
    blocks = table_blocks(run.doc)
    for nth in range(len(blocks) - 1):
        ctx = MoreContext(run.doc.text, report.fiscal_year, report.organisation.name, nth, blocks)
        plant = more.tables_swapped(ctx)
        got = figures(more.splice(run.doc, plant.edits, True))
        assert got == expected, (
            plant.label,
            sorted(expected - got, key=str)[:5],
            sorted(got - expected, key=str)[:5],
        )


def test_201_with_two_tables_swapped_reads_on_a_web_page_as_in_order():
    """Its four tables printed in another order, 201 published as an HTML page gives the figures of
    the page of the document in order (a page break left inside a moved table printed its cells again
    as paragraphs, and the web reader lost the table's continuation)."""
    _swapped_reads_as_in_order("201", "html")


def test_204_with_two_tables_swapped_reads_as_in_order():
    """204 prints several tables on one page: swapped there, each keeps its rows."""
    _swapped_reads_as_in_order("204", None)


def test_101_with_two_tables_swapped_reads_as_blank_separated_text_as_in_order():
    """101 published as blank-separated text, its 收入决算表 printed before its 总表: the 总表's funds
    still place the income table's columns."""
    _swapped_reads_as_in_order("101", "blanks")


def test_210_with_its_income_table_first_reads_it_in_the_unit_of_the_tables_after_it():
    """210's 收入预算表 prints no 单位 line: printed before the 总表 (the document's first table), it is
    read in the 万元 of the tables after it, as in order it is read in the 万元 of the table before it."""
    _swapped_reads_as_in_order("210", None)
