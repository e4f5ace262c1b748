"""Exact numbers as Chinese disclosures print them.

Full-width digits, thousands separators and units (元, 万元, 亿元) are handled here and
only here. Money is ``decimal.Decimal`` throughout: 万元 -> 元 is an exact multiplication.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# One-to-one character mapping, so offsets into the mapped text equal offsets into the original.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－＋", "0123456789.%-+")

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}

NUMBER_PATTERN = r"(?<![\d.,])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])"
_NUMBER = re.compile(NUMBER_PATTERN)


class AmountError(ValueError):
    pass


def halfwidth(text: str) -> str:
    """Map full-width digits and signs to ASCII, keeping every character's offset."""
    return text.translate(_FULLWIDTH)


def parse_number(text: str) -> Decimal:
    """'1,644.52' -> Decimal('1644.52'); full-width digits accepted; never a float."""
    compact = halfwidth(text).strip().replace(" ", "")
    if not re.fullmatch(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", compact):
        raise AmountError(f"not a number: {text!r}")
    cleaned = compact.replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid input
        raise AmountError(f"not a number: {text!r}") from exc


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Convert an amount stated in ``unit`` (元, 万元, 亿元) to yuan, exactly."""
    try:
        factor = UNIT_FACTORS[unit]
    except KeyError as exc:
        raise AmountError(f"unknown money unit: {unit!r}") from exc
    result = value * factor
    # Keep the stated precision meaningful but never an exponent form ("3.1972E+6").
    return result.quantize(Decimal(1)) if result == result.to_integral_value() else result.normalize()


def parse_amount(text: str, unit: str) -> Decimal:
    """'319.72', '万元' -> Decimal('3197200')."""
    return to_yuan(parse_number(text), unit)


def find_numbers(text: str) -> list[re.Match[str]]:
    """Numbers in ``text`` (already half-width), as regex matches with offsets."""
    return list(_NUMBER.finditer(text))
