"""Milliseconds per page for each PDF reading approach on corpus PDFs 101 and 102.

Run: .venv/bin/python bench/read.py   (skips cleanly when ../shared/corpus is absent)
"""

from __future__ import annotations

import hashlib
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"


def _juesuan(data: bytes) -> int:
    from converter.read.pdf import read_pdf
    from converter.read.types import SourceDocument

    doc = read_pdf(
        data, SourceDocument("x.pdf", hashlib.sha256(data).hexdigest(), "application/pdf", len(data))
    )
    return len(doc.pages)


def _pdfplumber(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            [t.extract() for t in page.find_tables()]
        return len(pdf.pages)


def _pdfminer(data: bytes) -> int:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).count("\f") or 1


def _pypdfium2_text(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        pdf[i].get_textpage().get_text_range()
    return len(pdf)


READERS = {
    "juesuan read_pdf (pypdfium2 + lattice tables)": _juesuan,
    "pypdfium2 text only (no tables)": _pypdfium2_text,
    "pdfplumber text + find_tables": _pdfplumber,
    "pdfminer.six extract_text (no tables)": _pdfminer,
}


def main() -> int:
    files = sorted(CORPUS.glob("10[12]_*.pdf")) if CORPUS.exists() else []
    if not files:
        print(f"skipped: no corpus PDFs under {CORPUS.name}/ (../shared/corpus/pdf)")
        return 0
    for path in files:
        data = path.read_bytes()
        print(path.name)
        for name, fn in READERS.items():
            best = float("inf")
            pages = 1
            for _ in range(3 if "pdfplumber" not in name and "pdfminer" not in name else 1):
                t0 = time.perf_counter()
                pages = fn(data)
                best = min(best, time.perf_counter() - t0)
            print(f"  {name:48s} {1000 * best / pages:7.1f} ms/page  ({pages} pages, {best:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
