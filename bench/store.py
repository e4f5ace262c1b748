"""Store benchmark on the SYNTHETIC corpus (bench/synth.py): loading, disk, RSS and five research queries on
the embedded store (pyoxigraph on disk, through juesuan's loader and EmbeddedStore), on Virtuoso
Open-Source (bulk loader, queries through RemoteStore over HTTP) and on rdflib in memory (the baseline,
at 1 M triples only: rdflib needs about 6 GB at 5 M).

    python bench/store.py            # 1 M and 10 M triples
    python bench/store.py --quick    # 1 M only; the last line is `min speedup vs rdflib: <N>x`

Each engine runs in a process of its own, and the embedded store's bulk-load baseline, its loading and its
queries each in another (peak RSS measured per process; Virtuoso's from /proc). Every query runs once to
warm up, then the best of five runs is kept (rdflib: one run). The embedded store answers the queries it
can from its summary index (server/store/summary.py); the warm-up run also caches the decision."""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from converter.uris import DEFAULT_BASE  # noqa: E402

BASE = DEFAULT_BASE
SIZES = {"1M": 1_000, "10M": 10_000}  # reports (about 960 triples each)
DEFAULT_GRAPH = "urn:juesuan:default-graph"
RDFLIB_LIMIT = float(os.environ.get("BENCH_RDFLIB_LIMIT", "60"))  # seconds per rdflib query
PREFIXES = f"""PREFIX fiscal: <{BASE}def/fiscal#>
PREFIX item: <{BASE}def/item/>
PREFIX statistic: <{BASE}def/statistic/>
PREFIX fund: <{BASE}def/fund/>
PREFIX nature: <{BASE}def/nature/>
PREFIX fn: <{BASE}id/function/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def queries(city: str, report: str) -> dict[str, str]:
    return {
        "totals by province and year": PREFIXES
        + """
SELECT ?province ?year (SUM(?amount) AS ?total) WHERE {
  ?report fiscal:totalExpenditure ?amount ; fiscal:fiscalYear ?year ; dcterms:spatial ?county .
  ?county skos:broader/skos:broader ?province .
} GROUP BY ?province ?year ORDER BY ?province ?year""",
        "三公经费 trend by region": PREFIXES
        + """
SELECT ?region ?year (SUM(?amount) AS ?total) WHERE {
  ?report fiscal:threePublicExpenses ?amount ; fiscal:fiscalYear ?year ; dcterms:spatial ?county .
  ?county skos:broader ?region .
} GROUP BY ?region ?year ORDER BY ?region ?year""",
        "share of 201 in a city": PREFIXES
        + f"""
SELECT ?year (SUM(?general) AS ?g) (SUM(?total) AS ?t) (SUM(?general) / SUM(?total) AS ?share) WHERE {{
  ?county skos:broader <{city}> .
  ?report dcterms:spatial ?county ; fiscal:fiscalYear ?year .
  ?report fiscal:classExpenditure ?line ; fiscal:totalExpenditure ?total .
  ?line fiscal:functionClass fn:201 ; fiscal:classAmount ?general .
}} GROUP BY ?year ORDER BY ?year""",
        "top 20 departments by 项目支出": PREFIXES
        + """
SELECT ?org (SUM(?amount) AS ?project) WHERE {
  ?report fiscal:projectExpenditure ?amount ; fiscal:organisation ?org .
} GROUP BY ?org ORDER BY DESC(?project) LIMIT 20""",
        "DESCRIBE one report": f"DESCRIBE <{report}>",
    }


# ----------------------------------------------------------------------------------- helpers
def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_mb(path: Path) -> float:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total / 1e6


def count_rows(form_body: tuple[str, bytes]) -> int:
    form, body = form_body
    if form == "solutions":
        return len(json.loads(body)["results"]["bindings"])
    return body.count(b"\n")


def timed(run, repeat: int) -> tuple[float, int]:
    rows = run()  # warm-up (or the only run)
    if repeat == 0:
        return float("nan"), rows
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run()
        best = min(best, time.perf_counter() - started)
    return best, rows


def timed_once(run) -> tuple[float, int]:
    started = time.perf_counter()
    rows = run()
    return time.perf_counter() - started, rows


def pick_targets(nq: Path) -> tuple[str, str]:
    """A report of the corpus, and the city of its county."""
    with open(nq, encoding="utf-8") as handle:
        first = handle.readline()
    report = first.split(" ", 1)[0].strip("<>")
    county = report[len(BASE + "id/report/") :].split("/", 1)[0]
    parents = {}
    with open(ROOT / "ontology/vocab/sources/admin_divisions_2023.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            parents[row["code"]] = row["parent_code"]
    return f"{BASE}id/region/{parents.get(county, county[:4] + '00')}", report


def vocabulary_file(work: Path) -> Path:
    """The ontology and code lists as N-Quads in the default graph (every engine loads them)."""
    import pyoxigraph as ox

    from server.store.loading import read_vocabulary

    path = work / "vocab.nq"
    if not path.exists():
        triples = read_vocabulary(BASE).get(None, [])
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        ox.serialize(quads, str(path), format=ox.RdfFormat.N_QUADS)
    return path


# ----------------------------------------------------------------------------------- workers
def worker_bulk(nq: Path, folder: Path) -> dict:
    """pyoxigraph's own bulk load of the same file into an empty folder: the loader's baseline."""
    import pyoxigraph as ox

    started = time.perf_counter()
    raw = ox.Store(str(folder))
    raw.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    out = {"raw_bulk_load_s": time.perf_counter() - started, "triples": len(raw), "rss_mb": peak_rss_mb()}
    del raw
    shutil.rmtree(folder, ignore_errors=True)
    return out


def worker_load(nq: Path, vocab: Path, folder: Path, low_memory: bool = False) -> dict:
    """``juesuan load [--low-memory]`` into a new store, as its command runs (no summary index)."""
    import pyoxigraph as ox

    from server.config import Config
    from server.load import load
    from server.store.factory import open_store

    store = open_store(str(folder), Config(base=BASE), workers=1, summary=False)
    store.oxigraph.bulk_load(path=str(vocab), format=ox.RdfFormat.N_QUADS)
    started = time.perf_counter()
    summary = load(store, [nq], BASE, quiet=True, low_memory=low_memory)
    out = {"load_s": time.perf_counter() - started, "reports": summary.reports, "rss_mb": peak_rss_mb()}
    store.close()
    out["disk_mb"] = disk_mb(folder)
    return out


def worker_query(folder: Path, city: str, report: str) -> dict:
    """The store as ``juesuan serve --store DIR`` opens it (with its summary index), then the queries."""
    from server.config import Config
    from server.store.factory import open_store

    started = time.perf_counter()
    store = open_store(str(folder), Config(base=BASE), workers=1)
    out: dict = {"open_s": time.perf_counter() - started, "queries": {}}
    if getattr(store, "summary", None) is not None:
        out["summary_quads"] = store.summary.stats.quads
    for name, sparql in queries(city, report).items():

        def run(q=sparql):
            r = store.query(q, None, max_rows=10**7)
            return count_rows((r.form, r.body))

        out["queries"][name] = timed(run, 5)
    out["rss_mb"] = peak_rss_mb()
    store.close()
    return out


def worker_embedded(nq: Path, vocab: Path, folder: Path, city: str, report: str) -> dict:
    """Bulk-load baseline, load and queries, each in a process of its own (so each peak RSS is its own)."""
    out = in_subprocess("bulk", str(nq), str(folder / "raw"))
    frugal = in_subprocess("load", str(nq), str(vocab), str(folder / "frugal"), "low-memory")
    shutil.rmtree(folder / "frugal", ignore_errors=True)
    out.update(low_memory_load_s=frugal["load_s"], low_memory_rss_mb=frugal["rss_mb"])
    loaded = in_subprocess("load", str(nq), str(vocab), str(folder / "store"))
    out.update(load_s=loaded["load_s"], reports=loaded["reports"], disk_mb=loaded["disk_mb"])
    out["load_rss_mb"] = loaded["rss_mb"]
    out["bulk_rss_mb"] = out.pop("rss_mb")
    queried = in_subprocess("query", str(folder / "store"), city, report)
    out.update(queries=queried["queries"], open_s=queried["open_s"], rss_mb=queried["rss_mb"])
    out["summary_quads"] = queried.get("summary_quads", 0)
    return out


def worker_rdflib(nq: Path, vocab: Path, city: str, report: str) -> dict:
    from rdflib import Dataset, URIRef

    out: dict = {}
    ds = Dataset(default_union=True)
    started = time.perf_counter()
    # rdflib's union default graph spans the named graphs only: the vocabulary goes into one
    ds.graph(URIRef(DEFAULT_GRAPH)).parse(str(vocab), format="nt")
    ds.parse(str(nq), format="nquads")
    out["load_s"] = time.perf_counter() - started
    out["triples"] = len(ds)
    out["queries"] = {}
    for name, sparql in queries(city, report).items():

        def run(q=sparql):
            result = ds.query(q)
            if result.type == "SELECT":
                return len(list(result))
            return len(result.graph)

        out["queries"][name] = timed_once_limited(run, RDFLIB_LIMIT)
    out["rss_mb"] = peak_rss_mb()
    return out


class _Limit(Exception):
    pass


def timed_once_limited(run, limit: float) -> tuple[float, int]:
    """rdflib is pure Python: SIGALRM stops a query that takes longer than ``limit`` (its time is then
    recorded as the limit, a lower bound, and its row count as -1)."""
    import signal

    def stop(signum, frame):
        raise _Limit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        rows = run()
        return time.perf_counter() - started, rows
    except _Limit:
        return limit, -1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_virtuoso(nq: Path, vocab: Path, work: Path, city: str, report: str) -> dict:
    from _services import isql, start_virtuoso

    from server.store.remote import RemoteStore

    folder = Path(tempfile.mkdtemp(prefix="virtuoso-", dir=work))
    service = start_virtuoso(folder, data_dirs=[nq.parent.resolve(), vocab.parent.resolve()], memory_mb=1024)
    out: dict = {}
    try:
        started = time.perf_counter()
        isql(
            service,
            (
                f"ld_dir('{vocab.parent.resolve()}', '{vocab.name}', '{DEFAULT_GRAPH}');\n"
                f"ld_dir('{nq.parent.resolve()}', '{nq.name}', '{DEFAULT_GRAPH}');\n"
                "rdf_loader_run();\ncheckpoint;\n"
            ),
            timeout=3600,
        )
        out["load_s"] = time.perf_counter() - started
        store = RemoteStore(service.query_url, gsp_url=service.gsp_url, user="dba", password="dba", base=BASE)
        out["reports"] = sum("/id/report/" in g for g in store.graphs())  # not the organisations' graphs
        out["queries"] = {}
        for name, sparql in queries(city, report).items():

            def run(q=sparql):
                r = store.query(q, 600, max_rows=10**7)
                return count_rows((r.form, r.body))

            out["queries"][name] = timed(run, 5)
        status = Path(f"/proc/{service.process.pid}/status").read_text()
        hwm = next((line for line in status.splitlines() if line.startswith("VmHWM")), "VmHWM: 0 kB")
        out["rss_mb"] = int(hwm.split()[1]) / 1024
        isql(service, "checkpoint;")
        out["disk_mb"] = disk_mb(folder)
    finally:
        service.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return out


def in_subprocess(kind: str, *args: str) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, *args]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{kind} worker failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------------- report
def fmt_s(seconds: float) -> str:
    if seconds != seconds:
        return "-"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 M triples only")
    parser.add_argument("--work", default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--no-virtuoso", action="store_true")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker == "bulk":
        nq, folder = args.args
        print(json.dumps(worker_bulk(Path(nq), Path(folder))))
        return 0
    if args.worker == "load":
        nq, vocab, folder, *mode = args.args
        print(json.dumps(worker_load(Path(nq), Path(vocab), Path(folder), low_memory=mode == ["low-memory"])))
        return 0
    if args.worker == "query":
        folder, city, report = args.args
        print(json.dumps(worker_query(Path(folder), city, report)))
        return 0
    if args.worker == "rdflib":
        nq, vocab, city, report = args.args
        print(json.dumps(worker_rdflib(Path(nq), Path(vocab), city, report)))
        return 0

    from _services import virtuoso_binary
    from synth import generate

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="juesuan-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    vocab = vocabulary_file(work)
    sizes = {"1M": SIZES["1M"]} if args.quick else SIZES
    with_virtuoso = not args.no_virtuoso and virtuoso_binary() is not None
    results: dict = {}
    for label, reports in sizes.items():
        nq = work / f"synth-{reports}.nq"
        if not nq.exists():
            info = generate(reports, nq, BASE)
            print(
                f"[{label}] synthetic corpus: {info['reports']} reports, {info['triples']} triples",
                flush=True,
            )
        city, report = pick_targets(nq)
        row: dict = {}
        folder = Path(tempfile.mkdtemp(prefix="embedded-", dir=work))
        row["embedded"] = worker_embedded(nq, vocab, folder, city, report)
        shutil.rmtree(folder, ignore_errors=True)
        print(f"[{label}] embedded done: {json.dumps(row['embedded'], ensure_ascii=False)}", flush=True)
        if with_virtuoso:
            row["virtuoso"] = run_virtuoso(nq, vocab, work, city, report)
            print(f"[{label}] virtuoso done: {json.dumps(row['virtuoso'], ensure_ascii=False)}", flush=True)
        if label == "1M":
            row["rdflib"] = in_subprocess("rdflib", str(nq), str(vocab), city, report)
            print(f"[{label}] rdflib done", flush=True)
        results[label] = row
        (work / f"results-{label}.json").write_text(json.dumps(row, ensure_ascii=False, indent=1))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(
        "SYNTHETIC corpus (bench/synth.py), one run; times are the best of five warm runs (rdflib: one run)"
    )
    min_speedup = float("inf")
    for label, row in results.items():
        emb = row["embedded"]
        triples = emb["triples"]
        print(f"\n## {label}: {triples:,} triples, {emb['reports']} reports")
        print("| | embedded (pyoxigraph on disk) | virtuoso | rdflib (memory) |")
        print("|---|---|---|---|")

        def cell(engine: str, key: str, unit: str = "", row: dict = row, triples: int = triples) -> str:
            data = row.get(engine)
            if not data or key not in data:
                return "not run" if engine == "rdflib" else "-"
            value = data[key]
            if key == "load_s":
                return f"{fmt_s(value)} ({triples / value:,.0f} triples/s)"
            return f"{value:,.0f} {unit}"

        print(
            f"| load | {cell('embedded', 'load_s')} (pyoxigraph's own bulk_load: {fmt_s(emb['raw_bulk_load_s'])}, "
            f"ratio {emb['load_s'] / emb['raw_bulk_load_s']:.2f}x) | {cell('virtuoso', 'load_s')} "
            f"| {cell('rdflib', 'load_s')} |"
        )
        print(f"| disk | {cell('embedded', 'disk_mb', 'MB')} | {cell('virtuoso', 'disk_mb', 'MB')} | - |")
        print(
            f"| peak RSS, serving the queries | {cell('embedded', 'rss_mb', 'MB')} (opened in "
            f"{fmt_s(emb['open_s'])}, summary index {emb['summary_quads']:,} quads) "
            f"| {cell('virtuoso', 'rss_mb', 'MB')} | {cell('rdflib', 'rss_mb', 'MB')} |"
        )
        print(
            f"| peak RSS, loading | {cell('embedded', 'load_rss_mb', 'MB')} (pyoxigraph's bulk load: "
            f"{emb['bulk_rss_mb']:,.0f} MB) | - | - |"
        )
        print(
            f"| load --low-memory | {fmt_s(emb['low_memory_load_s'])} "
            f"(ratio {emb['low_memory_load_s'] / emb['raw_bulk_load_s']:.2f}x), "
            f"peak RSS {emb['low_memory_rss_mb']:,.0f} MB | - | - |"
        )
        for name, (seconds, rows) in emb["queries"].items():
            base_q = row.get("rdflib", {}).get("queries", {}).get(name)
            virt_q = row.get("virtuoso", {}).get("queries", {}).get(name)
            ratio = ""
            if base_q and base_q[1] >= 0 and base_q[1] != rows and not name.startswith("DESCRIBE"):
                base_q = [base_q[0], base_q[1], "differs"]  # rdflib's answer differs: no ratio
                ratio = f" (rdflib: {base_q[1]} rows, answers differ: no ratio)"
            elif base_q:
                speedup = base_q[0] / max(seconds, 1e-6)
                min_speedup = min(min_speedup, speedup)
                ratio = f" = {speedup:.1f}x rdflib"
            virt = "-"
            if virt_q:
                comparable = base_q and len(base_q) == 2
                virt = fmt_s(virt_q[0]) + (f" = {base_q[0] / virt_q[0]:.0f}x rdflib" if comparable else "")
                if virt_q[1] != rows and not name.startswith("DESCRIBE"):
                    virt += f" ({virt_q[1]} rows vs {rows}!)"
            if base_q and len(base_q) > 2:
                rdf = f"{fmt_s(base_q[0])} ({base_q[1]} rows: differs)"
            elif base_q and base_q[1] < 0:
                rdf = f">= {fmt_s(base_q[0])} (stopped)"
                ratio = ratio.replace(" = ", " >= ")
            elif base_q:
                rdf = f"{fmt_s(base_q[0])} ({base_q[1]} rows)"
            else:
                rdf = "not run (infeasible)"
            print(f"| {name} | {fmt_s(seconds)} ({rows} rows){ratio} | {virt} | {rdf} |")
    print()
    print(f"min speedup vs rdflib: {min_speedup:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
