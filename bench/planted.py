"""Planted-error recall: real documents with one error planted at a time, and what the audit says.

    .venv/bin/python bench/planted.py [-v] [--sites N] [FILE ...]
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
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def cites(f: Finding, regions: list[tuple[int, int]]) -> bool:
    spans = [s for fig in f.figures for s in fig.spans if s.start is not None and s.end is not None]
    return any(s.start < b and a < s.end for s in spans for a, b in regions)


def cites_nothing(f: Finding) -> bool:
    return not any(s.start is not None for fig in f.figures for s in fig.spans)


def judge(plant: Plant, baseline: set[tuple], findings: list[Finding]) -> Outcome:
    out = Outcome(plant)
    regions = plant.regions()
    for f in findings:
        if key(f) in baseline:
            continue
        hit = cites(f, regions) or cites_nothing(f)
        if hit and f.severity in REPORTED:
            out.caught_by.append(f)
        elif hit:
            out.info_by.append(f)
        elif f.severity == "Violation":
            out.collateral.append(f)
    return out


def run_document(path: Path, verbose: bool = False, sites: int = SITES) -> list[Outcome]:
    doc = read_document(path)
    report, findings = audit(doc, path.name)
    baseline = {key(f) for f in findings}
    outcomes: list[Outcome] = []
    seen: set[tuple] = set()
    for planter in PLANTERS:
        for nth in range(sites):
            plant = planter(Context(doc.text, report.fiscal_year, report.organisation.name, nth))
            if plant is None or plant.edits in seen:
                continue
            seen.add(plant.edits)
            outcomes.append(plant_one(doc, path, plant, baseline, verbose))
    return outcomes


def plant_one(doc: ReadDocument, path: Path, plant: Plant, baseline: set[tuple], verbose: bool) -> Outcome:
    try:
        _, planted = audit(splice(doc, plant.edits), path.name)
    except ConversionError as exc:
        outcome = Outcome(plant, error=str(exc))
    else:
        outcome = judge(plant, baseline, planted)
    show(outcome, verbose)
    return outcome


def show(o: Outcome, verbose: bool) -> None:
    if o.error:
        print(f"  ERROR  {o.plant.kind:24} {o.plant.label}: {o.error}")
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
    total = caught = collateral = 0
    print("\nrecall per document")
    for name, outcomes in results.items():
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
    print(f"recall {caught}/{total} = {share}; collateral Violations {collateral}")


def documents(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    return [p for pattern in DEFAULT_DOCS for p in sorted(SHARED.glob(pattern))[:1]]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    sites = int(argv[argv.index("--sites") + 1]) if "--sites" in argv else SITES
    args = [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--sites")]
    paths = documents(args)
    if not paths:
        print(f"no documents: {SHARED} is absent")
        return 2
    results: dict[str, list[Outcome]] = {}
    for path in paths:
        print(path.name)
        results[path.name] = run_document(path, verbose, sites)
    summary(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
