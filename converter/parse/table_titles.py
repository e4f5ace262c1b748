"""Table titles: a title reduced to its words, and the role and phase those words give.

"表1：高等学校收支决算总表", "公开05表 财政拨款支出预算表（功能科目）", "一、2017年度江苏省高级人民法院部门
收支预算总表": numbering, year, organisation and 部门 prefix go, the words that say what the table is
stay, and ``converter.parse.template`` says which role they name.
"""

from __future__ import annotations

import re

from converter.parse import template

__all__ = ["normalise_title", "title_part", "title_role"]

_NUMBERING = re.compile(
    # a table's number is digits or numerals, never both, and 一般 is no numeral: "表3一般公共预算…" and
    # "表三一般公共预算…" are 表3 / 表三 and 一般公共预算
    r"^(?:(?:(?:附表|表|公开)\s*(?:\d+|[一二三四五六七八九十]*一(?!般)|[一二三四五六七八九十]+(?<!一))(?:\s*[-—－.．]\s*\d+)*\s*表?"
    r"|[（(][一二三四五六七八九十\d]+[)）])\s*[、.．:：]?|(?:[一二三四五六七八九十]+|\d+)\s*[、.．:：])\s*"
)
_ORG_PREFIX = re.compile(r"^.*?(?:部门|单位|本级)(?=收|支|财政|一般|政府|国有|三公|机关|项目|基本)")
_HINT_SUFFIX = re.compile(r"[（(](?:续表?|续\d*)[)）]$")


def normalise_title(text: str) -> str:
    """A title reduced to its words: no spaces, quotes, numbering ("表1-1.", "公开05表", "一、"), year,
    organisation or 部门 prefix, nor (续)."""
    s = re.sub(r"[\s\"'“”‘’「」『』《》]", "", text)
    s = _HINT_SUFFIX.sub("", s)
    for _ in range(2):  # "公开01表一、…"
        s = _NUMBERING.sub("", s, count=1)
    s = re.sub(r"^.{0,40}?(?:19|20)\d{2}年度?", "", s)  # "上海市XX局2024年度" / "2024年"
    s = _ORG_PREFIX.sub("", s, count=1)
    s = re.sub(r"^(?:区级|市级|县级|省级)?(?:部门|单位)", "", s)
    return s


# what a page may print after a title on the same line: its unit, the department, the date
_META_TAIL = re.compile(
    r"(?<=\S)[\s\u00a0\u3000]*(?:(?:金额)?单位|编制(?:部门|单位)|单位名称|部门(?:名称)?|公开日期)\s*[：:].*$"
)


def title_part(line: str) -> str:
    """The title of a line that prints the table's unit or department after it
    ("收入决算表    单位：万元", "…预算表 编制部门：XX局 单位：元")."""
    text = line.strip()
    if "：" not in text and ":" not in text:
        return text
    return _META_TAIL.sub("", text).strip()


_TITLE_END = re.compile(r"表(?:[（(][^()（）]{1,8}[)）])?$")


def title_role(line: str) -> tuple[str, str | None, str] | None:
    """(role, phase or None, normalised title) when ``line`` is a table's title (its unit or department
    may follow it on the line), else None."""
    text = title_part(line)
    if not text or len(text) > 80 or "…" in text or "..." in text or re.search(r"[。；;]|\.{3,}|·{3,}", text):
        return None
    norm = normalise_title(text)
    if not norm or not _TITLE_END.search(norm) or re.fullmatch(r"(?:决算|预算)?(?:公开)?报?表", norm):
        return None
    if norm.endswith("报表"):
        return None  # a part heading: 第二部分 2017年部门决算报表
    if re.match(r"^(本表|注|说明|附注)", norm):
        return None
    return template.role_of_title(norm), template.title_phase(norm), norm
