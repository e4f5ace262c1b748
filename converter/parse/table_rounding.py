"""A table printed in 元 that was computed in 万元: its amounts carry the rounding of 0.01万元.

Provinces print the national tables in 元 with two decimals while their narrative stays in 万元, and
some print in 元 a table they kept in 万元 (29,616,800.00 for 2,961.68万元). Such a table's amounts
are each rounded to 0.01万元, so its sums (a 类 and its 款, 合计 and its parts) hold only to ±50元 a
figure, not to the ±0.005元 its printed digits say: read at their digits, every rounding would be a
Violation. A table whose every amount, and at least ``_FEWEST`` of them, is a whole hundred of yuan
is taken as rounded so (by chance a table of exact yuan amounts is so one time in 100 ** _FEWEST);
its figures carry ``Figure.rounding`` (±50元), published as their ``fiscal:roundingHalfWidth``.
"""

from __future__ import annotations

from decimal import Decimal

from converter.model import Figure, Measure

__all__ = ["ROUNDED_IN_WAN", "hundreds_only", "rounded_in_wan"]

ROUNDED_IN_WAN = Decimal(50)  # half of 0.01万元, in yuan
_HUNDRED = Decimal(100)
_FEWEST = 5


def hundreds_only(values: list[Decimal]) -> bool:
    """Are ``values`` (one table's amounts in 元, zeros apart) at least ``_FEWEST`` whole hundreds?"""
    amounts = [v for v in values if v]
    return len(amounts) >= _FEWEST and not any(v % _HUNDRED for v in amounts)


def rounded_in_wan(figures: list[Figure]) -> None:
    """Mark, in place, the amounts of one table's ``figures`` printed in 元 as rounded to 0.01万元
    when every one of them is a whole hundred of yuan (a printed zero stays exact)."""
    amounts = [
        f
        for f in figures
        if f.measure == Measure.AMOUNT and f.stated_unit == "元" and not f.derived and f.value
    ]
    if not hundreds_only([f.value for f in amounts]):
        return
    for figure in amounts:
        figure.rounding = ROUNDED_IN_WAN
