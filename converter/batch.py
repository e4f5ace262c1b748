"""Convert a folder of documents in parallel into one N-Quads or TriG file.

Each worker process converts one document (read -> parse -> consolidate -> emit) into the text of its
named graph and hands back that text with its counts; the parent appends it to the output file at once,
so memory holds about one document per worker, never the whole corpus. A failing document is recorded
and the batch goes on. Progress goes to stderr; ``format_summary`` renders the closing table.

Wiring into the CLI (``juesuan convert DIR -o OUT.nq``)::

    summary = convert_directory(paths, Path(args.output), args.base)
    print(format_summary(summary), file=sys.stderr)
    return 0 if not summary.failures else 2
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from converter.processes import worker_pool
from converter.uris import DEFAULT_BASE

if TYPE_CHECKING:
    from converter.manifest import Job

__all__ = [
    "BatchSummary",
    "DocumentResult",
    "convert_directory",
    "convert_one",
    "document_paths",
    "format_summary",
]

OUTPUT_FORMATS = {".nq": "nquads", ".trig": "trig"}
# what converting one document may take: a worker process is limited to this much memory beyond what it
# starts with, and a conversion is stopped after this many seconds (README: "Secure by default")
CONVERSION_MEMORY = 768 << 20
CONVERSION_SECONDS = 60


class ConversionTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ConversionTimeout in this (main) thread after ``seconds``; a no-op elsewhere."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame) -> None:  # noqa: ARG001
        raise ConversionTimeout(f"the conversion took longer than {seconds:g} s and was stopped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class DocumentResult:
    path: str
    ok: bool
    text: str = ""  # the document's named graph, serialised
    reports: int = 0
    figures: int = 0
    triples: int = 0
    warnings: int = 0
    error: str | None = None
    tables_found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # standard tables and sections not found
    seconds: float = 0.0
    identity: str = ""  # what the report was identified as, and from where

    def completeness(self) -> str:
        name = " + ".join(Path(p).name for p in self.path.split(" + "))
        if not self.ok:
            return f"{name}: FAILED: {self.error}"
        found = f"{len(self.tables_found)} standard table(s)"
        missing = f"missing: {'、'.join(self.missing)}" if self.missing else "nothing missing"
        identity = f"{self.identity}; " if self.identity else ""
        return f"{name}: {identity}{found}; {missing}"


@dataclass
class BatchSummary:
    output: Path
    documents: int = 0
    reports: int = 0
    figures: int = 0
    triples: int = 0
    warnings: int = 0
    seconds: float = 0.0
    results: list[DocumentResult] = field(default_factory=list)  # without their graph text

    @property
    def failures(self) -> list[DocumentResult]:
        return [r for r in self.results if not r.ok]


def convert_one(path: str, base: str = DEFAULT_BASE, fmt: str = "nquads") -> DocumentResult:
    """Convert one document to the serialised text of its named graph (runs in a worker process)."""
    from converter.manifest import Job

    return convert_job(Job([Path(path)]), base, fmt)


def convert_job(job: Job, base: str = DEFAULT_BASE, fmt: str = "nquads") -> DocumentResult:
    """Convert one job (a file, or the files of one publication, with the identity given for it) to
    the serialised text of its named graph (runs in a worker process)."""
    from converter import pipeline
    from converter.emit import emit_report
    from converter.parse.document import describe_identity
    from converter.pipeline import ConversionError
    from converter.uris import UriBuilder

    path = job.label
    started = time.perf_counter()
    try:
        with time_limit(CONVERSION_SECONDS):
            report = pipeline.convert_job(job)
            emitted = emit_report(report, UriBuilder(base))
            text = graph_text(emitted.nquads(), fmt, base)
    except ConversionError as exc:
        return DocumentResult(path, False, error=str(exc).removeprefix(f"{path}: "))
    except ConversionTimeout as exc:
        return DocumentResult(path, False, error=str(exc))
    except MemoryError:
        return DocumentResult(
            path, False, error=f"the conversion needed more than {CONVERSION_MEMORY >> 20} MB"
        )
    except Exception as exc:  # noqa: BLE001 - one broken document never stops the batch
        return DocumentResult(path, False, error=f"{type(exc).__name__}: {exc}")
    tables = [s.title for s in report.sections if s.key.startswith("table:") and s.found]
    missing = [s.title for s in report.sections if not s.found]
    return DocumentResult(
        path,
        True,
        text=text,
        reports=1,
        figures=len(report.figures),
        triples=len(emitted),  # the report's graph and its organisations' graphs
        warnings=len(report.warnings),
        tables_found=tables,
        missing=missing,
        seconds=time.perf_counter() - started,
        identity=describe_identity(report),
    )


class ProgressBar:
    """A one-line progress bar on a terminal stream (plain lines when it is not a terminal)."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.total, self.done, self.width = total, 0, width
        self.stream = stream if stream is not None else sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.perf_counter()

    def step(self, label: str) -> None:
        self.done += 1
        filled = int(self.width * self.done / max(self.total, 1))
        elapsed = time.perf_counter() - self.started
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {elapsed:5.1f}s {label}"
        )
        if self.tty:
            self.stream.write("\r\033[K" + line[:120])
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def document_paths(inputs: Iterable[Path | str]) -> list[Path]:
    """Files as given; a folder stands for the documents below it (sorted; hidden files and JSON skipped)."""
    paths: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            paths.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    and not p.name.endswith(".json")
                )
            )
        else:
            paths.append(path)
    return paths


def convert_directory(
    inputs: Path | str | Sequence[Path | str],
    output: Path | str,
    base: str = DEFAULT_BASE,
    workers: int | None = os.cpu_count(),
    *,
    progress: TextIO | None = None,
    completeness: bool = True,
    jobs: Sequence[Job] | None = None,
) -> BatchSummary:
    """Convert every document of ``inputs`` (folders are walked) into ``output`` (.nq or .trig); or,
    given ``jobs`` (a manifest's rows and groups, ``--one-report``), every job.

    Documents are converted in parallel by ``workers`` processes (1: in this process); each gives one
    named graph, appended to ``output`` as soon as it is done. A per-document completeness line (standard
    tables and sections found or missing) is printed with the progress on ``progress`` (stderr).
    """
    output = Path(output)
    fmt = OUTPUT_FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise ValueError(f"batch output must be one of {', '.join(OUTPUT_FORMATS)}: {output}")
    from converter.manifest import Job

    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    todo = list(jobs) if jobs is not None else [Job([p]) for p in document_paths(items)]
    stream = progress if progress is not None else sys.stderr
    summary = BatchSummary(output=output, documents=sum(len(job.paths) for job in todo))
    bar = ProgressBar(len(todo), stream)
    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out:

        def take(result: DocumentResult) -> None:
            if result.ok:
                out.write(result.text)
                if not result.text.endswith("\n"):
                    out.write("\n")
                out.flush()
                result.text = ""  # the graph is on disk now; keep only the counts
                summary.reports += result.reports
                summary.figures += result.figures
                summary.triples += result.triples
                summary.warnings += result.warnings
            summary.results.append(result)
            if completeness:
                if bar.tty:
                    stream.write("\r\033[K")
                stream.write(result.completeness() + "\n")
            bar.step(Path(result.path).name)

        if workers is None or workers <= 1 or len(todo) <= 1:
            for job in todo:
                take(convert_job(job, base, fmt))
        else:
            with worker_pool(min(workers, len(todo)), memory_bytes=CONVERSION_MEMORY) as pool:
                futures = {pool.submit(convert_job, job, base, fmt): job.label for job in todo}
                for future in as_completed(futures):
                    try:
                        result = future.result()
                    except Exception as exc:  # noqa: BLE001 - a worker that died
                        result = DocumentResult(futures[future], False, error=f"{type(exc).__name__}: {exc}")
                    take(result)
    summary.results.sort(key=lambda r: r.path)
    summary.seconds = time.perf_counter() - started
    return summary


def graph_text(nquads: str, fmt: str, base: str = DEFAULT_BASE) -> str:
    """A report's graphs (their N-Quads text) as N-Quads or TriG text; TriG written by pyoxigraph."""
    if fmt == "nquads":
        return nquads
    from converter.emitted import prefixes
    from converter.rdf_files import serialise_nquads

    return serialise_nquads(nquads, fmt, prefixes(base)).decode("utf-8")


def format_summary(summary: BatchSummary) -> str:
    """The closing table: totals, then each failure with its error."""
    rows = [
        ("documents", summary.documents),
        ("reports", summary.reports),
        ("figures", summary.figures),
        ("triples", summary.triples),
        ("warnings", summary.warnings),
        ("failures", len(summary.failures)),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"wrote {summary.output} in {summary.seconds:.1f}s"]
    lines += [f"  {name:<{width}}  {value:>8}" for name, value in rows]
    for failure in summary.failures:
        lines.append(f"  FAILED {Path(failure.path).name}: {failure.error}")
    return "\n".join(lines)
