"""Every document of ../shared/corpus through the converter: what comes out of its tables.

Run: .venv/bin/python bench/corpus.py [--only NAME...]   (skips cleanly when ../shared/corpus is absent)

Per document (pdf/, raw/, web/; and the two-file publications 211+212, 213+214 as one report when the
pipeline offers ``one_report``, else each file alone):

* figures   observations published (after consolidation); ``refused`` and the reason when the
            document is not converted; then, for a tables-only file parse_report refuses, its tables
            are still measured directly (find_standard_tables + figures_from_tables)
* cells     table cells read (figures the table reader made) / numeric cells present: numeric cells of
            the reader's ``Page.tables`` grids, or for text input numeric tokens on the table-like lines
            (lines of numbers that are not sentences)
* unmapped  table figures of no known item (``unmapped``: a detail line, a table the template does not
            know, a "其中" column), their column known
* open      table figures whose column (or row) text input leaves open (``column_inference`` unknown)
* inferred  table figures whose column was inferred from text (position, blank cells, arithmetic)
* warnings  parse warnings;  seconds  read + parse + consolidate

The closing line gives the totals and the share of numeric cells read.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"

# a printed amount: a decimal point or a thousands separator ("2,940.05", "47,483,458", "0.00");
# bare integers are left out, they are mostly codes, years and row numbers
_AMOUNT = re.compile(r"(?<![\d.,])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])-?\d+\.\d+(?![\d.])")
_SENTENCE = re.compile(r"[，。；：:%％]|万元|元，")
PAIRS = (("211", "212"), ("213", "214"))


@dataclass
class Row:
    name: str
    figures: int | None
    refused: str | None
    cells_read: int
    cells_present: int
    unmapped: int
    open: int
    inferred: int
    warnings: int
    seconds: float


_INTEGER = re.compile(r"-?\d+")
_CODE_LIKE = re.compile(r"\d{2}|\d{3}|\d{5}|\d{7}")


def _grid_numeric_cells(doc) -> int:
    """Numeric cells of the grids: amounts, and integers outside code columns (a column whose every
    number is 2/3/5/7 digits long is a code column) and outside 栏次 rows."""
    count = 0
    for page in doc.pages:
        for table in page.tables:
            rows = [r for r in table.rows if not any("栏次" in c.text for c in r)]
            width = max((len(r) for r in rows), default=0)
            code_columns = set()
            for j in range(width):
                texts = [r[j].text.replace("\n", "").replace(" ", "") for r in rows if j < len(r)]
                numbers = [t for t in texts if _INTEGER.fullmatch(t) or _AMOUNT.fullmatch(t)]
                if numbers and all(_CODE_LIKE.fullmatch(t) for t in numbers):
                    code_columns.add(j)
            seen: set[int] = set()
            for row in rows:
                for j, cell in enumerate(row):
                    if id(cell) in seen or j in code_columns:
                        continue
                    seen.add(id(cell))
                    text = cell.text.replace("\n", "").replace(" ", "")
                    if _AMOUNT.fullmatch(text) or _INTEGER.fullmatch(text):
                        count += 1
    return count


def _text_numeric_tokens(text: str) -> int:
    count = 0
    for line in text.split("\n"):
        if _SENTENCE.search(line) or "……" in line:
            continue
        count += len(_AMOUNT.findall(line))
        # integers in 元 tables: not at the line start, not a year, not a 款/项 code (2/3/5 + 4 or 6 digits)
        count += len(re.findall(r"(?<=\s)(?![235]\d{4}(?!\d)|[235]\d{6}(?!\d))\d{4,}(?![\d.,年])", line))
    return count


def numeric_cells_present(doc) -> int:
    if any(page.tables for page in doc.pages):
        return _grid_numeric_cells(doc)
    return _text_numeric_tokens(doc.text)


def _year_and_phase(doc) -> tuple[int, str]:
    year = re.search(r"(20\d{2})\s*年", doc.text)
    final = len(re.findall("决算", doc.text))
    budget = len(re.findall("(?<!公共)(?<!基金)(?<!经营)预算", doc.text))
    return (int(year.group(1)) if year else 2000), ("final" if final >= budget else "budget")


def _table_figures(doc, year: int, phase: str):
    from converter.parse.table_figures import figures_from_tables
    from converter.parse.tables import find_standard_tables

    return figures_from_tables(doc, find_standard_tables(doc), year, phase)


def _open(figure) -> bool:
    return getattr(figure, "column_inference", None) in ("unknown", "unknown-row")


def _inferred(figure) -> bool:
    return getattr(figure, "column_inference", None) not in (None, "unknown", "unknown-row")


def measure(name: str, paths: list[Path]) -> Row:
    from converter.pipeline import ConversionError, convert_document, convert_files, read_document

    t = time.perf_counter()
    figures: int | None = None
    refused: str | None = None
    warnings = 0
    docs = []
    try:
        docs = [read_document(p) for p in paths]
        if len(paths) == 1:
            report = convert_document(docs[0], paths[0])
        else:
            report = convert_files(paths, one_report=True).converted[0].report  # type: ignore[call-arg]
        figures, warnings = len(report.figures), len(report.warnings)
        year, phase = report.fiscal_year, report.phase.value
    except (ConversionError, IndexError) as exc:
        refused = str(exc).split(": ", 1)[-1][:60]
        year, phase = _year_and_phase(docs[0]) if docs else (2000, "final")
    seconds = time.perf_counter() - t
    read = present = unmapped = open_ = inferred = 0
    for doc in docs:
        table_figures, _ = _table_figures(doc, year, phase)
        read += len(table_figures)
        open_ += sum(1 for f in table_figures if _open(f))
        unmapped += sum(1 for f in table_figures if f.item == "unmapped" and not _open(f))
        inferred += sum(1 for f in table_figures if _inferred(f))
        present += numeric_cells_present(doc)
    return Row(name, figures, refused, read, present, unmapped, open_, inferred, warnings, seconds)


def documents(only: list[str]) -> list[tuple[str, list[Path]]]:
    from converter.pipeline import convert_files

    files = sorted((CORPUS / "pdf").glob("*.pdf")) + sorted((CORPUS / "raw").glob("*.txt"))
    files += sorted(p for p in (CORPUS / "web").glob("*.txt"))
    out = [(f"{p.parent.name}/{p.name}", [p]) for p in files]
    if "one_report" in inspect.signature(convert_files).parameters:
        for a, b in PAIRS:
            pa = sorted((CORPUS / "pdf").glob(f"{a}_*.pdf"))
            pb = sorted((CORPUS / "pdf").glob(f"{b}_*.pdf"))
            if pa and pb:
                out.append((f"pdf/{a}+{b} (one report)", [pa[0], pb[0]]))
    if only:
        out = [(n, ps) for n, ps in out if any(o in n for o in only)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="documents whose name contains one of these")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print("bench/corpus.py: ../shared/corpus is absent; nothing to measure")
        return 0
    from converter.resolve.classification import function_classification

    function_classification()  # load the code lists once, outside the timings
    header = (
        f"{'document':<62}{'figures':>9}{'cells read/present':>20}{'unmapped':>9}{'open':>6}{'inferred':>9}"
        f"{'warn':>6}{'s':>7}"
    )
    print(header)
    rows: list[Row] = []
    for name, paths in documents(args.only):
        row = measure(name, paths)
        rows.append(row)
        figures = "refused" if row.figures is None else str(row.figures)
        share = f"{row.cells_read}/{row.cells_present}"
        print(
            f"{name[:61]:<62}{figures:>9}{share:>20}{row.unmapped:>9}{row.open:>6}{row.inferred:>9}{row.warnings:>6}"
            f"{row.seconds:>7.2f}" + (f"  ({row.refused})" if row.refused else "")
        )
    read = sum(r.cells_read for r in rows)
    present = sum(r.cells_present for r in rows)
    published = sum(r.figures or 0 for r in rows)
    refused = sum(1 for r in rows if r.figures is None)
    print(
        f"TOTAL {len(rows)} documents, {refused} refused: {published} figures; table cells read {read} of "
        f"{present} numeric cells present ({100 * read / max(present, 1):.1f} %); "
        f"{sum(r.unmapped for r in rows)} unmapped, {sum(r.open for r in rows)} open, "
        f"{sum(r.inferred for r in rows)} inferred; "
        f"{sum(r.warnings for r in rows)} warnings; {sum(r.seconds for r in rows):.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
