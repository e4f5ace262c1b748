"""Grid-less performance tables put back into tab rows, before anything reads the document's lines.

Each kind of table copied without its grid (``performance_layout``: a project's 绩效自评表 or 绩效目标表; here:
the department-wide scoring table, 部门整体绩效自评体系评分表) has where it begins, how its rows are rebuilt
and how many cells its smallest real row has. The rebuilt rows replace the lines the cells were printed on,
so the narrative does not read a table's cells as sentences.
"""

from __future__ import annotations

import re
from dataclasses import replace

from converter.parse.performance_layout import (
    NUMERIC,
    ROW_SEARCH,
    Cell,
    RebuiltRow,
    UnsureCells,
    UnsureRow,
    cells_of,
    rebuild_project,
    starts_project,
    target_width,
)
from converter.parse.sections import Line

_REGION_CELLS = 3000  # a table's cells are a few hundred: no more are gathered for one


# --- the department-wide scoring table (部门整体绩效自评体系评分表) ------------------------------------------
# Its header words; a row is its level names, the weight, the explanation and criterion (and √ marks),
# then the score: names* weight text+ score. The total row is its name and the score.
_SCORING_HEADER_WORDS = re.compile(
    r"^(?:绩效指标|指标分值|指标解释|计分标准|评价方式|评价属性|部门打分|备注|一级指标|二级指标|三级指标|"
    r"整体评价|样本评价|定性评价|定量评价)$"
)
_SCORING_TOTAL = re.compile(r"^(?:部门整体自评得分|总分|合计)")
_POINTS = re.compile(r"[（(]\s*(?P<points>\d+(?:\.\d+)?)\s*分\s*[)）]")


def _starts_scoring(line: Line) -> int | None:
    """0 when a grid-less scoring table's header begins this line (绩效指标 … 指标分值), else None."""
    if line.is_table_row or not line.text.startswith("绩效指标") or "\t" in line.text:
        return None
    return 0


def _scoring_names(names: list[str], weight: str) -> list[str]:
    """The names in their level cells: three names are the three levels; two, levels 2 and 3; one, level
    3, unless it is a group of one row ("扣分项 (10分)", its points the row's weight): level 1."""
    if len(names) >= 3:
        return names[-3:]
    if len(names) == 1:
        points = _POINTS.search(names[0])
        if points and points.group("points") == weight:
            return names
    return [""] * (3 - len(names)) + names


def _rebuild_scoring(cells: list[Cell]) -> tuple[list[tuple[list[str], int, int]], int]:
    rows: list[tuple[list[str], int, int]] = []
    i = 0
    while i < len(cells):
        if _SCORING_HEADER_WORDS.match(re.sub(r"\s", "", cells[i].text)):
            j = i
            while j < len(cells) and _SCORING_HEADER_WORDS.match(re.sub(r"\s", "", cells[j].text)):
                j += 1
            rows.append(([c.text for c in cells[i:j]], cells[i].start, cells[j - 1].end))
            i = j
            continue
        j = i
        while j < len(cells) and j - i < 4 and not NUMERIC.match(cells[j].text):
            j += 1  # the level names
        if j >= len(cells) or not NUMERIC.match(cells[j].text):
            break
        names = [c.text for c in cells[i:j]]
        if names and _SCORING_TOTAL.match(names[0]):
            rows.append(([names[0], "", cells[j].text], cells[i].start, cells[j].end))
            i = j + 1
            break  # the total ends the table
        k = j + 1
        while k < len(cells) and k - j <= ROW_SEARCH and not NUMERIC.match(cells[k].text):
            k += 1  # the explanation, the criterion and the marks
        if k >= len(cells) or k == j + 1 or not NUMERIC.match(cells[k].text):
            break
        texts = [c.text for c in cells[j + 1 : k]]
        rows.append(
            (
                [*_scoring_names(names, cells[j].text), cells[j].text, *texts, cells[k].text],
                cells[i].start,
                cells[k].end,
            )
        )
        i = k + 1
    return rows, i


def _starts_scoring_at(lines: list[Line], index: int) -> int | None:
    return _starts_scoring(lines[index])


# each kind: where one begins, how its rows are rebuilt, how many cells its smallest real row has (fewer:
# not that table after all)
_KINDS = ((starts_project, rebuild_project, 6), (_starts_scoring_at, _rebuild_scoring, 5))


def _starts_any(lines: list[Line], index: int) -> tuple[int, int] | None:
    for number, (starts, _rebuilder, _width) in enumerate(_KINDS):
        at = starts(lines, index)
        if at is not None:
            return number, at
    return None


def restore_performance_rows(lines: list[Line]) -> list[Line]:
    """``lines`` with each grid-less 项目支出绩效自评表 / 绩效目标表 (and 部门整体 scoring table) replaced by the
    tab rows it prints."""
    out: list[Line] = []
    lines = list(lines)  # the rest of a line a table ended in takes the line's place, to be read again
    index = 0
    while index < len(lines):
        line = lines[index]
        found = _starts_any(lines, index)
        if found is None:
            out.append(line)
            index += 1
            continue
        kind, at = found
        _starts, rebuild, width = _KINDS[kind]
        first = Line(line.start + at, line.end, line.text[at:])
        region = [(index, replace(c, line=index)) for c in cells_of(first)[:_REGION_CELLS]]
        stop = index + 1
        while (
            stop < len(lines)
            and len(region) < _REGION_CELLS
            and not lines[stop].is_table_row
            and _starts_any(lines, stop) is None
        ):
            region.extend((stop, replace(c, line=stop)) for c in cells_of(lines[stop]))
            stop += 1
        rows, used = rebuild([c for _, c in region])
        if not _a_table(rows, width):  # no row of the table: not one after all
            out.append(line)
            index += 1
            continue
        if at:
            out.append(Line(line.start, line.start + at, line.text[:at].rstrip()))
        out.extend(_row_line(row, start, end) for row, start, end in rows)
        index = _append_rest(out, lines, region, used, stop)
    return out


def _a_table(rows: list[tuple[list[str], int, int]], width: int) -> bool:
    """Whether the rows rebuilt are a table's: one as wide as its smallest real row, or a 绩效目标表's
    indicator header with an indicator row read under it (its rows are narrower)."""
    if any(len(row) >= width for row, _, _ in rows):
        return True
    header = next((k for k, (row, _, _) in enumerate(rows) if target_width(row)), None)
    return header is not None and any(
        not isinstance(row, UnsureCells) and len(row) > 1 for row, _, _ in rows[header + 1 :]
    )


def _row_line(row: list[str], start: int, end: int) -> RebuiltRow:
    kind = UnsureRow if isinstance(row, UnsureCells) else RebuiltRow
    return kind(start, end, "\t".join(row) + "\t\t")


def _append_rest(
    out: list[Line], lines: list[Line], region: list[tuple[int, Cell]], used: int, stop: int
) -> int:
    """Lines after the rebuilt rows are kept: the rest of a line the table ended in is read again (the
    next table of a page printed on one line begins in it); the index of the next line to read."""
    if used < len(region):
        line_index, cut = region[used][0], region[used][1].start
    else:  # every cell gathered was used: the line the last one is on may go on past it
        line_index, cut = region[-1][0], region[-1][1].end
    line = lines[line_index]
    if cut <= line.start:
        return line_index
    rest = line.text[cut - line.start :]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        piece = Line(cut + lead, line.end, rest.strip())
        if used < len(region):
            lines[line_index] = piece
            return line_index
        out.append(piece)
    return line_index + 1 if used < len(region) or line_index + 1 >= stop else stop
