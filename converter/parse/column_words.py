"""What a table's column (or row) heading says besides its item: the statistic (决算数, 预算数, 上年决算数,
增减额, 决算数为预算数的% …), the measure (an amount, a percentage, a count), the unit it states, the year
it names. Template words as data, consulted by ``converter.parse.table_figures``."""

from __future__ import annotations

import re

from converter.model import Figure, Measure

__all__ = [
    "CHANGES",
    "COUNT_UNIT",
    "HEADING_UNIT",
    "STATISTIC_ROW",
    "change_against_budget",
    "of_year_before",
    "heading_statistic",
]

# Words of a column path that state the statistic; tried in order on each path segment.
_STATISTICS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    # 决算数为年初预算数的% / 决算数占调整预算数%: the accounts as a share of the budget
    (re.compile(r"(?:决算|执行)数?(?:为|占).*预算数?的?\s*(?:%|％|百分比)"), "completion-rate"),
    (re.compile(r"上年(预算|决算|执行)"), "previous-year-level"),
    (re.compile(r"完成率|完成(预算)?的?%"), "completion-rate"),
    (re.compile(r"执行率"), "execution-rate"),
    (re.compile(r"占比|比重"), "share"),
    (re.compile(r"增减率|增长率|增幅|增减%|增长%"), "increase-percent"),
    (re.compile(r"增减额?|变动"), "change-amount"),
    (re.compile(r"年初预算"), "initial-budget"),
    (re.compile(r"调整预算"), "adjusted-budget"),
    (re.compile(r"全年预算"), "full-year-budget"),
    (re.compile(r"决算"), "level"),
    # the phase decides: budget -> level, final -> initial-budget
    (re.compile(r"本年预算数?|预算数|^预算$"), None),
    # 政府采购预算 beside 政府采购合同金额: a budget, not the fund names ending in 预算
    (re.compile(r"(?<!一般公共)(?<!政府性基金)(?<!国有资本经营)预算(?:金额|总额)?$"), None),
)

# A row label that names only a statistic (a 三公 table printing its six headings as columns and a row
# each for 预算数 and 决算数, or for 2017年决算数 and 2018年决算数): the row's cells are that statistic of
# their column's item.
STATISTIC_ROW = re.compile(r"(?:(?:19|20)\d{2}年度?)?(?:上年|本年|年初|调整|全年)?(?:预算|决算|执行)数?")
_YEAR = re.compile(r"((?:19|20)\d{2})年")

# a heading over counts, not money (国有资产占用情况表: 车辆 | 数量 | 金额; 房屋 面积（平方米）)
_COUNT_HEADING = re.compile(
    r"数量|(?:人|台|辆|套|个|处|户)数$|面积|[（(](?:辆|台|套|个|人|处|户|平方米|㎡)[)）]"
)
COUNT_UNIT = re.compile(r"[（(]((?:辆|台|套|个|人|处|户|平方米|㎡))[)）]")
# a heading stating its column's unit: 本年支出（万元）, 金额(单位：元)
HEADING_UNIT = re.compile(r"[（(]\s*(?:单位[：:]\s*)?((?:千|万|亿)?元)\s*[)）]")


def heading_statistic(segments: list[str], phase: str) -> tuple[str, Measure]:
    measure = (
        Measure.PERCENT if any("%" in s or "率" in s or "占比" in s for s in segments) else Measure.AMOUNT
    )
    if segments and _COUNT_HEADING.search(segments[-1]):
        measure = Measure.COUNT
    for segment in reversed(segments):
        for pattern, statistic in _STATISTICS:
            if pattern.search(segment):
                if statistic is None:
                    statistic = "level" if phase == "budget" else "initial-budget"
                return statistic, measure
    return "level", measure


CHANGES = ("change-amount", "increase-percent")


def change_against_budget(columns: list[str], phase: str, year: int) -> bool:
    """A final table printing a budget beside its accounts and no year before's figure: its 增减 columns
    compare the accounts with the budget (预算数 | 决算数 | 增减额 | 增减%), not with the year before."""
    if phase != "final":
        return False
    statistics = set()
    for column in columns:
        segments = [s for s in column.split("/") if s]
        statistics.add(heading_statistic(segments, phase)[0])
        year_named = _YEAR.search(column)
        if year_named and int(year_named.group(1)) == year - 1:
            statistics.add("previous-year-level")
    budgets = {"initial-budget", "adjusted-budget", "full-year-budget"}
    return (
        bool(statistics & budgets)
        and "previous-year-level" not in statistics
        and bool(statistics & set(CHANGES))
    )


def of_year_before(figure: Figure, heading: str, fiscal_year: int) -> None:
    """A column (or row) heading naming the year before the report's ("2023年预算数", "2017年决算数"):
    its level or budget is the previous year's figure."""
    year = _YEAR.search(heading)
    if year and int(year.group(1)) == fiscal_year - 1 and figure.statistic in ("level", "initial-budget"):
        figure.statistic = "previous-year-level"
        figure.comparison_year = fiscal_year - 1
