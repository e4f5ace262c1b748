"""Exact numbers as Chinese disclosures print them.

Full-width digits, thousands separators (``,`` and, between digit groups, the full-width ``，``)
and units (元, 万元, 亿元, 千元) are handled here and only here. Money is ``decimal.Decimal``
throughout: 万元 -> 元 is an exact multiplication; a number keeps the precision it was printed
with ("5.20" stays ``Decimal("5.20")``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# One-to-one character mapping, so offsets into the mapped text equal offsets into the original.
FULLWIDTH_CHARACTERS = "０１２３４５６７８９．％－＋"
_FULLWIDTH = str.maketrans(FULLWIDTH_CHARACTERS, "0123456789.%-+")
_ANY_FULLWIDTH = re.compile(f"[{re.escape(FULLWIDTH_CHARACTERS)}]")

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1_000),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}

# The units of money a sentence prints after an amount; 万 alone before a clause break is 万元, as texts
# shorten it ("减少161.96万，", "0.39万（含…）"): ``money_word`` names it so.
MONEY_WORDS = r"亿元|万元|千元|元|万(?=[，,。；;、（(）)]|左右|$)"


def money_word(unit: str) -> str:
    """'万' -> '万元'; any other unit unchanged."""
    return "万元" if unit == "万" else unit


NUMBER_PATTERN = r"(?<![\d.,])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])"
# The same, also with the full-width comma as a thousands separator ("12，345.67"): only where the
# groups are exact, since "，" is otherwise the clause break.
NUMBER_PATTERN_WIDE = r"(?<![\d.,])[-+]?(?:\d{1,3}(?:[,，]\d{3})+(?![\d])|\d+)(?:\.\d+)?(?![\d])"
_NUMBER = re.compile(NUMBER_PATTERN)
_WHOLE_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?")
_MONEY_UNIT = re.compile(r"^(亿|千|万)?\s*元$")


class AmountError(ValueError):
    pass


def halfwidth(text: str) -> str:
    """Map full-width digits and signs to ASCII, keeping every character's offset."""
    # most text has none: a search in C, not a dict look-up per character
    return text.translate(_FULLWIDTH) if _ANY_FULLWIDTH.search(text) else text


def parse_number(text: str) -> Decimal:
    """'1,644.52' -> Decimal('1644.52'); full-width digits accepted; never a float."""
    compact = (text if text.isascii() else halfwidth(text)).strip().replace(" ", "")
    if not _WHOLE_NUMBER.fullmatch(compact):
        raise AmountError(f"not a number: {text!r}")
    cleaned = compact.replace(",", "").replace("，", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid input
        raise AmountError(f"not a number: {text!r}") from exc


@lru_cache(maxsize=256)
def money_unit(text: str) -> str | None:
    """'万 元' -> '万元'; None when ``text`` is not a unit of money."""
    match = _MONEY_UNIT.match(re.sub(r"\s+", "", text))
    return f"{match.group(1) or ''}元" if match else None


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Convert an amount stated in ``unit`` (元, 千元, 万元, 亿元) to yuan, exactly."""
    try:
        factor = UNIT_FACTORS[money_unit(unit) or unit]
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


_CELL_UNIT = re.compile(r"(.*?\d[)）]?)\s*((?:千|万|亿)?元)")


def cell_number(
    text: str, percent: bool = False, money: bool = True
) -> tuple[Decimal, bool, str | None] | None:
    """A table cell's number: (value, a percentage?, the money unit printed in the cell), or None where
    the cell holds no number. "12.5%" is a percentage; "(5.00)" / "（5.00）" negative; "80.00万元" an
    amount with its own unit, which may differ from the table's."""
    if text.endswith("%"):
        percent, text = True, text[:-1]
    unit = None
    with_unit = _CELL_UNIT.fullmatch(text)
    if with_unit is not None and money and not percent:
        text, unit = with_unit.group(1), money_unit(with_unit.group(2))
    negative = text.startswith(("(", "（")) and text.endswith((")", "）"))
    try:
        number = parse_number(text.strip("()（）").replace("−", "-").replace("，", ","))
    except AmountError:
        return None
    return (-number if negative else number), percent, unit
