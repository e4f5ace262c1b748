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
  a 单位 publishes it.

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
REDATE_FORMS = (*REDATE_SHIFTS, *REDATE_TARGETS, *RELABEL_FORMS, *COMBINED_FORMS)

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

    return _STATED_YEAR.sub(shifted, text)


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
