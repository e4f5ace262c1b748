"""Whether a text is a whole publication or a piece of one: a text that stops mid-sentence (the beginning
of a web page, a cut file) and one that begins inside a document (the second page of an article split over
numbered pages, a page continuing a table). What the template wants outside the piece is not known to be
missing from the publication."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from converter.parse.evidence_words import AMOUNT
from converter.parse.sections import PART_WORD, Line, Section
from converter.parse.template import FAMILIES

if TYPE_CHECKING:
    from converter.parse.tables import StandardTable

# the last characters a finished text may end on: a sentence's end, a closing bracket or quote, a figure
_FINISHED = set('。！？；;.!?）)」』”"%％') | set("0123456789")


_LIST_MARKER = re.compile(
    r"^[-•·*\s]*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])?"
)
_PROSE_MARK = re.compile(r"[，,；;。：:]")


def ends_abruptly(text: str, sections: list[Section]) -> bool:
    """The text is cut off: its last line is prose stopped mid-sentence (a long line without a tab, ending
    on a word or a comma), or a section heading with nothing after it. A table row, a list entry or a
    short line (a signature, a date) ends a text as well as a sentence does."""
    body = text.rstrip()
    if not body:
        return False
    if any(s.start < len(body) <= s.body_start for s in sections):
        return True  # the heading of a section is the last thing printed
    last = body.rsplit("\n", 1)[-1].strip()
    if "\t" in last or len(last) < 20 or last[-1] in _FINISHED:
        return False
    if not _PROSE_MARK.search(_LIST_MARKER.sub("", last)):
        return False  # a title or a list entry (- 十三、…决算表), not a sentence
    return "\u4e00" <= last[-1] <= "\u9fff" or last[-1] in "，,、：:（("


# the number a heading begins with: 第三部分 / 第三章, 三、, （三）, 3.
_HEADING_NUMBER = re.compile(
    rf"^\s*(?:第(?P<part>[一二三四五六七八九十\d]{{1,3}}){PART_WORD}|(?P<item>[一二三四五六七八九十]{{1,3}})[、.．]"
    r"|[（(](?P<sub>[一二三四五六七八九十\d]{1,3})[）)])"
)
# a table's number printed before or at its title: 表3, 附表3, 公开03表
_TABLE_NUMBER = re.compile(r"^\s*(?:附?表\s*(?P<table>\d{1,2})|公开\s*(?P<public>\d{1,2})\s*表)")
_DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))
PART_LEVEL = 0  # a heading's level (sections.Section.level) when it is a part: 第二部分
ROW_AMOUNTS = 2  # a line of this many amounts and no sentence is a table's row
# cells as a page copies them: between tabs, or runs of blanks (U+0020, U+00A0, U+3000)
_CELL_GAP = re.compile(r"\t|[ \u00a0\u3000]{2,}")
_HEADER_WORD = re.compile(r"科目|项目|合计|金额|编码|预算数|决算数")


def numeral(text: str) -> int | None:
    """一 … 九十九 or digits as a number (None for anything else)."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.partition("十") if "十" in text else ("", "", text)
    if "十" in text:
        value = (_DIGITS.get(tens, 0) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)
        return value if (not tens or tens in _DIGITS) and (not units or units in _DIGITS) else None
    return _DIGITS.get(units)


def heading_number(title: str) -> int | None:
    match = _HEADING_NUMBER.match(title) or _TABLE_NUMBER.match(title)
    if match is None:
        return None
    return numeral(next(g for g in match.groups() if g))


# how a 目录 numbers its entries: a heading's number (第三部分, 三、, （三）), a table's (表3, 公开03表) or a
# list's (3. / 3、, not a year: 2021年)
_LEADER_DOTS = re.compile(r"\.{3,}|…{2,}|·{3,}")  # between a 目录 entry's title and its page
_ENTRY_NUMBERS = (_HEADING_NUMBER, _TABLE_NUMBER, re.compile(r"^\s*(?P<list>\d{1,2})[.、．](?!\d)"))


def entry_number(text: str) -> int | None:
    """The number a 目录 entry is printed with (None for an entry printed without)."""
    for pattern in _ENTRY_NUMBERS:
        match = pattern.match(text)
        if match is not None:
            return numeral(next(g for g in match.groups() if g))
    return None


def contents_begun(text: str, toc_lines: list[Line]) -> bool:
    """The 目录 is the rest of one: its first numbered entry is numbered past the first (（四）…, 四、…,
    3.… with nothing numbered before it), its first entries printed on the page before. A 目录 of
    tables numbered 1. 2. … is no heading: with no 目录 lines, the text's first line as one, by its
    leader dots."""
    entries = [line.text for line in toc_lines]
    if not entries:
        first_line = next((line for line in text.split("\n") if line.strip()), "")
        entries = [first_line] if _LEADER_DOTS.search(first_line) else []
    numbers = (entry_number(entry) for entry in entries)
    first = next((n for n in numbers if n is not None), None)
    return first is not None and first > 1


def _table_head(text: str, table: StandardTable) -> str:
    """A table's title with the line before it when that line is its number alone (公开08表)."""
    before = text.rfind("\n", 0, max(table.start - 1, 0)) + 1  # the line before the table's first
    lines = text[before : table.start + len(table.title) + 1].split("\n")
    return next((line.strip() for line in lines if _TABLE_NUMBER.fullmatch(line.strip())), table.title)


def _grid_line(line: str) -> bool:
    """A table's line as a page copies it: a header of three cells or more (科目编码 科目名称 金额), or a
    row whose cell after the first is an amount (其他收入 80.00), cells between tabs or runs of blanks."""
    cells = [cell.strip() for cell in _CELL_GAP.split(line.strip())]
    if len(cells) > 2 and _HEADER_WORD.search(line):
        return True
    return len(cells) > 1 and any(AMOUNT.fullmatch(cell) for cell in cells[1:])


def _amount_after(text: str, at: int) -> bool:
    """The line at ``at`` (its line break skipped) is an amount alone."""
    at += text[at : at + 1] == "\n"
    end = text.find("\n", at)
    return AMOUNT.fullmatch(text[at : end if end >= 0 else len(text)].strip()) is not None


# What a sentence's continuation begins with and a document's first line never does (that is a title, a cover,
# 单位名称, a date or a site's chrome): a page a site cut after a sentence's comma, or before its last clause
# (故本表为空表。 / 主要用于购房补贴。 / 其中：… / 该项指标…). Words, not characters: 故宫, 即墨 and 且末
# begin names.
_OPENERS = (
    *("故本", "故该", "故此", "故无", "故未", "因此", "所以", "因而", "从而", "由此", "即为", "即是"),
    *("其中", "主要", "包括", "用于", "分别为", "均为", "全部为", "并且", "而且", "但是", "同时", "此外"),
    *("另外", "以及", "占本", "占总", "占全", "占比", "同比", "增加", "减少", "增长", "下降", "降低", "持平"),
    *("原因是", "具体", "该", "此项", "上述", "以上", "前述"),  # what refers back to the page before
)
# a comparison with another year, its baseline as printed: 与上年相比, 比2023年, 较上年
_COMPARED = re.compile(r"[与比较](?:上年|去年|上一年|年初|\d{4}年)")
# marks that close or continue a sentence: no text begins on them
_CLOSING = set("，,、。；;：:）)」』》%％")
SHORT_SENTENCE = 10  # characters: a sentence this short that ends a line is the end of one (制定本规定。)
SENTENCE_MAX = 150  # characters: a page's first sentence longer is a whole page printed on one line
# an entry of a numbered list, 1–99 (32. “住房保障支出…”, 11、负责…): not a date (2025.06.18, 6.18)
_LIST_ENTRY = re.compile(r"(\d{1,2})[.、．](?!\d)")
# a line of prose: a sentence's marks in it, or a clause ending on a colon (其中：); not a page's metadata
# (发布时间：2025-06-18  来源：…), a title or a name
_SENTENCE = re.compile(r"[，,；;。]|[：:]$")


def _continues(line: str, alone: bool) -> bool:
    """The line of prose is what a page cut inside a document begins with: a sentence's continuation (an
    opener word or a closing mark first), a short sentence's end, a numbered list's entry past the first,
    or, ``alone`` (nothing printed before it: no title, name or chrome), sentences ending on 。."""
    if line[0] in _CLOSING or line.startswith(_OPENERS) or _COMPARED.match(line):
        return True
    entry = _LIST_ENTRY.match(line)
    if entry is not None:
        return int(entry.group(1)) > 1
    if _HEADING_NUMBER.match(line):
        return False  # 一、主要职能。: the document's first heading, its stop kept
    if not line.endswith("。"):
        return False
    if alone:  # a sentence, not a whole page on one line: chrome, a title and metadata spaced out before it
        first = line.split("。", 1)[0]
        return len(first) <= SENTENCE_MAX and not _CELL_GAP.search(first)
    return len(line) <= SHORT_SENTENCE and not _PROSE_MARK.search(line[:-1])


def _first_prose(front: str) -> tuple[str, bool] | None:
    """The front's first line of prose, the lines of chrome, titles, names and dates before it skipped,
    and whether it is the text's first line."""
    lines = [line.strip() for line in front.split("\n") if line.strip()]
    for at, line in enumerate(lines):
        if line[0] in _CLOSING or _SENTENCE.search(line):
            return line, at == 0
    return None


def begins_abruptly(
    text: str, sections: list[Section], toc_lines: list[Line], tables: list[StandardTable]
) -> bool:
    """The text begins inside a document: before its first heading, table title and 目录 its first line of
    prose continues a sentence (故本表为空表。), or it prints a table's row of amounts (a page continuing a
    table), or, with no 目录, its first heading is numbered past the first (三、… or （二）… with nothing
    numbered before it: the second page of an article), or its 目录 is the rest of one (``contents_begun``).
    A title, a page's metadata lines or a cover before the first heading begin a text as well."""
    # a heading whose next line is an amount is a table's row label, its cells one per line (一、一般公共预算)
    starts = [s.start for s in sections if not _amount_after(text, s.body_start)] + [t.start for t in tables]
    front = text[: min(starts, default=len(text))]
    # the end of a sentence the page before began, before any 目录 too (a publication's second file has its own)
    first_prose = _first_prose(front[: min((line.start for line in toc_lines), default=len(front))])
    if first_prose is not None and _continues(*first_prose):
        return True
    if contents_begun(text, toc_lines):
        return True  # the rest of a 目录: the page begins inside the document's front
    if any(re.sub(r"\s+", "", line.text) not in ("目录", "目次") for line in toc_lines):
        return False  # a 目录 with entries: the document's front is there
    cells = 0  # lines that are an amount alone: a table's cells one per line, as a page copies them
    for line in front.split("\n"):
        if "。" in line:
            continue
        if len(AMOUNT.findall(line)) >= ROW_AMOUNTS or _grid_line(line):
            return True
        cells += AMOUNT.fullmatch(line.strip()) is not None
        if cells >= ROW_AMOUNTS:
            return True
    return _numbered_past_first(text, sections, tables) or _opens_on_a_later_table(text, front, tables)


def _numbered_past_first(text: str, sections: list[Section], tables: list[StandardTable]) -> bool:
    """The first numbered heading or table title is numbered past the first (五、2017年度…部门支出预算表),
    or the first part is (一、主要职能 … 第二部分 …决算表: the headings before it are the rest of a 第一部分
    printed on the page before). Parts only: a table's rows read as headings (二、财政专户管理资金 …) are
    numbered as they come."""
    heads = [(s.start, text[s.start : s.body_start]) for s in sections]
    heads += [(t.start, _table_head(text, t)) for t in tables]
    numbers = (heading_number(head) for _start, head in sorted(heads))
    first = next((n for n in numbers if n is not None), None)
    if first is not None and first > 1:
        return True
    parts = (heading_number(text[s.start : s.body_start]) for s in sections if s.level == PART_LEVEL)
    return next((number for number in parts if number is not None), 1) > 1


# the tables a publication's tables begin with: the first of each template family (收支总表)
_FIRST_ROLES = frozenset(family.roles[0] for family in FAMILIES.values())
_YEAR = re.compile(r"\d{4}\s*年")


def _opens_on_a_later_table(text: str, front: str, tables: list[StandardTable]) -> bool:
    """Nothing is printed before the first table (no title, cover, chrome or year), and it is one the
    template's tables do not begin with, its title naming no year (一般公共预算支出预算表 first: the
    tables before it were on the page before)."""
    if front.strip() or not tables:
        return False
    table = min(tables, key=lambda t: t.start)
    head = _table_head(text, table)
    return table.role not in _FIRST_ROLES and heading_number(head) is None and not _YEAR.search(head)
