"""Who published which report for which year: identity from wherever the document states it.

Every source that can state an identity field is read and becomes a *claim* with a rank:

====  =========================================================================================
rank  source
====  =========================================================================================
0/1   a command-line option / a batch manifest's row (they override the document)
9     the cover's owner line ("预算主管部门：上海市普陀区商务委员会") when the title names a level (区级)
10    the title on the cover, the page heading or the HTML <title>; 11: a title broken over lines
13    a heading that names organisation and kind but no year ("XX镇人民政府部门决算公开说明")
20    running text: a 目录 entry or a sentence in the title's grammar ("第二部分 2020年部门决算表")
25    a file name written in the text ("2021年度部门决算公开说明-堤防处.pdf")
30    a table header ("部门：江苏省政协办公厅  单位：万元")
40    what the body holds: its tables' and headings' 决算/预算, 部门/单位 wording
50    inferred from running text: the single unit of the 编制范围, the subject of the 概况
60    the source file's name
70    the posting date (a 决算 of year Y is posted in Y+1; a budget in its own year)
80    the template's default (a 部门 disclosure when nothing says 部门 or 单位)
====  =========================================================================================

Each field takes the best-ranked claim; disagreements that matter are warned about: a title's 预算
over a body of 决算 tables and sections (the body decides), a year the whole body contradicts, a
posting date before the year's end for a 决算, an option overriding what the document states.
Rules are the template's and the language's; no document is special-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from converter.model import (
    IDENTIFYING_FIELDS,
    IdentityField,
    IdentitySource,
    ParseWarning,
    Phase,
    RegionRef,
    SourcePart,
    Span,
)
from converter.parse.kinds import DEFAULT_KIND, KINDS_BY_KEY, PHASE_WORD, resolve_kind
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
_SINGLE_UNIT = re.compile(
    r"(?:编制|汇编)范围的?(?:预算|决算)?(?:独立核算)?单位共计?(?:1|一)(?:家|个)[，,：:]?(?:即|为|是)[：:]?"
    rf"(?P<org>{ORG_CHAR}{{4,40}}?)(?:本级)?(?=[，。,；;、]|$)"
)
_SUBJECT = re.compile(rf"^(?P<org>{ORG_CHAR}{{5,40}}?)(?:是|为|系|作为)")
# A posting date: after its label ("发布时间:2021-09-13", "公开日期:2024926"), or a date line alone.
_POSTED = re.compile(
    r"(?:(?:发布|公开|发稿|更新|成文|印发|信息)?(?:时间|日期)[：:]?\s*"
    r"(?P<y>(?:19|20)\d{2})(?:[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})|(?P<md>\d{3,4})(?!\d))"
    r"|^[ \t]*(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?[ \t]*$)",
    re.M,
)
_BODY_PHASE = re.compile(rf"(?P<phase>{PHASE_WORD})(?:总表|表|明细表|报表|情况说明|情况|说明|公开)")
_FILE_PHASE = {"决算": "final", "juesuan": "final", "预算": "budget", "yusuan": "budget"}
_FILE_KIND = {"部门": "department", "bumen": "department", "单位": "unit", "danwei": "unit"}


class HintError(ValueError):
    """A manifest value or option that cannot be an identity (an unknown region code, year 3021 ...)."""


@dataclass(frozen=True)
class IdentityHints:
    """Identity supplied from outside the document (a manifest row, command-line options): each field's
    value (organisation name, region code, year, phase "final"/"budget", kind key) and its source."""

    values: dict[str, tuple[str, IdentitySource]] = field(default_factory=dict)
    source_url: str | None = None

    @classmethod
    def of(cls, source: IdentitySource, source_url: str | None = None, **given: str | None) -> IdentityHints:
        values: dict[str, tuple[str, IdentitySource]] = {}
        for name, raw in given.items():
            if raw is None or not str(raw).strip():
                continue
            values[name] = (_checked(name, str(raw).strip()), source)
        url = source_url.strip() if source_url and source_url.strip() else None
        return cls(values, url)

    def over(self, other: IdentityHints | None) -> IdentityHints:
        """These hints, with ``other``'s for the fields these do not give."""
        if other is None:
            return self
        return IdentityHints({**other.values, **self.values}, self.source_url or other.source_url)


def _checked(name: str, value: str) -> str:
    if name == "year":
        if not re.fullmatch(r"(19|20)\d{2}", value):
            raise HintError(f"year {value!r} is not a year between 1900 and 2099")
        return value
    if name == "phase":
        phase = {"决算": "final", "预算": "budget", "final": "final", "budget": "budget"}.get(value)
        if phase is None:
            raise HintError(f"phase {value!r}: use final (决算) or budget (预算)")
        return phase
    if name == "kind":
        kind = resolve_kind(value)
        if kind is None:
            raise HintError(f"kind {value!r}: use one of {', '.join(KINDS_BY_KEY)}")
        return kind
    if name == "region":
        if regions().name(value) is None:
            raise HintError(f"region {value!r} is not a GB/T 2260 code known here")
        return value
    if name == "organisation":
        return re.sub(r"\s+", "", value)
    raise HintError(f"unknown identity field {name!r}")


@dataclass
class _Claim:
    field: str
    value: str
    rank: int
    order: int
    source: IdentitySource
    span: tuple[int, int] | None = None
    inferred: bool = False
    method: str | None = None
    name: Name | None = None


@dataclass
class Identification:
    fields: dict[str, IdentityField]
    organisation: str
    alternatives: tuple[str, ...]
    organisation_span: Span | None
    region: RegionRef | None
    year: int | None
    phase: Phase | None
    kind: str | None
    title_span: Span | None
    published: date | None
    warnings: list[ParseWarning]


def _compact(text: str, base: int = 0) -> tuple[str, list[int]]:
    kept: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        if not ch.isspace():
            kept.append(ch)
            offsets.append(base + index)
    return "".join(kept), offsets


class _Reader:
    """Collects the claims of one document."""

    def __init__(self, doc: ReadDocument, scan: str, heading_end: int, parts: list[SourcePart]) -> None:
        self.doc, self.scan, self.heading_end = doc, scan, heading_end
        self.claims: list[_Claim] = []
        self.file_names = [p.source.file_name for p in parts] or [doc.source.file_name]
        # a paginated document's title is on its cover; a web page's or a plain text's is its heading
        first_end = parts[0].end if parts else len(doc.text)
        pages = sum(1 for page in doc.pages if page.start <= first_end)
        self.zone_source = IdentitySource.COVER if pages > 1 else IdentitySource.HEADING

    def add(self, key: str, value: object, rank: int, order: int, source: IdentitySource, **extra) -> None:
        if value is not None and value != "":
            self.claims.append(_Claim(key, str(value), rank, order, source, **extra))

    def title(self, title: Title, offsets: list[int], rank: int, source: IdentitySource, **extra) -> None:
        def span(a: int, b: int) -> tuple[int, int]:
            return offsets[a], offsets[b - 1] + 1

        whole = span(title.start, title.end)
        order = whole[0]
        if title.name is not None:
            self.add("organisation", title.name.name, rank, order, source, span=whole, name=title.name, **extra)
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
                compact, offsets = _compact(self.scan[block[0][0] : block[-1][1]], block[0][0])
                found = [t for t in read_titles(compact, strict=strict) if t.name or t.level]
                for title in found[:1]:
                    self.title(title, offsets, rank + 1, source)
            block.clear()

        offset = start
        for raw in self.scan[start:end].splitlines(keepends=True):
            line_start, line_end = offset, offset + len(raw.rstrip("\r\n\f"))
            offset += len(raw)
            compact, offsets = _compact(self.scan[line_start:line_end], line_start)
            if not compact:
                continue
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
            compact, _ = _compact(line)
            title = read_yearless_title(compact) if _TITLE_LINE.fullmatch(compact) else None
            if title is not None:
                at = self.scan.find(line, start)
                _, offsets = _compact(self.scan[at : at + len(line)], at)
                self.title(title, offsets, 13, self.zone_source)

    def owners(self, end: int) -> None:
        for match in _lines_matching(self.scan, 0, end, _OWNER):
            compact, offsets, found = match
            name = clean_name(found.group("org"), found.start("org"))
            if name is None:
                continue
            in_table = _UNIT_OF_AMOUNTS.search(compact) is not None or offsets[0] >= self.heading_end
            source = IdentitySource.TABLE_HEADER if in_table else self.zone_source
            span = (offsets[found.start()], offsets[found.end() - 1] + 1)
            self.add("organisation", name.name, 30 if in_table else 9, span[0], source, span=span, name=name)

    def inferred_subjects(self, start: int, end: int) -> None:
        for compact, offsets, found in _lines_matching(self.scan, start, end, _SINGLE_UNIT, search=True):
            name = clean_name(found.group("org"), found.start("org"))
            if name is not None:
                span = (offsets[found.start("org")], offsets[found.end("org") - 1] + 1)
                self.add("organisation", name.name, 50, span[0], IdentitySource.RUNNING_TEXT, span=span,
                         inferred=True, method="the single budget unit the 编制范围 sentence names", name=name)  # fmt: skip
        for compact, offsets, found in _lines_matching(self.scan, start, end, _SUBJECT):
            name = clean_name(found.group("org"), 0)
            if name is not None and regions().resolve_prefix(name.name) is not None:
                span = (offsets[0], offsets[found.end("org") - 1] + 1)
                self.add("organisation", name.name, 51, span[0], IdentitySource.RUNNING_TEXT, span=span,
                         inferred=True, method="the subject of the 概况's first sentences", name=name)  # fmt: skip

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


def _lines_matching(scan: str, start: int, end: int, pattern: re.Pattern[str], search: bool = True):
    offset = start
    for raw in scan[start:end].splitlines(keepends=True):
        line_start = offset
        offset += len(raw)
        compact, offsets = _compact(raw.rstrip("\r\n\f"), line_start)
        if not compact:
            continue
        for _, piece in _pieces(compact) if search else [(0, compact)]:
            base = compact.find(piece)
            matcher = pattern.finditer(piece) if pattern is not _SUBJECT else [pattern.match(piece)]
            for found in matcher:
                if found:
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


def _posted(scan: str, end: int) -> tuple[date, int, int] | None:
    for match in _POSTED.finditer(scan[: max(end, 0) + 200]):
        group = "y" if match["y"] else "y2"
        year = int(match[group])
        try:
            if match["y2"]:
                month, day = int(match["m2"]), int(match["d2"])
            elif match["md"]:
                md = match["md"]
                parts = [(int(md[:-2]), int(md[-2:]))] + ([(int(md[:2]), int(md[2:]))] if len(md) == 4 else [])
                month, day = next((m, d) for m, d in parts if 1 <= m <= 12 and 1 <= d <= 31)
            else:
                month, day = int(match["m"]), int(match["d"])
            return date(year, month, day), match.start(group), match.end()
        except (StopIteration, ValueError):
            continue
    return None


def _body_evidence(scan: str, heading_end: int, table_phases: list[str]) -> dict[str, int]:
    """How many table titles and short lines (headings, 目录 entries) of the body say 决算 / 预算."""
    counts = {"final": 0, "budget": 0}
    for phase in table_phases:
        counts[phase] += 1
    for line in scan[heading_end : heading_end + RUNNING_LIMIT].splitlines():
        compact = re.sub(r"\s+", "", line)
        if 0 < len(compact) <= 60:
            for match in _BODY_PHASE.finditer(compact):
                counts["final" if match.group("phase") == "决算" else "budget"] += 1
    return counts


def _body_kind(scan: str, heading_end: int) -> tuple[str, int] | None:
    """部门 or 单位, as the body's headings and 目录 word the template's parts."""
    zone = re.sub(r"\s+", "", scan[heading_end : heading_end + RUNNING_LIMIT])
    unit = len(re.findall(r"单位(?:决算|预算|概况|主要职责|主要职能|基本情况|收入|支出)", zone))
    department = len(re.findall(r"部门(?:决算|预算|概况|主要职责|主要职能|基本情况)", zone))
    if unit == department == 0:
        return None
    return ("unit", unit) if unit > department else ("department", department)


def _fuller_name(scan: str, name: str, limit: int) -> tuple[str, RegionRef, tuple[int, int]] | None:
    """The organisation's name as the text writes it with its region ("随州市曾都区河道堤防建设管理处" for
    the title's "曾都区河道堤防建设管理处"): the fuller name, its region, its offsets."""
    compact, offsets = _compact(scan[:limit])
    for match in re.finditer(re.escape(name), compact):
        before = re.search(rf"{ORG_CHAR}{{2,12}}$", compact[max(0, match.start() - 12) : match.start()])
        if before is None:
            continue
        prefix = before.group(0)
        for cut in range(len(prefix) - 1):
            added = prefix[cut:]
            ref = regions().resolve_prefix(added + name)
            if ref is not None and ref.confidence == 1.0 and len(ref.wording) >= len(added):
                start = offsets[match.start() - len(added)]
                return added + name, ref, (start, offsets[match.end() - 1] + 1)
    return None


class _Decision:
    """Choosing each field among the claims, with the warnings the choice needs."""

    def __init__(self, doc: ReadDocument, claims: list[_Claim]) -> None:
        self.doc = doc
        self.best: dict[str, _Claim] = {}
        for claim in sorted(claims, key=lambda c: (c.rank, c.order)):
            self.best.setdefault(claim.field, claim)
        self.claims = claims
        self.warnings: list[ParseWarning] = []

    def span(self, claim: _Claim | None) -> Span | None:
        if claim is None or claim.span is None:
            return None
        start, end = claim.span
        return Span(start, end, self.doc.text[start:end], self.doc.page_of(start), "identity")

    def warn(self, code: str, message: str, claim: _Claim | None = None) -> None:
        self.warnings.append(ParseWarning(code, message, self.span(claim)))

    def replace(self, name: str, claim: _Claim) -> None:
        self.best[name] = claim
        self.claims.append(claim)


def _decide_phase(decision: _Decision, evidence: dict[str, int]) -> None:
    chosen = decision.best.get("phase")
    majority = max(evidence, key=lambda p: evidence[p])
    what = f"{evidence['final']} 决算 and {evidence['budget']} 预算 table titles and headings"
    if chosen is None:
        if evidence[majority]:
            decision.replace("phase", _Claim("phase", majority, 40, 0, IdentitySource.CONTENT, method=what))
        return
    if chosen.rank < 9:
        return  # supplied from outside: the user decides
    other = "budget" if chosen.value == "final" else "final"
    if evidence[other] >= 2 and evidence[other] > 2 * evidence[chosen.value]:
        said = "决算" if chosen.value == "final" else "预算"
        body = "决算" if other == "final" else "预算"
        decision.warn(
            "identity-conflict",
            f"the {chosen.source.value} says {said} but the body is a {body} ({what}): read as a {body}",
            chosen,
        )
        decision.replace(
            "phase",
            _Claim("phase", other, 40, 0, IdentitySource.CONTENT,
                   method=f"decided by the body ({what}); the {chosen.source.value} says {said}"),
        )  # fmt: skip


def _decide_year(decision: _Decision, posted: tuple[date, int, int] | None) -> None:
    chosen = decision.best.get("year")
    running = [c for c in decision.claims if c.field == "year" and c.rank == 20]
    if chosen is not None and 9 <= chosen.rank < 20 and len(running) >= 2:
        if all(c.value != chosen.value for c in running) and len({c.value for c in running}) == 1:
            decision.warn(
                "identity-conflict",
                f"the {chosen.source.value} says {chosen.value} but the body states {running[0].value} "
                f"throughout: read as {running[0].value}",
                chosen,
            )
            decision.replace("year", running[0])
            chosen = running[0]
    phase = decision.best.get("phase")
    if posted is None:
        return
    when, start, end = posted
    if chosen is None and phase is not None:
        year = when.year - 1 if phase.value == "final" else when.year + (1 if when.month >= 11 else 0)
        how = "a 决算 is posted the year after" if phase.value == "final" else "a budget is posted in its year"
        decision.replace(
            "year",
            _Claim("year", str(year), 70, start, IdentitySource.RUNNING_TEXT, (start, end), True,
                   f"from the posting date {when.isoformat()}: {how}"),
        )  # fmt: skip
        decision.warn("identity-inferred", f"no year is stated: {year} is inferred from the posting date {when}")
    elif chosen is not None and phase is not None and phase.value == "final":
        if when < date(int(chosen.value) + 1, 1, 1):
            decision.warn(
                "identity-date-conflict",
                f"posted on {when.isoformat()}, before fiscal year {chosen.value} ended: the year or the "
                f"phase of this 决算 may be mislabeled",
                chosen,
            )


def _decide_kind(decision: _Decision, scan: str, heading_end: int) -> None:
    """The title's kind; else how the body words its parts (部门… / 单位…) more often; else the default."""
    stated = decision.best.get("kind")
    if stated is not None and stated.rank < 20:
        return
    # a sentence of the body about one part ("2022年“三公”经费财政拨款支出决算为…") does not make the
    # publication that part: every complete disclosure has such sentences
    running = [
        c for c in decision.claims
        if c.field == "kind" and c.rank >= 20 and not KINDS_BY_KEY[c.value].partial
    ]  # fmt: skip
    stated = min(running, key=lambda c: (c.rank, c.order)) if running else None
    if stated is not None:
        decision.best["kind"] = stated
    else:
        decision.best.pop("kind", None)
    body = _body_kind(scan, heading_end)
    if body is not None:
        decision.replace(
            "kind",
            _Claim("kind", body[0], 40, 0, IdentitySource.RUNNING_TEXT,
                   method=f"the body words its parts {body[1]} times as {'单位' if body[0] == 'unit' else '部门'}…"),
        )  # fmt: skip
        return
    if stated is not None:
        return
    decision.replace(
        "kind",
        _Claim("kind", DEFAULT_KIND, 80, 0, IdentitySource.CONTENT, inferred=True,
               method="nothing says 部门 or 单位: a departmental disclosure of the national template is assumed"),
    )  # fmt: skip


def _apply_hints(decision: _Decision, hints: IdentityHints | None) -> None:
    if hints is None:
        return
    for name, (value, source) in hints.values.items():
        stated = decision.best.get(name)
        method = None
        if stated is not None and stated.value != value:
            method = f"overrides {stated.value} ({stated.source.value})"
            decision.warn("identity-override", f"{name}: {source.value} gives {value}, the document {stated.value}")
        decision.replace(name, _Claim(name, value, 0 if source is IdentitySource.OPTION else 1, 0, source,
                                      method=method))  # fmt: skip


def _region(decision: _Decision, scan: str) -> tuple[RegionRef | None, str]:
    """The region and the organisation's name (made fuller where the text writes it with its region)."""
    org = decision.best.get("organisation")
    name = org.value if org else ""
    given = decision.best.get("region")
    if given is not None:
        return regions().ref(given.value, given.value), name
    ref = regions().resolve_prefix(name) if name else None
    if ref is not None and org is not None:
        inferred = ref.confidence < 1.0
        decision.best["region"] = _Claim(
            "region", ref.code, org.rank, org.order, org.source, org.span, inferred or org.inferred,
            "a county's unique name, its city and province inferred" if inferred else "named by the organisation's name",
        )  # fmt: skip
    if name:
        fuller = _fuller_name(scan, name, RUNNING_LIMIT)
        if fuller is not None:
            full, full_ref, span = fuller
            deeper = ref is None or (
                regions().contains(ref.code, full_ref.code) and full_ref.code != ref.code
            )
            if deeper or (ref is not None and full_ref.code == ref.code and ref.confidence < 1.0):
                decision.best["region"] = _Claim("region", full_ref.code, 20, span[0], IdentitySource.RUNNING_TEXT,
                                                 span, method=f"the text names the organisation {full}")  # fmt: skip
                if ref is None:
                    decision.best["organisation"] = _Claim(
                        "organisation", full, 20, span[0], IdentitySource.RUNNING_TEXT, span,
                        method=f"the {org.source.value if org else 'title'}'s {name}, as the text names it in full",
                    )  # fmt: skip
                    name = full
                return full_ref, name
    if ref is not None:
        return ref, name
    located = regions().resolve_location(scan[:RUNNING_LIMIT])
    if located is not None:
        where, start, end = located
        decision.best["region"] = _Claim("region", where.code, 50, start, IdentitySource.RUNNING_TEXT, (start, end),
                                         True, f"where the text says the body is: {where.wording}")  # fmt: skip
        return RegionRef(where.code, where.name, where.wording, 0.8), name
    return None, name


def identify(
    doc: ReadDocument,
    scan: str,
    sections: list[Section],
    toc: list[Line],
    table_phases: list[str],
    hints: IdentityHints | None = None,
    parts: list[SourcePart] | None = None,
) -> Identification:
    """Organisation, year, phase, kind and region of ``doc`` with where each came from.

    ``scan`` is the matching text (``normalise.matching_text``), ``sections`` / ``toc`` its headings
    (``sections.split_sections``), ``table_phases`` the phase of each standard table found; ``parts``
    the files of a publication in several files (their names are read too).
    """
    heading_end = heading_end_of(scan, sections, toc)
    reader = _Reader(doc, scan, heading_end, parts or [])
    for start, end in doc.headings:  # an HTML page's <title> and headings
        reader.text_titles(start, end, 10, IdentitySource.HEADING, strict=False)
    reader.text_titles(0, heading_end, 10, reader.zone_source, strict=False)
    reader.yearless(0, heading_end)
    reader.owners(min(len(scan), heading_end + RUNNING_LIMIT))
    running_end = min(len(scan), heading_end + RUNNING_LIMIT)
    reader.text_titles(heading_end, running_end, 20, IdentitySource.RUNNING_TEXT, strict=True)
    reader.inferred_subjects(heading_end, running_end)
    reader.all_file_names()

    decision = _Decision(doc, reader.claims)
    _apply_hints(decision, hints)
    _decide_phase(decision, _body_evidence(scan, heading_end, table_phases))
    posted = _posted(scan, heading_end)
    _decide_year(decision, posted)
    _decide_kind(decision, scan, heading_end)
    region, name = _region(decision, scan)

    org_claim = decision.best.get("organisation")
    fields = {
        key: IdentityField(claim.value, claim.source, decision.span(claim), claim.inferred, claim.method)
        for key, claim in decision.best.items()
    }
    if region is None:
        fields.pop("region", None)
    missing = [n for n in IDENTIFYING_FIELDS if n not in fields]
    if missing:
        decision.warn(
            "unidentified",
            f"no title, heading, table header or file name states the report's {', '.join(missing)}: "
            "converted as an unidentified report (its IRI carries the source's SHA-256); "
            "supply them with --organisation / --year / --phase or a manifest",
        )
    year = decision.best.get("year")
    phase = decision.best.get("phase")
    return Identification(
        fields=fields,
        organisation=name,
        alternatives=org_claim.name.alternatives if org_claim and org_claim.name else (),
        organisation_span=decision.span(decision.best.get("organisation")),
        region=region,
        year=int(year.value) if year else None,
        phase=Phase(phase.value) if phase else None,
        kind=decision.best["kind"].value,
        title_span=_title_span(decision, heading_end),
        published=posted[0] if posted else None,
        warnings=decision.warnings,
    )


def _title_span(decision: _Decision, heading_end: int) -> Span | None:
    """The title as the cover or heading writes it (with the owner line of a level's title)."""
    chosen = [decision.best.get(n) for n in ("organisation", "year", "phase")]
    spans = [c.span for c in chosen if c is not None and c.span is not None and 9 <= c.rank <= 13]
    if not spans:
        best = next((c for c in chosen if c is not None and c.span is not None), None)
        return decision.span(best)
    start, end = min(s[0] for s in spans), max(s[1] for s in spans)
    return Span(start, end, decision.doc.text[start:end], decision.doc.page_of(start), "封面")
