"""Two whole-document forms of ``tests/variants.py`` that print the same tables as another province
would: ``columns`` (each table's amount columns in another order, their header cells with them) and
``yuan`` (the tables in 元 with two decimals, the narrative left in 万元).

Both change the reader's own grids (``Page.tables``) and leave the text as it is, so the pages render
from the changed grids as the other forms do. The tables are those the converter reads from the PDF
(``find_standard_tables``): a grid continuing a table on the next page is changed as its first grid is.

``columns``: within each run of amount columns (the code and name columns stay first, and the sides of
a two-sided 总表, 项目|金额|项目|金额, stay sides), the columns under one header cell are a node and its
children are reversed or rotated (left or right, by a hash of the table's header), at every level: 合计/基本支出/项目支出 as
项目支出/基本支出/合计, 财政拨款收入/事业收入/经营收入/其他收入 as 事业收入/经营收入/其他收入/财政拨款收入.
A run whose columns are not each named (an empty or repeated header path) is left as printed: only
its position says what such a column is. ``yuan``: each amount of a table printed in 万元 times 10000,
two decimals and thousands separators (2,961.68 as 29,616,800.00), and the table's 单位 line as 元.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import replace
from decimal import Decimal

from converter.read.types import Cell, ReadDocument, Table

_AMOUNT = re.compile(r"^-?[\d,]*\d(?:\.\d+)?$")
_NO_MONEY = re.compile(r"%|率|比例|比重|人数|车辆数|[（(](?:辆|人|个|次|人次)[)）]")
_WAN_LINE = re.compile(r"(单位\s*[：:]\s*)万元")


def _grid_range(table: Table) -> tuple[int, int] | None:
    starts = [c.start for row in table.rows for c in row if c.start is not None]
    ends = [c.end for row in table.rows for c in row if c.end is not None]
    return (min(starts), max(ends)) if starts else None


def _owners(doc: ReadDocument) -> dict[int, object]:
    """Each grid (by id) -> the standard table the converter reads it into."""
    from converter.parse.tables import find_standard_tables

    found = find_standard_tables(doc)
    out: dict[int, object] = {}
    for page in doc.pages:
        for grid in page.tables:
            at = _grid_range(grid)
            owner = next((t for t in found if at and t.start <= at[0] < t.end), None) if at else None
            if owner is not None:
                out[id(grid)] = owner
    return out


def _with_tables(doc: ReadDocument, change) -> ReadDocument:
    pages = tuple(replace(p, tables=tuple(change(t) for t in p.tables)) for p in doc.pages)
    return replace(doc, pages=pages)


# ----------------------------------------------------------------------------------------------
# columns


def _reorder(nodes: list[list[int]], salt: int) -> list[list[int]]:
    """The nodes reversed, rotated left (the total last) or rotated right, by the table's salt."""
    if len(nodes) < 2:
        return nodes
    return (nodes[::-1], nodes[1:] + nodes[:1], nodes[-1:] + nodes[:-1])[salt % 3]


def _order(header: list[tuple[Cell, ...]], cols: list[int], level: int, salt: int) -> list[int]:
    """``cols`` (one header cell's columns) in the new order: its children at ``level`` reordered, each
    child's columns ordered below it."""
    if level >= len(header) or len(cols) < 2:
        return cols
    row = header[level]
    first, last = cols[0], cols[-1]
    if (first > 0 and row[first - 1] is row[first]) or (last + 1 < len(row) and row[last + 1] is row[last]):
        return _order(header, cols, level + 1, salt)  # a cell over more than these columns: a parent
    spans: list[list[int]] = []
    for j in cols:
        if spans and row[spans[-1][-1]] is row[j]:
            spans[-1].append(j)
        else:
            spans.append([j])
    if len(spans) == 1:
        return _order(header, cols, level + 1, salt)
    return [j for span in _reorder(spans, salt) for j in _order(header, span, level + 1, salt)]


def _runs(roles: list[str]) -> list[list[int]]:
    runs: list[list[int]] = []
    for j, role in enumerate(roles):
        if role != "value":
            continue
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    return runs


def column_order(table: Table) -> list[int] | None:
    """The table's columns in the order another province prints them, or None to leave it as printed."""
    from converter.parse.grid_header import column_roles, header_paths, split_header

    width = len(table.rows[0]) if table.rows else 0
    if width < 2 or any(len(r) != width for r in table.rows):
        return None
    header, data = split_header(table)
    if not header or not data:
        return None
    paths = header_paths(header, width)
    roles = column_roles(paths, data)
    order = list(range(width))
    salt = zlib.crc32("|".join(paths).encode("utf-8"))
    for run in _runs(roles):
        named = [paths[j] for j in run]
        if len(run) < 2 or not all(named) or len(set(named)) != len(named):
            continue
        moved = _order(header, run, 0, salt)
        order[run[0] : run[-1] + 1] = moved
    return order if order != list(range(width)) and _rectangles(table, order) else None


def _rectangles(table: Table, order: list[int]) -> bool:
    """Every merged cell still covers adjacent columns of each row it spans."""
    for row in table.rows:
        moved = [row[j] for j in order]
        where: dict[int, list[int]] = {}
        for k, cell in enumerate(moved):
            where.setdefault(id(cell), []).append(k)
        if any(ks[-1] - ks[0] + 1 != len(ks) for ks in where.values()):
            return False
    return True


def permuted(table: Table, order: list[int]) -> Table:
    return replace(table, rows=tuple(tuple(row[j] for j in order) for row in table.rows))


def narrowed(order: list[int], width: int) -> list[int] | None:
    """A grid's order for a grid continuing it with fewer columns (the code columns printed as one): the
    amount columns are the last ones of both."""
    d = len(order) - width
    if d == 0:
        return order
    if d < 0 or any(order[j] != j for j in range(d)) or any(order[j] < d for j in range(d, len(order))):
        return None
    return [j - d for j in order[d:]]


def columns_document(doc: ReadDocument) -> ReadDocument:
    """The document with each table's amount columns permuted (a grid continuing a table on the next
    page as its first grid, when it is as wide)."""
    owners = _owners(doc)
    orders: dict[int, list[int] | None] = {}  # standard table (by id) -> its first grid's order

    def change(grid: Table) -> Table:
        owner = owners.get(id(grid))
        order = column_order(grid)
        if owner is not None:
            if id(owner) in orders and order is None:
                order = orders[id(owner)]
            orders.setdefault(id(owner), order)
        if order is not None and grid.rows:
            order = narrowed(order, len(grid.rows[0]))
        if order is None or any(len(r) != len(order) for r in grid.rows):
            return grid
        return permuted(grid, order)

    return _with_tables(doc, change)


# ----------------------------------------------------------------------------------------------
# yuan


def in_yuan(text: str) -> str:
    """A 万元 amount in 元 with two decimals: "2,961.68" -> "29,616,800.00"."""
    value = Decimal(text.replace(",", "")) * 10000
    return f"{value:,.2f}"


def money_columns(grid: Table) -> set[int] | None:
    """The columns of amounts in 万元 (not shares, not counts), or None for a grid without a header."""
    from converter.parse.grid_header import column_roles, header_paths, split_header

    width = len(grid.rows[0]) if grid.rows else 0
    header, data = split_header(grid)
    if not header or not data:
        return None
    paths = header_paths(header, width)
    if not any(paths):
        return None  # a blank line above a grid continuing the table
    roles = column_roles(paths, data)
    return {j for j in range(width) if roles[j] == "value" and not _NO_MONEY.search(paths[j])}


def _yuan_grid(grid: Table, money: set[int]) -> Table:
    header, data = _split_header_of(grid)
    cells = {id(c) for row in data for j, c in enumerate(row) if j in money}
    cells -= {id(c) for row in header for c in row}

    def change(cell: Cell) -> Cell:
        text = cell.text.strip()
        if id(cell) in cells and _AMOUNT.match(text):
            return replace(cell, text=in_yuan(text))
        return replace(cell, text=_WAN_LINE.sub(r"\g<1>元", cell.text))

    return grid.with_cells(change)


def _split_header_of(grid: Table) -> tuple[list, list]:
    from converter.parse.grid_header import split_header

    return split_header(grid)


def yuan_document(doc: ReadDocument) -> tuple[ReadDocument, set[int]]:
    """The document with each table the converter reads in 万元 printed in 元, and the offsets of the
    单位：万元 lines those tables were read with (the text before a table's first grid, on its page), to
    print as 单位：元."""
    owners = _owners(doc)
    wan: dict[int, set[int]] = {}  # grid (by id) -> its money columns
    first: dict[int, set[int] | None] = {}  # standard table (by id) -> its first grid's money columns
    lines: set[int] = set()
    seen: set[int] = set()
    for page in doc.pages:
        cursor = page.start
        for grid in page.tables:
            owner = owners.get(id(grid))
            at = _grid_range(grid)
            if owner is not None and owner.unit == "万元":
                money = money_columns(grid)
                known = first.get(id(owner))
                if money is None and known is not None and grid.rows:
                    # a grid continuing the table, its header not repeated (its code columns maybe as one)
                    d = max(known | {0}) + 1 - len(grid.rows[0])
                    money = {j - d for j in known if j >= d} if d >= 0 else known
                first.setdefault(id(owner), money)
                wan[id(grid)] = money or set()
                if id(owner) not in seen and not owner.unit_inferred and at is not None:
                    m = _WAN_LINE.search(doc.text, cursor, at[0])
                    if m is not None:
                        lines.add(m.start())
            if owner is not None:
                seen.add(id(owner))
            cursor = at[1] if at is not None else cursor
    return _with_tables(doc, lambda g: _yuan_grid(g, wan[id(g)]) if id(g) in wan else g), lines


def yuan_line(line: str) -> str:
    return _WAN_LINE.sub(r"\g<1>元", line)
