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
