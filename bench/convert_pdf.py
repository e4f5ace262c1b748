"""PDF -> RDF on one core: milliseconds per page for each corpus PDF, and where the time goes.

Run: .venv/bin/python bench/convert_pdf.py [--repeat N]   (skips cleanly when ../shared/corpus is absent)

Stages timed per document (best of N runs, warm caches: the classification lists are loaded once):
read (PDF -> text, tables, offsets), tables (find_standard_tables), parse (parse_report: narrative,
table figures, performance tables, which finds the tables again), consolidate, emit (model -> triples,
each term its N-Triples text) and serialise (N-Quads text).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"

STAGES = ("read", "tables", "parse", "consolidate", "emit", "serialise")


def run_once(path: Path) -> tuple[dict[str, float], int, int, int]:
    from converter.consolidate import consolidate
    from converter.emit import emit_report
    from converter.parse.document import parse_report
    from converter.parse.tables import find_standard_tables
    from converter.read import read_path
    from converter.uris import UriBuilder

    times: dict[str, float] = {}
    t = time.perf_counter()
    doc = read_path(path)
    times["read"] = time.perf_counter() - t
    t = time.perf_counter()
    find_standard_tables(doc)
    times["tables"] = time.perf_counter() - t
    t = time.perf_counter()
    report = parse_report(doc)
    times["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    report = consolidate(report)
    times["consolidate"] = time.perf_counter() - t
    t = time.perf_counter()
    emitted = emit_report(report, UriBuilder("https://example.org/"))
    times["emit"] = time.perf_counter() - t
    t = time.perf_counter()
    emitted.nquads()
    times["serialise"] = time.perf_counter() - t
    return times, len(doc.pages), len(report.figures), len(emitted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    pdfs = sorted(p for p in CORPUS.glob("*.pdf") if "TEMPLATE" not in p.name) if CORPUS.exists() else []
    if not pdfs:
        print("bench/convert_pdf.py: ../shared/corpus/pdf is absent; nothing to measure")
        return 0
    run_once(pdfs[0])  # warm-up: imports, classification lists, regex compilation
    header = (
        f"{'document':<58}{'pages':>6}{'figs':>6}{'triples':>8}{'total ms':>10}{'ms/page':>9}  "
        + " ".join(f"{s:>11}" for s in STAGES)
    )
    print(header)
    from converter.parse.document import NotAReport

    for path in pdfs:
        best: dict[str, float] | None = None
        try:
            run_once(path)
        except NotAReport as exc:  # a part of a publication issued as several files, read alone
            print(f"{path.name[:57]:<58}  refused: {exc}")
            continue
        for _ in range(args.repeat):
            times, pages, figures, triples = run_once(path)
            if best is None or sum(times.values()) < sum(best.values()):
                best = times
        assert best is not None
        total = sum(best.values()) * 1000
        stages = " ".join(f"{best[s] * 1000:>9.0f}ms" for s in STAGES)
        print(
            f"{path.name[:57]:<58}{pages:>6}{figures:>6}{triples:>8}{total:>10.0f}{total / pages:>9.1f}  {stages}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
