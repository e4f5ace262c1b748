"""read -> parse -> consolidate -> emit, for one document, a publication in several files, or many."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from converter.consolidate import consolidate
from converter.emit import bind_prefixes, report_graph
from converter.manifest import Job
from converter.merge import join_documents
from converter.model import Report, SourcePart
from converter.parse.document import NotAReport, parse_report
from converter.parse.identity import IdentityHints
from converter.read import ReadError, read_path
from converter.read.types import ReadDocument
from converter.uris import DEFAULT_BASE, UriBuilder


class ConversionError(Exception):
    """A document that cannot be converted; the message names the file and the problem."""


@dataclass
class Converted:
    path: Path
    report: Report
    iri: URIRef
    graph: Graph
    paths: list[Path] = field(default_factory=list)  # every file of the report (one, or a group)


@dataclass
class ConversionResult:
    dataset: Dataset
    converted: list[Converted] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)


def read_document(path: Path) -> ReadDocument:
    try:
        return read_path(path)
    except ReadError as exc:
        raise ConversionError(f"{path}: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - a reader library failing on a hostile file
        raise ConversionError(f"{path}: could not be read ({type(exc).__name__}: {exc})") from exc


def convert_document(
    doc: ReadDocument,
    path: Path | str,
    hints: IdentityHints | None = None,
    parts: list[SourcePart] | None = None,
) -> Report:
    started = datetime.now(UTC)  # the conversion activity's start (emit stamps its end)
    try:
        report = parse_report(doc, hints, parts) if hints is not None or parts else parse_report(doc)
    except NotAReport as exc:
        raise ConversionError(f"{path}: {exc}") from exc
    except RecursionError as exc:  # pathological nesting in a hostile input
        raise ConversionError(f"{path}: the document is too deeply nested to read") from exc
    except Exception as exc:  # noqa: BLE001 - a layout we have not met must not crash the run
        raise ConversionError(
            f"{path}: could not be parsed ({type(exc).__name__}: {exc}); nothing was published for it, "
            "please report the document"
        ) from exc
    report = consolidate(report)
    report.started_at = report.started_at or started
    return report


def convert_job(job: Job) -> Report:
    """One report from its file(s): several files are read as one publication, each file a part."""
    docs = [read_document(Path(p)) for p in job.paths]
    urls = job.urls or [None] * len(docs)
    if len(docs) == 1:
        hints = job.hints
        if urls[0] and (hints is None or not hints.source_url):
            hints = IdentityHints(source_url=urls[0]).over(hints)
        return convert_document(docs[0], job.paths[0], hints)
    doc, parts = join_documents(docs, urls)
    return convert_document(doc, job.label, job.hints, parts)


def jobs_for(paths: list[Path], hints: IdentityHints | None = None, *, one_report: bool = False) -> list[Job]:
    """Each path its own report, or (``one_report``) all of them one publication."""
    if one_report and paths:
        return [Job([Path(p) for p in paths], hints, [None] * len(paths))]
    return [Job([Path(p)], hints, [None]) for p in paths]


def convert_files(
    paths: list[Path],
    base: str = DEFAULT_BASE,
    *,
    keep_going: bool = True,
    hints: IdentityHints | None = None,
    one_report: bool = False,
    jobs: list[Job] | None = None,
) -> ConversionResult:
    """Convert each document (or each job: a manifest's rows, ``one_report``'s group) into its own
    named graph of one Dataset.

    With ``keep_going`` a failing document is recorded in ``failures`` and the rest go on;
    without it the first failure raises ConversionError.
    """
    uris = UriBuilder(base)
    dataset = Dataset()
    bind_prefixes(dataset, uris)
    result = ConversionResult(dataset)
    for job in jobs if jobs is not None else jobs_for(paths, hints, one_report=one_report):
        try:
            report = convert_job(job)
        except ConversionError as exc:
            if not keep_going:
                raise
            result.failures.append((job.paths[0], str(exc)))
            continue
        iri, graph = report_graph(report, uris, dataset)
        result.converted.append(Converted(job.paths[0], report, iri, graph, list(job.paths)))
    return result
