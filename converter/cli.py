"""The ``juesuan`` command: thin argument parsing over the pipeline's pieces."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from converter.batch import document_paths
from converter.rdf_files import RDF_FORMATS, rdf_format, serialise_nquads, write_rdf
from converter.uris import DEFAULT_BASE

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2


def output_format(path: Path) -> str:
    fmt = rdf_format(path)
    if fmt is None:
        raise SystemExit(
            f"juesuan: cannot tell the output format of {path}: use one of {', '.join(sorted(RDF_FORMATS))}"
        )
    return fmt


def _identity_options(args: argparse.Namespace):
    """The identity the command line gives (IdentityHints), or None."""
    from converter.model import IdentitySource
    from converter.parse.identity import IdentityHints

    given = {name: getattr(args, name, None) for name in ("organisation", "region", "year", "phase", "kind")}
    if not any(given.values()) and not args.source_url:
        return None
    return IdentityHints.of(IdentitySource.OPTION, args.source_url, **given)


def _jobs(args: argparse.Namespace):
    """(jobs, error message): the reports to make from the inputs, the manifest and --one-report."""
    from converter.manifest import ManifestError, read_manifest
    from converter.parse.identity import HintError
    from converter.pipeline import jobs_for

    try:
        options = _identity_options(args)
        jobs = read_manifest(args.manifest) if args.manifest else []
    except (HintError, ManifestError) as exc:
        return None, str(exc)
    for job in jobs:
        job.hints = options.over(job.hints) if options else job.hints
    paths = document_paths(args.inputs)
    jobs += jobs_for(paths, options, one_report=args.one_report)
    return jobs, None


def _print_warnings(result, quiet: bool) -> None:
    from converter.parse.document import describe_identity

    for converted in result.converted:
        report = converted.report
        rest = converted.paths[1:]
        label = f"{converted.path} (+ {', '.join(p.name for p in rest)})" if rest else str(converted.path)
        if not quiet:
            print(f"{label}: {describe_identity(report)}", file=sys.stderr)
        missing = [s.title for s in report.missing_sections]
        if missing and not quiet:
            print(f"{label}: warning: sections missing: {'、'.join(missing)}", file=sys.stderr)
        for warning in report.warnings:
            if warning.code == "missing-section":
                continue
            where = ""
            if warning.span is not None:
                page = f"page {warning.span.page}, " if warning.span.page else ""
                where = f" ({page}chars {warning.span.start}-{warning.span.end})"
            if not quiet or warning.code == "unidentified":
                print(f"{label}: warning [{warning.code}]: {warning.message}{where}", file=sys.stderr)


def cmd_convert(args: argparse.Namespace) -> int:
    from converter.emitted import graph_texts, prefixes
    from converter.pipeline import convert_files

    if args.output:
        output_format(Path(args.output))  # before any work: an unknown extension is known now
    for raw in args.inputs:
        if Path(raw).is_dir() and not document_paths([raw]):
            print(f"juesuan convert: no input documents in the folder {raw}", file=sys.stderr)
    jobs, error = _jobs(args)
    if error:
        print(f"juesuan convert: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    if not jobs:
        if not any(Path(raw).is_dir() for raw in args.inputs):
            print("juesuan convert: no input documents", file=sys.stderr)
        return EXIT_UNUSABLE
    folder_given = any(Path(raw).is_dir() for raw in args.inputs) or bool(args.manifest)
    if folder_given and args.output and Path(args.output).suffix.lower() in {".nq", ".trig"}:
        # a folder: every core, one named graph per report streamed to the file, a summary table
        from converter.batch import convert_directory, format_summary

        silent = io.StringIO() if args.quiet else None  # -q: no progress bar, no per-document lines
        summary = convert_directory(
            [],
            Path(args.output),
            args.base,
            workers=args.jobs,
            jobs=jobs,
            progress=silent,
            completeness=not args.quiet,
        )
        if args.quiet:
            for failure in summary.failures:
                print(f"juesuan convert: {failure.path}: {failure.error}", file=sys.stderr)
        else:
            print(format_summary(summary), file=sys.stderr)
        return EXIT_OK if not summary.failures else EXIT_UNUSABLE
    result = convert_files([], args.base, jobs=jobs)
    for _path, message in result.failures:
        print(f"juesuan convert: {message}", file=sys.stderr)
    _print_warnings(result, args.quiet)
    if not result.converted:
        return EXIT_UNUSABLE
    if args.output:
        out = Path(args.output)
        fmt = output_format(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        nquads = result.nquads()  # every report's graph and its organisations' graphs, each triple once
        if fmt == "json-ld":  # rdflib's writer (a Dataset built for it): one named graph per report
            write_rdf(result.dataset, out, fmt)
        else:  # pyoxigraph's writers; a triple format gets the union of the graphs
            out.write_bytes(serialise_nquads(nquads, fmt, prefixes(args.base)))
        figures = sum(len(c.report.figures) for c in result.converted)
        if not args.quiet:
            print(
                f"wrote {out}: {len(result.converted)} report(s), {figures} figures, "
                f"{nquads.count(chr(10))} triples; {len(result.failures)} failure(s)",
                file=sys.stderr,
            )
    else:
        # each report's graph, then the organisations' graphs
        for text in graph_texts(c.emitted for c in result.converted).values():
            sys.stdout.write(serialise_nquads(text, "turtle", prefixes(args.base)).decode("utf-8"))
    return EXIT_OK if not result.failures else EXIT_UNUSABLE


def installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("juesuan")
    except PackageNotFoundError:  # a checkout run without installing
        return "unknown (not installed)"


def _optional(module: str, adder: str, runner: str) -> tuple[Callable, Callable] | None:
    try:
        loaded = __import__(module, fromlist=[adder, runner])
    except ImportError:
        return None
    return getattr(loaded, adder), getattr(loaded, runner)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="juesuan",
        description="Publish Chinese public-sector final accounts (决算) and budgets (预算) as linked data.",
    )
    parser.add_argument("--version", action="version", version=f"juesuan {installed_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    convert = commands.add_parser(
        "convert",
        help="convert documents to RDF",
        description="Convert 决算/预算 documents (text, PDF, HTML) to RDF: one named graph per report.",
    )
    convert.add_argument("inputs", nargs="*", metavar="INPUT", help="documents, or folders of documents")
    convert.add_argument(
        "-o",
        "--output",
        help="output file; format from its extension: .ttl .nt .nq .trig .jsonld (default: Turtle on stdout)",
    )
    convert.add_argument(
        "--base", default=DEFAULT_BASE, help=f"base of every IRI minted (default {DEFAULT_BASE})"
    )
    convert.add_argument(
        "-q", "--quiet", action="store_true", help="print only errors: no warnings, progress bar or summary"
    )
    convert.add_argument(
        "-j", "--jobs", type=int, default=None, help="worker processes for a folder (default: all cores)"
    )
    convert.add_argument(
        "--manifest",
        metavar="CSV",
        help="CSV of path,source_url,organisation,region,year,phase,kind,group: identity per file; "
        "rows of one group are one report",
    )
    convert.add_argument(
        "--one-report",
        action="store_true",
        help="the inputs are ONE publication in several files (a text and a tables PDF, numbered pages)",
    )
    identity = convert.add_argument_group(
        "identity", "supply or override what the documents state (recorded as given by an option)"
    )
    identity.add_argument(
        "--organisation", "--organization", metavar="NAME", help="the reporting body's name"
    )
    identity.add_argument("--region", metavar="CODE", help="its GB/T 2260 region code (e.g. 532623)")
    identity.add_argument("--year", metavar="YYYY", help="the fiscal year")
    identity.add_argument("--phase", metavar="PHASE", help="final (决算) or budget (预算)")
    identity.add_argument(
        "--kind",
        metavar="KIND",
        help="department, unit, consolidated, government, three-public, three-public-summary, performance, "
        "procurement (or 部门, 单位, 汇总 …)",
    )
    identity.add_argument("--source-url", metavar="URL", help="where the document was published")
    convert.set_defaults(handler=cmd_convert)

    for name, module, help_text in (
        ("validate", "converter.validate.cli", "check RDF output against the SHACL shapes"),
        ("serve", "server.cli", "serve the data: dereferenceable IRIs and SPARQL"),
        (
            "load",
            "server.load",
            "load documents or RDF into a persistent store (folder or SPARQL endpoint URL)",
        ),
    ):
        hooks = _optional(module, f"add_{name}_arguments", f"run_{name}")
        if hooks is None:
            continue
        sub = commands.add_parser(name, help=help_text, description=help_text)
        hooks[0](sub)
        sub.set_defaults(handler=hooks[1])

    vocab = commands.add_parser(
        "vocab",
        help="rebuild the SKOS vocabularies, or harvest the codes documents attest",
        description="`vocab build` regenerates ontology/vocab/*.ttl from the CSV sources; "
        "`vocab observe RDF...` harvests the (code, name) pairs converted documents attest, "
        "reconciles them with the national lists and reports conflicts.",
    )
    vocab.add_argument("action", nargs="?", choices=["build", "observe"], default="build")
    vocab.add_argument("inputs", nargs="*", metavar="RDF", help="converted RDF files (observe)")
    vocab.add_argument("--base", default=DEFAULT_BASE)
    vocab.add_argument("--out", "-o", default=None, help="build: output folder; observe: a .ttl file")
    vocab.set_defaults(handler=cmd_vocab)
    return parser


def cmd_vocab(args: argparse.Namespace) -> int:
    if args.action == "observe":
        return cmd_observe(args)
    from converter.vocabulary import build

    argv = ["--base", args.base] + (["--out", args.out] if args.out else [])
    return int(build.main(argv) or 0)


def cmd_observe(args: argparse.Namespace) -> int:
    from converter.vocabulary.observed import harvest, observed_graph, reconcile

    if not args.inputs:
        print("juesuan vocab observe: name converted RDF files to harvest", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        attested = harvest([Path(p) for p in args.inputs], args.base)
    except (OSError, ValueError, SyntaxError) as exc:
        print(f"juesuan vocab observe: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    conflicts = reconcile(attested)
    print(f"{len(attested)} attested (code, name) pairs; {len(conflicts)} conflict(s)")
    for conflict in conflicts:
        print("  " + conflict.line())
    if args.out:
        observed_graph(attested, args.base).serialize(destination=args.out, format="turtle", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
