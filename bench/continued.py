"""Pages that begin inside a document: what the audit says of an article's page 2.

    .venv/bin/python bench/continued.py [--form tabs|blanks|cells] [--at 0.2,0.4,0.6,0.8] [--mid] [--only 101 ...] [--list]

(skips cleanly when ../shared/corpus is absent). Each development document's page as text (the ``tabs``
, ``blanks`` or ``cells`` form of ``tests/variants.py``), cut at a line a fraction of the way in and without its title, site chrome
or 目录: the page a site prints after "下一页". Per source and cut: the figures published, whether the text is
flagged as beginning inside a document (``fiscal:textBeginsAbruptly``), and the Violations and Warnings
the whole page's audit does not explain (``tests/variant_scores.extra_violations`` / ``extra_warnings``):
false alarms a page 2 would raise, the sections on page 1 reported missing among them. With ``--mid`` the
page begins inside a sentence, as a site's pages split at a length do: just after the first "，" of the
first sentence at or after the cut ("与上年相比增加646.57万元，…" without the words that said what grew).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import variant_scores as v  # noqa: E402

# a line of prose a page may break inside: a sentence's words with a comma, no table cells
_PROSE = re.compile(r"[\u4e00-\u9fff].*(?:，|,(?!\d))")
_COMMA = re.compile(r"，|,(?!\d)")  # not a thousands separator (6,442.75)
_CELLS = re.compile(r"\t|[ \u00a0\u3000]{2,}")
MID_LINES = 20  # how far after the cut a line of prose is looked for


def _mid_line(lines: list[str], first: int) -> tuple[int, int]:
    """The line and character a page cut inside a sentence begins at: after the first "，" of the first
    line of prose from ``first`` on (``first``'s start when none follows near it)."""
    for at in range(first, min(first + MID_LINES, len(lines))):
        line = lines[at]
        if _PROSE.search(line) and not _CELLS.search(line.strip()):
            comma = _COMMA.search(line)
            if comma is not None and comma.end() < len(line.rstrip()):
                return at, comma.end()
    return first, 0


def continued(variant: v.Variant, at: float, mid: bool = False) -> v.Variant:
    """The page from the line ``at`` of the way in, nothing before it; with ``mid``, from inside the
    sentence there (after its first comma)."""
    lines = variant.data.decode("utf-8").split("\n")
    first, column = _mid_line(lines, int(len(lines) * at)) if mid else (int(len(lines) * at), 0)
    text = "\n".join([lines[first][column:], *lines[first + 1 :]]) if first < len(lines) else ""
    name = f"page-{int(at * 100)}{'-mid' if mid else ''}.txt"
    return replace(variant, data=text.encode("utf-8"), file_name=name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", default="0.2,0.4,0.6,0.8", help="where the pages begin (fractions)")
    parser.add_argument(
        "--form", default="tabs", choices=("tabs", "blanks", "cells"), help="the page's text form"
    )
    parser.add_argument("--mid", action="store_true", help="begin each page inside a sentence")
    parser.add_argument("--only", nargs="*", default=[], help="sources (101, 211+212, ...)")
    parser.add_argument("--list", action="store_true", help="list the extra findings")
    args = parser.parse_args(argv)
    if not v.CORPUS.exists():
        print("bench/continued.py: ../shared/corpus is absent; nothing to measure")
        return 0
    cuts = [float(x) for x in args.at.split(",")]
    pages = flagged = extra_v = extra_w = refused = 0
    print(f"{'source':<9}{'at':>5}{'figures':>9}  begun  extra V  extra W")
    for source in v.all_sources():
        whole = next((x for x in v.variants_of(source) if x.form == args.form), None)
        if whole is None or (args.only and source.name not in args.only):
            continue
        report, _error = v.convert_variant(whole)
        reference = v.audit(report) if report else []
        for at in cuts:
            pages += 1
            page, error = v.convert_variant(continued(whole, at, args.mid))
            if page is None:
                refused += 1
                print(f"{source.name:<9}{at:>5.2f}  refused: {error}")
                continue
            found = v.audit(page)
            violations, warnings = v.extra_violations(reference, found), v.extra_warnings(reference, found)
            flagged += page.begins_abruptly
            extra_v += len(violations)
            extra_w += len(warnings)
            begun = "yes" if page.begins_abruptly else "no"
            print(
                f"{source.name:<9}{at:>5.2f}{len(page.figures):>9}  {begun:<5}{len(violations):>9}{len(warnings):>9}"
            )
            for finding in (violations + warnings) if args.list else []:
                print(f"      {finding.severity[0]} {finding.rule}: {finding.message.split(' / ')[0][:120]}")
    print(
        f"\n{pages} pages: {flagged} flagged as beginning inside the document, {refused} refused, "
        f"{extra_v} extra Violations, {extra_w} extra Warnings"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
