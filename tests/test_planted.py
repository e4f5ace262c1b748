"""bench/planted.py: errors planted one at a time in real documents are reported (the sample always;
../shared/corpus/pdf/101 where present), and the planting itself keeps the reader's offsets true."""

from __future__ import annotations

import pytest

from bench.planted import run_document
from bench.plants import PLANTERS, Context, Edit, splice
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
