"""The development documents laid out the way other provinces and years lay out the same disclosure.

tests/paraphrase.py rewrites the narrative's wording; here each ``Rewrite`` changes the document's
STRUCTURE and nothing it states: how its headings are numbered (第一部分 / 第一章 / 一、/ （一）/ 1. / 1、/
(1)) and worded (with or without the year and the organisation, with or without 说明), a heading run
into its paragraph, the 目录 dropped or printed without page numbers, the 名词解释 moved to the end or
dropped, the tables printed after the 说明, the 说明 split at every sentence or joined into one
paragraph, the 机构设置 as prose, page headers and footers in the middle of sentences. A rewrite works
on the text form of a document (its .txt file): ``bench/restructure.py`` converts the rewritten text
beside the original one and compares what both publish (bench/rewrites.py);
``tests/test_restructure.py`` asserts it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from converter.parse.sections import LEVEL1, LEVEL2, PART, TOC_TAIL, Section, split_sections
from converter.parse.tables import find_standard_tables
from converter.parse.text_cut import numeral
from converter.read.types import ReadDocument


@dataclass(frozen=True)
class Context:
    """What some rewrites print or move: the document's year, its organisation's name (a page header),
    the standard tables the reader finds in the text (kind, start, end)."""

    year: int
    organisation: str
    tables: tuple[tuple[str, int, int], ...] = ()


Edit = tuple[int, int, str]  # start, end, new text


@dataclass(frozen=True)
class Rewrite:
    """``edits`` (the places of a text it rewrites and how); ``why``: why the rewritten document says
    the same."""

    name: str
    edits: Callable[[str, Context], list[Edit]]
    why: str


def applied(text: str, edits: list[Edit]) -> str:
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def rewritten(text: str, r: Rewrite, ctx: Context) -> tuple[str, int]:
    edits = r.edits(text, ctx)
    return applied(text, edits), len(edits)


# ---- the heading tree ----------------------------------------------------------------------------------


def _tree(text: str) -> tuple[list[Section], list]:
    return split_sections(text)


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _a_heading(s: Section) -> bool:
    """A heading of the template's (a known section, outside the tables): a table's numbered rows
    (一、一般公共服务支出 12.00) are read as sections too, and are not renumbered."""
    return s.key not in (None, "toc") and "tables" not in s.keys()[1:]


def _heading_lines(text: str, levels: tuple[int, ...], toc: bool = True) -> list[tuple[int, int, int]]:
    """(start, end, level) of the heading lines of the given levels, and of the 目录's entries."""
    sections, toc_lines = _tree(text)
    out = [
        (s.start, _line_end(text, s.start), s.level) for s in sections if s.level in levels and _a_heading(s)
    ]
    if toc:
        for line in toc_lines:
            for level, pattern in ((0, PART), (1, LEVEL1), (2, LEVEL2)):
                if level in levels and pattern.match(line.text):
                    out.append((line.start, line.end, level))
                    break
    return sorted(set(out))


_CN = "一二三四五六七八九十"
_PART_NUMBER = re.compile(rf"^第([{_CN}]+)部分")
_LEVEL1_NUMBER = re.compile(rf"^([{_CN}]+)\s*[、.．]\s*")
_LEVEL2_NUMBER = re.compile(rf"^[（(]\s*([{_CN}]+)\s*[)）]\s*")


def _renumbered(pattern: re.Pattern[str], levels: tuple[int, ...], new: Callable[[str], str]):
    """The numbering of the heading lines of ``levels`` (and their 目录 entries) printed by ``new``."""

    def edits(text: str, ctx: Context) -> list[Edit]:
        out: list[Edit] = []
        for start, end, _level in _heading_lines(text, levels):
            m = pattern.match(text[start:end])
            if m is not None:
                out.append((start + m.start(), start + m.end(), new(m.group(1))))
        return out

    return edits


def _arabic(cn: str) -> str:
    return str(numeral(cn) or cn)


def _demoted(text: str, ctx: Context) -> list[Edit]:
    """Parts numbered 一、, sections （一）, sub-sections 1.: the same tree one numbering lower."""
    out: list[Edit] = []
    for level, pattern, new in (
        (0, _PART_NUMBER, lambda n: f"{n}、"),
        (1, _LEVEL1_NUMBER, lambda n: f"（{n}）"),
        (2, _LEVEL2_NUMBER, lambda n: f"{_arabic(n)}."),
    ):
        out += _renumbered(pattern, (level,), new)(text, ctx)
    return out


def _unnumbered(text: str, ctx: Context) -> list[Edit]:
    """The 说明's section headings (一、 and （一）) printed without their numbering."""
    out: list[Edit] = []
    for s in _explanation_sections(text):
        end = _line_end(text, s.start)
        m = (_LEVEL1_NUMBER if s.level == 1 else _LEVEL2_NUMBER).match(text[s.start : end])
        if m is not None and _a_heading(s):
            out.append((s.start, s.start + m.end(), ""))
    return out


def _bold(text: str, ctx: Context) -> list[Edit]:
    """The body's headings printed bold, as a text copied from a web page or Word marks them (**…**)."""
    out: list[Edit] = []
    for s in _tree(text)[0]:
        end = _line_end(text, s.start)
        if _a_heading(s) and text[s.start : end].strip():
            stripped = text[s.start : end].rstrip()
            out.append((s.start, s.start + len(stripped), f"**{stripped}**"))
    return out


# ---- heading words -------------------------------------------------------------------------------------


_EXPLAINED = {"overall", "income", "expenditure", "appropriation-overall", "gpb-expenditure", "explanation"}


def _explanation_part(text: str) -> Section | None:
    """The part of the 说明: the part so titled, or the one holding the 说明's sections."""
    parts = [s for s in _tree(text)[0] if s.level == 0]
    return next(
        (s for s in parts if s.key == "explanation" or any(c.key in _EXPLAINED for c in s.children)), None
    )


def _explanation_sections(text: str) -> list[Section]:
    """The sections of the part of the 说明, the part itself left out."""
    part = _explanation_part(text)
    return (
        []
        if part is None
        else [s for s in _tree(text)[0] if s.level > 0 and part.start <= s.start < part.end]
    )


def _title_edit(pattern: str, new: str | Callable[[re.Match[str], Context], str], level: int):
    def edits(text: str, ctx: Context) -> list[Edit]:
        sections = _tree(text)[0] if level == 0 else _explanation_sections(text)
        out: list[Edit] = []
        for s in sections:
            if s.level != level:
                continue
            m = re.compile(pattern).search(text[s.start : _line_end(text, s.start)])
            if m is not None:
                new_text = new(m, ctx) if callable(new) else m.expand(new)
                out.append((s.start + m.start(), s.start + m.end(), new_text))
        return out

    return edits


_LEVEL1_AT = rf"^(?:[{_CN}]+\s*[、.．]\s*)"


def _with_year(m: re.Match[str], ctx: Context) -> str:
    return f"{m.group(0)}{ctx.year}年度"


# ---- moving and dropping parts -------------------------------------------------------------------------


def _part(text: str, key: str) -> Section | None:
    return next((s for s in _tree(text)[0] if s.key == key and s.level == 0), None)


def _section(text: str, key: str) -> Section | None:
    return next((s for s in _tree(text)[0] if s.key == key), None)


def _glossary_entry(text: str) -> list:
    return [line for line in _tree(text)[1] if "名词解释" in line.text]


def _glossary_at_end(text: str, ctx: Context) -> list[Edit]:
    """The 名词解释 printed last, its 目录 entry listed last."""
    s = _section(text, "glossary")
    if s is None or s.end >= len(text.rstrip()):
        return []
    body = text[s.start : s.end].rstrip() + "\n"
    out: list[Edit] = [(s.start, s.end, ""), (len(text), len(text), "\n\n" + body)]
    toc, entries = _tree(text)[1], _glossary_entry(text)
    if entries and toc[-1].start != entries[0].start:
        entry = entries[0]
        out += [(entry.start, entry.end, ""), (toc[-1].end, toc[-1].end, "\n" + entry.text)]
    return out


def _glossary_dropped(text: str, ctx: Context) -> list[Edit]:
    """The 名词解释 and its 目录 entry left out."""
    s = _section(text, "glossary")
    if s is None:
        return []
    return [(s.start, s.end, ""), *((e.start, e.end, "") for e in _glossary_entry(text))]


def _tables_after(text: str, ctx: Context) -> list[Edit]:
    """The tables' part printed after the 说明's part (the two spans swapped)."""
    tables, explanation = _part(text, "tables"), _explanation_part(text)
    if tables is None or explanation is None or not tables.end <= explanation.start:
        return []
    a, b = text[tables.start : tables.end], text[explanation.start : explanation.end]
    return [
        (tables.start, tables.end, b.rstrip() + "\n\n"),
        (explanation.start, explanation.end, a.rstrip() + "\n\n"),
    ]


# the 说明 section that explains each table (its kind without the phase): where a province that prints
# each table after its explanation prints it
EXPLAINED_BY = {
    "total": "overall",
    "income": "income",
    "expenditure": "expenditure",
    "appropriation_total": "appropriation-overall",
    "general_expenditure": "gpb-expenditure",
    "general_basic": "gpb-basic",
    "three_public": "three-public",
    "government_fund": "government-fund",
    "state_capital": "state-capital",
}


def _tables_interleaved(text: str, ctx: Context) -> list[Edit]:
    """Each table printed after the 说明 section that explains it (its span up to the next table's)."""
    tables = _part(text, "tables")
    inner = _explanation_sections(text)
    if tables is None or not inner or not ctx.tables or inner[0].start < tables.start:
        return []
    found = sorted((start, kind) for kind, start, _end in ctx.tables if tables.start <= start < tables.end)
    out: list[Edit] = []
    for i, (start, kind) in enumerate(found):
        key = EXPLAINED_BY.get(kind.split(".", 1)[1])
        home = next((x for x in inner if x.key == key and x.level == 1), None)
        if home is None:
            continue
        stop = found[i + 1][0] if i + 1 < len(found) else tables.end
        out += [(start, stop, ""), (home.end, home.end, "\n" + text[start:stop].strip("\n") + "\n\n")]
    return out


def _toc_dropped(text: str, ctx: Context) -> list[Edit]:
    _, toc = _tree(text)
    return [(line.start, _line_end(text, line.start), "") for line in toc]


def _toc_pageless(text: str, ctx: Context) -> list[Edit]:
    out: list[Edit] = []
    for line in _tree(text)[1]:
        m = TOC_TAIL.search(text, line.start, line.end)
        if m is not None and m.start() < line.end and text[m.start() : line.end].strip():
            out.append((m.start(), line.end, ""))
    return out


# ---- paragraphs ----------------------------------------------------------------------------------------


def _prose_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines of the 说明's sections that are no heading and no table row."""
    heads = {s.start for s in _tree(text)[0]}
    out: list[tuple[int, int]] = []
    for s in _explanation_sections(text):
        if s.children:
            stop = s.children[0].start
        else:
            stop = s.end
        at = _line_end(text, s.start) + 1
        while at < stop:
            end = min(_line_end(text, at), stop)
            line = text[at:end]
            if line.strip() and at not in heads and "\t" not in line:
                out.append((at, end))
            at = end + 1
    return sorted(set(out))


def _sentences_split(text: str, ctx: Context) -> list[Edit]:
    out: list[Edit] = []
    for start, end in _prose_lines(text):
        for m in re.finditer(r"。(?=\S)", text[start:end]):
            out.append((start + m.end(), start + m.end(), "\n\n"))
    return out


def _paragraphs_joined(text: str, ctx: Context) -> list[Edit]:
    """Each section's lines (its wrapped lines and its paragraphs) printed as one paragraph."""
    lines = _prose_lines(text)
    out: list[Edit] = []
    for (_a, a_end), (b, _b_end) in zip(lines, lines[1:], strict=False):
        gap = text[a_end:b]
        if (
            gap.strip(" \n\f\u3000") == ""
            and not _LIST_ITEM.match(text, b)
            and not _heading_between(text, a_end, b)
        ):
            out.append((a_end, b, ""))
    return out


# a numbered item of a list (1. / 1、/ （1）) keeps its own line: joined, its number would read as a figure
_LIST_ITEM = re.compile(r"\s*(?:\d+\s*[.、．]|[（(]\d+[)）])")


def _heading_between(text: str, a: int, b: int) -> bool:
    return any(a <= s.start < b for s in _tree(text)[0])


def _run_in(stop: str) -> Callable[[str, Context], list[Edit]]:
    """A section's heading printed at the head of its first paragraph, ``stop`` between them."""

    def edits(text: str, ctx: Context) -> list[Edit]:
        prose = dict(_prose_lines(text))
        out: list[Edit] = []
        for s in _explanation_sections(text):
            head_end = _line_end(text, s.start)
            nxt = next((a for a in sorted(prose) if a > head_end), None)
            if nxt is None or text[head_end:nxt].strip() or (s.children and nxt > s.children[0].start):
                continue
            out.append((head_end, nxt, stop if not text[s.start : head_end].rstrip().endswith("。") else ""))
        return out

    return edits


def _institutions_prose(text: str, ctx: Context) -> list[Edit]:
    """A 机构设置's numbered list of units (one a line) printed as one sentence after its 包括："""
    s = _section(text, "institutions")
    if s is None:
        return []
    body = text[s.body_start : s.end]
    m = re.search(r"(?<=：)\s*\n(?:\s*\d+\s*[.、．]\s*[^\n]+\n?)+", body)
    if m is None:
        return []
    items = re.findall(r"\d+\s*[.、．]\s*([^\n]+?)[。；;]?\s*$", m.group(0), re.M)
    return [(s.body_start + m.start(), s.body_start + m.end(), "、".join(items) + "。\n")]


# ---- page chrome ---------------------------------------------------------------------------------------

_CUT = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


def _chrome(make: Callable[[int, Context], str]) -> Callable[[str, Context], list[Edit]]:
    """``make``'s page header or footer at a line break in the middle of each long sentence."""

    def edits(text: str, ctx: Context) -> list[Edit]:
        out: list[Edit] = []
        for n, (start, end) in enumerate(_prose_lines(text)):
            if end - start < 30:
                continue
            cuts = [m.start() for m in _CUT.finditer(text, start + 10, end - 10)]
            if cuts:
                at = cuts[len(cuts) // 2]
                out.append((at, at, make(n + 2, ctx)))
        return out

    return edits


REWRITES: tuple[Rewrite, ...] = (
    # ---- numbering: the same tree, numbered otherwise
    Rewrite(
        "第一章",
        _renumbered(_PART_NUMBER, (0,), lambda n: f"第{n}章"),
        "第一章 / 第一部分: the part's number",
    ),
    Rewrite(
        "（一）→1.",
        _renumbered(_LEVEL2_NUMBER, (2,), lambda n: f"{_arabic(n)}."),
        "the second level numbered 1. 2. (as many provinces print it): the same sub-sections",
    ),
    Rewrite(
        "（一）→1、", _renumbered(_LEVEL2_NUMBER, (2,), lambda n: f"{_arabic(n)}、"), "1、 numbers as （一）"
    ),
    Rewrite(
        "（一）→(1)", _renumbered(_LEVEL2_NUMBER, (2,), lambda n: f"({_arabic(n)})"), "(1) numbers as （一）"
    ),
    Rewrite(
        "一、→一.",
        _renumbered(_LEVEL1_NUMBER, (1,), lambda n: f"{n}."),
        "一. / 一．/ 一、: the ideographic comma's forms",
    ),
    Rewrite(
        "demoted",
        _demoted,
        "parts 一、, sections （一）, sub-sections 1.: the same tree, one numbering lower",
    ),
    Rewrite(
        "no numbering",
        _unnumbered,
        "收入支出决算总体情况说明 heads the same section as 一、收入支出决算总体情况说明 (many web pages drop it)",
    ),
    Rewrite("bold headings", _bold, "**一、收入支出决算总体情况说明**: the heading in bold, the same words"),
    # ---- heading words
    Rewrite(
        "no 说明",
        _title_edit(r"(?<=情况)说明(?=[。\s]*$)", "", 1),
        "一、收入支出决算总体情况 heads the same section as 一、收入支出决算总体情况说明",
    ),
    Rewrite(
        "year in heading",
        _title_edit(_LEVEL1_AT + r"(?!20\d\d)", _with_year, 1),
        "一、2023年度收入支出决算总体情况说明: the document's year, named again",
    ),
    Rewrite(
        "part no year",
        _title_edit(r"(?<=部分)\s*[:：]?\s*\S*?20\d\d\s*年度?\s*(?=部门(?:决算|预算))", " ", 0),
        "第二部分 部门决算情况说明: the title's organisation and year are the document's",
    ),
    Rewrite(
        "run-in。", _run_in("。"), "一、收入支出决算总体情况说明。2023年度收入…: the heading, then its text"
    ),
    Rewrite("run-in", _run_in(""), "the heading run into its paragraph without a stop"),
    # ---- the 目录 and the 名词解释
    Rewrite("no 目录", _toc_dropped, "the 目录 lists the headings the body prints: it states nothing"),
    Rewrite("目录 no pages", _toc_pageless, "a 目录's page numbers and leader dots state nothing"),
    Rewrite(
        "名词解释 at end", _glossary_at_end, "the glossary defines words; where it is printed says nothing"
    ),
    Rewrite(
        "no 名词解释",
        _glossary_dropped,
        "not meaning-preserving for completeness: the template asks for it (expected +W)",
    ),
    # ---- the parts' order
    Rewrite(
        "tables after 说明",
        _tables_after,
        "Shaanxi and Hebei print the tables after the 说明: the same parts",
    ),
    Rewrite(
        "tables interleaved",
        _tables_interleaved,
        "each table after its explanation: the same tables and text",
    ),
    # ---- paragraphs
    Rewrite("sentences split", _sentences_split, "a paragraph at every sentence: the same sentences"),
    Rewrite("paragraphs joined", _paragraphs_joined, "each section's text one paragraph: the same sentences"),
    Rewrite("机构设置 prose", _institutions_prose, "包括：A、B。 lists the same units as a numbered list"),
    # ---- page chrome in the middle of a sentence
    Rewrite("chrome 第N页共M页", _chrome(lambda n, c: f"\n\n第 {n} 页 共 40 页\n\n"), "a page footer"),
    Rewrite("chrome organisation", _chrome(lambda n, c: f"\n\n{c.organisation}\n\n"), "a page header"),
    Rewrite("chrome - N -", _chrome(lambda n, c: f"\n\f- {n} -\n"), "a page break and its footer"),
)


def rewrite(name: str) -> Rewrite:
    return next(r for r in REWRITES if r.name == name)


def year_of(text: str) -> int:
    years = Counter(re.findall(r"(20\d\d)\s*年", text))
    return int(years.most_common(1)[0][0]) if years else 2023


def tables_of(doc: ReadDocument, text: str) -> tuple[tuple[str, int, int], ...]:
    """The standard tables the reader finds (kind, start, end), where the read text is the file's."""
    if doc.text != text:
        return ()
    return tuple((t.kind_key, t.start, t.end) for t in find_standard_tables(doc))
