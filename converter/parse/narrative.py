"""Figures stated in the narrative (情况说明): every number with a unit becomes a figure.

A sentence is cut into clauses at Chinese punctuation; each number with a unit is read with the
phrase before it (and, for counts, the words after it). The phrase says what the number is:

- an item of the template (lexicon: 收入总计, 基本支出, “三公”经费 ...);
- a classification line: 类/款/项 names, a name with its code in parentheses, or a function or
  economic classification name written alone ("教育支出", "会议费"): see ``class_lines``;
- or that it is relative to the current subject: a share ("占84%", "占总支出的92.92%"), a change
  against a year ("与2022年度相比，减少", "比上年增长"), a rate ("完成年初预算的95.45%").

Statements without a number are read too: a change stated in words ("与上年持平": a change of 0) and
a zero stated in words ("无政府性基金预算财政拨款收入和支出"), both marked as read from words. A number
whose phrase means nothing known is still published as an unmapped figure with its wording, and
warned about: no figure is silently dropped. Phrase analysis is in ``phrases``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from converter.model import ALL, ConceptRef, Figure, Measure, ParseWarning, Span
from converter.parse import lexicon, phrases
from converter.parse.amounts import NUMBER_PATTERN_WIDE, parse_number, to_yuan
from converter.parse.class_lines import ClassLines, Run
from converter.parse.counts import Counts
from converter.parse.normalise import matching_text
from converter.parse.sections import Line, Section, innermost_at, lines_of, split_sections
from converter.parse.sentence_walk import SentenceWalk
from converter.parse.subjects import (
    BUDGET_INFIX,
    SentenceState,
    Subject,
    Subjects,
    ancestry,
    restates,
    subject_key,
    unknown,
)
from converter.parse.totals import totals_from_parts
from converter.parse.words import WordStatements
from converter.read.types import ReadDocument
from converter.resolve.classification import DocumentCodes, function_classification

MONEY_UNITS = ("亿元", "千元", "万元", "元")
PERCENT_UNITS = ("%", "个百分点")
# Money may wrap onto the next line ("13,377.11\n万元"); a count's measure word never does.
# A measure word that begins another word ("项目", "人员", "名称") is not the unit of the number before it.
UNIT = re.compile(
    r"\s*(?P<money>亿\s*元|千\s*元|万\s*元|元(?!旦|素|宵))|[ \t\u3000]*(?P<percent>%|％|个百分点)|"
    r"\s*(?P<other>台（套）|台\(套\)|人次|批次|辆|个(?!人)|人(?!民|员|均)|名(?!称|单|义)|家(?!庭|具)|"
    r"台(?!账|风|湾)|套(?!餐)|项(?!目)|次(?!年|日|月)|分(?![类别配析钟解项为之管局]))"
)
TOKEN = re.compile(NUMBER_PATTERN_WIDE)
SENTENCE_END = re.compile(r"[。；;！？]")
# A source span quotes its sentence; text with no sentence end for pages (a table's rows run into the
# prose) would make every figure quote a longer prefix, the output growing with the square of the
# text. Past this length a span quotes the window around its number instead (corpus sentences: < 300).
MAX_SENTENCE_SPAN = 1000
# A number printed without a unit that is still a stated amount: a zero the template asks for
# ("“三公”经费支出为0").
BARE_ZERO = re.compile(r"0(?:\.0+)?")
BARE_ZERO_CONTEXT = re.compile(r"(?:支出|收入|经费|费用?|金额|预算)(?:决算|预算)?(?:数)?(?:为|是)?$")
STATED_YEAR = re.compile(r"(?:^|[^\d])((?:19|20)\d{2})\s*年")
# A sentence restating figures on another basis ("按与上年统计口径一致相比，本年比上年减少…").
OTHER_BASIS = re.compile(r"^按.{0,20}口径")
# A sentence that announces a list of parts of a named subject ("财政拨款支出主要内容如下：").
LIST_END = re.compile(r"(?:如下|其中|包括)\s*[：:]?\s*$")
LIST_INTRO = re.compile(r"(?:主要内容|具体情况|具体)?(?:如下|其中|包括|具体包括)[：:]?$")


@dataclass
class NarrativeResult:
    figures: list[Figure] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # every sentence read


FunctionResolver = Callable[[list[str], str, set[str]], ConceptRef | None]
ClassResolver = Callable[[str], ConceptRef | None]


class NarrativeParser:
    def __init__(
        self,
        text: str,
        sections: list[Section],
        fiscal_year: int,
        resolve_path: FunctionResolver,
        resolve_class: ClassResolver,
        page_of: Callable[[int], int | None],
        scan: str | None = None,
        phase: str = "final",
    ) -> None:
        self.phase = phase
        self.text = text
        self.scan = phrases.blank_page_marks(scan if scan is not None else matching_text(text))
        self.sections = sections
        self.fiscal_year = fiscal_year
        self.resolve_class = resolve_class
        self.page_of = page_of
        self.result = NarrativeResult()
        self.lines = ClassLines(self.scan, resolve_path, self.context_fund)
        self.subjects = Subjects(self.lines)
        self.taken_codes = self.lines.taken_codes
        self.counts = Counts(self.subjects)
        self.words = WordStatements(self)
        # the subject a section's sentences go on about ("（一）…（类）…（项）。 年初预算为…，支出决算为…")
        self._carry: dict[int, Subject] = {}
        self._previous: SentenceState | None = None
        self._locators: dict[int, str | None] = {}  # section start -> its heading path
        self._sentence_end: tuple[int, re.Match[str] | None] = (len(text) + 1, None)
        self._span_text: tuple[int, int, str] = (-1, -1, "")

    # --- helpers --------------------------------------------------------------------------------
    def span(self, start: int, end: int, section: Section | None) -> Span:
        key = section.start if section is not None else -1
        if key not in self._locators:
            self._locators[key] = (
                " / ".join(reversed([s.title for s in ancestry(section)])) if section else None
            )
        if self._span_text[:2] != (start, end):  # a sentence's figures share its span
            self._span_text = (start, end, self.text[start:end])
        return Span(start, end, self._span_text[2], self.page_of(start), self._locators[key])

    def warn(self, code: str, message: str, start: int, end: int, section: Section | None) -> None:
        self.result.warnings.append(ParseWarning(code, message, self.span(start, end, section)))

    def context_fund(self, section: Section | None) -> str:
        return self.subjects.context_fund(section)

    # --- main loop --------------------------------------------------------------------------------
    def parse(self, lines: list[Line], skip: set[int]) -> NarrativeResult:
        """Read every sentence of the prose (lines not in ``skip``, not table rows, not page numbers)."""
        prose = [
            line
            for line in lines
            if line.text
            and not line.is_table_row
            and line.start not in skip
            and self.scan[line.start : line.end].strip()
        ]
        # a line after skipped ones (a 目录, a table printed as text) begins a sentence
        after_skip: set[int] = set()
        skipping = False
        for line in lines:
            if line.start in skip:
                skipping = True
            elif line.text and skipping:
                after_skip.add(line.start)
                skipping = False
        # Sentences may run over line (and page) breaks: join consecutive prose lines until a
        # sentence end, but never across a heading, a table row or skipped lines.
        sentence_start: int | None = None
        last_end = 0
        for line in prose:
            if sentence_start is None:
                sentence_start = line.start
            elif (
                self._starts_block(line)
                or self._gap_has_table(last_end, line.start)
                or line.start in after_skip
            ):
                self._sentence(sentence_start, last_end)
                sentence_start = line.start
            last_end = line.end
            if SENTENCE_END.search(line.text[-1:]) or self._is_heading_line(line):
                self._sentence(sentence_start, last_end)
                sentence_start = None
        if sentence_start is not None:
            self._sentence(sentence_start, last_end)
        self.result.warnings.extend(totals_from_parts(self.result.figures))
        return self.result

    def _gap_has_table(self, start: int, end: int) -> bool:
        return any(seg.count("\t") >= 2 for seg in self.text[start:end].split("\n"))

    @staticmethod
    def _starts_block(line: Line) -> bool:
        return bool(
            re.match(
                r"^(\d+[.．、](?!\d)|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|第.+部分)",
                line.text,
            )
        )

    @staticmethod
    def _is_heading_line(line: Line) -> bool:
        return bool(
            re.match(r"^(第.+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", line.text)
        ) and (len(line.text) <= 40)

    def _sentence(self, start: int, end: int) -> None:
        section = innermost_at(self.sections, start)
        keys = section.keys() if section else []
        if "glossary" in keys or "toc" in keys:
            return
        self.result.sentences.append((start, end))
        head_text = phrases.clean(self.scan[start : min(end, start + 40)])
        runs = self.lines.runs(start, end, section)
        state = SentenceState(start, section, runs, other_basis=bool(OTHER_BASIS.match(head_text)))
        previous = self._previous
        if previous is not None and previous.section is section and self.scan[previous.end - 1] in "；;":
            # "A…，占总支出的81.21%；B…，占0.31%；": one sentence in all but punctuation
            state.whole, state.share_base = previous.whole, previous.share_base
        state.end = end
        self._previous = state
        if runs:  # a line the lists cannot resolve ends the one before: what follows is not about it
            last = runs[-1]
            fund = self.context_fund(section)
            carried = (
                Subject(("expenditure",), fund, ALL, last.concept) if last.concept else unknown(last.wording)
            )
            self._carry[_carry_key(section)] = carried
        previous_label = ""
        previous_end = start
        clause_start = start
        spans: list[tuple[int, int]] = []
        walk = SentenceWalk(self.scan, start, end)
        for match in TOKEN.finditer(self.scan, start, end):
            unit_match = UNIT.match(self.scan, match.end(), end)
            # the clause holding this number begins after the last break
            clause_start = walk.last_break(previous_end, match.start()) or clause_start
            label_start = max(clause_start, previous_end)
            if unit_match is None:  # the phrase's end is enough to tell (a table's row of numbers)
                tail = phrases.clean_tail(self.scan, label_start, match.start())
                unit = self._bare_zero(match, tail, end)
                unit_end = match.end()
                wan_end = self._bare_wan(match, tail) if unit is None else None
                if wan_end is not None:
                    unit, unit_end = "万", wan_end
                if unit is None:
                    continue
            before = phrases.clean(self.scan[label_start : match.start()])
            if unit_match is not None:
                unit = unit_match.group("money") or unit_match.group("percent") or unit_match.group("other")
                unit = "%" if unit == "％" else re.sub(r"\s+", "", unit)
                unit_end = unit_match.end()
            after = self._after(unit, unit_end, walk.clause_end(unit_end))
            context = self.scan[previous_end : match.start()]
            if "其中" in context and state.subject is not None and state.whole is None:
                state.whole = state.subject  # "…总计N万元，其中：A…": A is a part of that total
            state.offset, state.clauses = match.start(), context
            aside = walk.inside_parentheses(match.start())
            subject = self._interpret(match, unit, unit_end, before, after, context, state, previous_label)
            if (
                not aside
            ):  # "（含外宾接待支出0.00万元）" is an aside: what follows is about the sentence's subject
                state.subject = subject
            if len(before) > 3:
                previous_label = phrases.strip_framing(before)
            spans.append((match.start(), unit_end))
            previous_end = unit_end
        self.words.read(state, start, end, spans)
        self._remember_list(state, start, end)

    def _after(self, unit: str, start: int, stop: int) -> str:
        """The words after a number's unit to its clause's end, as far as its reading looks at them:
        none after money, the first 12 after a rate (for the words of a territory)."""
        if _is_money(unit):
            return ""
        if unit in PERCENT_UNITS:
            return phrases.clean_head(self.scan, start, stop, 12)
        return phrases.clean(self.scan[start:stop])

    def _bare_zero(self, number: re.Match[str], before: str, end: int) -> str | None:
        """'支出为0': a zero printed without its unit is still the stated amount (unit: none)."""
        if not BARE_ZERO.fullmatch(number.group(0)) or not BARE_ZERO_CONTEXT.search(before):
            return None
        following = self.scan[number.end() : number.end() + 1]
        return (
            "" if following in ("", "，", "。", "；", ",", ";", "、", "\n") or number.end() >= end else None
        )

    def _bare_wan(self, number: re.Match[str], before: str) -> int | None:
        """'接待支出0.39万（含…）': 万 without its 元 after a phrase that names money (blanks before the 万
        as a text extraction spaces it: '0.39 万（'); the end of the 万, or None."""
        at = number.end()
        while at < len(self.scan) and at - number.end() < 3 and self.scan[at] in " \u00a0\u3000":
            at += 1
        following = self.scan[at : at + 2]
        if (
            following[:1] == "万"
            and following[1:2] in ("（", "(", "，", ",", "。", "；", ";", "、", "")
            and BARE_ZERO_CONTEXT.search(before)
        ):
            return at + 1
        return None

    def _remember_list(self, state: SentenceState, start: int, end: int) -> None:
        if not LIST_END.search(self.scan, max(start, end - 8), end):
            return
        text = phrases.clean(self.scan[start:end])
        intro = LIST_INTRO.search(text)
        if intro and not TOKEN.search(text):
            self.subjects.remember_list(state.section, text, intro)

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

        money = _is_money(unit)
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
        if statistic == "budget":  # "预算为": in final accounts the (initial) budget, in a budget the level
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
            self._carry[_carry_key(section)] = target
            self._emit_subject(emit, target, statistic, Measure.AMOUNT, amount)
            return target

        # "…支出预算N万元": a bare 支出 names the sentence's total once no line precedes it
        carried = subject or self._carry.get(_carry_key(section))
        bare_total = head == "支出" and carried is None
        target = self.subjects.resolve(head, section) if not generic or bare_total else None
        if target is None and "structure" in (section.keys() if section else []) and head:
            concept = self.resolve_class(head)
            if concept is not None:
                target = Subject(("expenditure",), fund, ALL, concept)
        if target is not None:
            chosen = target.statistic if statistic == "level" else statistic
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
            self._carry[_carry_key(section)] = unknown(unmapped_label)
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
        target = target or subject or self._carry.get(_carry_key(section))
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

    def sentence_end(self, offset: int) -> int:
        """The end of the first sentence end at or after ``offset`` (``offset`` when none follows);
        the one found last is kept, as a sentence's numbers all ask for the same."""
        searched, match = self._sentence_end
        if not (searched <= offset and (match is None or match.start() >= offset)):
            match = SENTENCE_END.search(self.scan, offset)
            self._sentence_end = (offset, match)
        return match.end() if match else offset


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


def _is_money(unit: str) -> bool:
    return unit in MONEY_UNITS or unit in ("", "万")


def _carry_key(section: Section | None) -> int:
    return section.start if section is not None else -1


def read_narrative(
    doc: ReadDocument, fiscal_year: int, phase: str, witnesses: Iterable[ConceptRef] = ()
) -> NarrativeResult:
    """The narrative figures of a document read on its own, as ``parse_report`` reads them:
    ``witnesses`` are the classification lines its tables print (they resolve the lines of its
    sentences that the national lists lack)."""
    scan = matching_text(doc.text)
    sections, toc = split_sections(scan)
    functions = function_classification()
    attested = DocumentCodes(witnesses, functions)

    def resolve_path(names: list[str], wording: str, taken: set[str]) -> ConceptRef | None:
        return functions.resolve_path(names, wording, taken) or attested.resolve(names, wording)

    parser = NarrativeParser(
        doc.text,
        sections,
        fiscal_year,
        resolve_path=resolve_path,
        resolve_class=functions.resolve_top,
        page_of=doc.page_of,
        scan=scan,
        phase=phase,
    )
    return parser.parse(lines_of(scan), skip={line.start for line in toc})
