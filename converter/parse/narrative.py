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
warned about: no figure is silently dropped. Phrase analysis is in ``phrases``; what one number
means is read in ``number_reading``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from converter.model import ALL, ConceptRef, Figure, ParseWarning, Span
from converter.parse import lexicon, phrases
from converter.parse.amounts import NUMBER_PATTERN_WIDE
from converter.parse.class_lines import ClassLines
from converter.parse.counts import Counts
from converter.parse.normalise import matching_text
from converter.parse.number_reading import (
    PERCENT_UNITS,
    NumberReading,
    carry_key,
    is_money,
)
from converter.parse.sections import PART_WORD, Line, Section, innermost_at, lines_of, split_sections
from converter.parse.sentence_walk import SentenceWalk
from converter.parse.subjects import (
    SentenceState,
    Subject,
    Subjects,
    ancestry,
    unknown,
)
from converter.parse.totals import totals_from_parts
from converter.parse.words import WordStatements
from converter.read.types import ReadDocument
from converter.resolve.classification import DocumentCodes, function_classification

# Money may wrap onto the next line ("13,377.11\n万元"); a count's measure word never does.
# A measure word that begins another word ("项目", "人员", "名称") is not the unit of the number before it.
UNIT = re.compile(
    r"\s*(?P<money>亿\s*元|千\s*元|万\s*元|元(?!旦|素|宵))|[ \t\u3000]*(?P<percent>%|％|个百分点)|"
    r"\s*(?P<other>台（套）|台\(套\)|人次|批次|辆|个(?!人)|人(?!民|员|均)|名(?!称|单|义)|家(?!庭|具)|"
    r"台(?!账|风|湾)|套(?!餐)|项(?!目)|次(?!年|日|月)|分(?![类别配析钟解项为之管局]))"
)
TOKEN = re.compile(NUMBER_PATTERN_WIDE)
SENTENCE_END = re.compile(r"[。；;！？]")
# A number printed without a unit that is still a stated amount: a zero the template asks for
# ("“三公”经费支出为0").
BARE_ZERO = re.compile(r"0(?:\.0+)?")
BARE_ZERO_CONTEXT = re.compile(r"(?:支出|收入|经费|费用?|金额|预算)(?:决算|预算)?(?:数)?(?:为|是)?$")
# "收、支总计319.72万。", "减少1,644.52万，": 万 without its 元 after a phrase of the accounts (a total,
# a change of one) is money too; "人口为3.5万。" is not (为 alone names nothing of the accounts)
BARE_WAN_CONTEXT = re.compile(
    r"(?:支出|收入|经费|费用?|金额|预算|总计|合计|总额|拨款|结转|结余|资金|资产)(?:决算|预算)?(?:数)?(?:为|是|达)?$"
    r"|(?:增加|减少|下降|降低|增长|上升|节约|节省|压减|减支|增支)(?:了)?$"
    r"|[（(][类款项][)）]$"  # a 科目 named by its levels: "“…（款）…（项）”25.77万"
    r"|(?:共计|用款计划|结转下年|货物|工程|服务)$"  # "预算共计50.44万", "拟购买服务2717万", "结转下年…万"
)
# An aside between a subject and its amount ("政府采购金额（以合同签订为准）为251.25万"): the words
# before it say whether the 万 is money.
BARE_WAN_ASIDE = re.compile(r"[（(][^（()）]{1,20}[)）](?=(?:为|是|达)?$)")
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
    # the resolved subjects of hedged flat changes ("基本持平"): no figures, the claims' evidence
    subjects: list[Figure] = field(default_factory=list)


FunctionResolver = Callable[[list[str], str, set[str]], ConceptRef | None]
ClassResolver = Callable[[str], ConceptRef | None]


class NarrativeParser(NumberReading):
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
        begun: bool = False,
    ) -> None:
        """``begun``: the text begins inside a document (``text_cut.begins_abruptly``); what it prints
        before its first heading is read without the context the page before gave it."""
        self.phase = phase
        self.text = text
        self.scan = phrases.blank_page_marks(scan if scan is not None else matching_text(text))
        self.sections = sections
        self.fiscal_year = fiscal_year
        self.resolve_class = resolve_class
        self.page_of = page_of
        self.result = NarrativeResult()
        self.lines = ClassLines(self.scan, resolve_path, self.context_fund)
        self.subjects = Subjects(self.lines, begun)
        self.taken_codes = self.lines.taken_codes
        self.counts = Counts(self.subjects)
        self.words = WordStatements(self)
        # the subject a section's sentences go on about ("（一）…（类）…（项）。 年初预算为…，支出决算为…")
        self._carry: dict[int, Subject] = {}
        self._row_starts: list[int] = []  # table rows of the lines read (``parse``)
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
        self._row_starts = [line.start for line in lines if line.is_table_row]
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
        # a row the lines hold (a table rebuilt from cells printed without their grid) or one printed
        at = bisect_left(self._row_starts, start)
        if at < len(self._row_starts) and self._row_starts[at] < end:
            return True
        return any(seg.count("\t") >= 2 for seg in self.text[start:end].split("\n"))

    @staticmethod
    def _starts_block(line: Line) -> bool:
        return bool(
            re.match(
                rf"^(\d+[.．、](?!\d)|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|第.+{PART_WORD})",
                line.text,
            )
        )

    @staticmethod
    def _is_heading_line(line: Line) -> bool:
        return bool(
            re.match(
                rf"^(第.+{PART_WORD}|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", line.text
            )
        ) and (len(line.text) <= 40)

    def _sentence(self, start: int, end: int) -> None:
        section = innermost_at(self.sections, start)
        keys = section.keys() if section else []
        if "glossary" in keys or "toc" in keys:
            return
        read = len(self.result.figures)
        self._read_sentence(start, end, section)
        if self.subjects.orphan(section):  # its heading was on the page before: flagged, not dropped
            for figure in self.result.figures[read:]:
                figure.context_unread = True

    def _read_sentence(self, start: int, end: int, section: Section | None) -> None:
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
            self._carry[carry_key(section)] = carried
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
                wan_end = self._bare_wan(match, tail, label_start) if unit is None else None
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
        if is_money(unit):
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

    def _bare_wan(self, number: re.Match[str], before: str, label_start: int) -> int | None:
        """'接待支出0.39万（含…）': 万 without its 元 after a phrase that names money (blanks before the 万
        as a text extraction spaces it: '0.39 万（'); the end of the 万, or None."""
        at = number.end()
        while at < len(self.scan) and at - number.end() < 3 and self.scan[at] in " \u00a0\u3000":
            at += 1
        following = self.scan[at : at + 2]
        if following[:1] != "万" or following[1:2] not in ("（", "(", "，", ",", "。", "；", ";", "、", ""):
            return None
        phrases_before = [before]
        if before[-2:-1] in ("）", ")"):  # the words before an aside (it may be longer than the tail)
            phrases_before.append(
                BARE_WAN_ASIDE.sub("", phrases.clean_tail(self.scan, label_start, number.start(), 32))
            )
        # or a statistic's words ("2023年当年预算执行数为60.13万", "2024年预算安排25.77万")
        if any(BARE_WAN_CONTEXT.search(b) or lexicon.STATISTIC_SUFFIX.search(b) for b in phrases_before):
            return at + 1
        return None

    def _remember_list(self, state: SentenceState, start: int, end: int) -> None:
        if not LIST_END.search(self.scan, max(start, end - 8), end):
            return
        text = phrases.clean(self.scan[start:end])
        intro = LIST_INTRO.search(text)
        if intro and not TOKEN.search(text):
            self.subjects.remember_list(state.section, text, intro)

    def sentence_end(self, offset: int) -> int:
        """The end of the first sentence end at or after ``offset`` (``offset`` when none follows);
        the one found last is kept, as a sentence's numbers all ask for the same."""
        searched, match = self._sentence_end
        if not (searched <= offset and (match is None or match.start() >= offset)):
            match = SENTENCE_END.search(self.scan, offset)
            self._sentence_end = (offset, match)
        return match.end() if match else offset


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
