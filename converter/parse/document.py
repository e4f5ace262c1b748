"""A whole document -> one Report: header, organisation, sections, figures, projects."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from converter.model import (
    Figure,
    Measure,
    Organisation,
    ParseWarning,
    Phase,
    Report,
    SectionPresence,
    Span,
    TextPassage,
)
from converter.parse.narrative import NarrativeParser
from converter.parse.normalise import matching_text
from converter.parse.performance import parse_performance_tables
from converter.parse.sections import REQUIRED_FINAL_SECTIONS, Section, lines_of, split_sections
from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import STANDARD_TABLES, find_standard_tables, missing_standard_tables
from converter.read.types import ReadDocument
from converter.resolve.classification import DocumentCodes, function_classification
from converter.resolve.region import regions


class NotAReport(ValueError):
    """The text is not a 部门/单位 决算 or 预算 disclosure (or is only its template)."""


TITLE = re.compile(
    r"(?P<pre>[\u4e00-\u9fff（）()]*?)\s*(?P<year>(19|20)\d{2})\s*年度?\s*"
    r"(?P<name>[\u4e00-\u9fff（）()]*?)\s*(?P<kind>部门|单位)\s*(?P<phase>决算|预算)"
)
COVER_OWNER = re.compile(
    r"(?:预算|决算)?(?:主管部门|部门名称|单位名称)[：:](?P<org>[\u4e00-\u9fff（）()]{4,40})"
)
GOVERNMENT_LEVELS = {"区级", "市级", "县级", "省级", "本级", "乡镇级"}
PUBLISHED = re.compile(r"公开(时间|日期)[：:]\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
PLACEHOLDER = re.compile(r"X{2,}|××|XX局|xx局|＊＊")
# The title zone: the cover, before the table of contents or the first part.
COVER_LIMIT = 600


def _compact_with_map(text: str) -> tuple[str, list[int]]:
    """The text with white space removed, and for each kept character its offset in ``text``."""
    kept: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        if not ch.isspace():
            kept.append(ch)
            offsets.append(index)
    return "".join(kept), offsets


def parse_title(text: str) -> tuple[str, int, Phase, str, Span]:
    head = text[:COVER_LIMIT]
    toc = re.search(r"目\s*录", head)
    compact, offsets = _compact_with_map(head[: toc.start()] if toc else head)
    match = TITLE.search(compact)
    if match is None:
        raise NotAReport("no title of the form “<year>年度 <organisation> 部门决算/预算” on the cover")
    name = match.group("name") or match.group("pre")
    start, end = offsets[match.start()], offsets[match.end() - 1] + 1
    # "上海市普陀区2024年区级部门预算 / 预算主管部门：上海市普陀区商务委员会": the cover's title names
    # the level (区级), a separate line names the department
    owner = COVER_OWNER.search(compact)
    if owner is not None:
        name = owner.group("org")
        end = max(end, offsets[owner.end() - 1] + 1)
    elif name in GOVERNMENT_LEVELS:
        name = match.group("pre")
    if not name:
        raise NotAReport("the cover names no organisation")
    phase = Phase.FINAL if match.group("phase") == "决算" else Phase.BUDGET
    span = Span(start, end, text[start:end], 1, "封面")
    return name, int(match.group("year")), phase, match.group("kind"), span


def _passages(text: str, scan: str, section: Section, kind: str, pattern: str) -> list[TextPassage]:
    """Passages matched in the normalised ``scan``; the body read there (simplified, no pinyin
    glosses), the span quoting the original ``text``."""
    out: list[TextPassage] = []
    # headings such as "（一）机构组成。内设办公室……" carry content on the heading line itself
    for match in re.finditer(pattern, scan[section.start : section.end], flags=re.S):
        start = section.start + match.start("body")
        end = section.start + match.end("body")
        body = re.sub(r"\s+", "", scan[start:end]).strip()
        if body:
            out.append(TextPassage(kind, body, Span(start, end, text[start:end], None, section.title)))
    return out


def parse_report(doc: ReadDocument) -> Report:
    text = doc.text
    if not text.strip():
        raise NotAReport("the document has no text")
    scan = matching_text(text)  # same length: offsets into it are offsets into text
    name, year, phase, kind, title_span = parse_title(scan)
    title_span = Span(title_span.start, title_span.end, text[title_span.start : title_span.end], 1, "封面")
    if PLACEHOLDER.search(name):
        raise NotAReport(
            f"this is the template itself (placeholder organisation “{name}”), it states no figures"
        )

    region = regions().resolve_prefix(name)
    organisation = Organisation(name=name, span=title_span, region=region)
    published_match = PUBLISHED.search(scan[:COVER_LIMIT])
    published = (
        date(int(published_match["y"]), int(published_match["m"]), int(published_match["d"]))
        if published_match
        else None
    )

    sections, toc_lines = split_sections(scan)
    lines = lines_of(scan)
    # the document's own tables are read first: the (code, name) pairs they print are witnesses
    # the narrative's 类/款/项 wording can be resolved by when the national lists lack a name
    tables = find_standard_tables(doc)
    table_figures, table_figure_warnings = figures_from_tables(doc, tables, year, phase.value)
    classification = function_classification()
    attested = DocumentCodes((f.function for f in table_figures if f.function), classification)

    def resolve_path(names: list[str], wording: str, taken: set[str]):
        return classification.resolve_path(names, wording, taken) or attested.resolve(names, wording)

    parser = NarrativeParser(
        text,
        sections,
        year,
        resolve_path=resolve_path,
        resolve_class=classification.resolve_top,
        page_of=doc.page_of,
        scan=scan,
        phase=phase.value,
    )
    result = parser.parse(lines, skip={line.start for line in toc_lines})

    report = Report(
        source=doc.source,
        text=text,
        organisation=organisation,
        fiscal_year=year,
        phase=phase,
        title_span=title_span,
        published=published,
        figures=result.figures,
        warnings=[ParseWarning("reader", w) for w in doc.warnings] + result.warnings,
    )
    # table figures first: consolidate makes the first statement of a fact its observation
    report.figures[:0] = table_figures
    report.warnings.extend(table_figure_warnings)
    # completeness of the tables, for documents that print them (a 说明 published apart from its
    # tables only names them)
    printed = [t for t in tables if t.rows or t.empty_statement]
    for table in printed:
        title_end = min(table.end, table.start + len(table.title))
        span = Span(table.start, title_end, text[table.start : title_end], table.page_first, table.title)
        report.sections.append(SectionPresence(f"table:{table.kind_key}", table.title, True, span))
    for title in missing_standard_tables(printed, phase.value) if printed else []:
        key = next(k for k, (t, *_rest) in STANDARD_TABLES.items() if t == title)
        report.sections.append(SectionPresence(f"table:{key}", title, False))
        report.warnings.append(ParseWarning("missing-table", f"standard table missing: {title}"))
    projects, project_figures, table_warnings = parse_performance_tables(
        text, lines, year, doc.page_of, [(t.start, t.end) for t in tables]
    )
    report.projects = projects
    report.figures.extend(project_figures)
    report.warnings.extend(table_warnings)

    for section in sections:
        if section.key == "institutions":
            organisation.subordinate_units.extend(
                _passages(text, scan, section, "subordinate-unit", r"\n\s*\d+[.．、]\s*(?P<body>[^\n。]+?)。")
            )
            # the unit list as a table: "序号 单位名称 备注" rows, the department itself marked 本级
            listed = _passages(text, scan, section, "subordinate-unit", r"\n\s*\d+\t(?P<body>[^\t\n]+)")
            organisation.subordinate_units.extend(u for u in listed if "本级" not in u.text)
            if listed:
                first, last = listed[0].span, listed[-1].span
                report.figures.append(
                    Figure(
                        item="reporting-units",
                        statistic="level",
                        measure=Measure.COUNT,
                        value=Decimal(len(listed)),
                        span=Span(
                            first.start, last.end, text[first.start : last.end], doc.page_of(first.start)
                        ),
                        stated_text=str(len(listed)),
                        stated_unit="个",
                        derived=True,
                        method="count of the rows of the listed reporting units",
                    )
                )
            organisation.internal_offices.extend(
                _passages(text, scan, section, "internal-offices", r"内设(?P<body>[^。]+?)。")
            )
        if section.key == "responsibilities":
            organisation.responsibilities.extend(
                _passages(
                    text,
                    scan,
                    section,
                    "responsibility",
                    r"(?:^|\n)\s*\d+[.．]\s*(?P<body>.+?)(?=\n\s*\d+[.．]|\Z)",
                )
            )
    if phase is Phase.FINAL:
        present = {s.key for s in sections}
        for key, title in REQUIRED_FINAL_SECTIONS:
            found = next((s for s in sections if s.key == key), None)
            report.sections.append(
                SectionPresence(
                    key,
                    title,
                    key in present,
                    Span(
                        found.start,
                        found.body_start,
                        text[found.start : found.body_start],
                        doc.page_of(found.start),
                    )
                    if found
                    else None,
                )
            )
            if key not in present:
                report.warnings.append(ParseWarning("missing-section", f"section missing: {title}"))
    if all(figure.derived for figure in report.figures):  # nothing the document itself states
        if PLACEHOLDER.search(text[:COVER_LIMIT]):
            raise NotAReport(
                "this is the template itself (placeholders such as “XX局” on the cover), it states no figures"
            )
        raise NotAReport("no figures found: this does not read as a 决算/预算 disclosure")
    return report
