"""A worksheet cell's text as the spreadsheet shows it: its number format, and formulas without a result.

A workbook stores numbers as doubles and says how to show them in the cell's number format: 80 shown
as "80.00" under ``0.00``, 0.9512 as "95.12%" under ``0.00%``. The printed text is the figure the
publisher states, and its decimals are its precision (the rounding envelope of every rule), so it is
what is written. A workbook written by a program rather than by Excel or WPS may hold a formula and no
stored result; a spreadsheet program shows the formula's value, so the simple ones (cell references,
numbers, + - * and SUM over ranges) are computed exactly from the cells they name, and the document says
which cells were computed; any other formula is left unread, and said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DECIMALS = re.compile(r"[0#?,]*\.([0#?]+)")
MAX_FORMULA = 500  # characters of one formula that are read
MAX_RANGE = 10_000  # cells one SUM may add
MAX_DEPTH = 50  # formulas one formula may lean on, one through another
MAX_VISITS = 1_000_000  # cell values all of a sheet's formulas may read together (a hostile sheet: 20,000
# formulas each adding 10,000 cells would otherwise read 200 million)


def number_format_text(value: Decimal, format_code: str | None) -> str:
    """``value`` as ``format_code`` shows it (decimals and percent; no thousands separators, which the
    amount parser does not need), or its shortest form where the format fixes no decimals."""
    if not format_code or format_code.lower() == "general":
        return format(value, "f")
    section = _QUOTED.sub("", format_code.split(";")[0])
    if "0" not in section and "#" not in section:
        return format(value, "f")  # text or date formats: not a number's display
    percent = "%" in section
    if percent:
        value = value * 100
    found = _DECIMALS.search(section)
    places = found.group(1).count("0") if found else 0
    optional = len(found.group(1)) - places if found else 0
    shown = value.quantize(Decimal(1).scaleb(-(places + optional)), rounding=ROUND_HALF_UP)
    text = format(shown, "f")
    if optional and "." in text:  # "#.##" / "0.0#": trailing digits shown only where not zero
        whole, _, fraction = text.partition(".")
        fraction = fraction[:places] + fraction[places:].rstrip("0")
        text = f"{whole}.{fraction}" if fraction else whole
    return text + ("%" if percent else "")


_TOKEN = re.compile(
    r"\s*(?:(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)|(?P<ref>\$?[A-Z]{1,3}\$?\d+)"
    r"|(?P<number>\d+(?:\.\d+)?)|(?P<sum>SUM\s*\()|(?P<op>[-+*(),]))"
)


class FormulaError(ValueError):
    """A formula outside what is computed here (another function, a sheet reference, a division)."""


def _cell_ref(ref: str) -> tuple[int, int]:
    letters, digits = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", ref).groups()  # type: ignore[union-attr]
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits), column


def _tokens(formula: str) -> list[tuple[str, str]]:
    text = formula.lstrip("=").upper()
    out: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        found = _TOKEN.match(text, position)
        if found is None or found.end() == position:
            if text[position:].strip():
                raise FormulaError(f"“={formula.lstrip('=')}” is not computed here")
            break
        kind = found.lastgroup or ""
        out.append((kind, found.group(kind).strip()))
        position = found.end()
    return out


class _Evaluation:
    """One formula's value: references to cells with a value, or to formulas computed in turn."""

    def __init__(self, value_of: Callable[[int, int, int], Decimal], depth: int) -> None:
        self.value_of = value_of
        self.depth = depth
        self.tokens: list[tuple[str, str]] = []
        self.at = 0

    def run(self, formula: str) -> Decimal:
        if len(formula) > MAX_FORMULA:
            raise FormulaError("a formula longer than is read")
        self.tokens = _tokens(formula)
        value = self.expression()
        if self.at != len(self.tokens):
            raise FormulaError(f"“={formula.lstrip('=')}” is not computed here")
        return value

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.at += 1
        return token

    def expression(self) -> Decimal:
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            sign = self.take()[1]
            value = value + self.term() if sign == "+" else value - self.term()
        return value

    def term(self) -> Decimal:
        value = self.factor()
        while self.peek() == ("op", "*"):
            self.take()
            value *= self.factor()
        return value

    def factor(self) -> Decimal:
        kind, text = self.take()
        if kind == "op" and text == "-":
            return -self.factor()
        if kind == "op" and text == "(":
            value = self.expression()
            if self.take() != ("op", ")"):
                raise FormulaError("unbalanced parentheses")
            return value
        if kind == "number":
            return Decimal(text)
        if kind == "ref":
            return self.value_of(*_cell_ref(text), self.depth + 1)
        if kind == "sum":
            return self.sum()
        raise FormulaError("a formula that is not computed here")

    def sum(self) -> Decimal:
        total = Decimal(0)
        while True:
            kind, text = self.peek()
            if kind == "range":
                self.take()
                total += self.range_sum(text)
            else:
                total += self.expression()
            separator = self.take()
            if separator == ("op", ")"):
                return total
            if separator != ("op", ","):
                raise FormulaError("a SUM that is not computed here")

    def range_sum(self, text: str) -> Decimal:
        (top, left), (bottom, right) = (_cell_ref(part) for part in text.split(":"))
        if (abs(bottom - top) + 1) * (abs(right - left) + 1) > MAX_RANGE:
            raise FormulaError("a range larger than is added here")
        return sum(
            (
                self.value_of(row, column, self.depth + 1, blank_is_zero=True)  # type: ignore[call-arg]
                for row in range(min(top, bottom), max(top, bottom) + 1)
                for column in range(min(left, right), max(left, right) + 1)
            ),
            Decimal(0),
        )


class SheetFormulas:
    """The formulas of a sheet that hold no stored result, computed from the sheet's stored values."""

    def __init__(
        self, values: dict[tuple[int, int], Decimal | str], formulas: dict[tuple[int, int], str]
    ) -> None:
        self.values = values  # (row, column) -> a number as stored, or a cell's text
        self.formulas = formulas
        self.computed: dict[tuple[int, int], Decimal] = {}
        self.active: set[tuple[int, int]] = set()
        self.visits = 0

    def value_of(self, row: int, column: int, depth: int, blank_is_zero: bool = False) -> Decimal:
        """A cell's number: a blank cell counts 0 (in a spreadsheet's arithmetic and its SUM alike), a
        text cell is passed over by SUM and makes any other formula an error."""
        self.visits += 1
        if self.visits > MAX_VISITS:
            raise FormulaError(f"the sheet's formulas read more than {MAX_VISITS:,} cells")
        key = (row, column)
        if key in self.formulas:
            return self.compute(key, depth)
        value = self.values.get(key)
        if value is None:
            return Decimal(0)
        if isinstance(value, Decimal):
            return value
        if blank_is_zero:
            return Decimal(0)
        raise FormulaError("a reference to a cell holding text")

    def compute(self, key: tuple[int, int], depth: int = 0) -> Decimal:
        if key in self.computed:
            return self.computed[key]
        if depth > MAX_DEPTH or key in self.active:
            raise FormulaError("formulas leaning on each other in a circle, or too deep")
        self.active.add(key)
        try:
            value = _Evaluation(self.value_of, depth).run(self.formulas[key])
        finally:
            self.active.discard(key)
        self.computed[key] = value
        return value


def column_letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
