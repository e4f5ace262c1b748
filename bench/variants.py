"""The corpus PDFs as web pages: what the converter publishes from each form, against the PDF.

Run: .venv/bin/python bench/variants.py [--only 101 ...] [--forms html tabs ...] [--list N]
(skips cleanly when ../shared/corpus is absent). The forms are built by ``tests/variants.py`` from
the reader's own output of each PDF: an HTML page with chrome and ``<table>``s, that page as text a
browser copy gives (tabs; runs of blanks and U+00A0; one cell per line), in traditional characters with
pinyin glosses, as one line, and single sections as pages of their own; on request (--forms redate-5
redate-1 redate+1 unit) the tab page re-dated by k years or relabelled as a 单位's (tests/redate.py).
The page as a CMS prints a document pasted from Word/WPS (``tests/variant_cms.py``): html-split,
html-split-bare, html-headtable, html-word, html-layout, html-thousands, html-titled, html-excel.

Per document and form:

* found     figures of the PDF's conversion (item, statistic, measure, fund, nature, codes, yuan) the
            variant publishes / those it should (all, or for a section page those stated in it)
* wrong     figures the variant publishes that the PDF's conversion does not, their column not flagged
            open: a figure under a wrong column, row or item
* open      figures published with the column or row left open (``fiscal:columnUnknown`` / ``rowUnknown``)
* identity  identity fields (organisation, year, phase, kind, region) that differ from the PDF's
* refused   the converter refused the variant (the reason)

Closing lines: totals per form, and over every variant.

With --codes, per document the ``nocodes-html`` and ``nocodes-tabs`` forms (tests/variant_codes.py: the
功能分类 / 经济分类 tables without their code columns, as a page and as its tab text; --forms picks one)
instead, figure by figure and row by row of those tables: given back their printed code (same), left
unmapped, given another code (other: must be 0), not published under their column and row (lost).

With --audit, per document and form instead the audit (`juesuan validate` on what the form publishes)
against the PDF's: Violations, Warnings, and those of each the PDF's audit does not explain (extra V,
extra W: a false alarm a web page of that form would raise), listed with --list.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import variant_scores as v  # noqa: E402


def _row(score: v.Score) -> str:
    found = f"{score.found}/{score.expected}"
    share = f"{100 * score.recall:.1f}%"
    ident = ",".join(score.identity) or "ok"
    tail = f"  refused: {score.refused[:70]}" if score.refused else ""
    return (
        f"{score.source:<9}{score.form:<14}{found:>11}{share:>8}{score.wrong:>7}{score.open:>6}"
        f"{score.published:>6}  {ident}{tail}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="sources (101, 211+212, sample ...)")
    parser.add_argument("--forms", nargs="*", default=[], help="forms (html, tabs, three-public ...)")
    parser.add_argument("--list", type=int, default=0, help="list up to N missing and wrong figures each")
    parser.add_argument("--audit", action="store_true", help="compare the audit of each form with the PDF's")
    parser.add_argument("--codes", action="store_true", help="codes read back from names (nocodes-html)")
    args = parser.parse_args(argv)
    if args.audit:
        return audit_main(args)
    if args.codes:
        return codes_main(args)
    if not v.CORPUS.exists():
        print("bench/variants.py: ../shared/corpus is absent; nothing to measure")
        return 0
    from converter.resolve.classification import function_classification

    function_classification()
    started = time.perf_counter()
    print(f"{'source':<9}{'form':<14}{'found':>11}{'recall':>8}{'wrong':>7}{'open':>6}{'pub':>6}  identity")
    scores: list[v.Score] = []
    for source in v.all_sources():
        if args.only and source.name not in args.only:
            continue
        for score in v.measure(source, tuple(args.forms) or None):
            scores.append(score)
            print(_row(score))
            v.print_listed(score, args.list)
    print()
    forms = [
        f
        for f in (
            *v.WHOLE_FORMS,
            *v.PRINTED_FORMS,
            *v.CMS_FORMS,
            *v.PARTIAL_FORMS,
            *v.REDATE_FORMS,
            *v.CODELESS_FORMS,
        )
        if any(s.form == f for s in scores)
    ]
    for form in [*forms, None]:
        group = [s for s in scores if form is None or s.form == form]
        expected = sum(s.expected for s in group)
        found = sum(s.found for s in group)
        print(
            f"{'TOTAL' if form is None else 'form':<9}{form or 'all':<14}{f'{found}/{expected}':>11}"
            f"{100 * found / max(expected, 1):>7.1f}%{sum(s.wrong for s in group):>7}"
            f"{sum(s.open for s in group):>6}{sum(s.published for s in group):>6}  "
            f"{sum(1 for s in group if s.identity)} identity differ, {sum(1 for s in group if s.refused)} refused"
            f" of {len(group)}"
        )
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


def codes_main(args: argparse.Namespace) -> int:
    from tests.variant_codes import Recovery, classified_tables, code_recovery, codeless_variants

    if not v.CORPUS.exists():
        print("bench/variants.py: ../shared/corpus is absent; nothing to measure")
        return 0
    started = time.perf_counter()
    fields = ("same", "unmapped", "other", "lost", "rows_same", "rows_unmapped", "rows_other")
    print(f"{'source':<9}{'form':<14}" + "".join(f"{name:>14}" for name in fields))
    total = Recovery()
    for source in v.all_sources():
        if (args.only and source.name not in args.only) or source.name == "sample":
            continue
        for variant in codeless_variants(source.stem, source.doc, source.report):
            if args.forms and variant.form not in args.forms:
                continue
            report, error = v.convert_variant(variant)
            got = code_recovery(source.report, report, classified_tables(source.doc))
            tail = f"  refused: {error[:60]}" if report is None and error else ""
            row = "".join(f"{getattr(got, name):>14}" for name in fields)
            print(f"{source.name:<9}{variant.form:<14}" + row + tail)
            for wording, printed, read in (got.wrong or [])[: args.list or 0]:
                print(f"      other   {wording}: printed {printed}, read {read}")
            for name in fields:
                setattr(total, name, getattr(total, name) + getattr(got, name))
    print(f"{'TOTAL':<9}{'':<14}" + "".join(f"{getattr(total, name):>14}" for name in fields))
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


def audit_main(args: argparse.Namespace) -> int:
    if not v.CORPUS.exists():
        print("bench/variants.py: ../shared/corpus is absent; nothing to measure")
        return 0
    started = time.perf_counter()
    print(f"{'source':<9}{'form':<14}{'violations':>11}{'warnings':>9}{'extraV':>7}{'extraW':>7}")
    totals = {"Violation": 0, "Warning": 0}
    checked = 0
    for source in v.all_sources():
        if args.only and source.name not in args.only:
            continue
        reference = v.audit(source.report)
        print(
            f"{source.name:<9}{'pdf':<14}{v.severity_count(reference, 'Violation'):>11}{v.severity_count(reference, 'Warning'):>9}"
        )
        redated = any(f in v.REDATE_FORMS for f in args.forms)
        for variant in v.variants_of(source, redated, any(f in v.CODELESS_FORMS for f in args.forms)):
            if args.forms and variant.form not in args.forms:
                continue
            report, error = v.convert_variant(variant)
            if report is None:
                print(f"{source.name:<9}{variant.form:<14}  refused: {error}")
                continue
            findings = v.audit(report)
            extra = v.extra_violations(reference, findings) + v.extra_warnings(
                reference, findings, variant.shift
            )
            counts = v.print_audit_row(source.name, variant.form, 14, findings, extra, args.list)
            totals = {severity: totals[severity] + counts[severity] for severity in totals}
            checked += 1
    print(
        f"\nTOTAL    {checked} forms, {totals['Violation']} Violations and {totals['Warning']} Warnings"
        " the PDF's audit does not explain"
    )
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
