"""Benchmark: convert the bundled sample in-process; median time and peak memory.

Target (issue "Foundation"): median <= 50 ms per conversion of the sample. The
baseline measured in the same run is reading the file and decoding it (the floor any
conversion pays), so the printed ratio is comparable across noisy machines.

    .venv/bin/python bench/convert.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

from converter.consolidate import consolidate
from converter.emit import report_graph
from converter.parse.document import parse_report
from converter.read import read_path
from converter.uris import UriBuilder

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "000_0e72b94d2a371e9d.txt"


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    uris = UriBuilder()
    doc = read_path(SAMPLE)
    parse_report(doc)  # warm the code-list caches, as a long-running process has them

    read_ms = timed(lambda: read_path(SAMPLE), args.runs)
    parse_ms = timed(lambda: consolidate(parse_report(doc)), args.runs)
    report = consolidate(parse_report(doc))
    emit_ms = timed(lambda: report_graph(report, uris), args.runs)
    total_ms = timed(lambda: report_graph(consolidate(parse_report(read_path(SAMPLE))), uris), args.runs)

    tracemalloc.start()
    _, graph = report_graph(consolidate(parse_report(read_path(SAMPLE))), uris)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    med = statistics.median
    print(
        f"sample: {SAMPLE.name}, {len(doc.text)} characters, {len(report.figures)} figures, {len(graph)} triples"
    )
    print(f"read (baseline)   median {med(read_ms):7.2f} ms")
    print(f"parse+consolidate median {med(parse_ms):7.2f} ms")
    print(f"emit RDF          median {med(emit_ms):7.2f} ms")
    print(
        f"whole conversion  median {med(total_ms):7.2f} ms   target <= 50 ms: {'OK' if med(total_ms) <= 50 else 'OVER'}"
    )
    print(f"ratio whole/read: {med(total_ms) / med(read_ms):.1f}x")
    print(f"peak memory of one conversion: {peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
