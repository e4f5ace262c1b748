"""What the narrative claims about two figures: a direction (and a size) of one against the other.

The narrative reader publishes every number of the 情况说明 as a figure (a change "减少56.95万元" is a
decrease-amount observation). What it does not publish is what the text says with no number, against
the budget, or approximately:

- a comparison with the budget: "决算数大于/小于/等于预算数", "决算数与年初预算数（基本）持平",
  "(决算数)比年初预算减少N万元，下降N%", "与年初预算相比…"; a bare 预算数 the sentence states no figure
  of is compared with the budget the report states, flagged as an assumption (``base_assumed``);
- a comparison with a year stated in words only: "比上年有所增加", "与2023年度相比，…持平" (比上年: the
  fiscal year - 1, flagged ``year_inferred``);
- an approximate size ("增加约12万元", "下降近5%", "减少10余万元", "12万元左右", "超过/不到N"), with its
  kind (phrases.APPROXIMATE_*) and the relative tolerance its words allow (:data:`RELATIVE_TOLERANCE`);
- the reason a paragraph gives ("主要原因是…减少"), where its words point one way (``claims_reasons``).

Each becomes a :class:`NarrativeClaim`: its direction, its basis (budget or previous year), the amount
or percentage where one is stated, and the figures it speaks of where the sentence (or, for the figure
the sentence does not state, the report's tables) gives them. A claim is evidence (what the text says),
never a finding: the rules of shapes/integrity-claims.ttl compare it with the figures.

The words are data (``claims_reasons.DIRECTION_WORDS``, the patterns below), matched on the text without white
space (a PDF breaks lines anywhere: "决算数小于\\n预算数").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from converter.model import Figure, ParseWarning, Phase, Report, Span
from converter.parse import phrases
from converter.parse.amounts import MONEY_WORDS, NUMBER_PATTERN, money_word, parse_number, to_yuan
from converter.parse.claims_parts import (
    ReasonPart,
    link_repeats,
    reason_parts,
    stated_change,
    word_directions,
)
from converter.parse.claims_reasons import (
    DIRECTION_WORDS,
    RESTATED,
    reason_direction,
    reason_end,
    word_direction,
)
from converter.parse.normalise import matching_text
from converter.parse.page_chrome import blank_page_chrome

BUDGET = r"(?P<stat>年初预算|全年预算|调整后?预算|预算)数?"
YEAR = r"(?:上一?年度?|上年度|去年|(?P<year>(?:19|20)\d{2})年度?)(?:同期)?(?:预算|决算)?(?:执行)?数?"
UP = "|".join(DIRECTION_WORDS["increase"][:2] + ("上升", "提高", "增多"))
DOWN = "|".join(DIRECTION_WORDS["decrease"][:3] + ("压减", "调减", "缩减", "节约"))
FLAT = r"持平|(?<!不)一致(?!相比)|(?<!不)相同(?!相比)|相等|无变化|没有变化"
HEDGE = r"(?P<hedge>基本|大致|大体|略有|有所|稍有|总体)?"
# a stated size, exact or approximate ("约12万元", "近5%", "10余万元", "12万元左右": phrases.APPROXIMATE_*)
_PRE = "|".join(phrases.APPROXIMATE_BEFORE)
_MID = "|".join(phrases.APPROXIMATE_BETWEEN)
_POST = "|".join(phrases.APPROXIMATE_AFTER)
NUMBER = rf"(?P<pre>{_PRE})?(?P<num>{NUMBER_PATTERN})(?P<mid>{_MID})?(?P<unit>{MONEY_WORDS}|%|％)(?P<post>{_POST})?"
APPROXIMATE_KIND = {**phrases.APPROXIMATE_BEFORE, **phrases.APPROXIMATE_BETWEEN, **phrases.APPROXIMATE_AFTER}
# How far an approximate size may be from the figures and still be what the words say, relative to
# the stated size: "约/左右N" within 10 % of N either way, "近N" up to 10 % under it (an exact size:
# the rounding of its printed digits). "超过/逾/余N" and "不到/不足N" are inequalities (no tolerance).
# "基本持平" (a hedged flat claim): the two figures within 10 % of the base.
RELATIVE_TOLERANCE = {"about": Decimal("0.1"), "nearly": Decimal("0.1"), "flat": Decimal("0.1")}

# "决算数小于预算数", "决算大于年初预算数"
BUDGET_ORDER = re.compile(
    rf"决算数?(?:(?P<up>大于|高于|多于|超过|超出)|(?P<down>小于|低于|少于)|(?P<flat>等于)){BUDGET}"
)
# "决算数与预算数基本持平", "支出决算为10.00万元，与年初预算持平"
BUDGET_FLAT = re.compile(rf"(?:决算数?)?(?:与|和|同){BUDGET}(?:相比|比较)?[，,]?{HEDGE}(?P<flat>{FLAT})")
# "决算数比年初预算减少12.00万元", "支出决算较预算增长5%"
BUDGET_CHANGE = re.compile(
    rf"(?:决算数?)?(?:比|较|与|同){BUDGET}(?:相比|比较)?[，,]?{HEDGE}"
    rf"(?:(?P<up>{UP})|(?P<down>{DOWN}))(?:了)?(?:{NUMBER})?"
)
# "…比年初预算减少48.16万元，下降3.09%": the clause after a difference from the budget continues it
BUDGET_CONTINUED = re.compile(rf"[，,](?:(?P<up>{UP})|(?P<down>{DOWN}))了?{NUMBER}")
# "增加约12万元", "下降近5%", "减少10余万元": an approximate change; its basis is the sentence's
APPROXIMATE_CHANGE = re.compile(rf"(?:(?P<up>{UP})|(?P<down>{DOWN}))了?{NUMBER}")
_VERSUS_BUDGET = re.compile(rf"(?:比|较|与|同){BUDGET}")
_VERSUS_YEAR = re.compile(rf"(?:与|较|比|同比){YEAR}|同比")
# "比上年有所增加", "与2023年度相比，财政拨款收入支出总计持平": a change against a year in words only
# ("同比有所增加": 同比 alone is the same period of the previous year)
YEAR_WORDS = re.compile(
    rf"(?:(?:与|较|比|同比){YEAR}|同比)(?:相比|比较)?[，,]?(?P<mid>[^，,。；;：:\d%]{{0,24}}?){HEDGE}"
    rf"(?:(?P<up>{UP})|(?P<down>{DOWN})|(?P<flat>{FLAT}))(?P<rest>[^，,。；;]{{0,12}})"
)
# "本年预算数大于上年预算数": an order against a year
YEAR_ORDER = re.compile(rf"(?:(?P<up>大于|高于|多于)|(?P<down>小于|低于|少于)|(?P<flat>等于)){YEAR}")
# a reason's lead: "主要原因是", "增加原因为", and after a clause break the words that give a cause
# without naming it one ("，主要是由于…", "，主要是…", "。主要系…"); "主要是用于" names a use, not a cause
REASON = re.compile(
    r"(?:主要)?(?:变动|变化|增减|增加|减少|增长|下降)?原因(?:主要)?(?:是|为|在于|：|:)"
    r"|(?<=[，,；;。])(?:这|此)?(?:主要|主要是|主要系|均|是|系)?(?:由于|因为)"
    r"|(?<=[，,；;。])(?:这|此)?主要(?:是|系)(?!用于|指|对|为了|包括)"
)
_SPACE = re.compile(r"\s+")
SENTENCE_END = re.compile(r"[。；;！？!?]")
_DIGIT = re.compile(r"\d")
_NEGATED_BEFORE = re.compile(r"(?:未|没有|不|无)$")
BUDGET_STATISTICS = {
    "年初预算": "initial-budget",
    "全年预算": "full-year-budget",
    "调整预算": "adjusted-budget",
    "调整后预算": "adjusted-budget",
}
CHANGE_STATISTICS = (
    "increase-amount",
    "decrease-amount",
    "change-amount",
    "increase-percent",
    "decrease-percent",
)
# a paragraph ends at a blank line or a heading's line ("（二）", "三、", "2.", "第三部分")
PARAGRAPH_BREAK = re.compile(
    r"\n[ \t\u3000]*(?:\n|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、](?!\d)|第.{1,3}(?:部分|章))"
)
# words that sum up what the sentence before said ("总体来看，与上年相比基本持平")
SUMMING_UP = re.compile(r"^(?:总体|整体|总的|综合)?(?:来看|上看|而言|上)?[，,]?|^综上[，,]?")
# how far back the figures a claim speaks of may be stated (characters of the text without spaces)
REACH = 240


@dataclass
class NarrativeClaim:
    """One thing the text claims about two figures (``kind`` comparison) or why (``kind`` reason)."""

    kind: str  # "comparison" | "reason"
    direction: str | None  # "increase" | "decrease" | "flat"; a reason whose parts point both ways: None
    span: Span
    words: str  # the claim's words as printed, without white space
    basis: str | None = None  # "budget" | "previous-year"; a reason: None
    hedged: bool = False  # "基本持平", "略有增加": no exact statement
    comparison_year: int | None = None
    year_inferred: bool = False  # "比上年": the year is the fiscal year - 1, not stated
    approximation: str | None = None  # "about" | "nearly" | "more-than" | "less-than" (of the size)
    approximation_words: str | None = None  # "约", "左右", "余" ...
    relative_tolerance: Decimal | None = None  # of an approximate size, or a hedged 持平
    base_inference: str | None = None  # how the base was chosen where the words do not name it
    base_assumed: bool = False  # the text leaves open which budget: the finding is a Warning
    stated_text: str | None = None  # the claimed number as printed
    stated_unit: str | None = None
    amount: Decimal | None = None  # yuan
    percent: Decimal | None = None
    subject: Figure | None = None  # this year's figure (the level)
    base: Figure | None = None  # the budget's or the previous year's
    explains: NarrativeClaim | Figure | None = None  # a reason: the claim or the change it explains
    subject_inference: str | None = None  # how the subject was chosen where the sentence states none
    direction_words: str | None = None
    restated_by: Figure | None = None  # the change the words' own next clause states with its number
    parts: list[ReasonPart] = field(default_factory=list)  # a reason's clauses that name a direction
    word_directions: str | None = None  # a reason: the directions of its words in order
    repeats: NarrativeClaim | None = None  # a reason: the first earlier reason of its words (claims_parts)


class _Text:
    """The report's text without white space, each character's offset in the text, and sentences."""

    def __init__(self, text: str) -> None:
        # a page's footer or header cutting a sentence is no word of it (page_chrome), as for the figures
        scan = blank_page_chrome(matching_text(text))
        self.compact = _SPACE.sub("", scan)
        # where white space was taken out: compact position -> characters removed before it
        runs = [m.span() for m in _SPACE.finditer(scan)]
        self._removed = [0, *accumulate(end - start for start, end in runs)]
        self._cuts = [0, *(end - removed for (_, end), removed in zip(runs, self._removed[1:], strict=True))]
        self.ends = [m.end() for m in SENTENCE_END.finditer(self.compact)]
        self.text = text

    def at(self, pos: int) -> int:
        """The offset in the text of the character at ``pos`` of the compact text."""
        if pos >= len(self.compact):
            return len(self.text)
        return pos + self._removed[bisect.bisect_right(self._cuts, pos) - 1]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.ends, pos)
        start = self.ends[i - 1] if i > 0 else 0
        end = self.ends[i] if i < len(self.ends) else len(self.compact)
        return start, end

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.at(start), self.at(max(start, end - 1)) + 1

    def span(self, start: int, end: int) -> Span:
        lo, hi = self.original(start, end)
        page = self.text.count("\f", 0, lo) + 1 if "\f" in self.text else None
        return Span(lo, hi, self.text[lo:hi], page, "情况说明")


class _Figures:
    """The narrative figures of a report by where their sentence begins, each mapped to the figure it
    was consolidated into (a statement the table also states is published as the table's figure)."""

    def __init__(self, report: Report) -> None:
        self.figures = report.figures
        self._by_key: dict[tuple[str, ...], Figure] | None = None
        self.worded: list[tuple[int, Figure]] = []
        located: list[tuple[int, int, Figure, Figure]] = []
        for figure in report.figures:
            for statement in (figure, *figure.other_statements):
                if statement.table is None and statement.anchor is not None and not statement.derived:
                    located.append((statement.span.start, statement.anchor, statement, figure))
                elif (
                    statement.derived
                    and statement.statistic == "change-amount"
                    and statement.anchor is not None
                ):
                    self.worded.append((statement.anchor, figure))  # "比上年持平" as the reader resolved it
        # "比上年基本持平": no figure, its subject as the reader resolved it
        self.worded.extend((s.anchor, s) for s in report.worded_subjects if s.anchor is not None)
        located.sort(key=lambda t: (t[0], t[1]))
        self.located = located
        self.starts = [t[0] for t in located]

    def near(self, lo: int, hi: int) -> list[tuple[Figure, Figure]]:
        """(statement, published figure) of the sentences that begin in ``[lo, hi)`` and state a number
        before ``hi``, the latest sentence first."""
        i, j = bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)
        found = [(t[2], t[3]) for t in self.located[i:j] if t[1] < hi]
        if not found:
            return []
        last = max(s.span.start for s, _ in found)
        return [pair for pair in found if pair[0].span.start == last]

    def anchored(self, lo: int, hi: int) -> list[tuple[Figure, Figure]]:
        """(statement, published figure) of the numbers printed in ``[lo, hi)``."""
        return [(t[2], t[3]) for t in self.located if lo <= t[1] < hi]

    def other(self, figure: Figure, statistic: str) -> Figure | None:
        if self._by_key is None:  # built when first asked for: most texts claim little
            self._by_key = {f.key(): f for f in self.figures}
        key = list(figure.key())
        key[-1] = statistic
        return self._by_key.get(tuple(key))


def _direction(match: re.Match[str]) -> str:
    groups = match.groupdict()
    if groups.get("up"):
        return "increase"
    if groups.get("down"):
        return "decrease"
    return "flat"


def _change_direction(figure: Figure) -> str:
    signed = -figure.value if figure.statistic.startswith("decrease") else figure.value
    return "increase" if signed > 0 else ("decrease" if signed < 0 else "flat")


def _reason_direction(words: str) -> str | None:
    """The one direction the words of a reason point to, or None (``claims_reasons``)."""
    read = reason_direction(words)
    return read.direction if read is not None else None


def _pair(
    near: list[tuple[Figure, Figure]], figures: _Figures, base_statistics: tuple[str, ...]
) -> tuple[Figure | None, Figure | None]:
    """This year's figure and its base among the figures of the sentence, the missing one of the two
    looked up by the same dimensions among all the report's figures (a table's)."""
    ordered = sorted(near, key=lambda pair: pair[0].anchor or 0)
    for statement, published in ordered:
        if statement.statistic == "level":
            for statistic in base_statistics:
                base = figures.other(published, statistic)
                if base is not None:
                    return published, base
        if statement.statistic in base_statistics:
            subject = figures.other(published, "level")
            if subject is not None:
                return subject, published
    # no base stated anywhere: this year's figure alone (another report may state the base)
    levels = [published for statement, published in ordered if statement.statistic == "level"]
    return (levels[0] if levels else None), None


# 年初预算, 全年预算 and 调整预算 are different statistics: a bare "预算数" the sentence does not settle is
# compared with the first of these the report states, and the finding says so (a Warning)
UNNAMED_BUDGET_ORDER = ("initial-budget", "full-year-budget", "adjusted-budget")


def _budget_statistics(
    stat: str | None, near: list[tuple[Figure, Figure]]
) -> tuple[tuple[str, ...], str | None, bool]:
    """The budget statistics a claim's 预算 may be, how they were chosen where the words do not name
    one, and whether that is an assumption (the sentence states no budget figure)."""
    named = BUDGET_STATISTICS.get(stat or "")
    if named:
        return (named,), None, False
    stated = tuple(dict.fromkeys(s.statistic for s, _ in near if s.statistic in BUDGET_STATISTICS.values()))
    if len(stated) == 1:
        return stated, f"“{stat}” is the {stated[0]} the sentence states", False
    return stated or UNNAMED_BUDGET_ORDER, f"“{stat}” names no budget: assumed to be the {{}}", True


class _Extractor:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.t = _Text(report.text)
        self.figures = _Figures(report)
        self.claims: list[tuple[int, int, NarrativeClaim]] = []  # compact start, end, claim

    def near(self, pos: int) -> list[tuple[Figure, Figure]]:
        lo, hi = self.t.at(max(0, pos - REACH)), self.t.at(pos)
        return self.figures.near(lo, hi)

    def add(self, start: int, end: int, claim: NarrativeClaim) -> bool:
        """Record the claim unless its words are another's (one claim per words); whether it was."""
        if any(s <= start < e or start <= s < end for s, e, _ in self.claims):
            return False
        self.claims.append((start, end, claim))
        return True

    def claim(self, m: re.Match[str], basis: str, direction: str) -> NarrativeClaim:
        hedged = bool(m.groupdict().get("hedge"))
        return NarrativeClaim(
            "comparison",
            direction,
            self.t.span(m.start(), m.end()),
            m.group(0),
            basis,
            hedged=hedged,
            # "基本持平": the two figures near each other, checked against a wide envelope only
            relative_tolerance=RELATIVE_TOLERANCE["flat"] if hedged and direction == "flat" else None,
        )

    def budget(self) -> None:
        if self.report.phase is not Phase.FINAL:
            return  # in a budget, 预算数 is the level itself
        for pattern in (BUDGET_CHANGE, BUDGET_ORDER, BUDGET_FLAT):
            for m in pattern.finditer(self.t.compact):
                claim = self.claim(m, "budget", _direction(m))
                self.budget_base(claim, m.start(), m.group("stat"))
                if m.groupdict().get("num"):
                    self.number(claim, m)
                    self.continued(claim, m.end())
                self.add(m.start(), m.end(), claim)

    def continued(self, claim: NarrativeClaim, pos: int) -> None:
        """The clause right after a difference from the budget that states another size of it."""
        m = BUDGET_CONTINUED.match(self.t.compact, pos)
        if m is None:
            return
        more = self.claim(m, "budget", _direction(m))
        more.words, more.span = m.group(0)[1:], self.t.span(m.start() + 1, m.end())
        more.subject, more.base = claim.subject, claim.base
        more.base_inference, more.base_assumed = claim.base_inference, claim.base_assumed
        self.number(more, m)
        self.add(m.start() + 1, m.end(), more)

    def budget_base(self, claim: NarrativeClaim, pos: int, stat: str | None) -> None:
        """The figures a claim against the budget speaks of, and how its budget was chosen."""
        near = self.near(pos)
        statistics, how, assumed = _budget_statistics(stat, near)
        claim.subject, claim.base = _pair(near, self.figures, statistics)
        if how is not None and claim.base is not None:
            claim.base_inference = how.format(claim.base.statistic)
            claim.base_assumed = assumed

    def number(self, claim: NarrativeClaim, m: re.Match[str]) -> None:
        unit = "%" if m.group("unit") in ("%", "％") else money_word(m.group("unit"))
        claim.stated_text, claim.stated_unit = m.group("num"), unit
        value = parse_number(m.group("num"))
        if unit == "%":
            claim.percent = value
        else:
            claim.amount = to_yuan(value, unit)
        words = next((m.group(g) for g in ("pre", "mid", "post") if m.groupdict().get(g)), None)
        if words is not None:  # "约12万元": the size is approximate, the direction is not
            claim.approximation, claim.approximation_words = APPROXIMATE_KIND[words], words
            claim.relative_tolerance = RELATIVE_TOLERANCE.get(claim.approximation)

    def years(self) -> None:
        year = self.report.fiscal_year
        for pattern in (YEAR_WORDS, YEAR_ORDER):
            for m in pattern.finditer(self.t.compact):
                if _DIGIT.search(m.groupdict().get("rest") or ""):
                    continue  # a number follows: the narrative reader's figure
                stated = int(m.group("year")) if m.group("year") else None
                claim = self.claim(m, "previous-year", _direction(m))
                claim.comparison_year = stated or (year - 1 if year else None)
                claim.year_inferred = stated is None and claim.comparison_year is not None
                if year is not None and claim.comparison_year == year - 1:
                    claim.subject, claim.base = self.worded(claim.span)
                    # "主要原因是人员经费较上年减少" is of the reason's subject, not of the sentence's
                    if claim.subject is None and not self.in_reason(m.start()):
                        if not m.groupdict().get("mid"):
                            claim.subject, claim.base = self.last_level(m.start())
                        if claim.subject is None and claim.hedged:  # "…为N万元。与上年相比略有增加。"
                            self.previous_level(claim, m)
                self.add(m.start(), m.end(), claim)

    def in_reason(self, pos: int) -> bool:
        """Whether ``pos`` is in the words of a reason its sentence gives before it."""
        start, _ = self.t.sentence_of(pos)
        return REASON.search(self.t.compact, start, pos) is not None

    def previous_level(self, claim: NarrativeClaim, m: re.Match[str]) -> None:
        """A hedged claim whose sentence states no figure, about the one level the sentence before it
        states in the same paragraph, where the words before the claim (and between its 相比 and its
        hedge) name nothing else: its subject and the previous year's figure, the link flagged."""
        start, _ = self.t.sentence_of(m.start())
        if start == 0:
            return
        previous, _ = self.t.sentence_of(start - 1)
        if PARAGRAPH_BREAK.search(self.report.text, self.t.at(start - 1), self.t.at(m.start())):
            return
        before = self.t.compact[previous:start]
        for named in (SUMMING_UP.sub("", self.t.compact[start : m.start()]), m.groupdict().get("mid") or ""):
            if named.strip("，,") and named.strip("，,") not in before:
                return  # "…。基本支出与上年相比基本持平": a subject the sentence before does not name
        levels = {
            p.key(): p
            for s, p in self.figures.anchored(self.t.at(previous), self.t.at(start))
            if s.statistic == "level" and p.stated_label is None
        }
        if len(levels) != 1:
            return  # no level, or several: which one the claim is about is open
        (subject,) = levels.values()
        claim.subject, claim.base = subject, self.figures.other(subject, "previous-year-level")
        claim.subject_inference = (
            "the one level the sentence before states (the claim's sentence states none)"
        )

    def approximate(self) -> None:
        """An approximate change ("比上年增加约12万元", "较年初预算下降近5%") is no figure of the narrative
        reader; its claim is compared with the figures the sentence (or a table) gives."""
        year = self.report.fiscal_year
        for m in APPROXIMATE_CHANGE.finditer(self.t.compact):
            if not any(m.group(g) for g in ("pre", "mid", "post")):
                continue  # an exact change: the narrative reader's figure
            start, _ = self.t.sentence_of(m.start())
            before = self.t.compact[start : m.start()]
            budget = list(_VERSUS_BUDGET.finditer(before))
            years = list(_VERSUS_YEAR.finditer(before))
            if budget and (not years or budget[-1].start() > years[-1].start()):
                if self.report.phase is not Phase.FINAL:
                    continue  # in a budget, 预算数 is the level itself
                claim = self.claim(m, "budget", _direction(m))
                self.budget_base(claim, m.start(), budget[-1].group("stat"))
            elif years:
                claim = self.claim(m, "previous-year", _direction(m))
                stated = years[-1].group("year") if years[-1].groupdict().get("year") else None
                claim.comparison_year = int(stated) if stated else (year - 1 if year else None)
                claim.year_inferred = stated is None and claim.comparison_year is not None
                if year is not None and claim.comparison_year == year - 1:
                    claim.subject, claim.base = self.last_level(m.start())
            else:
                continue  # no basis the sentence names
            self.number(claim, m)
            self.add(m.start(), m.end(), claim)

    def last_level(self, pos: int) -> tuple[Figure | None, Figure | None]:
        """The level a sentence states last before ``pos`` (numbers of no known item skipped) and the
        previous year's figure of the same dimensions, where the report states one."""
        start, _ = self.t.sentence_of(pos)
        stated = [
            (s, p)
            for s, p in self.figures.anchored(self.t.at(start), self.t.at(pos))
            if s.statistic == "level" and p.stated_label is None
        ]
        if not stated:
            return None, None
        _, published = max(stated, key=lambda pair: pair[0].anchor or 0)
        return published, self.figures.other(published, "previous-year-level")

    def worded(self, span: Span) -> tuple[Figure | None, Figure | None]:
        """The figures a change in words is about, where the narrative reader resolved its subject."""
        for anchor, change in self.figures.worded:
            if span.start <= anchor < span.end:
                level = self.figures.other(change, "level")
                return level, (self.figures.other(change, "previous-year-level") if level else None)
        return None, None

    def reasons(self) -> None:
        claims = sorted(self.claims, key=lambda c: c[0])
        starts = [c[0] for c in claims]
        last_end = -1
        for m in REASON.finditer(self.t.compact):
            if m.start() < last_end:
                continue  # "…；二是…的原因是…": within a list of causes read already
            _, end = self.t.sentence_of(m.end())
            end = reason_end(self.t.compact, m.end(), end)
            self.restated(m.end(), end)
            words = self.t.compact[m.end() : end]
            read = reason_direction(words)
            parts = reason_parts(words)
            if read is None and len({p.direction for p in parts}) < 2:
                continue  # no direction, or one the words leave open: no parts that point both ways
            explained = self.explained(m.start(), claims, starts)
            if explained is None:
                continue
            claim = NarrativeClaim(
                "reason",
                read and read.direction,
                self.t.span(m.start(), end),
                self.t.compact[m.start() : end],
            )
            claim.explains, claim.direction_words = explained, read and read.words
            claim.parts, claim.word_directions = parts, word_directions(words)
            self.claims.append((m.start(), end, claim))
            last_end = end
        link_repeats([c for _, _, c in sorted(self.claims, key=lambda c: c[0]) if c.kind == "reason"])

    def restated(self, lo: int, hi: int) -> None:
        """The clauses of a reason that name a direction and then restate the change with its number
        ("项目支出增加，较上一度增加1133.95万元"): a claim of the words' direction, restated by that change
        figure (the narrative reader gives it the subject of the clause before)."""
        for m in RESTATED.finditer(self.t.compact, lo, hi):
            first = m.start("first")
            if _NEGATED_BEFORE.search(self.t.compact, m.start(), first):
                continue
            at = self.t.at(m.start("num"))
            stated = [p for s, p in self.figures.anchored(at, at + 1) if s.statistic in CHANGE_STATISTICS]
            if len(stated) != 1:
                continue
            claim = NarrativeClaim(
                "comparison",
                word_direction(m.group("first")),
                self.t.span(m.start("words"), m.end("words")),
                m.group("words"),
                "previous-year",
            )
            claim.restated_by = stated[0]
            self.add(m.start("words"), m.end("words"), claim)

    def changes(self, lo: int, hi: int) -> list[tuple[Figure, Figure]]:
        """(statement, published figure) of the changes printed in ``[lo, hi)`` of the compact text (a
        signed 变动 only where it is 0: its sign is the printed one, not a direction read)."""
        return [
            (s, p)
            for s, p in self.figures.anchored(self.t.at(lo), self.t.at(hi))
            if s.statistic in CHANGE_STATISTICS and (s.statistic != "change-amount" or s.value == 0)
        ]

    def explained(
        self, pos: int, claims: list[tuple[int, int, NarrativeClaim]], starts: list[int]
    ) -> NarrativeClaim | Figure | None:
        """What a reason at ``pos`` explains: a claim of its own sentence, else a change its own sentence
        states before it ("支出决算较上年增加5.00万元，主要原因是…"), else a claim or a change of the
        previous sentence, all pointing one way (the way the reason's own words name, "增加的主要原因是")."""
        start, _ = self.t.sentence_of(pos)
        previous, _ = self.t.sentence_of(max(0, start - 1))
        i = bisect.bisect_right(starts, pos)
        mine = [c for s, e, c in claims[:i] if e <= pos and s >= start and c.kind == "comparison"]
        if mine:  # "决算数小于预算数的主要原因：…"
            return mine[-1]
        stated = self.changes(start, pos)
        if stated:
            if len({_change_direction(s) for s, _ in stated}) != 1:
                return None  # "A增加N万元，B减少M万元，主要原因是…": which one it explains is open
            return max(stated, key=lambda pair: pair[0].anchor or 0)[1]
        if self.figures.anchored(self.t.at(start), self.t.at(pos)):
            return self.stated_change_claim(start, pos)  # figures, none read as a change: none of another
        named = _reason_direction(self.t.compact[start:pos])
        own = [c for s, e, c in claims[:i] if e <= pos and s >= previous and c.kind == "comparison"]
        changes = self.changes(previous, pos)
        # a reason after several comparisons that point different ways explains none of them for sure
        directions = {c.direction for c in own} | {_change_direction(s) for s, _ in changes}
        if len(directions) != 1 or (named is not None and directions != {named}):
            return None
        if own:
            return own[-1]
        return max(changes, key=lambda pair: pair[0].anchor or 0)[1]

    def stated_change_claim(self, start: int, pos: int) -> NarrativeClaim | None:
        """The change its words state right before a reason where the narrative reader read no change
        ("本年比上年减少161.96万元，下降了4.39%，主要原因为…": a label's level): a claim of its direction."""
        found = stated_change(self.t.compact, start, pos)
        if found is None:
            return None
        a, b, direction = found
        claim = NarrativeClaim(
            "comparison", direction, self.t.span(a, b), self.t.compact[a:b], "previous-year"
        )
        return claim if self.add(a, b, claim) else None  # not where another claim has its words


def extract_claims(report: Report) -> list[NarrativeClaim]:
    """The claims of a report's narrative, in text order. A text this reader fails on gives no claim and
    a warning, never a failed conversion: claims are evidence for the audit, not figures."""
    if not report.text:
        return []
    try:
        extractor = _Extractor(report)
        extractor.budget()
        extractor.years()
        extractor.approximate()
        extractor.reasons()
    except (ValueError, IndexError, ArithmeticError, RecursionError) as exc:
        report.warnings.append(ParseWarning("claims-unread", f"the narrative's claims were not read ({exc})"))
        return []
    return [c for _, _, c in sorted(extractor.claims, key=lambda c: c[0])]
