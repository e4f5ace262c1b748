"""The grammar of a disclosure's title, wherever it is written: a cover, a page heading, an HTML
<title>, a 目录 entry, a sentence, a file name.

Titles put the organisation before or after the year and the kind after both:
"柞水县审计局2020年部门决算", "2023年度泸州市中医医院单位决算", "杭州市钱塘区综合行政执法局（杭州市钱塘区
城市管理局）2021年度部门决算", "2019年度甘肃省人大常委会办公厅(汇总)部门决算", "融安县板榄镇人民政府2019年
部门预算及“三公”经费预算公开说明", "上海市普陀区2024年区级部门预算" (a level; the department is on the
next line: "预算主管部门：…"). The kind's wording is the data of ``converter.parse.kinds``.

Everything here reads *compact* text (blanks removed, matching text: simplified, pinyin blanked) and
returns offsets into that compact string; callers map them back to the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from converter.parse.kinds import PHASE_WORD, REPORT_KINDS
from converter.resolve.region import regions

# Characters an organisation's name is written with.
ORG_CHAR = r"[\u4e00-\u9fff（）()]"
_ORG_RUN = re.compile(rf"{ORG_CHAR}+$")
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})年度?")
# How organisation names end (language, not one document): bodies, offices, schools, townships.
ORG_SUFFIX = re.compile(
    r"(?:局|院|会|委|室|厅|部|处|所|站|队|中心|学|校|馆|府|办|社|团|组|司|署|园|场|台|联|协|镇|乡|"
    r"街道|县|区|市|省|旗|州|盟|狱|庭|科|股|公司|集团|基地|党校|分局|法庭|法院|馆)$"
)
# Words that stand where a name would but name no one.
_GENERIC = re.compile(
    r"^(?:本|我|该|全|各)?(?:部门|单位|局|委|院|办|机关|系统|县|市|区|省|镇|乡)$|^(?:本级|中央|中央部门|"
    r"省级|市级|县级|区级|乡镇级|乡级|镇级|政府|财政|人民政府)$"
)
_LEVEL = re.compile(r"(?:区级|市级|县级|省级|乡镇级|乡级|镇级|本级|州级|旗级)$")
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|"
    r"表[一二三四五六七八九十\d]+(?:[-—][\d一二三四五六七八九十]+)?|附件\d*|附表\d*|关于|公开|发布)"
)
# Words a sentence puts before a name ("纳入乐山市市中区经济和信息化局2022年度部门决算编制范围的…").
_LEADING_WORDS = re.compile(
    r"^(?:纳入|列入|关于|根据|按照|对于|对|为|是|由|经|将|在|从|向|及|和|与|即|其中|本)"
)
# Words a title puts between the organisation and its year ("XX局关于2020年度部门决算公开的说明").
_TRAILING_WORDS = re.compile(r"(?:关于|对于|对)$")
# The genre's words, which no organisation's name holds: a name run that contains them starts after them.
_GENRE_IN_NAME = re.compile(r"(?:预决算|决算|预算)(?:公开|信息)?")
_ALTERNATIVE = re.compile(r"^(?P<name>.+?)[（(](?P<other>[^（）()]{4,})[）)]$")
_CONSOLIDATED = re.compile(r"[（(]?(?:部门)?汇总[）)]?$")
_OWN_LEVEL = re.compile(r"[（(]?本级[）)]?$")


@dataclass(frozen=True)
class Name:
    """An organisation's name as a title writes it, cleaned."""

    name: str
    start: int  # offsets of ``name`` in the compact string read
    end: int
    alternatives: tuple[str, ...] = ()
    consolidated: bool = False  # "(汇总)"
    own_level: bool = False  # "本级": the department's own unit


@dataclass(frozen=True)
class Title:
    start: int
    end: int
    year: int | None
    year_span: tuple[int, int] | None
    phase: str | None  # "final" | "budget"
    kind: str | None  # key of REPORT_KINDS
    kind_span: tuple[int, int]
    name: Name | None = None
    level: str | None = None  # "区级": the title names a level of government, not a department
    notes: list[str] = field(default_factory=list)


@cache
def _kind_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind.key, re.compile(kind.title)) for kind in REPORT_KINDS) + (
        ("", re.compile(rf"(?P<phase>{PHASE_WORD})")),
    )


def _kind_at(text: str, position: int) -> tuple[str, re.Match[str]] | None:
    """The kind wording starting at ``position`` (the longest, the earlier kind on a tie)."""
    best: tuple[str, re.Match[str]] | None = None
    for key, pattern in _kind_patterns():
        match = pattern.match(text, position)
        if match and (best is None or match.end() > best[1].end()):
            best = (key, match)
    return best


def _phase(match: re.Match[str]) -> str | None:
    word = match.groupdict().get("phase")
    return {"决算": "final", "预算": "budget"}.get(word or "")


def clean_name(raw: str, start: int) -> Name | None:
    """The organisation a title's name part names, or None for numbering, levels and generic words."""
    text, offset = raw, start
    while True:
        lead = _NUMBERING.match(text)
        if not lead or lead.end() == len(text):
            break
        text, offset = text[lead.end() :], offset + lead.end()
    consolidated = own_level = False
    changed = True
    while changed:
        changed = False
        for pattern, flag in ((_CONSOLIDATED, "consolidated"), (_OWN_LEVEL, "own")):
            found = pattern.search(text)
            if found and found.start() >= 2:
                text = text[: found.start()]
                consolidated |= flag == "consolidated"
                own_level |= flag == "own"
                changed = True
        for doubled in ("部门", "单位"):  # "西畴县审计局部门2020年度部门决算"
            if text.endswith(doubled) and len(text) > len(doubled) + 2:
                text, changed = text[: -len(doubled)], True
    text, offset = _from_its_region(text, offset)
    crumb = next(iter(reversed(list(_GENRE_IN_NAME.finditer(text)))), None)
    if crumb is not None and len(text) - crumb.end() >= 4:
        # "财政预决算上海市普陀区财政局": a breadcrumb ending in the section's name runs into the title
        text, offset = text[crumb.end() :], offset + crumb.end()
    alternatives: tuple[str, ...] = ()
    second = _ALTERNATIVE.match(text)
    if second and ORG_SUFFIX.search(second.group("other")):
        text, alternatives = second.group("name"), (second.group("other"),)
    if len(text) < 2 or _GENERIC.match(text) or not ORG_SUFFIX.search(text):
        return None
    return Name(text, offset, offset + len(text), alternatives, consolidated, own_level)


def _from_its_region(text: str, offset: int) -> tuple[str, int]:
    """A name run that a sentence's words precede ("纳入…"): past the words. A name whose words come
    before its region ("国家税务总局乐山市税务局") is kept whole."""
    if regions().resolve_prefix(text) is not None:
        return text, offset
    words = _LEADING_WORDS.match(text)
    if words and len(text) - words.end() >= 4:
        return text[words.end() :], offset + words.end()
    return text, offset


def _level(raw: str) -> str | None:
    found = _LEVEL.search(raw)
    return found.group(0) if found else None


def read_titles(compact: str, *, strict: bool = False) -> list[Title]:
    """Every title statement in ``compact`` (one line, or a block of title lines joined).

    ``strict`` (running text): only statements whose kind wording is specific (部门决算, “三公”经费…), not
    a bare 决算/预算, and whose organisation, if any, directly precedes or follows the year.
    """
    out: list[Title] = []
    for year_match in _YEAR.finditer(compact):
        year = int(year_match.group("year"))
        after = year_match.end()
        found: tuple[int, str, re.Match[str]] | None = None
        for position in range(after, min(len(compact), after + 40) + 1):
            at = _kind_at(compact, position)
            if at is not None and (found is None or (at[0] and not found[1])):
                found = (position, *at)  # a specific kind's wording beats a bare 决算/预算 before it
                if at[0]:
                    break
            if position < len(compact) and not re.match(ORG_CHAR, compact[position]):
                break
        if found is None:
            continue
        position, key, match = found
        if strict and not key:
            continue
        post = compact[after:position]
        name = clean_name(post, after) if post else None
        level = _level(post) if post else None
        if name is None and level is None:
            before = _ORG_RUN.search(compact[: year_match.start()])
            if before:
                run = _TRAILING_WORDS.sub("", before.group(0))  # "XX局关于2020年度部门决算公开的说明"
                name = clean_name(run, before.start())
                level = level or _level(run)
        if key in ("department", "") and re.match(r"[（(]本级[）)]", compact[match.end() :]):
            key = "unit"  # "XX局2018年部门决算（本级）": the department's own unit
        start = name.start if name is not None and name.start < year_match.start() else year_match.start()
        out.append(
            Title(
                start,
                match.end(),
                year,
                (year_match.start(), year_match.end()),
                _phase(match),
                key or None,
                (match.start(), match.end()),
                name,
                level,
            )
        )
    return out


def read_yearless_title(compact: str) -> Title | None:
    """ "玉田县散水头镇人民政府部门决算公开说明": an organisation and a specific kind, no year."""
    for key, pattern in _kind_patterns():
        if not key:
            continue
        for match in pattern.finditer(compact):
            before = _ORG_RUN.search(compact[: match.start()])
            if before is None:
                continue
            name = clean_name(before.group(0), before.start())
            if name is not None:
                return Title(
                    name.start,
                    match.end(),
                    None,
                    None,
                    _phase(match),
                    key,
                    (match.start(), match.end()),
                    name,
                )
    return None
