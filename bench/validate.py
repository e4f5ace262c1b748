"""Validation speed per report: `juesuan validate` (pyoxigraph rules + built-in SHACL core) and pyshacl.

    .venv/bin/python bench/validate.py [--pyshacl] [DOC ...]     (default: 101 102 108 of ../shared/corpus/pdf)

Each document is converted once; then per report: the baseline (rdflib parsing the report's own
N-Triples: the machine's speed, measured in the same run), `juesuan validate`'s work on the loaded
graph (validate_graph: structural shapes + every integrity rule of shapes/integrity*.ttl), and with
--pyshacl the same shapes through pyshacl (minutes per report: rdflib re-parses each rule's SPARQL).
Times in seconds and as ratios to the baseline; the target is <= 0.5 s per report.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Graph  # noqa: E402

from converter.pipeline import convert_files  # noqa: E402
from converter.uris import DEFAULT_BASE  # noqa: E402
from converter.validate import validate_graph  # noqa: E402
from converter.validate.engine import rule_shapes  # noqa: E402
from converter.validate.runner import load_shapes  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(args: list[str]) -> None:
    with_pyshacl = "--pyshacl" in args
    docs = [a for a in args if not a.startswith("--")] or ["101", "102", "108"]
    shapes = Graph()
    shapes += rule_shapes(DEFAULT_BASE)
    shapes += load_shapes(DEFAULT_BASE)
    print(f"{'doc':>5} {'triples':>8} {'baseline s':>10} {'validate s':>10} {'ratio':>6}"
          + (f" {'pyshacl s':>10} {'ratio':>7}" if with_pyshacl else ""))  # fmt: skip
    for doc in docs:
        files = sorted(CORPUS.glob(f"{doc}_*.pdf"))
        if not files:
            print(f"{doc}: not found in {CORPUS}")
            continue
        graph = convert_files(files).converted[0].graph
        with tempfile.NamedTemporaryFile(suffix=".nt") as handle:
            graph.serialize(handle.name, format="nt", encoding="utf-8")
            baseline = timed(lambda: Graph().parse(handle.name, format="nt"))
        validate_graph(graph)  # warm the shape caches
        validate = min(timed(lambda g=graph: validate_graph(g)) for _ in range(2))
        line = f"{doc:>5} {len(graph):>8} {baseline:>10.2f} {validate:>10.2f} {validate / baseline:>6.2f}"
        if with_pyshacl:
            import pyshacl

            slow = timed(
                lambda g=graph: pyshacl.validate(g, shacl_graph=shapes, inference="none", advanced=True)
            )
            line += f" {slow:>10.1f} {slow / baseline:>7.1f}"
        print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
