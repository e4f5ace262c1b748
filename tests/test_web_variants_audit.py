"""The audit of the corpus PDFs' web-page forms (tests/variants.py) against the audit of the PDFs: a form
raises no Violation the PDF's audit does not explain. A web page whose tables are flattened to text is
read with some columns inferred or left open; a sum that misses such a figure, or a line of no known
item summed with the rest, is the reader's gap, not the publisher's error (issue #14: no false alarms
on kept-back web pages). bench/variants.py --audit prints the same comparison for every document."""

from __future__ import annotations

import pytest

from tests import variant_scores as v
from tests.conftest import shared_path
from tests.variants import SOURCES

DOCUMENTS = ("101", "201", "204")
FORMS = ("html", "tabs", "blanks", "cells", "traditional", "one-line")


@pytest.fixture(scope="module", params=DOCUMENTS)
def source(request) -> v.Source:
    shared_path("corpus", "pdf")
    numbers = dict(SOURCES)[request.param]
    if len(v.source_paths(numbers)) != len(numbers):
        pytest.skip(f"needs ../shared/corpus/pdf/{request.param}_*.pdf")
    return v.load_source(request.param, numbers)


def test_no_form_raises_a_violation_the_pdf_does_not(source):
    reference = v.audit(source.report)
    extra = {}
    for variant in v.variants_of(source):
        if variant.form not in FORMS:
            continue
        report, error = v.convert_variant(variant)
        assert report is not None, f"{source.name} {variant.form} refused: {error}"
        found = v.extra_violations(reference, v.audit(report))
        if found:
            extra[variant.form] = [f"{f.rule}: {f.message[:120]}" for f in found]
    assert extra == {}, f"{source.name}: Violations the PDF's audit does not raise: {extra}"


def test_the_comparison_sees_a_new_violation(source):
    """The control: a Violation of a rule the PDF's audit does not raise, on figures it does not name,
    is extra."""
    from converter.validate.findings import FigureRef, Finding

    reference = v.audit(source.report)
    planted = Finding(
        severity="Violation", rule="planted-rule", message="m", report="r", focus_node="f",
        figures=[FigureRef(iri="f", role="stated", stated="123,456,789.01")],
    )  # fmt: skip
    assert v.extra_violations(reference, [*reference, planted]) == [planted]


def test_a_table_printed_empty_as_text_is_printed(source):
    """204's 政府性基金支出预算表 prints its 单位 line, header and an empty 合计: in the text forms it was
    taken as not printed (a false completeness-missing-section Warning)."""
    if source.name != "204":
        pytest.skip("204's empty table")
    variant = next(x for x in v.variants_of(source) if x.form == "tabs")
    report, _ = v.convert_variant(variant)
    assert report is not None
    assert "table:budget.government_fund" in report.coverage
