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
from dataclasses import dataclass
from datetime import date

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
from converter.parse.claims import (
    RUNNING_LIMIT,
    Claim,
    ClaimReader,
    body_evidence,
    body_kind,
    compact_with_offsets,
    heading_end_of,
    posted_date,
)
from converter.parse.hints import HintError, IdentityHints
from converter.parse.kinds import DEFAULT_KIND, KINDS_BY_KEY
from converter.parse.sections import Line, Section
from converter.parse.titles import ORG_CHAR
from converter.read.types import ReadDocument
from converter.resolve.region import regions

__all__ = ["HintError", "Identification", "IdentityHints", "identify"]


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


def _fuller_name(scan: str, name: str, limit: int) -> tuple[str, RegionRef, tuple[int, int]] | None:
    """The organisation's name as the text writes it with its region ("随州市曾都区河道堤防建设管理处" for
    the title's "曾都区河道堤防建设管理处"): the fuller name, its region, its offsets."""
    compact, offsets = compact_with_offsets(scan[:limit])
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

    def __init__(self, doc: ReadDocument, claims: list[Claim]) -> None:
        self.doc = doc
        self.best: dict[str, Claim] = {}
        for claim in sorted(claims, key=lambda c: (c.rank, c.order)):
            self.best.setdefault(claim.field, claim)
        self.claims = claims
        self.warnings: list[ParseWarning] = []

    def span(self, claim: Claim | None) -> Span | None:
        if claim is None or claim.span is None:
            return None
        start, end = claim.span
        return Span(start, end, self.doc.text[start:end], self.doc.page_of(start), "identity")

    def warn(self, code: str, message: str, claim: Claim | None = None) -> None:
        self.warnings.append(ParseWarning(code, message, self.span(claim)))

    def replace(self, name: str, claim: Claim) -> None:
        self.best[name] = claim
        self.claims.append(claim)


def _decide_phase(decision: _Decision, evidence: dict[str, int]) -> None:
    chosen = decision.best.get("phase")
    majority = max(evidence, key=lambda p: evidence[p])
    what = f"{evidence['final']} 决算 and {evidence['budget']} 预算 table titles and headings"
    if chosen is None:
        if evidence[majority]:
            decision.replace("phase", Claim("phase", majority, 40, 0, IdentitySource.CONTENT, method=what))
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
            Claim("phase", other, 40, 0, IdentitySource.CONTENT,
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
        how = (
            "a 决算 is posted the year after" if phase.value == "final" else "a budget is posted in its year"
        )
        decision.replace(
            "year",
            Claim("year", str(year), 70, start, IdentitySource.RUNNING_TEXT, (start, end), True,
                   f"from the posting date {when.isoformat()}: {how}"),
        )  # fmt: skip
        decision.warn(
            "identity-inferred", f"no year is stated: {year} is inferred from the posting date {when}"
        )
    elif chosen is not None and phase is not None and phase.value == "final":
        if when < date(int(chosen.value) + 1, 1, 1):
            decision.warn(
                "identity-date-conflict",
                f"posted on {when.isoformat()}, before fiscal year {chosen.value} ended: the year or the "
                f"phase of this 决算 may be mislabeled",
                chosen,
            )


def _phase_from_date(decision: _Decision, posted: tuple[date, int, int] | None) -> None:
    """No source says 决算 or 预算 (a page of one section: "2024年度政府采购情况"): a page posted after
    its year ended reports what was spent, a 决算; one posted in or before its year, a budget."""
    year = decision.best.get("year")
    if decision.best.get("phase") is not None or year is None or posted is None:
        return
    when, start, end = posted
    phase = "final" if when.year > int(year.value) else "budget"
    how = "after" if phase == "final" else "before the end of"
    decision.replace(
        "phase",
        Claim("phase", phase, 70, start, IdentitySource.RUNNING_TEXT, (start, end), True,
               f"from the posting date {when.isoformat()}, {how} fiscal year {year.value}"),
    )  # fmt: skip
    decision.warn(
        "identity-inferred",
        f"no 决算 or 预算 is stated: {'决算' if phase == 'final' else '预算'} is inferred from the posting "
        f"date {when}",
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
    body = body_kind(scan, heading_end)
    if body is not None:
        decision.replace(
            "kind",
            Claim("kind", body[0], 40, 0, IdentitySource.RUNNING_TEXT,
                   method=f"the body words its parts {body[1]} times as {'单位' if body[0] == 'unit' else '部门'}…"),
        )  # fmt: skip
        return
    if stated is not None:
        return
    decision.replace(
        "kind",
        Claim("kind", DEFAULT_KIND, 80, 0, IdentitySource.CONTENT, inferred=True,
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
            decision.warn(
                "identity-override", f"{name}: {source.value} gives {value}, the document {stated.value}"
            )
        decision.replace(name, Claim(name, value, 0 if source is IdentitySource.OPTION else 1, 0, source,
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
        decision.best["region"] = Claim(
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
                decision.best["region"] = Claim("region", full_ref.code, 20, span[0], IdentitySource.RUNNING_TEXT,
                                                 span, method=f"the text names the organisation {full}")  # fmt: skip
                if ref is None:
                    decision.best["organisation"] = Claim(
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
        decision.best["region"] = Claim("region", where.code, 50, start, IdentitySource.RUNNING_TEXT, (start, end),
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
    reader = ClaimReader(doc, scan, heading_end, parts or [])
    for start, end in doc.headings:  # an HTML page's <title> and headings
        reader.text_titles(start, end, 10, IdentitySource.HEADING, strict=False)
    reader.text_titles(0, heading_end, 10, reader.zone_source, strict=False)
    reader.yearless(0, heading_end)
    reader.owners(min(len(scan), heading_end + RUNNING_LIMIT))
    running_end = min(len(scan), heading_end + RUNNING_LIMIT)
    reader.text_titles(heading_end, running_end, 20, IdentitySource.RUNNING_TEXT, strict=True)
    reader.inferred_subjects(heading_end, running_end)
    reader.project_owners(0, running_end)
    reader.all_file_names()

    decision = _Decision(doc, reader.claims)
    _apply_hints(decision, hints)
    _decide_phase(decision, body_evidence(scan, heading_end, table_phases))
    posted = posted_date(scan, heading_end)
    _decide_year(decision, posted)
    _phase_from_date(decision, posted)
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
