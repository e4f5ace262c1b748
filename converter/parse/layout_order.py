"""The order in which a text table's header prints the columns of a standard layout.

``template.LAYOUTS`` lists each standard header's columns in the order the national template prints
them, but provinces print the same columns in other orders (项目支出 / 基本支出 / 合计; 事业收入 before
财政拨款收入). A layout matched by its words must take the order of the header as printed, never its
own: a number placed under the template's n-th column would be published under a wrong one. The
layout's paths are a tree (合计/预算数, 合计/决算数, 因公出国（境）费/预算数 …); each node's children are
ordered by where a header line prints them all (a browser's copy of a stacked header prints each
merged cell once: the top cells on one line, their children on the next). Knows the template's paths,
not RDF.
"""

from __future__ import annotations

import re

__all__ = ["matches_name", "printed_order"]


def _compact(text: str) -> str:
    return re.sub(r"[\s“”\"()（）]", "", text)


def _within(name: str, word: str) -> bool:
    """``word`` holds ``name``'s characters in order ("公务用车运行费" in "公务用车运行维护费")."""
    rest = iter(word)
    return all(ch in rest for ch in name)


def _matches(name: str, word: str) -> bool:
    """``word`` (a printed header cell) is the column ``name``: the same words, the name within it
    ("购置费" in "公务用车购置费"), or its characters in order (a province's longer name)."""
    return bool(name and word) and (name == word or name in word or _within(name, word))


def matches_name(name: str, word: str) -> bool:
    """``word`` (a printed header cell, compacted) is the layout's column ``name`` (see ``_matches``)."""
    return _matches(name, word)


def _place(names: list[str], words: list[str]) -> list[int] | None:
    """Each name's word in ``words``: the word that is it exactly, else the shortest that holds it, else
    the shortest that holds its characters in order; one word each, or None."""
    out: list[int] = []
    for name in names:
        free = [k for k in range(len(words)) if k not in out]
        exact = [k for k in free if words[k] == name]
        inside = [k for k in free if name in words[k]]
        # the word nearest the name: "公务用车运行维护费" for 公务用车运行费, not "公务用车购置及运行维护费"
        found = sorted(
            exact or inside or [k for k in free if _matches(name, words[k])], key=lambda k: len(words[k])
        )
        if not found:
            return None
        out.append(found[0])
    return out


def _ordered(children: list[str], lines: list[list[str]]) -> list[str] | None:
    """``children`` in the order of the first header line that prints each of them (or two lines
    running on: a row cut where a 小计 begins a line of its own, ``template.SUBHEADER_OPENERS``)."""
    if len(children) < 2:
        return children
    for words in [*lines, *(a + b for a, b in zip(lines, lines[1:], strict=False))]:
        at = _place(children, words)
        if at is not None:
            return [c for _, c in sorted(zip(at, children, strict=True))]
    return None


def _leaves(
    prefix: tuple[str, ...], paths: list[tuple[str, ...]], lines: list[list[str]]
) -> list[int] | None:
    """The indices of ``paths`` under ``prefix``, in printed order."""
    depth = len(prefix)
    under = [i for i, p in enumerate(paths) if p[:depth] == prefix]
    here = [i for i in under if len(paths[i]) == depth]  # the prefix is itself a column
    children: list[str] = []
    for i in under:
        if len(paths[i]) > depth and paths[i][depth] not in children:
            children.append(paths[i][depth])
    order = _ordered(children, lines)
    if order is None:
        return None
    out = list(here)
    for child in order:
        below = _leaves((*prefix, child), paths, lines)
        if below is None:
            return None
        out += below
    return out


def printed_order(columns: list[str], header: str, words_of) -> list[int] | None:
    """The indices of ``columns`` (a layout's paths) in the order ``header`` prints them (its lines'
    words by ``words_of``), or None where the header does not show it (a header printed one cell per
    line, a word not printed)."""
    lines = [[_compact(w) for w in words_of(line)] for line in header.split("\n") if line.strip()]
    singles = [w for w in lines if len(w) == 1]
    if len(singles) > 1:
        lines.append([w[0] for w in singles])  # a header printed one cell per line, read as one line
    paths = [tuple(_compact(p) for p in c.split("/") if _compact(p)) for c in columns]
    order = _leaves((), paths, lines)
    return order if order is not None and sorted(order) == list(range(len(columns))) else None
