"""The documents laid out as other provinces and years lay them out: what a layout rewrite keeps, loses or
misreads (tests/restructure.py ``REWRITES``).

    .venv/bin/python bench/restructure.py [--rules r1,r2] [--only 000,101txt] [--list N] [--no-audit]

For each text document (the seed, the corpus raw/ texts: ``sources``) and each rewrite, one at a time:
the text is rewritten, written to a file of the same name in a scratch folder, read, converted and
audited, and what it publishes is compared with the unrewritten text's conversion (bench/rewrites.py:
narrative figures, claims, table figures kept / lost / changed / added, and new Violations / Warnings).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.rewrites import HEAD, Baseline, Totals, run_one  # noqa: E402
from converter.parse.document import identify_document  # noqa: E402
from converter.pipeline import read_document  # noqa: E402
from tests import paraphrase as p  # noqa: E402
from tests import restructure as s  # noqa: E402


def sources() -> list[tuple[str, Path]]:
    """The text documents: the seed and the corpus raw/ texts (101, 102, 106; 105 is a template)."""
    out: list[tuple[str, Path]] = []
    if p.SAMPLE.exists():
        out.append(("000", p.SAMPLE))
    for n in ("101", "102", "106"):
        found = sorted((p.CORPUS / "raw").glob(f"{n}_*.txt"))
        if found:
            out.append((f"{n}txt", found[0]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default="", help="comma-separated rewrite names")
    parser.add_argument("--only", default="", help="comma-separated documents (000, 101txt ...)")
    parser.add_argument("--list", type=int, default=0, help="list up to N lost / changed keys each")
    parser.add_argument("--no-audit", action="store_true", help="skip the validator")
    parser.add_argument("--write", default="", help="a folder to keep the rewritten texts in")
    args = parser.parse_args(argv)
    docs = [(n, path) for n, path in sources() if not args.only or n in args.only.split(",")]
    if not docs:
        print("bench/restructure.py: ../shared is absent; nothing to measure")
        return 0
    rules = [r for r in s.REWRITES if not args.rules or r.name in args.rules.split(",")]
    started = time.perf_counter()
    print(HEAD)
    totals = Totals()
    with tempfile.TemporaryDirectory() as scratch:
        for name, path in docs:
            text = path.read_text(encoding="utf-8")
            doc = read_document(path)
            ident = identify_document(doc)
            ctx = s.Context(ident.year or s.year_of(text), ident.organisation or "", s.tables_of(doc, text))
            base = Baseline.of(doc, path.name)
            for r in rules:
                new, sites = s.rewritten(text, r, ctx)
                if not sites:
                    continue
                folder = Path(args.write or scratch) / r.name.replace("/", "_").replace(" ", "_")
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / path.name
                target.write_text(new, encoding="utf-8")
                row = run_one(base, read_document(target), path.name, sites, args.no_audit)
                totals.report(name, r.name, sites, row, args.list)
    totals.print([r.name for r in rules])
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
