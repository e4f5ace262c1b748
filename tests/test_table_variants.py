"""The standard tables as other provinces, levels and years print them: each case is the national
template's table (``*_BASE``) varied in ONE way real publications vary it, and must read to the same
figures under the same columns (plus the figures the variant adds), with no finding the document does
not deserve. One page builder; the cases are data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from converter.pipeline import convert_files

Cell = str | tuple  # text, or (text, colspan, rowspan)


def _cell(c: Cell) -> str:
    if isinstance(c, tuple):
        text, span, down = (*c, 1, 1)[:3]
        return f'<td colspan="{span}" rowspan="{down}">{text}</td>'
    return f"<td>{c}</td>"


def _grid(header: list[list[Cell]], rows: list[list[Cell]]) -> str:
    lines = "\n".join("<tr>" + "".join(_cell(c) for c in r) + "</tr>" for r in [*header, *rows])
    return f'<table border="1">\n{lines}\n</table>'


def page(title: str, unit: str, *grids: tuple[list[list[Cell]], list[list[Cell]]]) -> str:
    unit_line = f"<p>单位：{unit}</p>" if unit else ""
    tables = "\n".join(_grid(h, r) for h, r in grids)
    return (
        '<html><head><meta charset="utf-8"><title>某县审计局2018年度部门决算</title></head><body>\n'
        f"<p>某县审计局2018年度部门决算</p><p>{title}</p>{unit_line}\n{tables}\n</body></html>"
    )


def _blanks(rows: list[list[Cell]], mark: str, first: int) -> list[list[Cell]]:
    return [r[:first] + [mark if c == "" else c for c in r[first:]] for r in rows]


Key = tuple[str, str, str, str | None]  # item, fund, nature, code


def _read(tmp_path, html: str, *, audit: bool = False) -> tuple[dict[Key, tuple[Decimal, str | None]], list]:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    figures: dict[Key, tuple[Decimal, str | None]] = {}
    for f in result.converted[0].report.figures:
        code = f.function.code if f.function else f.economic.code if f.economic else None
        item = f"unmapped:{f.stated_label}:{f.column}" if f.item == "unmapped" else f.item
        key = (item if f.statistic == "level" else f"{item}@{f.statistic}", f.fund, f.nature, code)
        assert key not in figures, key
        figures[key] = (f.value, f.column)
    violations = []
    if audit:
        from converter.uris import DEFAULT_BASE
        from converter.validate import validate_graph

        outcome = validate_graph(result.converted[0].graph, DEFAULT_BASE)
        violations = [(f.rule, f.message) for f in outcome.findings if f.severity == "Violation"]
    return figures, violations


# ---------------------------------------------------------------- 一般公共预算财政拨款支出决算表
GE_TITLE = "一般公共预算财政拨款支出决算表"
GE_ROWS: list[list[Cell]] = [
    ["", "合计", "150.00", "130.00", "20.00"],
    ["201", "一般公共服务支出", "100.00", "80.00", "20.00"],
    ["20108", "审计事务", "100.00", "80.00", "20.00"],
    ["2010801", "行政运行", "80.00", "80.00", ""],
    ["2010804", "审计业务", "20.00", "", "20.00"],
    ["208", "社会保障和就业支出", "50.00", "50.00", ""],
    ["20805", "行政事业单位养老支出", "50.00", "50.00", ""],
    ["2080505", "机关事业单位基本养老保险缴费支出", "50.00", "50.00", ""],
]
GE_HEADER: list[list[Cell]] = [
    [("项目", 2), ("本年支出", 3)],
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    [("栏次", 2), "1", "2", "3"],
]
_GE_COLUMNS = {"all": "本年支出/合计", "basic": "本年支出/基本支出", "project": "本年支出/项目支出"}
GE_BASE: dict[Key, tuple[Decimal, str | None]] = {
    ("expenditure", "general-public-budget", nature, code or None): (
        Decimal(text) * 10000,
        _GE_COLUMNS[nature],
    )
    for code, _, *amounts in GE_ROWS
    for nature, text in zip(("all", "basic", "project"), amounts, strict=True)
    if text
}


def _ge_with_remark(word: str, text: str) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """A 备注 / 说明 column after the amounts, its heading merged down the header's rows."""
    header = [[*GE_HEADER[0], (word, 1, 3)], *GE_HEADER[1:]]
    return header, [[*r, text if r[0] == "2010804" else ""] for r in GE_ROWS]


GE_CASES: dict[str, tuple[tuple[list[list[Cell]], list[list[Cell]]], str]] = {
    "national": ((GE_HEADER, GE_ROWS), "万元"),
    # 备注 merged down over the 栏次 row: before, that row was taken for part of the header's words
    # (every column's path ended in 1, 2 … or 栏次, the code and name columns were skipped, the rows
    # lost their codes and the audit saw every 类 disagree with the 合计: cross-source Violations)
    "备注-column": (_ge_with_remark("备注", "含审计专项经费"), "万元"),
    "说明-column": (_ge_with_remark("说明", "据实列支"), "万元"),
    # a number in the 备注 column: before, read as an amount under 备注, stated against the row's 合计
    "备注-with-a-number": (_ge_with_remark("备注", "5.00"), "万元"),
    # 项目 merged over the code and name columns with no 科目编码 / 科目名称 under it: before, the codes
    # were read as amounts (201 万元 stated against the 合计: cross-source Violations) and the rows
    # had no code
    "项目-over-code-and-name": (
        ([[("项目", 2, 2), ("本年支出", 3)], ["合计", "基本支出", "项目支出"]], GE_ROWS),
        "万元",
    ),
    # 科目编码 over a cell 类款项 (the levels in one cell): before, the code column was taken for
    # amounts (201 万元 …, cross-source Violations against the 合计)
    **{
        f"{levels}-row": (
            (
                [
                    [("项目", 2), ("本年支出", 3)],
                    ["科目编码", "科目名称", ("合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2)],
                    [levels, ""],
                ],
                GE_ROWS,
            ),
            "万元",
        )
        for levels in ("类款项", "类 款 项")
    },
    # a 小计 line per 类, after its rows or heading them: before, each was read as the table's total
    # and stated against the 合计 (cross-source Violations)
    "小计-after-each-类": (
        (
            GE_HEADER,
            [
                *GE_ROWS[:5],
                ["", "小计", "100.00", "80.00", "20.00"],
                *GE_ROWS[5:],
                ["", "小计", "50.00", "50.00", ""],
            ],
        ),
        "万元",
    ),
    "小计-heading-each-类": (
        (
            GE_HEADER,
            [
                GE_ROWS[0],
                ["", "小计", "100.00", "80.00", "20.00"],
                *GE_ROWS[1:5],
                ["", "小计", "50.00", "50.00", ""],
                *GE_ROWS[5:],
            ],
        ),
        "万元",
    ),
    # a blank printed as a dash or a slash: before, the 项目支出 column (its heading holds 项目, and
    # not all its cells were numbers) was taken for a column of row labels and its figures lost
    **{
        f"blank-{mark}": ((GE_HEADER, _blanks(GE_ROWS, mark, 2)), "万元")
        for mark in ("-", "—", "－", "/", "——")
    },
}


@pytest.mark.parametrize("case", GE_CASES, ids=list(GE_CASES))
def test_general_expenditure_variants(tmp_path, case):
    grid, unit = GE_CASES[case]
    figures, violations = _read(tmp_path, page(GE_TITLE, unit, grid), audit=True)
    assert figures == GE_BASE
    assert not violations


# ---------------------------------------------------------------- 财政拨款“三公”经费支出决算表
TP_TITLE = "财政拨款“三公”经费支出决算表"
_TP_ITEMS = (
    ("合计", "three-public-expenses"),
    ("因公出国（境）费", "overseas-travel"),
    ("公务用车购置及运行费/小计", "official-vehicles"),
    ("公务用车购置及运行费/公务用车购置费", "vehicle-purchase"),
    ("公务用车购置及运行费/公务用车运行费", "vehicle-operation"),
    ("公务接待费", "official-reception"),
)
TP_HEADER: list[list[Cell]] = [
    [
        ("项目", 1, 2),
        ("合计", 1, 2),
        ("因公出国（境）费", 1, 2),
        ("公务用车购置及运行费", 3),
        ("公务接待费", 1, 2),
    ],
    ["小计", "公务用车购置费", "公务用车运行费"],
]
TP_LAST = ["11.00", "2.00", "6.00", "0.00", "6.00", "3.00"]
TP_THIS = ["10.00", "2.00", "5.50", "0.00", "5.50", "2.50"]


def test_a_row_naming_a_year_is_no_garbled_row(tmp_path):
    """Rows 2017年决算数 / 2018年决算数 under the six headings: before, the year in the label was taken for
    an amount run into it (two rows run together), every row was dropped and the page refused as one
    stating no figure."""
    rows = [["2017年决算数", *TP_LAST], ["2018年决算数", *TP_THIS]]
    figures, _ = _read(tmp_path, page(TP_TITLE, "万元", (TP_HEADER, rows)))
    assert len(figures) == 12


def _tp(rows: dict[str, list[str]], statistics: dict[str, str]) -> dict[Key, tuple[Decimal, str | None]]:
    """The figures of a 三公 table printing its six headings as columns and one row per statistic."""
    return {
        (
            item if statistics[label] == "level" else f"{item}@{statistics[label]}",
            "appropriation",
            "all",
            None,
        ): (
            Decimal(text) * 10000,
            column,
        )
        for label, amounts in rows.items()
        for (column, item), text in zip(_TP_ITEMS, amounts, strict=True)
    }


TP_ROWS_CASES = {
    # before: each row was of no known item, its label (预算数 / 决算数) its only wording
    "预算数-决算数": (
        {"预算数": TP_LAST, "决算数": TP_THIS},
        {"预算数": "initial-budget", "决算数": "level"},
    ),
    "决算数-only": ({"决算数": TP_THIS}, {"决算数": "level"}),
    # the year before's accounts beside this year's: the previous year's level
    "2017-2018": (
        {"2017年决算数": TP_LAST, "2018年决算数": TP_THIS},
        {"2017年决算数": "previous-year-level", "2018年决算数": "level"},
    ),
}


@pytest.mark.parametrize("case", TP_ROWS_CASES, ids=list(TP_ROWS_CASES))
def test_three_public_rows_naming_their_statistic(tmp_path, case):
    rows, statistics = TP_ROWS_CASES[case]
    grid = (TP_HEADER, [[label, *amounts] for label, amounts in rows.items()])
    figures, _ = _read(tmp_path, page(TP_TITLE, "万元", grid))
    assert figures == _tp(rows, statistics)


def test_a_year_heading_a_column_titles_nothing(tmp_path):
    """项目 | 2017年决算数 | 2018年决算数 | 增减额 | 增减%: before, the header line was read as a title naming
    2017 for a report of 2018 (a years-title Violation)."""
    rows = [
        ["合计", "11.00", "10.00", "-1.00", "-9.09"],
        ["因公出国（境）费", "2.00", "2.00", "0.00", "0.00"],
        ["公务用车购置及运行费", "6.00", "5.50", "-0.50", "-8.33"],
        ["公务接待费", "3.00", "2.50", "-0.50", "-16.67"],
    ]
    grid = ([["项目", "2017年决算数", "2018年决算数", "增减额", "增减%"]], rows)
    figures, violations = _read(tmp_path, page(TP_TITLE, "万元", grid), audit=True)
    assert figures[("official-reception@previous-year-level", "appropriation", "all", None)] == (
        Decimal("30000"),
        "2017年决算数",
    )
    assert figures[("official-reception", "appropriation", "all", None)] == (Decimal("25000"), "2018年决算数")
    assert not violations


@pytest.mark.parametrize("heading", ["本年支出（万元）", "本年支出(单位：万元)"])
def test_a_heading_stating_its_unit(tmp_path, heading):
    """No 单位 line, the unit in the heading over the amounts: before, the amounts were read in 元, ten
    thousand times too small."""
    grid = ([[("项目", 2), (heading, 3)], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]], GE_ROWS)
    figures, _ = _read(tmp_path, page(GE_TITLE, "", grid))
    assert {key: value for key, (value, _) in figures.items()} == {
        key: value for key, (value, _) in GE_BASE.items()
    }
    assert {column for _, column in figures.values()} == {
        f"{heading}/{leaf}" for leaf in ("合计", "基本支出", "项目支出")
    }


@pytest.mark.parametrize("heading", ["决算数为调整预算数的%", "决算数占年初预算数%"])
def test_a_column_of_the_accounts_as_a_share_of_the_budget(tmp_path, heading):
    """年初预算数 | 调整预算数 | 决算数 | 决算数为调整预算数的%: before, the last column was read as the level
    (决算), in %, stated against the 决算数 column's: cross-source Violations."""
    header = [["科目编码", "科目名称", "年初预算数", "调整预算数", "决算数", heading]]
    rows = [[*r[:2], r[2], r[2], r[2], "100.00"] for r in GE_ROWS]
    figures, violations = _read(tmp_path, page(GE_TITLE, "万元", (header, rows)), audit=True)
    assert figures[("expenditure@completion-rate", "general-public-budget", "all", "201")] == (
        Decimal("100.00"),
        heading,
    )
    assert figures[("expenditure", "general-public-budget", "all", "201")] == (Decimal("1000000"), "决算数")
    assert not violations


# ---------------------------------------------------------------- tables some provinces add
def test_a_procurement_table_with_its_budget_beside_its_contracts(tmp_path):
    """政府采购情况表: 项目 | 政府采购预算 | 政府采购合同金额. Before, both columns were read as the level,
    the budget stated against the contracts (cross-source Violations)."""
    rows = [
        ["合计", "50.00", "45.00"],
        ["货物", "30.00", "28.00"],
        ["工程", "", ""],
        ["服务", "20.00", "17.00"],
    ]
    grid = ([["项目", "政府采购预算", "政府采购合同金额"]], rows)
    figures, violations = _read(tmp_path, page("政府采购情况表", "万元", grid), audit=True)
    assert figures == {
        (f"{item}@initial-budget", "all", "all", None): (Decimal(budget) * 10000, "政府采购预算")
        for item, budget in (
            ("procurement", "50"),
            ("procurement-goods", "30"),
            ("procurement-services", "20"),
        )
    } | {
        (item, "all", "all", None): (Decimal(level) * 10000, "政府采购合同金额")
        for item, level in (
            ("procurement", "45"),
            ("procurement-goods", "28"),
            ("procurement-services", "17"),
        )
    }
    assert not violations


def test_an_assets_table_counts_are_no_money(tmp_path):
    """国有资产占用情况表: 项目 | 数量 | 金额 in 万元. Before, the count (2 辆) was read as 2万元 = 20000 元."""
    rows = [["资产总额", "", "500.00"], ["车辆", "2", "40.00"], ["房屋面积（平方米）", "1,200", ""]]
    path = tmp_path / "page.html"
    path.write_text(page("国有资产占用情况表", "万元", ([["项目", "数量", "金额"]], rows)), encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    read = {
        (f.stated_label, f.column): (f.value, f.measure.value) for f in result.converted[0].report.figures
    }
    assert read[("车辆", "数量")] == (Decimal("2"), "count")
    assert read[("房屋面积（平方米）", "数量")] == (Decimal("1200"), "count")
    assert read[("车辆", "金额")] == (Decimal("400000"), "amount")


def test_a_procurement_table_by_kind_in_columns(tmp_path):
    """政府采购合同金额 over 合计 | 货物 | 工程 | 服务, one row: before, every figure was of no known item,
    labelled 政府采购合同金额. A table of kinds in rows and funds in columns keeps its rows' kinds."""
    grid = ([[("政府采购合同金额", 4)], ["合计", "货物", "工程", "服务"]], [["45.00", "28.00", "", "17.00"]])
    figures, _ = _read(tmp_path, page("政府采购情况表", "万元", grid))
    assert figures == {
        ("procurement", "all", "all", None): (Decimal("450000"), "合计"),
        ("procurement-goods", "all", "all", None): (Decimal("280000"), "货物"),
        ("procurement-services", "all", "all", None): (Decimal("170000"), "服务"),
    }
    rows = [["合计", "45.00", "40.00", "5.00"], ["货物", "28.00", "25.00", "3.00"]]
    grid = ([["项目", "合计", "一般公共预算", "其他资金"]], rows)
    figures, _ = _read(tmp_path, page("政府采购情况表", "万元", grid))
    assert figures == {
        ("procurement", "all", "all", None): (Decimal("450000"), "合计"),
        ("procurement", "general-public-budget", "all", None): (Decimal("400000"), "一般公共预算"),
        ("procurement", "other", "all", None): (Decimal("50000"), "其他资金"),
        ("procurement-goods", "all", "all", None): (Decimal("280000"), "合计"),
        ("procurement-goods", "general-public-budget", "all", None): (Decimal("250000"), "一般公共预算"),
        ("procurement-goods", "other", "all", None): (Decimal("30000"), "其他资金"),
    }


# ---------------------------------------------------------------- every kind, varied the same ways
# Each standard table as the national template prints it (header rows, data rows, the first value
# column), read once as printed and once varied: the variant must read to the same figures under the
# same columns.
_IN_ROWS = [[*r[:2], r[2], r[2], "", "", "", "", ""] for r in GE_ROWS]
_TO_ROWS: list[list[Cell]] = [
    ["一、一般公共预算财政拨款收入", "1", "150.00", "一、一般公共服务支出", "32", "100.00"],
    ["二、政府性基金预算财政拨款收入", "2", "", "二、社会保障和就业支出", "33", "50.00"],
    ["本年收入合计", "3", "150.00", "本年支出合计", "34", "150.00"],
    ["年初结转和结余", "4", "5.00", "年末结转和结余", "35", "5.00"],
    ["总计", "5", "155.00", "总计", "36", "155.00"],
]
_GB_ROWS: list[list[Cell]] = [
    ["301", "工资福利支出", "100.00", "302", "商品和服务支出", "25.00"],
    ["30101", "基本工资", "60.00", "30201", "办公费", "15.00"],
    ["30102", "津贴补贴", "40.00", "30211", "差旅费", "10.00"],
    ["303", "对个人和家庭的补助", "10.00", "", "", ""],
    ["30302", "退休费", "10.00", "", "", ""],
    [("人员经费合计", 2), "110.00", ("公用经费合计", 2), "25.00"],
]
_GF_HEADER: list[list[Cell]] = [
    [("项目", 2), ("年初结转和结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3), ("年末结转和结余", 1, 2)],
    ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
]
_GF_ROWS: list[list[Cell]] = [
    ["", "合计", "", "20.00", "20.00", "", "20.00", ""],
    ["212", "城乡社区支出", "", "20.00", "20.00", "", "20.00", ""],
    ["21208", "国有土地使用权出让收入安排的支出", "", "20.00", "20.00", "", "20.00", ""],
    ["2120801", "征地和拆迁补偿支出", "", "20.00", "20.00", "", "20.00", ""],
]
KINDS: dict[str, tuple[str, list[list[Cell]], list[list[Cell]], int]] = {
    "一般公共预算支出": (GE_TITLE, GE_HEADER, GE_ROWS, 2),
    "收入": (
        "收入决算表",
        [
            [("项目", 2), *((w, 1, 2) for w in ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入"))]
            + [(w, 1, 2) for w in ("经营收入", "附属单位上缴收入", "其他收入")],
            ["科目编码", "科目名称"],
        ],
        _IN_ROWS,
        2,
    ),
    "支出": (
        "支出决算表",
        [
            [("项目", 2), *((w, 1, 2) for w in ("本年支出合计", "基本支出", "项目支出", "上缴上级支出"))]
            + [(w, 1, 2) for w in ("经营支出", "对附属单位补助支出")],
            ["科目编码", "科目名称"],
        ],
        [[*r, "", "", ""] for r in GE_ROWS],
        2,
    ),
    "收支总表": (
        "收入支出决算总表",
        [[("收入", 3), ("支出", 3)], ["项目", "行次", "金额", "项目", "行次", "金额"]],
        _TO_ROWS,
        2,
    ),
    "基本支出": (
        "一般公共预算财政拨款基本支出决算表",
        [[("人员经费", 3), ("公用经费", 3)], ["科目编码", "科目名称", "决算数"] * 2],
        _GB_ROWS,
        2,
    ),
    "三公": (TP_TITLE, TP_HEADER, [["决算数", *TP_THIS]], 1),
    "政府性基金": ("政府性基金预算财政拨款收入支出决算表", _GF_HEADER, _GF_ROWS, 2),
}


def _dash(rows: list[list[Cell]], first: int, mark: str) -> list[list[Cell]]:
    return [r if any(isinstance(c, tuple) for c in r) else _blanks(r and [r], mark, first)[0] for r in rows]


def _yuan(rows: list[list[Cell]]) -> list[list[Cell]]:
    def one(c: Cell) -> Cell:
        if isinstance(c, str) and "." in c and c.replace(".", "").isdigit():
            return f"{Decimal(c) * 10000:,.2f}"
        return c

    return [[one(c) for c in r] for r in rows]


def _variant(kind: str, how: str) -> str:
    title, header, rows, first = KINDS[kind]
    if how == "national":
        return page(title, "万元", (header, rows))
    if how == "合计-at-the-bottom":
        return page(title, "万元", (header, [*rows[1:], rows[0]]))
    if how.startswith("blank-"):
        return page(title, "万元", (header, _dash(rows, first, how[len("blank-") :])))
    if how == "in-元":
        return page(title, "元", (header, _yuan(rows)))
    if how == "split-in-two":
        return page(title, "万元", (header, rows[:2]), ([], rows[2:]))
    if how == "header-repeated":
        return page(title, "万元", (header, rows[:2]), (header, rows[2:]))
    raise AssertionError(how)


_VARIATIONS = (
    "合计-at-the-bottom",
    "blank--",
    "blank-—",
    "blank-/",
    "in-元",
    "split-in-two",
    "header-repeated",
)
_CASES = [
    (kind, how)
    for kind in KINDS
    for how in _VARIATIONS
    # a table whose first row is no 合计 has no 合计 to move
    if not (how == "合计-at-the-bottom" and kind in ("收支总表", "基本支出", "三公"))
]


@pytest.mark.parametrize(("kind", "how"), _CASES, ids=[f"{k}-{h}" for k, h in _CASES])
def test_each_kind_varied(tmp_path, kind, how):
    national, _ = _read(tmp_path, _variant(kind, "national"))
    assert national
    varied, _ = _read(tmp_path, _variant(kind, how))
    assert varied == national


@pytest.mark.parametrize("blank", ["", "-"])
def test_an_expenditure_table_with_no_project_expenditure(tmp_path, blank):
    """支出决算表 of a unit with no 项目支出 (its column blank) and 经营支出: before, the blank 项目支出 column
    (its heading holds 项目) was taken for row labels, the columns after it for another table printed
    beside it, and the 经营支出 figures lost their rows' codes (one figure of no code, or of no known item)."""
    title, header, _, _ = KINDS["支出"]
    rows = [[r[0], r[1], r[2], r[3], blank, "", r[4], ""] for r in GE_ROWS]
    figures, _ = _read(tmp_path, page(title, "万元", (header, rows)))
    business = {key[3]: value for key, (value, column) in figures.items() if key[2] == "business"}
    assert business == {
        None: Decimal("200000"),
        "201": Decimal("200000"),
        "20108": Decimal("200000"),
        "2010804": Decimal("200000"),
    }


def test_subtotals_of_a_table_printing_no_codes(tmp_path):
    """The same 小计 lines in a table printing no codes (its codes read from the names): before, each 小计
    was the table's total again, stated against the 合计 (cross-source Violations)."""
    subtotals = [
        *GE_ROWS[:5],
        ["", "小计", "100.00", "80.00", "20.00"],
        *GE_ROWS[5:],
        ["", "小计", "50.00", "50.00", ""],
    ]
    for rows in (GE_ROWS, subtotals):
        grid = ([["项目", "合计", "基本支出", "项目支出"]], [r[1:] for r in rows])
        figures, violations = _read(tmp_path, page(GE_TITLE, "万元", grid), audit=True)
        assert {key: value for key, (value, _) in figures.items()} == {
            key: value for key, (value, _) in GE_BASE.items()
        }
        assert not violations


def test_a_change_against_the_budget_is_no_change_against_the_year_before(tmp_path):
    """项目 | 预算数 | 决算数 | 增减额 | 增减%: the 增减 columns compare the accounts with the budget. Before,
    they were published as the change against the previous year (change-amount, increase-percent);
    now as figures of no known item, their wording kept. Beside 2017年决算数 they stay the change."""
    rows = [["合计", "12.00", "10.00", "-2.00", "-16.67"], ["公务接待费", "3.00", "2.50", "-0.50", "-16.67"]]
    grid = ([["项目", "预算数", "决算数", "增减额", "增减%"]], rows)
    figures, _ = _read(tmp_path, page(TP_TITLE, "万元", grid))
    assert not [key for key in figures if "@change-amount" in key[0] or "@increase-percent" in key[0]]
    assert figures[("unmapped:公务接待费/增减额:增减额", "appropriation", "all", None)] == (
        Decimal("-5000"),
        "增减额",
    )
    assert figures[("official-reception@initial-budget", "appropriation", "all", None)] == (
        Decimal("30000"),
        "预算数",
    )
    grid = ([["项目", "2017年决算数", "2018年决算数", "增减额", "增减%"]], rows)
    figures, _ = _read(tmp_path, page(TP_TITLE, "万元", grid))
    assert figures[("official-reception@change-amount", "appropriation", "all", None)] == (
        Decimal("-5000"),
        "增减额",
    )


def test_an_appropriation_total_table_as_2015_prints_it(tmp_path):
    """财政拨款收入支出决算总表 of the 2015 template: 一、本年收入 / 一、本年支出 over their funds and classes.
    Before, those two lines were of no known item."""
    rows = [
        ["一、本年收入", "150.00", "一、本年支出", "150.00"],
        ["（一）一般公共预算财政拨款", "150.00", "（一）一般公共服务支出", "100.00"],
        ["（二）政府性基金预算财政拨款", "", "（二）社会保障和就业支出", "50.00"],
        ["二、年初财政拨款结转和结余", "", "二、年末财政拨款结转和结余", ""],
        ["收入总计", "150.00", "支出总计", "150.00"],
    ]
    grid = ([[("收入", 2), ("支出", 2)], ["项目", "决算数", "项目", "决算数"]], rows)
    figures, violations = _read(tmp_path, page("财政拨款收入支出决算总表", "万元", grid), audit=True)
    assert figures == {
        ("income", "appropriation", "all", None): (Decimal("1500000"), "收入/决算数"),
        ("expenditure", "appropriation", "all", None): (Decimal("1500000"), "支出/决算数"),
        ("income", "general-public-budget", "all", None): (Decimal("1500000"), "收入/决算数"),
        ("expenditure", "appropriation", "all", "201"): (Decimal("1000000"), "支出/决算数"),
        ("expenditure", "appropriation", "all", "208"): (Decimal("500000"), "支出/决算数"),
        ("total-income", "appropriation", "all", None): (Decimal("1500000"), "收入/决算数"),
        ("total-expenditure", "appropriation", "all", None): (Decimal("1500000"), "支出/决算数"),
    }
    assert not violations
