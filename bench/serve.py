"""Serving benchmark: bounded load against 127.0.0.1 only.

Starts gunicorn (2 sync workers) on a free local port with the given inputs (default: the bundled
examples), then measures requests/s and p50/p99 latency for dereferencing (Turtle, HTML) and for the
three example SPARQL queries, and runs the same queries in-process on the store (ratio = HTTP overhead).

    .venv/bin/python bench/serve.py [--requests 2000] [--concurrency 4] [--workers 2] [INPUT ...]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"  # never anything else


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def load(port, method, path, headers, body, n, concurrency, processes=1):
    """n requests from ``processes`` client processes (the GIL would cap one) of ``concurrency`` threads."""
    if processes <= 1:
        return _load(port, method, path, headers, body, n, concurrency)
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    share = n // processes
    started = time.perf_counter()
    with ctx.Pool(processes) as pool:
        parts = pool.starmap(
            _load, [(port, method, path, headers, body, share, concurrency, True)] * processes
        )
    wall = time.perf_counter() - started
    latencies = [x for p in parts for x in p["latencies"]]
    return {
        "requests": len(latencies),
        "errors": sum(p["errors"] for p in parts),
        "rps": len(latencies) / wall,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
    }


def _load(port, method, path, headers, body, n, concurrency, raw=False):
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = iter(range(n))

    def worker():
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                conn.close()
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if raw:
        return {"latencies": latencies, "errors": errors[0]}
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / wall,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
    }


def in_process(store, query: str, n: int):
    latencies = []
    for _ in range(n):
        t0 = time.perf_counter()
        store.query(query, None, formats={"solutions": "application/sparql-results+json"})
        latencies.append(time.perf_counter() - t0)
    return {
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "rps": n / sum(latencies),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--requests", type=int, default=2000, help="requests per dereferencing scenario")
    parser.add_argument("--query-requests", type=int, default=200, help="requests per SPARQL scenario")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--client-processes", type=int, default=1, help="load generator processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    args.requests = min(args.requests, 100_000)  # bounded
    args.concurrency = min(args.concurrency, 32)

    from server.app import build_store
    from server.config import Config
    from server.example_queries import examples

    port = free_port()
    base = f"http://{HOST}:{port}/"
    env = dict(os.environ, JUESUAN_BASE=base, JUESUAN_INPUTS=" ".join(args.inputs))
    config = Config.load(None, environ={k: v for k, v in env.items() if k.startswith("JUESUAN_")})
    print(f"loading the store in-process (base {base}) ...", file=sys.stderr)
    store = build_store(config)
    report = next(g for g in store.graphs() if "/id/report/" in g)  # not an organisation's graph
    observation = next(t.subject.value for t in store.describe(report, page_size=1).incoming)
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "-w",
        str(args.workers),
        "-b",
        f"{HOST}:{port}",
        "--preload",
        "--log-level",
        "warning",
        "server.app:create_app()",
    ]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)
    try:
        for _ in range(600):
            try:
                with socket.create_connection((HOST, port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start")
        path = quote(observation[len(base) - 1 :], safe="/%")
        results = {}
        load(port, "GET", path, {"Accept": "text/turtle"}, None, 50, 2)  # warm-up
        results["baseline: /context.jsonld"] = load(
            port, "GET", "/context.jsonld", {}, None, args.requests, args.concurrency, args.client_processes
        )
        results["deref turtle"] = load(
            port,
            "GET",
            path,
            {"Accept": "text/turtle"},
            None,
            args.requests,
            args.concurrency,
            args.client_processes,
        )
        results["deref html"] = load(
            port,
            "GET",
            path,
            {"Accept": "text/html"},
            None,
            args.requests,
            args.concurrency,
            args.client_processes,
        )
        for example in examples(base):
            body = urlencode({"query": example["query"]}).encode()
            headers = {
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            load(port, "POST", "/sparql", headers, body, 10, 2)  # warm-up (forks the query workers)
            http_figures = load(port, "POST", "/sparql", headers, body, args.query_requests, 1)
            local = in_process(store, example["query"], args.query_requests)
            http_figures["in_process_p50_ms"] = local["p50_ms"]
            http_figures["overhead_ratio_p50"] = http_figures["p50_ms"] / max(local["p50_ms"], 1e-9)
            results["sparql " + example["id"]] = http_figures
    finally:
        server.terminate()
        server.wait(timeout=30)
        store.close()
    print(
        f"{'scenario':45} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'in-proc p50':>11} {'ratio':>6}"
    )
    for name, r in results.items():
        extra = (
            f"{r['in_process_p50_ms']:11.2f} {r['overhead_ratio_p50']:6.2f}"
            if "in_process_p50_ms" in r
            else ""
        )
        print(f"{name:45} {r['rps']:8.0f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} {r['errors']:6d} {extra}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
