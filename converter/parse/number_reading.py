"""What one number of the narrative means: the phrase before it (and the words after it) name an
item, a classification line or a relation to the current subject (a share, a change, a rate);
an approximate number or one whose phrase names nothing known is published as unmapped.

``NumberReading`` is the part of ``narrative.NarrativeParser`` that reads one number once the
sentence loop has found it, its unit and its phrase; ``_Emitter`` publishes the figures it gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from converter.model import ALL, ConceptRef, Figure, Measure, Span
from converter.parse import lexicon, phrases
from converter.parse.amounts import parse_number, to_yuan
from converter.parse.class_lines import Run
from converter.parse.sections import Section
from converter.parse.subjects import (
    BUDGET_INFIX,
    SentenceState,
    Subject,
    restates,
    subject_key,
    unknown,
)

if TYPE_CHECKING:
    from converter.parse.narrative import NarrativeParser

MONEY_UNITS = ("亿元", "千元", "万元", "元")
PERCENT_UNITS = ("%", "个百分点")
# A source span quotes its sentence; text with no sentence end for pages (a table's rows run into the
# prose) would make every figure quote a longer prefix, the output growing with the square of the
# text. Past this length a span quotes the window around its number instead (corpus sentences: < 300).
MAX_SENTENCE_SPAN = 1000
STATED_YEAR = re.compile(r"(?:^|[^\d])((?:19|20)\d{2})\s*年")


class NumberReading:
    """The reading of one number (a mixin of ``NarrativeParser``, whose state it uses)."""

    # --- interpretation ------------------------------------------------------------------------
    def _interpret(
        self,
        number: re.Match[str],
        unit: str,
        unit_end: int,
        before: str,
        after: str,
        context: str,
        state: SentenceState,
        previous_label: str = "",
    ) -> Subject | None:
        section, subject = state.section, state.subject
        start = number.start()
        stated = self.text[number.start() : number.end()]
        value = parse_number(self.scan[number.start() : number.end()])
        span_start, span_end = state.start, self.sentence_end(unit_end)
        if span_end - span_start > MAX_SENTENCE_SPAN:
            span_start = max(span_start, start - MAX_SENTENCE_SPAN // 2)
            span_end = max(unit_end, min(span_end, span_start + MAX_SENTENCE_SPAN))
        span = self.span(span_start, span_end, section)
        label = phrases.strip_framing(before)
        # a bare "金额" names its thing through the phrase before it ("轿车0辆、金额0万元")
        unmapped_label = f"{previous_label}|{label}" if len(label) <= 3 and previous_label else label

        approximate = self._approximate(before, label, unit, unit_end, section)
        if approximate is not None:
            _Emitter(self, span, stated, unit, start, unit_end, section, before).unmapped(
                f"“{approximate}” makes it approximate: published as a claim, not a figure",
                Measure.PERCENT if unit in PERCENT_UNITS else Measure.AMOUNT,
                to_yuan(value, unit) if unit in MONEY_UNITS else value,
                unmapped_label,
            )
            return subject
        if lexicon.NOT_A_FIGURE.search(label):  # a threshold ("单价100万元以上"): what it bounds comes next
            if unit in MONEY_UNITS:
                state.threshold = to_yuan(value, unit)
            return subject
        out = _Emitter(self, span, stated, unit, start, unit_end, section, before)
        emit, unmapped = out.emit, out.unmapped

        money = is_money(unit)
        percent = unit in PERCENT_UNITS
        measure_value = (
            to_yuan(value, "万元" if unit == "万" else unit) if unit in MONEY_UNITS + ("万",) else value
        )
        measure = Measure.PERCENT if percent else Measure.AMOUNT

        if state.other_basis and (money or percent):
            unmapped("restated on another basis (“按…口径”)", measure, measure_value, unmapped_label)
            return subject

        if not money and lexicon.TERRITORY.search(f"{before}|{unit}{after[:12]}"):
            # "森林覆盖率86.13%", "现辖17个行政村": the territory's, not the accounts' nor the organisation's
            self.warn(
                "not-a-fiscal-figure",
                f"“{stated}{unit}” describes the territory: not published",
                start,
                unit_end,
                section,
            )
            return subject
        if unit == "个百分点":  # a difference of two rates, not a rate of change
            unmapped(f"“{label}” states a change in percentage points", measure, measure_value, label)
            return subject
        relative = phrases.relative(label) if (money or percent) else None
        if relative is not None:
            return self._relative(
                relative, label, context, measure, measure_value, percent, state, emit, unmapped
            )

        if percent:
            unmapped(
                f"a percentage after “{before}” not understood",
                Measure.PERCENT,
                measure_value,
                label or before,
            )
            return subject

        if unit == "分":
            rule = next((r for r in lexicon.SCORE_RULES if r.pattern.search(before + "|" + after)), None)
            if rule is not None:
                emit(rule.meaning.items[0], "level", Measure.SCORE, value, ALL, ALL)
            else:
                unmapped(f"a score after “{before}”", Measure.SCORE, value, label)
            return subject

        if not money:
            label = phrases.strip_framing(before, owner=False)
            unmapped_label = f"{previous_label}|{label}" if len(label) <= 3 and previous_label else label
            return self.counts.read(value, unit, label, after, unmapped_label, state, emit, unmapped)

        return self._money(label, before, measure_value, state, emit, unmapped, unmapped_label)

    def _approximate(self, before: str, label: str, unit: str, unit_end: int, section) -> str | None:
        """The words that make a money or percentage number approximate ("增加约", "左右"), or None. An
        approximate number is no exact statement: the claims reader publishes it with its kind of
        approximation, and no figure is stated for the rules that compare exact figures. "超过N万元"
        with no change before it is a threshold ("单价超过100万元的设备"), read as before."""
        if unit not in MONEY_UNITS and unit not in PERCENT_UNITS:
            return None
        found = phrases.approximation(before, phrases.clean_head(self.scan, unit_end, len(self.scan), 2))
        if found is None:
            return None
        kind, words = found
        if kind == "more-than" and words == "超过" and phrases.relative(label[: -len(words)]) is None:
            return None
        return words

    def _money(
        self,
        label: str,
        before: str,
        amount: Decimal,
        state: SentenceState,
        emit: Callable[..., None],
        unmapped: Callable[..., None],
        unmapped_label: str,
    ) -> Subject | None:
        """An amount: what the phrase names, with a trailing statistic ("年初预算为", "决算数为") split off."""
        section, subject = state.section, state.subject
        statistic, head = lexicon.split_statistic(label)
        head = phrases.strip_framing(head)
        bare_budget = statistic == "budget"  # "预算为": which budget, the phrase's own words may say
        if bare_budget:  # in final accounts the (initial) budget, in a budget the level
            statistic = "initial-budget" if self.phase == "final" else "level"
        stated_year = STATED_YEAR.search(before)
        if stated_year and statistic == "level":
            year = int(stated_year.group(1))
            if year == self.fiscal_year - 1:
                statistic = "previous-year-level"  # "2023年当年预算执行数为…" in a 2024 budget
        fund = self.context_fund(section)
        path = _run_before(state.runs, state.offset)
        generic = not head or bool(lexicon.GENERIC_VALUE.match(head))
        if path is not None and (generic or "（" in label or "(" in label):
            target = Subject(("expenditure",), fund, ALL, path)
            if path.scheme == "economic":
                target = Subject(
                    ("expenditure",),
                    fund,
                    "basic" if self.subjects.basic_context(section) else ALL,
                    None,
                    path,
                )
            self._carry[carry_key(section)] = target
            self._emit_subject(emit, target, statistic, Measure.AMOUNT, amount)
            return target

        # "…支出预算N万元": a bare 支出 names the sentence's total once no line precedes it
        carried = subject or self._carry.get(carry_key(section))
        bare_total = head == "支出" and carried is None
        target = self.subjects.resolve(head, section) if not generic or bare_total else None
        if target is None and "structure" in (section.keys() if section else []) and head:
            concept = self.resolve_class(head)
            if concept is not None:
                target = Subject(("expenditure",), fund, ALL, concept)
        if target is not None:
            # "特定目标类项目预算为": the words name the budget (a project's 全年预算), not the bare 预算
            keep = statistic == "level" or (bare_budget and target.statistic != "level")
            chosen = target.statistic if keep else statistic
            self._emit_subject(emit, target, chosen, Measure.AMOUNT, amount)
            return target

        if generic and carried is not None and not carried.items:
            wording = f"{carried.wording}|{label}" if carried.wording else label
            unmapped("its line names no known classification", Measure.AMOUNT, amount, wording)
            return carried
        if generic and carried is not None:
            self._emit_subject(emit, carried, statistic, Measure.AMOUNT, amount)
            return carried

        named = self.subjects.named_before(head, state.clauses)  # "由中小企业供应商中标或成交的，采购金额"
        if named is not None:
            self._emit_subject(emit, named, statistic, Measure.AMOUNT, amount)
            return named
        unmapped(f"“{unmapped_label}” is not a known item", Measure.AMOUNT, amount, unmapped_label)
        if path is not None or state.runs:
            self._carry[carry_key(section)] = unknown(unmapped_label)
        return unknown(unmapped_label)

    def _relative(
        self,
        relative: phrases.Relative,
        label: str,
        context: str,
        measure: Measure,
        amount: Decimal,
        percent: bool,
        state: SentenceState,
        emit: Callable[..., None],
        unmapped: Callable[..., None],
    ) -> Subject | None:
        """A share, a change or a rate of the subject the phrase names, or of the current one."""
        section, subject = state.section, state.subject
        kind = relative.kind
        if kind == "ambiguous":
            unmapped(f"“{label}” says both an increase and a decrease", measure, amount, label)
            return subject
        if kind in ("share", "completion-rate", "execution-rate") and not percent:
            unmapped(f"“{label}” names a rate, not an amount", measure, amount, label)
            return subject
        year = phrases.comparison_year(context, self.fiscal_year)
        if (
            kind in ("increase", "decrease", "change")
            and year is None
            and (
                phrases.versus_budget(context)
                or phrases.compares_with_budget_last(self.scan[state.start : state.offset])
            )
        ):
            unmapped(f"“{label}” is a difference from the budget, not from a year", measure, amount, label)
            return subject
        head = phrases.strip_framing(relative.head)
        head = lexicon.split_statistic(head)[1] if head else head
        head = phrases.strip_framing(head)
        target: Subject | None = None
        if head and not lexicon.GENERIC_VALUE.match(head):
            path = _run_before(state.runs, state.offset)
            target = self.subjects.resolve(BUDGET_INFIX.sub("", head), section)
            if target is None and path is not None and ("（" in head or "(" in head):
                target = Subject(("expenditure",), self.context_fund(section), ALL, path)
            if target is None and subject is not None and restates(head, subject):
                target = subject  # "主要原因是案件审判经费…较上年压减200万元" restates its subject
            if target is None:
                unmapped(f"“{label}”: “{head}” is not a known item", measure, amount, label)
                return subject
        elif kind in ("increase", "decrease", "change") and (
            named := phrases.earlier_clause_subject(context)
        ):
            target = self.subjects.resolve(named, section)  # "项目支出增加，较上年度增加N万元"
        target = target or subject or self._carry.get(carry_key(section))
        if target is None:
            unmapped(f"no subject for “{label}”", measure, amount, label)
            return subject
        if not target.items:  # relative to a figure published as unmapped
            wording = f"{target.wording}|{label}" if target.wording else label
            unmapped(f"“{label}” relates to a figure of no known item", measure, amount, wording)
            return target
        statistic = kind
        extra: dict[str, object] = {}
        if kind == "change":  # signed: an amount as printed, a rate by its sign
            kind = "increase" if percent and amount >= 0 else ("decrease" if percent else kind)
            amount = abs(amount) if percent else amount
        if kind in ("increase", "decrease", "change"):
            statistic = f"{kind}-{'percent' if percent else 'amount'}"
            extra["comparison_year"] = year if year is not None else self.fiscal_year - 1
            state.changed.add(subject_key(target))
        if kind == "share":
            extra["share_of"] = self.subjects.share_of(relative.base, target, state)
        if kind in ("completion-rate", "execution-rate"):
            extra["rate_base"] = lexicon.rate_base(label)
        self._emit_subject(emit, target, statistic, measure, amount, **extra)
        return target

    # --- subjects -----------------------------------------------------------------------------------
    def _emit_subject(
        self,
        emit: Callable[..., None],
        target: Subject,
        statistic: str,
        measure: Measure,
        amount: Decimal,
        **extra: object,
    ) -> None:
        for item in target.items:
            emit(
                item,
                statistic,
                measure,
                amount,
                target.fund,
                target.nature,
                target.function,
                economic=target.economic,
                **extra,
            )


@dataclass
class _Emitter:
    """Publishes the figures one number of the narrative gives, with its span and wording."""

    parser: NarrativeParser
    span: Span
    stated: str
    unit: str
    start: int
    end: int
    section: Section | None
    before: str

    def emit(
        self,
        item: str,
        statistic: str,
        measure: Measure,
        amount: Decimal,
        fund: str,
        nature: str,
        function: ConceptRef | None = None,
        **extra: object,
    ) -> None:
        self.parser.result.figures.append(
            Figure(
                item=item,
                statistic=statistic,
                measure=measure,
                value=amount,
                span=self.span,
                stated_text=self.stated,
                stated_unit=self.unit or None,
                fund=fund,
                nature=nature,
                function=function,
                anchor=self.start,
                **extra,  # type: ignore[arg-type]
            )
        )

    def unmapped(self, message: str, measure: Measure, amount: Decimal, wording: str) -> None:
        """A number whose wording names nothing known: published as stated, and warned about."""
        self.parser.warn(
            "unmapped-figure",
            f"{self.stated}{self.unit}: {message}; published as stated",
            self.start,
            self.end,
            self.section,
        )
        self.emit("unmapped", "level", measure, amount, ALL, ALL, stated_label=wording or self.before)


def _run_before(runs: list[Run], offset: int) -> ConceptRef | None:
    """The classification line named last before ``offset`` (a run that resolves to nothing still
    ends the one before it)."""
    found: ConceptRef | None = None
    for run in runs:
        if run.end > offset:
            break
        found = run.concept
    return found


def is_money(unit: str) -> bool:
    return unit in MONEY_UNITS or unit in ("", "万")


def carry_key(section: Section | None) -> int:
    return section.start if section is not None else -1
