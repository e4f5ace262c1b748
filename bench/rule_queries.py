"""Each integrity rule's query on pyoxigraph, per report: which queries make `juesuan validate` slow.

    .venv/bin/python bench/rule_queries.py [--top N] [--runs N] [DOC ...]   (default: 101 102 108 of ../shared/corpus/pdf)

Each document is converted once; then every query the engine runs on a report (one per constraint, the
shapes sharing it batched, as converter/validate/engine.py runs them) is timed alone on an Oxigraph store
of the report: the best of --runs runs (default 3; the machine is shared). Printed per document: the sum
over the queries and the --top slowest (default 8) with their solutions. A query over ~0.02 s on a
35,000-triple report is worth a look (bench/validate.py: the target is 0.5 s per report in all).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox  # noqa: E402

from converter.pipeline import convert_files  # noqa: E402
from converter.uris import DEFAULT_BASE  # noqa: E402
from converter.validate.engine import _batched, rules  # noqa: E402
from converter.validate.oxdata import to_ox  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"


def jobs(base: str) -> list[tuple[str, str, dict]]:
    """(the shapes' labels, the query, its parameter bindings) for every query the engine runs."""
    groups: dict[tuple, list] = {}
    for rule in rules(base):
        groups.setdefault((rule.constraint, rule.select, rule.bindings), []).append(rule)
    out = []
    for (_, select, bindings), members in groups.items():
        labels = "+".join(sorted(r.rule for r in members))
        for query, _ in _batched(select, members):
            out.append((labels, query, {ox.Variable(k): to_ox(v) for k, v in bindings}))
    return out


def timed(store: ox.Store, query: str, substitutions: dict, runs: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(list(store.query(query, substitutions=substitutions)))
        best = min(best, time.perf_counter() - start)
    return best, found


def main(args: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="*", default=["101", "102", "108"], metavar="DOC")
    parser.add_argument("--top", type=int, default=8, help="the slowest queries printed per document")
    parser.add_argument("--runs", type=int, default=3, help="runs per query, the best one timed")
    options = parser.parse_args(args)
    top, runs = options.top, options.runs
    work = jobs(DEFAULT_BASE)
    for doc in options.documents:
        files = sorted(CORPUS.glob(f"{doc}_*.pdf"))
        if not files:
            print(f"{doc}: not found in {CORPUS}")
            continue
        for converted in convert_files(files, one_report=len(files) > 1).converted:
            store = ox.Store()
            store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in converted.graph)
            report = ox.NamedNode(str(converted.iri))
            results = []
            for labels, query, bindings in work:
                substitutions = {ox.Variable("this"): report, **bindings}
                results.append((*timed(store, query, substitutions, runs), labels))
            results.sort(reverse=True)
            total = sum(seconds for seconds, _, _ in results)
            print(f"{doc}: {len(converted.graph)} triples, {len(results)} queries, {total:.3f} s in all")
            for seconds, found, labels in results[:top]:
                print(f"  {seconds:7.4f} s {found:>4} solutions  {labels[:90]}")


if __name__ == "__main__":
    main(sys.argv[1:])
