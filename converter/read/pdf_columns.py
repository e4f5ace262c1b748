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

from converter.read.pdf_header import (
    alignments,
    amount_columns,
    columns_of,
    header_lines,
    header_text,
    letter_spaced,
)
from converter.read.pdf_tokens import (
    DECIMAL,
    ROW_GAP,
    Extents,
    LineLike,
    Token,
    centre,
    char_size,
    crowded,
    line_kind,
    overlap,
    tokens_of,
)

__all__ = ["Extents", "aligned_rows", "crowded", "tokens_of"]


_SPACING = 1.3  # or this many times the widest gap between its rows so far
_WRAPPED = 1.4  # lines of a wrapped label stand closer than this many character sizes apart
# what a row's label begins with, never a wrapped label's continuation: a number, a code, a total
_ROW_START = re.compile(
    r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|\d{3}|其中|合计|总计|小计)"
)
_ONE_ROW = 3  # a table of one row prints this many amounts at least, and nothing else


def _block(kinds: list[str], lines: Sequence[LineLike], start: int, cells: list[list[Token]]) -> int:
    """The last line of the run of table lines from ``start`` (a row of amounts)."""
    last = start
    pitch = max(lines[start].bottom - lines[start].top, 1.0)
    # rows printed far apart (double-spaced) are as far apart as the header is above the first
    spacing = lines[start].top - lines[start - 1].bottom if start and kinds[start - 1] == "cells" else 0.0
    for i in range(start + 1, len(lines)):
        gap = lines[i].top - lines[i - 1].bottom
        if kinds[i] == "none" or gap > max(ROW_GAP * pitch, _SPACING * spacing):
            break
        spacing = max(spacing, gap) if kinds[i] == "row" else spacing
        if kinds[i] == "one":
            # a lone cell (a label whose amounts are blank, a wrapped label) belongs if a row follows
            # or if it stands as close to the line above as a wrapped label's lines (the last row's)
            ahead = next((k for k in kinds[i + 1 : i + 3] if k != "one"), None)
            if _numbered(cells, kinds, i, range(start, i)):
                # a run of numbered labels whose amounts are blank ("十、节能环保支出"...), each where
                # the block's labels begin: rows, when a row follows the run
                run = i
                while run < len(lines) and _numbered(cells, kinds, run, range(start, i)):
                    run += 1
                ahead = kinds[run] if run < len(lines) else None
            near = centre(lines[i]) - centre(lines[i - 1]) < _WRAPPED * char_size(lines[i].chars)
            if ahead not in ("row", "cells") and not near:
                break
        last = i
    return last


def _numbered(cells: list[list[Token]], kinds: list[str], k: int, rows: range) -> bool:
    """Line ``k`` is a lone label that begins a row (a number, a code), standing where a label of the
    lines ``rows`` begins."""
    if kinds[k] != "one" or not _ROW_START.match(cells[k][0].text):
        return False
    x0, size = cells[k][0].x0, char_size(cells[k][0].chars)
    return any(abs(t.x0 - x0) < size for r in rows for t in cells[r] if not t.is_amount)


def _is_table(rows: list[list[Token]]) -> bool:
    """Amounts in columns: at least two rows of them, and decimals or several amounts a row (a 目录's
    page numbers are one whole number a line); or one row of amounts only, three or more (a 三公经费
    table's one row under its header)."""
    with_amounts = [r for r in rows if any(t.is_amount for t in r)]
    if len(with_amounts) == 1:
        return len(with_amounts[0]) >= _ONE_ROW and all(t.is_amount for t in with_amounts[0])
    if len(with_amounts) < 2:
        return False
    decimals = sum(1 for r in with_amounts if any(t.is_amount and DECIMAL.search(t.text) for t in r))
    several = sum(1 for r in with_amounts if sum(t.is_amount for t in r) >= 2)
    return decimals * 2 >= len(with_amounts) or several * 2 >= len(with_amounts)


def _slot(token: Token, columns: list[tuple[float, float]]) -> int:
    """The column a token stands in: the one it overlaps most (an amount: whose right edge is
    nearest to its own), or the nearest one when it stands between columns."""
    overlaps = [overlap(token.x0, token.x1, a, b) for a, b in columns]
    hits = [j for j, o in enumerate(overlaps) if o > 0]
    if token.is_amount and len(hits) > 1:
        return min(hits, key=lambda j: abs(columns[j][1] - token.x1))
    if hits:
        return max(hits, key=overlaps.__getitem__)
    centre = (token.x0 + token.x1) / 2
    return min(range(len(columns)), key=lambda j: abs((columns[j][0] + columns[j][1]) / 2 - centre))


def _cells(
    tokens: list[Token],
    columns: list[tuple[float, float]],
    known: bool = True,
    labels: frozenset[int] = frozenset(),
) -> str:
    """A row's cells, tab-separated, one per column; tokens in one column (a label and the parts of it
    wrapped above and below) joined top to bottom. Without a header (``known`` False) a column blank
    in every row leaves no trace, so a blank cell's place is not known: the cells are written a blank
    apart, their columns left to the reader's arithmetic."""
    slots: list[list[Token]] = [[] for _ in columns]
    for token in tokens:
        slots[_slot(token, columns)].append(token)
    _merged_labels(slots, labels)
    joined = []
    for slot in slots:
        slot.sort(key=lambda t: min(c.top for c in t.chars))
        glue = "" if len(slot) > 1 and any(not t.is_amount for t in slot) else " "
        joined.append(glue.join(t.text for t in slot))
    return "\t".join(joined) if known else " ".join(cell for cell in joined if cell)


def _merged_labels(slots: list[list[Token]], labels: frozenset[int]) -> None:
    """A label standing in a column of amounts is a cell merged over several columns, printed centred
    over them ("当年支出小计" over a group's name and amount and the next group's name): it names the
    amount on its right, so it goes in the label column right before that amount's, when the columns
    between are blank in this row."""
    for j, slot in enumerate(slots):
        if j in labels or not slot or any(t.is_amount for t in slot):
            continue
        k = next((k for k in range(j + 1, len(slots)) if slots[k]), None)
        if k is None or k - 1 == j or k - 1 not in labels or not all(t.is_amount for t in slots[k]):
            continue
        slots[k - 1], slots[j] = slot, []


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
                mine = abs(centre(lines[row]) - centre(lines[k]))
                if other is not None and abs(centre(lines[other]) - centre(lines[k])) < mine:
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
    return abs(centre(lines[k]) - centre(lines[near])) < _WRAPPED * char_size(lines[k].chars)


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
        down, up = centre(lines[low]) - centre(lines[first]), centre(lines[first]) - centre(lines[k])
        if abs(down - up) > 0.3 * max(down, 1.0):
            break
        out.append(k)
    return out


def aligned_rows(
    lines: Sequence[LineLike], previous: Extents | None = None, ruled: Sequence[tuple[float, Extents]] = ()
) -> tuple[dict[int, str | None], Extents | None]:
    """The lines of the tables printed without rulings among a page's ``lines`` (top to bottom), by
    index: each row of amounts as its cells separated by tabs (a blank cell empty, a label wrapped over
    lines joined), the header's first line as the whole header (``header_text``), the other lines of the
    header and of wrapped labels None (written there); and the columns of the page's last table.
    ``previous``: the columns of the previous page's last table, which a table at the top of this page
    without a header of its own continues when its amounts stand in them (its columns blank on this
    page keep their place). ``ruled``: the page's grids (the bottom of each, its columns): a table
    printed right under a grid (a header boxed, its rows not) stands in the grid's columns when its
    amounts do."""
    # a line's cells with each amount apart ("80.00 五、教育支出" is an amount and a label), and its kind
    # by them, unless prose: a sentence's punctuation makes no row
    cells = [tokens_of(line, numbers_apart=True) for line in lines]
    kinds = [line_kind(t) for t in cells]
    rows: dict[int, str | None] = {}
    columns: Extents | None = None
    i, floor = 0, 0
    while i < len(lines):
        if kinds[i] != "row":
            i += 1
            continue
        last = _block(kinds, lines, i, cells)
        if _is_table(cells[i : last + 1]):
            above = header_lines(lines, kinds, cells, i, floor)
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
    hits = [[j for j, (a, b) in enumerate(previous) if overlap(x0, x1, a, b) > 0] for x0, x1 in amounts]
    return all(len(h) == 1 for h in hits) and len({h[0] for h in hits}) == len(hits)


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
    spaced = {k: letter_spaced(tokens[k], [t for h in above if h < k for t in tokens[h]]) for k in above}
    tokens = [spaced.get(k, row) for k, row in enumerate(tokens)]
    data = [tokens[k] for k in block]
    amounts = amount_columns(data)
    known = inherited is not None and _continues(inherited, amounts)
    if known and inherited is not None:
        columns = inherited
    else:
        columns = columns_of([tokens[k] for k in above], data)
    labels = {j for j, (a, b) in enumerate(columns) if all(overlap(a, b, x0, x1) <= 0 for x0, x1 in amounts)}
    parts = _label_parts(lines, tokens, kinds, block, columns, labels)
    upper = _upper_parts(lines, tokens, above, first, parts.get(first, []), columns, labels)
    parts[first] = parts.get(first, []) + upper
    header = [k for k in above if k not in upper]
    out: dict[int, str | None] = dict.fromkeys(k for ks in parts.values() for k in ks)
    if header:
        if not known:  # columns of their own, not those of the table continued or of the grid above
            columns = columns_of([tokens[k] for k in header], data)
        amount = {
            j for j, (a, b) in enumerate(columns) if any(overlap(a, b, x0, x1) > 0 for x0, x1 in amounts)
        }
        aligned = alignments(columns, data)
        text = header_text([tokens[k] for k in header], [lines[k] for k in header], columns, amount, aligned)
        names = text.split("\n")[0].split("\t")
        # a header that names some of the amounts' columns and not others would shift the names the
        # reader gives them: its rows' blank cells are not asserted then
        known = known or (bool(amount) and all(names[j] for j in amount))
        out.update(dict.fromkeys(header))
        out[header[0]] = text
    for row, extra in parts.items():
        out[row] = _cells(
            [*tokens[row], *(t for k in extra for t in tokens[k])], columns, known, frozenset(labels)
        )
    return out, columns if known else None
