"""Planted-error recall: real documents with one error planted at a time, and what the audit says.

    .venv/bin/python bench/planted.py [-v] [--sites N] [--kinds k1,k2] [--form FORM] [FILE ...]
        (default: ../shared/corpus/pdf/101_*.pdf, 201_*.pdf, 204_*.pdf and ../shared/seeds/000_*.txt)

Each document is read once; its audit is the baseline. Then for each kind of error of bench/plants.py,
at each of the first --sites places (3) the document has for it, one at a time,
the error is planted in the text the reader gave (table cells
follow their text: bench.plants.splice), the document is parsed, consolidated, emitted and validated
again, and the new findings (those the baseline does not have) are compared with the planted span:

- caught: a new Violation or Warning cites a figure read from the planted characters (or, for a
  finding that cites no figure, is new at all): the error is reported;
- info only: only an Info cites it (a rounding, a note): not counted as caught;
- the other new Violations, citing none of the planted characters, are collateral: the planting made
  the audit complain about something that is not the planted error.

Prints one line per planted error, then recall = caught / planted per document and per kind.

With ``--form FORM`` (html, tabs, blanks, cells, one-line, traditional) the planted document is
published as a web page of that form and the page is audited instead (bench/form_plants.py: the
baseline is the unplanted document's page of the same form, the planted characters are where the two
pages' read texts differ; a plant the page does not show is reported apart, as not rendered).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.form_plants import FormBench  # noqa: E402
from bench.plants import PLANTERS, Context, Plant, splice  # noqa: E402
from converter.emit import emit_report  # noqa: E402
from converter.pipeline import ConversionError, convert_document, read_document  # noqa: E402
from converter.read.types import ReadDocument  # noqa: E402
from converter.uris import DEFAULT_BASE, UriBuilder  # noqa: E402
from converter.validate import Finding, validate_graph  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_DOCS = ("corpus/pdf/101_*.pdf", "corpus/pdf/201_*.pdf", "corpus/pdf/204_*.pdf", "seeds/000_*.txt")
REPORTED = ("Violation", "Warning")
SITES = 3  # places planted per kind and document (the first, second and third the planter finds)


@dataclass
class Outcome:
    plant: Plant
    caught_by: list[Finding] = field(default_factory=list)  # new V/W citing the planted characters
    info_by: list[Finding] = field(default_factory=list)
    collateral: list[Finding] = field(default_factory=list)  # new Violations citing none of them
    error: str | None = None
    unrendered: bool = False  # --form: the page does not show the planted characters

    @property
    def caught(self) -> bool:
        return bool(self.caught_by)


def audit(doc: ReadDocument, name: str) -> tuple[object, list[Finding]]:
    report = convert_document(doc, name)
    emitted = emit_report(report, UriBuilder(DEFAULT_BASE))
    return report, validate_graph(emitted.graph(), DEFAULT_BASE).findings


def key(f: Finding) -> tuple:
    """A finding as the same finding of another conversion: IRIs without the report's own prefix (a
    planted name may change it), stated and computed values (a changed figure changes the finding)."""
    cut = len(f.report)

    def local(s: str | None) -> str:
        return (s or "")[cut:] if (s or "").startswith(f.report) else (s or "")

    return (f.rule, local(f.focus_node), f.path or "", f.stated, f.computed)


# rules whose two values are two printings of one figure: the same disagreement is reported with either
# figure as the one "here" (its stated and computed values swapped)
EITHER_WAY = {"cross-source"}


def disagreements(baseline: set[tuple]) -> set[tuple]:
    """The disagreements the baseline's findings are: a rule between two values (the findings of
    ``key`` that state both)."""
    out = set()
    for rule, _focus, _path, stated, computed in baseline:
        if stated is not None and computed is not None:
            out.add((rule, stated, computed))
            if rule in EITHER_WAY:
                out.add((rule, computed, stated))
    return out


def known(f: Finding, baseline: set[tuple], disagreeing: set[tuple]) -> bool:
    """Whether the unplanted document already has the finding: the same one, or a disagreement it
    already reports between the same two values, now on another figure (a table emptied: the figure
    that disagreed with 326.72 in it is gone, and its copy in another table disagrees as it did)."""
    if key(f) in baseline:
        return True
    return f.stated is not None and f.computed is not None and (f.rule, f.stated, f.computed) in disagreeing


def cites(f: Finding, regions: list[tuple[int, int]]) -> bool:
    spans = [s for fig in f.figures for s in fig.spans if s.start is not None and s.end is not None]
    return any(s.start < b and a < s.end for s in spans for a, b in regions)


def cites_nothing(f: Finding) -> bool:
    return not any(s.start is not None for fig in f.figures for s in fig.spans)


def judge(
    plant: Plant, baseline: set[tuple], findings: list[Finding], regions: list[tuple[int, int]] | None = None
) -> Outcome:
    """The outcome of one plant; ``regions``: where the planted characters are in the text the findings
    cite (the plant's own regions of the planted PDF text by default)."""
    out = Outcome(plant)
    regions = plant.regions() if regions is None else regions
    disagreeing = disagreements(baseline)
    for f in findings:
        if known(f, baseline, disagreeing):
            continue
        hit = cites(f, regions) or cites_nothing(f)
        if hit and f.severity in REPORTED:
            out.caught_by.append(f)
        elif hit:
            out.info_by.append(f)
        elif f.severity == "Violation":
            out.collateral.append(f)
    return out


@dataclass
class Run:
    """How each planted document is audited: as read (the PDF), or published as a page of ``form``."""

    path: Path
    doc: ReadDocument
    form: FormBench | None
    baseline: set[tuple]

    @classmethod
    def of(cls, path: Path, form: str | None) -> tuple[Run, object]:
        doc = read_document(path)
        report, findings = audit(doc, path.name)
        bench = FormBench.of(form, doc, report, path) if form else None
        return cls(path, doc, bench, {key(f) for f in (bench.baseline if bench else findings)}), report

    def outcome(self, plant: Plant, planted: ReadDocument, judging=None) -> Outcome:
        """The audit of the planted document (or of its page), judged by ``judging`` (``judge``)."""
        judging = judging or judge
        try:
            if self.form is None:
                return judging(plant, self.baseline, audit(planted, self.path.name)[1])
            text, _, findings = self.form.audit(planted)
        except ConversionError as exc:
            return Outcome(plant, error=str(exc))
        regions = self.form.regions(text, plant.edits)
        if regions is None:
            return Outcome(plant, unrendered=True)
        return judging(plant, self.baseline, findings, regions)


def run_document(
    path: Path, verbose: bool = False, sites: int = SITES, form: str | None = None, kinds=None
) -> list[Outcome]:
    run, report = Run.of(path, form)
    outcomes: list[Outcome] = []
    seen: set[tuple] = set()
    for planter in PLANTERS:
        if kinds and planter.__name__.replace("_", "-") not in kinds:
            continue
        for nth in range(sites):
            plant = planter(Context(run.doc.text, report.fiscal_year, report.organisation.name, nth))
            if plant is None or plant.edits in seen:
                continue
            seen.add(plant.edits)
            outcome = run.outcome(plant, splice(run.doc, plant.edits))
            show(outcome, verbose)
            outcomes.append(outcome)
    return outcomes


def show(o: Outcome, verbose: bool) -> None:
    if o.error:
        print(f"  ERROR  {o.plant.kind:24} {o.plant.label}: {o.error}")
        return
    if o.unrendered:
        print(f"  UNSHOWN {o.plant.kind:23} the page does not show it\n           {o.plant.label}")
        return
    by = sorted({f"{f.severity[0]}:{f.rule}" for f in o.caught_by}) or sorted(
        {f"I:{f.rule}" for f in o.info_by}
    )
    mark = "caught" if o.caught else "MISSED"
    extra = f"  + {len(o.collateral)} collateral Violation(s)" if o.collateral else ""
    print(f"  {mark:6} {o.plant.kind:24} {' '.join(by) or '-'}{extra}\n           {o.plant.label}")
    if verbose:
        for f in o.collateral:
            print(f"           collateral {f.rule}: {f.message[:150]}")


def summary(results: dict[str, list[Outcome]]) -> None:
    kinds: dict[str, list[bool]] = defaultdict(list)
    total = caught = collateral = unshown = 0
    print("\nrecall per document")
    for name, every in results.items():
        outcomes = [o for o in every if not o.unrendered]  # a page without the error: nothing to find
        unshown += len(every) - len(outcomes)
        hits = sum(o.caught for o in outcomes)
        side = sum(len(o.collateral) for o in outcomes)
        total, caught, collateral = total + len(outcomes), caught + hits, collateral + side
        print(f"  {name[:48]:48} {hits:>3}/{len(outcomes):<3} collateral Violations {side}")
        for o in outcomes:
            kinds[o.plant.kind].append(o.caught)
    print("recall per kind")
    for kind, hits in sorted(kinds.items()):
        print(f"  {kind:48} {sum(hits):>3}/{len(hits):<3}")
    share = f"{caught / total:.0%}" if total else "-"
    print(f"recall {caught}/{total} = {share}; collateral Violations {collateral}", end="")
    print(f"; not shown by the page {unshown}" if unshown else "")


def documents(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    return [p for pattern in DEFAULT_DOCS for p in sorted(SHARED.glob(pattern))[:1]]


def option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def arguments(argv: list[str], valued: set[str]) -> list[str]:
    return [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] not in valued)]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    sites = int(option(argv, "--sites") or SITES)
    form = option(argv, "--form")
    kinds = (option(argv, "--kinds") or "").split(",") if "--kinds" in argv else None
    args = arguments(argv, {"--sites", "--form", "--kinds"})
    paths = documents(args)
    if not paths:
        print(f"no documents: {SHARED} is absent")
        return 2
    results: dict[str, list[Outcome]] = {}
    for path in paths:
        print(path.name)
        results[path.name] = run_document(path, verbose, sites, form, kinds)
    summary(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
