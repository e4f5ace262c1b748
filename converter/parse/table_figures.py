"""Standard tables -> figures: every non-empty cell of every standard table is one Figure.

What a cell means comes from three places, most specific first:

* the column path (``"支出/一般公共预算财政拨款"``, ``"公务用车购置及运行费/公务用车购置费/预算数"``):
  fund source, expenditure nature, statistic (决算数 / 预算数 / 年初预算数 / 上年预算数 ...), and in the
  三公 and 政府性基金 tables the item itself;
* the row: a 功能分类 or 经济分类 code (resolved to the national concept, the document's wording kept),
  or a label read with the template's vocabulary (``converter.parse.lexicon``): 本年收入合计, 年初结转和结余,
  总计, 人员经费合计 ...; on the 支出 side of the 总表 a numbered 类 row (``八、社会保障和就业支出``) is a
  function class;
* the table itself: its kind gives the default item (收入 -> income, 支出 -> expenditure) and fund
  (财政拨款 tables -> appropriation, 一般公共预算 tables -> general-public-budget ...).

Amounts are exact (``Decimal``) and converted from the table's unit to yuan. A blank cell gives no figure;
a printed ``0`` / ``0.00`` is a stated zero and does. Knows the template, not RDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from converter.model import ALL, ConceptRef, Figure, Measure, ParseWarning, Span
from converter.parse import lexicon
from converter.parse.amounts import AmountError, parse_number, to_yuan
from converter.parse.tables import StandardTable, TableRow
from converter.read.types import ReadDocument
from converter.resolve.classification import economic_classification, function_classification

__all__ = ["figures_from_tables", "TABLE_DEFAULTS"]

# kind (without phase) -> (default item, default fund, default nature)
TABLE_DEFAULTS: dict[str, tuple[str | None, str, str]] = {
    "total": (None, ALL, ALL),
    "income": ("income", ALL, ALL),
    "expenditure": ("expenditure", ALL, ALL),
    "appropriation_total": (None, "appropriation", ALL),
    "general_expenditure": ("expenditure", "general-public-budget", ALL),
    "general_function": ("expenditure", "general-public-budget", ALL),
    "general_basic": ("expenditure", "general-public-budget", "basic"),
    "three_public": ("three-public-expenses", "appropriation", ALL),
    "government_fund": ("expenditure", "government-fund", ALL),
    "state_capital": ("expenditure", "state-capital", ALL),
    "procurement": ("procurement", ALL, ALL),
}

# Column layouts of tables read from plain text, where a row only gives its numbers in order. A row is
# mapped only when it gives every column (else it is ambiguous which columns were left blank), except
# its first number, which is always the total column.
POSITIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "final.income": (
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ),
    "final.expenditure": (
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ),
    "final.general_expenditure": ("合计", "基本支出", "项目支出"),
    "final.general_basic": ("决算数",),
    "budget.income": ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"),
    "budget.expenditure": ("合计", "基本支出", "项目支出"),
    "budget.general_function": ("合计", "基本支出", "项目支出"),
    "budget.general_basic": ("合计", "人员经费", "公用经费"),
    "budget.government_fund": ("合计", "基本支出", "项目支出"),
    "budget.state_capital": ("合计", "基本支出", "项目支出"),
}

# Words of a column path that state the statistic; tried in order on each path segment.
_STATISTICS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"上年(预算|决算|执行)"), "previous-year-level"),
    (re.compile(r"完成率|完成(预算)?的?%"), "completion-rate"),
    (re.compile(r"执行率"), "execution-rate"),
    (re.compile(r"占比|比重"), "share"),
    (re.compile(r"增减率|增长率|增幅|增减%|增长%"), "increase-percent"),
    (re.compile(r"增减额?|变动"), "change-amount"),
    (re.compile(r"年初预算"), "initial-budget"),
    (re.compile(r"(调整|全年)预算"), "full-year-budget"),
    (re.compile(r"决算"), "level"),
    (re.compile(r"预算数|^预算$"), None),  # the phase decides: budget -> level, final -> initial-budget
)

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
    (re.compile(r"三公"), "three-public-expenses"),
)

# Fund sources a column or row may name beyond the lexicon's full phrases ("1. 一般公共预算资金").
_FUND_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"一般公共预算"), "general-public-budget"),
    (re.compile(r"政府性基金"), "government-fund"),
    (re.compile(r"国有资本经营"), "state-capital"),
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
    (re.compile(r"对附属单位补助"), "subsidy-to-affiliates"),
)
# Items a column of the 收支 tables names (政府性基金 / 国有资本经营 收入支出决算表 are laid out by column).
_COLUMN_ITEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"年初.*结转和?结余"), "opening-carry-over"),
    (re.compile(r"年末.*结转和?结余"), "closing-carry-over"),
    (re.compile(r"^本年收入"), "income"),
    (re.compile(r"^本年支出"), "expenditure"),
)
_CODE_LENGTHS = {"function": (3, 5, 7), "economic": (3, 5)}
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|\d+[.．、]\s*|[（(][一二三四五六七八九十\d]+[)）])\s*"
)
_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)$")
_GARBLED = re.compile(r"\d[\d,]{3,}")  # a label holding an amount: two text rows run together
_DASHES = {"-", "—", "－", "--", "——", "/", "…"}


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


def _side(column: str, group: int, kind: str) -> str | None:
    """'income' or 'expenditure' for the two halves of the 收支总表, from the column path."""
    head = column.split("/", 1)[0]
    if "收入" in head:
        return "income"
    if "支出" in head:
        return "expenditure"
    if kind in ("total", "appropriation_total"):
        return "income" if group == 0 else "expenditure"
    return None


def _statistic(segments: list[str], phase: str) -> tuple[str, Measure]:
    measure = (
        Measure.PERCENT if any("%" in s or "率" in s or "占比" in s for s in segments) else Measure.AMOUNT
    )
    for segment in reversed(segments):
        for pattern, statistic in _STATISTICS:
            if pattern.search(segment):
                if statistic is None:
                    statistic = "level" if phase == "budget" else "initial-budget"
                return statistic, measure
    return "level", measure


def _column_meaning(kind: str, segments: list[str]) -> _Meaning:
    meaning = _Meaning()
    for k, segment in enumerate(segments):
        if kind == "three_public":
            item = _first(_THREE_PUBLIC_ITEMS, segment)
            if item is None and _TOTAL_ROW.match(segment) and k > 0:
                item = meaning.item  # 小计 under 公务用车购置及运行费
            elif item is None and re.fullmatch(r"合\s*计", segment):
                item = "three-public-expenses"
            if item is not None:
                meaning.item = item
            continue
        item = _first(_COLUMN_ITEMS, segment)
        if item is not None:
            meaning.item = item
        fund = _first(_FUND_WORDS, segment)
        if fund is not None:
            meaning.fund = fund
        nature = _first(_NATURE_WORDS, segment)
        if nature is not None:
            meaning.nature = nature
    return meaning


class _TableReader:
    def __init__(self, doc: ReadDocument, table: StandardTable, phase: str, warned: set[str]) -> None:
        self.warned = warned  # codes already reported for this document
        self.doc = doc
        self.table = table
        self.phase = phase
        self.kind = table.kind_key.split(".", 1)[1]
        self.defaults = TABLE_DEFAULTS.get(self.kind, (None, ALL, ALL))
        self.figures: list[Figure] = []
        self.ambiguous: list[TableRow] = []
        self.unplaced: list[TableRow] = []  # text rows whose blank columns cannot be placed
        self.warnings: list[ParseWarning] = []
        self.functions = function_classification()
        self.economics = economic_classification()

    # --- rows ------------------------------------------------------------------------------------
    def classification(self, row: TableRow) -> tuple[ConceptRef | None, ConceptRef | None]:
        if row.code is None:
            return None, None
        codes = self.economics if row.code_scheme == "economic" else self.functions
        ref = codes.resolve_code(row.code, row.label)
        if ref is None and len(row.code) not in _CODE_LENGTHS[codes.scheme]:
            # a misprinted code ("3012" for 30102): the label, under the code's 类, decides
            parent = row.code[:3]
            found = codes.match(row.label, codes.descendants(parent)) if codes.get(parent) else None
            if found is not None:
                ref = codes.ref(found[0], row.label, found[1] * 0.9, "code-malformed")
            self.warn(
                "table-code-malformed",
                f"code {row.code} ({row.label}) is not a well-formed {codes.scheme} classification code"
                + (f"; read as {ref.code} {ref.national_label}" if ref else ""),
                row,
            )
        elif ref is None:
            # a well-formed code our national list lacks: keep the code as printed, say so
            ref = ConceptRef(codes.scheme, row.code, row.label, None, 1.0, ("not-in-national-list",))
            if row.code in self.warned:
                return (ref, None) if codes.scheme == "function" else (None, ref)
            self.warned.add(row.code)
            self.warn(
                "table-code-unknown",
                f"code {row.code} ({row.label}) is not in the national {codes.scheme} list known here",
                row,
            )
        if ref is None:
            return None, None
        return (ref, None) if codes.scheme == "function" else (None, ref)

    def row_meaning(self, row: TableRow, side: str | None, carry: str | None) -> _Meaning:
        label = re.sub(r"\s+", "", row.label)
        bare = _NUMBERED.sub("", label)
        meaning = _Meaning()
        function, economic = self.classification(row)
        if function or economic:
            meaning.function, meaning.economic = function, economic
            return meaning
        if row.code is not None:
            meaning.stated_label = row.label
            return meaning
        numbered = bare != label
        if side == "expenditure" and numbered:
            top = self.functions.resolve_top(bare)
            if top is not None:
                meaning.function = replace(top, wording=row.label)  # the line as printed
                meaning.item = "expenditure"
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
        lex = _lexicon(bare)
        if lex is not None:
            item = lex.items[0] if len(lex.items) == 1 else (f"total-{side}" if side else lex.items[0])
            meaning.item = item
            meaning.fund = lex.fund
            meaning.nature = lex.nature if lex.nature != ALL else None
            if self.kind in ("total", "appropriation_total") and numbered and carry and lex.fund:
                meaning.item = carry  # 年初结转和结余 broken down by fund on the lines under it
            return meaning
        fund = _first(_FUND_WORDS, bare)
        if fund is not None:
            meaning.fund = fund
            if self.kind in ("total", "appropriation_total"):
                meaning.item = carry if (numbered and carry) else (side or "income")
            return meaning
        if self.kind == "three_public":
            meaning.item = _first(_THREE_PUBLIC_ITEMS, bare)
            if meaning.item:
                return meaning
        if bare and not _TOTAL_ROW.match(bare):
            meaning.stated_label = row.label
        return meaning

    # --- cells -----------------------------------------------------------------------------------
    def read(self) -> None:
        table = self.table
        carry: dict[int, str | None] = {}
        for row in table.rows:
            if not row.cells:
                continue
            if _GARBLED.search(row.label):
                self.warn("table-row-garbled", f"row “{row.label}” runs two lines together; not read", row)
                continue
            cells = self.cells_of(row)
            if not cells:
                continue
            sides = {_side(column, row.group, self.kind) for column, _ in cells}
            side = next(iter(sides)) if len(sides) == 1 else None
            meaning = self.row_meaning(row, side, carry.get(row.group))
            if meaning.item in ("opening-carry-over", "closing-carry-over"):
                carry[row.group] = meaning.item
            elif meaning.item and meaning.item.startswith("total-"):
                carry[row.group] = None
            for column, value in cells:
                self.cell(row, meaning, column, value)
        if self.ambiguous:
            layout = POSITIONAL_COLUMNS[table.kind_key]
            self.warn(
                "table-positional",
                f"{len(self.ambiguous)} text row(s) give fewer numbers than the {len(layout)} columns "
                f"({'/'.join(layout)}): only the first ({layout[0]}) is placed",
                self.ambiguous[0],
            )

    def cells_of(self, row: TableRow) -> list[tuple[str, object]]:
        if not self.table.positional:
            return list(row.cells.items())
        layout = POSITIONAL_COLUMNS.get(self.table.kind_key)
        if layout is None:
            if not self.unplaced:
                self.warn(
                    "table-positional", "columns of this table are not known in text input; not read", row
                )
            self.unplaced.append(row)
            return []
        values = [row.cells[k] for k in sorted(row.cells, key=lambda k: int(k[1:]))]
        if len(values) == len(layout):
            return list(zip(layout, values, strict=True))
        if len(values) > 1:
            self.ambiguous.append(row)
        return [(layout[0], values[0])]

    def cell(self, row: TableRow, row_meaning: _Meaning, column: str, value) -> None:
        table = self.table
        text = value.text.strip()
        if not text or text in _DASHES:
            return
        segments = [s for s in column.split("/") if s and not s.startswith("#")]
        statistic, measure = _statistic(segments, self.phase)
        col = _column_meaning(self.kind, segments)
        if text.endswith("%"):
            measure, text = Measure.PERCENT, text[:-1]
        negative = text.startswith(("(", "（")) and text.endswith((")", "）"))
        try:
            number = parse_number(text.strip("()（）").replace("−", "-").replace("，", ","))
        except AmountError:
            self.warn(
                "table-cell-unreadable", f"“{value.text}” in {self.locator(row, column)} is not a number", row
            )
            return
        if negative:
            number = -number
        default_item, default_fund, default_nature = self.defaults
        # item: a column naming its item (三公, 结转结余 columns) > the row > the table
        if self.kind in ("total", "appropriation_total"):
            col.item = None  # 本年收入 / 本年支出 over the columns name the two sides, not items
        item = col.item or row_meaning.item or default_item
        stated_label = row_meaning.stated_label
        if item is None:
            item, stated_label = "unmapped", row.label or column
        if row_meaning.function is not None and item not in ("expenditure", "income") and not col.item:
            item = "expenditure"
        fund = col.fund or row_meaning.fund or default_fund
        nature = col.nature or row_meaning.nature or default_nature
        if item in (
            "three-public-expenses",
            "overseas-travel",
            "official-vehicles",
            "vehicle-purchase",
            "vehicle-operation",
            "official-reception",
            "domestic-reception",
            "foreign-reception",
        ):
            fund = "appropriation" if fund == ALL else fund
            nature = ALL
        if item == "agency-operating-costs":
            fund, nature = ALL, ALL
        if item.startswith(("total-", "opening-", "closing-", "use-of-", "balance-")):
            nature = ALL
        unit = table.unit or "元"
        if measure is Measure.AMOUNT:
            amount = to_yuan(number, unit) if unit in ("元", "万元", "亿元") else number
            stated_unit = unit
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
                stated_label=stated_label if item == "unmapped" or stated_label else None,
                table=table.kind_key,
                column=column,
            )
        )

    def locator(self, row: TableRow, column: str) -> str:
        label = row.label or "(无行名)"
        if row.code and row.code not in label:
            label = f"{row.code} {label}"
        return f"{self.table.title} / {label} / {column}"

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
        reader = _TableReader(doc, table, phase, warned)
        reader.read()
        for figure in reader.figures:
            year = re.search(r"((?:19|20)\d{2})年", figure.column or "")
            if (
                year
                and int(year.group(1)) == fiscal_year - 1
                and figure.statistic in ("level", "initial-budget")
            ):
                figure.statistic = "previous-year-level"
                figure.comparison_year = fiscal_year - 1
        figures.extend(reader.figures)
        warnings.extend(reader.warnings)
    return figures, warnings
