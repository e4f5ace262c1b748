"""The parts of a stated reason, each with the direction and the amount it states, and reasons repeated.

A reason often lists what moved: "基本支出增加1408.29万元、项目支出安排增加400万元", "一是人员经费增加；
二是公用经费减少". ``claims_reasons`` reads the one direction the reason points to, and none where its
parts point different ways: the change is then their balance. Where every part that names a direction
also states its amount, that balance is printed: the parts' amounts net to a rise or a fall, which the
rule claims-reason-parts compares with the change the reason explains. A part that names a direction
without an amount ("人员经费增加") leaves the balance open, and says so (``ReasonPart.amount`` None).

A part is a clause of the reason (cut at "，、；：" and at each cause of a list, "一是", "（2）"), read
with ``claims_reasons.cause_direction`` (its effect after 导致/相应, no negated word); clauses that
name no direction ("援疆") are no part. A clause that names both ways, or states several amounts, makes
the parts unread (no balance is claimed).

A reason printed again for another figure ("主要原因：…等原因减少支付。" under the totals and under the
财政拨款 totals) is the same words: where the copies differ in their direction words only, one of
them was changed (``repeats`` links the later copy to the first; ``word_directions`` is what each says).

A reason right after a change its sentence states with its number ("本年比上年减少161.96万元，下降了
4.39%，主要原因为…") explains that change even where the narrative reader read no change figure there
(a label's level): ``stated_change`` reads its direction from the words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from converter.parse.amounts import MONEY_WORDS, NUMBER_PATTERN, money_word, parse_number, to_yuan
from converter.parse.claims_reasons import (
    DIRECTION_WORDS,
    NEGATED,
    NEXT_CAUSE,
    ReasonDirection,
    cause_direction,
    word_direction,
)

# where a reason's clauses are cut
_CLAUSE_BREAK = re.compile(r"[，,、；;：:。]")
_AMOUNT = re.compile(rf"(?P<num>{NUMBER_PATTERN})(?P<unit>{MONEY_WORDS})")
_WORD = re.compile(
    "|".join(sorted((w for ws in DIRECTION_WORDS.values() for w in ws), key=len, reverse=True))
)
# the words a reason begins with, which copies may word differently ("主要原因是", "主要原因：", and the
# leads of claims_evidence.REASON that do not say 原因: "主要是由于", "主要是", "主要系")
_LEAD = re.compile(
    r"^(?:[^：:是为]{0,12}?原因(?:主要)?(?:是|为|在于)?|(?:这|此)?(?:主要|主要是|主要系|均|是|系)?(?:由于|因为)"
    r"|(?:这|此)?主要(?:是|系))[：:，,]?"
)
# a copy is a repeat only where its words are more than a generic phrase ("人员增加")
MIN_REPEATED = 12
# "本年比上年减少161.96万元，下降了4.39%，": a change against the previous year stated with its number
# right before a reason, in its sentence (its second clause, where printed, of the same direction)
_UP, _DOWN = "增加|增长|上升|提高", "减少|下降|降低"
_SIZE = rf"(?:{NUMBER_PATTERN})(?:{MONEY_WORDS}|%|％)"
STATED_CHANGE = re.compile(
    rf"(?:(?:与|较|比|同比)(?:上一?年度?|上年度|去年|(?:19|20)\d{{2}}年度?)|同比)(?:同期)?(?:相比|比较)?[，,]?"
    rf"(?:(?P<up>{_UP})|(?P<down>{_DOWN}))了?{_SIZE}"
    rf"(?:[，,](?:(?P<up2>{_UP})|(?P<down2>{_DOWN}))了?{_SIZE})?[，,]?$"
)
# what a masked direction word reads as (not a character of the text: "〇" prints in dates)
_MASK = "\u2015"


@dataclass(frozen=True)
class ReasonPart:
    """One clause of a reason that names a direction: its words, the direction, the amount it states."""

    words: str
    direction: str  # "increase" | "decrease"
    amount: Decimal | None = None  # yuan; None: no amount stated (or several)
    stated_text: str | None = None  # the amount as printed
    stated_unit: str | None = None


def clauses(words: str) -> list[str]:
    """The reason's clauses: cut at each clause break and before each cause of a list."""
    cuts = sorted(
        {m.end() for m in _CLAUSE_BREAK.finditer(words)} | {m.start() for m in NEXT_CAUSE.finditer(words)}
    )
    bounds = [0, *cuts, len(words)]
    pieces = (words[a:b].strip("，,、；;：:。") for a, b in zip(bounds, bounds[1:], strict=False))
    return [p for p in pieces if p]


def reason_parts(words: str) -> list[ReasonPart]:
    """The parts of a reason that name a direction, in order; none where one clause names both ways
    (its balance is not read)."""
    parts: list[ReasonPart] = []
    for clause in clauses(words):
        read = cause_direction(clause)
        if read is False:
            return []
        if not isinstance(read, ReasonDirection):
            continue
        amounts = list(_AMOUNT.finditer(clause))
        if len(amounts) != 1:
            parts.append(ReasonPart(clause, read.direction))
            continue
        num, unit = amounts[0].group("num"), money_word(amounts[0].group("unit"))
        parts.append(ReasonPart(clause, read.direction, to_yuan(parse_number(num), unit), num, unit))
    return parts


def word_directions(words: str) -> str:
    """The directions of the reason's direction words in order, no negated word ("decrease increase")."""
    found = [m for m in _WORD.finditer(words) if not NEGATED.search(words, 0, m.start())]
    return " ".join(word_direction(m.group(0)) for m in found)


def masked(words: str) -> str:
    """The reason's words without its lead ("主要原因是") and with each direction word masked: two
    reasons that differ in their direction words only mask alike."""
    return _WORD.sub(_MASK, _LEAD.sub("", words))


def repeats(reasons: list[str]) -> list[int | None]:
    """For each reason (in text order), the index of the first earlier reason of the same words but for
    its direction words, or None."""
    first: dict[str, int] = {}
    out: list[int | None] = []
    for i, words in enumerate(reasons):
        key = masked(words)
        if len(key) < MIN_REPEATED or _MASK not in key:
            out.append(None)
            continue
        out.append(first.get(key))
        first.setdefault(key, i)
    return out


class _Reason(Protocol):
    words: str
    repeats: Any


def link_repeats(reasons: Sequence[_Reason]) -> None:
    """Each reason (in text order) linked to the first earlier one it repeats (``repeats``)."""
    for reason, first in zip(reasons, repeats([r.words for r in reasons]), strict=True):
        if first is not None:
            reason.repeats = reasons[first]


def stated_change(compact: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The change against the previous year that the words right before ``end`` state with its
    number (compact offsets and its direction), or None: none, or its two clauses point different ways."""
    found = STATED_CHANGE.search(compact, start, end)
    if found is None:
        return None
    first = "increase" if found.group("up") else "decrease"
    if (found.group("up2") or found.group("down2")) and (first == "increase") != bool(found.group("up2")):
        return None
    return found.start(), found.end(), first
