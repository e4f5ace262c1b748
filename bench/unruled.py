"""PDFs whose tables are printed without ruling lines: what the converter publishes, against the PDF.

    .venv/bin/python bench/unruled.py [--only 101 102 ...] [--list N]

(skips cleanly when ../shared/corpus is absent). Many publishers print the template's tables with no
grid (a spreadsheet exported with its borders off, a 三线表 with a rule or two). Each development PDF is
rewritten with every path object (ruling lines, boxes) removed, on every page (``unruled-all``) or on
every second page (``unruled-odd``: a document whose tables are ruled on some pages only), and converted;
the figures are scored against the original PDF's conversion as ``bench/variants.py`` scores a web form
(``tests/variant_scores.compare``): found, wrong (published under no figure of the PDF's, its column not
flagged open; figures kept as ``unmapped`` count here), open.
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
    parser.add_argument("--list", type=int, default=0, help="list up to N missing and wrong figures each")
    args = parser.parse_args(argv)
    if not v.CORPUS.exists():
        print(f"skipped: {v.CORPUS} is absent (the development corpus)")
        return 0
    totals = {w: [0, 0, 0, 0] for w in WHICH}
    print(f"{'source':<9}{'form':<14}{'found':>11}{'share':>8}{'wrong':>7}{'open':>6}")
    for name, numbers in SOURCES:
        if "+" in name or (args.only and name not in args.only):
            continue
        paths = source_paths(numbers)
        if not paths:
            continue
        source = v.load_source(name, numbers)
        for which in WHICH:
            variant = Variant(f"unruled-{which}", f"{name}.pdf", without_rulings(paths[0], which), None, None)
            with reading(which):
                report, error = v.convert_variant(variant)
            s = v.compare(name, variant, source.report, report, error)
            share = f"{100 * s.recall:.1f}%"
            print(
                f"{name:<9}{s.form:<14}{f'{s.found}/{s.expected}':>11}{share:>8}{s.wrong:>7}{s.open:>6}",
                flush=True,
            )
            for k, n in enumerate((s.found, s.expected, s.wrong, s.open)):
                totals[which][k] += n
            for figure in s.missing[: args.list]:
                print("    missing", figure)
            for figure in s.extra[: args.list]:
                print("    wrong  ", v.figure_key(figure))
    for which, (found, expected, wrong, open_) in totals.items():
        share = 100 * found / expected if expected else 100.0
        print(f"all      unruled-{which:<6}{f'{found}/{expected}':>11}{share:>7.1f}%{wrong:>7}{open_:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
