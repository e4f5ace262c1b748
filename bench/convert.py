"""Benchmark: convert the bundled sample in-process; median time (wall and CPU) and peak memory.

Target (issue #12): median <= 50 ms per conversion of the sample, from its bytes to the N-Quads text the
command line, the batch and the stores take. The baseline measured in the same run is reading the file
and decoding it (the floor any conversion pays), so the printed ratio is comparable across noisy
machines; CPU time (process time, this process alone) is printed beside wall time because other jobs on
a shared machine inflate the wall clock, not the CPU a conversion uses. For comparison, the rdflib graph
that emitting built before (converter/emitted.py builds it now only when one is asked for).

    .venv/bin/python bench/convert.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from converter.emit import emit_report
from converter.parse.document import parse_report
from converter.pipeline import convert_document
from converter.read import read_path
from converter.uris import UriBuilder

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "000_0e72b94d2a371e9d.txt"


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``runs`` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    uris = UriBuilder()
    doc = read_path(SAMPLE)
    parse_report(doc)  # warm the code-list caches, as a long-running process has them
    # the pipeline's own step (parse, consolidate, the narrative's claims), as `juesuan convert` runs it
    report = convert_document(doc, SAMPLE)
    emitted = emit_report(report, uris)

    def whole() -> str:
        return emit_report(convert_document(read_path(SAMPLE), SAMPLE), uris).nquads()

    stages = {
        "read (baseline)": timed(lambda: read_path(SAMPLE), args.runs),
        "parse+consolidate+claims": timed(lambda: convert_document(doc, SAMPLE), args.runs),
        "emit (N-Triples terms)": timed(lambda: emit_report(report, uris), args.runs),
        "N-Quads text": timed(emitted.nquads, args.runs),
        "whole conversion": timed(whole, args.runs),
        "rdflib graph, on demand": timed(emitted.graph, max(5, args.runs // 3)),
    }
    tracemalloc.start()
    whole()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"sample: {SAMPLE.name}, {len(doc.text)} characters, {len(report.figures)} figures, "
        f"{len(emitted)} triples"
    )
    print(f"{'':26}{'wall ms':>9}{'cpu ms':>9}")
    for name, (wall, cpu) in stages.items():
        print(f"{name:<26}{wall:9.2f}{cpu:9.2f}")
    wall, cpu = stages["whole conversion"]
    verdict = "OK" if min(wall, cpu) <= 50 else "OVER"
    print(f"whole conversion target <= 50 ms (wall, or CPU on a loaded machine): {verdict}")
    read_wall, read_cpu = stages["read (baseline)"]
    print(f"ratio whole/read: {wall / read_wall:.1f}x wall, {cpu / max(read_cpu, 1e-9):.1f}x cpu")
    print(f"peak memory of one conversion: {peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
