"""A budget's 绩效目标表 row read: its level names, the indicator's name and the target it sets.

The columns after the level names are the header's (``performance_layout.TARGET_COLUMNS``): the 指标值,
and in some provinces a 度量单位 or a 指标性质 / 指标方向 column beside it. The target is read as printed
with its unit and comparator put back ("≥" | "12" | "个": ≥12个); a row with fewer cells than the header
has columns is not read, since which cell fell out the row does not tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from converter.model import Indicator, Span
from converter.parse.amounts import halfwidth
from converter.parse.performance_layout import LEVEL1_NAMES, is_level_word, unitless_roles

VALUE = re.compile(
    r"^(?P<cmp>[≥≤><=＝]|大于等于|小于等于|不低于|不高于)?\s*(?P<num>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>.*)$"
)
_COMPARATOR = re.compile(r"[≥≤><=＝]|大于等于|小于等于|不低于|不高于")
_PLACEHOLDER = re.compile(r"[-—–－/／\s]+|无")
_NO_SPAN = Span(0, 0, "", None, None)


def parse_value(text: str | None) -> tuple[str | None, Decimal | None, str | None]:
    """'≥18000千瓦时' -> ('≥', 18000, '千瓦时'); '定性' -> (None, None, None)."""
    if not text:
        return None, None, None
    match = VALUE.match(halfwidth(text).replace(",", "").strip())
    if not match:
        return None, None, None
    return match.group("cmp"), Decimal(match.group("num")), match.group("unit") or None


@dataclass(frozen=True)
class TargetRow:
    level1: str | None
    level2: str | None
    indicator: Indicator | None  # None: a row of level names only, or a row not read
    unread: bool = False  # a row with fewer cells than its columns


def _target_text(cells: list[str], roles: tuple[str, ...]) -> str:
    """The target as printed in its columns: the 指标值 with its comparator (指标性质 / 指标方向 printing
    one) and its 度量单位 put back."""
    by_role = dict(zip(roles, cells[-len(roles) :], strict=True))
    value = by_role.get("value", cells[-1])
    nature, unit = by_role.get("nature"), by_role.get("unit")
    if nature and _COMPARATOR.fullmatch(nature.strip()) and not _COMPARATOR.match(value):
        value = nature.strip() + value
    if unit and not _PLACEHOLDER.fullmatch(unit) and not value.endswith(unit):
        value += unit
    return value


def target_row(
    named: list[str], level1: str | None, level2: str | None, row_number: int, roles: tuple[str, ...]
) -> TargetRow | None:
    """A 绩效目标表 row (its cells written): its names, then the ``roles`` columns of its target. A row of
    level names only sets the levels the next rows inherit."""
    if not named:
        return None
    if named[-1].endswith("指标") or len(named) == 1:
        if named[0] in LEVEL1_NAMES:
            return TargetRow(named[0], named[1] if len(named) > 1 else None, None)
        return TargetRow(level1, named[-1], None)
    width = max(1, len(roles))
    names, targets = named[:-width], named[-width:]
    short = unitless_roles(roles, named[1 - width :]) if width > 1 else None
    if short is not None:  # a 定性 target: its unit's cell left empty
        names, targets, roles = named[: 1 - width], named[1 - width :], short
    if not names or (width > 1 and is_level_word(names[-1])):
        return TargetRow(level1, level2, None, unread=True)  # a target column left empty: which one?
    if len(names) >= 3:
        level1, level2 = names[0], names[1]
    elif len(names) == 2 and names[0] in LEVEL1_NAMES:
        level1, level2 = names[0], None
    elif len(names) == 2:
        level2 = names[0]
    target = _target_text(targets, roles if len(roles) == len(targets) else ("value",))
    comparator, value, unit = parse_value(target)
    indicator = Indicator(
        row_number=row_number,
        level1=level1,
        level2=level2,
        level3=names[-1],
        target_text=target,
        actual_text=None,
        target_value=value,
        actual_value=None,
        comparator=comparator,
        unit=unit,
        weight=None,
        score=None,
        span=_NO_SPAN,
    )
    return TargetRow(level1, level2, indicator)
