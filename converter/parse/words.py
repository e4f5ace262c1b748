"""Figures a sentence states in words, with no number: a change ("与上年持平", "比2023年预算持平",
"本年数与上年数持平": a change of 0) and a zero ("无政府性基金预算财政拨款收入和支出": 0 each).

Only clauses that hold no number are read here, and only wording that compares with a year (an
approximate "基本持平" is no statement of 0). A note under a table ("注：本部门无…，故本表无数据") is
the table reader's to read. The narrative reader resolves what each statement is about and publishes
it marked as read from words (``derived``, with the wording as its method).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from converter.parse import lexicon, phrases

_TRIGGERS = re.compile(r"持平|一致|相同|变化|无|没有")
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
    flat = phrases.FLAT.search(clause)
    if flat is not None and flat.group("hedge") is None:
        head = phrases.strip_framing(phrases.clean(flat.group("head")))
        year = int(flat.group("year")) if flat.group("year") else None
        start, end = offsets[flat.start("flat")], offsets[flat.end("flat") - 1] + 1
        out.append(Worded("flat", lexicon.split_statistic(head)[1] if head else "", start, end, year))
    if not in_table_note:
        for none in phrases.NONE.finditer(clause):
            start, end = offsets[none.start()], offsets[none.end() - 1] + 1
            for part in phrases.none_parts(none.group("what")):
                out.append(
                    Worded("none", lexicon.split_statistic(phrases.strip_framing(part))[1], start, end)
                )
    return out
