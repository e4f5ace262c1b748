"""``juesuan load INPUT... --store DIR|URL``: documents or RDF into a persistent store, resumably.

Every report is one named graph, written atomically (the embedded store: a transaction, or a bulk write of
new graphs whose completion marker is written afterwards in a transaction; a remote engine: one Graph Store
PUT per report). Into an embedded store that has no named graph yet, a large N-Quads file goes whole
through pyoxigraph's bulk loader, its markers held back and written after it. A report whose source
document (``<report> fiscal:sourceDocument ?doc . ?doc fiscal:sha256 "..."``) is already in the store is
skipped, so an interrupted load is simply run again; documents are not even converted then. ``--force``
reloads everything given.

What is converted is committed as it comes: new reports are written in batches of ``BULK_BATCH`` quads or
every ``COMMIT_SECONDS``, whichever comes first, so a load stopped early (even by ``kill -9``) loses only
what was not written yet, and a rerun redoes only that. Conversion workers die with the loader
(converter/processes.py), each within a memory limit."""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from server.store.base import Store
from server.store.layout import outdated_reports
from server.store.loading import (
    QUAD_FORMATS,
    REFUSED,
    TRIPLE_FORMATS,
    InputError,
    expand,
    graphs_of_triples,
)

BULK_BATCH = 250_000  # quads per bulk write into the embedded store
COMMIT_SECONDS = 2.0  # and at least this often: a stopped load loses at most a few seconds of work
# a fresh store takes a file this big or bigger whole through pyoxigraph's bulk loader (measured with
# bench/store.py: 1.17x its bare bulk load at 2.8 GB, against 1.61x in batches; at 270 MB the batches
# were the faster, 1.00-1.18x against 1.23-1.36x, and use half the memory)
BULK_LOADER_MIN_BYTES = 512 << 20


@dataclass
class LoadSummary:
    reports: int = 0
    triples: int = 0
    skipped: int = 0
    default_triples: int = 0
    organisation_triples: int = 0  # added to the organisations' shared graphs (set semantics)
    outdated_left: int = 0  # report graphs of the earlier layout still in the store after the load
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        rate = self.triples / self.seconds if self.seconds else 0.0
        return (
            f"loaded {self.reports} report(s), {self.triples} triples in {self.seconds:.1f} s "
            f"({rate:,.0f} triples/s); {self.skipped} already loaded (skipped); "
            f"{self.default_triples} vocabulary/default-graph triples; {self.organisation_triples} "
            f"organisation triples; {len(self.failures)} failure(s)"
        )


class Progress:
    """One line on a terminal (rewritten), plain lines every few seconds otherwise."""

    def __init__(self, total_bytes: int, stream: IO[str] | None = None, quiet: bool = False):
        self.total = max(1, total_bytes)
        self.stream = stream if stream is not None else sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.quiet = quiet
        self.started = time.perf_counter()
        self.last = 0.0

    def update(self, done_bytes: int, summary: LoadSummary, label: str = "", final: bool = False) -> None:
        if self.quiet:
            return
        now = time.perf_counter()
        if not final and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        share = min(1.0, done_bytes / self.total)
        filled = int(30 * share)
        line = (
            f"[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} {summary.reports} loaded, "
            f"{summary.skipped} skipped, {summary.triples:,} triples, {now - self.started:5.1f}s {label}"
        )
        if self.tty:
            self.stream.write("\r\033[K" + line[:150] + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


# ----------------------------------------------------------------------------------- helpers
def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def loaded_sources(store: Store, base: str) -> set[str]:
    """The sha256 of every source document whose report graph is complete in the store, in the current
    data layout (a report of an earlier layout counts as not loaded: it is converted and replaced again)."""
    if hasattr(store, "loaded_sources"):
        done = store.loaded_sources(base)
    else:
        fiscal = base + "def/fiscal#"
        result = store.query(
            f"SELECT DISTINCT ?sha WHERE {{ GRAPH ?g {{ ?g <{fiscal}sourceDocument> ?d . ?d <{fiscal}sha256> ?sha }} }}",
            None,
            max_rows=1 << 62,
        )
        done = {b["sha"]["value"] for b in json.loads(result.body)["results"]["bindings"]}
    return done - set(outdated_reports(store, base).values())


@dataclass
class ReportRun:
    """One consecutive run of a graph's quads, split in one pass: the data, and the "report complete"
    markers (the source's sha256, written after the data) with the sha of the report's own source."""

    name: str | None
    data: list[ox.Quad]
    markers: list[ox.Quad]
    sha: str | None


def split_run(name: str | None, quads: list[ox.Quad], fiscal: str) -> ReportRun:
    if name is None:
        return ReportRun(None, quads, [], None)
    sha_predicate = ox.NamedNode(fiscal + "sha256")
    source_predicate = ox.NamedNode(fiscal + "sourceDocument")
    report = ox.NamedNode(name)
    data: list[ox.Quad] = []
    markers: list[ox.Quad] = []
    sources = set()
    append_data, append_marker = data.append, markers.append
    for quad in quads:  # the loader's hot loop: one predicate comparison per quad
        predicate = quad.predicate
        if predicate == sha_predicate:
            append_marker(quad)
            continue
        if predicate == source_predicate and quad.subject == report:
            sources.add(quad.object)
        append_data(quad)
    sha = next((m.object.value for m in markers if m.subject in sources), None)
    return ReportRun(name, data, markers, sha)


class _CountingReader:
    """A binary file whose read position the progress bar can see."""

    def __init__(self, handle):
        self.handle = handle
        self.position = 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.position += len(data)
        return data

    def readable(self):
        return True


def graphs_of_file(
    path: Path, base: str, on_read: Callable[[int], None]
) -> Iterator[tuple[str | None, list[ox.Quad]]]:
    """(graph name, quads) runs of an RDF file in file order: a quad file as its consecutive runs of one
    graph; a triple file split into graphs by ``graphs_of_triples`` (the converter's rule)."""
    suffix = path.suffix.lower()
    with open(path, "rb") as raw:
        reader = _CountingReader(raw)
        if suffix in QUAD_FORMATS:
            current: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None
            run: list[ox.Quad] = []
            for i, quad in enumerate(ox.parse(reader, format=QUAD_FORMATS[suffix], base_iri=base)):
                graph = quad.graph_name
                if graph != current:
                    if run:
                        yield _graph_label(current), run
                    run = []
                    current = graph
                run.append(quad)
                if i % 50_000 == 0:
                    on_read(reader.position)
            if run:
                yield _graph_label(current), run
            on_read(reader.position)
            return
        triples = [q.triple for q in ox.parse(reader, format=TRIPLE_FORMATS[suffix], base_iri=base)]
        on_read(reader.position)
    for name, part in graphs_of_triples(triples, base).items():
        graph = ox.NamedNode(name) if name else ox.DefaultGraph()
        yield name, [ox.Quad(t.subject, t.predicate, t.object, graph) for t in part]


class MarkerDeferringReader:
    """An N-Quads file as ``bulk_load`` reads it, minus every line that mentions the completion marker
    (the source's sha256): those lines are kept aside to be written, in one transaction, after the
    bulk data. A line that only quotes the marker's IRI is held back too, which delays it, nothing more."""

    CHUNK = 1 << 22

    def __init__(self, handle, marker: bytes, on_read: Callable[[int], None]):
        self.handle = handle
        self.marker = marker
        self.on_read = on_read
        self.position = 0
        self.deferred: list[bytes] = []
        self.lines = 0
        self._tail = b""
        self._out = bytearray()
        self._done = False

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        while not self._out and not self._done:
            chunk = self.handle.read(self.CHUNK)
            self.position += len(chunk)
            if not chunk:
                self._done = True
                body, self._tail = self._tail, b""
                if body and not body.endswith(b"\n"):
                    body += b"\n"
            else:
                data = self._tail + chunk
                cut = data.rfind(b"\n") + 1
                body, self._tail = data[:cut], data[cut:]
            if not body:
                continue
            self.lines += body.count(b"\n") - body.count(b"\n\n") - body.startswith(b"\n")  # not blank ones
            if self.marker in body:
                lines = body.split(b"\n")
                self.deferred.extend(line for line in lines if self.marker in line)
                body = b"\n".join(line for line in lines if self.marker not in line)
            self._out += body
            self.on_read(self.position)

    def read(self, size: int = -1) -> bytes:
        self._fill()
        if size is None or size < 0 or size >= len(self._out):
            out, self._out = bytes(self._out), bytearray()
            return out
        out = bytes(self._out[:size])
        del self._out[:size]
        return out


def bulk_load_fresh(
    store: ox.Store, path: Path, base: str, summary: LoadSummary, on_read: Callable[[int], None]
) -> set[str]:
    """An N-Quads file into a store that has no named graph yet: pyoxigraph's bulk loader reads it (no
    report can be skipped or replaced there), the completion markers go in afterwards in one
    transaction, so a load cut short leaves reports without markers, which the next run reloads."""
    fiscal = base + "def/fiscal#"
    marker = f"<{fiscal}sha256>".encode()
    # through a file, not a reader: pyoxigraph parses a file in parallel, a Python reader in one thread
    with open(path, "rb") as handle, tempfile.NamedTemporaryFile(suffix=".nq", delete=False) as staged:
        reader = MarkerDeferringReader(handle, marker, on_read)
        while block := reader.read(MarkerDeferringReader.CHUNK):
            staged.write(block)
    try:
        store.bulk_load(path=staged.name, format=ox.RdfFormat.N_QUADS, base_iri=base)
    finally:
        os.unlink(staged.name)
    markers = list(ox.parse(b"\n".join(reader.deferred) + b"\n", format=ox.RdfFormat.N_QUADS, base_iri=base))
    store.extend(markers)
    store.flush()
    sha = ox.NamedNode(fiscal + "sha256")
    reports = {
        q.graph_name.value for q in markers if q.predicate == sha and isinstance(q.graph_name, ox.NamedNode)
    }
    summary.reports += len(reports)
    summary.triples += reader.lines
    return reports


def _graph_label(graph) -> str | None:
    return graph.value if isinstance(graph, ox.NamedNode) else None


def _convert(path: str, base: str) -> tuple[str, bool, str]:
    from converter.batch import convert_one

    result = convert_one(path, base, "nquads")
    return path, result.ok, result.text if result.ok else (result.error or "failed")


# ----------------------------------------------------------------------------------- the writer
class Writer:
    """Writes report graphs: new ones in bulk (embedded) or one PUT each (remote); existing ones replaced
    atomically; runs of a graph already written in this load are appended."""

    def __init__(self, store: Store, base: str, summary: LoadSummary, bulk: bool = True):
        from converter.uris import UriBuilder

        self.store = store
        self.summary = summary
        self.uris = UriBuilder(base)
        self.ox_store: ox.Store | None = getattr(store, "oxigraph", None) if bulk else None
        self.existing = set(store.graphs())
        self.written: set[str] = set()
        self.pending: list[ox.Quad] = []
        self.markers: list[ox.Quad] = []
        self.flushed = time.monotonic()

    def write(self, run: ReportRun) -> None:
        name = run.name
        count = len(run.data) + len(run.markers)
        if name is None:
            self.flush()
            self.store.replace_graphs({None: [q.triple for q in run.data]})
            self.summary.default_triples += count
            return
        if self.uris.is_organisation_graph(name):  # shared by its reports: added to, never replaced
            self.summary.organisation_triples += count
            self.summary.triples += count
            if self.ox_store is not None:
                self.pending.extend(run.data + run.markers)
                if len(self.pending) >= BULK_BATCH:
                    self.flush()
            else:
                self.store.add_graphs({name: [q.triple for q in run.data + run.markers]})
            return
        if name in self.written:  # a later run of a graph of this load: added to it
            self.flush()
            if self.ox_store is not None:
                self.ox_store.extend(run.data + run.markers)
            else:
                old = list(self._triples_of(name))
                self.store.replace_graphs({name: old + [q.triple for q in run.data + run.markers]})
            self.summary.triples += count
            return
        self.written.add(name)
        self.summary.reports += 1
        self.summary.triples += count
        if self.ox_store is None or name in self.existing:
            self.flush()
            self.store.replace_graphs({name: [q.triple for q in run.data + run.markers]})
            return
        self.pending.extend(run.data)
        self.markers.extend(run.markers)
        if len(self.pending) >= BULK_BATCH or time.monotonic() - self.flushed >= COMMIT_SECONDS:
            self.flush()

    def _triples_of(self, name: str) -> Iterator[ox.Triple]:
        import io

        buffer = io.BytesIO()
        self.store.dump(buffer, ox.RdfFormat.N_TRIPLES, graph=name)
        return (q.triple for q in ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_TRIPLES))

    def flush(self) -> None:
        self.flushed = time.monotonic()
        if self.ox_store is None or not (self.pending or self.markers):
            return
        if self.pending:
            self.ox_store.bulk_extend(self.pending)
        if self.markers:
            self.ox_store.extend(self.markers)  # one transaction: these reports are now complete
        self.pending, self.markers = [], []

    def close(self) -> None:
        self.flush()
        if self.ox_store is not None:
            self.ox_store.flush()
            touch = getattr(self.store, "_touch", None)  # the embedded store's version (ETags)
            if touch is not None:
                touch()


# ----------------------------------------------------------------------------------- load
def load(
    store: Store,
    inputs: list[str | Path],
    base: str,
    *,
    force: bool = False,
    jobs: int | None = None,
    progress: IO[str] | None = None,
    quiet: bool = False,
    bulk: bool = True,
    low_memory: bool = False,
) -> LoadSummary:
    """``low_memory``: never hand a whole file to pyoxigraph's bulk loader (about 1-2 GB of memory
    whatever the file's size); write it in batches of ``BULK_BATCH`` quads instead (about 0.5 GB, slower)."""
    summary = LoadSummary()
    started = time.perf_counter()
    paths = expand(inputs)
    rdf: list[Path] = []
    documents: list[Path] = []
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in REFUSED:
            raise InputError(f"{path}: RDF/XML input is not accepted; convert it to Turtle or N-Triples")
        if suffix in QUAD_FORMATS or suffix in TRIPLE_FORMATS:
            rdf.append(path)
        elif path.name.endswith(".expected.json"):
            continue
        else:
            documents.append(path)
    done = set() if force else loaded_sources(store, base)
    fiscal = base + "def/fiscal#"
    total_bytes = sum(p.stat().st_size for p in rdf + documents)
    bar = Progress(total_bytes, progress, quiet)
    finished_bytes = 0
    writer = Writer(store, base, summary, bulk=bulk)

    for path in rdf:

        def on_read(position: int, offset=finished_bytes, label=path.name) -> None:
            bar.update(offset + position, summary, label)

        try:
            fresh = writer.ox_store is not None and not (
                writer.existing or writer.written or done or low_memory
            )
            if fresh and path.suffix.lower() == ".nq" and path.stat().st_size >= BULK_LOADER_MIN_BYTES:
                writer.flush()
                # its reports count as written by this load: a later file's run of one is added to it
                writer.written.update(bulk_load_fresh(writer.ox_store, path, base, summary, on_read))
                finished_bytes += path.stat().st_size
                continue
            for name, quads in graphs_of_file(path, base, on_read):
                run = split_run(name, quads, fiscal)
                if run.sha is not None and run.sha in done and name not in writer.written:
                    summary.skipped += 1
                    continue
                writer.write(run)
        except (SyntaxError, ValueError, OSError) as exc:
            summary.failures.append(f"{path}: {exc}")
        finished_bytes += path.stat().st_size

    todo: list[Path] = []
    for path in documents:
        if not force and sha256_of(path) in done:
            summary.skipped += 1
            finished_bytes += path.stat().st_size
        else:
            todo.append(path)
    bar.update(finished_bytes, summary, "", final=False)
    if todo:
        sizes = {str(p): p.stat().st_size for p in todo}
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        if workers == 1:
            results = (_convert(str(p), base) for p in todo)
            executor = None
        else:
            from converter.batch import CONVERSION_MEMORY
            from converter.processes import worker_pool

            executor = worker_pool(workers, memory_bytes=CONVERSION_MEMORY)
            results = executor.map(_convert, [str(p) for p in todo], [base] * len(todo))
        try:
            for path, ok, text in results:
                finished_bytes += sizes[path]
                if not ok:
                    summary.failures.append(f"{path}: {text}")
                    continue
                runs: dict[str | None, list[ox.Quad]] = defaultdict(list)
                for quad in ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS):
                    runs[_graph_label(quad.graph_name)].append(quad)
                for name, quads in runs.items():
                    writer.write(split_run(name, quads, fiscal))
                if time.monotonic() - writer.flushed >= COMMIT_SECONDS:
                    writer.flush()
                bar.update(finished_bytes, summary, Path(path).name)
        finally:
            if executor is not None:
                executor.shutdown()
    writer.close()
    summary.outdated_left = len(outdated_reports(store, base))  # one ASK when there is none
    summary.seconds = time.perf_counter() - started
    bar.update(total_bytes, summary, "done", final=True)
    return summary


# ----------------------------------------------------------------------------------- command
def add_load_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="source documents, RDF files (.nq .trig .ttl .nt .jsonld) or folders of them",
    )
    parser.add_argument(
        "--store",
        default=None,
        metavar="DIR|URL",
        help="an on-disk store folder (created when missing), or a SPARQL endpoint URL "
        "(default: JUESUAN_STORE_URL, or the configuration's store)",
    )
    parser.add_argument("--base", default=None, help="base of the IRIs (default: the configuration's)")
    parser.add_argument("--config", default=None, metavar="FILE", help="configuration file (JSON or TOML)")
    parser.add_argument("--force", action="store_true", help="reload reports whose source is already loaded")
    parser.add_argument(
        "--low-memory",
        action="store_true",
        help="embedded store: write in batches (about 0.5 GB) rather than through pyoxigraph's bulk loader "
        "(faster, about 1-2 GB)",
    )
    parser.add_argument(
        "--vocabulary",
        action="store_true",
        help="also load the ontology and the code lists into the default graph",
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=None, help="conversion processes (default: all cores)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def run_load(args: argparse.Namespace) -> int:
    from server.config import Config
    from server.store.factory import open_store

    config = Config.load(args.config)
    if args.base:
        config.base = args.base
        config.__post_init__()
    spec = args.store or config.store or os.environ.get("JUESUAN_STORE_URL")
    if not spec:
        print("juesuan load: name the store: --store DIR or --store URL", file=sys.stderr)
        return 2
    try:
        store = open_store(spec, config, workers=1, summary=False)  # a loader runs no research queries
    except Exception as exc:  # noqa: BLE001 - a message for the command line
        print(f"juesuan load: cannot open the store {spec}: {exc}", file=sys.stderr)
        return 2
    try:
        outdated = outdated_reports(store, config.base)
        if outdated and not args.quiet:
            print(
                f"juesuan load: {len(outdated)} report(s) in the store were written by an earlier data layout; "
                "those whose documents are given now are converted again and replaced",
                file=sys.stderr,
            )
        if args.vocabulary:
            from server.store.loading import read_vocabulary

            vocabulary = read_vocabulary(config.base)
            if vocabulary:
                store.replace_graphs(vocabulary)
        summary = load(
            store,
            args.inputs,
            config.base,
            force=args.force,
            jobs=args.jobs,
            quiet=args.quiet,
            low_memory=args.low_memory,
        )
    except InputError as exc:
        print(f"juesuan load: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001
        print(f"juesuan load: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
        store = None
        gc.collect()  # the embedded store's RocksDB lock goes with its last reference (cycles included)
    for failure in summary.failures:
        print(f"juesuan load: not loaded: {failure}", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    if summary.outdated_left:
        print(
            f"juesuan load: {summary.outdated_left} report(s) of the earlier data layout remain: load their "
            "documents too; the server refuses the store until then",
            file=sys.stderr,
        )
    return 0 if not summary.failures else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="juesuan load", description="load documents or RDF into a store")
    add_load_arguments(parser)
    return run_load(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
