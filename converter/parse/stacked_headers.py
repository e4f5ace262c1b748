"""A text table's header printed over several lines with each merged cell once: its columns, by arithmetic.

A browser copies a table's header row by row, a cell spanning several columns or rows once, in its
first row: "科目编码 科目名称 本年收入合计 财政拨款收入 事业收入 其他收入" above "金额 其中：教育收费".
Which cell of the line above the second line's words belong under is not printed. Each way of putting
each line's words, as consecutive runs, under cells of the line above gives a column list (paths such
as "事业收入/金额"); those with as many columns as the rows print values are kept, and the table's own
arithmetic chooses among them: a 合计 / 小计 (or a group's first "金额") is the sum of its siblings, a
"其中" column is in no sum, and the candidate whose sums most rows keep is the header. When the rows do
not decide, nothing is chosen. Knows the template's column words, not RDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from converter.parse.column_inference import Columns, decimal, header_words, label_word, sums_hold, tolerance
from converter.parse.tables import TableRow

__all__ = ["stacked_columns"]

_TOTAL = re.compile(r"(?:合计|小计|总计)$|^金额$")
_OF_WHICH = re.compile(r"^其中")
_MAX_CANDIDATES = 4000
_META = re.compile(r"(?:单位|部门|日期)(?:名称)?[：:]|[：:]$")  # the unit and department lines


@dataclass
class _Node:
    name: str
    children: list[_Node] = field(default_factory=list)


def _groupings(parents: int, words: int, fewest: int, most: int) -> Iterator[list[tuple[int, int, int]]]:
    """Ways to cut ``words`` consecutive words into runs, each under a distinct parent in order, with
    ``fewest`` to ``most`` runs: (parent, first word, end) triples."""

    def place(p: int, w: int, runs: int) -> Iterator[list[tuple[int, int, int]]]:
        if w == words:
            if runs >= fewest:
                yield []
            return
        if runs >= most:
            return
        for parent in range(p, parents):
            for end in range(w + 1, words + 1):
                for rest in place(parent + 1, end, runs + 1):
                    yield [(parent, w, end), *rest]

    yield from place(0, 0, 0)


def _trees(lines: list[list[str]], width: int) -> Iterator[list[_Node]]:
    """Every header tree the lines can be with ``width`` columns: the first line's words the top
    cells, each further line's words under cells of the line before. Putting k words under g cells
    adds k - g columns, so the runs each line may be cut into are bounded by the width and by what
    the lines after it can still add."""
    sizes = [len(line) for line in lines]
    # the fewest and the most columns the lines after line i can add (each under 1 .. k cells)
    least = [
        sum(sizes[j] - min(sizes[j], sizes[j - 1]) for j in range(i + 1, len(sizes)))
        for i in range(len(sizes))
    ]
    most = [sum(sizes[j] - 1 for j in range(i + 1, len(sizes))) for i in range(len(sizes))]
    level = [_Node(w) for w in lines[0]]
    if len(level) + least[0] <= width <= len(level) + most[0]:
        yield from _grow(level, level, lines, 1, len(level), width, (least, most))


def _grow(
    top: list[_Node],
    last: list[_Node],
    lines: list[list[str]],
    i: int,
    leaves: int,
    width: int,
    bounds: tuple[list[int], list[int]],
) -> Iterator[list[_Node]]:
    if i == len(lines):
        if leaves == width:
            yield top
        return
    words = lines[i]
    least, most = bounds
    fewest = max(1, leaves + len(words) - (width - least[i]))
    runs = min(len(words), len(last), leaves + len(words) - (width - most[i]))
    if fewest > runs:
        return
    for grouping in _groupings(len(last), len(words), fewest, runs):
        for node in last:
            node.children = []
        created: list[_Node] = []
        for parent, a, b in grouping:
            children = [_Node(w) for w in words[a:b]]
            last[parent].children = children
            created.extend(children)
        yield from _grow(top, created, lines, i + 1, leaves + len(words) - len(grouping), width, bounds)
    for node in last:
        node.children = []


def _total_of(nodes: list[_Node]) -> _Node | None:
    """The siblings' total: the first whose name is one (合计, 小计, a group's 金额), else None."""
    return next((n for n in nodes if _TOTAL.search(n.name)), None)


def _value_leaves(node: _Node, index: dict[int, int]) -> list[int]:
    """The leaves whose sum is the node's value: itself, its total child (first or not: another
    province prints it last), or its parts' values."""
    if not node.children:
        return [index[id(node)]]
    total = _total_of(node.children)
    if total is not None:
        return _value_leaves(total, index)
    return [
        leaf
        for child in node.children
        if not _OF_WHICH.match(child.name)
        for leaf in _value_leaves(child, index)
    ]


def _sums(nodes: list[_Node], index: dict[int, int]) -> list[tuple[int, tuple[int, ...]]]:
    """A group of siblings one of which is a total (first, or wherever the province prints it): the
    total is the sum of the others (其中 apart)."""
    out: list[tuple[int, tuple[int, ...]]] = []
    total = _total_of(nodes) if len(nodes) > 1 else None
    if total is not None and not total.children:
        parts = [
            leaf
            for n in nodes
            if n is not total and not _OF_WHICH.match(n.name)
            for leaf in _value_leaves(n, index)
        ]
        if parts:
            out.append((index[id(total)], tuple(sorted(parts))))
    for node in nodes:
        if node.children:
            out.extend(_sums(node.children, index))
    return out


def _columns(top: list[_Node]) -> Columns:
    index: dict[int, int] = {}
    names: list[str] = []

    def number(node: _Node, prefix: str) -> None:
        path = f"{prefix}/{node.name}" if prefix else node.name
        if not node.children:
            index[id(node)] = len(names)
            names.append(path)
        for child in node.children:
            number(child, path)

    for node in top:
        number(node, "")
    return Columns(names, _sums(top, index), "stacked")


def _vectors(rows: list[TableRow], width: int) -> list[dict[int, Decimal]]:
    """Each row's values by column, where its text places them (tab fields) or it prints them all."""
    out = []
    for row in rows:
        keys = sorted(row.cells, key=lambda k: int(k[1:]))
        values = [decimal(row.cells[k].text) for k in keys]
        if len(values) < 2 or any(v is None for v in values):
            continue
        fields = row.positions if row.positions and len(row.positions) == len(values) else None
        if fields is None and len(values) == width:
            fields = tuple(range(width))
        if fields is not None and max(fields) < width:
            out.append(dict(zip(fields, values, strict=True)))  # type: ignore[arg-type]
    return out


def header_lines(header: str) -> list[list[str]]:
    """The header's lines as words of amount columns (the code and label columns' words dropped)."""
    out = []
    for line in header.split("\n"):
        words = [w for w in header_words(line) if not label_word(w) and not _META.search(w)]
        if words:
            out.append(words)
    return out


def stacked_columns(header: str, rows: list[TableRow], width: int) -> Columns | None:
    """The column list the header's lines stack to, with ``width`` columns, that the rows' sums
    choose; None when the header is one line, no candidate has that width, or the rows do not decide."""
    lines = header_lines(header)
    if len(lines) < 2 or width < 2:
        return None
    vectors = _vectors(rows, width)
    texts = [v.text for row in rows for v in row.cells.values()]
    tol = tolerance(texts)
    best: list[Columns] = []
    best_score = 0
    for count, top in enumerate(_trees(lines, width)):
        if count > _MAX_CANDIDATES:
            return None  # too many ways: nothing is proven
        columns = _columns(top)
        if not columns.sums:
            continue
        score = sum(1 for v in vectors if sums_hold(v, columns.sums, tol))
        if score > best_score:
            best, best_score = [columns], score
        elif score == best_score and score:
            best.append(columns)
    names = {tuple(c.names) for c in best}
    return best[0] if len(names) == 1 else None
