"""The characters of a PDF line grouped into cells: what the readers of tables printed without ruling
lines (``converter.read.pdf_columns``, ``converter.read.pdf_header``) measure.

Works on characters with positions only (``x0``, ``x1``, ``top``, ``bottom``, ``ch``) and on lines
holding them; knows no template word except that a line stating the unit ("单位：万元") is no row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

_GAP = 1.0  # a gap this many character sizes wide separates two cells of a row
SPACE = 0.35  # a gap this many character sizes wide inside a cell is a space
_AMOUNT = re.compile(r"^[-−]?\(?[\d,，]*\d(?:\.\d+)?\)?%?$")
DECIMAL = re.compile(r"\d\.\d{1,2}%?\)?$")
_NOT_ROW = re.compile(r"单位\s*[：:]|第\s*\d+\s*页")  # the unit line, a page footer
_PROSE = re.compile(r"[。，；]")  # a sentence's punctuation: a line of prose, never a table's row
ROW_GAP = 2.5  # a vertical gap this many line heights wide ends a table


class CharLike(Protocol):
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float


class LineLike(Protocol):
    chars: list
    top: float
    bottom: float


@dataclass
class Token:
    """A run of characters of one line with no cell-wide gap inside."""

    chars: list
    x0: float
    x1: float
    spaced: bool = False  # a header's one-character word, or a run of them spaced out (letter spacing)

    @property
    def text(self) -> str:
        """The token's characters in reading order: a label wrapped over two lines inside one row
        ("机关事业单位基本养老保险" over "缴费支出") is its upper line, then its lower one."""
        out: list[str] = []
        for line in sub_lines(self.chars):
            for prev, c in zip([None, *line], line, strict=False):
                if prev is not None and c.x0 - prev.x1 > SPACE * char_size([prev, c]):
                    out.append(" ")
                out.append(c.ch)
        return "".join(out)

    @property
    def is_amount(self) -> bool:
        return bool(_AMOUNT.match(self.text.replace(" ", "")))


def sub_lines(chars: Sequence[CharLike]) -> list[list[CharLike]]:
    """Characters grouped by the line they stand on (their centres half a character apart or more),
    top to bottom, each line left to right."""
    if not chars:
        return []
    heights = sorted(c.bottom - c.top for c in chars)
    step = 0.5 * max(heights[len(heights) // 2], 1.0)
    lines: list[list[CharLike]] = []
    for c in sorted(chars, key=lambda c: (c.top + c.bottom) / 2):
        centre = (c.top + c.bottom) / 2
        if lines and centre - sum((d.top + d.bottom) / 2 for d in lines[-1]) / len(lines[-1]) < step:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def char_size(chars: Sequence[CharLike]) -> float:
    """The characters' size: a glyph's width, or half its box's height for a narrow one (a digit).
    Loose character boxes are often twice as tall as the glyph, so heights alone mislead."""
    sizes = sorted(max(c.x1 - c.x0, 0.5 * (c.bottom - c.top)) for c in chars)
    return max(sizes[len(sizes) // 2], 1.0) if sizes else 1.0


def tokens_of(line: LineLike, numbers_apart: bool = False) -> list[Token]:
    """The line's cells: runs of characters a cell-wide gap apart. ``numbers_apart`` (a table's row):
    a number holds no blank, so an amount a blank apart from its neighbour is a cell of its own,
    however narrow the gap."""
    chars = sorted(line.chars, key=lambda c: c.x0)
    size = char_size(chars)
    out: list[Token] = []
    for c in chars:
        numbers = numbers_apart and out and (out[-1].chars[-1].ch.isdigit() or c.ch.isdigit() or c.ch in "-−")
        apart = numbers and c.x0 - out[-1].x1 > SPACE * size
        if out and c.x0 - out[-1].x1 <= _GAP * size and not apart:
            out[-1].chars.append(c)
            out[-1].x1 = max(out[-1].x1, c.x1)
        else:
            out.append(Token([c], c.x0, c.x1))
    return out


def line_kind(tokens: list[Token]) -> str:
    """'row' (amounts beside other cells), 'cells' (several cells, no amount), 'one' or 'none'."""
    text = "".join(t.text for t in tokens)
    if _NOT_ROW.search(text) or _PROSE.search(text):
        return "none"
    if len(tokens) >= 2 and any(t.is_amount for t in tokens):
        return "row"
    if len(tokens) >= 2:
        return "cells"
    return "one"


def crowded(line: LineLike) -> bool:
    """The line holds several cells, an amount among them, a cell's gap apart (a grid cell holding
    a whole row: its table's columns are not ruled)."""
    tokens = tokens_of(line)
    return len(tokens) >= 2 and any(t.is_amount for t in tokens) and line_kind(tokens) == "row"


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def cluster(extents: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Merge x-extents that overlap into columns, left to right."""
    columns: list[list[float]] = []
    for a, b in sorted(extents):
        if columns and a < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], b)
        else:
            columns.append([a, b])
    return [(a, b) for a, b in columns]


def middle(token: Token) -> float:
    """A token's height on the page: the middle of its characters' boxes."""
    return (min(c.top for c in token.chars) + max(c.bottom for c in token.chars)) / 2


def centre(line: LineLike) -> float:
    return (line.top + line.bottom) / 2


Extents = list[tuple[float, float]]
