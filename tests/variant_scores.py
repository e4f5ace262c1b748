"""What the converter publishes from each web-page form of a corpus PDF (``tests/variants.py``),
compared with what it publishes from the PDF: figures found, figures under a wrong column, row or item,
identity, refusals. Used by ``bench/variants.py`` and ``tests/test_web_variants.py``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from converter.model import Report
from converter.read.types import ReadDocument
from tests.redate import REDATE_FORMS, shift_years
from tests.variant_cms import CMS_FORMS, cms_variants
from tests.variant_codes import CODELESS_FORMS, codeless_variants
from tests.variants import (
    CORPUS,
    PARTIAL_FORMS,
    PRINTED_FORMS,
    SAMPLE,
    SOURCES,
    WHOLE_FORMS,
    Variant,
    partial_variants,
    printed_variants,
    redated_variants,
    source_paths,
    text_document_tables,
    whole_variants,
)

__all__ = [
    "CMS_FORMS",
    "CODELESS_FORMS",
    "CORPUS",
    "PARTIAL_FORMS",
    "PRINTED_FORMS",
    "REDATE_FORMS",
    "WHOLE_FORMS",
    "Score",
    "all_sources",
    "figure_key",
    "measure",
]


_OPEN = ("unknown", "unknown-row")


def print_audit_row(name: str, form: str, width: int, findings: list, extra: list, limit: int) -> dict:
    """A variant's audit line (its Violations and Warnings, those the PDF's audit does not explain) and up
    to ``limit`` of the unexplained; returns the unexplained counts by severity."""
    counts = {severity: severity_count(extra, severity) for severity in ("Violation", "Warning")}
    print(
        f"{name:<9}{form:<{width}}{severity_count(findings, 'Violation'):>11}"
        f"{severity_count(findings, 'Warning'):>9}{counts['Violation']:>7}{counts['Warning']:>7}"
    )
    for finding in extra[:limit]:
        print(f"      extra {finding.severity} {finding.rule}: {finding.message.split(' / ')[0][:110]}")
    return counts


def severity_count(findings: list, severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity)


def print_listed(score: Score, limit: int) -> None:
    """Up to ``limit`` of a score's missing and wrong figures, under its row (the benches' --list)."""
    for key in score.missing[:limit]:
        print("      missing", key)
    for figure in score.extra[:limit]:
        print("      wrong  ", figure_key(figure), "|", figure.span.locator or figure.span.text[:50])


def figure_key(figure, shift: int = 0) -> tuple:
    """What a figure says: item, statistic, measure, fund, nature, codes and the amount in yuan; with
    ``shift``, as the document re-dated by it says it (a year in an item's name shifted)."""
    return (
        shift_years(figure.item, shift) if shift and figure.item else figure.item,
        figure.statistic,
        figure.measure.value,
        figure.fund,
        figure.nature,
        figure.function.code if figure.function else None,
        figure.economic.code if figure.economic else None,
        figure.value.normalize(),
    )


def identity_of(report: Report) -> dict[str, str | None]:
    region = report.organisation.region
    return {
        "organisation": report.organisation.name,
        "year": str(report.fiscal_year),
        "phase": report.phase.value if report.phase else None,
        "kind": report.kind,
        "region": region.code if region else None,
    }


def _in(span, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= span.start < e for s, e in ranges)


def expected_figures(reference: Report, ranges: list[tuple[int, int]] | None) -> list:
    """The reference's figures a variant holding ``ranges`` of its text must publish: a fact stated
    in the range, as an observation or as a further statement of one."""
    if ranges is None:
        return list(reference.figures)
    return [
        f
        for f in reference.figures
        if _in(f.span, ranges) or any(_in(o.span, ranges) for o in f.other_statements)
    ]


@dataclass
class Score:
    source: str
    form: str
    expected: int = 0
    found: int = 0  # expected figures the variant publishes
    published: int = 0
    wrong: int = 0  # published, not in the reference's set, not flagged as open
    open: int = 0  # published with the column (or row) left open
    identity: list[str] = field(default_factory=list)  # identity fields that differ
    refused: str | None = None
    missing: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def compare(
    source: str, variant: Variant, reference: Report, report: Report | None, error: str | None
) -> Score:
    from collections import Counter

    score = Score(source, variant.form)
    k = variant.shift
    want = Counter(figure_key(f, k) for f in expected_figures(reference, variant.ranges))
    score.expected = sum(want.values())
    if report is None:
        score.refused = error or "refused"
        score.missing = sorted(want.elements(), key=str)
        return score
    got = Counter(figure_key(f) for f in report.figures)
    # a fact the reference states twice with two values (its own inconsistency) may come out either way
    everything = Counter(figure_key(f, k) for f in reference.figures)
    everything |= Counter(figure_key(o, k) for f in reference.figures for o in f.other_statements)
    score.published = len(report.figures)
    score.found = sum((want & got).values())
    score.missing = sorted((want - got).elements(), key=str)
    flagged = Counter(figure_key(f) for f in report.figures if f.column_inference in _OPEN)
    score.open = sum(flagged.values())
    extra = got - everything - flagged
    score.wrong = sum(extra.values())
    score.extra = [f for f in report.figures if extra[figure_key(f)] > 0 and f.column_inference not in _OPEN]
    expected_identity = identity_of(reference)
    if variant.kind is not None:
        expected_identity["kind"] = variant.kind
    if k and reference.fiscal_year:
        expected_identity["year"] = str(reference.fiscal_year + k)
    actual = identity_of(report)
    score.identity = [k for k, v in expected_identity.items() if actual[k] != v]
    return score


@dataclass
class Source:
    name: str
    doc: ReadDocument  # the PDF(s) as read (joined for a publication in two files)
    report: Report  # what the converter publishes from them
    stem: str


def load_source(name: str, numbers: tuple[str, ...]) -> Source:
    from converter.merge import join_documents
    from converter.pipeline import convert_document, read_document

    paths = source_paths(numbers)
    docs = [read_document(p) for p in paths]
    if len(docs) == 1:
        doc, report = docs[0], convert_document(docs[0], paths[0])
    else:
        doc, parts = join_documents(docs)
        report = convert_document(doc, paths[0], None, parts)
    return Source(name, doc, report, paths[0].stem)


def load_sample() -> Source:
    from converter.pipeline import convert_document, read_document

    doc = read_document(SAMPLE)
    return Source("sample", text_document_tables(doc), convert_document(doc, SAMPLE), SAMPLE.stem)


def variants_of(source: Source, redated: bool = False, codeless: bool = False) -> list[Variant]:
    """The source's forms; with ``redated`` also the re-dated and relabelled ones (tests/redate.py), with
    ``codeless`` the page whose classification tables print no codes (tests/variant_codes.py)."""
    if source.name == "sample":
        return list(partial_variants(source.stem, source.doc, source.report))
    out = [*whole_variants(source.stem, source.doc, source.report)]
    out += printed_variants(source.stem, source.doc, source.report)
    out += partial_variants(source.stem, source.doc, source.report)
    out += cms_variants(source.stem, source.doc, source.report)
    out += list(codeless_variants(source.stem, source.doc, source.report)) if codeless else []
    return out + (list(redated_variants(source.stem, source.doc, source.report)) if redated else [])


def convert_variant(variant: Variant) -> tuple[Report | None, str | None]:
    from converter.pipeline import ConversionError, convert_document
    from converter.read.dispatch import read_bytes
    from converter.read.types import ReadError

    try:
        doc = read_bytes(variant.data, variant.file_name)
        return convert_document(doc, variant.file_name), None
    except (ConversionError, ReadError) as exc:
        return None, str(exc).split(": ", 1)[-1]


def measure(source: Source, forms: tuple[str, ...] | None = None) -> list[Score]:
    scores = []
    redated = bool(forms) and any(f in REDATE_FORMS for f in forms or ())
    codeless = bool(forms) and any(f in CODELESS_FORMS for f in forms or ())
    for variant in variants_of(source, redated, codeless):
        if forms and variant.form not in forms:
            continue
        report, error = convert_variant(variant)
        scores.append(compare(source.name, variant, source.report, report, error))
    return scores


def source_or_skip(name: str) -> Source:
    """The development document ``name`` (101, 211+212 …) read, or the test skipped where it is absent."""
    import pytest

    from tests.conftest import shared_path

    shared_path("corpus", "pdf")
    numbers = dict(SOURCES)[name]
    if len(source_paths(numbers)) != len(numbers):
        pytest.skip(f"needs ../shared/corpus/pdf/{name}_*.pdf")
    return load_source(name, numbers)


def all_sources() -> Iterator[Source]:
    for name, numbers in SOURCES:
        if len(source_paths(numbers)) == len(numbers):
            yield load_source(name, numbers)
    if SAMPLE.exists():
        yield load_sample()


# --- the audit of each form against the PDF's -------------------------------------------------------------


def audit(report: Report):
    """`juesuan validate`'s findings on a report as converted (its own graph)."""
    from converter.emit import emit_report
    from converter.uris import DEFAULT_BASE, UriBuilder
    from converter.validate import validate_graph

    return validate_graph(emit_report(report, UriBuilder(DEFAULT_BASE)).graph(), DEFAULT_BASE).findings


def _printed(finding) -> set[str]:
    return {f.stated for f in finding.figures if f.stated}


def extra_violations(reference: list, variant: list) -> list:
    """The variant's Violations that none of the PDF's explains: a Violation is explained when the PDF's
    audit has one of the same rule, or one about a figure printed the same (the same inconsistency may
    surface under another rule when the reader kept the other of the two figures)."""
    ref = [f for f in reference if f.severity == "Violation"]
    printed = set().union(*(_printed(f) for f in ref)) if ref else set()
    rules = {f.rule for f in ref}
    return [
        f
        for f in variant
        if f.severity == "Violation" and f.rule not in rules and not (_printed(f) & printed)
    ]


def _said(finding, shift: int = 0) -> str:
    """What a finding says, without blanks (a quote may be joined otherwise in a web page's text); with
    ``shift``, as the finding on the document re-dated by it would say it."""
    return re.sub(r"\s+", "", shift_years(finding.message.split(" / ")[0], shift))


def extra_warnings(reference: list, variant: list, shift: int = 0) -> list:
    """The variant's Warnings that none of the PDF's explains. A Warning names what it is about (the
    目录 entry, the table, the sentence, the amounts), so it is explained by a finding of the PDF's
    audit of the same rule saying the same, or one of the same rule about a figure printed the same;
    the same rule alone explains nothing (a second table printed twice is a second finding)."""
    said = {(f.rule, _said(f, shift)) for f in reference}
    printed = {(f.rule, stated) for f in reference for stated in _printed(f)}
    return [
        f
        for f in variant
        if f.severity == "Warning"
        and (f.rule, _said(f)) not in said
        and not any((f.rule, stated) in printed for stated in _printed(f))
    ]
