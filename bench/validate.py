"""Validation speed: ms per report, and against validating the same reports merged into one graph.

    .venv/bin/python bench/validate.py [N]        (default N = 10 copies of the sample)

Builds N copies of the bundled sample with different base IRIs, validates each report graph on
its own (how `juesuan validate` works), then the union of all of them as one rdflib Graph
through pyshacl with the structural shapes (what validating "one huge graph" costs).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Graph  # noqa: E402

from converter.pipeline import convert_files  # noqa: E402
from converter.resources import examples_dir  # noqa: E402
from converter.validate import validate_graph  # noqa: E402
from converter.validate.runner import load_shapes  # noqa: E402


def main(n: int = 10) -> None:
    sample = examples_dir() / "000_0e72b94d2a371e9d.txt"
    graphs = []
    for i in range(n):
        result = convert_files([sample], f"http://example.org/pub{i}/")
        graphs.append(result.converted[0].graph)
    triples = sum(len(g) for g in graphs)
    validate_graph(graphs[0])  # warm the shape and code-list caches
    start = time.perf_counter()
    for g in graphs:
        validate_graph(g)
    per_report = (time.perf_counter() - start) / n
    print(f"{n} reports, {triples} triples ({triples // n} per report)")
    print(f"per report (built-in SHACL core + integrity rules): {per_report * 1000:.0f} ms per report")

    merged = Graph()
    for g in graphs:
        merged += g
    start = time.perf_counter()
    outcome = validate_graph(merged)
    merged_time = time.perf_counter() - start
    print(
        f"merged graph, same engine (split into {len(outcome.reports)} reports first): "
        f"{merged_time * 1000:.0f} ms = {merged_time * 1000 / n:.0f} ms per report "
        f"(ratio {merged_time / (per_report * n):.2f})"
    )

    import pyshacl

    shapes = load_shapes("http://example.org/pub0/")  # graphs[0] was minted with pub0
    start = time.perf_counter()
    pyshacl.validate(graphs[0], shacl_graph=shapes, inference="none", advanced=False)
    one = time.perf_counter() - start
    print(f"pyshacl, structural shapes only, one report: {one * 1000:.0f} ms")
    k = min(n, 4)
    big = Graph()
    for j in range(k):  # k renamed copies under one base, so the shapes apply to every copy
        for s, p, o in graphs[0]:
            big.add((_rename(s, j), p, _rename(o, j)))
    start = time.perf_counter()
    pyshacl.validate(big, shacl_graph=shapes, inference="none", advanced=False)
    merged_py = time.perf_counter() - start
    print(
        f"pyshacl, structural shapes only, {k} reports merged: {merged_py * 1000:.0f} ms "
        f"(ratio vs {k} x one report: {merged_py / (one * k):.2f})"
    )


def _rename(node, j):
    from rdflib import URIRef

    text = str(node)
    if isinstance(node, URIRef) and "/id/report/" in text:
        return URIRef(text.replace("/id/report/", f"/id/report/copy{j}/"))
    return node


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
