"""Classification codes printed by level over a grid's 类 / 款 / 项 columns.

Older templates (and many county pages) print a code's parts in one column per level, each row printing
only its own level's part::

    类 | 款 | 项 | 科目名称
    201 |    |    | 一般公共服务支出
        | 08 |    | 审计事务
        |    | 01 | 行政运行

Read cell by cell, "08" and "01" are no codes. Here a row's parts are placed by the column they sit in
(its level, not the part's digits, says whether "01" is a 款 or a 项), and the levels the row leaves blank
above its own are taken from the nearest row above that states them: 审计事务 is 20108, 行政运行 2010801.
A code so completed is marked (``TableRow.code_completed``), and the figures read from the row say so
(``COMPLETED`` among their classification's notes). Where no row above states the levels left blank, the
parts stay as today's reading joins them (the table reader warns of a malformed code).

The same holds for an economic table's 类 / 款 ("301" on one row, "| 01 |" on the next), and for a 类
printed in a cell merged over the rows below it (rowspan): that row states its 类 and leaves its 款 blank.
Text input reads the same where its lines keep their cells as tab fields: the field a part sits in, under
the header's 类 / 款 / 项 fields, is its level (lines without tabs give no level and read as before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from converter.read.types import Cell

__all__ = ["COMPLETED", "LEVEL_WORDS", "CodeLevels", "column_levels", "field_levels", "text_parts"]

LEVEL_WORDS = ("类", "款", "项")  # the code columns' header words, highest level first
PART_WIDTHS = (3, 2, 2)  # digits of each level's part: 类 201, 款 08, 项 01
COMPLETED = "code-completed"  # the note a completed code's classification carries

# "01 基本工资": a part and its name printed in one code cell
_PART_AND_NAME = re.compile(r"^(\d{2,3})[\s\u3000]+(\D.*)$")


def _bare(text: str) -> str:
    return text.replace(" ", "").replace("\n", "").replace("\u3000", "")


def column_levels(paths: list[str], code_cols: list[int]) -> dict[int, int]:
    """The level (0 类, 1 款, 2 项) of each code column: the header word over it, or, under one header
    printed over two or three code columns (科目编码 merged over them), its place among them. Empty when
    the columns name no levels (a single 科目编码 column, 功能 and 经济 code columns side by side)."""
    words = {j: paths[j].rsplit("/", 1)[-1] for j in code_cols}
    if code_cols and all(w in LEVEL_WORDS for w in words.values()):
        return {j: LEVEL_WORDS.index(w) for j, w in words.items()}
    if 2 <= len(code_cols) <= len(LEVEL_WORDS) and len({paths[j] for j in code_cols}) == 1:
        return {j: k for k, j in enumerate(code_cols)}
    return {}


def field_levels(header_lines: list[str]) -> dict[int, int]:
    """Text input: the level of each tab field a header line names 类 / 款 / 项 ("类\t款\t项\t科目名称"),
    the words of at least two levels; empty for a header without them (or not tab-separated)."""
    for line in header_lines:
        words = [w.strip() for w in line.split("\t")]
        levels = {k: LEVEL_WORDS.index(w) for k, w in enumerate(words) if w in LEVEL_WORDS}
        if len(levels) >= 2 and len(set(levels.values())) == len(levels):
            return levels
    return {}


def text_parts(text: str, codes: list[tuple[str, int]], levels: dict[int, int]) -> list[str | None] | None:
    """Text input: the part a tab line prints at each level, its level the tab field it sits in (counted
    from the line's start in ``text``); None when a part lies outside the code fields or lacks its
    level's width."""
    if not levels or not codes:
        return None
    parts: list[str | None] = [None] * (max(levels.values()) + 1)
    for part, at in codes:
        level = levels.get(text.count("\t", text.rfind("\n", 0, at) + 1, at))
        if level is None or not part.isdigit() or len(part) != PART_WIDTHS[level] or parts[level] is not None:
            return None
        parts[level] = part
    return parts


def _parts(row: tuple[Cell, ...], levels: dict[int, int]) -> tuple[list[str | None], str] | None:
    """The part the row prints at each level and a name printed with the lowest one ("01 基本工资"), or
    None when a code cell holds anything but its level's part (a whole code, a merged code cell)."""
    parts: list[str | None] = [None] * (max(levels.values()) + 1)
    name = ""
    seen: list[Cell] = []
    for j, level in sorted(levels.items(), key=lambda jl: jl[1]):
        cell = row[j] if j < len(row) else None
        if cell is None or any(cell is s for s in seen):
            continue
        seen.append(cell)
        text = _bare(cell.text)
        if not text or text in LEVEL_WORDS:
            continue
        m = _PART_AND_NAME.match(cell.text.strip())
        if m and not name:
            text, name = m.group(1), m.group(2).strip()
        if not text.isdigit() or len(text) != PART_WIDTHS[level] or parts[level] is not None:
            return None
        parts[level] = text
    return parts, name


@dataclass
class CodeLevels:
    """One table's reading of codes printed by level, kept over its rows (and the pages it continues
    on): what the last rows stated at each level, per column group (side-by-side halves)."""

    stated: dict[int, list[str]] = field(default_factory=dict)  # group -> ["201", "20108", ...]

    def complete(self, row: tuple[Cell, ...], levels: dict[int, int], group: int) -> tuple[str, str] | None:
        """(the completed code, a name printed with its part) for a row printed by level whose blank
        levels rows above state; None otherwise (the row keeps today's reading)."""
        if not levels:
            return None
        found = _parts(row, levels)
        if found is None:
            return None
        parts, name = found
        code = self.complete_parts(parts, group)
        return None if code is None else (code, name)

    def complete_parts(self, parts: list[str | None], group: int) -> str | None:
        """The code of a row printing ``parts`` (one per level, None where blank), its blank levels
        taken from the rows above; None when it prints every level down to its own (read as printed)
        or no row above states a level it leaves blank."""
        printed = [k for k, p in enumerate(parts) if p is not None]
        if not printed or all(parts[k] is not None for k in range(printed[-1] + 1)):
            return None  # nothing printed, or every level down to its own: read as printed
        above = self.stated.get(group, [])
        code = ""
        for k in range(printed[-1] + 1):
            part = parts[k]
            if part is not None:
                code += part
            elif k < len(above) and above[k].startswith(code):
                code = above[k]
            else:
                return None  # no row above states this level (or states another parent)
        self.state(code, group)
        return code

    def complete_fields(
        self, text: str, codes: list[tuple[str, int]], levels: dict[int, int], group: int, printed: str | None
    ) -> str | None:
        """Text input: the completed code of a tab line printing its ``codes`` by level (``text_parts``),
        else None, the line's code as read (``printed``) stated for the lines below."""
        parts = text_parts(text, codes, levels)
        code = self.complete_parts(parts, group) if parts else None
        if code is None:
            self.state(printed, group)
        return code

    def state(self, code: str | None, group: int) -> None:
        """A row's code (printed whole or completed) is what the rows below complete theirs from."""
        if code is None or not code.isdigit() or len(code) not in (3, 5, 7):
            return
        self.stated[group] = [code[:n] for n in (3, 5, 7) if n <= len(code)]
