"""Find the template's parts and sections by what their headings mean, not by numbering.

Provinces and years number and word the headings differently ("一、收入支出决算总体情况说明",
"(一) 机关运行经费支出情况", "十、预算绩效管理情况" ...); each heading is classified by
keywords into a section key. Table-of-contents lines are recognised and skipped: leader dots and page
numbers, Word's TOC field codes ("一、 主要职责 PAGEREF _Toc32310 h 3"), entries broken over two lines,
and a 目录 that never says 目录 (its headings are listed, then the body repeats the first of them); a
目录 ends at prose, a table's 单位 line or an amount (a page of one cell per line has short lines after it).
Parts may come in any order (Shaanxi and Hebei print the tables before or after the 说明, Beijing
first); "第一部分:" takes a colon. A page whose whole text is one line (a PDF flattened by a
document-sharing site) is read in the lines its headings start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CN_NUMERAL = "一二三四五六七八九十"
# the word a part's number is printed with: 第一部分, 第一章
PART_WORD = "(?:部分|章)"
PART = re.compile(rf"^第[{CN_NUMERAL}]+{PART_WORD}\s*[:：]?\s*(?P<title>.*)$")
LEVEL1 = re.compile(rf"^(?P<num>[{CN_NUMERAL}]+)\s*[、.．]\s*(?P<title>.+)$")
LEVEL2 = re.compile(rf"^[（(]\s*(?P<num>[{CN_NUMERAL}]+)\s*[)）]\s*(?P<title>.+)$")
# the leader dots and page number of a contents entry, or Word's field code for it
TOC_TAIL = re.compile(r"(?:\s*PAGEREF\s+_Toc\d+(?:\s+\\?h)?(?:\s+\d+)?|[.…·\s]*\d*)\s*$")
TOC_LINE = re.compile(r"(\.{3,}|…{2,}|·{3,})|\t\s*\d+\s*$|PAGEREF\s+_Toc\d+")
# In a text flattened to one line, where a heading starts: after a blank, a part or a numbered heading,
# or the word 目录 alone (the contents' own heading: its entries follow it).
_FLATTENED_HEADING = re.compile(
    rf"(?<=\s)(?=第[{CN_NUMERAL}]+{PART_WORD}|[{CN_NUMERAL}]{{1,3}}、|[（(][{CN_NUMERAL}]{{1,3}}[)）]|表\s*\d+\s*[:：]"
    r"|目\s?录\s)"
)
# a table's unit line ("部门：… 单位：万元"), and an amount as a table prints it: none is a 目录's
_TABLE_UNIT = re.compile(r"单位\s*[：:]\s*(?:万元|千元|亿元|元)")
_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)")
# an amount as a table prints it (two decimals): a 目录 prints page numbers
_ROW_AMOUNT = re.compile(r"(?<![\d.])\d[\d,]*\.\d{2}(?![\d.])")
_FLATTENED = 400  # a line this long holding several headings is a flattened page

# (key, pattern): the first pattern that matches a heading's title gives its key.
SECTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in [
        ("toc", r"^目\s*录$"),
        ("overview", r"概况$|基本情况$"),
        ("responsibilities", r"职责|主要职能|机构职能"),
        ("institutions", r"机构设置|单位构成|机构组成"),
        ("glossary", r"名词解释"),
        ("attachment", r"^附件"),
        ("tables", r"^附表|决算表$|预算表$|报表$|公开表$"),
        # before appropriation-overall: "八、政府性基金预算财政拨款收入支出决算情况说明" is the fund's section
        ("government-fund", r"政府性基金预算"),
        ("state-capital", r"国有资本经营预算"),
        ("appropriation-overall", r"财政拨款收(入)?支(出)?(决算|预算)?(总体)?情况"),
        ("overall", r"收(入)?支(出)?(决算|预算)?总体情况"),
        ("gpb-basic", r"一般公共预算(财政)?拨款基本支出"),
        ("structure", r"结构情况"),
        ("detail", r"具体情况"),
        ("gpb-expenditure", r"一般公共预算(财政)?拨款支出"),
        ("three-public", r"三公"),
        ("income", r"收入(决算|预算)情况"),
        ("expenditure", r"支出(决算|预算)情况"),
        ("agency-operating-costs", r"机关运行经费"),
        ("procurement", r"政府采购"),
        ("assets", r"国有资产"),
        ("performance", r"绩效"),
        ("other", r"其他重要事项"),
        ("explanation", r"(决算|预算)情况说明$"),
    ]
)

# Sections every 决算 narrative of the national template has (keys above).
REQUIRED_FINAL_SECTIONS: tuple[tuple[str, str], ...] = (
    ("overview", "部门概况"),
    ("overall", "收入支出决算总体情况说明"),
    ("income", "收入决算情况说明"),
    ("expenditure", "支出决算情况说明"),
    ("appropriation-overall", "财政拨款收入支出决算总体情况说明"),
    ("gpb-expenditure", "一般公共预算财政拨款支出决算情况说明"),
    ("gpb-basic", "一般公共预算财政拨款基本支出决算情况说明"),
    ("three-public", "财政拨款“三公”经费支出决算情况说明"),
    ("government-fund", "政府性基金预算支出决算情况说明"),
    ("state-capital", "国有资本经营预算支出决算情况说明"),
    ("other", "其他重要事项的情况说明"),
    ("glossary", "名词解释"),
)
# The title of every section key a report kind may contain (converter.parse.kinds).
SECTION_TITLES: dict[str, str] = {
    **dict(REQUIRED_FINAL_SECTIONS),
    "performance": "预算绩效情况说明",
    "procurement": "政府采购情况说明",
    "agency-operating-costs": "机关运行经费支出情况说明",
    "assets": "国有资产占用情况说明",
}


@dataclass
class Section:
    key: str | None
    title: str
    level: int  # 0 part, 1 一、, 2 （一）
    start: int  # offset of the heading line
    body_start: int
    end: int = -1
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)

    def keys(self) -> list[str]:
        """This section's key and its ancestors', innermost first."""
        out: list[str] = []
        node: Section | None = self
        while node is not None:
            if node.key:
                out.append(node.key)
            node = node.parent
        return out


def classify(title: str) -> str | None:
    compact = re.sub(r"\s+", "", title)
    for key, pattern in SECTION_KINDS:
        if pattern.search(compact):
            return key
    return None


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str  # stripped

    @property
    def is_table_row(self) -> bool:
        return self.text.count("\t") >= 2


def lines_of(text: str) -> list[Line]:
    out: list[Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\f")
        pieces = [(a + b, cut) for a, piece in _unflattened(body) for b, cut in _run_in(piece)]
        for start, piece in pieces:
            stripped = piece.strip(" \u3000\f\u00a0")
            lead = len(piece) - len(piece.lstrip(" \u3000\f\u00a0"))
            out.append(Line(offset + start + lead, offset + start + lead + len(stripped), stripped))
        offset += len(raw)
    return out


def _unflattened(body: str) -> list[tuple[int, str]]:
    """A line, or a flattened page's one line cut where its headings start (offsets kept)."""
    if len(body) < _FLATTENED:
        return [(0, body)]
    cuts = [m.start() for m in _FLATTENED_HEADING.finditer(body)]
    if len(cuts) < 3:
        return [(0, body)]
    bounds = [0, *cuts, len(body)]
    starts = set(cuts)
    out: list[tuple[int, str]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = body[a:b]
        end = _heading_end(piece) if a in starts else None
        out.extend([(a, piece[:end]), (a + end, piece[end:])] if end else [(a, piece)])
    return [(a, piece) for a, piece in out if piece]


# A heading run into its paragraph with no blank ("九、国有资本经营预算财政拨款收入支出决算情况说明上海市…",
# "一、收入支出决算总体情况说明。2023年度收入…", "（二）政府采购支出情况 上海市…"): the numbering, a title
# that ends the way section titles end, its stop or a blank if any, then a character or a year (not a contents entry's leader dots or page number).
_RUN_IN = re.compile(
    rf"^(?:第[{CN_NUMERAL}]+{PART_WORD}\s*[:：]?|[{CN_NUMERAL}]{{1,3}}\s*[、.．]|[（(]\s*[{CN_NUMERAL}]{{1,3}}\s*[)）])\s*"
    r"(?P<title>[^\s，。；：:,]{4,40}?(?:情况说明|说明|情况|概况|名词解释))(?!说明|表)"
    r"(?:[。．.：:]\s*|[ \u3000]+)?(?=[\u4e00-\u9fff]|\d{4})"  # its stop or blank, if any, is the heading's
)
_HEADING_MAX = 60  # a longer line is a paragraph
_PARAGRAPH_MIN = 6  # what follows a run-in heading is a sentence, not the rest of a title


def _run_in(piece: str) -> list[tuple[int, str]]:
    """A line that is a heading run into its paragraph, as the heading and the paragraph; else the line.
    Only a title that names a known section is cut off: a sentence that happens to start with a
    numbering and a word like 情况 stays whole."""
    match = _RUN_IN.match(piece.lstrip(" \u3000\f\u00a0"))
    if match is None or classify(match.group("title")) is None:
        return [(0, piece)]
    end = len(piece) - len(piece.lstrip(" \u3000\f\u00a0")) + match.end()
    if len(piece[end:].strip()) < _PARAGRAPH_MIN:  # "二、政府采购情况表": a title, not a title and its text
        return [(0, piece)]
    return [(0, piece[:end]), (end, piece[end:])]


def _heading_end(piece: str) -> int | None:
    """Where a flattened heading gives way to its text: the first blank after four characters of
    title that does not follow a number ("一、部门主要职能 随州市…"; not inside "一、2021 年度…"). The
    numbering is no title: "第一部分 部门概况 …" is not cut after 第一部分."""
    numbering = _NUMBERING_PREFIX.match(piece)
    skip = numbering.end() if numbering else 0
    for blank in re.finditer(r"\s+", piece):
        head = piece[: blank.start()]
        if len(re.findall(r"[\u4e00-\u9fff]", head[skip:])) >= 4 and not head[-1].isdigit():
            leaders = _LEADERS.match(piece, blank.end())
            if leaders:  # a 目录 entry: its leader dots and page number stay with it
                return leaders.end() if leaders.end() < len(piece) else None
            return blank.start() if blank.end() < len(piece) else None
    return None


_LEADERS = re.compile(r"(?:\.{3,}|…{2,}|·{3,})[.…·\s]*(?:\d+(?![\d.．、]))?")
_NUMBERING_PREFIX = re.compile(
    rf"\s*(?:第[{CN_NUMERAL}]+{PART_WORD}|[{CN_NUMERAL}]{{1,3}}、|[（(][{CN_NUMERAL}]{{1,3}}[)）])"
)


def _heading(line: Line) -> tuple[int, str] | None:
    if not line.text or line.is_table_row or len(line.text) > _HEADING_MAX:
        return None
    for level, pattern in ((0, PART), (1, LEVEL1), (2, LEVEL2)):
        match = pattern.match(line.text)
        if match:
            return level, match.group("title").strip()
    if re.sub(r"\s+", "", line.text) in {"附件", "附表", "目录", "(目录)", "（目录）"}:
        return 0, "目录" if "目" in line.text else line.text
    return None


# A heading printed without its numbering ("收入支出决算总体情况说明" alone on its line, as many web pages
# print it): the whole line a title of the template's sections, ending as their titles end, a paragraph
# of its own or after a line that ends a sentence or a heading (not a sentence's wrapped last words); its
# level is the template's.
_UNNUMBERED = re.compile(r"^[\u4e00-\u9fff“”\"（）()]{4,36}(?:情况说明|说明|情况)$")
UNNUMBERED_LEVELS: dict[str, int] = {
    "overall": 1,
    "income": 1,
    "expenditure": 1,
    "appropriation-overall": 1,
    "gpb-expenditure": 1,
    "gpb-basic": 1,
    "three-public": 1,
    "government-fund": 1,
    "state-capital": 1,
    "other": 1,
    "performance": 1,
    "structure": 2,
    "detail": 2,
    "agency-operating-costs": 2,
    "procurement": 2,
    "assets": 2,
}
_ENDS_BLOCK = re.compile(r"[。；;！？：:]$")


def _unnumbered(line: Line, before: Line | None, alone: bool) -> tuple[int, str] | None:
    if not _UNNUMBERED.match(line.text) or line.is_table_row:
        return None
    level = UNNUMBERED_LEVELS.get(classify(line.text) or "")
    if level is None:
        return None
    if not alone and before is not None and not (_ENDS_BLOCK.search(before.text) or _heading(before)):
        return None
    return level, line.text


def _alone(lines: list[Line], index: int) -> bool:
    """Whether a blank line comes before and after the line (a paragraph of its own)."""
    return (index == 0 or not lines[index - 1].text) and (
        index + 1 == len(lines) or not lines[index + 1].text
    )


_Entry = tuple["Line", int, str, str]  # a 目录 entry that is a heading: its line, level, words and title
_Heading = tuple["Line", int, str]  # a heading taken back from the 目录 for the body: line, level, title


def split_sections(text: str) -> tuple[list[Section], list[Line]]:
    """The heading tree (flattened in document order) and the table-of-contents lines."""
    lines = lines_of(text)
    sections: list[Section] = []
    toc: list[Line] = []
    stack: list[Section] = []
    in_toc = False
    toc_titles: set[str] = set()
    toc_headings: list[_Entry] = []  # the entries that are headings
    last_entry = ""  # the previous contents entry: a short line after it is its continuation
    entry_first = ""  # the words of that entry's first line
    broken: dict[str, set[str]] = {}  # an entry broken over lines: its first line's words -> the whole
    unbroken: set[str] = set()  # entries printed on one line

    def open_section(line: Line, level: int, title: str, key: str | None) -> None:
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(key, title, level, line.start, line.end, parent=stack[-1] if stack else None)
        if section.parent:
            section.parent.children.append(section)
        sections.append(section)
        stack.append(section)

    previous: Line | None = None  # the line before with any text
    for index, line in enumerate(lines):
        found = _heading(line) or _unnumbered(line, previous, _alone(lines, index))
        previous = line if line.text else previous
        if found is None:
            # a table of contents holds no sentences, no table's 单位 line and no amounts (its numbers are
            # page numbers): any of them means the body has begun
            if in_toc and (
                (len(line.text) > 30 and "。" in line.text)
                or _TABLE_UNIT.search(line.text)
                or _AMOUNT.fullmatch(line.text)
            ):
                in_toc = False
                for head_line, head_level, head_title in _headings_over_text(toc, toc_headings):
                    open_section(head_line, head_level, head_title, classify(head_title))
            elif in_toc and last_entry and 0 < len(line.text) <= 20 and "。" not in line.text:
                last_entry += _listed_words(line.text)  # "…支出情" / "况说明"
                toc_titles.add(last_entry)
                broken.setdefault(entry_first, set()).add(last_entry)
                unbroken.discard(entry_first)
                toc.append(line)
            continue
        level, title = found
        compact = _entry_words(title)
        if TOC_LINE.search(line.text):
            toc_titles.add(compact)
            toc.append(line)
            toc_headings.append((line, level, compact, title))
            last_entry = entry_first = compact
            unbroken.add(compact)
            continue
        key = classify(re.sub(r"\s*PAGEREF\s+_Toc.*$", "", title))
        if key == "toc":
            in_toc = True
            toc.append(line)
            continue
        if in_toc:
            if compact not in toc_titles or (
                compact in broken
                and compact not in unbroken
                and not _completes(compact, broken, lines, index)
            ):  # an entry of the contents (words only the first line of another entry's are not it)
                toc_titles.add(compact)
                toc.append(line)
                toc_headings.append((line, level, compact, title))
                last_entry = entry_first = compact
                unbroken.add(compact)
                continue
            in_toc = False  # the first heading the contents listed: the body begins here
            for head_line, head_level, head_title in _unlisted_parents(toc, toc_headings, level, compact):
                open_section(head_line, head_level, head_title, classify(head_title))
        last_entry = ""
        open_section(line, level, title, key)
    if not toc:
        sections, toc = _unmarked_contents(sections, lines)
    for index, section in enumerate(sections):
        following = [s for s in sections[index + 1 :] if s.level <= section.level]
        section.end = following[0].start if following else len(text)
    return sections, toc


def _entry_words(title: str) -> str:
    """A heading's words as the 目录 and the body are compared: without blanks, leader dots, page number
    and a closing full stop ("一、主要职能。" in the 目录, "一、主要职能" in the body)."""
    return _listed_words(title).rstrip("。．.")


def _listed_words(text: str) -> str:
    """A 目录 line's words: without blanks, leader dots and page number."""
    return re.sub(r"\s+", "", TOC_TAIL.sub("", text))


def _completes(words: str, broken: dict[str, set[str]], lines: list[Line], index: int) -> bool:
    """Whether the heading at ``index``, with the next line, is an entry broken over two lines
    ("第二部分 …2024年度部门决算" / "表"), not another heading that begins with the same words
    ("第三部分 …2024年度部门决算" / "情况说明")."""
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return words + _listed_words(following) in broken[words]


def _unlisted_parents(toc: list[Line], headings: list[_Entry], level: int, words: str) -> list[_Heading]:
    """The body's first headings, read as the 目录's last entries, where the 目录 leaves out its first
    entry: the body begins by repeating the 目录's first entry (一、主要职能), and the lines read just
    before it are headings above it (第一部分 部门概况) without a page number - its parents, printed in
    the body and not listed."""
    if not headings or headings[0][1] != level or headings[0][2] != words:
        return []
    return _taken_back(toc, headings[1:], level)


def _headings_over_text(toc: list[Line], headings: list[_Entry]) -> list[_Heading]:
    """Where the body begins with text (prose, a table's 单位 line), the heading read just before it, and
    the headings above it read just before that: the body's (an entry of the 目录 is never over text)."""
    return _taken_back(toc, headings, _NO_LEVEL)


_NO_LEVEL = 9  # deeper than any heading


def _taken_back(toc: list[Line], headings: list[_Entry], floor: int) -> list[_Heading]:
    """The 目录's last lines, each a heading above the one after it (from ``floor`` up) and without a page
    number, taken out of the contents and returned in order: they are the body's."""
    moved: list[_Heading] = []
    for line, level, _words, title in reversed(headings):
        if not toc or toc[-1] is not line or level >= floor or TOC_LINE.search(line.text):
            break
        toc.pop()
        floor = level
        moved.append((line, level, title))
    return moved[::-1]


def _unmarked_contents(sections: list[Section], lines: list[Line]) -> tuple[list[Section], list[Line]]:
    """A 目录 without the word: the document's first headings listed one after another with nothing
    between them, then the body repeating the first of them. Those headings are the contents."""
    if len(sections) < 6:
        return sections, []
    first = re.sub(r"\s+", "", sections[0].title)
    repeat = next(
        (i for i, s in enumerate(sections[1:], start=1)
         if s.level == sections[0].level and re.sub(r"\s+", "", s.title) == first),
        None,
    )  # fmt: skip
    if repeat is None or repeat < 5:
        return sections, []
    start, end = sections[0].start, sections[repeat].start
    listed = [line for line in lines if start <= line.start < end and line.text]
    if any(len(line.text) > 30 and "。" in line.text for line in listed):
        return sections, []  # prose between them: not a contents list
    if sum(1 for line in listed if _ROW_AMOUNT.search(line.text)) >= 2:
        return sections, []  # amounts, not page numbers: a table's numbered rows (十一、城乡社区支出 3845.25)
    body = sections[repeat:]
    for section in body:
        if section.parent is not None and section.parent not in body:
            section.parent = None
    return body, listed


def innermost_at(sections: list[Section], offset: int) -> Section | None:
    best: Section | None = None
    for section in sections:
        if section.start <= offset < section.end and (best is None or section.start >= best.start):
            best = section
    return best
