"""Standard tables -> figures: every non-empty cell of every table is one Figure.

What a cell means comes from three places, most specific first:

* the column path (``"支出/一般公共预算财政拨款"``, ``"公务用车购置及运行费/公务用车购置费/预算数"``):
  fund source, expenditure nature, statistic (决算数 / 预算数 / 年初预算数 / 上年预算数 ...), and in the
  三公 and 政府性基金 tables the item itself;
* the row: a 功能分类 or 经济分类 code (resolved to the national concept, the document's wording kept),
  or a label read with the template's vocabulary (``converter.parse.lexicon``): 本年收入合计, 年初结转和结余,
  总计, 人员经费合计 ...; on the 支出 side of the 总表 a numbered 类 row (``八、社会保障和就业支出``) is a
  function class; a label over several columns ("一般公共预算资金/小计") is read parent first;
* the table itself: its role gives the default item (收入 -> income, 支出 -> expenditure) and its title
  the fund (财政拨款 tables -> appropriation, 一般公共预算 tables -> general-public-budget ...).

A table the template does not know (role "other"), a row whose wording names nothing known, a number
whose column text input cannot decide: each is still a figure, of item ``unmapped`` with the row's
wording and its table (and, for text input, ``column_inference`` saying how far its column is known).

Amounts are exact (``Decimal``) and converted from the table's unit to yuan. A blank cell gives no figure;
a printed ``0`` / ``0.00`` is a stated zero and does. Knows the template, not RDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from converter.model import ALL, ConceptRef, Figure, Measure, ParseWarning, Span
from converter.parse import lexicon, template
from converter.parse.amounts import cell_number, money_unit, to_yuan
from converter.parse.code_levels import COMPLETED
from converter.parse.column_words import (
    CHANGES,
    COUNT_UNIT,
    HEADING_UNIT,
    STATISTIC_ROW,
    change_against_budget,
    heading_statistic,
    of_year_before,
)
from converter.parse.grid_header import BLANK_MARKS
from converter.parse.name_codes import SCHEME_OF_ROLE, codes_from_names
from converter.parse.subtotals import SUBTOTAL, class_subtotals
from converter.parse.table_rounding import rounded_in_wan
from converter.parse.tables import StandardTable, TableRow, normalise_title
from converter.read.types import ReadDocument
from converter.resolve.classification import economic_classification, function_classification

__all__ = ["figures_from_tables", "TABLE_DEFAULTS"]

# role -> (default item, default fund, default nature), from the template data
TABLE_DEFAULTS: dict[str, tuple[str | None, str, str]] = {
    role: (spec.item, spec.fund, spec.nature) for role, spec in template.ROLES.items()
}
TABLE_DEFAULTS["general_function"] = TABLE_DEFAULTS["general_expenditure"]

# 三公 items named in a column segment (most specific first); "购置费"/"运行费" alone under a 公务用车 parent.
_THREE_PUBLIC_ITEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"因公出国"), "overseas-travel"),
    (re.compile(r"公务用车购置及运行"), "official-vehicles"),
    (re.compile(r"(公务用车)?购置费?$"), "vehicle-purchase"),
    (re.compile(r"(公务用车)?运行(维护)?费?$"), "vehicle-operation"),
    (re.compile(r"国内公务接待"), "domestic-reception"),
    (re.compile(r"外事接待"), "foreign-reception"),
    (re.compile(r"公务接待"), "official-reception"),
    (re.compile(r"机关运行经费"), "agency-operating-costs"),
    (re.compile(r"会议费"), "meeting-expenses"),
    (re.compile(r"培训费"), "training-expenses"),
    (re.compile(r"三公"), "three-public-expenses"),
)
_THREE_PUBLIC_CODES = {
    "three-public-expenses",
    "overseas-travel",
    "official-vehicles",
    "vehicle-purchase",
    "vehicle-operation",
    "official-reception",
    "domestic-reception",
    "foreign-reception",
}

# Fund sources a column, row or title may name beyond the lexicon's full phrases ("1. 一般公共预算资金").
_FUND_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"一般公共预算"), "general-public-budget"),
    (re.compile(r"政府性基金"), "government-fund"),
    (re.compile(r"国有资本经营"), "state-capital"),
    (re.compile(r"财政专户"), "special-account"),
    (re.compile(r"非财政拨款"), "non-appropriation"),
    (re.compile(r"财政拨款"), "appropriation"),
    (re.compile(r"上级补助"), "superior-subsidy"),
    (re.compile(r"附属单位上缴"), "affiliated-remittance"),
    (re.compile(r"事业单位经营|^经营收入"), "business"),
    (re.compile(r"事业收入"), "operations"),
    (re.compile(r"其他收入|其他资金"), "other"),
)
_NATURE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"基本支出"), "basic"),
    (re.compile(r"项目支出"), "project"),
    (re.compile(r"人员经费"), "personnel"),
    (re.compile(r"公用经费"), "public-funds"),
    (re.compile(r"上缴上级"), "remittance-to-superior"),
    (re.compile(r"^经营支出"), "business"),
    (re.compile(r"对(附属|下级)单位补助"), "subsidy-to-affiliates"),
    (re.compile(r"预留机动经费"), "reserve"),
)
# Items a column of the 收支 tables names (政府性基金 / 国有资本经营 收入支出决算表 are laid out by column).
_COLUMN_ITEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"年初.*结转和?结余|上年结转"), "opening-carry-over"),
    (re.compile(r"年末.*结转和?结余|结转下年"), "closing-carry-over"),
    (re.compile(r"^本年收入"), "income"),
    (re.compile(r"^本年支出"), "expenditure"),
)
# Rows of a 政府采购 table that are its totals by kind; other rows are its details.
_PROCUREMENT_ROWS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(合\s*计|总\s*计)$"), "procurement"),
    (re.compile(r"^货物"), "procurement-goods"),
    (re.compile(r"^工程"), "procurement-works"),
    (re.compile(r"^服务"), "procurement-services"),
)
# a 收支总表's line heading its side's funds or classes (2015: 一、本年收入 over （一）一般公共预算财政拨款 …)
_SIDE_HEADS = re.compile(r"本年(?:收入|支出)")
# a 政府采购 row or banner naming the amount, not a kind: the columns then name the kinds
_PROCUREMENT_AMOUNT = re.compile(r"(?:政府采购)?(?:合同|采购|实际)?(?:金额|预算|支出|总额)(?:合计)?")
_CARRY_ROWS = re.compile(r"结转|结余")
_APPROPRIATION_FUNDS = ("general-public-budget", "government-fund", "state-capital")
_CODE_LENGTHS = {"function": (3, 5, 7), "economic": (3, 5)}
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|\d+[.．、]\s*|[（(][一二三四五六七八九十\d]+[)）])\s*"
)
_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)$")
# the income side's last line in a 收支总表 printed in one column, income above expenditure
_INCOME_END = re.compile(r"^(?:本年)?收入\s*(?:合\s*计|总\s*计)$")
_GRAND_TOTAL = re.compile(r"^(?:收入|支出)?(?:合\s*计|总\s*计)$")
# a label holding an amount: two text rows run together (a year, 2017年决算数, is no amount)
_GARBLED = re.compile(r"(?<![\d,])\d[\d,]{3,}(?![\d,]|\s*年)")


@dataclass
class _Meaning:
    item: str | None = None
    fund: str | None = None
    nature: str | None = None
    statistic: str | None = None
    measure: Measure = Measure.AMOUNT
    function: ConceptRef | None = None
    economic: ConceptRef | None = None
    stated_label: str | None = None


def _first(rules, text: str) -> str | None:
    for pattern, value in rules:
        if pattern.search(text):
            return value
    return None


def _lexicon(text: str) -> lexicon.Meaning | None:
    for rule in lexicon.MONEY_RULES:
        if rule.pattern.search(text):
            return rule.meaning
    return None


def _side(column: str, group: int, role: str) -> str | None:
    """'income' or 'expenditure' for the two halves of the 收支总表, from the column path."""
    head = column.split("/", 1)[0]
    if "收入" in head:
        return "income"
    if "支出" in head:
        return "expenditure"
    if role in ("total", "appropriation_total"):
        return "income" if group == 0 else "expenditure"
    return None


def _column_meaning(role: str, segments: list[str], combined_total: bool) -> _Meaning:
    meaning = _Meaning()
    for k, segment in enumerate(segments):
        if role == "procurement":
            # 货物 / 工程 / 服务 columns name their kind; a 合计 column leaves it to the row (the table's)
            meaning.item = _first(_PROCUREMENT_ROWS[1:], segment) or meaning.item
        if role == "three_public":
            item = _first(_THREE_PUBLIC_ITEMS, segment)
            if item is None and _TOTAL_ROW.match(segment) and k > 0:
                item = meaning.item  # 小计 under 公务用车购置及运行费
            elif item is None and re.fullmatch(r"合\s*计", segment):
                # 合计 over 三公, 会议费 and 培训费 columns is their sum; alone it is the 三公 total
                item = (
                    "three-public-meetings-training" if combined_total and k == 0 else "three-public-expenses"
                )
            if item is not None:
                meaning.item = item
            continue
        item = _first(_COLUMN_ITEMS, segment) if role != "procurement" else None
        if item is not None:
            meaning.item = item
        fund = _first(_FUND_WORDS, segment)
        if fund is not None:
            meaning.fund = fund
        nature = _first(_NATURE_WORDS, segment)
        if nature is not None:
            meaning.nature = nature
        if segment.startswith("其中"):
            meaning.stated_label = segment  # "其中：教育收费": a part of the column above
    return meaning


class _TableReader:
    def __init__(
        self, doc: ReadDocument, table: StandardTable, phase: str, warned: set[str], year: int = 0
    ) -> None:
        self.warned = warned  # codes already reported for this document
        self.doc = doc
        self.table = table
        self.phase = phase
        self.role = table.role
        item, fund, nature = TABLE_DEFAULTS.get(self.role, (None, ALL, ALL))
        title_fund = _first(_FUND_WORDS, normalise_title(table.title))
        if title_fund is not None and self.role not in ("total", "income", "expenditure"):
            fund = title_fund
        self.defaults = (item, fund, nature)
        self.combined = any(re.search("会议费|培训费", c) for c in table.columns)
        self.change_against_budget = change_against_budget(table.columns, phase, year)
        self.figures: list[Figure] = []
        self.unplaced: list[tuple[TableRow, str]] = []
        self.warnings: list[ParseWarning] = []
        self.functions = function_classification()
        self.economics = economic_classification()
        self.year = year
        self.uncoded_lines: set[int] = set()
        self.named = self.codes_from_names()
        self.subtotals = class_subtotals(table.rows, self.code_of)

    def codes_from_names(self) -> dict[int, ConceptRef]:
        """Row (by id) -> the code its name gives it, in a classification table that prints no code."""
        scheme = SCHEME_OF_ROLE.get(self.role)
        rows = self.table.rows
        if scheme is None or any(row.code is not None for row in rows):
            return {}
        codes = self.economics if scheme == "economic" else self.functions

        def kind_of(label: str) -> str | None:
            bare = re.sub(r"\s+", "", label)
            if _TOTAL_ROW.match(_NUMBERED.sub("", bare)):
                return "total" if _GRAND_TOTAL.match(_NUMBERED.sub("", bare)) else None
            meaning = self.label_meaning(bare, None, None, False)
            return (
                "name"
                if meaning.stated_label and not (meaning.item or meaning.fund or meaning.nature)
                else "known"
            )

        found, lines = codes_from_names(rows, codes, kind_of, self.year)
        self.uncoded_lines = {id(rows[index]) for index in lines}
        return {id(rows[index]): ref for index, ref in found.items()}

    def code_of(self, row: TableRow) -> str | None:
        """The row's code, printed or (a table printing none) read from its name."""
        named = self.named.get(id(row))
        return row.code or (named.code if named is not None else None)

    def refs_of(self, row: TableRow) -> tuple[ConceptRef | None, ConceptRef | None]:
        """The row's classification, printed or read from its name."""
        named = self.named.get(id(row))
        if named is None:
            return self.classification(row)
        return (named, None) if named.scheme == "function" else (None, named)

    # --- rows ------------------------------------------------------------------------------------
    def classification(self, row: TableRow) -> tuple[ConceptRef | None, ConceptRef | None]:
        refs = self.printed_classification(row)
        if not row.code_completed:
            return refs
        # printed by level: the levels above its own part are the rows above's, and the data says so
        return tuple(r and replace(r, discrepancies=(*r.discrepancies, COMPLETED)) for r in refs)  # type: ignore[return-value]

    def printed_classification(self, row: TableRow) -> tuple[ConceptRef | None, ConceptRef | None]:
        if row.code is None:
            return None, None
        codes = self.economics if row.code_scheme == "economic" else self.functions
        label = row.label.rsplit("/", 1)[-1]
        ref = codes.resolve_code(row.code, label)
        if ref is None and len(row.code) not in _CODE_LENGTHS[codes.scheme]:
            # a misprinted code ("3012" for 30102): the label, under the code's 类, decides
            parent = row.code[:3]
            found = codes.match(label, codes.descendants(parent)) if codes.get(parent) else None
            if found is not None:
                ref = codes.ref(found[0], label, found[1] * 0.9, "code-malformed")
            self.warn(
                "table-code-malformed",
                f"code {row.code} ({label}) is not a well-formed {codes.scheme} classification code"
                + (f"; read as {ref.code} {ref.national_label}" if ref else ""),
                row,
            )
        elif ref is None:
            # a well-formed code our national list lacks: keep the code as printed, say so
            ref = ConceptRef(codes.scheme, row.code, label, None, 1.0, ("not-in-national-list",))
            if row.code in self.warned:
                return (ref, None) if codes.scheme == "function" else (None, ref)
            self.warned.add(row.code)
            self.warn(
                "table-code-unknown",
                f"code {row.code} ({label}) is not in the national {codes.scheme} list known here",
                row,
            )
        if ref is None:
            return None, None
        return (ref, None) if codes.scheme == "function" else (None, ref)

    def label_meaning(self, label: str, side: str | None, carry: str | None, after_carry: bool) -> _Meaning:
        bare = _NUMBERED.sub("", label)
        meaning = _Meaning()
        numbered = bare != label
        if side == "expenditure" and numbered:
            top = self.functions.resolve_top(bare)
            if top is not None:
                meaning.function = replace(top, wording=label)  # the line as printed
                meaning.item = "expenditure"
                return meaning
        if self.role == "procurement":
            meaning.item = _first(_PROCUREMENT_ROWS, bare)
            if meaning.item is None and _PROCUREMENT_AMOUNT.fullmatch(bare):
                return meaning  # 政府采购合同金额 over 合计 | 货物 | 工程 | 服务: the columns name the kind
            if meaning.item is None and bare:
                meaning.item, meaning.stated_label = "unmapped", label
            return meaning
        if (
            self.role in ("total", "appropriation_total")
            and side
            and after_carry
            and _GRAND_TOTAL.match(bare)
        ):
            meaning.item = f"total-{side}"  # 收入合计 under the carry-over lines: the grand total
            return meaning
        if re.fullmatch(r"总计", bare) and side is not None:
            meaning.item = f"total-{side}"
            return meaning
        if _TOTAL_ROW.match(bare):
            return meaning  # 合计 / 小计: the table's (or column's) own item
        carried = _first(_COLUMN_ITEMS[:2], bare)  # 年初财政拨款结转和结余
        if carried is not None:
            meaning.item, meaning.fund = carried, _first(_FUND_WORDS, bare)
            return meaning
        if self.role in ("total", "appropriation_total") and _SIDE_HEADS.fullmatch(bare):
            meaning.item = "income" if "收入" in bare else "expenditure"  # 一、本年收入 over its funds
            return meaning
        lex = _lexicon(bare)
        if lex is not None:
            item = lex.items[0] if len(lex.items) == 1 else (f"total-{side}" if side else lex.items[0])
            meaning.item = item
            meaning.fund = lex.fund
            meaning.nature = lex.nature if lex.nature != ALL else None
            if self.role in ("total", "appropriation_total") and numbered and carry and lex.fund:
                meaning.item = carry  # 年初结转和结余 broken down by fund on the lines under it
            return meaning
        fund = _first(_FUND_WORDS, bare)
        if fund is not None:
            meaning.fund = fund
            if self.role in ("total", "appropriation_total"):
                meaning.item = carry if (numbered and carry) else (side or "income")
            return meaning
        if self.role == "three_public":
            meaning.item = _first(_THREE_PUBLIC_ITEMS, bare)
            if meaning.item:
                return meaning
        if STATISTIC_ROW.fullmatch(bare):
            return meaning  # 预算数 / 2018年决算数: the statistic of the column's item (``cell``)
        if bare:
            meaning.stated_label = label
        return meaning

    def row_meaning(self, row: TableRow, side: str | None, carry: str | None, after_carry: bool) -> _Meaning:
        label = re.sub(r"\s+", "", row.label)
        if id(row) in self.subtotals:  # a 类's 小计 beside the table's 合计 (``converter.parse.subtotals``)
            of = self.subtotals[id(row)]
            if of is None:
                return _Meaning(item="unmapped", stated_label=row.label)
            refs = [r and replace(r, discrepancies=(*r.discrepancies, SUBTOTAL)) for r in self.refs_of(of)]
            return _Meaning(function=refs[0], economic=refs[1])
        function, economic = self.classification(row)
        if function or economic:
            return _Meaning(function=function, economic=economic)
        if row.code is not None:
            return _Meaning(stated_label=row.label)
        named = self.named.get(id(row))
        if named is not None:  # a table printing no code: the row's name and the rows above it give one
            return _Meaning(function=named) if named.scheme == "function" else _Meaning(economic=named)
        if id(row) in self.uncoded_lines:  # a line of the classification, its code unread: no known item
            return _Meaning(item="unmapped", stated_label=row.label)
        parts = [p for p in label.split("/") if p]
        if len(parts) <= 1:
            return self.label_meaning(label, side, carry, after_carry)
        # parent/child over several label columns: the parent gives the context, a child that names
        # something known refines it; a child naming nothing known is a detail of the parent
        meaning = self.label_meaning(parts[0], side, carry, after_carry)
        for child in parts[1:]:
            bare = _NUMBERED.sub("", child)
            if _TOTAL_ROW.match(bare) or bare == _NUMBERED.sub("", parts[0]):
                continue
            sub = self.label_meaning(child, side, carry, after_carry)
            if sub.fund == "appropriation" and meaning.fund in _APPROPRIATION_FUNDS:
                sub.fund = None  # "公共财政拨款(补助)资金" under 一般公共预算资金 names no other fund
            adds = (
                (sub.item and sub.item != (meaning.item or self.defaults[0]))
                or (sub.fund and sub.fund != meaning.fund)
                or (sub.nature and sub.nature != meaning.nature)
                or sub.function
            )
            if sub.stated_label is None and adds:
                meaning = _Meaning(
                    item=sub.item or meaning.item,
                    fund=sub.fund or meaning.fund,
                    nature=sub.nature or meaning.nature,
                    function=sub.function,
                )
            else:
                meaning = replace(meaning, item="unmapped", stated_label=row.label)
        return meaning

    # --- cells -----------------------------------------------------------------------------------
    def read(self) -> None:
        carry: dict[int, str | None] = {}
        after_carry: dict[int, bool] = {}
        # a 收支总表 of one column group prints its expenditure side below its income side
        stacked = self.role in ("total", "appropriation_total") and {r.group for r in self.table.rows} == {0}
        below_income = False
        for row in self.table.rows:
            if _CARRY_ROWS.search(row.label) and "非财政拨款结余" not in row.label:
                # printed or blank, the carry-over lines come before the grand total
                after_carry[row.group] = True
            if not row.cells:
                continue
            if _GARBLED.search(row.label):
                self.warn("table-row-garbled", f"row “{row.label}” runs two lines together; not read", row)
                continue
            cells = self.cells_of(row)
            if not cells:
                continue
            sides = {_side(column or "", row.group, self.role) for column, _, _ in cells}
            side = next(iter(sides)) if len(sides) == 1 else None
            if stacked and below_income and side == "income":
                side = "expenditure"
            if stacked and _INCOME_END.match(_NUMBERED.sub("", row.label).strip()):
                below_income = True
                if side == "expenditure":
                    side = "income"  # the line itself closes the income side
            meaning = self.row_meaning(row, side, carry.get(row.group), after_carry.get(row.group, False))
            if meaning.item in ("opening-carry-over", "closing-carry-over"):
                carry[row.group] = meaning.item
            elif meaning.item and meaning.item.startswith("total-"):
                carry[row.group] = None
            for column, value, how in cells:
                self.cell(row, meaning, column, value, how)
        if self.table.unit_inferred and self.figures:
            self.warn(
                "table-unit-inferred",
                f"no 单位 line: amounts read in {self.table.unit}, the unit of the tables next to it",
                self.table.rows[0],
            )
        if self.unplaced:
            row, how = self.unplaced[0]
            rows = len({id(r) for r, _ in self.unplaced})
            what = "row and column" if how == "unknown-row" else "column"
            self.warn(
                "table-column-inferred",
                f"{len(self.unplaced)} number(s) in {rows} row(s) of text whose {what} the table's arithmetic "
                "does not decide: published under the table's title with the column left open",
                row,
            )

    def cells_of(self, row: TableRow) -> list[tuple[str | None, object, str | None]]:
        """(column path or None, value, how the column was inferred) for each printed number."""
        if not self.table.positional:
            return [(column, value, None) for column, value in row.cells.items()]
        out: list[tuple[str | None, object, str | None]] = []
        for key in sorted(row.cells, key=lambda k: int(k[1:]) if k[1:].isdigit() else 0):
            column, how = row.placed.get(key, (None, "unknown"))
            if column is None:
                self.unplaced.append((row, how))
            out.append((column, row.cells[key], how))
        return out

    def cell(self, row: TableRow, row_meaning: _Meaning, column: str | None, value, how: str | None) -> None:
        table = self.table
        text = value.text.strip()
        if not text or text in BLANK_MARKS:
            return
        segments = [s for s in (column or "").split("/") if s and not s.startswith("#")]
        row_statistic = re.sub(r"\s+", "", row.label)
        if not STATISTIC_ROW.fullmatch(row_statistic):
            row_statistic = ""
        statistic, measure = heading_statistic(
            [*segments, row_statistic] if row_statistic else segments, self.phase
        )
        col = _column_meaning(self.role, segments, self.combined)
        read = cell_number(text, measure is Measure.PERCENT, measure is Measure.AMOUNT)
        if read is None:
            self.warn(
                "table-cell-unreadable", f"“{value.text}” in {self.locator(row, column)} is not a number", row
            )
            return
        number, percent, cell_unit = read
        measure = Measure.PERCENT if percent else measure
        default_item, default_fund, default_nature = self.defaults
        # item: a column naming its item (三公, 结转结余 columns) > the row > the table
        if self.role in ("total", "appropriation_total"):
            col.item = None  # 本年收入 / 本年支出 over the columns name the two sides, not items
        item = col.item or row_meaning.item or default_item
        stated_label = row_meaning.stated_label or col.stated_label
        classified = row_meaning.function is not None or row_meaning.economic is not None
        if self.role == "other":
            # a table the template does not know: every cell is published with its own wording only
            item, stated_label = "unmapped", "/".join(x for x in (row.label, column) if x) or table.title
        if (
            row_meaning.item == "unmapped"
            or item is None
            or col.stated_label
            or (stated_label and not classified)
        ):
            # a row or column of no known item ("其中：教育收费", a detail line): its wording says what it is
            item, stated_label = "unmapped", stated_label or row.label or column or table.title
        if (
            row_meaning.function is not None
            and item not in ("expenditure", "income", "unmapped")
            and not col.item
        ):
            item = "expenditure"
        fund = col.fund or row_meaning.fund or default_fund
        nature = col.nature or row_meaning.nature or default_nature
        if item in _THREE_PUBLIC_CODES:
            fund = fund if fund == "government-fund" else "appropriation"
            nature = ALL
        if item in (
            "agency-operating-costs",
            "meeting-expenses",
            "training-expenses",
            "three-public-meetings-training",
        ):
            fund, nature = ALL, ALL
        if item.startswith(("total-", "opening-", "closing-", "use-of-", "balance-")):
            nature = ALL
        if column is None:
            # the column is open: the figure stays under its row and table, of no known item
            item, statistic = "unmapped", "level"
            stated_label = row.label or table.title
        elif statistic in CHANGES and self.change_against_budget:
            # 预算数 | 决算数 | 增减额: the accounts against the budget, no change against the year before
            item, statistic = "unmapped", "level"
            stated_label = "/".join(x for x in (row.label, column) if x)
        heading_unit = HEADING_UNIT.search(column or "")
        unit = cell_unit or (heading_unit and money_unit(heading_unit.group(1))) or table.unit or "元"
        if measure is Measure.AMOUNT:
            amount = to_yuan(number, unit) if money_unit(unit) else number
            stated_unit = unit
        elif measure is Measure.COUNT:
            count_unit = COUNT_UNIT.search(column or "")
            amount, stated_unit = number, count_unit.group(1) if count_unit else None
        else:
            amount, stated_unit = number, "%"
        start, end = value.start, value.end
        if start is None or end is None:
            start = row.label_start if row.label_start is not None else table.start
            end = row.label_end if row.label_end is not None else start
        self.figures.append(
            Figure(
                item=item,
                statistic=statistic,
                measure=measure,
                value=Decimal(amount),
                span=Span(
                    start,
                    end,
                    self.doc.text[start:end],
                    value.page if value.page is not None else row.page,
                    self.locator(row, column),
                ),
                stated_text=value.text,
                stated_unit=stated_unit,
                fund=fund,
                nature=nature,
                function=row_meaning.function,
                economic=row_meaning.economic,
                stated_label=stated_label if item == "unmapped" else None,
                anchor=start if item == "unmapped" else None,
                table=table.kind_key,
                column=column,
                column_inference=how,
                computed_from=value.formula,
            )
        )
        if row_statistic:
            of_year_before(self.figures[-1], row_statistic, self.year)

    def locator(self, row: TableRow, column: str | None) -> str:
        label = row.label or "(无行名)"
        if row.code and row.code not in label:
            label = f"{row.code} {label}"
        return f"{self.table.title} / {label} / {column or '(列未定)'}"

    def warn(self, code: str, message: str, row: TableRow) -> None:
        span = None
        if row.label_start is not None and row.label_end is not None:
            span = Span(
                row.label_start,
                row.label_end,
                self.doc.text[row.label_start : row.label_end],
                row.page,
                self.table.title,
            )
        self.warnings.append(ParseWarning(code, f"{self.table.title}: {message}", span))


def figures_from_tables(
    doc: ReadDocument, tables: list[StandardTable], fiscal_year: int, phase: str
) -> tuple[list[Figure], list[ParseWarning]]:
    """Every non-empty cell of ``tables`` as a Figure, in table order, with the warnings met.

    ``phase`` ("final"/"budget") decides what a plain 预算数 column means: the level of a budget, the
    initial budget of final accounts. ``fiscal_year`` is the report's year (columns naming another year,
    e.g. "2023年预算数", are previous-year figures).
    """
    phase = {"决算": "final", "预算": "budget"}.get(str(phase), str(phase))
    figures: list[Figure] = []
    warnings: list[ParseWarning] = []
    warned: set[str] = set()
    for table in tables:
        reader = _TableReader(doc, table, phase, warned, fiscal_year)
        reader.read()
        for figure in reader.figures:
            of_year_before(figure, figure.column or "", fiscal_year)
        rounded_in_wan(reader.figures)
        figures.extend(reader.figures)
        warnings.extend(reader.warnings)
    return figures, warnings
