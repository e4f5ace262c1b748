"""Load benchmark: the README's production command under a bounded load, on 127.0.0.1 only.

Starts ``juesuan serve`` (the production command: waitress, 2 processes) on a free local port with the
bundled sample, then sends two rounds of ``--requests`` requests (default 10,000) over ``--concurrency``
keep-alive connections (default 32, each from its own loopback address 127.0.0.x, as 32 clients would):

* mix: dereferences (Turtle, JSON-LD, HTML; 70 %), report and list pages (20 %), SPARQL (10 %);
* dereferences only (the cached representations: built once per version of the data, then served).

Prints, per round: errors (anything but 200/304), requests/s, p50/p99 latency; and the resident memory of
the whole server (its processes and query workers) before and after. The load generator shares the
machine's cores with the server.

    .venv/bin/python bench/load.py [--requests 10000] [--concurrency 32] [INPUT ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else
BASE = "http://127.0.0.1:5000/"
JUESUAN = ROOT / ".venv" / "bin" / "juesuan"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def tree_rss(pid: int) -> tuple[int, int, int]:
    """(proportional, resident, processes) memory of a process and all its descendants, bytes (Linux). Forked
    processes share pages: the resident sizes count them once per process, the proportional ones once."""
    pss = rss = 0
    todo = [pid]
    seen = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return pss, rss, len(seen)


def production_command(inputs: list[str], port: int, store: str) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_serve_production import production_arguments  # the README's line, as the tests read it

    exe = [str(JUESUAN)] if JUESUAN.exists() else [sys.executable, "-m", "converter.cli"]
    return [
        *exe,
        "serve",
        "--store",
        store,
        *inputs,
        *production_arguments(),
        "--host",
        HOST,
        "--port",
        str(port),
        "--base",
        BASE,
    ]


def wait_ready(port: int, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/page/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer in time")


def sparql(port: int, query: str) -> list[dict]:
    url = f"http://{HOST}:{port}/sparql?query={quote(query)}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["results"]["bindings"]


def request_mix(port: int) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    """(the mixed round's requests, the dereference round's), as (path, headers)."""
    rows = sparql(
        port,
        f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{BASE}id/')) }} ORDER BY ?s LIMIT 300",
    )
    paths = [r["s"]["value"][len(BASE) - 1 :] for r in rows]
    paths = ["/".join(quote(part, safe="-._~!$&'()*+,;=:@%") for part in p.split("/")) for p in paths]
    reports = [p for p in paths if p.startswith("/id/report/") and "/obs/" not in p and p.count("/") == 6]
    accepts = [{"Accept": "text/turtle"}, {"Accept": "application/ld+json"}, {"Accept": "text/html"}]
    dereferences = [(p, a) for p in paths for a in accepts]
    pages = [("/page/", {"Accept": "text/html"}), ("/catalog", {"Accept": "text/turtle"})]
    pages += [("/page" + r[3:], {"Accept": "text/html"}) for r in reports[:3]]
    pages += [("/page/function/201", {"Accept": "text/html"})]
    queries = [
        "ASK { ?s ?p ?o }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://purl.org/linked-data/cube#Observation> }",
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 20",
    ]
    sparqls = [("/sparql?query=" + quote(q), {"Accept": "application/sparql-results+json"}) for q in queries]
    return dereferences + pages + sparqls, dereferences


def choose(mix: list[tuple[str, dict]], dereferences: list, n: int, rng: random.Random) -> list:
    pages = [m for m in mix if m[0].startswith(("/page", "/catalog"))]
    sparqls = [m for m in mix if m[0].startswith("/sparql")]
    out = []
    for _ in range(n):
        roll = rng.random()
        pool = dereferences if roll < 0.7 else pages if roll < 0.9 else sparqls
        out.append(rng.choice(pool))
    return out


async def _fetch(reader, writer, path: str, headers: dict) -> int:
    head = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write((head + "\r\n").encode())
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = None
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    body = b""
    if chunked:
        while True:
            size = int((await reader.readline()).strip() or b"0", 16)
            body += (await reader.readexactly(size + 2))[:200]
            if size == 0:
                break
    elif length:
        body = await reader.readexactly(length)
    return status, body[:200]


async def _client(port: int, index: int, queue: asyncio.Queue, latencies: list, errors: list) -> None:
    source = (f"127.0.0.{2 + index % 250}", 0)
    reader = writer = None
    while True:
        try:
            path, headers = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port, local_addr=source)
            status, body = await asyncio.wait_for(_fetch(reader, writer, path, headers), 30)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            errors.append(f"{path}: {type(exc).__name__}")
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        latencies.append(time.perf_counter() - started)
        if status not in (200, 304):
            errors.append(f"{path[:60]}: HTTP {status} {body.decode('utf-8', 'replace').strip()[:120]}")
    if writer is not None:
        writer.close()


async def _round(port: int, requests: list, concurrency: int) -> dict:
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(_client(port, i, queue, latencies, errors) for i in range(concurrency)))
    wall = time.perf_counter() - started
    return {
        "requests": len(requests),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "rps": len(requests) / wall,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "examples")])
    args = parser.parse_args(argv)
    requests = max(1, min(args.requests, 100_000))  # bounded whatever is asked
    concurrency = max(1, min(args.concurrency, 200))
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        command = production_command(args.inputs, port, str(Path(tmp) / "store"))
        print("server:", " ".join(command[1:]), file=sys.stderr)
        log = open(Path(tmp) / "serve.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log, env={**os.environ})
        try:
            wait_ready(port, process)
            mix, dereferences = request_mix(port)
            rng = random.Random(args.seed)
            for path, headers in set((p, tuple(h.items())) for p, h in mix):  # warm: one of each
                asyncio.run(_round(port, [(path, dict(headers))], 1))
            rss_before = tree_rss(process.pid)
            mixed = asyncio.run(_round(port, choose(mix, dereferences, requests, rng), concurrency))
            cached = asyncio.run(
                _round(port, [rng.choice(dereferences) for _ in range(requests)], concurrency)
            )
            rss_after = tree_rss(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()
    print(f"{'round':<22} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}")
    for name, result in (("mix (70/20/10)", mixed), ("cached dereferences", cached)):
        print(
            f"{name:<22} {result['requests']:>8} {result['errors']:>6} {result['rps']:>8.0f} "
            f"{result['p50_ms']:>7.1f} {result['p99_ms']:>7.1f}"
        )
        for sample in result["error_samples"]:
            print(f"    e.g. {sample}")
    print(
        f"server memory, all processes (proportional / resident): {rss_before[0] / 2**20:.0f} / "
        f"{rss_before[1] / 2**20:.0f} MB before, {rss_after[0] / 2**20:.0f} / {rss_after[1] / 2**20:.0f} MB after"
    )
    print(f"server processes (serving and query workers): {rss_before[2]} before, {rss_after[2]} after")
    print(f"concurrency {concurrency}, {os.cpu_count()} cores shared with the load generator")
    return 0 if not (mixed["errors"] or cached["errors"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
