"""A "总计" that is the year's figure: told by the parts the narrative states with it.

Some templates call the year's income and spending "收入总计" / "支出总计" (the central universities':
"学校2023年度收入总计430,725.03万元 … 财政拨款收入243,015.38万元 … 事业收入 … 其他收入 …"), where the
tables' 总计 also holds the carry-overs. Arithmetic decides, as the template defines it: 收入总计 =
本年收入合计 + 使用非财政拨款结余 + 年初结转和结余, so a total that the year's income sources stated
with it add up to is 本年收入合计 (and if the carry-overs are nil the two are one amount anyway); a
支出总计 that 基本支出 + 项目支出, or the 类 of the function classification, add up to is 本年支出合计.
Such a total, its changes and the shares taken of it are published under the year's item, with a
warning saying why; the same total stated again elsewhere in the narrative goes with it. A narrative
that names the year's figure itself ("本年收入合计") means the total by its 总计 and is left as it is.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from converter.model import ALL, Figure, ParseWarning

# Rounding: each amount printed to 0.01万元 may be off by 0.005万元 (50 yuan).
_HALF_CENT = Decimal(50)
# A 总计 this close to the tables' year figure, and closer to it than to their 总计, is that figure
# misprinted (a digit off), not the 总计 (the carry-overs between the two are rarely this small)
_MISPRINT_SHARE = Decimal("0.01")
_YEAR_ITEM = {"total-income": "income", "total-expenditure": "expenditure"}
_CARRY_OVERS = {
    "opening-carry-over",
    "use-of-non-appropriation-balance",
    "closing-carry-over",
    "balance-distribution",
}


def totals_from_parts(figures: list[Figure]) -> list[ParseWarning]:
    """Re-file, in place, the totals of ``figures`` (one document's narrative) that are the year's."""
    relabelled: dict[tuple[str, str, Decimal], str] = {}
    for total, parts in _unnamed_totals(figures):
        if _adds_up(total, parts, total.value):
            relabelled[(total.item, total.fund, total.value)] = _YEAR_ITEM[total.item]
    return _refile(figures, relabelled, "is the sum of the year's parts it states")


def totals_misprinted(
    figures: list[Figure], table_figures: list[Figure], refiled: frozenset[int] = frozenset()
) -> list[ParseWarning]:
    """Re-file, in place, a narrative's 总计 that is the year's figure by the tables: it is not the tables'
    总计 but their year figure (本年收入合计) or a misprint of it (within _MISPRINT_SHARE, nearer it than the
    总计), or the parts stated with it add up to that, not to it. Left a 总计, it would be compared with the
    tables' 总计 (the carry-overs apart) and the shares taken of it too: several Violations for one
    misprint; as the year's figure, one. ``refiled``: where totals_from_parts re-filed a 总计 (a year's
    figure it made is no name the narrative uses)."""
    year = _table_levels(table_figures, set(_YEAR_ITEM.values()))
    grand = _table_levels(table_figures, set(_YEAR_ITEM))
    relabelled: dict[tuple[str, str, Decimal], str] = {}
    for total, parts in _unnamed_totals(figures, refiled):
        side = _YEAR_ITEM[total.item]
        year_value, grand_value = year.get((side, total.fund)), grand.get((total.item, total.fund))
        if year_value is None or grand_value is None or year_value == grand_value:
            continue
        if abs(total.value - grand_value) <= _tolerance(total):
            continue  # the tables' 总计
        off_year, off_grand = abs(total.value - year_value), abs(total.value - grand_value)
        near_year = off_year < off_grand and off_year <= year_value * _MISPRINT_SHARE
        if off_year <= _tolerance(total) or near_year or _adds_up(total, parts, year_value):
            relabelled[(total.item, total.fund, total.value)] = side
    why = (
        "is not the tables' 总计 but their year figure (or nearest it), "
        "or the year's parts it states add up to that"
    )
    return _refile(figures, relabelled, why)


def _tolerance(figure: Figure) -> Decimal:
    return _HALF_CENT if figure.stated_unit == "万元" else Decimal(0)


def _unnamed_totals(
    figures: list[Figure], refiled: frozenset[int] = frozenset()
) -> list[tuple[Figure, list[Figure]]]:
    """The narrative's 总计 levels that may be the year's figure, each with the parts stated after it: not
    where the narrative names the year's figure itself ("本年收入合计": then it means the total by its
    总计), nor where the parts include a carry-over (then they make up the 总计)."""
    named = {
        (f.item, f.fund)
        for f in figures
        if f.statistic == "level" and f.nature == ALL and f.function is None and f.span.start not in refiled
    }
    out: list[tuple[Figure, list[Figure]]] = []
    for total in figures:
        if total.item not in _YEAR_ITEM or total.statistic != "level" or total.derived:
            continue
        if (_YEAR_ITEM[total.item], total.fund) in named:
            continue
        parts = _parts_after(total, figures)
        if not any(p.item in _CARRY_OVERS for p in parts):
            out.append((total, parts))
    return out


def _table_levels(table_figures: list[Figure], items: set[str]) -> dict[tuple[str, str], Decimal]:
    """The tables' level of each item of ``items`` by fund (all natures, no classification), where the
    tables state one amount for it."""
    values: dict[tuple[str, str], set[Decimal]] = defaultdict(set)
    for f in table_figures:
        if (
            f.item in items
            and f.statistic == "level"
            and f.nature == ALL
            and f.function is None
            and f.economic is None
            and f.comparison_year is None
        ):
            values[(f.item, f.fund)].add(f.value)
    return {key: found.pop() for key, found in values.items() if len(found) == 1}


def _refile(
    figures: list[Figure], relabelled: dict[tuple[str, str, Decimal], str], why: str
) -> list[ParseWarning]:
    """The totals of ``relabelled`` published under the year's item, their changes and shares with them."""
    warnings: list[ParseWarning] = []
    if not relabelled:
        return warnings
    moved: set[int] = set()  # sentences whose totals moved: their changes and shares move with them
    for figure in figures:
        key = (figure.item, figure.fund, figure.value)
        if figure.statistic == "level" and key in relabelled:
            figure.item = relabelled[key]
            moved.add(figure.span.start)
            warnings.append(
                ParseWarning(
                    "item-inferred",
                    f"{figure.stated_text}{figure.stated_unit or ''}: the document's “总计” {why}, "
                    f"published as {figure.item}",
                    figure.span,
                )
            )
    year_items = {(item, fund): new for (item, fund, _), new in relabelled.items()}
    for figure in figures:
        if figure.span.start not in moved:
            continue
        new = year_items.get((figure.item, figure.fund))
        if new is not None and figure.statistic != "level":
            figure.item = new  # "收入总计…，减少23,616.80万元，降低5.20%"
        if figure.share_of in _YEAR_ITEM and any(item == figure.share_of for item, _ in year_items):
            figure.share_of = _YEAR_ITEM[figure.share_of]  # "…，占收入总额56.42%"
    # a narrative left with no total of that side meant the year's figure by every "总…" it names
    remaining = {f.item for f in figures if f.item in _YEAR_ITEM and f.statistic == "level"}
    for figure in figures:
        if figure.share_of in _YEAR_ITEM and figure.share_of not in remaining:
            figure.share_of = _YEAR_ITEM[figure.share_of]  # "占总支出的92.92%"
    return warnings


def _parts_after(total: Figure, figures: list[Figure]) -> list[Figure]:
    """The level figures stated after ``total`` under the same heading, up to the next total."""
    out: list[Figure] = []
    started = False
    for figure in figures:
        if figure is total:
            started = True
            continue
        if not started or figure.span.locator != total.span.locator:
            continue
        if figure.item == total.item and figure.statistic == "level":
            break  # the next total: its own parts follow it
        if figure.statistic == "level" and not figure.derived:
            out.append(figure)
    return out


def _adds_up(total: Figure, parts: list[Figure], target: Decimal) -> bool:
    """Whether one breakdown of the parts (by fund source, by nature, by function class) sums to
    ``target`` (the total's own value, or the tables' year figure)."""
    side = _YEAR_ITEM[total.item]
    groups: dict[str, list[Figure]] = defaultdict(list)
    for part in parts:
        if part.item != side:
            continue
        if side == "income" and part.fund not in (ALL, total.fund) and part.function is None:
            groups["fund"].append(part)
        elif part.fund == total.fund and part.nature in ("basic", "project") and part.function is None:
            groups["nature"].append(part)
        elif part.fund == total.fund and part.function is not None and len(part.function.code) == 3:
            groups["class"].append(part)
    for group in groups.values():
        if len(group) < 2 and not (len(group) == 1 and group[0].value == target):
            continue
        tolerance = _HALF_CENT * (len(group) + 1) if total.stated_unit == "万元" else Decimal(0)
        if abs(sum((p.value for p in group), Decimal(0)) - target) <= tolerance:
            return True
    return False
