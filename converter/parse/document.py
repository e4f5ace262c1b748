"""A whole document -> one Report: identity, organisation, sections, figures, projects, coverage."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from converter.model import (
    Figure,
    IdentityField,
    IdentitySource,
    Measure,
    Organisation,
    ParseWarning,
    Phase,
    Report,
    SectionPresence,
    SourcePart,
    Span,
    TextPassage,
)
from converter.parse.evidence import read_once, text_evidence
from converter.parse.flat_lines import restore_lines
from converter.parse.glosses import compact_document, restore
from converter.parse.identity import Identification, IdentityHints, identify
from converter.parse.kinds import (
    ALL_TABLES,
    DEFAULT_KIND,
    KINDS_BY_KEY,
    REPORT_KINDS,
    expected_parts,
    kind_label,
    variant_of,
)
from converter.parse.narrative import NarrativeParser
from converter.parse.narrative_columns import read_again
from converter.parse.normalise import matching_text
from converter.parse.page_chrome import blank_page_chrome
from converter.parse.performance import parse_performance_tables, project_rows
from converter.parse.performance_restore import restore_performance_rows
from converter.parse.sections import SECTION_TITLES, Section, lines_of, split_sections
from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import (
    STANDARD_TABLES,
    StandardTable,
    family_table_keys,
    find_standard_tables,
    grid_span,
)
from converter.parse.text_cut import begins_abruptly, ends_abruptly
from converter.parse.totals import totals_misprinted
from converter.read.types import ReadDocument
from converter.resolve.classification import DocumentCodes, function_classification


class NotAReport(ValueError):
    """The text is not a 部门/单位 决算 or 预算 disclosure (or is only its template)."""


PLACEHOLDER = re.compile(r"X{2,}|××|XX局|xx局|＊＊")
# The title zone: the cover, before the table of contents or the first part.
COVER_LIMIT = 600
# Words only a 决算/预算 disclosure (or one part of it) uses: without any, a text is not one.
_GENRE = re.compile(r"决算|预算|三公经费|“三公”|绩效自评|政府采购|财政拨款|支出功能分类")


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


def _identity_or_refuse(doc: ReadDocument, scan: str, ident: Identification, tables: list) -> None:
    """Refuse texts that are no disclosure at all (a news item). A placeholder organisation (上海市XX局)
    is not refused here: a department that filled the tables but not the cover still published a
    disclosure; it is read as unidentified and flagged (the blank template is refused later: no figures)."""
    if PLACEHOLDER.search(ident.organisation):
        ident.warnings.append(
            ParseWarning(
                "organisation-placeholder",
                f"the organisation is printed as a placeholder (“{ident.organisation}”): read as unidentified",
                ident.organisation_span,
            )
        )
        ident.organisation, ident.organisation_span, ident.alternatives = "", None, ()
    if not tables and not _GENRE.search(scan):
        raise NotAReport(
            "not a 决算/预算 disclosure: no title, heading or table names a 决算 or 预算 and the text "
            "uses none of the template's words"
        )


def _refuse_without_figures(report: Report, scan: str) -> None:
    if not all(figure.derived for figure in report.figures):
        return
    if PLACEHOLDER.search(scan[:COVER_LIMIT]):
        raise NotAReport(
            "this is the template itself (placeholders such as “XX局” on the cover), it states no figures"
        )
    known = describe_identity(report)
    read_as = f": it reads as {known}, but states no figure (only the beginning of a page?)" if known else ""
    raise NotAReport(f"no figures found{read_as or ': this does not read as a 决算/预算 disclosure'}")


def describe_identity(report: Report) -> str:
    """ "泸州市中医医院 2023 单位决算 (heading)": what the report was identified as, for messages."""
    fields = report.identity
    if not fields:
        return ""
    parts = [
        fields["organisation"].value if "organisation" in fields else "(organisation unknown)",
        f"{fields['year'].value}年度" if "year" in fields else "(year unknown)",
        kind_label(report.kind, fields["phase"].value if "phase" in fields else None),
    ]
    sources = sorted({f.source.value for f in fields.values()})
    return " ".join(parts) + f" ({', '.join(sources)})"


def _structure(doc: ReadDocument):
    """The matching text, its sections and 目录 lines, its standard tables (and those printed)."""
    # same length: offsets into it are offsets into text; a page flattened to one line has its line
    # breaks put back where the text shows them
    # a web page's links to other articles blanked: they name other years and titles
    scan = blank_page_chrome(restore_lines(matching_text(doc.text)))
    sections, toc_lines = split_sections(scan)
    # the document's own tables are read first: the (code, name) pairs they print are witnesses
    # the narrative's 类/款/项 wording can be resolved by when the national lists lack a name
    tables = find_standard_tables(doc, scan=scan)
    printed = [t for t in tables if t.rows or t.empty_statement or _empty_grid(t)]
    return scan, sections, toc_lines, tables, printed


def _empty_grid(table) -> bool:
    """A table printed with its own 单位 line and header but no row of figures (Jiangsu's 政府性基金支出预算表
    of a department without such funds: "单位：万元 / 功能科目代码 功能科目名称 金额 / 合计"): printed, empty."""
    return bool(table.unit and not table.unit_inferred and table.columns)


def _identify(doc, scan, sections, toc_lines, printed, hints, parts) -> Identification:
    phases = [STANDARD_TABLES[t.kind_key][1] for t in printed if t.kind_key in STANDARD_TABLES]
    return identify(doc, scan, sections, toc_lines, phases, hints, parts)


def identify_document(
    doc: ReadDocument, hints: IdentityHints | None = None, parts: list[SourcePart] | None = None
) -> Identification:
    """Who published which report for which year, and where each was read: without reading figures
    (a page's beginning that states none is still identified)."""
    scan, sections, toc_lines, _tables, printed = _structure(doc)
    return _identify(doc, scan, sections, toc_lines, printed, hints, parts)


def parse_report(
    doc: ReadDocument, hints: IdentityHints | None = None, parts: list[SourcePart] | None = None
) -> Report:
    """The report ``doc`` discloses. ``hints`` (a manifest row, options) supply or override its identity;
    ``parts``: the files of a publication in several files joined into ``doc`` (``read.merge``). A page
    with pinyin glosses is parsed without them, its spans quoting it as it is (``glosses``)."""
    compacted = compact_document(doc)
    if compacted is None:
        return _parse_report(doc, hints, parts)
    inner, moves = compacted
    if parts:
        parts = [replace(p, start=moves.new_of[p.start], end=moves.new_of[p.end]) for p in parts]
    return restore(_parse_report(inner, hints, parts), doc.text, moves)


def _parse_report(doc: ReadDocument, hints: IdentityHints | None, parts: list[SourcePart] | None) -> Report:
    text = doc.text
    if not text.strip():
        raise NotAReport("the document has no text")
    scan, sections, toc_lines, tables, printed = _structure(doc)
    ident = _identify(doc, scan, sections, toc_lines, printed, hints, parts)
    _identity_or_refuse(doc, scan, ident, printed)
    # a year or phase nobody states: the parsers read with neutral ones, the report says it is unknown
    year, phase = ident.year or 0, ident.phase or Phase.FINAL

    table_figures, table_figure_warnings = figures_from_tables(doc, tables, year, phase.value)
    # read once: the narrative and the performance tables go through them; a 绩效自评表 printed without
    # its grid is put back into rows first, so the narrative does not read its cells as sentences
    lines = restore_performance_rows(lines_of(scan))
    # a page that begins inside a document: the narrative before its first heading lacks its context
    begun = begins_abruptly(scan, sections, toc_lines, tables)
    result = _narrative(doc, scan, sections, toc_lines, tables, table_figures, year, phase, lines, begun)
    if read_again(tables, result.figures):  # a text table's open 合计 row, by the narrative's figures
        table_figures, table_figure_warnings = figures_from_tables(doc, tables, year, phase.value)
    report = Report(
        source=doc.source,
        text=text,
        organisation=Organisation(name=ident.organisation, span=ident.organisation_span, region=ident.region),
        fiscal_year=ident.year,
        phase=ident.phase,
        title_span=ident.title_span,
        published=ident.published,
        figures=result.figures,
        warnings=[ParseWarning("reader", w) for w in doc.warnings] + ident.warnings + result.warnings,
        identity=ident.fields,
        kind=ident.kind,
        source_url=(hints.source_url if hints else None) or doc.source_url,
        parts=list(parts or []),
        worded_subjects=result.subjects,
    )
    report.organisation.alternative_names.extend(ident.alternatives)
    # table figures first: consolidate makes the first statement of a fact its observation
    report.figures[:0] = table_figures
    report.warnings.extend(table_figure_warnings)
    projects, project_figures, table_warnings = parse_performance_tables(
        text, lines, year, doc.page_of, [(t.start, t.end) for t in tables], phase.value
    )
    report.projects = projects
    report.figures.extend(project_figures)
    report.warnings.extend(table_warnings)
    _organisation_passages(report, doc, scan, sections)
    if ident.year is None:  # the parsers compared with a neutral year: no comparison year is known
        for figure in report.figures:
            if figure.comparison_year is not None and figure.comparison_year < 1900:
                figure.comparison_year = None
    _coverage(report, doc, scan, sections, toc_lines, printed)
    report.ends_abruptly = ends_abruptly(doc.text, sections)
    report.begins_abruptly = begun
    items = (f.function for f in report.figures if f.function)
    report.evidence = text_evidence(text, scan, sections, toc_lines, tables, doc.page_of, lines, items)
    _refuse_without_figures(report, scan)
    return report


def _two_cells(text: str) -> bool:
    """A grid row of two cells written; one written cell beside empty ones is prose in a cell."""
    return sum(1 for part in text.split("\t") if part.strip()) >= 2


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


def _narrative(
    doc, scan, sections, toc_lines, tables, table_figures, year: int, phase: Phase, lines, begun: bool = False
):
    classification = function_classification()
    attested = DocumentCodes((f.function for f in table_figures if f.function), classification)
    scan, lines = read_once(scan, lines, tables)  # a word printed again over a line break: read once

    def resolve_path(names: list[str], wording: str, taken: set[str]):
        return classification.resolve_path(names, wording, taken) or attested.resolve(names, wording)

    parser = NarrativeParser(
        doc.text,
        sections,
        year,
        resolve_path=resolve_path,
        resolve_class=classification.resolve_top,
        page_of=doc.page_of,
        scan=scan,
        phase=phase.value,
        begun=begun,
    )
    skip = {line.start for line in toc_lines}
    # the lines of a table printed as text (cells between blanks) are its rows, no sentences
    rows = [(t.start, t.end) for t in tables if t.positional and any(r.cells for r in t.rows)]
    if rows:
        skip |= {line.start for line in lines if any(a <= line.start < b for a, b in rows)}
    # a grid's two-cell row ("其中：财政拨款\t20.00", "总体目标\t完成…12个") is a row too, no sentence to
    # run on into the next (rows of three cells or more are table rows by their tabs alone)
    grids = [span for page in doc.pages for span in map(grid_span, page.tables) if span is not None]
    skip |= {line.start for line in lines if _two_cells(line.text) and _inside(line.start, grids)}
    skip |= project_rows(lines)  # the same of a project table printed as text with tabs
    result = parser.parse(lines, skip=skip)
    refiled = frozenset(w.span.start for w in result.warnings if w.code == "item-inferred" and w.span)
    result.warnings.extend(totals_misprinted(result.figures, table_figures, refiled))
    return result


def _organisation_passages(report: Report, doc: ReadDocument, scan: str, sections: list[Section]) -> None:
    text, organisation = doc.text, report.organisation
    for section in sections:
        if section.key == "institutions":
            organisation.subordinate_units.extend(
                _passages(text, scan, section, "subordinate-unit", r"\n\s*\d+[.．、]\s*(?P<body>[^\n。]+?)。")
            )
            # the unit list as a table: "序号 单位名称 备注" rows, the department itself marked 本级
            listed = _listed_units(text, scan, section)
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


_LISTED_UNIT = re.compile(r"\n[ \u3000\u00a0]*(?P<n>\d{1,3})\t(?P<body>[^\t\n]+)")


def _listed_units(text: str, scan: str, section: Section) -> list[TextPassage]:
    """The unit list as a table ("序号 单位名称 备注"): the rows numbered 1, 2, 3 … in a row, so that a
    table further on (codes under a blank first column) is not counted as units."""
    out: list[TextPassage] = []
    for match in _LISTED_UNIT.finditer(scan, section.start, section.end):
        if int(match.group("n")) != len(out) + 1:
            if out:
                break
            continue
        start, end = match.span("body")
        body = re.sub(r"\s+", "", scan[start:end]).strip()
        out.append(
            TextPassage("subordinate-unit", body, Span(start, end, text[start:end], None, section.title))
        )
    return out


# Section keys that say what a publication covers (parts of some report kind).
_PART_SECTIONS = frozenset(key for kind in REPORT_KINDS for key in kind.final_sections)
_SUBSTANTIVE = _PART_SECTIONS - {"overview", "glossary"}


def _coverage(
    report: Report,
    doc: ReadDocument,
    scan: str,
    sections: list[Section],
    toc_lines: list,
    printed: list[StandardTable],
) -> None:
    """What the document holds, what its kind holds that it lacks (warned), the kind if only a part."""
    text = doc.text
    present_sections = [s for s in sections if s.key in _PART_SECTIONS]
    covered = [f"table:{t.kind_key}" for t in printed] + [s.key for s in present_sections if s.key]
    report.coverage = list(dict.fromkeys(covered))
    _kind_from_content(report)
    spec = KINDS_BY_KEY[report.kind] if report.kind else None
    if spec is not None and spec.partial and not present_sections:
        # a page that is one part: its title is the part's heading, its body the part
        report.coverage.extend(k for k in spec.final_sections if k not in report.coverage)
        sections = [*sections, *(Section(k, spec.zh, 0, 0, 0, len(text)) for k in spec.final_sections)]
    phase = (report.phase or Phase.FINAL).value
    toc_text = "\n".join(line.text for line in toc_lines) + "\n" + "\n".join(t.title for t in printed)
    variant = variant_of(report.kind, toc_text)
    report.variant = variant.key if variant else None
    want_tables, want_sections = expected_parts(report.kind, phase, variant, STANDARD_TABLES)
    if KINDS_BY_KEY[report.kind or DEFAULT_KIND].tables == (ALL_TABLES,) and printed:
        # a whole disclosure holds what its template family prints (Jiangsu's 12, the central 4 ...)
        without = variant.without_tables if variant else ()
        want_tables = [k for k in family_table_keys(printed, phase) if k.split(".", 1)[1] not in without]
    announced = re.sub(r"\s+", "", toc_text)
    for table in printed:
        title_end = min(table.end, table.start + len(table.title))
        span = Span(table.start, title_end, text[table.start : title_end], table.page_first, table.title)
        report.sections.append(SectionPresence(f"table:{table.kind_key}", table.title, True, span))
    found_tables = {t.kind_key for t in printed}
    for key in want_tables if printed else []:  # a 说明 published apart from its tables only names them
        if key not in found_tables:
            title = STANDARD_TABLES[key][0]
            report.sections.append(SectionPresence(f"table:{key}", title, False))
            report.warnings.append(ParseWarning("missing-table", f"standard table missing: {title}"))
    for key in want_sections:
        title = SECTION_TITLES.get(key, key)
        found = next((s for s in sections if s.key == key), None)
        span = (
            Span(
                found.start, found.body_start, text[found.start : found.body_start], doc.page_of(found.start)
            )
            if found
            else None
        )
        report.sections.append(SectionPresence(key, title, found is not None, span))
        if found is None:
            where = " (the 目录 announces it)" if _announced(title, announced) else ""
            report.warnings.append(ParseWarning("missing-section", f"section missing: {title}{where}"))


def _announced(title: str, toc: str) -> bool:
    core = re.sub(r"情况说明$|说明$", "", title)
    return bool(core) and core in toc


def _kind_from_content(report: Report) -> None:
    """A publication nothing names the kind of, holding only one part (the 三公 section, a 绩效自评):
    that part's kind."""
    kind = report.identity.get("kind")
    if kind is None or kind.source is not IdentitySource.CONTENT or not kind.inferred:
        return
    held = {k for k in report.coverage if k.startswith("table:") or k in _SUBSTANTIVE}
    if not held:
        return
    for spec in REPORT_KINDS:
        if not spec.partial or not spec.by_content:
            continue
        parts = {f"table:{p}.{t}" for p in ("final", "budget") for t in spec.tables} | set(
            spec.final_sections
        )
        if held <= parts:
            report.kind = spec.key
            report.identity["kind"] = IdentityField(
                spec.key,
                IdentitySource.CONTENT,
                None,
                True,
                f"the document holds only {spec.zh} ({'、'.join(sorted(held))})",
            )
            return
