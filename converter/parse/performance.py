"""Performance self-evaluation tables (项目支出绩效自评表), as text rows with tab-separated cells.

Merged cells of the printed table arrive as empty or missing leading cells, so an
indicator row inherits its level-1/level-2 names from the rows above it. Free-text
values ("≥1家", "优良中低差") are kept literally beside any number parsed from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from converter.model import Figure, Indicator, Measure, ParseWarning, Project, ScoreTotal, Span
from converter.parse.amounts import AmountError, parse_number, to_yuan
from converter.parse.performance_layout import (
    DEDUCTION,
    EXECUTION_INDICATOR,
    FUNDS_BLOCK,
    GOAL_COLUMNS,
    GOAL_LABEL,
    INDICATOR_BLOCK,
    LEVEL1_NAMES,
    NUMERIC,
    SCORED_COLUMN,
    SCORING_COLUMNS,
    TASK_BLOCK,
    RebuiltRow,
    UnsureRow,
    funds_column,
    funds_row,
    target_roles_of,
)
from converter.parse.performance_targets import parse_value, target_row
from converter.parse.sections import Line

# the label's colon is the Sichuan layout's; the national template prints the label in a cell of its own
PROJECT_NAME = re.compile(
    r"^(?P<label>项目名称|部门[（(]单位[)）]名称|部门名称|单位名称)\s*[:：]?\s*\t+(?P<name>[^\t]+)"
)
FIELD = re.compile(r"(?P<key>主管部门|实施单位)\s*[:：]?\s*\t+(?P<value>[^\t]+)")
UNIT_IN_HEADING = re.compile(r"[（(](?P<unit>万元|元)[)）]")


_SCORING_HEADER = re.compile(r"指标分值.*(部门打分|得分)|一级指标\t二级指标\t三级指标\t+整体评价")
_SCORE_CELL = re.compile(r"^\d+(?:\.\d+)?$")


def _scoring_row(line: Line) -> tuple[list[str], Decimal | None, Decimal, str | None] | None:
    """(level names, weight, score, explanation) of a scoring-table row: the weight is the first
    numeric cell, the score the last; names stand before the weight, the explanation after it."""
    cells = [c.strip() for c in line.text.split("\t")]
    numeric = [i for i, c in enumerate(cells) if _SCORE_CELL.match(c)]
    if not numeric:
        return None
    first, last = numeric[0], numeric[-1]
    names = [c for c in cells[:first] if c]
    texts = [c for c in cells[first + 1 : last] if c and c != "√"]
    weight = Decimal(cells[first]) if first != last else None
    return names, weight, Decimal(cells[last]), (texts[0] if texts else None)


def _cells(line: Line) -> list[str]:
    cells = [c.strip() for c in line.text.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def parse_performance_tables(
    text: str,
    lines: list[Line],
    fiscal_year: int,
    page_of: Callable[[int], int | None],
    read_elsewhere: list[tuple[int, int]] = (),  # type: ignore[assignment]
    phase: str = "final",
) -> tuple[list[Project], list[Figure], list[ParseWarning]]:
    """Projects and their indicators; ``read_elsewhere``: spans of tables other readers interpreted."""
    projects: list[Project] = []
    figures: list[Figure] = []
    warnings: list[ParseWarning] = []

    def span(line: Line, locator: str) -> Span:
        return Span(line.start, line.end, text[line.start : line.end], page_of(line.start), locator)

    current: Project | None = None
    unit = "万元"
    level1: str | None = None
    level2: str | None = None
    row_number = 0
    in_indicators = targets_only = goal_labelled = in_tasks = False
    target_roles: tuple[str, ...] = ()  # a 绩效目标表's columns after the level names
    stray_rows: list[Line] = []
    funds_header: list[tuple[int, str | None]] | None = None

    scoring: Project | None = None  # a department-wide scoring table (部门整体绩效自评体系评分表)
    scoring_names: list[str | None] = [None, None, None]
    title_line: Line | None = None
    for index, line in enumerate(lines):
        if not line.is_table_row and line.text.endswith("评分表"):
            title_line = line
        if current is None and line.is_table_row and _SCORING_HEADER.search(line.text):
            if scoring is None:
                anchor = title_line or line
                scoring = Project(
                    name=(title_line.text if title_line else "部门整体绩效自评"), span=span(anchor, "评分表")
                )
                projects.append(scoring)
                scoring_names = [None, None, None]
            continue
        if current is None and scoring is not None and line.is_table_row:
            row = _scoring_row(line)
            if row is not None:
                names, weight, score, explanation = row
                if names and names[0].startswith(("部门整体自评得分", "总分", "合计")):
                    scoring.total = ScoreTotal(weight, score, span(line, scoring.name))
                    figures.append(
                        Figure(
                            item="performance-score",
                            statistic="level",
                            measure=Measure.SCORE,
                            value=score,
                            span=span(line, scoring.name),
                            stated_text=format(score, "f"),
                            stated_unit="分",
                            table="department-performance",
                        )
                    )
                    scoring = None
                    continue
                # names fill the levels from the left only when the row starts at the first column
                leading_blanks = len(line.text) - len(line.text.lstrip("\t"))
                offset = min(leading_blanks, 3 - len(names)) if len(names) < 3 else 0
                for index, name in enumerate(names[:3]):
                    scoring_names[offset + index] = name
                    for deeper in range(offset + index + 1, 3):
                        scoring_names[deeper] = (
                            None if deeper > offset + len(names) - 1 else scoring_names[deeper]
                        )
                scoring.indicators.append(
                    Indicator(
                        row_number=len(scoring.indicators) + 1,
                        level1=scoring_names[0],
                        level2=scoring_names[1],
                        level3=scoring_names[2] or explanation,
                        target_text=explanation,
                        actual_text=None,
                        target_value=None,
                        actual_value=None,
                        comparator=None,
                        unit=None,
                        weight=weight,
                        score=score,
                        span=span(line, scoring.name),
                        deduction=any(DEDUCTION.match(n or "") for n in scoring_names),
                    )
                )
                continue
        name_match = PROJECT_NAME.match(line.text)
        if name_match and _begins_project(name_match, lines[index + 1 : index + 1 + _PROJECT_LINES]):
            current = Project(name=name_match.group("name").strip(), span=span(line, "项目支出绩效自评表"))
            projects.append(current)
            unit, level1, level2, row_number, in_indicators = "万元", None, None, 0, False
            targets_only = goal_labelled = in_tasks = False
            funds_header = None
            continue
        if current is None:
            interpreted = any(start <= line.start < end for start, end in read_elsewhere)
            # a row number in the first cell is not a figure ("1\t上海市普陀区财政局（本级）")
            numbers_beyond_first = any(re.search(r"\d", cell) for cell in line.text.split("\t")[1:])
            if line.is_table_row and numbers_beyond_first and not interpreted:
                stray_rows.append(line)
            continue
        if line.text.startswith("说明") or (
            not line.is_table_row and re.match(r"^(第.+部分|区级|附)", line.text)
        ):
            current = None
            if line.is_table_row:
                stray_rows.append(line)
            continue
        if isinstance(line, UnsureRow):  # cells printed without the grid, rows not told apart
            current.unread_rows += 1
            why = f"indicator rows of {current.name} not told apart without the table's grid: not read"
            warnings.append(ParseWarning("unparsed-row", why, span(line, current.name)))
            continue
        fields = list(FIELD.finditer(line.text))
        for field in fields:
            if field.group("key") == "主管部门":
                current.competent_department = field.group("value").strip()
            else:
                current.implementing_unit = field.group("value").strip()
        if fields:
            continue  # not the overall target's two cells
        cells = _cells(line)
        in_tasks = _tasks_go_on(cells, line.text, in_tasks)
        if in_tasks:
            continue  # a department's 年度主要任务 (task | what it does): not its goal
        unit_match = UNIT_IN_HEADING.search(line.text)
        if FUNDS_BLOCK.match(line.text) and unit_match:
            unit = unit_match.group("unit")
            cells[0] = ""  # the national template prints the funds columns on this line
        header = _funds_header(cells)
        if header is not None:
            funds_header = header
            continue
        funds = _funds_label(cells)
        if funds is not None and funds[2] is None and any(re.search(r"\d", c) for c in cells[funds[1] + 1 :]):
            # no fund of the vocabulary is last year's balance: said, not published as another fund
            where = span(line, current.name)
            warnings.append(ParseWarning("unparsed-row", f"{funds[0]} of {current.name}: not read", where))
            continue
        if funds is not None and funds[2] is not None:
            label, label_at, fund = funds
            grid = None if isinstance(line, RebuiltRow) else funds_header
            found, found_warnings = _funds_figures(
                cells[label_at + 1 :],
                label_at + 1,
                label,
                fund,
                funds_header,
                grid,
                phase,
                unit,
                current,
                span(line, f"项目支出绩效自评表 / {current.name} / {label}"),
            )
            figures.extend(found)
            warnings.extend(found_warnings)
            scored = _execution_indicator(cells[label_at + 1 :], label_at + 1, funds_header, grid, phase)
            if scored is not None:
                row_number += 1
                current.indicators.append(
                    replace(scored, row_number=row_number, span=span(line, f"{current.name} / {label}"))
                )
            continue
        if FUNDS_BLOCK.match(line.text):
            continue
        if cells and cells[0] == "年度总体目标":
            in_indicators, goal_labelled = False, True
            if not [c for c in cells[1:] if c and c not in GOAL_COLUMNS]:
                continue  # the label alone, or over a 自评表's 预期目标 | 实际完成情况: the goals follow
        if _indicator_header(cells):
            in_indicators = True
            # a budget's 绩效目标表 states targets only: no actual, weight or score columns
            targets_only = not any(SCORED_COLUMN.search(c) for c in cells)
            target_roles = target_roles_of(cells)
            continue
        if not in_indicators:
            goals = [c for c in cells if c]
            labelled = goal_labelled or (bool(goals) and GOAL_LABEL.fullmatch(goals[0]) is not None)
            if goals and GOAL_LABEL.fullmatch(goals[0]):
                goals = goals[1:]  # "总体目标 | the target [| the result]": the row's label
            if (
                len(goals) in ((1, 2) if labelled else (2,))
                and current.overall_target is None
                and not any(NUMERIC.match(g) for g in goals)
            ):
                current.overall_target, current.overall_result = goals[0], (goals[1:] or [None])[0]
            continue
        if cells and re.sub(r"\s", "", cells[0]) in {"得分", "总分"}:
            current.total = _total_row(cells, span(line, current.name))
            continue
        if targets_only:
            target = target_row([c for c in cells if c], level1, level2, row_number + 1, target_roles)
            if target is not None and target.unread:
                current.unread_rows += 1
                why = f"indicator row of {current.name} has fewer cells than its target columns: not read"
                warnings.append(ParseWarning("unparsed-row", why, span(line, current.name)))
            elif target is not None:
                level1, level2, indicator = target.level1, target.level2, target.indicator
                if indicator is not None:
                    row_number += 1
                    current.indicators.append(
                        replace(indicator, span=span(line, f"{current.name} / {indicator.level3}"))
                    )
            continue
        # weight and score are the last two numeric cells; target and actual stand before them
        numeric_tail = [i for i, c in enumerate(cells) if NUMERIC.match(c)]
        if len(numeric_tail) < 2 or len(cells) < 4:
            named = [c for c in cells if c]
            if len(named) == 1 and named[0] in LEVEL1_NAMES:
                level1, level2 = named[0], None
            elif len(named) == 2 and named[0] in LEVEL1_NAMES:
                level1, level2 = named
            elif len(named) == 1:
                level2 = named[0]
            elif len(named) >= 3 and len(numeric_tail) == 1 and NUMERIC.match(named[-1]):
                # names, a target, a weight and no score (or a score and no weight): an indicator row
                # whose numbers are not all printed, which the table's total still counts
                current.unread_rows += 1
            continue
        weight_at, score_at = numeric_tail[-2], numeric_tail[-1]
        if score_at != weight_at + 1 or weight_at < 2:
            current.unread_rows += 1
            warnings.append(
                ParseWarning(
                    "unparsed-row",
                    f"indicator row not understood in {current.name}",
                    span(line, current.name),
                )
            )
            continue
        target, actual = cells[weight_at - 2], cells[weight_at - 1]
        names = [c for c in cells[: weight_at - 2] if c]
        if names and names[0].startswith("预算执行率"):
            level1, level2, level3 = names[0], None, names[0]
        elif len(names) >= 3:
            level1, level2, level3 = names[0], names[1], names[-1]
        elif len(names) == 2 and names[0] in LEVEL1_NAMES:
            level1, level2, level3 = names[0], None, names[1]
        elif len(names) == 2:
            level2, level3 = names
        elif len(names) == 1:
            level3 = names[0]
        else:
            level3 = None
        row_number += 1
        cmp_target, target_value, target_unit = parse_value(target)
        _, actual_value, _ = parse_value(actual)
        current.indicators.append(
            Indicator(
                row_number=row_number,
                level1=level1,
                level2=level2,
                level3=level3,
                target_text=target or None,
                actual_text=actual or None,
                target_value=target_value,
                actual_value=actual_value,
                comparator=cmp_target,
                unit=target_unit,
                weight=Decimal(cells[weight_at]),
                score=Decimal(cells[score_at]),
                span=span(line, f"{current.name} / {level3}"),
                deduction=any(DEDUCTION.match(n or "") for n in (level1, level2, level3)),
            )
        )
    if stray_rows:
        first = stray_rows[0]
        warnings.append(
            ParseWarning(
                "uninterpreted-table",
                f"{len(stray_rows)} table rows with numbers outside any recognised table were not interpreted",
                Span(first.start, first.end, text[first.start : first.end], page_of(first.start), None),
            )
        )
    return projects, figures, warnings


# a colon-less 项目名称 begins a project only where the table's next lines are a self-evaluation's: a
# 收支总表's header "项目名称 金额 项目名称 金额" begins none
_PROJECT_LINES = 3
_PROJECT_FOLLOWERS = re.compile(r"^\s*(?:主管部门|实施单位|项目资金|年度\s*[:：]?\s*\t)")
# a department-wide self-evaluation (部门（单位）整体支出绩效自评表) names its department, then its tasks
# or its funds: "单位名称：XX局" above any standard table begins none
_DEPARTMENT_FOLLOWERS = re.compile(r"^\s*(?:年度主要任务|年度(?:部门|单位)?整体支出)")


def project_rows(lines: list[Line]) -> set[int]:
    """Where the rows of each project table printed as tab rows start, from its name row to the first line
    without a tab: its two-cell rows ("总体目标\t完成…12个", "其中：财政拨款\t20.00") are rows too, no
    sentences of the narrative (a row of three cells or more is a table row by its tabs alone)."""
    out: set[int] = set()
    inside = False
    for index, line in enumerate(lines):
        name = PROJECT_NAME.match(line.text)
        if name and _begins_project(name, lines[index + 1 : index + 1 + _PROJECT_LINES]):
            inside = True
        inside = inside and "\t" in line.text
        if inside:
            out.add(line.start)
    return out


def _begins_project(name: re.Match[str], following: list[Line]) -> bool:
    if name.group("label") != "项目名称":
        return any(_DEPARTMENT_FOLLOWERS.match(line.text) for line in following)
    if re.match(r"^项目名称\s*[:：]", name.group(0)):
        return True
    return any(_PROJECT_FOLLOWERS.match(line.text) for line in following)


def _total_row(cells: list[str], where: Span) -> ScoreTotal | None:
    """The indicators' total row ("得分 … 100 100"): the weights' total and the score, or the score
    alone where one number is printed."""
    numbers = [Decimal(c) for c in cells[1:] if _SCORE_CELL.match(c)]
    if not numbers:
        return None
    return ScoreTotal(numbers[-2] if len(numbers) > 1 else None, numbers[-1], where)


# The funds columns when the table prints no header row over them, by phase: a 决算's self-evaluation
# (the older Sichuan layout) and a budget's 绩效目标表 (the amount budgeted: a budget's own level).
_DEFAULT_FUNDS = {"final": ("full-year-budget", "level", "execution-rate"), "budget": ("level",)}


def _funds_header(cells: list[str]) -> list[tuple[int, str | None]] | None:
    """(cell index, statistic) of a funds header row ("全年预算数 / 全年执行数 / 预算执行率"), or None."""
    words = [(i, c) for i, c in enumerate(cells) if c]
    if len(words) < 2 or not all(funds_column(c)[0] for _, c in words):
        return None
    return [(i, funds_column(c)[1]) for i, c in words]


def _funds_columns(
    numbers: list[tuple[int, str]],
    header: list[tuple[int, str | None]] | None,
    grid: list[tuple[int, str | None]] | None,
    phase: str,
    slots: tuple[int, int] = (0, 0),
) -> tuple[list[str | None], str | None] | None:
    """The statistic of each number of a funds row and how it was decided (None: by the grid's
    cells, "position": by order where cells fell out), or None when neither the grid nor the count
    tells. ``grid``: the header when the row's cells are where they were printed (not rebuilt);
    ``slots``: (index of the row's first cell after its label, how many cells it prints there, blanks
    and dashes included): a row as wide as the header, shifted against it (a web page's label cell
    spanning the block's rows is not printed again), stands in the header's columns in order."""
    if header is None:
        defaults = _DEFAULT_FUNDS[phase]
        if len(numbers) > len(defaults):
            return None
        return list(defaults[: len(numbers)]), "position"
    by_index = dict(grid or ())
    if grid and all(i in by_index for i, _ in numbers):
        return [by_index[i] for i, _ in numbers], None
    if len(numbers) == len(header):
        return [statistic for _, statistic in header], "position"
    stated = [statistic for _, statistic in header if statistic not in (None, *SCORING_COLUMNS)]
    if len(numbers) == len(stated):  # the scoring columns (分值, 得分) left empty in this row
        return list(stated), "position"
    first, printed = slots
    if printed == len(header):
        return [header[i - first][1] for i, _ in numbers], "position"
    return None


def _execution_indicator(
    cells: list[str],
    first: int,
    header: list[tuple[int, str | None]] | None,
    grid: list[tuple[int, str | None]] | None,
    phase: str,
) -> Indicator | None:
    """The 预算执行率 indicator a funds row scores in its 分值 / 得分 columns (the national template), its
    actual the row's execution rate; None where the row prints no weight and score."""
    numbers = [(first + i, c) for i, c in enumerate(cells) if c and c not in ("-", "—", "/")]
    columns = _funds_columns(numbers, header, grid, phase, _slots(cells, first))
    if columns is None:
        return None
    by_statistic = {statistic: raw.strip() for (_, raw), statistic in zip(numbers, columns[0], strict=True)}
    weight, score = by_statistic.get("weight"), by_statistic.get("score")
    if weight is None or score is None or not (_SCORE_CELL.match(weight) and _SCORE_CELL.match(score)):
        return None
    rate = by_statistic.get("execution-rate")
    _, rate_value, _ = parse_value(rate)
    return Indicator(
        row_number=0,
        level1=EXECUTION_INDICATOR,
        level2=None,
        level3=EXECUTION_INDICATOR,
        target_text=None,
        actual_text=rate,
        target_value=None,
        actual_value=rate_value,
        comparator=None,
        unit=None,
        weight=Decimal(weight),
        score=Decimal(score),
        span=_NO_SPAN,
    )


def _slots(cells: list[str], first: int) -> tuple[int, int]:
    """(``first``, how many cells the row prints from it to its last cell written)."""
    written = [i for i, c in enumerate(cells) if c.strip()]
    return first, (written[-1] + 1 if written else 0)


def _indicator_header(cells: list[str]) -> bool:
    """The indicator block's header row: 一级指标 … first, or under the block's label (the national
    template's 绩效指标, a department's 年度绩效指标)."""
    named = [c for c in cells if c][:2]
    return bool(named) and (
        named[0].startswith("一级指标")
        or (named[0] in INDICATOR_BLOCK and len(named) > 1 and named[1] == "一级指标")
    )


def _tasks_go_on(cells: list[str], text: str, in_tasks: bool) -> bool:
    """Whether this row is of a department's 年度主要任务 block: it begins there and ends at the funds
    block, the goal or the indicators."""
    if cells and TASK_BLOCK.match(cells[0]):
        return True
    named = [c for c in cells if c]
    ends = (
        not named
        or FUNDS_BLOCK.match(text) is not None
        or _funds_label(cells) is not None
        or GOAL_LABEL.fullmatch(named[0]) is not None
        or _indicator_header(cells)
    )
    return in_tasks and not ends


def _funds_label(cells: list[str]) -> tuple[str, int, str | None] | None:
    """The funds row's label, its cell and its fund: the first cell written (the national template
    prints the labels in the second column, under 项目资金), or the one after 项目资金 where that cell
    spans the block and stands on its first row."""
    written = [i for i, c in enumerate(cells) if c]
    if len(written) > 1 and FUNDS_BLOCK.match(cells[written[0]]):
        written = written[1:]  # the block's label (项目资金, spanning its rows) printed on its first row
    found = funds_row(cells[written[0]]) if written else None
    return (found[0], written[0], found[1]) if found else None


_PLACEHOLDER = re.compile(r"[-—–－/／\s]+|无")  # a cell printed for nothing ("——", "/", "无")


def _funds_figures(
    cells: list[str],
    first: int,
    label: str,
    fund: str,
    header: list[tuple[int, str | None]] | None,
    grid: list[tuple[int, str | None]] | None,
    phase: str,
    unit: str,
    project: Project,
    where: Span,
) -> tuple[list[Figure], list[ParseWarning]]:
    """The figures of one funds row (年度资金总额 / 财政拨款 / 其他资金), each in the column its header names."""
    numbers = [(first + i, c) for i, c in enumerate(cells) if c and c not in ("-", "—", "/")]
    worded = [c for _, c in numbers if not re.search(r"\d", c) and not _PLACEHOLDER.fullmatch(c)]
    stated = "、".join(c for _, c in numbers)
    if worded:  # a second label on the row ("其中：财政拨款 500 其中：基本支出 300"): two blocks side by side
        why = f"{label} ({stated}) in {project.name} holds another label ({worded[0]})"
        return [], [ParseWarning("unparsed-row", f"{why}: not read", where)]
    columns = _funds_columns(numbers, header, grid, phase, _slots(cells, first))
    if columns is None:
        why = f"the columns of {label} ({stated}) in {project.name} are not told by the header"
        return [], [ParseWarning("unparsed-row", f"{why}: not read", where)]
    statistics, inference = columns
    figures: list[Figure] = []
    warnings: list[ParseWarning] = []
    for (_, raw), statistic in zip(numbers, statistics, strict=True):
        if statistic is None or statistic in SCORING_COLUMNS:
            continue  # 分值 / 得分: the 预算执行率 indicator's weight and score (_execution_indicator)
        percent = raw.rstrip().endswith("%")
        try:
            number = parse_number(raw.rstrip().rstrip("%"))
        except AmountError:
            warnings.append(ParseWarning("unparsed-figure", f"“{raw}” in {where.locator}", where))
            continue
        if statistic == "execution-rate":
            value = number if percent or number > 2 else number * 100
            measure, value, stated_unit = Measure.PERCENT, value, "%" if percent else None
        else:
            measure, value, stated_unit = Measure.AMOUNT, to_yuan(number, unit), unit
        figures.append(
            Figure(
                item="project-funds",
                statistic=statistic,
                measure=measure,
                value=value,
                span=where,
                stated_text=raw,
                stated_unit=stated_unit,
                fund=fund,
                project=project.name,
                table="project-performance",
                column=statistic,
                column_inference=inference,
            )
        )
    return figures, warnings


_NO_SPAN = Span(0, 0, "", None, None)
