"""The layout of a 项目支出绩效自评表 and of a budget's 绩效目标表, as data, and their rows rebuilt where the
grid was lost (``performance_restore`` puts the rows in the document's lines).

``converter.parse.performance`` reads the table as rows of tab-separated cells. A web page copied as
text often loses the grid: each cell on its own line, or cells separated by runs of blanks, or the
whole table on one line. The cells still come in reading order, and the table's own structure tells
where a row ends: the funds rows start with their label (年度资金总额, 财政拨款, 其他资金) and hold only
numbers; an indicator row ends with its weight and its score, two bare numbers, or, in a 绩效目标表, in its
target (the header's target columns), a row beginning at a level name. Rows rebuilt here are
tab rows like a grid's; cells that fell out (empty cells print nothing) make the funds columns a matter of
position, which ``performance`` records as an inference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converter.model import ALL
from converter.parse.sections import Line

# The funds block's column words and the statistic each states; "weight" / "score": a scoring column
# (分值, 得分), whose numbers are the 预算执行率 indicator's (the national template scores the execution
# rate on the funds row: 年度资金总额 … 分值 10, 执行率 95%, 得分 9.5).
FUNDS_COLUMNS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"^年初预算数?$"), "initial-budget"),
    (re.compile(r"^(?:全年|调整后)?预算数$|^全年预算数?$"), "full-year-budget"),
    (re.compile(r"^(?:全年)?(?:实际)?执行数$|^决算数$"), "level"),
    (re.compile(r"^(?:预算)?执行率(?:[（(]%[）)])?$"), "execution-rate"),
    (re.compile(r"^分值$"), "weight"),
    (re.compile(r"^得分$"), "score"),
)
SCORING_COLUMNS = ("weight", "score")
# The indicator the funds row's 分值 / 得分 score
EXECUTION_INDICATOR = "预算执行率"
# A deduction item (扣分项, 扣分指标): its score is points taken off, printed as 0, as the points or as
# their negative; its weight the most that may be taken.
DEDUCTION = re.compile(r"^扣分")
# Words of the indicator block's header row.
_INDICATOR_HEADER = re.compile(
    r"^(?:/?(?:一级指标|二级指标|三级指标|(?:年度|预期)?指标值|目标值|(?:度量|计量)单位|指标(?:性质|方向)|"
    r"实际完成(?:值|指标值)?|分值(?:/权重)?|权重|"
    r"[（(]?百分[制比][）)]?|得分|扣分原因(?:分析)?|分析|偏差原因分析及改进措施|偏差原因|改进措施|"
    r"未完成原因(?:和改进措施)?|指标值))+$"
)
# A budget's 绩效目标表 states targets only: the columns after the level names and what each holds; a
# header naming a scored column (实际完成值, 分值, 得分) is a self-evaluation's.
TARGET_COLUMNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:年度|预期)?(?:指标值|目标值)$"), "value"),
    (re.compile(r"^(?:度量|计量)单位$"), "unit"),
    (re.compile(r"^指标(?:性质|方向)$"), "nature"),
)
# a 指标性质 stating no unit: its row leaves the 度量单位 cell empty
UNITLESS_NATURE = re.compile(r"^定性$")
SCORED_COLUMN = re.compile(r"得分|分值|实际完成|完成值|完成情况")
# the label a budget's 绩效目标表 prints before its goal ("总体目标 | 完成年度审计项目12个…"); a 自评表's two goal
# cells are the target and the result
GOAL_LABEL = re.compile(r"(?:年度|项目|长期)?(?:总体|绩效)?目标(?:[（(]\s*\d{4}\s*年?[)）])?")
# a 自评表's goal columns, printed under 年度总体目标
GOAL_COLUMNS = ("预期目标", "实际完成情况")
# a department's block of tasks (任务名称 | 主要内容 | …), above its funds, goal and indicators; the labels
# printed in a cell before the indicator header (一级指标 …)
TASK_BLOCK = re.compile(r"^(?:年度)?主要任务")
INDICATOR_BLOCK = ("绩效指标", "年度绩效指标")
_NAME_LABEL = r"项目名称|部门[（(]单位[)）]名称|部门名称|单位名称"
_LABEL = re.compile(
    rf"^(?P<key>{_NAME_LABEL}|主管部门|实施单位|年度(?=\s*[:：]|$))\s*[:：]?\s*(?P<value>.*)$"
)
# the funds block's first cell: a project's 项目资金, a department's 年度部门整体支出预算 (执行情况)
FUNDS_BLOCK = re.compile(r"^(?:项目资金|年度(?:部门|单位)?整体支出)")
# The funds block's row labels and the fund each row is of; None: last year's balance (上年结转), which no
# fund of the vocabulary is. A label may end in a colon; 其中 before a part.
FUNDS_ROWS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"^(?:年度)?资金总额"), ALL),
    (re.compile(r"^(?:其中\s*[:：]?\s*)?(?:当年|本年)?财政拨款(?:资金)?"), "appropriation"),
    (re.compile(r"^(?:其中\s*[:：]?\s*)?上年结转(?:资金)?"), None),
    (re.compile(r"^(?:其中\s*[:：]?\s*)?其他资金(?:来源)?"), "non-appropriation"),
)


def funds_row(cell: str) -> tuple[str, str | None] | None:
    """(the label as printed, its fund) when ``cell`` is a funds row's label, else None."""
    text = cell.strip()
    for pattern, fund in FUNDS_ROWS:
        found = pattern.match(text)
        if found and re.fullmatch(r"\s*[:：]?\s*", text[found.end() :]):
            return found.group(0), fund
    return None


_NUMBER_ISH = re.compile(r"^(?:[-+]?[\d,]+(?:\.\d+)?\s*%?|[-—–/])$")
# a bare number (a weight, a score); the level-1 indicator names (shared with ``performance``)
NUMERIC = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标")
_ENDS_TABLE = re.compile(r"^(?:说明|注[:：]|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
_CELL_BREAK = re.compile(r"\t|[ \u00a0\u3000]{2,}")
ROW_SEARCH = 14  # cells looked ahead for an indicator row's weight and score


class RebuiltRow(Line):
    """A row rebuilt from cells printed without their grid: its cells' positions are not columns."""


class UnsureRow(RebuiltRow):
    """Cells of a grid-less table whose row boundaries the layout does not tell: kept unread, and said."""


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str
    line: int = 0  # the index of the line it is printed on


def funds_column(word: str) -> tuple[bool, str | None]:
    """(is a funds column word, the statistic it states)."""
    compact = re.sub(r"\s", "", word)
    for pattern, statistic in FUNDS_COLUMNS:
        if pattern.match(compact):
            return True, statistic
    return False, None


def cells_of(line: Line) -> list[Cell]:
    text = line.text
    pieces = _CELL_BREAK.split(text)
    if len(pieces) == 1 and len(text) > 40 and " " in text:
        pieces = text.split()  # a whole table on one line, single blanks between cells
    out: list[Cell] = []
    position = 0
    for piece in pieces:
        piece = piece.strip(" \u00a0\u3000")
        if not piece:
            continue
        at = text.index(piece, position)
        position = at + len(piece)
        out.append(Cell(line.start + at, line.start + at + len(piece), piece))
    return out


def _starts_region(line: Line) -> int | None:
    """The offset in ``line.text`` where a grid-less 绩效自评表 begins (its 项目名称 cell), or None."""
    if line.is_table_row:
        return None
    found = re.search(r"项目名称\s*[:：]", line.text)
    if found is None or "\t" in line.text[found.end() : found.end() + 3]:
        return None
    return found.start()


def is_level_word(text: str) -> bool:
    return text.endswith("指标") and len(text) <= 10


def _indicator_row(cells: list[str]) -> list[str]:
    """[level1, level2, level3, target, actual, weight, score] with the level names of empty rows above
    it dropped ("效益指标 / 经济效益指标 / 社会效益指标 / 骨干企业慰问率": 经济效益指标 had no row)."""
    if "".join(re.sub(r"\s", "", c) for c in cells[:-2]) in ("得分", "总分", "合计"):
        return ["得分", *cells[-2:]]  # the total row ("得 分" printed with a blank)
    names, tail = cells[:-4], cells[-4:]
    if not names:
        return cells
    level3, levels = names[-1], [n for n in names[:-1] if is_level_word(n)]
    if not levels:
        return ["", "", level3, *tail]
    level2 = levels[-1]
    earlier = [n for n in levels[:-1] if n in LEVEL1_NAMES]
    level1 = earlier[-1] if earlier else ""
    return [level1, level2, level3, *tail]


def _next_pair(cells: list[Cell], i: int) -> int | None:
    """Index of an indicator row's weight (its score follows) within the next cells, or None."""
    for j in range(i + 1, min(len(cells) - 1, i + ROW_SEARCH)):
        if NUMERIC.match(cells[j].text) and NUMERIC.match(cells[j + 1].text):
            while j + 2 < len(cells) and NUMERIC.match(cells[j + 2].text):
                j += 1  # a numeric target and actual before them: the pair is the run's last two
            return j
    return None


def _head_row(cells: list[Cell], i: int) -> tuple[list[str], int] | None:
    """A row of the block above the indicators starting at ``cells[i]``, and the index after it."""
    text = cells[i].text
    label = None if funds_row(text) else _LABEL.match(text)
    if label:
        value = label.group("value").strip()
        if value:
            return [f"{label.group('key')}:", value], i + 1
        if i + 1 < len(cells) and not _LABEL.match(cells[i + 1].text):
            return [f"{label.group('key')}:", cells[i + 1].text], i + 2
        return [f"{label.group('key')}:"], i + 1
    if FUNDS_BLOCK.match(text):
        return [text], i + 1
    if TASK_BLOCK.match(text):  # a department's tasks: one row of them, which nothing reads as a goal
        j = i + 1
        while j < len(cells) and j - i < _TASK_CELLS and not _ends_tasks(cells, j):
            j += 1
        return [c.text for c in cells[i:j]], j
    if funds_column(text)[0]:
        j = i
        while j < len(cells) and funds_column(cells[j].text)[0]:
            j += 1
        return ["", *(c.text for c in cells[i:j])], j
    if funds_row(text):
        j = i + 1
        while j < len(cells) and _NUMBER_ISH.match(cells[j].text):
            j += 1
        return [text, *(c.text for c in cells[i + 1 : j])], j
    if text == "年度总体目标":
        return [text], i + 1
    return None


def rebuild_project(cells: list[Cell]) -> tuple[list[tuple[list[str], int, int]], int]:
    """Rows (cells, start, end) from the cells of a grid-less table, and how many cells they used."""
    rows: list[tuple[list[str], int, int]] = []
    i, in_indicators, goals = 0, False, []
    while i < len(cells):
        if _ENDS_TABLE.match(cells[i].text) or (
            rows and _LABEL.match(cells[i].text) and i and re.match(_NAME_LABEL, cells[i].text)
        ):
            break
        if not in_indicators:
            if cells[i].text.startswith("一级指标"):
                j = i
                while (
                    j < len(cells)
                    and _INDICATOR_HEADER.match(re.sub(r"\s", "", cells[j].text))
                    and not (j + 1 < len(cells) and NUMERIC.match(cells[j + 1].text))  # "得 分 100 100"
                ):
                    j += 1
                if goals:
                    rows.append((_goal_row(goals), cells[i].start, cells[i].start))
                header = [c.text for c in cells[i:j]]
                rows.append((header, cells[i].start, cells[j - 1].end))
                roles = target_roles_of(header)
                if roles:  # a budget's 绩效目标表: its rows end in their target, not in two numbers
                    found, i = _target_rows(cells, i, j, roles)
                    return rows + found, i
                i, in_indicators = j, True
                continue
            head = _head_row(cells, i)
            if head is not None:
                row, j = head
                rows.append((row, cells[i].start, cells[j - 1].end))
                i = j
            elif cells[i].text not in GOAL_COLUMNS and not _labels_indicators(cells, i):
                goals.append(cells[i].text)
                i += 1
            else:
                i += 1
            continue
        weight = _next_pair(cells, i - 1)
        if weight is None or weight - i > ROW_SEARCH - 2:
            break
        row = [c.text for c in cells[i : weight + 2]]
        rows.append((_indicator_row(row) if len(row) >= 4 else row, cells[i].start, cells[weight + 1].end))
        i = weight + 2
    return rows, i


_TASK_CELLS = 60  # a department's tasks: a few, each a name, what it does and its funds


def _ends_tasks(cells: list[Cell], j: int) -> bool:
    text = cells[j].text
    return bool(
        FUNDS_BLOCK.match(text)
        or funds_row(text)
        or GOAL_LABEL.fullmatch(text)
        or text.startswith("一级指标")
        or _labels_indicators(cells, j)
        or _LABEL.match(text)
    )


def _labels_indicators(cells: list[Cell], i: int) -> bool:
    """The indicator block's label (年度绩效指标) printed in a cell before its header's 一级指标."""
    return (
        cells[i].text in INDICATOR_BLOCK and i + 1 < len(cells) and cells[i + 1].text.startswith("一级指标")
    )


def _goal_row(goals: list[str]) -> list[str]:
    """The goal row: a 自评表's target and result, or a 绩效目标表's label and its text (which a table on one
    line prints cut at its blanks)."""
    if GOAL_LABEL.fullmatch(goals[0]) and len(goals) > 1:
        return ["", goals[0], " ".join(goals[1:])]
    return ["", *goals[:2]]


# --- a budget's 绩效目标表: indicator rows ending in their target ------------------------------------------
_TABLE_TITLE = re.compile(r"(?:绩效|预算|决算|收支|支出|收入)\S*(?<!报)表$")  # a title, not 决算报表
_TARGET_CELL_MAX = 60  # a name or a target; a longer cell, or a sentence, is prose after the table
_SENTENCE = re.compile(r"[。；]$")
_TARGET_GROUP_ROWS = 12  # rows under one level-2 name gathered at most


class UnsureCells(list[str]):
    """Cells kept together, unread: where one row ends among them the layout does not tell."""


def target_column(word: str) -> str | None:
    """What a 绩效目标表's column after the level names holds (value, unit, nature), or None."""
    compact = re.sub(r"\s", "", word)
    return next((role for pattern, role in TARGET_COLUMNS if pattern.match(compact)), None)


def target_roles_of(header: list[str]) -> tuple[str, ...]:
    """What the cells after an indicator's name hold in a 绩效目标表's row, by its header (none: not a
    绩效目标表's header)."""
    if any(SCORED_COLUMN.search(word) for word in header):
        return ()
    return tuple(role for role in map(target_column, header) if role)


def target_width(header: list[str]) -> int:
    """How many cells follow an indicator's name in a 绩效目标表's row (0: not a 绩效目标表's header)."""
    return len(target_roles_of(header))


def unitless_roles(roles: tuple[str, ...], targets: list[str]) -> tuple[str, ...] | None:
    """The roles of ``targets``, a row's target cells one fewer than its columns, where its 指标性质 says
    it has no unit (定性): the 度量单位 is the cell left empty. None: which one fell out is not told."""
    if "unit" not in roles or "nature" not in roles or len(targets) != len(roles) - 1:
        return None
    short = tuple(r for r in roles if r != "unit")
    return short if UNITLESS_NATURE.match(targets[short.index("nature")]) else None


def _row_sizes(texts: list[str], roles: tuple[str, ...]) -> list[int]:
    """How many cells the row starting at ``texts[0]`` (its indicator's name) may have."""
    sizes = [1 + len(roles)]
    if unitless_roles(roles, texts[1 : len(roles)]):
        sizes.append(len(roles))
    return sizes


def _splits(texts: list[str], roles: tuple[str, ...], found: int = 2) -> list[list[int]]:
    """The ways (at most ``found``) ``texts`` split into whole rows: the row sizes of each."""
    if not texts:
        return [[]]
    out: list[list[int]] = []
    for size in _row_sizes(texts, roles):
        if size <= len(texts):
            out.extend([size, *rest] for rest in _splits(texts[size:], roles, found))
        if len(out) >= found:
            break
    return out[:found]


def _level(text: str) -> int:
    """1 or 2 for a level name (一级: one of LEVEL1_NAMES; 二级: a short word ending in 指标), else 0."""
    return 1 if text in LEVEL1_NAMES else 2 if is_level_word(text) else 0


def _ends_targets(cell: Cell) -> bool:
    text = cell.text
    return bool(
        _ENDS_TABLE.match(text)
        or _TABLE_TITLE.search(text)
        or _LABEL.match(text)
        or _SENTENCE.search(text)
        or len(text) > _TARGET_CELL_MAX
    )


def _levels_then_rest(cells: list[Cell]) -> tuple[list[str], list[Cell]]:
    """The level names a row (or a group of rows) starts with, empty levels above it dropped ("效益指标 /
    经济效益指标 / 社会效益指标 / …": 经济效益指标 had no row), and the cells after them."""
    at = 0
    while at < len(cells) and _level(cells[at].text):
        at += 1
    names = [c.text for c in cells[:at]]
    first = max((k for k, n in enumerate(names) if _level(n) == 1), default=-1)
    level1 = names[first : first + 1] if first >= 0 else []
    level2 = [n for n in names[first + 1 :] if _level(n) == 2][-1:]
    return [*level1, *level2], cells[at:]


def _target_rows(
    cells: list[Cell], header: int, i: int, roles: tuple[str, ...]
) -> tuple[list[tuple[list[str], int, int]], int]:
    """A 绩效目标表's indicator rows from ``cells[i]`` (its header at ``cells[header:i]``): each row is its
    level names (merged cells print them on the first row only), the indicator's name and a cell for each
    of ``roles`` (a 定性 target none for its unit). Where the lines keep the rows (the header a line of its
    own), a line is a row; else a row begins at a level name, and the cells under one name split into rows
    only where they split one way."""
    line = cells[header].line
    alone = all(c.line == line for c in cells[header:i]) and (header == 0 or cells[header - 1].line != line)
    by_lines = alone and (i >= len(cells) or cells[i].line != line)
    return _target_lines(cells, i, roles) if by_lines else _target_groups(cells, i, roles)


def _target_lines(
    cells: list[Cell], i: int, roles: tuple[str, ...]
) -> tuple[list[tuple[list[str], int, int]], int]:
    """Rows from lines that keep them. A line that is no row (a cell wrapped onto the next line, a cell
    left empty) makes the lines after it doubtful until one begins with a level name: those are kept
    unread; a second line that is no row among them says the table ended before the first."""
    rows: list[tuple[list[str], int, int]] = []
    # (first cell, end, whether shaped as a row) of each line since the last sure row
    doubtful: list[tuple[int, int, bool]] = []
    ended = False
    while i < len(cells) and not _ends_targets(cells[i]):
        j = i
        while j < len(cells) and cells[j].line == cells[i].line:
            j += 1
        levels, rest = _levels_then_rest(cells[i:j])
        texts = [c.text for c in rest]
        shaped = bool(levels and not rest) or (bool(rest) and len(rest) in _row_sizes(texts, roles))
        if shaped and (not doubtful or levels):
            for a, b, _ in doubtful:
                rows.extend(_unsure(cells[a:b]))
            doubtful = []
            rows.append(([*levels, *(c.text for c in rest)], cells[i].start, cells[j - 1].end))
        elif not shaped and any(not row for _, _, row in doubtful):
            ended = True
            break
        else:
            doubtful.append((i, j, shaped))
        i = j
    if doubtful and (ended or len(doubtful) == 1):  # the lines after the last row are not the table's
        return rows, doubtful[0][0]
    for a, b, _ in doubtful:  # a last row wrapped onto the next line: kept unread
        rows.extend(_unsure(cells[a:b]))
    return rows, i


def _target_groups(
    cells: list[Cell], i: int, roles: tuple[str, ...]
) -> tuple[list[tuple[list[str], int, int]], int]:
    """Rows from cells whose lines do not keep them: a group of rows begins at a level name."""
    rows: list[tuple[list[str], int, int]] = []
    size = 1 + len(roles)
    while i < len(cells) and _level(cells[i].text) and not _ends_targets(cells[i]):
        k = i
        while k < len(cells) and _level(cells[k].text):
            k += 1  # the group's level names
        while (
            k < len(cells)
            and not _level(cells[k].text)
            and not _ends_targets(cells[k])
            and k - i < size * _TARGET_GROUP_ROWS
        ):
            k += 1  # its rows' cells, up to the next level name
        levels, rest = _levels_then_rest(cells[i:k])
        splits = _splits([c.text for c in rest], roles) if rest else []
        if len(splits) != 1 or _misplaced(rest, splits[0]):
            rows.extend(_unsure(cells[i:k]))
        else:
            at = 0
            for cut in splits[0]:
                chunk = [c.text for c in rest[at : at + cut]]
                first = cells[i] if at == 0 else rest[at]
                rows.append(([*levels, *chunk] if at == 0 else chunk, first.start, rest[at + cut - 1].end))
                at += cut
        i = k
    return rows, i


def _unsure(cells: list[Cell]) -> list[tuple[list[str], int, int]]:
    """Cells whose rows are not told apart, kept unread; the level names they begin with still stand
    (the rows after them inherit those)."""
    levels, rest = _levels_then_rest(cells)
    out: list[tuple[list[str], int, int]] = []
    if levels:
        out.append((levels, cells[0].start, cells[len(cells) - len(rest) - 1].end))
    if rest:
        out.append((UnsureCells(c.text for c in rest), rest[0].start, rest[-1].end))
    return out


def _misplaced(rest: list[Cell], sizes: list[int]) -> bool:
    """A group split by count whose names look like targets: a cell fell out, the rows are not known."""
    starts = [sum(sizes[:k]) for k in range(len(sizes))]
    names = [rest[at].text for at in starts]
    return len(sizes) > 1 and any(_NUMBER_ISH.match(n) or re.match(r"^[≥≤><=＝]", n) for n in names)


def starts_project(lines: list[Line], index: int) -> int | None:
    """Where a grid-less project or department table begins in ``lines[index]``: its 项目名称 cell with a
    colon, or its name cell (项目名称, 部门（单位）名称 …) where the cells after the name are the table's
    (as ``performance`` begins a project)."""
    line = lines[index]
    at = _starts_region(line)
    if at is not None or line.is_table_row or "\t" in line.text or "名称" not in line.text:
        return at
    cells = cells_of(line)
    for k, cell in enumerate(cells):
        label = _NAMED.match(cell.text)
        followers = next((f for name, f in NAME_FOLLOWERS if label and name.fullmatch(label["key"])), None)
        if followers is None:
            continue
        after, more = cells[k + (1 if label["value"] else 2) :], index + 1
        while len(after) < _FOLLOWER_CELLS and more < min(len(lines), index + 1 + _FOLLOWER_CELLS):
            if lines[more].is_table_row:
                break
            after, more = after + cells_of(lines[more]), more + 1
        if any(followers.match(c.text) for c in after[:_FOLLOWER_CELLS]):
            return cell.start - line.start
    return None


# the name cells a table begins with and the cells that follow the name in it: a 收支总表's header
# ("项目名称 金额 项目名称 金额") begins none, nor "单位名称：XX局" above a standard table
NAME_FOLLOWERS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"项目名称"), re.compile(r"^(?:主管部门|实施单位|项目资金)")),
    (
        re.compile(r"部门[（(]单位[)）]名称|部门名称|单位名称"),
        re.compile(r"^(?:(?:年度)?主要任务|年度(?:部门|单位)?整体支出)"),
    ),
)
_NAMED = re.compile(rf"^(?P<key>{_NAME_LABEL})\s*[:：]?\s*(?P<value>.*)$")
_FOLLOWER_CELLS = 2
