"""PDFs whose tables are printed without ruling lines: what the converter publishes, against the PDF.

    .venv/bin/python bench/unruled.py [--only 101 102 ...] [--forms all centred ...] [--list N] [--audit]

(skips cleanly when ../shared/corpus is absent). Many publishers print the template's tables with no
grid (a spreadsheet exported with its borders off, a 三线表 with a rule or two). Each development PDF is
rewritten with every path object (ruling lines, boxes) removed, on every page (``unruled-all``) or on
every second page (``unruled-odd``: a document whose tables are ruled on some pages only), and converted;
the figures are scored against the original PDF's conversion as ``bench/variants.py`` scores a web form
(``tests/variant_scores.compare``): found, wrong (published under no figure of the PDF's, its column not
flagged open; figures kept as ``unmapped`` count here), open. With ``--audit``, also the Violations and
Warnings of each form's audit that the PDF's audit does not explain.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import variant_scores as v  # noqa: E402
from tests.unruled import WHICH, reading, without_rulings  # noqa: E402
from tests.variants import SOURCES, Variant, source_paths  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="sources (101, 102, ...)")
    parser.add_argument("--forms", nargs="*", default=list(WHICH), choices=WHICH, help="forms to score")
    parser.add_argument("--list", type=int, default=0, help="list up to N missing and wrong figures each")
    parser.add_argument("--audit", action="store_true", help="the audit of each form against the PDF's")
    args = parser.parse_args(argv)
    if not v.CORPUS.exists():
        print(f"skipped: {v.CORPUS} is absent (the development corpus)")
        return 0
    totals = {w: [0, 0, 0, 0] for w in args.forms}
    audit = {w: [0, 0] for w in args.forms}
    head = f"{'extraV':>7}{'extraW':>7}" if args.audit else ""
    print(f"{'source':<9}{'form':<14}{'found':>11}{'share':>8}{'wrong':>7}{'open':>6}{head}")
    for name, numbers in SOURCES:
        if "+" in name or (args.only and name not in args.only):
            continue
        paths = source_paths(numbers)
        if not paths:
            continue
        source = v.load_source(name, numbers)
        reference = v.audit(source.report) if args.audit else []
        for which in args.forms:
            variant = Variant(f"unruled-{which}", f"{name}.pdf", without_rulings(paths[0], which), None, None)
            with reading(which):
                report, error = v.convert_variant(variant)
            s = v.compare(name, variant, source.report, report, error)
            share = f"{100 * s.recall:.1f}%"
            extra = _unexplained(reference, report) if args.audit and report is not None else []
            counts = [sum(f.severity == sev for f in extra) for sev in ("Violation", "Warning")]
            audit[which] = [a + b for a, b in zip(audit[which], counts, strict=True)]
            tail = f"{counts[0]:>7}{counts[1]:>7}" if args.audit else ""
            print(
                f"{name:<9}{s.form:<14}{f'{s.found}/{s.expected}':>11}{share:>8}{s.wrong:>7}{s.open:>6}{tail}",
                flush=True,
            )
            for finding in extra[: args.list]:
                print(f"    extra {finding.severity} {finding.rule}: {finding.message.split(' / ')[0][:100]}")
            for k, n in enumerate((s.found, s.expected, s.wrong, s.open)):
                totals[which][k] += n
            for figure in s.missing[: args.list]:
                print("    missing", figure)
            for figure in s.extra[: args.list]:
                print("    wrong  ", v.figure_key(figure))
    for which, (found, expected, wrong, open_) in totals.items():
        share = 100 * found / expected if expected else 100.0
        tail = f"{audit[which][0]:>7}{audit[which][1]:>7}" if args.audit else ""
        print(
            f"all      unruled-{which:<6}{f'{found}/{expected}':>11}{share:>7.1f}%{wrong:>7}{open_:>6}{tail}"
        )
    return 0


def _unexplained(reference: list, report) -> list:
    """The form's Violations and Warnings that the PDF's audit does not explain (as bench/variants.py
    --audit counts them)."""
    findings = v.audit(report)
    return v.extra_violations(reference, findings) + v.extra_warnings(reference, findings)


if __name__ == "__main__":
    raise SystemExit(main())
