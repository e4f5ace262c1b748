"""Validation speed per report: `juesuan validate FILE` (file -> findings) and pyshacl.

    .venv/bin/python bench/validate.py [--pyshacl] [--runs N] [DOC ...]   (default: 101 102 108 of ../shared/corpus/pdf)

Each document is converted once and written as N-Triples. Then, per report, in the same run:
the baseline (rdflib parsing that N-Triples file: the machine's speed, so that numbers taken on a
busy or slower machine can be compared), and `juesuan validate`'s file -> findings path
(runner.validate_file) by phase: load (Oxigraph parses the file into its store), index (the
triples in dictionaries, the reports found), structure (shapes/structure.ttl; the rules' queries
run beside it, on threads), rules (what every integrity rule of shapes/integrity*.ttl takes beyond
the structure, the rest of the store's load included), describe (the figures and source spans of the findings),
total. The best of --runs runs (default 3) is printed: the machine is shared. Also the old path,
rdflib parse + validate_graph (validate_graph alone in brackets), and with --pyshacl the same shapes
through pyshacl on the rdflib graph (minutes per report). The target is total <= 0.5 s per report.
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
from converter.validate.engine import rule_shapes, rules  # noqa: E402
from converter.validate.runner import compiled_shapes, load_shapes, validate_file  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
PHASES = ("load", "index", "structure", "rules", "describe")
TARGET = 0.5


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def best_phases(path: Path, runs: int) -> tuple[dict[str, float], int]:
    """The phases of the fastest of ``runs`` runs of validate_file, and the number of findings."""
    best: dict[str, float] | None = None
    found = 0
    for _ in range(runs):
        timings: dict[str, float] = {}
        start = time.perf_counter()
        found = len(validate_file(path, timings=timings).findings)
        timings["total"] = time.perf_counter() - start
        if best is None or timings["total"] < best["total"]:
            best = timings
    assert best is not None
    return best, found


def main(args: list[str]) -> None:
    with_pyshacl = "--pyshacl" in args
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    skip = {args.index("--runs") + 1} if "--runs" in args else set()
    docs = [a for i, a in enumerate(args) if not a.startswith("--") and i not in skip] or [
        "101",
        "102",
        "108",
    ]
    shapes = Graph()
    shapes += rule_shapes(DEFAULT_BASE)
    shapes += load_shapes(DEFAULT_BASE)
    head = f"{'doc':>5} {'triples':>8} {'baseline':>8} | " + " ".join(f"{p:>9}" for p in PHASES)
    head += f" {'total':>6} {'ratio':>5} {'<=0.5':>5} | {'rdflib+validate_graph':>21}"
    print(head + (f" | {'pyshacl':>8} {'ratio':>6}" if with_pyshacl else "") + "   (seconds)")
    rules(DEFAULT_BASE), compiled_shapes(DEFAULT_BASE)  # parsed once per process: not a report's cost
    for doc in docs:
        files = sorted(CORPUS.glob(f"{doc}_*.pdf"))
        if not files:
            print(f"{doc}: not found in {CORPUS}")
            continue
        graph = convert_files(files).converted[0].graph
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{doc}.nt"
            graph.serialize(path, format="nt", encoding="utf-8")
            baseline = min(timed(lambda p=path: Graph().parse(p, format="nt")) for _ in range(runs))
            phases, found = best_phases(path, runs)
            parsed = Graph().parse(path, format="nt")
            old = timed(lambda g=parsed: validate_graph(g))
        total = phases["total"]
        line = f"{doc:>5} {len(graph):>8} {baseline:>8.2f} | " + " ".join(
            f"{phases.get(p, 0):>9.3f}" for p in PHASES
        )
        line += f" {total:>6.2f} {total / baseline:>5.2f} {'yes' if total <= TARGET else 'NO':>5}"
        line += f" | {baseline + old:>6.2f} ({old:.2f} {old / baseline:.2f}x)".rjust(21)
        if with_pyshacl:
            import pyshacl

            slow = timed(
                lambda g=parsed: pyshacl.validate(g, shacl_graph=shapes, inference="none", advanced=True)
            )
            line += f" | {slow:>8.1f} {slow / baseline:>6.1f}"
        print(line + f"   {found} findings", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
