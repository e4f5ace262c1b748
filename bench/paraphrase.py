"""The narrative read in other provinces' phrasings: what a paraphrase keeps, loses or misreads.

    .venv/bin/python bench/paraphrase.py [--rules r1,r2] [--only 101,000] [--list N] [--no-audit]

For each development document whose narrative is read (tests/paraphrase.py ``sources``) and each rule
of ``tests.paraphrase.RULES``, one at a time: the rule is applied at every place it matches in the
narrative sentences (not in tables), the document is converted, and what the narrative publishes is
compared with the unparaphrased conversion:

* figures  narrative figures (item, statistic, fund, nature, codes, project, share base, year, rate
           base -> value): kept / lost / changed (the same figure with another value: wrong) / added
* claims   the narrative's claims (subject, base, what a reason explains -> direction, basis, year,
           amount, percent): kept / lost / changed / added
* +V +W    Violations / Warnings of the audit (converter.validate) the unparaphrased audit does not have

Closing lines: per rule over every document.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.planted import audit, disagreements, key, known  # noqa: E402
from converter.pipeline import ConversionError, read_document  # noqa: E402
from tests import paraphrase as p  # noqa: E402


def _added(baseline: set[tuple], findings: list, severity: str) -> list:
    disagreeing = disagreements(baseline)
    return [f for f in findings if f.severity == severity and not known(f, baseline, disagreeing)]


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
    head = f"{'doc':<8}{'rule':<22}{'sites':>6}  {'figures k/l/c/a':>18}  {'claims k/l/c/a':>16}{'+V':>4}{'+W':>4}"
    print(head)
    per_rule: dict[str, list] = defaultdict(lambda: [0, p.Tally(), p.Tally(), 0, 0])
    for name, path in docs:
        doc = read_document(path)
        base_report, base_findings = audit(doc, path.name)
        baseline = {key(f) for f in base_findings}
        ranges = p.narrative_ranges(doc)
        before_f, before_c = p.figure_pairs(base_report), p.claim_pairs(base_report)
        for r in rules:
            planted, sites = p.paraphrased(doc, r, ranges)
            if not sites:
                continue
            try:
                if args.no_audit:
                    from converter.pipeline import convert_document

                    report, findings = convert_document(planted, path.name), []
                else:
                    report, findings = audit(planted, path.name)
            except ConversionError as exc:
                print(f"{name:<8}{r.name:<22}{sites:>6}  refused: {exc}")
                continue
            tf = p.tally(before_f, p.figure_pairs(report))
            tc = p.tally(before_c, p.claim_pairs(report))
            added_v = _added(baseline, findings, "Violation")
            added_w = _added(baseline, findings, "Warning")
            total = per_rule[r.name]
            total[0] += sites
            total[1] += tf
            total[2] += tc
            total[3] += len(added_v)
            total[4] += len(added_w)
            print(
                f"{name:<8}{r.name:<22}{sites:>6}  {_ratio(tf):>18}  {_ratio(tc):>16}"
                f"{len(added_v):>4}{len(added_w):>4}"
            )
            if args.list:
                _list(tf, tc, added_v + added_w, args.list)
    print()
    print(head.replace("doc", "ALL"))
    for r in rules:
        if r.name in per_rule:
            sites, tf, tc, v, w = per_rule[r.name]
            print(f"{'':<8}{r.name:<22}{sites:>6}  {_ratio(tf):>18}  {_ratio(tc):>16}{v:>4}{w:>4}")
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


def _ratio(t: p.Tally) -> str:
    return f"{t.kept}/{t.lost}/{t.changed}/{t.added}"


def _list(tf: p.Tally, tc: p.Tally, findings: list, n: int) -> None:
    for k, values in tf.lost_keys[:n]:
        print("      lost fig  ", k, values)
    for k, was, now in tf.changed_keys[:n]:
        print("      WRONG fig ", k, was, "->", now)
    for k, values in tf.added_keys[:n]:
        print("      added fig ", k, values)
    for k, values in tc.lost_keys[:n]:
        print("      lost claim", k[:2], values)
    for k, was, now in tc.changed_keys[:n]:
        print("      WRONG claim", k[:2], was, "->", now)
    for k, values in tc.added_keys[:n]:
        print("      added claim", k[:2], values)
    for f in findings[:n]:
        print("      +", f.severity, f.rule, (f.message or "")[:120])


if __name__ == "__main__":
    sys.exit(main())
