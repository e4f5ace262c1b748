"""Planted errors published as web pages: the planted document rendered in a web form and audited.

bench/planted.py and bench/plants_more.py plant one error at a time in what the reader gave for a PDF
(``ReadDocument.text`` and its tables' cells). With ``--form FORM`` they hand the planted document to
``FormBench.audit``, which renders it as tests/variants.py renders each corpus PDF (an HTML page, or
that page as text: tabs, runs of blanks, one cell per line, one line, traditional characters), with
the title, organisation and posting date the UNPLANTED report gives (a page's chrome does not change
with an error in its tables), reads that page as the converter reads a web page and audits it.

Judging. The plant's regions are offsets in the PDF's text; the finding's spans are offsets in the text
the web reader gave for the page. Rendering is deterministic, so the page of the planted document
differs from the page of the unplanted one only where the plant is: the regions judged are where the
page's read text differs from the same-form baseline's read text (a line diff, then within each changed
run of lines a diff of words), and a finding is new when the same-form baseline does not have it. The
diff is also the check that the plant reached the page: a plant whose planted characters (its edits'
new digits or words) appear in no differing region did not survive rendering (the page shows no
error), and is reported as not rendered instead of being counted.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from converter.emit import emit_report
from converter.model import Report
from converter.pipeline import convert_document
from converter.read.dispatch import read_bytes
from converter.read.types import ReadDocument
from converter.uris import DEFAULT_BASE, UriBuilder
from converter.validate import Finding, validate_graph
from tests.variants import (
    Page,
    blocks_of,
    html_page,
    posted,
    report_title,
    text_document_tables,
    text_page,
    traditional,
)

FORMS = ("html", "tabs", "blanks", "cells", "one-line", "traditional")
_SUFFIX = {"html": ".html"}  # the others are text: .{form}.txt, as tests/variants.py names them
# a word of a diff: a run of blanks, a run of letters and digits, or one other character
_TOKEN = re.compile(r"\s+|[0-9A-Za-z.,%\u4e00-\u9fff]+|.", re.S)


def page_bytes(doc: ReadDocument, chrome: tuple[str, str, str], form: str) -> bytes:
    """The document as a page of ``form``: the blocks the reader's text and grids give, in the chrome."""
    lined = form == "one-line"  # one-line text keeps the PDF's lines as printed
    page = Page(*chrome, blocks_of(doc, join=not lined))
    if form == "html":
        return html_page(page)
    text = text_page(page, "tabs" if form == "traditional" else form)
    return (traditional(text) if form == "traditional" else text).encode("utf-8")


def differing(before: str, after: str) -> list[tuple[int, int]]:
    """[start, end) of ``after`` where it is not ``before``: changed runs of lines, narrowed to the
    words that differ (a deletion is the empty region where the deleted text was)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    starts = [0]
    for line in new:
        starts.append(starts[-1] + len(line))
    old_starts = [0]
    for line in old:
        old_starts.append(old_starts[-1] + len(line))
    out: list[tuple[int, int]] = []
    lines = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in lines.get_opcodes():
        if op == "equal":
            continue
        out += _word_diff(before[old_starts[a1] : old_starts[a2]], after[starts[b1] : starts[b2]], starts[b1])
    return out


def _word_diff(before: str, after: str, at: int) -> list[tuple[int, int]]:
    old = _TOKEN.findall(before)
    new = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(after)]
    words = difflib.SequenceMatcher(None, old, [w for _, _, w in new], autojunk=False)
    out = []
    for op, _, _, b1, b2 in words.get_opcodes():
        if op == "equal":
            continue
        start = new[b1][0] if b1 < len(new) else len(after)
        end = new[b2 - 1][1] if b2 > b1 else start
        out.append((at + start, at + end))
    return out


def _planted_words(new: str) -> list[str]:
    """What of an edit's new text a page must show: its digits and words (blanks and marks may be
    rendered otherwise)."""
    return re.findall(r"[0-9\u4e00-\u9fff]+", new)


@dataclass
class FormBench:
    """The unplanted document in one form: its page's read text and the keys of its findings."""

    form: str
    name: str  # the page's file name
    chrome: tuple[str, str, str]
    text_tables: bool  # a text document: its tab lines are the grids a page renders
    text: str = ""
    baseline: list[Finding] = field(default_factory=list)

    @classmethod
    def of(cls, form: str, doc: ReadDocument, report: Report, path: Path) -> FormBench:
        if form not in FORMS:
            raise ValueError(f"unknown form {form!r}; known: {', '.join(FORMS)}")
        chrome = (report_title(report), report.organisation.name, posted(report))
        name = path.stem + _SUFFIX.get(form, f".{form}.txt")
        bench = cls(form, name, chrome, not doc.pages or not any(p.tables for p in doc.pages))
        bench.text, _, bench.baseline = bench.audit(doc)
        return bench

    def read(self, doc: ReadDocument) -> ReadDocument:
        source = text_document_tables(doc) if self.text_tables else doc
        return read_bytes(page_bytes(source, self.chrome, self.form), self.name)

    def audit(self, doc: ReadDocument) -> tuple[str, Report, list[Finding]]:
        """The page's read text, the report converted from it and its findings."""
        page = self.read(doc)
        report = convert_document(page, self.name)
        emitted = emit_report(report, UriBuilder(DEFAULT_BASE))
        return page.text, report, validate_graph(emitted.graph(), DEFAULT_BASE).findings

    def regions(self, planted_text: str, edits: tuple) -> list[tuple[int, int]] | None:
        """Where the planted page differs from the baseline page, or None when the planted characters
        appear in none of it (the page does not show the plant)."""
        regions = differing(self.text, planted_text)
        shown = "".join(planted_text[a:b] for a, b in regions)
        words = [w for e in edits for w in _planted_words(e.new)]
        if self.form == "traditional":  # the page prints them in traditional characters
            import opencc

            words = [opencc.OpenCC("s2t").convert(w) for w in words]
        if not regions or (words and not any(w in shown for w in words)):
            return None
        return regions
