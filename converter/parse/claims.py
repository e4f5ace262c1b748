"""The claims a document makes about its own identity, read from each place that can state one.

A claim is one field's value (organisation, year, phase, kind) with where it was read, the span
that states it, and a rank (see ``converter.parse.identity``): the cover's or page heading's title,
the 目录 and sentences of the body, a table header, the single unit of the 编制范围, the subject of
the 概况, a file name, the posting date, and what the body's tables and headings say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from converter.model import IdentitySource, SourcePart
from converter.parse.chinese_numerals import DAY, MONTH, numeral_value
from converter.parse.kinds import KINDS_BY_KEY, PHASE_WORD
from converter.parse.sections import Line, Section
from converter.parse.titles import ORG_CHAR, Name, Title, clean_name, read_titles, read_yearless_title
from converter.read.types import ReadDocument
from converter.resolve.region import regions

# How far into the text titles, 目录 entries and the 概况's sentences are looked for.
HEADING_LIMIT = 3000
RUNNING_LIMIT = 12000
_TITLE_LINE = re.compile(r"[\u4e00-\u9fff（）()“”\"0-9]{2,60}")
# Where the title zone ends: a 目录 on its own (or "(目录)" in a flattened page), the first part.
_TOC = re.compile(r"(?:^|\n)[ \t]*目\s*录[ \t]*(?:\n|$)|[（(]目\s*录[)）]|第\s*[一1]\s*部分")
_FILE_LINE = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|html?)\s*$", re.I)
_OWNER = re.compile(
    r"(?:预算主管部门|决算主管部门|主管部门|部门名称|单位名称|编制单位|编制部门|填报单位|预算单位|决算单位|"
    rf"部门|单位)[：:](?P<org>{ORG_CHAR}{{2,40}}?)(?=单位[：:]|金额单位|[^\u4e00-\u9fff（）()]|$)"
)
_UNIT_OF_AMOUNTS = re.compile(r"单位[：:](?:万元|元|千元|亿元)")
# a 项目支出绩效自评表's own line "主管部门 XX局 实施单位 XX中心" (the national template prints no colon)
_PROJECT_OWNER = re.compile(rf"主管部门[：:]?(?P<org>{ORG_CHAR}{{2,40}}?)(?=实施单位|$)")
# a self-evaluation (绩效自评) evaluates an executed year, a 绩效目标表 sets a budget's targets
_PERFORMANCE_PHASE = re.compile(
    r"(?P<final>绩效自评(?:表|报告|结果)|自评表)|(?P<budget>绩效目标(?:表|申报表))"
)
_SINGLE_UNIT = re.compile(
    r"(?:编制|汇编)范围的?(?:预算|决算)?(?:独立核算)?单位共计?(?:1|一)(?:家|个)[，,：:]?(?:即|为|是)[：:]?"
    rf"(?P<org>{ORG_CHAR}{{4,40}}?)(?:本级)?(?=[，。,；;、]|$)"
)
_SUBJECT = re.compile(rf"^(?P<org>{ORG_CHAR}{{5,40}}?)(?:是|为|系|作为)")
# A posting date: after its label ("发布时间:2021-09-13", "公开日期:2024926", "公开时间：二〇二四年九月
# 二十六日", its year made Arabic by the matching text), or a date line alone.
_POSTED = re.compile(
    r"(?:(?:发布|公开|发稿|更新|成文|印发|信息)?(?:时间|日期)[：:]?\s*"
    rf"(?P<y>(?:19|20)\d{{2}})(?:[-/.年](?P<m>{MONTH})[-/.月](?P<d>{DAY})|(?P<md>\d{{3,4}})(?!\d))"
    r"|^[ \t]*(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?[ \t]*$)",
    re.M,
)
_BODY_PHASE = re.compile(rf"(?P<phase>{PHASE_WORD})(?:总表|表|明细表|报表|情况说明|情况|说明|公开)")
_FILE_PHASE = {"决算": "final", "juesuan": "final", "预算": "budget", "yusuan": "budget"}
_FILE_KIND = {"部门": "department", "bumen": "department", "单位": "unit", "danwei": "unit"}


@dataclass
class Claim:
    field: str
    value: str
    rank: int
    order: int
    source: IdentitySource
    span: tuple[int, int] | None = None
    inferred: bool = False
    method: str | None = None
    name: Name | None = None


_RUN = re.compile(r"\S+")
_YEARISH = re.compile(r"(?:19|20)\d{2}")


def compact_with_offsets(text: str, base: int = 0) -> tuple[str, list[int]]:
    """``text`` without blanks, and for each kept character its offset (+ ``base``) in ``text``."""
    runs: list[str] = []
    offsets: list[int] = []
    for run in _RUN.finditer(text):
        runs.append(run.group())
        offsets.extend(range(base + run.start(), base + run.end()))
    return "".join(runs), offsets


class ClaimReader:
    """Collects the claims of one document."""

    def __init__(self, doc: ReadDocument, scan: str, heading_end: int, parts: list[SourcePart]) -> None:
        self.doc, self.scan, self.heading_end = doc, scan, heading_end
        self.claims: list[Claim] = []
        self.file_names = [p.source.file_name for p in parts] or [doc.source.file_name]
        # a paginated document's title is on its cover; a web page's or a plain text's is its heading
        first_end = parts[0].end if parts else len(doc.text)
        pages = sum(1 for page in doc.pages if page.start <= first_end)
        self.zone_source = IdentitySource.COVER if pages > 1 else IdentitySource.HEADING

    def add(self, key: str, value: object, rank: int, order: int, source: IdentitySource, **extra) -> None:
        if value is not None and value != "":
            self.claims.append(Claim(key, str(value), rank, order, source, **extra))

    def title(self, title: Title, offsets: list[int], rank: int, source: IdentitySource, **extra) -> None:
        def span(a: int, b: int) -> tuple[int, int]:
            return offsets[a], offsets[b - 1] + 1

        whole = span(title.start, title.end)
        order = whole[0]
        if title.name is not None:
            self.add(
                "organisation", title.name.name, rank, order, source, span=whole, name=title.name, **extra
            )
            if title.name.consolidated:
                self.add("kind", "consolidated", rank, order, source, span=whole, **extra)
            elif title.name.own_level:
                self.add("kind", "unit", rank, order, source, span=whole, **extra)
        if title.year is not None:
            self.add("year", title.year, rank, order, source, span=whole, **extra)
        if title.phase is not None:
            self.add("phase", title.phase, rank, order, source, span=whole, **extra)
        elif title.kind and KINDS_BY_KEY[title.kind].default_phase:
            self.add(
                "phase", KINDS_BY_KEY[title.kind].default_phase, rank, order, source, span=whole,
                inferred=True, method=f"a {KINDS_BY_KEY[title.kind].zh} is of the executed year",
            )  # fmt: skip
        if title.kind is not None:
            self.add("kind", title.kind, rank + 1, order, source, span=whole, **extra)

    def text_titles(self, start: int, end: int, rank: int, source: IdentitySource, strict: bool) -> None:
        """Titles in the lines of ``[start, end)``; a title broken over short lines is read joined."""
        block: list[tuple[int, int]] = []

        def flush() -> None:
            if len(block) > 1:
                compact, offsets = compact_with_offsets(self.scan[block[0][0] : block[-1][1]], block[0][0])
                found = [t for t in read_titles(compact, strict=strict) if t.name or t.level]
                for title in found[:1]:
                    self.title(title, offsets, rank + 1, source)
            block.clear()

        offset = start
        for raw in self.scan[start:end].splitlines(keepends=True):
            line_start, line_end = offset, offset + len(raw.rstrip("\r\n\f"))
            offset += len(raw)
            compact = "".join(raw.split())
            if not compact:
                continue
            if not _YEARISH.search(compact):  # no year, no title: only the joined block may hold one
                if _TITLE_LINE.fullmatch(compact):
                    block.append((line_start, line_end))
                else:
                    flush()
                continue
            _, offsets = compact_with_offsets(self.scan[line_start:line_end], line_start)
            if _FILE_LINE.search(compact):
                for title in read_titles(compact):
                    self.title(title, offsets, 25, IdentitySource.FILE_NAME, inferred=True,
                               method="from the file name the page gives")  # fmt: skip
                flush()
                continue
            for piece_start, piece in _pieces(compact):
                for title in read_titles(piece, strict=strict):
                    self.title(title, offsets[piece_start:], rank, source)
            if _TITLE_LINE.fullmatch(compact):
                block.append((line_start, line_end))
            else:
                flush()
        flush()

    def yearless(self, start: int, end: int) -> None:
        for line in self.scan[start:end].splitlines():
            compact, _ = compact_with_offsets(line)
            title = read_yearless_title(compact) if _TITLE_LINE.fullmatch(compact) else None
            if title is not None:
                at = self.scan.find(line, start)
                _, offsets = compact_with_offsets(self.scan[at : at + len(line)], at)
                self.title(title, offsets, 13, self.zone_source)

    def owners(self, end: int) -> None:
        for compact, offsets, found in _lines_matching(self.scan, 0, end, _OWNER, needles=("：", ":")):
            name = clean_name(found.group("org"), found.start("org"))
            if name is None:
                continue
            in_table = _UNIT_OF_AMOUNTS.search(compact) is not None or offsets[0] >= self.heading_end
            source = IdentitySource.TABLE_HEADER if in_table else self.zone_source
            span = (offsets[found.start()], offsets[found.end() - 1] + 1)
            self.add("organisation", name.name, 30 if in_table else 9, span[0], source, span=span, name=name)

    def inferred_subjects(self, start: int, end: int) -> None:
        for _piece, offsets, found in _lines_matching(self.scan, start, end, _SINGLE_UNIT, needles=("范",)):
            name = clean_name(found.group("org"), found.start("org"))
            if name is not None:
                span = (offsets[found.start("org")], offsets[found.end("org") - 1] + 1)
                self.add("organisation", name.name, 50, span[0], IdentitySource.RUNNING_TEXT, span=span,
                         inferred=True, method="the single budget unit the 编制范围 sentence names", name=name)  # fmt: skip
        for _line, offsets, found in _lines_matching(self.scan, start, end, _SUBJECT, anchored=True):
            name = clean_name(found.group("org"), 0)
            if name is not None and regions().resolve_prefix(name.name) is not None:
                span = (offsets[0], offsets[found.end("org") - 1] + 1)
                self.add("organisation", name.name, 51, span[0], IdentitySource.RUNNING_TEXT, span=span,
                         inferred=True, method="the subject of the 概况's first sentences", name=name)  # fmt: skip

    def project_owners(self, start: int, end: int) -> None:
        """The 主管部门 a performance table names: the report's organisation where nothing better says
        it (a page holding one 项目支出绩效自评表), inferred."""
        for _line, offsets, found in _lines_matching(self.scan, start, end, _PROJECT_OWNER, anchored=True):
            name = clean_name(found.group("org"), 0)
            if name is not None:
                span = (offsets[found.start("org")], offsets[found.end("org") - 1] + 1)
                self.add("organisation", name.name, 55, span[0], IdentitySource.TABLE_HEADER, span=span,
                         inferred=True, method="the 主管部门 its performance table names", name=name)  # fmt: skip

    def all_file_names(self) -> None:
        for order, name in enumerate(self.file_names):
            self.file_name(name, order)

    def file_name(self, file_name: str, order: int) -> None:
        stem = PurePath(file_name).stem
        compact = re.sub(r"\s+", "", stem)
        how = {"inferred": True, "method": f"from the file name {file_name}"}
        for title in read_titles(compact):
            if title.name is not None:
                self.add("organisation", title.name.name, 60, order, IdentitySource.FILE_NAME, **how)
        year = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", stem)
        if year:
            self.add("year", year.group(1), 60, order, IdentitySource.FILE_NAME, **how)
        lowered = stem.lower()
        for word, phase in _FILE_PHASE.items():
            if word in lowered:
                self.add("phase", phase, 60, order, IdentitySource.FILE_NAME, **how)
        for word, kind in _FILE_KIND.items():
            if word in lowered:
                self.add("kind", kind, 60, order, IdentitySource.FILE_NAME, **how)


def _pieces(compact: str) -> list[tuple[int, str]]:
    """A long line in sentences (offsets into it), a short one whole."""
    if len(compact) <= 200:
        return [(0, compact)]
    out: list[tuple[int, str]] = []
    start = 0
    for match in re.finditer(r"[。；;！!]", compact):
        out.append((start, compact[start : match.end()]))
        start = match.end()
    if start < len(compact):
        out.append((start, compact[start:]))
    return out


def _lines_matching(
    scan: str,
    start: int,
    end: int,
    pattern: re.Pattern[str],
    *,
    anchored: bool = False,
    needles: tuple[str, ...] = (),
):
    """(compact piece, offsets of its characters, match) for every match of ``pattern`` in the lines
    of ``[start, end)``, blanks removed; long lines in sentences. ``anchored``: at a line's start only;
    ``needles``: lines holding none of them are skipped unread."""
    offset = start
    for raw in scan[start:end].splitlines(keepends=True):
        line_start = offset
        offset += len(raw)
        if needles and not any(n in raw for n in needles):
            continue
        line = raw.rstrip("\r\n\f")
        compact = "".join(line.split())
        if not compact:
            continue
        if anchored:
            found = pattern.match(compact)
            if found:
                yield compact, compact_with_offsets(line, line_start)[1], found
            continue
        offsets: list[int] | None = None
        for base, piece in _pieces(compact):
            for found in pattern.finditer(piece):
                if offsets is None:
                    offsets = compact_with_offsets(line, line_start)[1]
                yield piece, offsets[base:], found


def heading_end_of(scan: str, sections: list[Section], toc: list[Line]) -> int:
    """Where the title zone ends: the 目录, the first part or heading of the body."""
    marks = [len(scan), HEADING_LIMIT]
    if toc:
        marks.append(toc[0].start)
    if sections:
        marks.append(sections[0].start)
    found = _TOC.search(scan, 0, HEADING_LIMIT)
    if found:
        marks.append(found.start())
    return min(marks)


def posted_date(scan: str, end: int) -> tuple[date, int, int] | None:
    for match in _POSTED.finditer(scan[: max(end, 0) + 200]):
        group = "y" if match["y"] else "y2"
        year = int(match[group])
        try:
            if match["y2"]:
                month, day = int(match["m2"]), int(match["d2"])
            elif match["md"]:
                md = match["md"]
                parts = [(int(md[:-2]), int(md[-2:]))] + (
                    [(int(md[:2]), int(md[2:]))] if len(md) == 4 else []
                )
                month, day = next((m, d) for m, d in parts if 1 <= m <= 12 and 1 <= d <= 31)
            else:
                month, day = numeral_value(match["m"]), numeral_value(match["d"])
            return date(year, month, day), match.start(group), match.end()
        except (StopIteration, ValueError):
            continue
    return None


def body_evidence(scan: str, heading_end: int, table_phases: list[str]) -> dict[str, int]:
    """How many table titles and short lines (headings, 目录 entries) of the body say 决算 / 预算, and the
    performance tables' titles anywhere (绩效自评表: 决算; 绩效目标表: 预算)."""
    counts = {"final": 0, "budget": 0}
    for phase in table_phases:
        counts[phase] += 1
    for line in scan[heading_end : heading_end + RUNNING_LIMIT].splitlines():
        compact = re.sub(r"\s+", "", line)
        if 0 < len(compact) <= 60:
            for match in _BODY_PHASE.finditer(compact):
                counts["final" if match.group("phase") == "决算" else "budget"] += 1
    # a performance table's title, in the heading too (a page holding one 项目支出绩效自评表)
    for line in scan[: heading_end + RUNNING_LIMIT].splitlines():
        compact = re.sub(r"\s+", "", line)
        if 0 < len(compact) <= 60:
            for match in _PERFORMANCE_PHASE.finditer(compact):
                counts["final" if match.group("final") else "budget"] += 1
    return counts


def body_kind(scan: str, heading_end: int) -> tuple[str, int] | None:
    """部门 or 单位, as the body's headings and 目录 word the template's parts."""
    zone = re.sub(r"\s+", "", scan[heading_end : heading_end + RUNNING_LIMIT])
    unit = len(re.findall(r"单位(?:决算|预算|概况|主要职责|主要职能|基本情况|收入|支出)", zone))
    department = len(re.findall(r"部门(?:决算|预算|概况|主要职责|主要职能|基本情况)", zone))
    if unit == department == 0:
        return None
    return ("unit", unit) if unit > department else ("department", department)
