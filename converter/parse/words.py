"""Figures a sentence states in words, with no number: a change ("与上年持平", "比2023年预算持平",
"本年数与上年数持平": a change of 0) and a zero ("无政府性基金预算财政拨款收入和支出": 0 each).

Only clauses that hold no number are read here, and only wording that compares with a year (an
approximate "基本持平" is no statement of 0). A note under a table ("注：本部门无…，故本表无数据") is
the table reader's to read. The narrative reader resolves what each statement is about and publishes
it marked as read from words (``derived``, with the wording as its method). A hedged flat change
publishes nothing, but its resolved subject is kept (``NarrativeResult.subjects``): the claim code
finds the figures the hedged claim speaks of the way it finds a plain 持平's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from converter.model import Figure, Measure
from converter.parse import lexicon, phrases
from converter.parse.subjects import SentenceState, Subject, restates, subject_key

if TYPE_CHECKING:
    from converter.parse.narrative import NarrativeParser

# a PDF breaks lines anywhere: "与上年数一\n致"
_TRIGGERS = re.compile(r"持\s*平|一\s*致|相\s*同|变\s*化|无|没\s*有")
# A note under a table about the table ("注：本部门无…，故本表为空表").
TABLE_NOTE = re.compile(r"^(?:注|说明|备注)\s*[:：]")
_CLAUSE = re.compile(r"[^，；;。]+")


@dataclass(frozen=True)
class Worded:
    """One statement in words: what it says and which words of the text say it."""

    kind: str  # "flat" (a change of 0) | "none" (a level of 0)
    head: str  # the words naming its subject; "" for the subject of the clause before
    start: int
    end: int
    year: int | None = None  # the year a change compares with, when named
    hedged: bool = False  # "基本持平": no statement of 0, only of what it is about


def clauses(scan: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The clauses of ``scan[start:end]`` (between Chinese punctuation), as offsets."""
    for match in _CLAUSE.finditer(scan, start, end):
        yield match.start(), match.end()


def might_state(text: str) -> bool:
    return _TRIGGERS.search(text) is not None


def statements(scan: str, lo: int, hi: int, in_table_note: bool) -> list[Worded]:
    """The statements in words of the clause ``scan[lo:hi]``, matched without the line breaks a PDF
    puts anywhere ("本年数与上年\\n数持平")."""
    clause, offsets = phrases.compact_with_offsets(scan, lo, hi)
    out: list[Worded] = []
    flat = phrases.FLAT_AFTER.fullmatch(clause) or phrases.FLAT.search(clause)
    if flat is not None:
        head = phrases.strip_framing(phrases.clean(flat.group("head")))
        year = int(flat.group("year")) if flat.group("year") else None
        start, end = offsets[flat.start("flat")], offsets[flat.end("flat") - 1] + 1
        hedged = flat.group("hedge") is not None
        head = lexicon.split_statistic(head)[1] if head else ""
        out.append(Worded("flat", head, start, end, year, hedged))
    if not in_table_note:
        for none in phrases.NONE.finditer(clause):
            start, end = offsets[none.start()], offsets[none.end() - 1] + 1
            for part in phrases.none_parts(none.group("what")):
                out.append(
                    Worded("none", lexicon.split_statistic(phrases.strip_framing(part))[1], start, end)
                )
    return out


class WordStatements:
    """Publishes the statements in words of a document's sentences, for its narrative reader."""

    def __init__(self, parser: NarrativeParser) -> None:
        self.parser = parser

    def read(self, state: SentenceState, start: int, end: int, spans: list[tuple[int, int]]) -> None:
        """Changes and zeros the sentence states in words, in the clauses that hold no number."""
        if not might_state(self.parser.scan[start:end]):
            return
        in_note = bool(TABLE_NOTE.match(phrases.clean(self.parser.scan[start:end])))
        subject = state.subject
        anchors = [s for s, _ in spans]  # in order
        compared: int | None = None  # where a clause that only compares with last year begins
        for lo, hi in clauses(self.parser.scan, start, end):
            last = bisect_left(anchors, hi) - 1  # the clause's last number
            if last >= 0 and anchors[last] >= lo:
                subject = self._subject_at(anchors[last]) or subject
                compared = None
                continue
            lo, compared = (compared, None) if compared is not None else (lo, None)
            if phrases.COMPARED.fullmatch(phrases.compact_with_offsets(self.parser.scan, lo, hi)[0]):
                compared = lo  # "与2023年度相比，": read with the clause after it
                continue
            if not might_state(self.parser.scan[lo:hi]):
                continue
            for said in statements(self.parser.scan, lo, hi, in_note):
                if said.kind == "flat":
                    self._flat(said, state, subject)
                else:
                    target = self.parser.subjects.resolve(said.head, state.section)
                    if target is not None:
                        method = "zero stated in words (无…)"
                        self._emit_words(target, "level", said, state, method, self.parser.result.figures)

    def _subject_at(self, anchor: int) -> Subject | None:
        for figure in reversed(self.parser.result.figures):
            if figure.anchor == anchor and figure.item != "unmapped":
                return Subject((figure.item,), figure.fund, figure.nature, figure.function, figure.economic)
        return None

    def _flat(self, said: Worded, state: SentenceState, subject: Subject | None) -> None:
        head = said.head
        target = self.parser.subjects.resolve(head, state.section) if head else None
        if target is None and subject is not None:
            if not head or lexicon.GENERIC_VALUE.match(head) or restates(head, subject):
                target = subject
        if target is None or not target.items or subject_key(target) in state.changed:
            return
        year = said.year if said.year is not None else self.parser.fiscal_year - 1
        method = f"change stated in words ({self.parser.text[said.start : said.end]})"
        # a hedged flat states no 0: its subject is kept for the claim code, nothing is published
        into = self.parser.result.subjects if said.hedged else self.parser.result.figures
        self._emit_words(target, "change-amount", said, state, method, into, comparison_year=year)
        if not said.hedged:
            state.changed.add(subject_key(target))

    def _emit_words(
        self,
        target: Subject,
        statistic: str,
        said: Worded,
        state: SentenceState,
        method: str,
        into: list[Figure],
        **extra: object,
    ) -> None:
        span = self.parser.span(state.start, self.parser.sentence_end(said.end), state.section)
        for item in target.items:
            into.append(
                Figure(
                    item=item,
                    statistic=statistic,
                    measure=Measure.AMOUNT,
                    value=Decimal(0),
                    span=span,
                    stated_text=self.parser.text[said.start : said.end],
                    stated_unit=None,
                    fund=target.fund,
                    nature=target.nature,
                    function=target.function,
                    economic=target.economic,
                    anchor=said.start,
                    derived=True,
                    method=method,
                    **extra,  # type: ignore[arg-type]
                )
            )
