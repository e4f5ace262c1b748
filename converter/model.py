"""Typed records of one report, each figure with the source span it was read from.

The model knows the national template's concepts (items, fund sources, natures,
classification codes) as plain codes; it never imports rdflib: mapping these records
onto the ontology is ``converter.emit``'s job alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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
    table: str | None = None  # standard table key when read from a table
    column: str | None = None
    # text tables: how the column was inferred ("position", "blank-pattern", "arithmetic"; "unknown":
    # the column is open, "unknown-row": the row too); None when the table's grid states it
    column_inference: str | None = None
    derived: bool = False
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


@dataclass
class Project:
    name: str
    span: Span
    competent_department: str | None = None
    implementing_unit: str | None = None
    overall_target: str | None = None
    overall_result: str | None = None
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class TextPassage:
    kind: str  # "responsibility", "internal-office", "performance-conclusion" ...
    text: str
    span: Span


@dataclass
class Organisation:
    name: str
    span: Span
    region: RegionRef | None = None
    subordinate_units: list[TextPassage] = field(default_factory=list)
    internal_offices: list[TextPassage] = field(default_factory=list)
    responsibilities: list[TextPassage] = field(default_factory=list)


@dataclass(frozen=True)
class ParseWarning:
    code: str  # stable identifier, e.g. "unparsed-figure", "missing-section"
    message: str
    span: Span | None = None


@dataclass
class SectionPresence:
    key: str
    title: str
    found: bool
    span: Span | None = None


@dataclass
class Report:
    source: SourceDocument
    text: str
    organisation: Organisation
    fiscal_year: int
    phase: Phase
    title_span: Span
    published: date | None = None
    figures: list[Figure] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    sections: list[SectionPresence] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def missing_sections(self) -> list[SectionPresence]:
        return [s for s in self.sections if not s.found]
