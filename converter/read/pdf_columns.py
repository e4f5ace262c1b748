"""Rows of tables a PDF prints without ruling lines, written as tab-separated cells.

Many publishers print the template's tables with no grid, only a horizontal rule or two (a 三线表), or
none at all: a spreadsheet exported with its borders off. Read as plain lines, such a table loses what a
person sees at once, which column a number stands in: a blank cell leaves no trace. Here a run of lines
that prints amounts in aligned columns is found, the columns its rows share are measured (amounts are
right-aligned, labels and codes left-aligned, a column left blank in every row still has its header
word), and each row of amounts is written with one tab-separated cell per column, blank cells kept, the
way a browser copies a table. The text-table reader (``converter.parse.text_tables``) then reads it as
it reads any tab-separated table.

Works on characters with positions only (``x0``, ``x1``, ``top``, ``bottom``, ``ch``) and on lines
holding them; knows no template word except that a line stating the unit ("单位：万元") is no row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class CharLike(Protocol):
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float


class LineLike(Protocol):
    chars: list
    top: float
    bottom: float


_GAP = 1.0  # a gap this many character sizes wide separates two cells of a row
_SPACE = 0.35  # a gap this many character sizes wide inside a cell is a space
_AMOUNT = re.compile(r"^[-−]?\(?[\d,，]*\d(?:\.\d+)?\)?%?$")
_DECIMAL = re.compile(r"\d\.\d{1,2}%?\)?$")
_NOT_ROW = re.compile(r"单位\s*[：:]|第\s*\d+\s*页")  # the unit line, a page footer
_PROSE = re.compile(r"[。，；]")  # a sentence's punctuation: a line of prose, never a table's row
_HEADER_REACH = 8  # header lines above a table's first row of amounts
_ROW_GAP = 2.5  # a vertical gap this many line heights wide ends a table
_SPACING = 1.3  # or this many times the widest gap between its rows so far
_WRAPPED = 1.4  # lines of a wrapped label stand closer than this many character sizes apart
# what a row's label begins with, never a wrapped label's continuation: a number, a code, a total
_ROW_START = re.compile(
    r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|\d{3}|其中|合计|总计|小计)"
)
_HEAD_OFFSET = 3.0  # a header word this many character sizes left of its column's amounts heads them
_ONE_ROW = 3  # a table of one row prints this many amounts at least, and nothing else
_HEADER_WRAP = 2.0  # a header word's wrapped lines stand closer than this many character sizes apart
_SPACED = 4.0  # one-character words this many character sizes apart at most are a word spaced out
_CODE_HEADS = {"类", "款", "项"}  # the code columns' one-character heads: never a word spaced out
_SLOT = 0.3  # a header word over this much of a column's room heads it


@dataclass
class Token:
    """A run of characters of one line with no cell-wide gap inside."""

    chars: list
    x0: float
    x1: float
    spaced: bool = False  # a header's one-character word, or a run of them spaced out (letter spacing)

    @property
    def text(self) -> str:
        """The token's characters in reading order: a label wrapped over two lines inside one row
        ("机关事业单位基本养老保险" over "缴费支出") is its upper line, then its lower one."""
        out: list[str] = []
        for line in _sub_lines(self.chars):
            for prev, c in zip([None, *line], line, strict=False):
                if prev is not None and c.x0 - prev.x1 > _SPACE * _size([prev, c]):
                    out.append(" ")
                out.append(c.ch)
        return "".join(out)

    @property
    def is_amount(self) -> bool:
        return bool(_AMOUNT.match(self.text.replace(" ", "")))


def _sub_lines(chars: Sequence[CharLike]) -> list[list[CharLike]]:
    """Characters grouped by the line they stand on (their centres half a character apart or more),
    top to bottom, each line left to right."""
    if not chars:
        return []
    heights = sorted(c.bottom - c.top for c in chars)
    step = 0.5 * max(heights[len(heights) // 2], 1.0)
    lines: list[list[CharLike]] = []
    for c in sorted(chars, key=lambda c: (c.top + c.bottom) / 2):
        centre = (c.top + c.bottom) / 2
        if lines and centre - sum((d.top + d.bottom) / 2 for d in lines[-1]) / len(lines[-1]) < step:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _size(chars: Sequence[CharLike]) -> float:
    """The characters' size: a glyph's width, or half its box's height for a narrow one (a digit).
    Loose character boxes are often twice as tall as the glyph, so heights alone mislead."""
    sizes = sorted(max(c.x1 - c.x0, 0.5 * (c.bottom - c.top)) for c in chars)
    return max(sizes[len(sizes) // 2], 1.0) if sizes else 1.0


def tokens_of(line: LineLike, numbers_apart: bool = False) -> list[Token]:
    """The line's cells: runs of characters a cell-wide gap apart. ``numbers_apart`` (a table's row):
    a number holds no blank, so an amount a blank apart from its neighbour is a cell of its own,
    however narrow the gap."""
    chars = sorted(line.chars, key=lambda c: c.x0)
    size = _size(chars)
    out: list[Token] = []
    for c in chars:
        numbers = numbers_apart and out and (out[-1].chars[-1].ch.isdigit() or c.ch.isdigit() or c.ch in "-−")
        apart = numbers and c.x0 - out[-1].x1 > _SPACE * size
        if out and c.x0 - out[-1].x1 <= _GAP * size and not apart:
            out[-1].chars.append(c)
            out[-1].x1 = max(out[-1].x1, c.x1)
        else:
            out.append(Token([c], c.x0, c.x1))
    return out


def _kind(tokens: list[Token]) -> str:
    """'row' (amounts beside other cells), 'cells' (several cells, no amount), 'one' or 'none'."""
    text = "".join(t.text for t in tokens)
    if _NOT_ROW.search(text) or _PROSE.search(text):
        return "none"
    if len(tokens) >= 2 and any(t.is_amount for t in tokens):
        return "row"
    if len(tokens) >= 2:
        return "cells"
    return "one"


def crowded(line: LineLike) -> bool:
    """The line holds several cells, an amount among them, a cell's gap apart (a grid cell holding
    a whole row: its table's columns are not ruled)."""
    tokens = tokens_of(line)
    return len(tokens) >= 2 and any(t.is_amount for t in tokens) and _kind(tokens) == "row"


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _cluster(extents: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Merge x-extents that overlap into columns, left to right."""
    columns: list[list[float]] = []
    for a, b in sorted(extents):
        if columns and a < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], b)
        else:
            columns.append([a, b])
    return [(a, b) for a, b in columns]


def _block(kinds: list[str], lines: Sequence[LineLike], start: int) -> int:
    """The last line of the run of table lines from ``start`` (a row of amounts)."""
    last = start
    pitch = max(lines[start].bottom - lines[start].top, 1.0)
    # rows printed far apart (double-spaced) are as far apart as the header is above the first
    spacing = lines[start].top - lines[start - 1].bottom if start and kinds[start - 1] == "cells" else 0.0
    for i in range(start + 1, len(lines)):
        gap = lines[i].top - lines[i - 1].bottom
        if kinds[i] == "none" or gap > max(_ROW_GAP * pitch, _SPACING * spacing):
            break
        spacing = max(spacing, gap) if kinds[i] == "row" else spacing
        if kinds[i] == "one":
            # a lone cell (a label whose amounts are blank, a wrapped label) belongs if a row follows
            # or if it stands as close to the line above as a wrapped label's lines (the last row's)
            ahead = next((k for k in kinds[i + 1 : i + 3] if k != "one"), None)
            near = _centre(lines[i]) - _centre(lines[i - 1]) < _WRAPPED * _size(lines[i].chars)
            if ahead not in ("row", "cells") and not near:
                break
        last = i
    return last


def _is_table(rows: list[list[Token]]) -> bool:
    """Amounts in columns: at least two rows of them, and decimals or several amounts a row (a 目录's
    page numbers are one whole number a line); or one row of amounts only, three or more (a 三公经费
    table's one row under its header)."""
    with_amounts = [r for r in rows if any(t.is_amount for t in r)]
    if len(with_amounts) == 1:
        return len(with_amounts[0]) >= _ONE_ROW and all(t.is_amount for t in with_amounts[0])
    if len(with_amounts) < 2:
        return False
    decimals = sum(1 for r in with_amounts if any(t.is_amount and _DECIMAL.search(t.text) for t in r))
    several = sum(1 for r in with_amounts if sum(t.is_amount for t in r) >= 2)
    return decimals * 2 >= len(with_amounts) or several * 2 >= len(with_amounts)


def _header_lines(
    lines: Sequence[LineLike], kinds: list[str], tokens: list[list[Token]], start: int, floor: int
) -> range:
    """The lines above a table's first row of amounts that are its header: words, up to a line of
    prose or a gap wider than a table's rows leave (the table's title above it)."""
    first = start
    for i in range(start - 1, max(floor, start - _HEADER_REACH) - 1, -1):
        if kinds[i] not in ("cells", "one") or (kinds[i] == "one" and len(tokens[i][0].chars) > 12):
            break
        pitch = max(lines[i].bottom - lines[i].top, 1.0)
        if first < start and lines[first].top - lines[i].bottom > _ROW_GAP * pitch:
            break
        first = i
    return range(first, start)


def _amount_columns(data: list[list[Token]]) -> list[tuple[float, float]]:
    """The amounts' columns. Amounts that overlap across rows share a column, unless one row prints
    two of them there (a long number reaching under its neighbour's): then the column is split where
    their right edges, which right-aligned numbers share, fall apart."""
    amounts = [[t for t in row if t.is_amount] for row in data]
    columns: list[tuple[float, float]] = []
    for a, b in _cluster([(t.x0, t.x1) for row in amounts for t in row]):
        inside = [[t for t in row if _overlap(t.x0, t.x1, a, b) > 0] for row in amounts]
        if all(len(row) <= 1 for row in inside):
            columns.append((a, b))
            continue
        edges = sorted(t.x1 for row in inside for t in row)
        size = _size([c for row in inside for t in row for c in t.chars])
        groups: list[list[float]] = [[edges[0]]]
        for x in edges[1:]:
            if x - groups[-1][-1] > size:
                groups.append([x])
            else:
                groups[-1].append(x)
        for group in groups:
            lo, hi = group[0] - size, group[-1] + 0.5
            members = [t for row in inside for t in row if lo <= t.x1 <= hi]
            columns.append((min(t.x0 for t in members), max(t.x1 for t in members)))
    return columns


def _columns(header: list[list[Token]], data: list[list[Token]]) -> list[tuple[float, float]]:
    """Column extents: the amounts', then the other cells of the rows beside them, then header words
    standing over no data (a column blank in every row), the lowest header line's first (its words
    head single columns, a line above may span several)."""
    amounts = _amount_columns(data)

    def clear(t: Token, taken: list[tuple[float, float]]) -> bool:
        return all(_overlap(t.x0, t.x1, a, b) <= 0 for a, b in taken)

    texts = _cluster([(t.x0, t.x1) for row in data for t in row if not t.is_amount and clear(t, amounts)])
    taken = amounts + texts
    # a header word over one column's data heads it, and so does the rest of it wrapped below
    # ("其中：基本建设资金支" over its amounts, "出" under it); a parent over several does not
    heading = [t for row in header for t in row if sum(_overlap(t.x0, t.x1, a, b) > 0 for a, b in taken) == 1]

    def under_heading(t: Token) -> bool:
        return any(
            _overlap(t.x0, t.x1, h.x0, h.x1) >= 0.5 * (t.x1 - t.x0)
            and abs(_middle(t) - _middle(h)) <= _HEADER_WRAP * _size(t.chars)
            for h in heading
        )

    def heads_its_neighbour(t: Token) -> bool:
        """The word stands beside the amounts on its right, which no header word stands over: theirs,
        printed off their right-aligned numbers ("合计" over a wide cell, its amount at the right)."""
        right = [(a, b) for a, b in amounts if a >= t.x1]
        if not right:
            return False
        a, b = min(right)
        close = a - t.x1 <= _HEAD_OFFSET * _size(t.chars)
        return close and not any(_overlap(h.x0, h.x1, a, b) > 0 for row in header for h in row)

    data_columns = list(taken)

    def first_line(column: tuple[float, float]) -> int:
        """The highest header line with a word over a data column (its name's first line)."""
        a, b = column
        hit = [n for n, row in enumerate(header) if any(_overlap(h.x0, h.x1, a, b) > 0 for h in row)]
        return min(hit, default=len(header))

    def above_its_neighbours(t: Token, n: int) -> bool:
        """The word stands higher than the names of the data columns on both sides of it: a parent
        over them ("收入" over 项目名称 and 金额), not a column's name."""
        left = [c for c in data_columns if c[1] <= t.x0]
        right = [c for c in data_columns if c[0] >= t.x1]
        if not left or not right:
            return False
        return n < min(first_line(max(left)), first_line(min(right)))

    for n in reversed(range(len(header))):
        fresh = [
            t
            for t in header[n]
            if clear(t, taken)
            and not under_heading(t)
            and not heads_its_neighbour(t)
            and not above_its_neighbours(t, n)
        ]
        taken += _cluster([(t.x0, t.x1) for t in fresh])
    return sorted(taken)


def _slot(token: Token, columns: list[tuple[float, float]]) -> int:
    """The column a token stands in: the one it overlaps most (an amount: whose right edge is
    nearest to its own), or the nearest one when it stands between columns."""
    overlaps = [_overlap(token.x0, token.x1, a, b) for a, b in columns]
    hits = [j for j, o in enumerate(overlaps) if o > 0]
    if token.is_amount and len(hits) > 1:
        return min(hits, key=lambda j: abs(columns[j][1] - token.x1))
    if hits:
        return max(hits, key=overlaps.__getitem__)
    centre = (token.x0 + token.x1) / 2
    return min(range(len(columns)), key=lambda j: abs((columns[j][0] + columns[j][1]) / 2 - centre))


def _cells(tokens: list[Token], columns: list[tuple[float, float]], known: bool = True) -> str:
    """A row's cells, tab-separated, one per column; tokens in one column (a label and the parts of it
    wrapped above and below) joined top to bottom. Without a header (``known`` False) a column blank
    in every row leaves no trace, so a blank cell's place is not known: the cells are written a blank
    apart, their columns left to the reader's arithmetic."""
    slots: list[list[Token]] = [[] for _ in columns]
    for token in tokens:
        slots[_slot(token, columns)].append(token)
    joined = []
    for slot in slots:
        slot.sort(key=lambda t: min(c.top for c in t.chars))
        glue = "" if len(slot) > 1 and any(not t.is_amount for t in slot) else " "
        joined.append(glue.join(t.text for t in slot))
    return "\t".join(joined) if known else " ".join(cell for cell in joined if cell)


def _middle(token: Token) -> float:
    """A token's height on the page: the middle of its characters' boxes."""
    return (min(c.top for c in token.chars) + max(c.bottom for c in token.chars)) / 2


def _centre(line: LineLike) -> float:
    return (line.top + line.bottom) / 2


def _label_parts(
    lines: Sequence[LineLike],
    tokens: list[list[Token]],
    kinds: list[str],
    block: range,
    columns: list[tuple[float, float]],
    labels: set[int],
) -> dict[int, list[int]]:
    """The lines of a block that hold only parts of labels wrapped over lines ("行政事业单位" above a
    row, "养老支出" below it), each by the row it belongs to. A part stands in a label column, begins
    no row (no number, code or 合计 before it: "十、节能环保支出" is a row whose amounts are blank) and
    lies within a wrapped line's spacing of its row or of the part between them."""
    data = [k for k in block if kinds[k] == "row"]
    parts: dict[int, list[int]] = {k: [] for k in data}
    for n, row in enumerate(data):
        for step in (-1, 1):
            # the row on the other side of the lines walked: a part nearer to it is its own
            other = data[n + step] if 0 <= n + step < len(data) else None
            near, k = row, row + step
            while k in block and kinds[k] != "row" and _part_of(lines, tokens, k, near, columns, labels):
                mine = abs(_centre(lines[row]) - _centre(lines[k]))
                if other is not None and abs(_centre(lines[other]) - _centre(lines[k])) < mine:
                    break
                parts[row].append(k)
                near, k = k, k + step
    return parts


def _part_of(
    lines: Sequence[LineLike],
    tokens: list[list[Token]],
    k: int,
    near: int,
    columns: list[tuple[float, float]],
    labels: set[int],
) -> bool:
    """Line ``k`` is a wrapped part of the label on line ``near``'s side."""
    if not _labels_only(tokens[k], columns, labels) or _ROW_START.match(tokens[k][0].text):
        return False
    return abs(_centre(lines[k]) - _centre(lines[near])) < _WRAPPED * _size(lines[k].chars)


def _labels_only(row: list[Token], columns: list[tuple[float, float]], labels: set[int]) -> bool:
    return bool(row) and all(not t.is_amount and _slot(t, columns) in labels for t in row)


def _upper_parts(
    lines: Sequence[LineLike],
    tokens: list[list[Token]],
    above: range,
    first: int,
    below: list[int],
    columns: list[tuple[float, float]],
    labels: set[int],
) -> list[int]:
    """The header's last lines that are the first row's label wrapped above it: as many as it wraps
    below, each as far above the row as its mirror is below (a label cell centred on its row)."""
    out: list[int] = []
    for n, low in enumerate(sorted(below, key=lambda k: lines[k].top)):
        k = first - 1 - n
        if k not in above or not _labels_only(tokens[k], columns, labels):
            break
        down, up = _centre(lines[low]) - _centre(lines[first]), _centre(lines[first]) - _centre(lines[k])
        if abs(down - up) > 0.3 * max(down, 1.0):
            break
        out.append(k)
    return out


def _rooms(columns: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Each column's room: from the middle of the gap on its left to the middle of the one on its
    right (the outer columns as wide as their own extent)."""
    cuts = [(a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:], strict=False)]
    return list(zip([columns[0][0], *cuts], [*cuts, columns[-1][1]], strict=True))


def _span(token: Token, rooms: list[tuple[float, float]]) -> tuple[int, int]:
    """The columns a header word stands over: those whose room it covers a good part of, at least the
    one it overlaps most."""
    over = [j for j, (a, b) in enumerate(rooms) if _overlap(token.x0, token.x1, a, b) >= _SLOT * (b - a)]
    if not over:
        j = max(range(len(rooms)), key=lambda k: _overlap(token.x0, token.x1, *rooms[k]))
        return j, j
    return over[0], over[-1]


def _words(token: Token, rooms: list[tuple[float, float]]) -> list[Token]:
    """A header token cut at its blanks when each piece stands over a column of its own: two column
    names printed closer than a cell's gap ("基本支出 项目支出") are two names, a parent's name is one."""
    if token.spaced or len(_sub_lines(token.chars)) > 1:
        return [token]
    size = _size(token.chars)
    pieces: list[Token] = []
    for c in sorted(token.chars, key=lambda c: c.x0):
        if pieces and c.x0 - pieces[-1].x1 <= _SPACE * size:
            pieces[-1].chars.append(c)
            pieces[-1].x1 = max(pieces[-1].x1, c.x1)
        else:
            pieces.append(Token([c], c.x0, c.x1))
    spans = [_span(p, rooms) for p in pieces]
    single = all(a == b for a, b in spans) and len({a for a, _ in spans}) == len(spans)
    return pieces if len(pieces) > 1 and single else [token]


def _header(
    header: list[list[Token]], header_lines: list[LineLike], columns: list[tuple[float, float]]
) -> str:
    """The header as tab-separated lines. The words over one column with nothing split below them,
    wrapped over the lines ("本年收入合" / "计"), are joined top to bottom into that column's name, one
    line of them first: the line the text-table reader takes the columns' order from. A parent (a word
    over several columns, over the words of two columns below it, or a header row above the word under
    it: "收入" over 项目 and 决算数) goes on a line after, in the order its line prints them."""
    rooms = _rooms(columns)
    words = [[piece for t in row for piece in _words(t, rooms)] for row in header]
    leaves: list[list[tuple[int, Token]]] = [[] for _ in columns]
    parents: list[tuple[int, Token]] = []
    for n, row in enumerate(words):
        for token in row:
            a, b = _span(token, rooms)
            below = {
                _span(w, rooms)[0]
                for lower in words[n + 1 :]
                for w in lower
                if _overlap(token.x0, token.x1, w.x0, w.x1) > 0
            }
            if a != b or len(below) >= 2:
                parents.append((n, token))
                continue
            if leaves[a]:
                above = leaves[a][-1][0]
                gap = _centre(header_lines[n]) - _centre(header_lines[above])
                if gap > _HEADER_WRAP * _size(token.chars):  # a header row apart: what stands above heads it
                    parents += leaves[a]
                    leaves[a] = []
            leaves[a].append((n, token))
    lines = [
        "\t".join(t.text for m, t in sorted(parents, key=lambda p: p[1].x0) if m == n)
        for n in sorted({m for m, _ in parents})
    ]
    names = []
    for j, leaf in enumerate(leaves):
        name = "".join(t.text for _, t in leaf)
        top = leaf[0][0] if leaf else len(words)
        # the parents standing over this column's room, above its name: its path ("项目支出/小计")
        over = [t.text for n, t in parents if n < top and _overlap(t.x0, t.x1, *rooms[j]) > 0]
        names.append("/".join([*over, name]) if name and over else name)
    return "\n".join(["\t".join(names), *lines])


Extents = list[tuple[float, float]]


def aligned_rows(
    lines: Sequence[LineLike], previous: Extents | None = None, ruled: Sequence[tuple[float, Extents]] = ()
) -> tuple[dict[int, str | None], Extents | None]:
    """The lines of the tables printed without rulings among a page's ``lines`` (top to bottom), by
    index: each row of amounts as its cells separated by tabs (a blank cell empty, a label wrapped over
    lines joined), the header's first line as the whole header (``_header``), the other lines of the
    header and of wrapped labels None (written there); and the columns of the page's last table.
    ``previous``: the columns of the previous page's last table, which a table at the top of this page
    without a header of its own continues when its amounts stand in them (its columns blank on this
    page keep their place). ``ruled``: the page's grids (the bottom of each, its columns): a table
    printed right under a grid (a header boxed, its rows not) stands in the grid's columns when its
    amounts do."""
    # a line's cells with each amount apart ("80.00 五、教育支出" is an amount and a label), and its kind
    # by them, unless prose: a sentence's punctuation makes no row
    cells = [tokens_of(line, numbers_apart=True) for line in lines]
    kinds = [_kind(t) for t in cells]
    rows: dict[int, str | None] = {}
    columns: Extents | None = None
    i, floor = 0, 0
    while i < len(lines):
        if kinds[i] != "row":
            i += 1
            continue
        last = _block(kinds, lines, i)
        if _is_table(cells[i : last + 1]):
            above = _header_lines(lines, kinds, cells, i, floor)
            inherited = previous if floor == 0 and not above else None
            grid = _grid_above(lines[i], ruled) or (_grid_above(lines[above.start], ruled) if above else None)
            inherited = grid or inherited
            table, columns = _table_lines(lines, cells, kinds, above, i, last, inherited)
            rows.update(table)
            floor = last + 1
        i = last + 1
    return rows, columns


def _grid_above(line: LineLike, ruled: Sequence[tuple[float, Extents]]) -> Extents | None:
    """The columns of the grid that ends right above ``line`` (within a few lines' height)."""
    pitch = max(line.bottom - line.top, 1.0)
    near = [
        (line.top - bottom, columns) for bottom, columns in ruled if -1.0 <= line.top - bottom <= 3 * pitch
    ]
    return min(near, key=lambda g: g[0])[1] if near else None


def _continues(previous: Extents, amounts: Extents) -> bool:
    """Each amount column of a table stands in one column of the table before, its own."""
    hits = [[j for j, (a, b) in enumerate(previous) if _overlap(x0, x1, a, b) > 0] for x0, x1 in amounts]
    return all(len(h) == 1 for h in hits) and len({h[0] for h in hits}) == len(hits)


def _letter_spaced(row: list[Token], over: list[Token]) -> list[Token]:
    """A header line's run of one-character words spaced out over a cell ("收    入") as one word: a
    few characters apart, with no word of the line above over them (a word wrapped there ends in one
    character: "事业收" / "入"). The code columns' one-character heads (类, 款, 项) stay apart."""
    out: list[Token] = []
    for token in row:
        single = len(token.chars) == 1 and not token.text.isascii() and token.text not in _CODE_HEADS
        single = single and not any(_overlap(token.x0, token.x1, w.x0, w.x1) > 0 for w in over)
        prev = out[-1] if out else None
        near = prev is not None and token.x0 - prev.x1 <= _SPACED * _size(token.chars)
        if single and prev is not None and prev.spaced and near:
            out[-1] = Token([*prev.chars, *token.chars], prev.x0, token.x1, spaced=True)
        else:
            out.append(Token(list(token.chars), token.x0, token.x1, spaced=single))
    return out


def _table_lines(
    lines: Sequence[LineLike],
    tokens: list[list[Token]],
    kinds: list[str],
    above: range,
    first: int,
    last: int,
    inherited: Extents | None,
) -> tuple[dict[int, str | None], Extents]:
    block = range(first, last + 1)
    # a header line's words spaced out, under no word of the lines above
    spaced = {k: _letter_spaced(tokens[k], [t for h in above if h < k for t in tokens[h]]) for k in above}
    tokens = [spaced.get(k, row) for k, row in enumerate(tokens)]
    data = [tokens[k] for k in block]
    amounts = _amount_columns(data)
    known = inherited is not None and _continues(inherited, amounts)
    if known and inherited is not None:
        columns = inherited
    else:
        columns = _columns([tokens[k] for k in above], data)
    labels = {j for j, (a, b) in enumerate(columns) if all(_overlap(a, b, x0, x1) <= 0 for x0, x1 in amounts)}
    parts = _label_parts(lines, tokens, kinds, block, columns, labels)
    upper = _upper_parts(lines, tokens, above, first, parts.get(first, []), columns, labels)
    parts[first] = parts.get(first, []) + upper
    header = [k for k in above if k not in upper]
    out: dict[int, str | None] = dict.fromkeys(k for ks in parts.values() for k in ks)
    if header:
        if not known:  # columns of their own, not those of the table continued or of the grid above
            columns = _columns([tokens[k] for k in header], data)
        known = True
        out.update(dict.fromkeys(header))
        out[header[0]] = _header([tokens[k] for k in header], [lines[k] for k in header], columns)
    for row, extra in parts.items():
        out[row] = _cells([*tokens[row], *(t for k in extra for t in tokens[k])], columns, known)
    return out, columns if known else None
