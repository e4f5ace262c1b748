"""What a rewritten document publishes beside the unrewritten one: the comparison bench/paraphrase.py
(the narrative's wording) and bench/restructure.py (the document's layout) share.

A ``Row`` is one rewrite of one document: the places it rewrote, the narrative figures and claims kept /
lost / changed / added (tests/paraphrase.py ``tally``), the table figures likewise (a layout rewrite
moves the tables; a wording rewrite leaves them alone) and the audit's new Violations and Warnings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bench.planted import audit, disagreements, key, known
from converter.pipeline import ConversionError, convert_document
from converter.read.types import ReadDocument
from tests import paraphrase as p

HEAD = (
    f"{'doc':<8}{'rule':<22}{'sites':>6}  {'figures k/l/c/a':>18}  {'claims k/l/c/a':>16}"
    f"  {'tables k/l/c/a':>16}{'+V':>4}{'+W':>4}"
)


@dataclass
class Baseline:
    """The unrewritten document's conversion: what each rewrite is compared with."""

    report: object
    keys: set[tuple]
    figures: list[tuple[tuple, tuple]]
    claims: list[tuple[tuple, tuple]]
    tables: list[tuple[tuple, tuple]]

    @classmethod
    def of(cls, doc: ReadDocument, name: str) -> Baseline:
        report, findings = audit(doc, name)
        return cls(report, {key(f) for f in findings}, p.figure_pairs(report), p.claim_pairs(report),
                   p.table_figure_pairs(report))  # fmt: skip


@dataclass
class Row:
    sites: int = 0
    figures: p.Tally = field(default_factory=p.Tally)
    claims: p.Tally = field(default_factory=p.Tally)
    tables: p.Tally = field(default_factory=p.Tally)
    violations: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def __iadd__(self, other: Row) -> Row:
        self.sites += other.sites
        self.figures += other.figures
        self.claims += other.claims
        self.tables += other.tables
        self.violations += other.violations
        self.warnings += other.warnings
        return self

    def line(self, doc: str, rule: str) -> str:
        return (
            f"{doc:<8}{rule:<22}{self.sites:>6}  {_ratio(self.figures):>18}  {_ratio(self.claims):>16}"
            f"  {_ratio(self.tables):>16}{len(self.violations):>4}{len(self.warnings):>4}"
        )

    def listing(self, n: int) -> list[str]:
        out: list[str] = []
        for label, t in (("fig", self.figures), ("claim", self.claims), ("table", self.tables)):
            short = (lambda k: k[:2]) if label == "claim" else (lambda k: k)
            out += [f"      lost {label:<6}{short(k)} {v}" for k, v in t.lost_keys[:n]]
            out += [f"      WRONG {label:<5}{short(k)} {a} -> {b}" for k, a, b in t.changed_keys[:n]]
            out += [f"      added {label:<5}{short(k)} {v}" for k, v in t.added_keys[:n]]
        for f in (self.violations + self.warnings)[:n]:
            out.append(f"      + {f.severity} {f.rule} {(f.message or '')[:120]}")
        return out


def _ratio(t: p.Tally) -> str:
    return f"{t.kept}/{t.lost}/{t.changed}/{t.added}"


def _added(baseline: set[tuple], findings: list, severity: str) -> list:
    disagreeing = disagreements(baseline)
    return [f for f in findings if f.severity == severity and not known(f, baseline, disagreeing)]


def measure(base: Baseline, rewritten: ReadDocument, name: str, sites: int, no_audit: bool = False) -> Row:
    """The rewritten document converted (and audited) and compared with the baseline; raises
    ConversionError where the rewritten document is refused."""
    if no_audit:
        report, findings = convert_document(rewritten, name), []
    else:
        report, findings = audit(rewritten, name)
    return Row(
        sites,
        p.tally(base.figures, p.figure_pairs(report)),
        p.tally(base.claims, p.claim_pairs(report)),
        p.tally(base.tables, p.table_figure_pairs(report)),
        _added(base.keys, findings, "Violation"),
        _added(base.keys, findings, "Warning"),
    )


class Totals:
    """The rows of every document, summed per rule."""

    def __init__(self) -> None:
        self.rows: dict[str, Row] = defaultdict(Row)

    def add(self, rule: str, row: Row) -> None:
        self.rows[rule] += row

    def report(self, doc: str, rule: str, sites: int, row: Row | str, listed: int) -> None:
        """Print one document's row for ``rule`` (or why it was refused) and add it to the totals."""
        if isinstance(row, str):
            print(f"{doc:<8}{rule:<22}{sites:>6}  {row}")
            return
        self.add(rule, row)
        print(row.line(doc, rule))
        for line in row.listing(listed):
            print(line)

    def print(self, rules: list[str]) -> None:
        print()
        print(HEAD.replace("doc", "ALL"))
        for r in rules:
            if r in self.rows:
                print(self.rows[r].line("", r))


def run_one(base: Baseline, rewritten: ReadDocument, name: str, sites: int, no_audit: bool) -> Row | str:
    """``measure``, or the reason the rewritten document was refused."""
    try:
        return measure(base, rewritten, name, sites, no_audit)
    except ConversionError as exc:
        return f"refused: {exc}"
