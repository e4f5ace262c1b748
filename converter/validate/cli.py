"""``juesuan validate FILE...``: check RDF output against the shapes and the integrity rules.

Exit status: 0 when every report conforms (no Violation), 1 when there are Violations, 2 when
an input is unusable (missing file, unparsable RDF).
"""

from __future__ import annotations

import argparse
import json
import sys

from converter.validate.findings import ValidationOutcome, number
from converter.validate.runner import LoadError, validate_file

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2


def add_validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="FILE", help="RDF files: .ttl .nt .nq .trig .jsonld")
    parser.add_argument("--across", metavar="STORE", default=None,
                        help="run the rules across one organisation's reports in a store (folder or URL)")  # fmt: skip
    parser.add_argument(
        "--format",
        choices=("text", "json", "ttl"),
        default="text",
        help="text (default, for people), json (a list of findings) or ttl (SHACL report + DQV)",
    )
    parser.add_argument(
        "--base", default=None, help="base the IRIs were minted with (default: detected from the data)"
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "pyshacl"),
        default="auto",
        help="SHACL engine for the structural shapes (default: the built-in fast core evaluator)",
    )
    parser.add_argument("--min-severity", choices=("Violation", "Warning", "Info"), default="Info",
                        help="text format: hide findings below this severity")  # fmt: skip


def run_validate(args: argparse.Namespace) -> int:
    if getattr(args, "across", None):
        from converter.validate.across import run_across

        return run_across(args)
    if not args.inputs:
        print("juesuan validate: name RDF files, or --across STORE", file=sys.stderr)
        return EXIT_UNUSABLE
    outcomes: list[tuple[str, ValidationOutcome]] = []
    for path in args.inputs:
        try:  # read by Oxigraph's parser: no rdflib graph on the way (see runner.validate_file)
            outcome = validate_file(path, args.base, engine=getattr(args, "engine", "auto"))
        except LoadError as exc:
            print(f"juesuan validate: {exc}", file=sys.stderr)
            return EXIT_UNUSABLE
        if not outcome.reports:
            print(f"juesuan validate: {path}: no fiscal:Report / qb:DataSet found", file=sys.stderr)
            return EXIT_UNUSABLE
        outcomes.append((path, outcome))
    fmt = getattr(args, "format", "text")
    if fmt == "json":
        findings = [f for _, o in outcomes for f in o.as_json()]
        json.dump(findings, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt == "ttl":
        merged = None
        for _, outcome in outcomes:
            if merged is None:
                merged = outcome.report_graph
            else:
                merged += outcome.report_graph
        sys.stdout.write(merged.serialize(format="turtle"))  # type: ignore[union-attr]
    else:
        print_text(outcomes, getattr(args, "min_severity", "Info"))
    return EXIT_OK if all(o.conforms for _, o in outcomes) else EXIT_VIOLATIONS


LEVEL = {"Violation": 0, "Warning": 1, "Info": 2}
MARK = {"Violation": "✗ Violation", "Warning": "! Warning", "Info": "i Info"}


def print_text(outcomes: list[tuple[str, ValidationOutcome]], min_severity: str = "Info") -> None:
    out = sys.stdout
    for path, outcome in outcomes:
        for report in outcome.reports:
            own = [f for f in outcome.findings if f.report == report]
            counts = {s: sum(f.severity == s for f in own) for s in LEVEL}
            state = "conforms 符合" if counts["Violation"] == 0 else "does not conform 不符合"
            out.write(
                f"{path}: {report}\n  {state}: {counts['Violation']} violation(s), "
                f"{counts['Warning']} warning(s), {counts['Info']} info\n"
            )
            for f in own:
                if LEVEL[f.severity] > LEVEL[min_severity]:
                    continue
                out.write(f"  {MARK[f.severity]} [{f.rule}] {f.message}\n")
                out.write(f"      at {f.focus_node}\n")
                if f.stated is not None or f.computed is not None:
                    within = "" if f.tolerance is None else f", tolerance ±{number(f.tolerance)}"
                    out.write(
                        f"      stated {number(f.stated)}, computed {number(f.computed)}{within} {f.unit or ''}".rstrip()
                        + "\n"
                    )
                shown: set[str] = set()  # a span several figures share is quoted once
                for fig in f.figures:
                    for span in [s for s in fig.spans if s.iri not in shown][:2]:
                        shown.add(span.iri)
                        where = f"chars {span.start}-{span.end}" + (
                            f", page {span.page}" if span.page else ""
                        )
                        text = (span.text or "").replace("\n", " ")
                        if len(text) > 80:
                            text = text[:77] + "…"
                        out.write(f"      « {text} » ({where})\n")
