"""Which other items of the document a "主要用于 …" description uses the words of (the document's own
items are the witness): a description copied from a neighbouring paragraph keeps the words of the item it
was written for (信息化系统日常维护费 under 一般行政管理事务, next to a 信息化建设 item) though it rarely
prints that item's label, which the national list's names alone would read.

A word is two characters of an item's name outside the words any description uses of any item
(``evidence_words.ITEM_NAME_GENERIC``: 支出, 单位, 人员, 经费 …). A description that shares a word with
its own item's 类/款/项 names echoes nothing: it paraphrases its own item, or merely generalises.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from converter.parse import evidence_words as words
from converter.resolve.classification import function_classification


@lru_cache(maxsize=4096)
def name_words(name: str) -> frozenset[str]:
    """The words of an item's name: its two-character pieces, the generic words left out."""
    pieces = words.ITEM_NAME_GENERIC.split(name)
    return frozenset(p[i : i + 2] for p in pieces for i in range(len(p) - 1))


def _labels(code: str) -> list[str]:
    """The national names of the item and of each level above it (its 类 and 款)."""
    entries = function_classification().entries
    return [entries[c].label for c in (code[:3], code[:5], code) if c in entries]


def echoed(body: str, code: str, printed: Iterable[str], items: Iterable[str]) -> list[str]:
    """The items of ``items`` (the document's codes) other than ``code`` whose names' words ``body``
    uses, when it uses none of its own item's (``printed``: the 类/款/项 names the document prints)."""
    said = {body[i : i + 2] for i in range(len(body) - 1)}
    own = frozenset().union(*(name_words(n) for n in [*printed, *_labels(code)]))
    if said & own:
        return []
    entries = function_classification().entries
    return [
        other
        for other in sorted(set(items))
        if other != code and other in entries and name_words(entries[other].label) & said
    ]
