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

from converter.model import ConceptRef
from converter.parse import evidence_words as words
from converter.resolve.classification import DocumentCodes, function_classification


@lru_cache(maxsize=4096)
def name_words(name: str) -> frozenset[str]:
    """The words of an item's name: its two-character pieces, the generic words left out."""
    return frozenset().union(*(_pairs(piece) for piece in words.ITEM_NAME_GENERIC.split(name)))


def _pairs(text: str) -> frozenset[str]:
    """The two-character pieces of ``text`` (overlapping)."""
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


class DocumentItems:
    """The function classification items a document prints (its figures' codes, their names as its
    tables print them): witnesses for the items of its descriptions the national list lacks, and the
    names a description may echo."""

    def __init__(self, refs: Iterable[ConceptRef]) -> None:
        refs = [r for r in refs if r.scheme == "function"]
        self.codes = DocumentCodes(refs, function_classification())
        self.names: dict[str, set[str]] = {}  # code -> its national label and its name as printed
        self.described(r.code for r in refs)

    def _names(self, code: str) -> set[str]:
        label = function_classification().label(code)
        printed = self.codes.names.get(code)
        return {n for n in (label, printed) if n}

    def resolve(self, names: list[str]) -> str | None:
        """The 项 a description's 类/款/项 path names among the document's own lines."""
        ref = self.codes.resolve(names, "".join(names))
        return ref.code if ref is not None and len(ref.code) == 7 else None

    def described(self, codes: Iterable[str]) -> None:
        """The items the descriptions are of: printed by the document too."""
        for code in codes:
            self.names.setdefault(code, set()).update(self._names(code))

    def levels(self, code: str) -> list[str]:
        """The names of the item and of each level above it (its 类 and 款)."""
        out: list[str] = []
        for c in (code[:3], code[:5], code):
            out += self.names.get(c) or self._names(c)
        return out


def echoed(body: str, code: str, printed: Iterable[str], items: DocumentItems) -> list[str]:
    """The 款 and 项 the document prints other than ``code`` whose names' words ``body`` uses, when it uses
    none of its own item's (``printed``: the 类/款/项 names the description's path prints)."""
    said = _pairs(body)
    own = frozenset().union(*(name_words(n) for n in [*printed, *items.levels(code)]))
    if said & own:
        return []
    # a 类 names a field (社会保障和就业: 社会保险 is said of 医疗 too), not a line of it
    lines = [c for c in sorted(items.names) if len(c) > 3 and c != code]
    return [c for c in lines if _uses(items.names[c], said)]


def _uses(names: Iterable[str], said: frozenset[str]) -> bool:
    return any(name_words(n) & said for n in names)


def copied(described: list[tuple[str, str]], items: DocumentItems) -> dict[int, list[str]]:
    """For each description (``described``: its item's code and body, in order) the other items the
    document describes in the same words, where the two items bear different names, neither is above
    the other, and the description uses no word of its own item's name: a paragraph's 主要用于 text
    pasted under another item (局财政业务指导与宣传等基本支出 under both 行政运行 and 一般行政管理事务)
    names the item it was written for though it shares no word with any name. Where the text is of one of
    them, that one uses its own name's words (退休人员经费支出 under 行政单位离退休): only the other is read
    as a copy."""
    by_body: dict[str, list[str]] = {}
    for code, body in described:
        by_body.setdefault(body, []).append(code)
    out: dict[int, list[str]] = {}
    for i, (code, body) in enumerate(described):
        names = items.names.get(code) or items.levels(code)[-1:]
        own = frozenset().union(*(name_words(n) for n in names))
        if own & _pairs(body):
            continue
        others = [
            c
            for c in dict.fromkeys(by_body[body])
            if not c.startswith(code)
            and not code.startswith(c)
            and not (items.names.get(c, set()) & set(names))
        ]
        if others:
            out[i] = others
    return out
