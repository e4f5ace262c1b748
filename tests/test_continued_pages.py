"""An article's page 2: a development document's page as text from halfway in, without its title, chrome or
目录. The text is flagged as beginning inside a document, and its audit raises no Violation or Warning the
whole page's does not explain: the sections on page 1 are not missing from the publication (issue #14: no
false alarms on kept-back web pages that begin mid-document). bench/continued.py prints the comparison for
every document and several cuts."""

from __future__ import annotations

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
    ],
)
def test_a_page_two_is_flagged_and_raises_no_false_alarm(name, at, form):
    source = v.source_or_skip(name)
    whole = next(x for x in v.variants_of(source) if x.form == form)
    reference = v.audit(v.convert_variant(whole)[0])
    page, error = v.convert_variant(continued(whole, at))
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
