"""Benchmark: conversion CPU time of a text table of thousands of rows (README "Known limits").

The bundled sample twice, then a text table of N rows (N = 1,000, 2,000, 4,000, 8,000), printed one row
a line (``--form lines``) or run into one line with the rest of the page (``--form one-line``, a
flattened web page as tests/hostile_corpus.py makes it). Each conversion runs in this process, from
bytes to the N-Quads text; the printed ratio is against the 1,000-row conversion of the same run, and
per doubling of N (linear conversion: about 2x a doubling). Not a test: nothing is asserted.

    .venv/bin/python bench/long_tables.py [--form lines|one-line|both] [--rows 1000 2000 4000 8000]
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

from converter.consolidate import consolidate
from converter.emit import emit_report
from converter.parse.document import parse_report
from converter.read.dispatch import read_bytes
from converter.uris import UriBuilder

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "000_0e72b94d2a371e9d.txt"
HEADER = "收入决算表\n单位：万元\n项目 本年收入合计 财政拨款收入 其他收入\n科目编码 科目名称\n合计 10.00 8.00 2.00\n"


def long_table_text(rows: int, one_line: bool = False) -> str:
    """The sample twice and a text table of ``rows`` rows after it."""
    sample = SAMPLE.read_text(encoding="utf-8")
    lines = "".join(f"2010{k % 10}01 行政运行{k} 10.00 8.00 2.00\n" for k in range(rows))
    text = sample * 2 + "\n" + HEADER + lines
    return text.replace("\n", " ") if one_line else text


def convert(text: str, uris: UriBuilder) -> tuple[float, int, int]:
    """CPU seconds of one conversion, its figures and its N-Quads lines."""
    data = text.encode("utf-8")
    start = time.process_time()
    doc = read_bytes(data, "long-table.txt")
    report = consolidate(parse_report(doc))
    nquads = emit_report(report, uris).nquads()
    return time.process_time() - start, len(report.figures), nquads.count("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--form", choices=("lines", "one-line", "both"), default="both")
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    args = parser.parse_args()
    uris = UriBuilder()
    convert(SAMPLE.read_text(encoding="utf-8"), uris)  # warm the code-list caches
    forms = ("lines", "one-line") if args.form == "both" else (args.form,)
    for form in forms:
        print(f"form {form}:")
        base = previous = None
        for rows in args.rows:
            text = long_table_text(rows, one_line=form == "one-line")
            seconds, figures, quads = convert(text, uris)
            base = base or seconds
            ratio = f"{seconds / base:5.1f}x the {args.rows[0]:,}-row run"
            step = f", {seconds / previous:4.1f}x the previous" if previous else ""
            digest = hashlib.sha256(text.encode()).hexdigest()[:8]
            print(
                f"  {rows:>6,} rows ({len(text):>9,} chars, {digest}): {seconds:7.2f} s CPU, "
                f"{figures:,} figures, {quads:,} quads; {ratio}{step}"
            )
            previous = seconds


if __name__ == "__main__":
    main()
