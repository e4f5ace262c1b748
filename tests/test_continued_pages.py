"""An article's page 2: a development document's page as text from halfway in, without its title, chrome or
目录. The text is flagged as beginning inside a document, and its audit raises no Violation or Warning the
whole page's does not explain: the sections on page 1 are not missing from the publication (issue #14: no
false alarms on kept-back web pages that begin mid-document). bench/continued.py prints the comparison for
every document and several cuts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.continued import continued
from tests import variant_scores as v


@pytest.mark.parametrize(
    ("name", "at", "form"),
    [
        ("101", 0.5, "tabs"),
        ("204", 0.6, "tabs"),
        ("213+214", 0.4, "tabs"),
        # a 总表's numbered rows with amounts at the top, cells between runs of blanks: no 目录 (72 Warnings before)
        ("102", 0.2, "blanks"),
        # one cell per line, a row's label read as a heading (一、一般公共预算 / 24,458.43)
        ("212", 0.2, "cells"),
        # the rest of a 目录 first (（四）…说明 / 四、名词解释): 8 placeholders-section-unlisted Warnings before
        ("210", 0.1, "tabs"),
        # 一、主要职能 first, 第二部分 …决算表 the first part (a completeness-missing-section Warning before)
        ("101", 0.1, "tabs"),
        # an unnumbered table title first, not a 收支总表, naming no year (a completeness Warning before)
        ("212", 0.5, "tabs"),
    ],
)
def test_a_page_two_is_flagged_and_raises_no_false_alarm(name, at, form):
    _flagged_without_false_alarms(name, form, lambda whole: continued(whole, at))


def _flagged_without_false_alarms(name: str, form: str, cut) -> None:
    """The page ``cut`` makes of ``name``'s ``form`` begins inside the document, and its audit raises
    nothing the whole document's does not explain."""
    source = v.source_or_skip(name)
    whole = next(x for x in v.variants_of(source) if x.form == form)
    reference = v.audit(v.convert_variant(whole)[0])
    page, error = v.convert_variant(cut(whole))
    assert page is not None, error
    assert page.begins_abruptly
    found = v.audit(page)
    assert not v.extra_violations(reference, found)
    assert not v.extra_warnings(reference, found), [f.message for f in v.extra_warnings(reference, found)]


@pytest.mark.parametrize(("form", "mid"), [("tabs", False), ("tabs", True), ("blanks", True)])
def test_figures_before_the_first_heading_of_a_page_two_have_their_context_unread(form, mid):
    """213+214 from inside the sentence that said whose 基本支出 it is ("财政拨款基本支出预算 / 6,442.75万元，
    其中：（一）人员经费…"): the 人员经费 and 公用经费 before the page's first heading are published, flagged
    as read without their context (fiscal:contextUnread) and under no fund (fund:not-read), so the audit
    does not add them up against the tables' 基本支出 of all funds (one false hierarchy-basic before). The
    figures after the first heading keep theirs."""
    source = v.source_or_skip("213+214")
    whole = next(x for x in v.variants_of(source) if x.form == form)
    reference = v.audit(v.convert_variant(whole)[0])
    page, error = v.convert_variant(continued(whole, 0.3, mid))
    assert page is not None, error
    assert page.begins_abruptly
    first = page.text.index("七、一般公共预算支出预算情况说明")
    narrative = [f for f in page.figures if f.table is None and not f.derived]
    leading = [f for f in narrative if f.span.start < first]
    assert {f.nature for f in leading} >= {"personnel", "public-funds"}
    assert all(f.context_unread for f in leading)
    assert {f.fund for f in leading if f.item != "unmapped"} == {"not-read"}
    assert not any(f.context_unread for f in narrative if f.span.start >= first)
    found = v.audit(page)
    assert not v.extra_violations(reference, found), [f.message for f in v.extra_violations(reference, found)]
    assert not v.extra_warnings(reference, found), [f.message for f in v.extra_warnings(reference, found)]


def test_a_whole_document_has_no_figure_of_unread_context():
    source = v.source_or_skip("213+214")
    whole = next(x for x in v.variants_of(source) if x.form == "tabs")
    report = v.convert_variant(whole)[0]
    assert not report.begins_abruptly
    assert not any(f.context_unread or f.fund == "not-read" for f in report.figures)


@pytest.mark.parametrize(("name", "at"), [("108", 0.8), ("109", 0.6)])
def test_a_page_two_beginning_on_a_sentence_end_is_flagged(name, at):
    """A page 2 split inside a table's note: it begins "故本表为空表。" (the words before the comma on the
    page before), then a table title not numbered past the first. Before, it was read as a whole document
    and the sections on page 1 raised a completeness-missing-section Warning."""
    source = v.source_or_skip(name)
    whole = next(x for x in v.variants_of(source) if x.form == "tabs")
    reference = v.audit(v.convert_variant(whole)[0])
    page, error = v.convert_variant(continued(whole, at, mid=True))
    assert page is not None, error
    assert page.text.startswith("故本表为空表。")
    assert page.begins_abruptly
    found = v.audit(page)
    assert not v.extra_violations(reference, found)
    assert not v.extra_warnings(reference, found), [f.message for f in v.extra_warnings(reference, found)]


def _after_a_stop(variant: v.Variant, at: float) -> v.Variant:
    """The text from just after the first 。 inside a line from ``at`` of the way in: a page a site split
    between two sentences."""
    text = variant.data.decode("utf-8")
    stop = text.index("。", int(len(text) * at))
    while text[stop + 1 : stop + 2] == "\n":
        stop = text.index("。", stop + 1)
    return replace(variant, data=text[stop + 1 :].encode("utf-8"), file_name="page-stop.txt")


@pytest.mark.parametrize(("name", "at"), [("108", 0.3), ("204", 0.5)])
def test_a_page_two_split_between_sentences_is_flagged(name, at):
    """A development document's text cut after a 。 in the middle of a line (108: "主要原因是：…", 204: a
    sentence with nothing printed before it): the page begins inside the document (not flagged before)."""
    _flagged_without_false_alarms(name, "tabs", lambda whole: _after_a_stop(whole, at))


def _text_documents() -> list[str]:
    from tests.conftest import SHARED

    found = [*SHARED.glob("corpus/web/*.txt"), *SHARED.glob("corpus/raw/*.txt"), *SHARED.glob("seeds/*.txt")]
    return sorted(str(p.relative_to(SHARED)) for p in found) or ["corpus/web/(absent)"]


@pytest.mark.parametrize("relative", _text_documents())
def test_a_whole_text_document_begins_normally(relative):
    """Every development text (web pages' beginnings with their chrome, pdfminer's text of the PDFs, the
    sample) begins with its own first lines, a title, a cover, a date or a site's chrome: not flagged as
    beginning inside a document by the sentence-end openers or anything else."""
    from converter.pipeline import convert_files
    from tests.conftest import shared_path

    result = convert_files([shared_path(*relative.split("/"))])
    for converted in result.converted:
        assert not converted.report.begins_abruptly


@pytest.mark.parametrize("name", [name for name, _numbers in v.SOURCES])
def test_a_whole_pdf_and_its_whole_pages_begin_normally(name):
    """Each development PDF and each of its whole-page forms (tests/variants.py: html, tabs, blanks, cells,
    traditional, one-line, other columns or units): none begins inside a document."""
    source = v.source_or_skip(name)
    assert not source.report.begins_abruptly
    for variant in v.variants_of(source):
        if variant.form in (*v.WHOLE_FORMS, *v.PRINTED_FORMS):
            report, error = v.convert_variant(variant)
            assert report is not None, error
            assert not report.begins_abruptly, variant.form
