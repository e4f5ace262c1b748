"""A word printed again over a line break (…事业收入增加\\n增加2,110.3万元…) is read once: the sentence's
figures are those of the text printed without the repeat, and the repeat stays evidence
(shape text-repeated-word)."""

from __future__ import annotations

import pytest

from bench import plants_more as more
from bench.plants import Context
from converter.parse.evidence import read_once
from converter.parse.sections import lines_of
from converter.pipeline import convert_document, read_document
from tests.conftest import shared_path


def test_the_copy_at_the_next_line_start_is_blanked_and_the_line_begins_after_it():
    scan = "基本支出主要用于人员经费和公用经费，事业收入增加\n增加2,110.3万元，主要是科研事业收入增加。\n"
    lines = lines_of(scan)
    blanked, out = read_once(scan, lines, ())
    at = scan.index("\n") + 1
    assert len(blanked) == len(scan) and blanked[at : at + 2] == "  " and blanked[at + 2 :] == scan[at + 2 :]
    assert (
        out[1].text == "2,110.3万元，主要是科研事业收入增加。"
        and blanked[out[1].start : out[1].end] == out[1].text
    )
    assert out[0] == lines[0]


def test_a_word_doubled_within_a_line_is_read_once_offsets_kept():
    scan = "基本支出主要用于人员经费和公用经费，事业收入增加增加2,110.3万元，主要是科研事业收入增加。\n"
    blanked, out = read_once(scan, lines_of(scan), ())
    at = scan.index("增加增加") + 2
    assert blanked == scan[:at] + "  " + scan[at + 2 :]
    assert blanked[out[0].start : out[0].end] == out[0].text


def test_the_copy_after_a_blank_line_is_blanked():
    scan = "基本支出主要用于人员经费和公用经费，事业收入增加\n \n增加2,110.3万元，主要是科研事业收入增加。\n"
    blanked, out = read_once(scan, lines_of(scan), ())
    at = scan.index("\n \n") + 3
    assert blanked == scan[:at] + "  " + scan[at + 2 :]
    assert out[-1].text == "2,110.3万元，主要是科研事业收入增加。"


def test_a_table_row_or_a_short_line_is_left_as_printed():
    scan = "项目\t本年收入\t本年支出合计\n合计\t12.50\t3.00\t合计合计\n"
    assert read_once(scan, lines_of(scan), ()) == (scan, lines_of(scan))


def _figures(report) -> list[tuple]:
    return sorted(
        (f.item, f.statistic, str(f.value), str(f.function), f.fund, f.nature, str(f.comparison_year))
        for f in report.figures
    )


@pytest.mark.parametrize("number", ["201", "210"])
def test_a_repeated_word_does_not_change_the_figures_read(number):
    pdfs = sorted(shared_path("corpus", "pdf").glob(f"{number}_*.pdf"))
    if not pdfs:
        pytest.skip(f"no {number}_*.pdf in ../shared/corpus/pdf")
    doc = read_document(pdfs[0])
    report = convert_document(doc, pdfs[0].name)
    expected = _figures(report)
    changed = []
    for nth in range(40):
        plant = more.repeated_word(Context(doc.text, report.fiscal_year, report.organisation.name, nth))
        if plant is None:
            break
        if _figures(convert_document(more.splice(doc, plant.edits), pdfs[0].name)) != expected:
            changed.append(plant.label)
    assert not changed, changed
