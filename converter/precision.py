"""What a printed figure's precision lets it mean: the half-unit of its last printed digit.

Published with every observation and further statement as ``fiscal:roundingHalfWidth`` (in the
measure's unit: yuan for amounts, percent points for percentages), so that the integrity rules
(shapes/integrity-*.ttl, SPARQL) read the rounding envelope as data instead of computing it.

A value published to 0.01万元 carries ±0.005万元 (the standard template's precision; a value printed
with fewer decimals, "7万元", is taken as 7.00); a printed zero is exact. A percentage carries half a
unit of its last printed digit ("84%" ±0.5, "5.25%" ±0.005); a ratio printed without "%" (1, 0.95)
is read to two decimals at least. A derived figure carries the half-widths of the figures it is
computed from, added.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

HUNDRED = Decimal(100)
# "0.39万（含…）": money printed with 万 and no 元 is 万元, to the same precision
UNIT_FACTORS = {
    "万元": Decimal(10000), "万": Decimal(10000), "元": Decimal(1), "亿元": Decimal(100000000), "千元": Decimal(1000)
}  # fmt: skip
_NUMBER = re.compile(r"[-+]?\d*(?:\.(\d*))?")


def printed_digits(stated: str | None) -> str:
    """The number as printed, its full-width digits, point, comma and ％ as ASCII ("８２．８％" ->
    "82.8%"): how many decimals it prints does not depend on the characters' width."""
    return unicodedata.normalize("NFKC", stated or "")


def half_unit(stated: str | None, unit: str | None, measure: str, value: Decimal | None) -> Decimal:
    """Half a unit of the last printed digit, in the measure's unit (yuan, percent points)."""
    text = printed_digits(stated).replace(",", "").replace("%", "").strip()
    match = _NUMBER.fullmatch(text)
    decimals = len(match.group(1) or "") if match else 2
    if measure == "amount":
        if value == 0:
            return Decimal(0)  # a printed zero is exact
        factor = UNIT_FACTORS.get(unit or "元", Decimal(1))
        return Decimal(5).scaleb(-(max(decimals, 2) + 1)) * factor
    if measure == "percentage" and unit != "%" and "%" not in (stated or ""):
        return Decimal(5).scaleb(-(max(decimals, 2) + 1)) * HUNDRED  # 1 or 0.95 means 100% or 95%
    return Decimal(5).scaleb(-(decimals + 1))


def figure_half_width(figure, depth: int = 0) -> Decimal:  # noqa: ANN001 (a converter.model.Figure)
    """A figure's rounding half-width; a derived one's is the sum of its sources'."""
    if figure.derived:
        if depth > 8 or not figure.derived_from:
            return Decimal(0)
        return sum((figure_half_width(s, depth + 1) for s in figure.derived_from), Decimal(0))
    half = half_unit(figure.stated_text, figure.stated_unit, figure.measure.value, figure.value)
    if figure.rounding is not None:  # a 元 table computed in 万元 (converter.parse.table_rounding)
        return max(half, figure.rounding)
    return half
