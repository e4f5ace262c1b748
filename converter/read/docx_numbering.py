"""A Word document's automatic numbering (``word/numbering.xml``): the "一、", "（二）", "1." or "第三部分"
Word prints before a paragraph whose text does not hold it.

A paragraph is numbered by its own ``w:numPr`` (``w:numId``, ``w:ilvl``) or its style's (``word/styles.xml``,
through ``w:basedOn``); the ``w:num`` names an ``w:abstractNum`` whose ``w:lvl`` gives the start, the format
(decimal, Chinese counting, 甲乙丙, letters, Roman, circled) and the text ("%1、", "（%1）", "%1.%2"); a
``w:lvlOverride/w:startOverride`` restarts it. Counters are kept per ``w:num`` in document order, a level
counted resetting the levels below it. Bullets print no number and are left out.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

_DIGITS = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
_ROMAN += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_MAX_STYLE_DEPTH = 20  # w:basedOn links followed


def chinese(n: int) -> str:
    """1-99 as Chinese counting (一, 十, 十一, 二十三); beyond, the digits one by one."""
    if 0 < n < 10:
        return _DIGITS[n]
    if 10 <= n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return "".join(_DIGITS[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "decimalHalfWidth": str,
    "chineseCounting": chinese,
    "chineseCountingThousand": chinese,
    "chineseLegalSimplified": chinese,
    "japaneseCounting": chinese,
    "ideographDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10] if n > 0 else str(n),
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
}


def _int(value: str | None, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _val(element: Element | None) -> str | None:
    return None if element is None else element.get("val")


class Numbering:
    """The numbering of one document: ``label(paragraph)`` gives the text Word prints before it."""

    def __init__(self, numbering: Element | None, styles: Element | None) -> None:
        # abstractNumId -> ilvl -> (start, format, text, suffix)
        self.abstract: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}  # id -> (numId, ilvl, basedOn)
        self.counters: dict[str, list[int | None]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            for style in styles.iter("style"):
                num = style.find("pPr/numPr")
                ids = (None, None) if num is None else (_val(num.find("numId")), _val(num.find("ilvl")))
                self.styles[style.get("styleId", "")] = (*ids, _val(style.find("basedOn")))

    def _read_numbering(self, numbering: Element) -> None:
        for abstract in numbering.iter("abstractNum"):
            levels: dict[int, tuple[int, str, str, str]] = {}
            for lvl in abstract.iter("lvl"):
                levels[_int(lvl.get("ilvl"), 0)] = (
                    _int(_val(lvl.find("start")), 1),
                    _val(lvl.find("numFmt")) or "decimal",
                    _val(lvl.find("lvlText")) or "",
                    _val(lvl.find("suff")) or "tab",
                )
            self.abstract[abstract.get("abstractNumId", "")] = levels
        for num in numbering.iter("num"):
            overrides = {
                _int(o.get("ilvl"), 0): _int(_val(o.find("startOverride")), 1)
                for o in num.iter("lvlOverride")
                if o.find("startOverride") is not None
            }
            self.nums[num.get("numId", "")] = (_val(num.find("abstractNumId")) or "", overrides)

    def _style_numbering(self, style: str | None) -> tuple[str | None, str | None]:
        for _ in range(_MAX_STYLE_DEPTH):
            if style is None or style not in self.styles:
                break
            num, ilvl, based = self.styles[style]
            if num is not None:
                return num, ilvl
            style = based
        return None, None

    def label(self, paragraph: Element) -> str:
        if not self.nums:
            return ""
        props = paragraph.find("pPr")
        own = props.find("numPr") if props is not None else None
        style_num, style_level = self._style_numbering(
            _val(props.find("pStyle")) if props is not None else None
        )
        num = _val(own.find("numId")) if own is not None else None
        ilvl = _val(own.find("ilvl")) if own is not None else None
        num, ilvl = num or style_num, ilvl or style_level
        if num is None or num == "0" or num not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num]
        levels = self.abstract.get(abstract_id, {})
        level = max(0, min(_int(ilvl, 0), 8))
        if level not in levels or levels[level][1] == "bullet":
            return ""
        counts = self.counters.setdefault(num, [None] * 9)
        start = overrides.get(level, levels[level][0])
        counts[level] = start if counts[level] is None else counts[level] + 1  # type: ignore[operator]
        for deeper in range(level + 1, 9):
            counts[deeper] = None
        return self._text(levels, counts, level, overrides)

    @staticmethod
    def _text(levels: dict, counts: list[int | None], level: int, overrides: dict[int, int]) -> str:
        _, _, text, suffix = levels[level]

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            if k not in levels:
                return ""
            value = counts[k] if counts[k] is not None else overrides.get(k, levels[k][0])
            return _FORMATS.get(levels[k][1], str)(value)

        label = re.sub(r"%([1-9])", number, text).strip()
        if not label or suffix == "nothing" or re.search(r"[\u3000-\u303f\uff00-\uffef]$", label):
            return label  # 一、 / （一） run on into the text, as printed
        return label + " "
