"""The narrative's one pass over a sentence answers what reading from the sentence's start answers."""

from __future__ import annotations

import random

from converter.parse import phrases
from converter.parse.narrative import BARE_ZERO_CONTEXT, TOKEN
from converter.parse.sentence_walk import AFTER_BREAK, CLAUSE_BREAK, SentenceWalk

# characters that make breaks, thousands separators, parentheses, white space and 、 likely
ALPHABET = "，；：;:,。、（）() \u3000\n“”*0123456789.支出收入经费预算决数为是金额元万"


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 120))) for _ in range(count)]


def _naive_break(scan: str, lo: int, hi: int) -> int | None:
    found = None
    for brk in CLAUSE_BREAK.finditer(scan, lo, hi):
        found = brk.end()
    return found


def test_last_break_and_parentheses_as_read_from_the_start() -> None:
    compared = 0
    for text in _texts(400, seed=12):
        scan = "前文。" + text + "。后文"
        start, end = 3, 3 + len(text)
        walk = SentenceWalk(scan, start, end)
        previous_end = start
        for match in TOKEN.finditer(scan, start, end):
            assert walk.last_break(previous_end, match.start()) == _naive_break(
                scan, previous_end, match.start()
            )
            opened = scan.count("（", start, match.start()) + scan.count("(", start, match.start())
            closed = scan.count("）", start, match.start()) + scan.count(")", start, match.start())
            assert walk.inside_parentheses(match.start()) == (opened > closed)
            if match.end() % 3 == 0:  # as a number with a unit moves the phrase's start on
                previous_end = match.end()
            compared += 1
    assert compared > 1000


def test_a_comma_before_a_number_breaks_the_clause_only_up_to_the_number() -> None:
    scan = "收入,100万元，支出,2,345万元"
    walk = SentenceWalk(scan, 0, len(scan))
    assert walk.last_break(0, 3) == 3  # "收入," then the number: its look-ahead stops at the number
    assert walk.last_break(0, len(scan)) == _naive_break(scan, 0, len(scan))


def test_clean_tail_decides_an_end_anchored_context_as_the_whole_phrase() -> None:
    decided = 0
    for text in _texts(2000, seed=7):
        whole = phrases.clean(text)
        tail = phrases.clean_tail(text, 0, len(text))
        assert whole.endswith(tail) or tail.endswith(whole)
        if len(tail) < 8:  # the whole phrase was read
            assert tail == whole
        assert bool(BARE_ZERO_CONTEXT.search(tail)) == bool(BARE_ZERO_CONTEXT.search(whole))
        decided += bool(BARE_ZERO_CONTEXT.search(whole))
    assert decided > 10


def test_clean_head_and_clause_end_as_read_in_full() -> None:
    for text in _texts(1000, seed=3):
        for keep in (1, 12):
            assert phrases.clean_head(text, 0, len(text), keep) == phrases.clean(text)[:keep]
        walk = SentenceWalk(text, 0, len(text))
        for offset in range(0, len(text) + 1, 7):
            found = AFTER_BREAK.search(text, offset, len(text))
            assert walk.clause_end(offset) == (found.start() if found else len(text))
