"""read -> parse -> consolidate -> emit, for one document or many."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from converter.consolidate import consolidate
from converter.emit import bind_prefixes, report_graph
from converter.model import Report
from converter.parse.document import NotAReport, parse_report
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


def convert_document(doc: ReadDocument, path: Path) -> Report:
    started = datetime.now(UTC)  # the conversion activity's start (emit stamps its end)
    try:
        report = parse_report(doc)
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


def convert_files(
    paths: list[Path], base: str = DEFAULT_BASE, *, keep_going: bool = True
) -> ConversionResult:
    """Convert each document into its own named graph of one Dataset.

    With ``keep_going`` a failing document is recorded in ``failures`` and the rest go on;
    without it the first failure raises ConversionError.
    """
    uris = UriBuilder(base)
    dataset = Dataset()
    bind_prefixes(dataset, uris)
    result = ConversionResult(dataset)
    for path in paths:
        path = Path(path)
        try:
            report = convert_document(read_document(path), path)
        except ConversionError as exc:
            if not keep_going:
                raise
            result.failures.append((path, str(exc)))
            continue
        iri, graph = report_graph(report, uris, dataset)
        result.converted.append(Converted(path, report, iri, graph))
    return result
