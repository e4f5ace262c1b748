"""The narrative read in other provinces' phrasings: what a paraphrase keeps, loses or misreads.

    .venv/bin/python bench/paraphrase.py [--rules r1,r2] [--only 101,000] [--list N] [--no-audit]

For each development document whose narrative is read (tests/paraphrase.py ``sources``) and each rule
of ``tests.paraphrase.RULES``, one at a time: the rule is applied at every place it matches in the
narrative sentences (not in tables), the document is converted, and what it publishes is compared with
the unparaphrased conversion (bench/rewrites.py):

* figures  narrative figures (item, statistic, fund, nature, codes, project, share base, year, rate
           base -> value): kept / lost / changed (the same figure with another value: wrong) / added
* claims   the narrative's claims (subject, base, what a reason explains -> direction, basis, year,
           amount, percent): kept / lost / changed / added
* tables   the table figures, likewise (a paraphrase of the narrative leaves them alone)
* +V +W    Violations / Warnings of the audit (converter.validate) the unparaphrased audit does not have

Closing lines: per rule over every document.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.rewrites import HEAD, Baseline, Totals, run_one  # noqa: E402
from converter.pipeline import read_document  # noqa: E402
from tests import paraphrase as p  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default="", help="comma-separated rule names")
    parser.add_argument("--only", default="", help="comma-separated documents (101, 101txt, 000 ...)")
    parser.add_argument("--list", type=int, default=0, help="list up to N lost / changed keys each")
    parser.add_argument("--no-audit", action="store_true", help="skip the validator")
    args = parser.parse_args(argv)
    docs = [(n, path) for n, path in p.sources() if not args.only or n in args.only.split(",")]
    if not docs:
        print("bench/paraphrase.py: ../shared is absent; nothing to measure")
        return 0
    rules = [r for r in p.RULES if not args.rules or r.name in args.rules.split(",")]
    started = time.perf_counter()
    print(HEAD)
    totals = Totals()
    for name, path in docs:
        doc = read_document(path)
        base = Baseline.of(doc, path.name)
        ranges = p.narrative_ranges(doc)
        for r in rules:
            planted, sites = p.paraphrased(doc, r, ranges)
            if not sites:
                continue
            row = run_one(base, planted, path.name, sites, args.no_audit)
            totals.report(name, r.name, sites, row, args.list)
    totals.print([r.name for r in rules])
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
