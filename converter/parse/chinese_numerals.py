"""Years, months and days printed in Chinese numerals, read as the Arabic ones are.

Disclosures print years digit by digit in Chinese numerals ("二〇二四年九月", "二○二三年度部门决算",
"截至二〇二三年十二月三十一日"), the zero written 〇 (U+3007), ○ (U+25CB), ◯, 零 or a letter O. Years are
mapped in the matching text (``normalise.matching_text``): four numerals are four digits, so "二〇二四年"
becomes "2024年" character for character, every offset still points at the original characters, and every
reader of years (titles, comparisons, dates, the years that are not amounts) reads them with its Arabic
pattern. Months and days cannot be mapped so ("十月" is two characters, "10月" three): the date patterns
take ``MONTH`` / ``DAY`` and read them with ``numeral_value``.
"""

from __future__ import annotations

import re

_ZEROS = "〇○◯零OＯ0"
_DIGITS = {**dict.fromkeys(_ZEROS, "0"), **{c: str(i) for i, c in enumerate("一二三四五六七八九", start=1)}}
_DIGIT = f"[{''.join(_DIGITS)}]"
_NUMERAL = f"[{''.join(_DIGITS)}十百千万]"
_GAP = r"[ \t]*"  # a cover spaces its characters out ("二 〇 二 四 年"); a pinyin gloss blanked leaves spaces
# a year of the patterns' range (19xx, 20xx), not part of a longer run of numerals ("一二三四五年")
_CN_YEAR = (
    rf"(?<!{_NUMERAL})(?:一{_GAP}九|二{_GAP}[{_ZEROS}]){_GAP}{_DIGIT}{_GAP}{_DIGIT}(?!{_GAP}{_NUMERAL})"
)
# followed by 年, or the first year of a range whose second is one ("二〇二三—二〇二五年")
_YEAR_IN_TEXT = re.compile(rf"{_CN_YEAR}(?=\s*年|\s*[-—–~～至到]\s*{_CN_YEAR}\s*年)")


def _digits(match: re.Match[str]) -> str:
    """The year's four digits where its numerals begin, the gaps between them after it: the same length,
    and the year reads as one number ("二 〇 二 四" -> "2024   ")."""
    digits = "".join(_DIGITS[c] for c in match.group(0) if c in _DIGITS)
    return digits + " " * (len(match.group(0)) - len(digits))


# A month or a day as dates print them: Arabic (1-2 digits) or Chinese ("九", "十二", "二十六", "三十一").
MONTH = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_UNITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def arabic_years(text: str) -> str:
    """``text`` with its Chinese-numeral years written in ASCII digits ("二〇二四年" -> "2024年");
    ``len(arabic_years(t)) == len(t)`` always."""
    if "年" not in text:
        return text
    return _YEAR_IN_TEXT.sub(_digits, text)


def numeral_value(text: str) -> int:
    """A month or day as ``MONTH`` / ``DAY`` match it: "12" -> 12, "九" -> 9, "十二" -> 12, "三十一" -> 31."""
    if text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if not ten:
        return _UNITS[text]
    return (_UNITS[tens] if tens else 1) * 10 + (_UNITS[units] if units else 0)
