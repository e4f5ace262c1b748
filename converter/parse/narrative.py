"""Figures stated in the narrative (情况说明): every number with a unit becomes a figure.

A sentence is cut into clauses at Chinese punctuation; each number with a unit is read
with the phrase before it (and, for counts, the words after it). The phrase says what
the number is (lexicon), or that it is relative to the current subject: a share
("占84%"), a year-on-year change ("减少1,644.52万元，下降83.7%"), a completion rate
("完成预算100%"). A number whose phrase means nothing known is still published as an
unmapped figure with its wording, and warned about: no figure is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from converter.model import ALL, ConceptRef, Figure, Measure, ParseWarning, Span
from converter.parse import lexicon
from converter.parse.amounts import NUMBER_PATTERN, parse_number, to_yuan
from converter.parse.normalise import matching_text
from converter.parse.sections import Line, Section, innermost_at

MONEY_UNITS = ("亿元", "万元", "元")
COUNT_UNITS = ("台（套）", "台(套)", "人次", "批次", "辆", "个", "人", "名", "家", "台", "套", "项", "次")
UNIT = re.compile(
    r"\s*(?P<unit>亿\s*元|万\s*元|元|%|个百分点|台（套）|台\(套\)|人次|批次|辆|个|人|名|家|台|套|项|次|分)"
)
TOKEN = re.compile(NUMBER_PATTERN)
CLAUSE_BREAK = re.compile(r"[，；：;:]|,(?!\d{3})|。")
AFTER_BREAK = re.compile(r"[，；：;:、]|,(?!\d{3})|。")
SENTENCE_END = re.compile(r"[。；;！？]")
YEAR_PREFIX = re.compile(r"^(截至)?\d{4}年(度|末|底|\d{1,2}月(\d{1,2}日)?)?[，,、]?")
COMPARE_PREFIX = re.compile(
    r"^(与|较|比)(上一?年度?|上一度|\d{4}年度?)(预算执行数|决算数|预算数?|执行数)?(相比|比较)?[，,]?"
)
# "一般公共服务（类）商贸事务（款）行政运行（项）": names each followed by their level
LEVEL_NAME = re.compile(
    r"(?P<name>[^（()）\d.．、：:，,。；;\s][^（()）：:，,。；;]*?)\s*[（(](?P<level>类|款|项)[)）]"
)
STRUCTURE_ITEM = re.compile(r"^(?:主要用于以下方面)?(?P<name>[\u4e00-\u9fff、]+?支出|[\u4e00-\u9fff]{2,12})$")

BUDGET_INFIX = re.compile(r"^部门|预算(?=总计|合计|总额)")

# A count that a bare "累计N人次" goes on to complete, in the same sentence.
COUNT_FOLLOWERS = {
    "overseas-delegations": "overseas-travellers",
    "official-reception-batches": "official-reception-visitors",
    "domestic-reception-batches": "domestic-reception-visitors",
    "foreign-reception-batches": "foreign-reception-visitors",
}

# Counts of projects whose money the same sentence goes on to state ("涉及预算金额").
PROJECT_COUNTS = {
    "projects-ex-ante-assessed",
    "projects-with-targets",
    "projects-monitored",
    "projects-self-evaluated",
}

# Which fund a phrase without one refers to, by section key (innermost first wins).
SECTION_FUND = {
    "appropriation-overall": "appropriation",
    "gpb-expenditure": "general-public-budget",
    "gpb-basic": "general-public-budget",
    "three-public": "appropriation",
    "government-fund": "government-fund",
    "state-capital": "state-capital",
}
# What a bare share ("占16%") is a share of, by section key.
SECTION_SHARE_BASE = {
    "income": "income",
    "expenditure": "expenditure",
    "gpb-expenditure": "expenditure",
    "three-public": "three-public-expenses",
    "procurement": "procurement",
}


@dataclass
class Subject:
    """What a relative phrase ("占", "减少", "完成预算") refers to."""

    items: tuple[str, ...]
    fund: str
    nature: str
    function: ConceptRef | None = None


@dataclass
class NarrativeResult:
    figures: list[Figure] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


FunctionResolver = Callable[[list[str], str, set[str]], ConceptRef | None]
ClassResolver = Callable[[str], ConceptRef | None]


@dataclass
class _Clause:
    start: int
    end: int


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
        self.scan = scan if scan is not None else matching_text(text)
        self.sections = sections
        self.fiscal_year = fiscal_year
        self.resolve_path = resolve_path
        self.resolve_class = resolve_class
        self.page_of = page_of
        self.result = NarrativeResult()
        self.taken_codes: dict[tuple[str, str], set[str]] = {}
        self._resolved: dict[tuple[str, str], ConceptRef | None] = {}
        self._last_count: dict[int, str] = {}  # sentence start -> the last count item read in it
        # the subject a section's sentences go on about ("（一）…（类）…（项）。 年初预算为…，支出决算为…")
        self._carry: dict[int, Subject] = {}

    # --- helpers --------------------------------------------------------------------------------
    def span(self, start: int, end: int, section: Section | None) -> Span:
        locator = " / ".join(reversed([s.title for s in _ancestry(section)])) if section else None
        return Span(start, end, self.text[start:end], self.page_of(start), locator)

    def warn(self, code: str, message: str, start: int, end: int, section: Section | None) -> None:
        self.result.warnings.append(ParseWarning(code, message, self.span(start, end, section)))

    @staticmethod
    def context_fund(section: Section | None) -> str:
        for key in section.keys() if section else []:
            if key in SECTION_FUND:
                return SECTION_FUND[key]
        return ALL

    @staticmethod
    def share_base(section: Section | None, subject: Subject | None) -> str | None:
        for key in section.keys() if section else []:
            if key in SECTION_SHARE_BASE:
                return SECTION_SHARE_BASE[key]
        return None

    # --- main loop --------------------------------------------------------------------------------
    def parse(self, lines: list[Line], skip: set[int]) -> NarrativeResult:
        """Read every sentence of the prose (lines not in ``skip`` and not table rows)."""
        prose = [line for line in lines if line.text and not line.is_table_row and line.start not in skip]
        # Sentences may run over line (and page) breaks: join consecutive prose lines until a
        # sentence end, but never across a heading or a table row.
        sentence_start: int | None = None
        last_end = 0
        for line in prose:
            if sentence_start is None:
                sentence_start = line.start
            elif self._starts_block(line) or self._gap_has_table(last_end, line.start):
                self._sentence(sentence_start, last_end)
                sentence_start = line.start
            last_end = line.end
            if SENTENCE_END.search(line.text[-1:]) or self._is_heading_line(line):
                self._sentence(sentence_start, last_end)
                sentence_start = None
        if sentence_start is not None:
            self._sentence(sentence_start, last_end)
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
        paths = self._paths(start, end, section)
        path = paths[-1][1] if paths else None
        if path is not None:
            fund = self.context_fund(section)
            self._carry[self._carry_key(section)] = Subject(("expenditure",), fund, ALL, path)
        subject: Subject | None = None
        previous_label = ""
        previous_end = start
        clause_start = start
        for match in TOKEN.finditer(self.scan, start, end):
            unit_match = UNIT.match(self.scan, match.end(), end)
            if unit_match is None:
                continue
            # the clause holding this number begins after the last break before it
            for brk in CLAUSE_BREAK.finditer(self.scan, previous_end, match.start()):
                clause_start = brk.end()
            label_start = max(clause_start, previous_end)
            before = self._clean(self.scan[label_start : match.start()])
            after_end = AFTER_BREAK.search(self.scan, unit_match.end(), end)
            after = self._clean(self.scan[unit_match.end() : after_end.start() if after_end else end])
            sentence_path = self._path_before(paths, match.start())
            subject = self._interpret(
                match,
                re.sub(r"\s+", "", unit_match.group("unit")),
                before,
                after,
                sentence_path,
                subject,
                section,
                start,
                previous_label,
            )
            if len(before) > 3:
                previous_label = self._strip_prefixes(before)
            previous_end = unit_match.end()

    @staticmethod
    def _clean(text: str) -> str:
        text = re.sub(r"[\s\u3000*]+", "", text)
        text = text.replace("\u201c", "").replace("\u201d", "").replace('"', "")
        return text.lstrip("、")

    def _strip_prefixes(self, label: str) -> str:
        label = re.sub(r"^(其中|主要用于以下方面|具体情况如下|全年|共(?!计)|合计)[：:，,]?", "", label)
        label = YEAR_PREFIX.sub("", label)
        label = COMPARE_PREFIX.sub("", label)
        return label

    # --- interpretation ------------------------------------------------------------------------
    def _interpret(
        self,
        number: re.Match[str],
        unit: str,
        before: str,
        after: str,
        sentence_path: ConceptRef | None,
        subject: Subject | None,
        section: Section | None,
        sentence_start: int,
        previous_label: str = "",
    ) -> Subject | None:
        unit_match = UNIT.match(self.scan, number.end())
        start, end = number.start(), unit_match.end() if unit_match else number.end()
        stated = self.text[number.start() : number.end()]
        value = parse_number(stated)
        span = self.span(sentence_start, self._sentence_end(end), section)
        keys = section.keys() if section else []
        label = self._strip_prefixes(before)
        # a bare "金额" names its thing through the phrase before it ("轿车0辆、金额0万元")
        unmapped_label = f"{previous_label}|{label}" if len(label) <= 3 and previous_label else label

        if lexicon.NOT_A_FIGURE.search(label):
            return subject

        def emit(
            item: str,
            statistic: str,
            measure: Measure,
            amount: Decimal,
            fund: str,
            nature: str,
            function: ConceptRef | None = None,
            **extra: object,
        ) -> None:
            self.result.figures.append(
                Figure(
                    item=item,
                    statistic=statistic,
                    measure=measure,
                    value=amount,
                    span=span,
                    stated_text=stated,
                    stated_unit=unit,
                    fund=fund,
                    nature=nature,
                    function=function,
                    anchor=start,
                    **extra,  # type: ignore[arg-type]
                )
            )

        money = unit in MONEY_UNITS
        percent = unit in {"%", "个百分点"}
        measure_value = to_yuan(value, unit) if money else value

        # relative phrases: share, change, completion (of the current subject)
        relative = self._relative(label, unit)
        if relative is not None:
            target = self._subject_from_label(label, section) or subject or self._section_subject(section)
            if target is None:
                self.warn(
                    "unparsed-figure", f"{stated}{unit}: no subject for “{before}”", start, end, section
                )
                return subject
            statistic = relative
            if statistic in {"increase", "decrease"}:
                statistic = f"{statistic}-{'percent' if percent else 'amount'}"
            measure = Measure.PERCENT if percent else Measure.AMOUNT
            share_of = None
            if statistic == "share":
                share_of = self._share_base_from_label(label) or self.share_base(section, target)
            for item in target.items:
                emit(
                    item,
                    statistic,
                    measure,
                    measure_value,
                    target.fund,
                    target.nature,
                    target.function,
                    share_of=share_of,
                    comparison_year=self.fiscal_year - 1
                    if statistic.startswith(("increase", "decrease"))
                    else None,
                )
            return target

        if percent:
            self.warn(
                "unparsed-figure",
                f"{stated}{unit}: a percentage after “{before}” not understood",
                start,
                end,
                section,
            )
            self._emit_unmapped(emit, label or before, measure_value, Measure.PERCENT)
            return subject

        if unit == "分":
            rule = next((r for r in lexicon.SCORE_RULES if r.pattern.search(before + "|" + after)), None)
            if rule is not None:
                emit(rule.meaning.items[0], "level", Measure.SCORE, value, ALL, ALL)
            else:
                self._emit_unmapped(emit, label, value, Measure.SCORE)
                self.warn("unmapped-figure", f"{stated}分 after “{before}”", start, end, section)
            return subject

        if not money:
            key = f"{label}|{unit}{after}"
            follower = COUNT_FOLLOWERS.get(self._last_count.get(sentence_start, ""))
            if follower and label in {"累计", "共计", "合计", "共", ""} and unit in {"人次", "人"}:
                # "团组3个、累计12人次": the second count belongs to the first
                emit(follower, "level", Measure.COUNT, value, self.context_fund(section), ALL)
                return subject
            for rule in lexicon.COUNT_RULES:
                if rule.pattern.search(key):
                    fund = rule.meaning.fund if rule.meaning.fund is not None else self.context_fund(section)
                    item = rule.meaning.items[0]
                    if item.startswith("reception-"):
                        # batches and visitors belong to the reception they follow: 国内 or 外事
                        if "外事" in label or (subject and subject.items[0] == "foreign-reception"):
                            item = "foreign-" + item
                        elif "国内" in label or (subject and subject.items[0] == "domestic-reception"):
                            item = "domestic-" + item
                        else:
                            item = "official-" + item
                    emit(item, "level", Measure.COUNT, value, fund, ALL)
                    self._last_count[sentence_start] = item
                    if (
                        item in PROJECT_COUNTS
                    ):  # "…项目4个，涉及预算金额598.42万元": the money of those projects
                        return Subject((f"{item}-funds",), ALL, ALL)
                    money_meaning = self._meaning(label, section) if label else None
                    if money_meaning is not None:
                        money_fund = money_meaning.fund if money_meaning.fund is not None else fund
                        return Subject(money_meaning.items, money_fund, money_meaning.nature)
                    return subject
            self._emit_unmapped(emit, f"{unmapped_label}|{unit}{after}", value, Measure.COUNT)
            return subject

        # money: what the phrase names, with a trailing statistic ("年初预算为", "支出决算为") split off
        statistic, head = lexicon.split_statistic(label)
        if statistic == "budget":  # "预算为": in final accounts the (initial) budget, in a budget the level
            statistic = "initial-budget" if self.phase == "final" else "level"
        stated_year = re.match(r"^(?:截至)?(\d{4})年", before)
        if statistic == "level" and stated_year and int(stated_year.group(1)) == self.fiscal_year - 1:
            statistic = "previous-year-level"  # "2023年当年预算执行数为…" in a 2024 budget
        fund = self.context_fund(section)
        path = sentence_path
        generic = not head or bool(lexicon.GENERIC_VALUE.match(head))
        if path is not None and (generic or "（" in label or "(" in label):
            self._carry[self._carry_key(section)] = Subject(("expenditure",), fund, ALL, path)
            emit("expenditure", statistic, Measure.AMOUNT, measure_value, fund, ALL, path)
            return Subject(("expenditure",), fund, ALL, path)

        meaning = self._meaning(head, section) if head else None
        if meaning is not None:
            fund = meaning.fund if meaning.fund is not None else fund
            chosen = meaning.statistic if statistic == "level" else statistic
            for item in meaning.items:
                emit(item, chosen, Measure.AMOUNT, measure_value, fund, meaning.nature)
            return Subject(meaning.items, fund, meaning.nature)

        if "structure" in keys and head:
            concept = self.resolve_class(head)
            if concept is not None:
                emit("expenditure", statistic, Measure.AMOUNT, measure_value, fund, ALL, concept)
                return Subject(("expenditure",), fund, ALL, concept)

        carried = subject or self._carry.get(self._carry_key(section))
        if generic and carried is not None:
            for item in carried.items:
                emit(
                    item,
                    statistic,
                    Measure.AMOUNT,
                    measure_value,
                    carried.fund,
                    carried.nature,
                    carried.function,
                )
            return carried

        self.warn(
            "unmapped-figure",
            f"{stated}{unit}: “{unmapped_label}” is not a known item; published as stated",
            start,
            end,
            section,
        )
        self._emit_unmapped(emit, unmapped_label or before, measure_value, Measure.AMOUNT)
        return subject

    def _sentence_end(self, offset: int) -> int:
        match = SENTENCE_END.search(self.scan, offset)
        return match.end() if match else offset

    @staticmethod
    def _emit_unmapped(emit: Callable[..., None], label: str, value: Decimal, measure: Measure) -> None:
        emit("unmapped", "level", measure, value, ALL, ALL, stated_label=label)

    @staticmethod
    def _relative(label: str, unit: str) -> str | None:
        if lexicon.SHARE.search(label) and label.startswith("占"):
            return "share"
        if lexicon.COMPLETION.search(label):
            return "completion-rate"
        if lexicon.DECREASE.search(label):
            return "decrease"
        if lexicon.INCREASE.search(label):
            return "increase"
        return None

    def _subject_from_label(self, label: str, section: Section | None) -> Subject | None:
        """'收、支总计各减少' names its subject before the verb."""
        head = re.sub(r"(各|分别|共)?(减少|下降|降低|增加|增长|上升|提高|持平).*$", "", label)
        head = re.sub(r"(支出)?决算(数)?$", "", head) if head.endswith("决算") else head
        if not head or head.startswith("占") or lexicon.COMPLETION.search(label):
            return None
        meaning = self._meaning(head, section)
        if meaning is None:
            return None
        fund = meaning.fund if meaning.fund is not None else self.context_fund(section)
        return Subject(meaning.items, fund, meaning.nature)

    def _share_base_from_label(self, label: str) -> str | None:
        match = re.match(r"^占(?P<base>.+?)(的)?(比[重例])?$", label)
        if not match or not match.group("base"):
            return None
        meaning = self._meaning(match.group("base"), None)
        return meaning.items[0] if meaning else None

    def _section_subject(self, section: Section | None) -> Subject | None:
        """The subject a section is about, for a relative phrase at its start."""
        return None

    def _meaning(self, label: str, section: Section | None) -> lexicon.Meaning | None:
        # budgets name their totals with 预算 inside ("收入预算总计", "收支预算总计"): same items
        label = BUDGET_INFIX.sub("", label)
        for rule in lexicon.MONEY_RULES:
            if rule.pattern.search(label):
                return rule.meaning
        return None

    def _paths(self, start: int, end: int, section: Section | None) -> list[tuple[int, ConceptRef | None]]:
        """Every run of "name（类）name（款）name（项）" in the sentence: (where it ends, its concept).
        A run must begin with its 类; a run that resolves to nothing still ends the one before it."""
        text = self.scan[start:end]
        if "类" not in text:  # every run starts with its 类
            return []
        runs: list[list[re.Match[str]]] = []
        for match in LEVEL_NAME.finditer(text):
            if runs and not text[runs[-1][-1].end() : match.start()].strip():
                runs[-1].append(match)
            else:
                runs.append([match])
        out: list[tuple[int, ConceptRef | None]] = []
        for run in runs:
            concept = self._resolve_run(run, text, section) if run[0].group("level") == "类" else None
            out.append((start + run[-1].end(), concept))
        return out

    def _resolve_run(self, run: list[re.Match[str]], text: str, section: Section | None) -> ConceptRef | None:
        names = {m.group("level"): re.sub(r"^\d+[.．、]\s*", "", m.group("name").strip()) for m in run}
        wording = re.sub(r"\s+", "", text[run[0].start() : run[-1].end()])
        wording = re.sub(r"^\d+[.．、]", "", wording)
        fund = self.context_fund(section)
        if (fund, wording) in self._resolved:
            return self._resolved[(fund, wording)]
        taken = self.taken_codes.setdefault((fund, "function"), set())
        concept = self.resolve_path(
            [names.get("类", ""), names.get("款", ""), names.get("项", "")], wording, taken
        )
        if concept is not None:
            taken.add(concept.code)
        self._resolved[(fund, wording)] = concept
        return concept

    @staticmethod
    def _path_before(paths: list[tuple[int, ConceptRef | None]], offset: int) -> ConceptRef | None:
        found: ConceptRef | None = None
        for run_end, concept in paths:
            if run_end > offset:
                break
            found = concept
        return found

    @staticmethod
    def _carry_key(section: Section | None) -> int:
        return section.start if section is not None else -1


def _ancestry(section: Section | None) -> list[Section]:
    out: list[Section] = []
    while section is not None:
        out.append(section)
        section = section.parent
    return out
