"""The direction a stated reason points to ("主要原因是…减少"), read from its words.

A reason is prose, not a figure: its direction is published only where the words name one clearly,
and the rules that compare it with the change it explains report a Warning. Read on the text without
white space (``claims_evidence._Text.compact``):

- a reason that lists its causes ("一是…增加；二是…减少", "（1）…；（2）…") is read over all of them, the
  ``；`` between them included; causes that point different ways are no one direction (no
  contradiction either: the change is their balance);
- within one cause, the words after a consequence ("…调整，导致支出减少", "…增加，支出相应增加") state
  the direction of what is explained, the words before it the cause of the cause;
- a cause that cuts a cost (压减, 节约, 压缩 …) points to a fall even beside words of an effort
  ("提高资金使用效益，压减一般性支出": 提高 is no amount);
- a direction word after a negation ("未增加") says nothing; "增减" and "相抵" name both ways;
- a change the reason restates with its number ("较上一度增加1133.95万元") is a figure of its own: the
  reason's direction is that of its words without a number, where it has any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The words of a direction. A word preceded by a negation ("未增加") says nothing.
DIRECTION_WORDS: dict[str, tuple[str, ...]] = {
    "increase": ("增加", "增长", "新增", "提高", "上升", "增多", "扩大", "上涨", "加大", "超支"),
    "decrease": ("减少", "下降", "降低", "压减", "调减", "缩减", "压缩", "减支", "缩小", "节约", "核减"),
}
NEGATION = ("未", "没有", "不", "无")
# words that cut a cost: a fall of what is spent, whatever effort the cause also names
SAVING = ("压减", "节约", "压缩", "核减", "调减", "缩减", "减支")
# increase words that as often name an effort as an amount ("提高效率", "加大力度", "扩大覆盖面")
EFFORT = ("提高", "加大", "扩大")
# the words after which a cause states its effect
CONSEQUENCE = re.compile(r"导致|致使|使得|造成|从而|因而|因此|相应|所以")
# the first cause of a list, and each cause after it ("一是", "（1）", "1、", "其一", "第一")
_ORDINAL = r"[一二三四五六七八九十]"
FIRST_CAUSE = re.compile(r"[：:]?(?:一是|其一|第一|[（(][1一][)）]|1[、.．](?!\d))")
NEXT_CAUSE = re.compile(
    rf"(?:{_ORDINAL}是|其{_ORDINAL}|第{_ORDINAL}|[（(](?:\d|{_ORDINAL})[)）]|\d[、.．](?!\d))"
)
# where a sentence ends; "；" ends a cause of a list only
_END = re.compile(r"[。！？!?]")
_SEMICOLON = re.compile(r"[；;]")

_DIRECTION = re.compile(
    "|".join(f"(?P<{d}{i}>{w})" for d, words in DIRECTION_WORDS.items() for i, w in enumerate(words))
)
_STATES_NUMBER = re.compile(r"了?(?:约|近|超过)?\d")
# a direction word just after a negation ("未增加")
NEGATED = re.compile(f"(?:{'|'.join(NEGATION)})$")


_ANY = "|".join(w for words in DIRECTION_WORDS.values() for w in words)
# "项目支出增加，较上一度增加1133.95万元": a clause that names a direction, then the change with its
# number in a comparison that names no subject of its own (it continues the clause before)
RESTATED = re.compile(
    rf"(?P<words>[^，,。；;：:、]{{1,30}}?(?P<first>{_ANY}))[，,](?:较|比|同比|与)[^，,。；;\d]{{0,12}}?"
    rf"(?P<second>{_ANY})了?(?:约|近)?(?P<num>\d)"
)


def word_direction(word: str) -> str:
    return next(d for d, words in DIRECTION_WORDS.items() if word in words)


@dataclass(frozen=True)
class ReasonDirection:
    """The direction a reason's words point to and the words that say it."""

    direction: str  # "increase" | "decrease"
    words: str  # the direction words read, joined by "、"


def reason_end(compact: str, start: int, end: int) -> int:
    """Where the reason beginning at ``start`` ends: its sentence's ``end``, or, for a list of causes
    ("：一是…；二是…；三是…。"), past each ``；`` that another cause follows."""
    if not FIRST_CAUSE.match(compact, start):
        return end
    while end < len(compact) and compact[end - 1] in "；;" and NEXT_CAUSE.match(compact, end):
        stop = _END.search(compact, end)
        semicolon = _SEMICOLON.search(compact, end)
        candidates = [m.end() for m in (stop, semicolon) if m is not None]
        end = min(candidates) if candidates else len(compact)
    return end


def _words(text: str) -> list[tuple[str, str]]:
    """(direction, word) of each direction word of ``text`` no negation precedes. Words that state a
    number ("较上一度增加1133.95万元") restate a change, a figure of its own: where the reason has words
    of its own ("项目支出减少，较上一度增加1133.95万元"), those are its direction."""
    found = [
        (m.lastgroup.rstrip("0123456789"), m.group(0), bool(_STATES_NUMBER.match(text, m.end())))
        for m in _DIRECTION.finditer(text)
        if m.lastgroup and not NEGATED.search(text, 0, m.start())
    ]
    own = [(d, w) for d, w, numbered in found if not numbered]
    return own or [(d, w) for d, w, _ in found]


def cause_direction(cause: str) -> ReasonDirection | None | bool:
    """The direction one cause points to; None where it names none, False where it names both."""
    found = _words(cause)
    effect = list(CONSEQUENCE.finditer(cause))
    if effect:
        after = _words(cause[effect[-1].end() :])
        found = after or found
    directions = {d for d, _ in found}
    if len(directions) == 2 and any(w in SAVING for _, w in found):
        found = [(d, w) for d, w in found if not (d == "increase" and w in EFFORT)]
        directions = {d for d, _ in found}
    if not directions:
        return None
    if len(directions) > 1:
        return False
    return ReasonDirection(directions.pop(), "、".join(dict.fromkeys(w for _, w in found)))


def causes(words: str) -> list[str]:
    """The causes a reason lists ("一是…；二是…"), or the reason whole."""
    if not FIRST_CAUSE.match(words):
        return [words]
    cuts = [m.start() for m in NEXT_CAUSE.finditer(words) if m.start() > 0]
    bounds = [0, *cuts, len(words)]
    return [words[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if words[a:b]]


def reason_direction(words: str) -> ReasonDirection | None:
    """The one direction the words of a reason point to, or None (none, both, or causes that point
    different ways)."""
    if "增减" in words or "相抵" in words:
        return None
    read = [cause_direction(cause) for cause in causes(words)]
    if any(r is False for r in read):
        return None
    stated = [r for r in read if isinstance(r, ReasonDirection)]
    if not stated or len({r.direction for r in stated}) > 1:
        return None
    return ReasonDirection(stated[0].direction, "、".join(dict.fromkeys(r.words for r in stated)))
