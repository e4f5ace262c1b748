"""What a figure of the narrative is about: its subject, from the words that name it.

A subject is an item of the template with its fund source and nature (lexicon: 收入总计, 基本支出,
一般公共预算财政拨款收入 ...) or a classification line (a function or economic classification code),
read from the phrase before a number, or carried from the figure before it. Where a phrase names no
fund, the context does: the list the sentence belongs to ("财政拨款支出主要内容如下："), the heading that
names one ("一般公共预算财政拨款支出决算情况说明"), the kind of section. What a share is a share of
comes from the base the phrase names, the total the sentence broke down, or the section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from converter.model import ALL, NOT_READ, ConceptRef
from converter.parse import lexicon, phrases
from converter.parse.class_lines import ClassLines, Run
from converter.parse.sections import Section
from converter.resolve.names import line_name, normalise_name

# Which fund a phrase without one refers to, by section key (innermost first wins), where the
# section's heading does not name the fund itself.
SECTION_FUND = {
    "appropriation-overall": "appropriation",
    "gpb-expenditure": "general-public-budget",
    "gpb-basic": "general-public-budget",
    "three-public": "appropriation",
    "government-fund": "government-fund",
    "state-capital": "state-capital",
}
# Fund sources a heading or a phrase names, most specific first.
FUND_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), fund)
    for pattern, fund in (
        (r"一般公共预算", "general-public-budget"),
        (r"政府性基金", "government-fund"),
        (r"国有资本经营", "state-capital"),
        (r"财政专户", "special-account"),
        (r"非财政拨款", "non-appropriation"),
        (r"财政拨款|财政资金", "appropriation"),
    )
)
# What a bare share ("占16%") is a share of, by section key.
SECTION_SHARE_BASE = {
    "income": "income",
    "expenditure": "expenditure",
    "gpb-expenditure": "expenditure",
    "structure": "expenditure",
    "three-public": "three-public-expenses",
    "procurement": "procurement",
}
SHARE_BASES = {
    "total-income",
    "total-expenditure",
    "income",
    "expenditure",
    "three-public-expenses",
    "procurement",
}
# budgets name their totals with 预算 inside ("收入预算总计", "收支预算总计"): same items
BUDGET_INFIX = re.compile(r"^部门|预算(?=总计|合计|总额)")
_SENTENCE_MARKS = re.compile(r"[：:。]")
_OWNER_SUFFIX = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,40}(?:办公厅|办事处|委员会|人民法院|人民检察院|人民政府|局|厅|委|院|校|大学|学院|"
    r"中心|办公室|部门)(?:（部门）|\(部门\))?"
)


@dataclass
class Subject:
    """What a figure is about, and what a relative phrase ("占", "减少", "完成预算") refers to."""

    items: tuple[str, ...]  # none: a figure published as unmapped (see :func:`unknown`)
    fund: str
    nature: str
    function: ConceptRef | None = None
    economic: ConceptRef | None = None
    wording: str = ""  # the name as the document wrote it
    statistic: str = "level"  # what a plain amount of it is ("项目预算共计": the full-year budget)


def unknown(wording: str) -> Subject:
    """The subject of a figure published as unmapped: what relates to it is unmapped too."""
    return Subject((), ALL, ALL, wording=wording)


def first_item(subject: Subject | None) -> str:
    return subject.items[0] if subject is not None and subject.items else ""


def subject_key(subject: Subject) -> tuple[str, ...]:
    ref = subject.function or subject.economic
    return (*subject.items, subject.fund, subject.nature, ref.code if ref else "")


@dataclass
class SentenceState:
    """What one sentence has said so far."""

    start: int
    section: Section | None
    runs: list[Run]
    subject: Subject | None = None
    whole: Subject | None = None  # the total its "其中" parts belong to
    changed: set[tuple[str, ...]] = field(default_factory=set)  # subjects given a change already
    other_basis: bool = False
    offset: int = 0  # where the number being read starts
    share_base: str | None = None  # the base a share named last ("占总支出的"): bare shares after it share it
    threshold: Decimal | None = None  # the last threshold amount stated ("单价50万元以上"), in yuan
    clauses: str = ""  # the words since the last number (or the sentence's start) up to the current one
    end: int = 0


class Subjects:
    """Resolves the phrases of one document's narrative to subjects."""

    def __init__(self, lines: ClassLines, begun: bool = False) -> None:
        self.lines = lines
        # the text begins inside a document: a section under no heading of its own level 1 (or none) is
        # governed by a heading of the page before
        self.begun = begun
        self.list_fund: dict[int, str] = {}  # section start -> fund of the list its sentences make
        self._funds: dict[int, str] = {}  # section start -> its context fund, once computed

    # --- context ------------------------------------------------------------------------------------
    def context_fund(self, section: Section | None) -> str:
        """The fund a phrase naming none refers to: that of the list the section's sentences make
        ("财政拨款支出主要内容如下：" then "1. …"), else the nearest heading that names one, else the
        section's kind; fund:not-read where none does and the governing heading was not read."""
        if section is None:
            return NOT_READ if self.begun else ALL
        if section.start in self.list_fund:
            return self.list_fund[section.start]
        if section.start not in self._funds:
            fund = self._heading_fund(section)
            self._funds[section.start] = NOT_READ if fund == ALL and self.orphan(section) else fund
        return self._funds[section.start]

    def orphan(self, section: Section | None) -> bool:
        """The section's governing heading is not in the text: it begins inside a document and the
        section (none: the text before the first heading) is under no part or numbered heading (一、)."""
        return self.begun and not any(node.level <= 1 for node in ancestry(section))

    @staticmethod
    def _heading_fund(section: Section) -> str:
        for node in ancestry(section):
            # a heading, not a definition or a sentence taken for one ("（八）机关运行经费：指…")
            named = fund_named(node.title) if not _SENTENCE_MARKS.search(node.title) else None
            if named is not None:
                return named
        for key in section.keys():
            if key in SECTION_FUND:
                return SECTION_FUND[key]
        return ALL

    @staticmethod
    def basic_context(section: Section | None) -> bool:
        """The paragraphs on 基本支出, where 工资福利支出 and 住房公积金 are economic classification lines."""
        return any("gpb-basic" in node.keys() or "基本支出" in node.title for node in ancestry(section))

    def remember_list(self, section: Section | None, text: str, introduction: re.Match[str]) -> None:
        """'财政拨款支出主要内容如下：': the section's sentences list parts of a subject with a fund."""
        if section is None:
            return
        subject = self.resolve(phrases.strip_framing(text[: introduction.start()]), section)
        if subject is not None and subject.fund != ALL:
            self.list_fund[section.start] = subject.fund

    # --- phrases -> subjects ------------------------------------------------------------------------
    def resolve(self, head: str, section: Section | None) -> Subject | None:
        """What a phrase names: an item of the template, else a classification line by its name, else
        a bare total ("XX局收入预算")."""
        if not head:
            return None
        fund = self.context_fund(section)
        meaning = self.meaning(head)
        if meaning is not None:
            named = meaning.fund if meaning.fund is not None else (fund_named(head) or fund)
            return Subject(meaning.items, named, meaning.nature, wording=head, statistic=meaning.statistic)
        basic = self.basic_context(section)
        concept = self.lines.name(head, economic_first=basic)
        if concept is not None:
            named = fund_named(head) or fund
            if concept.scheme == "economic":
                return Subject(("expenditure",), named, "basic" if basic else ALL, None, concept, head)
            return Subject(("expenditure",), named, ALL, concept, None, head)
        bare = phrases.strip_framing(_without_owner(head))
        for rule in lexicon.BARE_TOTAL_RULES:
            if rule.pattern.search(bare):
                return Subject(rule.meaning.items, fund, rule.meaning.nature, wording=head)
        return None

    @staticmethod
    def named_before(head: str, clauses: str) -> Subject | None:
        """What a number whose own phrase names only a measure ("采购金额") is, by the clauses before it
        since the last number ("在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额"): see
        lexicon.SME_AWARD; None when they name nothing it knows."""
        if not lexicon.MEASURE_ONLY.match(head):
            return None
        words = phrases.clean(clauses)
        for rule in lexicon.SME_AWARD:
            if rule.pattern.search(words):
                meaning = rule.meaning
                return Subject(meaning.items, meaning.fund or ALL, meaning.nature, wording=words)
        return None

    @staticmethod
    def meaning(label: str) -> lexicon.Meaning | None:
        return _meaning(label)

    # --- shares -------------------------------------------------------------------------------------
    def share_of(self, base: str | None, target: Subject, state: SentenceState) -> str | None:
        """What a share is of: the base it names ("占总支出的", "占“三公”经费的") or the one named before
        it in the sentence, else the total its sentence broke down ("…总计N万元，其中…占M%"), else the
        section's."""
        if base:
            state.share_base = self.named_share_base(base, target)
            return state.share_base
        if state.share_base is not None:
            return state.share_base
        if first_item(state.whole) in SHARE_BASES:
            return first_item(state.whole)
        for key in state.section.keys() if state.section else []:
            if key in SECTION_SHARE_BASE:
                return SECTION_SHARE_BASE[key]
        return None

    def named_share_base(self, base: str, target: Subject) -> str | None:
        words = phrases.strip_framing(phrases.clean(base))
        if "三公" in words:
            return "three-public-expenses"
        if "采购" in words:
            return "procurement"
        total = bool(re.search(r"总额|总计|总(收入|支出)|^总", words))
        for side, item in (("收入", "income"), ("支出", "expenditure")):
            if side in words:
                return f"total-{item}" if total else item
        meaning = self.meaning(words)
        if meaning is not None:
            return meaning.items[0]
        if first_item(target) in ("income", "expenditure"):
            return first_item(target)  # "占本年财政拨款的": of the same item, coarser
        return None


@lru_cache(maxsize=16384)
def _meaning(label: str) -> lexicon.Meaning | None:
    label = BUDGET_INFIX.sub("", label)
    for rule in lexicon.MONEY_RULES:
        if rule.pattern.search(label):
            return rule.meaning
    return None


@lru_cache(maxsize=4096)
def fund_named(text: str) -> str | None:
    """The fund source a heading or phrase names, if any."""
    for pattern, fund in FUND_WORDS:
        if pattern.search(text):
            return fund
    return None


def _without_owner(head: str) -> str:
    """'上海市普陀区人民政府万里街道办事处收入' -> '收入': a sentence's owner named before its subject."""
    match = _OWNER_SUFFIX.match(head)
    return head[match.end() :] if match else head


def restates(head: str, subject: Subject) -> bool:
    """Whether ``head`` names the subject again ("案件审判经费" after "法院（款）案件审判（项）")."""
    ref = subject.function or subject.economic
    names = [subject.wording] if subject.wording else []
    if ref is not None:
        names += [ref.national_label or "", line_name(ref.wording)]
    key = normalise_name(head)
    return any(len(n) >= 2 and normalise_name(n) and normalise_name(n) in key for n in names)


def ancestry(section: Section | None) -> list[Section]:
    out: list[Section] = []
    while section is not None:
        out.append(section)
        section = section.parent
    return out
