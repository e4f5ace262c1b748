"""Benchmark: what the narrative (情况说明) reader makes of each development document.

For each document: the narrative sentences that hold an amount (a number with 元/万元/亿元), the
figures published from the narrative, how many of them carry a resolved classification code, and how
many are published as item:unmapped. Documents whose identity the converter cannot read yet are still
measured: the narrative reader is called on their text directly (year and phase taken from the text).

    .venv/bin/python bench/narrative.py [--list] [DOC ...]

``--list`` prints, per document, every amount sentence that gave no figure or an unmapped one.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from converter.model import Figure
from converter.parse.document import identify_document
from converter.parse.narrative import read_narrative
from converter.parse.normalise import matching_text
from converter.parse.number_reading import MONEY_UNITS
from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import find_standard_tables
from converter.read import read_path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DOCUMENTS = ("201", "210", "204", "211", "213", "101", "102", "108", "109", "106")
AMOUNT = re.compile(r"(?<!单价)(?<!\d)\d[\d,，]*(\.\d+)?\s*(亿\s*元|万\s*元|元)")


def _path(name: str) -> Path | None:
    if name == "000":
        return ROOT / "examples" / "000_0e72b94d2a371e9d.txt"
    found = sorted((CORPUS / "pdf").glob(f"{name}_*.pdf")) + sorted((CORPUS / "raw").glob(f"{name}_*.txt"))
    return found[0] if found else None


def _identity(doc) -> tuple[int, str]:
    """The report's year and phase as the converter identifies them (neutral ones when unknown)."""
    ident = identify_document(doc)
    return ident.year or 0, (ident.phase.value if ident.phase else "final")


def measure(path: Path) -> tuple[list[tuple[int, int, str]], list[Figure], str]:
    doc = read_path(path)
    year, phase = _identity(doc)
    # as converter.parse.document does: the lines its tables print resolve the lines of its sentences
    # that the national lists lack
    table_figures, _ = figures_from_tables(doc, find_standard_tables(doc), year, phase)
    witnesses = [f.function for f in table_figures if f.function is not None]
    result = read_narrative(doc, year, phase, witnesses)
    scan = matching_text(doc.text)
    sentences = [(s, e, doc.text[s:e]) for s, e in result.sentences if AMOUNT.search(scan, s, e)]
    return sentences, result.figures, f"{year} {phase}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="*", default=list(DOCUMENTS) + ["000"])
    parser.add_argument("--list", action="store_true", help="print the sentences that need attention")
    args = parser.parse_args()
    columns = ("sentences", "figures", "amounts", "coded", "unmapped", "unmapped-amounts", "silent")
    totals = dict.fromkeys(columns, 0)
    print(f"{'doc':>4} {'identity':>12} " + " ".join(f"{c:>8}" for c in columns))
    for name in args.documents:
        path = _path(name)
        if path is None:
            print(f"{name:>4} not available (../shared/corpus is absent)")
            continue
        sentences, figures, identity = measure(path)
        amounts = [f for f in figures if f.stated_unit in MONEY_UNITS + ("万", "%")]
        money = [f for f in figures if f.stated_unit in MONEY_UNITS + ("万",)]
        anchors = {f.anchor for f in money}
        silent = [s for s in sentences if not any(a is not None and s[0] <= a < s[1] for a in anchors)]
        row = {
            "sentences": len(sentences),
            "figures": len(figures),
            "amounts": len(amounts),
            "coded": sum(1 for f in figures if f.function is not None or f.economic is not None),
            "unmapped": sum(1 for f in figures if f.item == "unmapped"),
            "unmapped-amounts": sum(1 for f in amounts if f.item == "unmapped"),
            "silent": len(silent),
        }
        for column in columns:
            totals[column] += row[column]
        print(f"{name:>4} {identity:>12} " + " ".join(f"{row[c]:>8}" for c in columns))
        if args.list:
            for start, _end, text in silent:
                compact = re.sub(r"\s+", "", text)
                print(f"      silent @{start}: {compact[:160]}")
            for figure in figures:
                if figure.item == "unmapped":
                    print(
                        f"      unmapped @{figure.anchor}: {figure.stated_text}{figure.stated_unit} "
                        f"“{figure.stated_label}”"
                    )
    print(f"{'all':>4} {'':>12} " + " ".join(f"{totals[c]:>8}" for c in columns))
    print(
        "sentences: narrative sentences holding an amount; figures: all narrative figures (counts too); "
        "amounts: those in 元/万元/亿元 or %; coded: with a function or economic code; silent: amount "
        "sentences that gave no money figure"
    )


if __name__ == "__main__":
    sys.exit(main())
