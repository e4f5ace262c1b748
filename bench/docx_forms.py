"""The corpus PDFs as Word documents: what the converter publishes from each .docx, against the PDF.

Run: .venv/bin/python bench/docx_forms.py [--only 101 ...] [--forms docx docx-lines] [--list N] [--audit]
(skips cleanly when ../shared/corpus is absent). The documents are written by ``tests/docx_forms.py``
from the reader's own output of each PDF: paragraphs, ``w:tbl`` grids with gridSpan / vMerge, a page
break between the PDF's pages (``docx``), or the PDF's lines as paragraphs with Word's rendered page
breaks (``docx-lines``).

Per document and form, as ``bench/variants.py``:

* found     figures of the PDF's conversion the .docx publishes / those it should (all of them)
* wrong     figures the .docx publishes that the PDF's conversion does not, their column not flagged open
* open      figures published with the column or row left open
* identity  identity fields that differ from the PDF's
* refused   the converter refused the .docx (the reason)

With --audit instead: Violations and Warnings of the audit of what each .docx publishes, and those the
PDF's audit does not explain (extra V, extra W), listed with --list.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import variant_scores as v  # noqa: E402
from tests.docx_forms import FORMS, docx_variants  # noqa: E402


def _row(score: v.Score) -> str:
    found = f"{score.found}/{score.expected}"
    ident = ",".join(score.identity) or "ok"
    tail = f"  refused: {score.refused[:70]}" if score.refused else ""
    return (
        f"{score.source:<9}{score.form:<12}{found:>11}{100 * score.recall:>7.1f}%{score.wrong:>7}"
        f"{score.open:>6}{score.published:>6}  {ident}{tail}"
    )


def measure(source: v.Source, forms: tuple[str, ...]) -> list[v.Score]:
    scores = []
    for variant in docx_variants(source.stem, source.doc, source.report, forms):
        report, error = v.convert_variant(variant)
        scores.append(v.compare(source.name, variant, source.report, report, error))
    return scores


def _sources(only: list[str]):
    for source in v.all_sources():
        if source.name != "sample" and (not only or source.name in only):
            yield source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="sources (101, 211+212 ...)")
    parser.add_argument("--forms", nargs="*", default=list(FORMS), choices=FORMS)
    parser.add_argument("--list", type=int, default=0, help="list up to N missing and wrong figures each")
    parser.add_argument("--audit", action="store_true", help="compare the audit of each .docx with the PDF's")
    args = parser.parse_args(argv)
    if not v.CORPUS.exists():
        print("bench/docx_forms.py: ../shared/corpus is absent; nothing to measure")
        return 0
    started = time.perf_counter()
    if args.audit:
        _audit(args)
    else:
        _figures(args)
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


def _figures(args: argparse.Namespace) -> None:
    print(f"{'source':<9}{'form':<12}{'found':>11}{'recall':>8}{'wrong':>7}{'open':>6}{'pub':>6}  identity")
    scores: list[v.Score] = []
    for source in _sources(args.only):
        for score in measure(source, tuple(args.forms)):
            scores.append(score)
            print(_row(score))
            v.print_listed(score, args.list)
    print()
    for form in [*args.forms, None]:
        group = [s for s in scores if form is None or s.form == form]
        expected, found = sum(s.expected for s in group), sum(s.found for s in group)
        print(
            f"{'TOTAL' if form is None else 'form':<9}{form or 'all':<12}{f'{found}/{expected}':>11}"
            f"{100 * found / max(expected, 1):>7.1f}%{sum(s.wrong for s in group):>7}"
            f"{sum(s.open for s in group):>6}{sum(s.published for s in group):>6}  "
            f"{sum(1 for s in group if s.identity)} identity differ, {sum(1 for s in group if s.refused)} refused"
            f" of {len(group)}"
        )


def _audit(args: argparse.Namespace) -> None:
    print(f"{'source':<9}{'form':<12}{'violations':>11}{'warnings':>9}{'extraV':>7}{'extraW':>7}")
    totals = {"Violation": 0, "Warning": 0}
    checked = 0
    for source in _sources(args.only):
        reference = v.audit(source.report)
        print(
            f"{source.name:<9}{'pdf':<12}{v.severity_count(reference, 'Violation'):>11}{v.severity_count(reference, 'Warning'):>9}"
        )
        for variant in docx_variants(source.stem, source.doc, source.report, tuple(args.forms)):
            report, error = v.convert_variant(variant)
            if report is None:
                print(f"{source.name:<9}{variant.form:<12}  refused: {error}")
                continue
            findings = v.audit(report)
            extra = v.extra_violations(reference, findings) + v.extra_warnings(reference, findings)
            counts = v.print_audit_row(source.name, variant.form, 12, findings, extra, args.list)
            totals = {severity: totals[severity] + counts[severity] for severity in totals}
            checked += 1
    print(
        f"\nTOTAL    {checked} documents, {totals['Violation']} Violations and {totals['Warning']} Warnings"
        " the PDF's audit does not explain"
    )


if __name__ == "__main__":
    raise SystemExit(main())
