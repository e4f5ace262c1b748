"""The header of a table a PDF prints without ruling lines: its lines, its columns, and its columns'
names written as tab-separated lines (``converter.read.pdf_columns``)."""

from __future__ import annotations

from collections.abc import Sequence

from converter.read.pdf_tokens import (
    ROW_GAP,
    SPACE,
    LineLike,
    Token,
    centre,
    char_size,
    cluster,
    middle,
    overlap,
    sub_lines,
)

_HEADER_REACH = 12  # header lines above a table's first row of amounts
_HEAD_OFFSET = 3.0  # a header word this many character sizes left of its column's amounts heads them
_HEADER_WRAP = 2.0  # a header word's wrapped lines stand closer than this many character sizes apart
_SPACED = 4.0  # one-character words this many character sizes apart at most are a word spaced out
_CODE_HEADS = {"类", "款", "项"}  # the code columns' one-character heads: never a word spaced out
_SLOT = 0.3  # a header word over this much of a column's room heads it
_ALIGNED = 0.3  # amounts whose edges (or middles) lie within this many character sizes share them


def header_lines(
    lines: Sequence[LineLike], kinds: list[str], tokens: list[list[Token]], start: int, floor: int
) -> range:
    """The lines above a table's first row of amounts that are its header: words, up to a line of
    prose or a gap wider than a table's rows leave (the table's title above it)."""
    first = start
    for i in range(start - 1, max(floor, start - _HEADER_REACH) - 1, -1):
        if kinds[i] not in ("cells", "one") or (kinds[i] == "one" and len(tokens[i][0].chars) > 12):
            break
        pitch = max(lines[i].bottom - lines[i].top, 1.0)
        if first < start and lines[first].top - lines[i].bottom > ROW_GAP * pitch:
            break
        first = i
    return range(first, start)


_EDGES = (  # where amounts set alike in their cells line up: right-aligned first (the most common)
    lambda t: t.x1,
    lambda t: t.x0,
    lambda t: (t.x0 + t.x1) / 2,
)


def amount_columns(data: list[list[Token]]) -> list[tuple[float, float]]:
    """The amounts' columns. Amounts that overlap across rows share a column, unless one row prints
    two of them there (a long number reaching under its neighbour's): then the column is split where
    the edges they share (their right edges, or left edges or middles: numbers set left or centred)
    fall apart, whichever of these splits it into the fewest columns."""
    amounts = [[t for t in row if t.is_amount] for row in data]
    columns: list[tuple[float, float]] = []
    for a, b in cluster([(t.x0, t.x1) for row in amounts for t in row]):
        inside = [t for row in amounts for t in row if overlap(t.x0, t.x1, a, b) > 0]
        if all(sum(overlap(t.x0, t.x1, a, b) > 0 for t in row) <= 1 for row in amounts):
            columns.append((a, b))
            continue
        size = char_size([c for t in inside for c in t.chars])
        split = min((_split(inside, edge, size) for edge in _EDGES), key=len)
        columns += [(min(t.x0 for t in group), max(t.x1 for t in group)) for group in split]
    return columns


def _split(tokens: list[Token], edge, size: float) -> list[list[Token]]:
    """Tokens grouped by ``edge``: a group ends where the next edge lies more than ``size`` on."""
    ordered = sorted(tokens, key=edge)
    groups: list[list[Token]] = [[ordered[0]]]
    for t in ordered[1:]:
        if edge(t) - edge(groups[-1][-1]) > size:
            groups.append([t])
        else:
            groups[-1].append(t)
    return groups


def columns_of(header: list[list[Token]], data: list[list[Token]]) -> list[tuple[float, float]]:
    """Column extents: the amounts', then the other cells of the rows beside them, then header words
    standing over no data (a column blank in every row), the lowest header line's first (its words
    head single columns, a line above may span several)."""
    amounts = amount_columns(data)

    def clear(t: Token, taken: list[tuple[float, float]]) -> bool:
        return all(overlap(t.x0, t.x1, a, b) <= 0 for a, b in taken)

    texts = cluster([(t.x0, t.x1) for row in data for t in row if not t.is_amount and clear(t, amounts)])
    taken = amounts + texts
    # a word over data beside another a blank apart ("公务用车购 公务用车运行"): two words, the one
    # clear of the data may name a column blank in every row
    header = [[p for t in row for p in ([t] if clear(t, taken) else _pieces(t))] for row in header]
    # a header word over one column's data heads it, and so does the rest of it wrapped below
    # ("其中：基本建设资金支" over its amounts, "出" under it); a parent over several does not
    heading = [t for row in header for t in row if sum(overlap(t.x0, t.x1, a, b) > 0 for a, b in taken) == 1]

    def under_heading(t: Token) -> bool:
        return any(
            overlap(t.x0, t.x1, h.x0, h.x1) >= 0.5 * (t.x1 - t.x0)
            and abs(middle(t) - middle(h)) <= _HEADER_WRAP * char_size(t.chars)
            for h in heading
        )

    def heads_its_neighbour(t: Token) -> bool:
        """The word stands beside the amounts on its right, which no header word stands over: theirs,
        printed off their right-aligned numbers ("合计" over a wide cell, its amount at the right)."""
        right = [(a, b) for a, b in amounts if a >= t.x1]
        if not right:
            return False
        a, b = min(right)
        close = a - t.x1 <= _HEAD_OFFSET * char_size(t.chars)
        return close and not any(overlap(h.x0, h.x1, a, b) > 0 for row in header for h in row)

    kinds = dict(zip(amounts, alignments(amounts, data), strict=True))
    left_set = [column for column in amounts if kinds[column] == "left"]

    data_columns = list(taken)

    def first_line(column: tuple[float, float]) -> int:
        """The highest header line with a word over a data column (its name's first line)."""
        a, b = column
        hit = [n for n, row in enumerate(header) if any(overlap(h.x0, h.x1, a, b) > 0 for h in row)]
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
            and not _heads_left_neighbour(t, left_set, header[n:])
            and not above_its_neighbours(t, n)
            and not _between(t, data_columns)
        ]
        taken += cluster([(t.x0, t.x1) for t in fresh])
    return sorted(taken)


def alignments(columns: list[tuple[float, float]], data: list[list[Token]]) -> list[str | None]:
    """How each column's amounts stand in their cells: "right", "left" or "centre", the edge (or the
    middle) they share across rows, its spread the smallest by a margin; None where their widths do
    not tell (one amount, all of one width) or the column holds none."""
    out: list[str | None] = []
    amounts: list[bool] = []
    for a, b in columns:
        inside = [t for row in data for t in row if t.is_amount and overlap(t.x0, t.x1, a, b) > 0]
        size = char_size([c for t in inside for c in t.chars]) if inside else 1.0
        spreads = {
            edge: max(xs) - min(xs)
            for edge, xs in (
                ("right", [t.x1 for t in inside]),
                ("left", [t.x0 for t in inside]),
                ("centre", [(t.x0 + t.x1) / 2 for t in inside]),
            )
            if xs
        }
        ranked = sorted(spreads, key=spreads.__getitem__)
        clear = len(ranked) == 3 and spreads[ranked[1]] - spreads[ranked[0]] >= _ALIGNED * size
        out.append(ranked[0] if clear and spreads[ranked[0]] <= _ALIGNED * size else None)
        amounts.append(bool(inside))
    # one generator sets all of a table's amounts alike: a column whose widths do not tell is set as
    # the others are, when they agree
    known = {kind for kind in out if kind}
    return [
        next(iter(known)) if kind is None and amount and len(known) == 1 else kind
        for kind, amount in zip(out, amounts, strict=True)
    ]


def _heads_left_neighbour(t: Token, left_set: list[tuple[float, float]], lower: list[list[Token]]) -> bool:
    """The word stands beside amounts on its left set at their cells' left edges (``left_set``), which
    no word of its line or a lower one (``lower``) stands over: theirs, centred over a cell wider than
    they."""
    left = [(a, b) for a, b in left_set if b <= t.x0]
    if not left:
        return False
    a, b = max(left)
    close = t.x0 - b <= _HEAD_OFFSET * char_size(t.chars)
    return close and not any(overlap(h.x0, h.x1, a, b) > 0 for row in lower for h in row)


def _between(t: Token, data_columns: list[tuple[float, float]]) -> bool:
    """The word fills the gap between two data columns, less than a character from each: printed
    centred over both cells (a parent, its amounts centred below it), no blank column's name, which
    stands a cell's room apart from its neighbours."""
    size = char_size(t.chars)
    left = [b for a, b in data_columns if b <= t.x0]
    right = [a for a, b in data_columns if a >= t.x1]
    return bool(left and right) and t.x0 - max(left) < size and min(right) - t.x1 < size


def _rooms(
    columns: list[tuple[float, float]], aligned: Sequence[str | None] = ()
) -> list[tuple[float, float]]:
    """Each column's room: from the cut on its left to the one on its right (the outer columns as wide
    as their own extent). A cut before a column of amounts set at their cells' left edges is its
    left edge, between two centred ones the middle of their centres (a header word stands
    centred over its cell, not over its amounts); elsewhere it is the middle of the gap (right-aligned
    amounts and text: the widest of them fills its cell)."""
    kinds = list(aligned) + [None] * (len(columns) - len(aligned))
    cuts = []
    for j, (a, b) in enumerate(zip(columns, columns[1:], strict=False)):
        if kinds[j + 1] == "left":
            cuts.append(b[0])
        elif kinds[j] == kinds[j + 1] == "centre":
            cuts.append((a[0] + a[1] + b[0] + b[1]) / 4)
        else:
            cuts.append((a[1] + b[0]) / 2)
    return list(zip([columns[0][0], *cuts], [*cuts, columns[-1][1]], strict=True))


def _span(token: Token, rooms: list[tuple[float, float]]) -> tuple[int, int]:
    """The columns a header word stands over: those whose room it covers a good part of, at least the
    one it overlaps most."""
    over = [j for j, (a, b) in enumerate(rooms) if overlap(token.x0, token.x1, a, b) >= _SLOT * (b - a)]
    if not over:
        j = max(range(len(rooms)), key=lambda k: overlap(token.x0, token.x1, *rooms[k]))
        return j, j
    return over[0], over[-1]


def _pieces(token: Token) -> list[Token]:
    """A header token cut at its blanks (one piece if spaced out or wrapped over lines)."""
    if token.spaced or len(sub_lines(token.chars)) > 1:
        return [token]
    size = char_size(token.chars)
    pieces: list[Token] = []
    for c in sorted(token.chars, key=lambda c: c.x0):
        if pieces and c.x0 - pieces[-1].x1 <= SPACE * size:
            pieces[-1].chars.append(c)
            pieces[-1].x1 = max(pieces[-1].x1, c.x1)
        else:
            pieces.append(Token([c], c.x0, c.x1))
    return pieces


def _words(token: Token, rooms: list[tuple[float, float]]) -> list[Token]:
    """A header token cut at its blanks when each piece stands over a column of its own: two column
    names printed closer than a cell's gap ("基本支出 项目支出") are two names, a parent's name is one."""
    pieces = _pieces(token)
    spans = [_span(p, rooms) for p in pieces]
    single = all(a == b for a, b in spans) and len({a for a, _ in spans}) == len(spans)
    return pieces if len(pieces) > 1 and single else [token]


def header_text(
    header: list[list[Token]],
    header_lines: list[LineLike],
    columns: list[tuple[float, float]],
    valued: frozenset[int] | set[int] = frozenset(),
    aligned: Sequence[str | None] = (),
) -> str:
    """The header as tab-separated lines. The words over one column with nothing split below them,
    wrapped over the lines ("本年收入合" / "计"), are joined top to bottom into that column's name, one
    line of them first: the line the text-table reader takes the columns' order from. A parent (a word
    over several columns, over the words of two columns below it, or a header row above the word under
    it: "收入" over 项目 and 决算数) goes on a line after, in the order its line prints them."""
    rooms = _rooms(columns, aligned)
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
                if overlap(token.x0, token.x1, w.x0, w.x1) > 0
            }
            if a != b or len(below) >= 2:
                parents.append((n, token))
                continue
            if leaves[a]:
                above = leaves[a][-1][0]
                gap = centre(header_lines[n]) - centre(header_lines[above])
                if gap > _HEADER_WRAP * char_size(
                    token.chars
                ):  # a header row apart: what stands above heads it
                    parents += leaves[a]
                    leaves[a] = []
            leaves[a].append((n, token))
    _unnamed(parents, leaves, rooms, valued)
    lines = [
        "\t".join(t.text for m, t in sorted(parents, key=lambda p: p[1].x0) if m == n)
        for n in sorted({m for m, _ in parents})
    ]
    names = []
    for j, leaf in enumerate(leaves):
        name = "".join(t.text for _, t in leaf)
        top = leaf[0][0] if leaf else len(words)
        # the parents standing over this column's room, above its name: its path ("项目支出/小计")
        over = [t.text for n, t in parents if n < top and overlap(t.x0, t.x1, *rooms[j]) > 0]
        names.append("/".join([*over, name]) if name and over else name)
    return "\n".join(["\t".join(names), *lines])


def _unnamed(
    parents: list[tuple[int, Token]],
    leaves: list[list[tuple[int, Token]]],
    rooms: list[tuple[float, float]],
    valued: frozenset[int] | set[int],
) -> None:
    """A word taken for a parent that stands over a column of amounts with no name, and lower than the
    names beside it or on their line ("单位预留机动经费" beside 项目支出, wider than its column), is
    that column's name: it heads none of them."""
    for n, token in list(parents):
        over = [j for j, room in enumerate(rooms) if overlap(token.x0, token.x1, *room) > 0]
        empty = [j for j in over if not leaves[j] and j in valued]
        if empty and all(leaves[j][0][0] <= n for j in over if leaves[j]):
            j = max(empty, key=lambda k: overlap(token.x0, token.x1, *rooms[k]))
            leaves[j].append((n, token))
            parents.remove((n, token))


def letter_spaced(row: list[Token], over: list[Token]) -> list[Token]:
    """A header line's run of one-character words spaced out over a cell ("收    入") as one word: a
    few characters apart, with no word of the line above over them (a word wrapped there ends in one
    character: "事业收" / "入"). The code columns' one-character heads (类, 款, 项) stay apart."""
    out: list[Token] = []
    for token in row:
        single = len(token.chars) == 1 and not token.text.isascii() and token.text not in _CODE_HEADS
        single = single and not any(overlap(token.x0, token.x1, w.x0, w.x1) > 0 for w in over)
        prev = out[-1] if out else None
        near = prev is not None and token.x0 - prev.x1 <= _SPACED * char_size(token.chars)
        if single and prev is not None and prev.spaced and near:
            out[-1] = Token([*prev.chars, *token.chars], prev.x0, token.x1, spaced=True)
        else:
            out.append(Token(list(token.chars), token.x0, token.x1, spaced=single))
    return out
