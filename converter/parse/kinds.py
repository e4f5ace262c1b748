"""Report kinds and the parts each contains: data the parser consults, not branches in code.

A disclosure is not always a whole 部门决算: a page may publish one section (the 三公经费 only, a
项目绩效自评表, 政府采购), a county publishes the 三公经费决算汇总 of all its departments, a government
its 政府决算. The kind says what the publication is; its parts (standard table keys of
``converter.parse.tables.STANDARD_TABLES`` and section keys of ``converter.parse.sections``) say what a
complete publication of that kind holds, so completeness warnings name only what the kind contains.

``title`` is the wording that names the kind in a title or a sentence, written after the organisation
and year ("…2019年度部门“三公”经费决算汇总"); its ``phase`` group, when present, says 决算 or 预算.
Kinds are tried in order: the first whose wording matches earliest in the title wins.

Template variants narrow a kind's parts where a whole family of documents prints fewer by design:
the central template's university version has four tables (高等学校收支决算总表 …) and no 财政拨款收支
总表, 基本支出, 三公 or 政府性基金 tables, and its 说明 explains the four tables instead of the 十 sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converter.parse.sections import REQUIRED_FINAL_SECTIONS

# Section keys of converter.parse.sections every 决算 narrative of the national template has.
FINAL_SECTIONS = tuple(key for key, _ in REQUIRED_FINAL_SECTIONS)
ALL_TABLES = "*"  # every required standard table of the phase (STANDARD_TABLES' required flag)


@dataclass(frozen=True)
class ReportKind:
    key: str
    zh: str
    en: str
    title: str  # regex: the kind's wording in a title, with an optional (?P<phase>决算|预算)
    tables: tuple[str, ...]  # standard table keys without the phase ("three_public"), or (ALL_TABLES,)
    final_sections: tuple[str, ...]  # section keys a complete 决算 of this kind has
    default_phase: str | None = None  # when the kind's wording implies the phase ("绩效自评": final)
    label: str = "部门{phase}"  # how a report title names the kind ({phase}: 决算 / 预算)
    partial: bool = False  # the kind is one part of a whole disclosure
    by_content: bool = True  # a document holding only this kind's parts is of this kind

    def table_keys(self, phase: str, standard: dict[str, tuple]) -> list[str]:
        """The standard table keys of ``phase`` this kind contains (``standard``: STANDARD_TABLES)."""
        keys = [k for k, (_, p, required, *_r) in standard.items() if p == phase and required]
        if self.tables == (ALL_TABLES,):
            return keys
        return [k for k in keys if k.split(".", 1)[1] in self.tables]


# 决算 or 预算 as the phase, not inside a fund's name (一般公共预算) or a word (预算执行, 预算绩效, 预算单位)
PHASE_WORD = r"(?:决算|(?<!一般公共)(?<!政府性基金)(?<!国有资本经营)(?<!保险基金)预算(?!执行|绩效|单位|管理|编制|批复))"
_PHASE = rf"(?P<phase>{PHASE_WORD})"
_QUOTED_THREE_PUBLIC = r"[“\"”]?三公[”\"“]?经费"
# A page that publishes only one part often names no phase: "XX局2021年度“三公”经费支出情况". Without
# the phase word the kind's wording must end in what a title says of it (情况, 公开), so that a
# sentence's "2021年“三公”经费支出0.75万元" is no title; the phase then comes from the content.
_PHASE_OR_TITLE_WORD = rf"(?:{_PHASE}|(?=(?:情况|公开|说明)))"

REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind(
        "three-public-summary",
        "“三公”经费汇总",
        "Summary of the 三公 expenses of several bodies",
        rf"(?:部门|单位)?(?:财政拨款)?{_QUOTED_THREE_PUBLIC}(?:财政拨款)?(?:支出)?{_PHASE_OR_TITLE_WORD}(?:情况)?汇总",
        ("three_public",),
        ("three-public",),
        partial=True,
        by_content=False,  # the same parts as "three-public": only its title tells a summary
        label="“三公”经费{phase}汇总",
    ),
    ReportKind(
        "three-public",
        "“三公”经费",
        "三公 expenses only (official travel abroad, receptions, vehicles)",
        rf"(?:部门|单位)?(?:财政拨款)?{_QUOTED_THREE_PUBLIC}(?:财政拨款)?(?:支出)?{_PHASE_OR_TITLE_WORD}",
        ("three_public",),
        ("three-public",),
        partial=True,
        label="“三公”经费{phase}",
    ),
    ReportKind(
        "department",
        "部门决算/预算",
        "Department accounts (the department with its units)",
        rf"部门{_PHASE}",
        (ALL_TABLES,),
        FINAL_SECTIONS,
        label="部门{phase}",
    ),
    ReportKind(
        "unit",
        "单位决算/预算",
        "Unit accounts (one budget unit)",
        rf"单位{_PHASE}",
        (ALL_TABLES,),
        FINAL_SECTIONS,
        label="单位{phase}",
    ),
    ReportKind(
        "consolidated",
        "部门决算/预算（汇总）",
        "Consolidated department accounts (汇总: the department and its subordinate units)",
        rf"部门{_PHASE}[（(]?汇总[）)]?",
        (ALL_TABLES,),
        FINAL_SECTIONS,
        label="部门{phase}（汇总）",
    ),
    ReportKind(
        "government",
        "政府决算/预算",
        "Government accounts of a region (一般公共预算, 政府性基金, 国有资本经营, 社会保险基金)",
        rf"(?:本级|全县|全市|全区|全省|全镇|全乡)?(?:政府|财政总|财政){_PHASE}",
        (),
        (),
        label="政府{phase}",
    ),
    ReportKind(
        "performance",
        "绩效自评",
        "Performance self-evaluation only",
        r"(?:部门整体支出|整体支出|项目支出|部门|财政支出)?绩效(?:自评|自我评价|评价)",
        (),
        ("performance",),
        default_phase="final",
        partial=True,
        label="绩效自评",
    ),
    ReportKind(
        "procurement",
        "政府采购",
        "Government procurement only",
        rf"政府采购(?:{_PHASE})?(?:情况|信息|支出)",
        (),
        ("procurement",),
        partial=True,
        label="政府采购情况",
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in REPORT_KINDS}
# The kind a disclosure of the national template is when nothing says 部门 or 单位.
DEFAULT_KIND = "department"
# Wordings accepted for --kind / a manifest's kind column, besides the keys.
KIND_NAMES = {
    "部门": "department",
    "单位": "unit",
    "汇总": "consolidated",
    "政府": "government",
    "三公": "three-public",
    "三公经费": "three-public",
    "三公汇总": "three-public-summary",
    "绩效": "performance",
    "绩效自评": "performance",
    "政府采购": "procurement",
}


@dataclass(frozen=True)
class TemplateVariant:
    key: str
    zh: str
    kinds: tuple[str, ...]  # the kinds it is a variant of
    recognise: re.Pattern[str]  # in table titles and the 目录 (matching text, blanks removed)
    without_tables: tuple[str, ...]  # standard table keys (no phase) the variant does not print
    without_sections: tuple[str, ...]


TEMPLATE_VARIANTS: tuple[TemplateVariant, ...] = (
    TemplateVariant(
        "central-university",
        "中央高校部门决算/预算",
        ("department", "unit", "consolidated"),
        re.compile(r"高等学校(?:收支|收入|支出|财政拨款支出)(?:决算|预算)总?表"),
        ("appropriation_total", "general_basic", "three_public", "government_fund", "state_capital"),
        (
            "overall",
            "income",
            "expenditure",
            "appropriation-overall",
            "gpb-expenditure",
            "gpb-basic",
            "three-public",
            "government-fund",
            "state-capital",
            "other",
        ),
    ),
)


def kind_label(kind: str | None, phase: str | None) -> str:
    """ "部门决算", "“三公”经费预算", "绩效自评": the kind as a title names it."""
    word = {"final": "决算", "budget": "预算"}.get(phase or "", "决算/预算")
    return KINDS_BY_KEY[kind or DEFAULT_KIND].label.format(phase=word)


def resolve_kind(text: str) -> str | None:
    """A kind key from a key or a Chinese wording (``--kind 部门``)."""
    text = text.strip()
    if text in KINDS_BY_KEY:
        return text
    return KIND_NAMES.get(text)


def variant_of(kind: str | None, text: str) -> TemplateVariant | None:
    """The template variant ``text`` (table titles, 目录; matching text) shows, for ``kind``."""
    compact = re.sub(r"\s+", "", text)
    for variant in TEMPLATE_VARIANTS:
        if (kind or DEFAULT_KIND) in variant.kinds and variant.recognise.search(compact):
            return variant
    return None


def expected_parts(
    kind: str | None, phase: str, variant: TemplateVariant | None, standard: dict[str, tuple]
) -> tuple[list[str], list[str]]:
    """(table keys, section keys) a complete publication of ``kind`` in ``phase`` holds."""
    spec = KINDS_BY_KEY[kind or DEFAULT_KIND]
    tables = spec.table_keys(phase, standard)
    sections = list(spec.final_sections) if phase == "final" else []
    if variant is not None:
        tables = [k for k in tables if k.split(".", 1)[1] not in variant.without_tables]
        sections = [k for k in sections if k not in variant.without_sections]
    return tables, sections
