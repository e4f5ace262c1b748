"""read -> parse -> consolidate -> emit, for one document, a publication in several files, or many."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from converter.consolidate import consolidate
from converter.emit import emit_report
from converter.emitted import Emitted, dataset_of, distinct_lines
from converter.manifest import Job
from converter.merge import join_documents
from converter.model import Report, SourcePart
from converter.parse.claims_evidence import extract_claims
from converter.parse.document import NotAReport, parse_report
from converter.parse.identity import IdentityHints
from converter.read import ReadError, read_path
from converter.read.types import ReadDocument
from converter.uris import DEFAULT_BASE, UriBuilder

if TYPE_CHECKING:
    from rdflib import Dataset, Graph, URIRef


class ConversionError(Exception):
    """A document that cannot be converted; the message names the file and the problem."""


@dataclass
class Converted:
    path: Path
    report: Report
    emitted: Emitted  # the report's triples per graph, each term its N-Triples text
    paths: list[Path] = field(default_factory=list)  # every file of the report (one, or a group)

    @cached_property
    def iri(self) -> URIRef:
        from rdflib import URIRef

        return URIRef(self.emitted.iri)

    @cached_property
    def graph(self) -> Graph:
        """The report's own graph as rdflib, built when first asked for."""
        return self.emitted.graph()


@dataclass
class ConversionResult:
    """The reports converted (their quads) and the failures. The quads are what the command line, the batch
    and the stores write; ``dataset`` is the same as an rdflib Dataset, built when first asked for."""

    base: str = DEFAULT_BASE
    converted: list[Converted] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)

    def nquads(self) -> str:
        """Every quad once, as N-Quads: each report's graph, and each organisation's graph (which several
        reports of one organisation state alike)."""
        return "".join(distinct_lines(c.emitted for c in self.converted))

    def quads(self) -> list[ox.Quad]:
        return list(ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS))

    @cached_property
    def dataset(self) -> Dataset:
        """One named graph per report and per organisation, as an rdflib Dataset."""
        return dataset_of((c.emitted for c in self.converted), self.base)


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
    report.claims = extract_claims(report)
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
    result = ConversionResult(uris.base)
    for job in jobs if jobs is not None else jobs_for(paths, hints, one_report=one_report):
        try:
            report = convert_job(job)
        except ConversionError as exc:
            if not keep_going:
                raise
            result.failures.append((job.paths[0], str(exc)))
            continue
        result.converted.append(Converted(job.paths[0], report, emit_report(report, uris), list(job.paths)))
    return result
