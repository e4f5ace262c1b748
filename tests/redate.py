"""A document re-dated, or relabelled, consistently: the forms of ``tests/variants.py`` that stand for the
kept-back documents of other years and levels.

The kept-back pages are of other years (2015-2025) and levels (单位决算, 单位预算, townships, hospitals,
schools) than the development corpus. A converter that reads a 2024 部门决算 right must read the same
document dated five years earlier, or published by a 单位, the same way: identical figures, the identity
year shifted, the kind changed, and no finding its audit of the original does not raise. These forms build
such documents from a development PDF's ``tabs`` page (``tests/variants.py``):

* ``redate-5`` / ``redate-1`` / ``redate+1``: every year the page states - the title and headings
  ("2024年度"), table titles and headers ("2024年预算数"), dates ("截至2024年12月31日", "2025-06-18"),
  comparisons ("与2023年度相比"), ranges ("2023-2025年"), document numbers ("沪财预〔2016〕16号") - shifted by the same k; amounts, codes
  (2010301) and numbers that are not years are left alone (a year is a 4-digit number, 19xx or 20xx,
  standing alone and followed by 年, a date's separator, or a range's second year);
* ``redate-2015`` / ``redate-2025``: the same, k chosen to date the document 2015 or 2025 (the ends of
  the kept-back years; a 2017 budget re-dated 2025 holds the 2017 codes: an Info on codes is fair);
* ``redate-2015-html`` / ``unit-2015``: the HTML page re-dated to 2015; the tab page relabelled and
  re-dated to 2015;
* ``unit``: 部门决算 -> 单位决算, 部门预算 -> 单位预算, 本部门 -> 本单位 throughout: the same document as
  a 单位 publishes it;
* ``chinese-years`` / ``chinese-redate-5``: every year before 年 printed in Chinese numerals, the zero
  written 〇, ○ or 零 in turn, and the month and day after it ("截至二〇二四年十二月三十一日"); as is, and
  re-dated by -5 (``shift_years`` moves years printed so too).

``shift_years`` is also applied to what the original's conversion says (items, findings) so that the
comparison in ``tests/variant_scores.py`` expects the years shifted and nothing else.
"""

from __future__ import annotations

import re

REDATE_SHIFTS = {"redate-5": -5, "redate-1": -1, "redate+1": 1}
# re-dated to the ends of the kept-back years, whatever the document's own (none when it is that year)
REDATE_TARGETS = {"redate-2015": 2015, "redate-2025": 2025}
RELABEL_FORMS = ("unit",)
# the HTML page re-dated to 2015, and the tab page relabelled and re-dated to 2015 (a 2015 单位决算)
COMBINED_FORMS = ("redate-2015-html", "unit-2015")
# the tab page with its years printed in Chinese numerals (二〇二四年, 二○二三年度, 十二月三十一日), as
# is and re-dated by -5 (both the numerals' reading and their re-dating)
CHINESE_FORMS = {"chinese-years": 0, "chinese-redate-5": -5}
REDATE_FORMS = (*REDATE_SHIFTS, *REDATE_TARGETS, *RELABEL_FORMS, *COMBINED_FORMS, *CHINESE_FORMS)

_YEAR = r"(?:19|20)\d{2}"
# a range of years (2023-2025, 2023至2025年: both shifted, in one pass), or a year followed by 年 (年度,
# 年初) or by a date's separator and month
_STATED_YEAR = re.compile(
    rf"(?<!\d)(?<!\d,)({_YEAR})(\s*[-—–~～至到]\s*)({_YEAR})(?![\d.])"
    rf"|(?<!\d)(?<!\d,)({_YEAR})(?=\s*(?:年|[-/.]\s*[01]?\d\s*[-/.]\s*[0-3]?\d(?!\d)|[-/]\s*[01]?\d(?![\d.])))"
    # a document number's year: 沪财预〔2016〕16号, 苏财预[2017]1号, （2012）10号
    rf"|(?<=[〔\[【(（])({_YEAR})(?=[〕\]】)）‟])"
)
# a year in a file name (101_shanghai_putuo_caizhengju_2024)
_NAME_YEAR = re.compile(rf"(?<![\d])({_YEAR})(?!\d)")

_RELABEL = (("部门决算", "单位决算"), ("部门预算", "单位预算"), ("本部门", "本单位"))
# the kind a relabelled document is, from the original's
RELABELLED_KIND = {"department": "unit"}


def shift_years(text: str, k: int) -> str:
    """``text`` with every stated year shifted by ``k`` (amounts and codes untouched)."""
    if not k:
        return text

    def shifted(m: re.Match[str]) -> str:
        if m.group(4) or m.group(5):
            return str(int(m.group(4) or m.group(5)) + k)
        return f"{int(m.group(1)) + k}{m.group(2)}{int(m.group(3)) + k}"

    return _shift_chinese(_STATED_YEAR.sub(shifted, text), k)


def shifts(year: int | None) -> dict[str, int]:
    """Each re-dating form and its k for a document of ``year`` (a form of k = 0 is no re-dating)."""
    out = dict(REDATE_SHIFTS)
    if year:
        out |= {form: target - year for form, target in REDATE_TARGETS.items() if target != year}
    return out


def shift_name(name: str, k: int) -> str:
    return _NAME_YEAR.sub(lambda m: str(int(m.group(1)) + k), name)


def relabel(text: str) -> str:
    for old, new in _RELABEL:
        text = text.replace(old, new)
    return text


# --- years printed in Chinese numerals ("二〇二四年九月"): converter.parse.chinese_numerals reads them ---
_NUMERALS = "〇一二三四五六七八九"
_CN_ZEROS = "〇○◯零OＯ0"
_CN_DIGIT = f"[{_NUMERALS[1:]}{_CN_ZEROS}]"
_CN_GAP = r"[ \t]*"
_CN_ONE = rf"(?<![{_NUMERALS}{_CN_ZEROS}十])(?:一{_CN_GAP}九|二{_CN_GAP}[{_CN_ZEROS}]){_CN_GAP}{_CN_DIGIT}{_CN_GAP}{_CN_DIGIT}"
# a Chinese year followed by 年, or a range's first year ("二〇二三—二〇二五年")
_CN_YEAR = re.compile(rf"{_CN_ONE}(?=\s*年|\s*[-—–~～至到]\s*{_CN_ONE}\s*年)")
# an Arabic year followed by 年 (a range's first year too), and the date after it (月, 日)
_ARABIC_YEAR = re.compile(
    rf"(?<!\d)(?<!\d,)({_YEAR})(?=\s*(?:年|[-—–~～至到]\s*{_YEAR}\s*年))"
    r"(?:(\s*年\s*)(\d{1,2})(\s*月)(?:(\s*)(\d{1,2})(\s*日))?)?"
)


def spell_year(year: int, zero: str = "〇") -> str:
    """2024 -> "二〇二四" (``zero``: how the page writes 0: 〇, ○, 零)."""
    return "".join(zero if d == "0" else _NUMERALS[int(d)] for d in str(year))


def spell_number(n: int) -> str:
    """A month or a day as dates print them: 9 -> "九", 12 -> "十二", 20 -> "二十", 31 -> "三十一"."""
    tens, units = divmod(n, 10)
    head = "" if not tens else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[units] if units else "")


def _cn_year_value(spelled: str) -> tuple[int, str]:
    """ "二〇二四" (or spaced "二 〇 二 四") -> (2024, the zero it is written with)."""
    digits = [c for c in spelled if not c.isspace()]
    zero = next((c for c in digits if c in _CN_ZEROS), "〇")
    return int("".join("0" if c in _CN_ZEROS else str(_NUMERALS.index(c)) for c in digits)), zero


def _shift_chinese(text: str, k: int) -> str:
    def shifted(m: re.Match[str]) -> str:
        year, zero = _cn_year_value(m.group(0))
        digits = iter(spell_year(year + k, zero))
        # the gaps of a spaced-out year stay where they are ("二 〇 二 四" -> "二 〇 一 九")
        return "".join(c if c.isspace() else next(digits) for c in m.group(0))

    return _CN_YEAR.sub(shifted, text)


def chinese_years(text: str, zeros: str = "〇") -> str:
    """``text`` with every year it states before 年 written in Chinese numerals, and the month and day of its
    dates ("截至2024年12月31日" -> "截至二〇二四年十二月三十一日"); the i-th year is written with the
    zero ``zeros[i % len(zeros)]`` (a page may mix 〇 and ○). Amounts, codes and dates printed with
    separators ("2025-06-18") stay."""
    count = iter(range(len(text)))

    def spelled(m: re.Match[str]) -> str:
        out = spell_year(int(m.group(1)), zeros[next(count) % len(zeros)])
        if m.group(2) is None:
            return out
        out += m.group(2) + spell_number(int(m.group(3))) + m.group(4)
        if m.group(6) is not None:
            out += m.group(5) + spell_number(int(m.group(6))) + m.group(7)
        return out

    return _ARABIC_YEAR.sub(spelled, text)
