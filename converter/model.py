"""Typed records of one report, each figure with the source span it was read from.

The model knows the national template's concepts (items, fund sources, natures,
classification codes) as plain codes; it never imports rdflib: mapping these records
onto the ontology is ``converter.emit``'s job alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from converter.read.types import SourceDocument


class Phase(StrEnum):
    FINAL = "final"  # 决算: executed accounts
    BUDGET = "budget"  # 预算: the approved budget


class Measure(StrEnum):
    AMOUNT = "amount"  # yuan, xsd:decimal
    PERCENT = "percentage"  # percent points, xsd:decimal ("占84%" -> 84)
    COUNT = "count"  # persons, vehicles, batches, projects ...
    SCORE = "score"  # performance evaluation points


class Severity(StrEnum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


# Dimension values that mean "not broken down by this dimension".
ALL = "all"
# The fund of a narrative figure whose words name none and whose heading was not read (a page that begins
# inside a document, before its first heading): not all funds, not known (fund:not-read).
NOT_READ = "not-read"


@dataclass(frozen=True)
class Span:
    """Characters ``[start, end)`` of the document text (``ReadDocument.text``)."""

    start: int
    end: int
    text: str
    page: int | None = None
    locator: str | None = None  # section heading path or "table / row / column"


@dataclass(frozen=True)
class ConceptRef:
    """A national classification concept the document's wording was resolved to."""

    scheme: str  # "function" | "economic"
    code: str
    wording: str  # the document's literal wording of the line
    national_label: str | None = None
    confidence: float = 1.0
    discrepancies: tuple[str, ...] = ()  # e.g. "label-variant", "levels-swapped"


@dataclass(frozen=True)
class RegionRef:
    code: str
    name: str
    wording: str
    confidence: float = 1.0


@dataclass
class Figure:
    """One number the document states (or that we derive, then ``derived`` is set)."""

    item: str
    statistic: str
    measure: Measure
    value: Decimal
    span: Span
    stated_text: str  # the number as printed, e.g. "1,644.52"
    stated_unit: str | None  # "万元", "元", "%", "人" ...
    fund: str = ALL
    nature: str = ALL
    function: ConceptRef | None = None
    economic: ConceptRef | None = None
    project: str | None = None
    stated_label: str | None = None  # the document's wording, kept for figures of no known item
    anchor: int | None = None  # offset of the number itself in the document text
    share_of: str | None = None  # item code the share is taken of
    comparison_year: int | None = None
    # a completion rate's budget where the words name it ("完成年初预算的…": initial-budget, "完成全年预算":
    # full-year-budget); None for "完成预算", "完成率": the rules then say which they assumed
    rate_base: str | None = None
    table: str | None = None  # standard table key when read from a table
    column: str | None = None
    # text tables: how the column was inferred ("position", "blank-pattern", "arithmetic"; "unknown":
    # the column is open, "unknown-row": the row too); None when the table's grid states it
    column_inference: str | None = None
    # narrative read before the first heading of a text that begins inside a document: the heading and the
    # sentences that said which fund, statistic or section the figure is of were on the page before
    context_unread: bool = False
    derived: bool = False
    # a spreadsheet cell with a formula and no stored result: the formula its value was computed from
    computed_from: str | None = None
    # the half-width its table rounds to when coarser than its printed digits (a 元 table computed in
    # 万元: converter.parse.table_rounding), else None
    rounding: Decimal | None = None
    method: str | None = None  # how a derived figure was computed
    derived_from: tuple[Figure, ...] = ()
    other_statements: list[Figure] = field(default_factory=list)

    def key(self) -> tuple[str, ...]:
        """The figure's dimensions: two statements with the same key state the same fact."""
        parts = [self.item]
        if self.fund != ALL:
            parts.append(f"fund-{self.fund}")
        if self.nature != ALL:
            parts.append(f"nature-{self.nature}")
        if self.function is not None:
            parts.append(f"fc-{self.function.code}")
        if self.economic is not None:
            parts.append(f"ec-{self.economic.code}")
        if self.project is not None:
            parts.append(f"project-{self.project}")
        if self.stated_label is not None:
            parts.append(f"label-{self.stated_label}")
            # figures of no known item are never merged: the same wording may state different facts
            if self.anchor is not None:
                parts.append(f"at-{self.anchor}")
        parts.append(self.statistic)
        return tuple(parts)


@dataclass
class Indicator:
    """One row of a project's performance self-evaluation table."""

    row_number: int
    level1: str | None
    level2: str | None
    level3: str | None
    target_text: str | None
    actual_text: str | None
    target_value: Decimal | None
    actual_value: Decimal | None
    comparator: str | None  # ≥ ≤ > < = as stated before the target
    unit: str | None
    weight: Decimal | None
    score: Decimal | None
    span: Span
    deduction: bool = False  # a 扣分项 row: its points are taken off, its weight is the most taken


@dataclass
class ScoreTotal:
    """The total row of a performance table ("得分 … 100 100", "部门整体自评得分 95"), as printed."""

    weight: Decimal | None
    score: Decimal
    span: Span


@dataclass
class Project:
    name: str
    span: Span
    competent_department: str | None = None
    implementing_unit: str | None = None
    overall_target: str | None = None
    overall_result: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    total: ScoreTotal | None = None
    unread_rows: int = 0  # indicator rows of its table the reader could not understand


@dataclass
class TextPassage:
    kind: str  # "responsibility", "internal-office", "performance-conclusion" ...
    text: str
    span: Span


@dataclass
class Organisation:
    name: str  # "" when no source names it (an unidentified report)
    span: Span | None
    region: RegionRef | None = None
    alternative_names: list[str] = field(default_factory=list)  # "（杭州市钱塘区城市管理局）" in the title
    subordinate_units: list[TextPassage] = field(default_factory=list)
    internal_offices: list[TextPassage] = field(default_factory=list)
    responsibilities: list[TextPassage] = field(default_factory=list)


@dataclass(frozen=True)
class ParseWarning:
    code: str  # stable identifier, e.g. "unparsed-figure", "missing-section"
    message: str
    span: Span | None = None


class IdentitySource(StrEnum):
    """Where one identity field of a report (organisation, year, phase, kind, region) was read."""

    COVER = "cover"  # the title on page 1 of a paginated document
    HEADING = "heading"  # a web page's heading or HTML <title>; the title lines of an unpaginated text
    RUNNING_TEXT = "running-text"  # a sentence or the 目录 ("XX局2021年度部门决算公开说明")
    TABLE_HEADER = "table-header"  # "部门：XX局  单位：万元" above a table
    CONTENT = "content"  # decided by what the body holds (its tables and sections)
    FILE_NAME = "file-name"  # the source file's name
    MANIFEST = "manifest"  # a batch manifest's row
    OPTION = "option"  # a command-line option


@dataclass(frozen=True)
class IdentityField:
    """One identity field's value and where it came from; ``inferred`` when the document does not
    state it as such (an organisation taken from a file name, a year from a posting date)."""

    value: str
    source: IdentitySource
    span: Span | None = None
    inferred: bool = False
    method: str | None = None  # how an inferred value was reached, or what a supplied value overrode


# The identity fields a report is known by; a report missing one of the first three is unidentified.
IDENTIFYING_FIELDS = ("organisation", "year", "phase")
IDENTITY_FIELDS = IDENTIFYING_FIELDS + ("kind", "region")


@dataclass(frozen=True)
class SourcePart:
    """One file of a report published in several files: its characters ``[start, end)`` of
    ``Report.text`` and its pages ``first_page .. first_page + pages - 1`` of the joined document."""

    source: SourceDocument
    start: int
    end: int
    first_page: int = 1
    url: str | None = None


@dataclass
class SectionPresence:
    key: str
    title: str
    found: bool
    span: Span | None = None


@dataclass(frozen=True)
class CodeValue:
    """A concept an evidence record names: a classification's (scheme "function" | "economic", its code)
    or one of our lists' ("item", "fund", "nature", its notation)."""

    scheme: str
    code: str


@dataclass
class Evidence:
    """What the text states that a text rule reads (a year, a placeholder, a 目录 entry, a table printed
    ...): a document statement, never a finding (converter.parse.evidence). ``values``: (property of
    ontology/fiscal.ttl, value) pairs, a property repeated for several values; ``links``: (property,
    index of another evidence record of the same kind list) pairs."""

    kind: str  # its class in fiscal.ttl, e.g. "YearMention"
    span: Span
    values: list[tuple[str, str | int | bool | Decimal | CodeValue]] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Report:
    source: SourceDocument
    text: str
    organisation: Organisation
    fiscal_year: int | None  # None: no source states it (the report is unidentified)
    phase: Phase | None
    title_span: Span | None
    published: date | None = None
    figures: list[Figure] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    sections: list[SectionPresence] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # where each identity field came from (keys of IDENTITY_FIELDS); a key absent: nothing states it
    identity: dict[str, IdentityField] = field(default_factory=dict)
    kind: str | None = None  # a key of converter.parse.kinds.REPORT_KINDS ("department", "three-public" ...)
    variant: str | None = None  # a template variant of that kind ("central-university" ...)
    coverage: list[str] = field(default_factory=list)  # keys of the parts the document holds
    source_url: str | None = None  # where the document was published (manifest, HTML canonical URL)
    parts: list[SourcePart] = field(default_factory=list)  # the files of a report published in several
    # provenance of the conversion itself (prov:wasGeneratedBy): when it began (the emitter stamps the end)
    started_at: datetime | None = None
    evidence: list[Evidence] = field(default_factory=list)  # text statements the text rules read
    # what the narrative claims about its figures (converter.parse.claims_evidence.NarrativeClaim)
    claims: list = field(default_factory=list)
    # what a hedged flat change ("基本持平") is about, as the narrative reader resolved it: never
    # published (it states no figure), consulted by the claim code for the claim's subject
    worded_subjects: list[Figure] = field(default_factory=list)
    # the text stops mid-sentence or on a heading with no body (the beginning of a page, a cut file): what the
    # template wants after that point is not known to be missing from the publication
    ends_abruptly: bool = False
    # the text begins inside a document (the second page of an article, a page continuing a table): what
    # the template wants before that point is not known to be missing either
    begins_abruptly: bool = False

    @property
    def missing_sections(self) -> list[SectionPresence]:
        return [s for s in self.sections if not s.found]

    @property
    def missing_identity(self) -> list[str]:
        """The identity fields no source states, in IDENTITY_FIELDS order."""
        return [name for name in IDENTITY_FIELDS if name not in self.identity]

    @property
    def unidentified(self) -> bool:
        return any(name not in self.identity for name in IDENTIFYING_FIELDS)

    @property
    def source_sha256(self) -> str:
        """The SHA-256 that stands for the report's source: its file's, or for several files the
        SHA-256 of their SHA-256s in sorted order (the same files give the same digest)."""
        if len(self.parts) <= 1:
            return self.source.sha256
        joined = "".join(sorted(p.source.sha256 for p in self.parts))
        return hashlib.sha256(joined.encode("ascii")).hexdigest()

    @property
    def sources(self) -> list[SourceDocument]:
        return [p.source for p in self.parts] if self.parts else [self.source]

    def part_of(self, offset: int) -> tuple[int, SourcePart] | None:
        """The file (1-based number, part) holding ``offset`` of a report published in several files."""
        for number, part in enumerate(self.parts, start=1):
            if part.start <= offset <= part.end:  # the page break joining two files goes with the first
                return number, part
        return None
