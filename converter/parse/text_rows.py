"""A line of a table printed as text, cut into the rows it prints: code parts, a label, numbers.

A line is "[code…] label number…", or several such rows on one line (two halves side by side, rows run
together by an extraction), its numbers keyed by where they stand (tab fields where the line has
tabs). An item number ("1. ", "（2）") belongs to its label, a number inside a name ("台式计算机（20万以
下）") or after 表 ("表1-2") is part of the label, a date is no amount. Knows no columns: which column a
number is in is ``converter.parse.column_inference``'s question.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

__all__ = [
    "CODE_LENGTHS",
    "Unit",
    "is_code_line",
    "is_code_part",
    "line_units",
    "plausible_code",
    "split_glued",
    "units_with_map",
]

_NUMBER = re.compile(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
_LABEL = re.compile(r"[^\s\d\-−,.%]+(?:[ \u3000][^\s\d\-−,.%]+)*")
_TOKEN = re.compile(rf"(?P<num>{_NUMBER.pattern})|(?P<label>{_LABEL.pattern})")
CODE_LENGTHS = (3, 5, 7)


@dataclass
class Unit:
    """One row as printed on a line: optional code parts, a label, numbers."""

    codes: list[tuple[str, int]] = field(default_factory=list)
    label: str = ""
    label_start: int | None = None
    numbers: list[tuple[str, int]] = field(default_factory=list)
    fields: list[int] | None = None  # tab-field index of each number, when the line is tab-separated
    tabs: list[int] | None = None  # the same, counted from the line's first field
    nfields: int = 0  # the line's tab fields (a browser keeps blank cells, trailing ones too)


_ITEM_NUMBER = re.compile(r"(?:\d{1,2}[.．、]|[（(]\d{1,2}[)）])\s*(?=[\u4e00-\u9fff“])")
_ITEM_START = re.compile(
    r"\s+(?=(?:[一二三四五六七八九十]+、|\d{1,2}[.．、]\s*[\u4e00-\u9fff]|[（(][一二三四五六七八九十\d]+[)）]))"
)


_TABLE_WORD = re.compile(r"(?:表|附件|公开)[ \u3000\u00a0]*$")
_TABLE_NUMBER = re.compile(r"\d+(?:[ \u00a0]*[-—－.．][ \u00a0]*\d+)*")


_WORD_CHAR = re.compile(r"[\u3400-\u9fff（）()“”]")


def _inside_words(line: str, start: int, end: int) -> bool:
    """Is the number ``line[start:end]`` an integer written inside a name, characters on both sides?"""
    text = line[start:end]
    return (
        text.isdigit()
        and 0 < start
        and end < len(line)
        and _WORD_CHAR.match(line[start - 1]) is not None
        and _WORD_CHAR.match(line[end]) is not None
    )


def _tokens(line: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) with kind "num" or "label"; an item number ("1. ", "（2）") belongs to its
    label, and a label run that holds a second numbered item ("政府性基金预算 三、城乡社区支出") is two."""
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(line):
        m = _ITEM_NUMBER.match(line, pos)
        if m and (pos == 0 or line[pos - 1].isspace() or not line[pos - 1].isdigit()):
            label = _LABEL.match(line, m.end())
            end = label.end() if label else m.end()
            # "2. 政府性基金预算 三、城乡社区支出": the label ends where the next numbered item begins
            nxt = _ITEM_START.search(line, m.end(), end)
            end = nxt.start() if nxt else end
            out.append(("label", line[pos:end], pos))
            pos = end
            continue
        m = _TOKEN.match(line, pos)
        if m is None:
            pos += 1
            continue
        if m.group("num") is not None and _TABLE_WORD.search(line, max(0, pos - 16), pos):
            number = _TABLE_NUMBER.match(line, pos)
            end = number.end() if number else m.end()
            out.append(("label", line[pos:end], pos))  # "表1-2": a table's number, not an amount
            pos = end
            continue
        if m.group("num") is not None and _inside_words(line, pos, m.end()):
            out.append(("label", m.group("num"), pos))  # "台式计算机（20万以下）": part of a name
            pos = m.end()
            continue
        if m.group("num") is not None and re.match(r"[年月日号期]", line[m.end() : m.end() + 1]):
            out.append(("label", m.group("num") + line[m.end()], pos))  # "2024年": a date, not an amount
            pos = m.end() + 1
            continue
        if m.group("num") is not None:
            out.append(("num", m.group("num"), pos))
        else:
            text, at = m.group("label"), pos
            for piece in _ITEM_START.split(text):
                if piece.strip():
                    offset = text.find(piece)
                    out.append(("label", piece, at + offset))
        pos = m.end()
    merged: list[tuple[str, str, int]] = []
    for kind, text, at in out:  # "1. 一般公共预算" + "资金": one label
        if (
            kind == "label"
            and merged
            and merged[-1][0] == "label"
            and not _ITEM_NUMBER.match(text)
            and not re.match(r"[一二三四五六七八九十]+、|[（(]", text)
        ):
            k, t, a = merged[-1]
            merged[-1] = (k, line[a : at + len(text)], a)
        else:
            merged.append((kind, text, at))
    return merged


def plausible_code(text: str) -> bool:
    """A bare integer that can open a row as its code: 类 (3 digits of a function 2xx or economic
    3xx/5xx class), 款 (5) or 项 (7) digits."""
    return len(text) in CODE_LENGTHS and text[0] in "235"


def _code_part(tokens: list[tuple[str, str, int]], i: int) -> bool:
    """Is token ``i`` a 款/项 part of a code: two digits, or one digit (its leading zero dropped by a
    spreadsheet) right before the row's label."""
    text = tokens[i][1]
    if not text.isdigit():
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return len(text) == 2 or (len(text) == 1 and after is not None and after[0] == "label")


def line_units(line: str, start: int) -> list[Unit]:
    """Split a line into printed rows: "[code…] label number…", possibly several on one line (two
    halves side by side, or rows run together by the extraction)."""
    tokens = _tokens(line)
    tab_at = [i for i, ch in enumerate(line) if ch == "\t"] if "\t" in line else []
    units: list[Unit] = []
    cur = Unit()
    field_of: list[int] = []
    for i, (kind, text, at) in enumerate(tokens):
        if kind == "num":
            bare = text.replace(",", "")
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            opens_row = (
                bare.isdigit()
                and "," not in text
                and nxt is not None
                and (nxt[0] == "label" or (nxt[0] == "num" and _code_part(tokens, i + 1)))
            )
            # a 款/项 part: two digits, or one where a spreadsheet dropped its leading zero ("301 2")
            part = len(bare) == 2 or (len(bare) == 1 and bool(cur.codes) and len(cur.codes[0][0]) == 3)
            if opens_row and not cur.label and not cur.numbers and (plausible_code(bare) or part):
                cur.codes.append((bare, start + at))
                continue
            if opens_row and (cur.numbers or cur.label) and plausible_code(bare):
                units.append(cur)  # "…10,992,193 221 住房保障支出": the next row's code
                cur = Unit(codes=[(bare, start + at)])
                continue
            cur.numbers.append((text, start + at))
            field_of.append(bisect_left(tab_at, at))  # the tabs before it
        else:
            if cur.numbers or (
                cur.label and re.match(r"[一二三四五六七八九十]+、|\d{1,2}[.．、]|[（(]", text)
            ):
                units.append(cur)
                cur = Unit()
            if cur.label:
                cur.label += text
            else:
                cur.label, cur.label_start = text, start + at
    if cur.codes or cur.label or cur.numbers:
        units.append(cur)
    if "\t" in line and len(units) == 1 and (units[0].label_start is not None or units[0].codes):
        # the values' fields count from the one after the row's label (or last code) field; a label over
        # several fields ("类 款 项 合计", "一般公共预算资金 小计") counts from its last
        unit = units[0]
        if unit.label_start is not None:
            anchor = unit.label_start + max(len(unit.label.rstrip()) - 1, 0)
        else:
            anchor = unit.codes[-1][1]
        first = line.count("\t", 0, anchor - start) + 1
        units[0].fields = [f - first for f in field_of]
        units[0].tabs, units[0].nfields = list(field_of), line.count("\t") + 1
    elif "\t" in line and len(units) == 1 and not units[0].label and not units[0].codes:
        units[0].fields = field_of  # a row of values alone (the 三公 table's): fields from the line's start
    elif "\t" in line and len(units) == 2 and all(u.label_start is not None for u in units):
        _side_fields(line, start, units, field_of)
    return units


def _side_fields(line: str, start: int, units: list[Unit], field_of: list[int]) -> None:
    """A 总表 line of two sides ("项目 金额 | 项目 合计 一般公共预算 …"): each side's values' fields
    counted from the one after its own label, so that a blank cell keeps its place on each side."""
    taken = 0
    for unit in units:
        mine = field_of[taken : taken + len(unit.numbers)]
        taken += len(unit.numbers)
        if not mine or unit.label_start is None:
            continue
        anchor = unit.label_start + max(len(unit.label.rstrip()) - 1, 0)
        first = line.count("\t", 0, anchor - start) + 1
        unit.fields = [f - first for f in mine]


def split_glued(line: str) -> str:
    """Numbers run into the next row's code by the extraction ("10,992,193221 住房保障支出",
    "2,106.66201 …"): a space is put where a thousands group or a two-decimal amount ends."""
    line = re.sub(r"(\d{1,3}(?:,\d{3})+)(?=\d{3}(?:\D|$))", r"\1 ", line)
    return re.sub(r"(?<![\d,])(\d+\.\d{2})(?=\d{3}(?:\s|[\u4e00-\u9fff]|$))", r"\1 ", line)


def units_with_map(line: str, glued: str, line_start: int) -> list[Unit]:
    """Units of the line with glued numbers split, their offsets mapped back to the original line."""
    mapping: list[int] = []
    i = 0
    for ch in glued:
        if i < len(line) and line[i] == ch:
            mapping.append(i)
            i += 1
        else:
            mapping.append(max(i - 1, 0))
    units = line_units(glued, 0)
    for u in units:
        u.codes = [(c, line_start + mapping[s]) for c, s in u.codes]
        u.numbers = [(t, line_start + mapping[s]) for t, s in u.numbers]
        if u.label_start is not None:
            u.label_start = line_start + mapping[u.label_start]
    return units


def _parts(unit: Unit) -> list[str]:
    return [c for c, _ in unit.codes] + [t for t, _ in unit.numbers]


def is_code_part(unit: Unit) -> bool:
    """A 款 or 项 cell on a line of its own, after its 类's: one or two digits."""
    parts = _parts(unit)
    return len(parts) == 1 and parts[0].isdigit() and len(parts[0]) <= 2 and not unit.label


def is_code_line(unit: Unit) -> bool:
    """A line of digits alone that make a plausible code: a code cell printed on a line of its own."""
    parts = _parts(unit)
    return bool(parts) and all(p.isdigit() for p in parts) and plausible_code("".join(parts))
