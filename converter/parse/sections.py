"""Find the template's parts and sections by what their headings mean, not by numbering.

Provinces and years number and word the headings differently ("一、收入支出决算总体情况说明",
"(一) 机关运行经费支出情况", "十、预算绩效管理情况" ...); each heading is classified by
keywords into a section key. Table-of-contents lines are recognised and skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CN_NUMERAL = "一二三四五六七八九十"
PART = re.compile(rf"^第[{CN_NUMERAL}]+部分\s*(?P<title>.*)$")
LEVEL1 = re.compile(rf"^(?P<num>[{CN_NUMERAL}]+)\s*[、.．]\s*(?P<title>.+)$")
LEVEL2 = re.compile(rf"^[（(]\s*(?P<num>[{CN_NUMERAL}]+)\s*[)）]\s*(?P<title>.+)$")
TOC_TAIL = re.compile(r"[.…·\s]*\d*\s*$")  # the leader dots and page number of a contents entry
TOC_LINE = re.compile(r"(\.{3,}|…{2,}|·{3,})|\t\s*\d+\s*$")

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
        ("tables", r"^附表|决算表$|预算表$"),
        ("appropriation-overall", r"财政拨款收(入)?支(出)?(决算|预算)?(总体)?情况"),
        ("overall", r"收(入)?支(出)?(决算|预算)?总体情况"),
        ("gpb-basic", r"一般公共预算(财政)?拨款基本支出"),
        ("structure", r"结构情况"),
        ("detail", r"具体情况"),
        ("gpb-expenditure", r"一般公共预算(财政)?拨款支出"),
        ("three-public", r"三公"),
        ("government-fund", r"政府性基金预算"),
        ("state-capital", r"国有资本经营预算"),
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
        stripped = body.strip(" \u3000\f")
        lead = len(body) - len(body.lstrip(" \u3000\f"))
        out.append(Line(offset + lead, offset + lead + len(stripped), stripped))
        offset += len(raw)
    return out


def _heading(line: Line) -> tuple[int, str] | None:
    if not line.text or line.is_table_row or len(line.text) > 60:
        return None
    for level, pattern in ((0, PART), (1, LEVEL1), (2, LEVEL2)):
        match = pattern.match(line.text)
        if match:
            return level, match.group("title").strip()
    if line.text in {"附件", "附表", "目录", "目 录"}:
        return 0, line.text
    return None


def split_sections(text: str) -> tuple[list[Section], list[Line]]:
    """The heading tree (flattened in document order) and the table-of-contents lines."""
    lines = lines_of(text)
    sections: list[Section] = []
    toc: list[Line] = []
    stack: list[Section] = []
    in_toc = False
    toc_titles: set[str] = set()
    for line in lines:
        found = _heading(line)
        if found is None:
            # a table of contents holds no sentences: prose means the body has begun
            if in_toc and len(line.text) > 30 and "。" in line.text:
                in_toc = False
            continue
        level, title = found
        compact = re.sub(r"\s+", "", TOC_TAIL.sub("", title))
        if TOC_LINE.search(line.text):
            toc_titles.add(compact)
            toc.append(line)
            continue
        key = classify(title)
        if key == "toc":
            in_toc = True
            toc.append(line)
            continue
        if in_toc:
            if compact not in toc_titles:  # an entry of the contents
                toc_titles.add(compact)
                toc.append(line)
                continue
            in_toc = False  # the first heading the contents listed: the body begins here
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(key, title, level, line.start, line.end, parent=stack[-1] if stack else None)
        if section.parent:
            section.parent.children.append(section)
        sections.append(section)
        stack.append(section)
    for index, section in enumerate(sections):
        following = [s for s in sections[index + 1 :] if s.level <= section.level]
        section.end = following[0].start if following else len(text)
    return sections, toc


def innermost_at(sections: list[Section], offset: int) -> Section | None:
    best: Section | None = None
    for section in sections:
        if section.start <= offset < section.end and (best is None or section.start >= best.start):
            best = section
    return best
