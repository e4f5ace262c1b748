"""Tables printed as text: every number is published, its column placed by the table's own arithmetic
or left open (and said), never guessed.

Synthetic tables check each rule; the real text renderings (../shared/corpus/raw) are checked against
the figures the PDF of the same document gives: a number the text reader places must be the PDF's
number for that row and column.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Namespace

from converter.model import Figure
from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import find_standard_tables, normalise_title, title_role
from converter.read.dispatch import read_path
from converter.read.text import read_text
from converter.read.types import SourceDocument

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _text(body: str, phase: str = "final") -> tuple[list[Figure], list]:
    data = body.encode("utf-8")
    doc = read_text(data, SourceDocument("t.txt", "0", "text/plain", len(data)))
    return figures_from_tables(doc, find_standard_tables(doc, phase), 2023, phase)


def _by(figures: list[Figure], code: str) -> dict[str | None, tuple[Decimal, str | None]]:
    return {
        f.column: (f.value, f.column_inference)
        for f in figures
        if f.function is not None and f.function.code == code and f.column
    }


EXPENDITURE = """XX局2023年度部门决算
支出决算表
单位：万元
项目 本年支出合计 基本支出 项目支出
科目编码 科目名称
208 社会保障和就业支出 120.00 100.00 20.00
20805 行政事业单位养老支出 100.00 100.00
2080501 行政单位离退休 60.00 60.00
2080505 机关事业单位基本养老保险缴费支出 40.00 40.00
20808 抚恤 20.00 20.00
2080801 死亡抚恤 20.00 20.00
合计 120.00 100.00 20.00
"""


def test_columns_placed_by_the_sums_of_the_table():
    figures, warnings = _text(EXPENDITURE)
    # a full row: by position
    assert _by(figures, "208")["基本支出"] == (Decimal("1000000"), "position")
    # 20805 and 20808 print two numbers each of three columns: only 基本 for 20805 and 项目 for 20808
    # make 208's columns add up (100 = Σ基本, 20 = Σ项目)
    assert _by(figures, "20805") == {
        "本年支出合计": (Decimal("1000000"), "arithmetic"),
        "基本支出": (Decimal("1000000"), "arithmetic"),
    }
    assert _by(figures, "20808")["项目支出"] == (Decimal("200000"), "arithmetic")
    # and their 项 follow their 款
    assert _by(figures, "2080505")["基本支出"] == (Decimal("400000"), "arithmetic")
    assert _by(figures, "2080801")["项目支出"] == (Decimal("200000"), "arithmetic")
    assert not [f for f in figures if f.column_inference == "unknown"]
    assert warnings == []


def test_a_misprinted_total_is_still_placed_by_the_rows_above_and_below():
    # 20805 prints 101.00 for 100.00: its own sums hold in no placement (the misprint an audit reports);
    # the family (208 = Σ款, 20805 = Σ项) adds up in every column but the misprinted one, which tells
    # the placements apart: 101 is 20805's 本年支出合计, 100 its 基本支出, and 20808's 20 its 项目支出
    figures, _ = _text(
        EXPENDITURE.replace("20805 行政事业单位养老支出 100.00", "20805 行政事业单位养老支出 101.00")
    )
    assert _by(figures, "20805") == {
        "本年支出合计": (Decimal("1010000"), "arithmetic"),
        "基本支出": (Decimal("1000000"), "arithmetic"),
    }
    assert _by(figures, "20808")["项目支出"] == (Decimal("200000"), "arithmetic")
    assert _by(figures, "2080505")["基本支出"] == (Decimal("400000"), "arithmetic")


def test_a_column_the_sums_do_not_decide_is_left_open_and_said():
    figures, warnings = _text(
        """XX局2023年度部门决算
支出决算表
单位：万元
项目 本年支出合计 基本支出 项目支出
208 社会保障和就业支出 100.00 100.00
20805 行政事业单位养老支出 100.00 100.00
合计 100.00 100.00
"""
    )
    # 100 may be 基本 or 项目 in every row: the total column is certain, the other is not
    assert _by(figures, "208")["本年支出合计"] == (Decimal("1000000"), "arithmetic")
    open_ = [f for f in figures if f.column_inference == "unknown"]
    assert len(open_) == 3 and all(f.item == "unmapped" and f.column is None for f in open_)
    assert all(f.stated_label for f in open_)  # published under its row's wording
    assert [w.code for w in warnings] == ["table-column-inferred"]
    # nothing printed is lost: 6 numbers, 6 figures
    assert len(figures) == 6


def test_tab_separated_rows_keep_their_blank_cells():
    figures, _ = _text(
        "XX局2023年度部门决算\n支出决算表\n单位：万元\n"
        "项目\t\t本年支出合计\t基本支出\t项目支出\n"
        "208\t社会保障和就业支出\t20.00\t\t20.00\n"
        "209\t一般公共服务支出\t\t\t\n"  # a row of blanks
        "20101\t人大事务\t\t5.00\t\n"  # the first value field blank: 5.00 is 基本支出
        "\t合计\t20.00\t\t20.00\n"
    )
    assert _by(figures, "208") == {
        "本年支出合计": (Decimal("200000"), "blank-pattern"),
        "项目支出": (Decimal("200000"), "blank-pattern"),
    }
    assert _by(figures, "20101") == {"基本支出": (Decimal("50000"), "blank-pattern")}


def test_rows_run_together_by_the_extraction_are_split():
    figures, _ = _text(
        """XX局2023年度部门决算
支出决算表
单位：元
项目 合计 基本支出 项目支出
212 城乡社区支出 33,775,592 22,783,399 10,992,193221 住房保障支出 5,871,730 5,871,730
合计 39,647,322 28,655,129 10,992,193
"""
    )
    assert _by(figures, "212")["项目支出"] == (Decimal("10992193"), "position")
    # "…10,992,193221 住房保障支出": the next row's code glued to the last number
    assert _by(figures, "221") == {
        "合计": (Decimal("5871730"), "arithmetic"),
        "基本支出": (Decimal("5871730"), "arithmetic"),
    }


def test_a_one_row_table_without_row_labels():
    figures, _ = _text(
        """XX局2024年部门预算
2024年部门“三公”经费和机关运行经费预算表
单位:万元
“三公”经费预算数
机关运行经费预算
公务用车购置及运行费
数
合计 因公出国(境)费 公务接待费
小计 购置费 运行费
114.22 0.00 0.46 113.76 75.00 38.76 507.25
""",
        "budget",
    )
    items = {f.item: (f.value, f.column_inference) for f in figures}
    assert items["three-public-expenses"] == (Decimal("1142200"), "position")
    assert items["vehicle-purchase"] == (Decimal("750000"), "position")
    assert items["agency-operating-costs"] == (Decimal("5072500"), "position")


@pytest.mark.parametrize(
    "printed,role,phase",
    [
        ("表1：高等学校收支决算总表", "total", "final"),
        ("公开05表 财政拨款支出预算表（功能科目）", "appropriation_expenditure", "budget"),
        ("一、2017年度江苏省高级人民法院部门收支预算总表", "total", "budget"),
        ("十一、2017年XX部门一般公共预算“三公”经费、会议费、培训费支出预算表", "three_public", "budget"),
        ("表4-2.一般公共预算财政拨款基本支出决算表", "general_basic", "final"),
        ("表5-1.政府性基金预算财政拨款“三公”经费支出决算表", "three_public", "final"),
        ("六、《一般公共预算基本支出表》", "general_basic", None),
        (
            "七、財政專戶管理資金收入支出決算表".replace("財政專戶管理資金", "财政专户管理资金").replace(
                "決算", "决算"
            ),
            "special_account",
            "final",
        ),  # fmt: skip
        ("2019年政府采购预算表", "procurement", "budget"),
        ("部门整体支出绩效自评表", "performance", None),
        ("十、国有资产占用情况表", "assets", None),
        ("三、单位支出总表", "expenditure", None),
        ("一般公共预算财政拨款支出决算明细表", "general_expenditure", "final"),
    ],
)
def test_title_roles(printed, role, phase):
    hit = title_role(printed.replace("公开05表 ", "公开05表"))
    assert hit is not None and (hit[0], hit[1]) == (role, phase), (printed, normalise_title(printed), hit)


@pytest.mark.parametrize(
    "line", ["第二部分 2017年部门决算报表", "详见附表。", "本表反映部门收支情况。", "目录"]
)
def test_not_titles(line):
    assert title_role(line) is None


# --- the real text renderings -------------------------------------------------------------------


def _doc(path: Path):
    if not path.exists():
        pytest.skip(f"{path.name} not available: ../shared/corpus is absent in this checkout")
    return read_path(path)


def _figures(name: str, folder: str, ext: str, year: int):
    matches = sorted((CORPUS / folder).glob(f"{name}_*.{ext}"))
    if not matches:
        pytest.skip(f"corpus document {name} not available: ../shared/corpus is absent in this checkout")
    doc = read_path(matches[0])
    tables = find_standard_tables(doc)
    figures, warnings = figures_from_tables(doc, tables, year, tables[0].phase)
    return doc, tables, figures, warnings


def _placed_key(f: Figure):
    """What a figure says, whatever its column is called: table, item, fund, nature, statistic, code."""
    code = (f.function or f.economic).code if (f.function or f.economic) else None
    return (f.table, f.item, f.fund, f.nature, f.statistic, code, f.value)


@pytest.mark.parametrize("name", ["101", "102"])
def test_raw_text_publishes_every_number_and_places_none_wrongly(name):
    """The pdfminer rendering prints labels and numbers as separate blocks: every number of its tables
    is published; those whose row and column the text shows agree with the PDF; the rest are flagged."""
    doc, tables, figures, warnings = _figures(name, "raw", "txt", 2024)
    _, _, pdf_figures, _ = _figures(name, "pdf", "pdf", 2024)
    pdf = Counter(_placed_key(f) for f in pdf_figures)
    placed = [
        f for f in figures if f.column_inference not in ("unknown", "unknown-row") and f.item != "unmapped"
    ]
    wrong = [f.span.locator for f in placed if _placed_key(f) not in pdf]
    assert wrong == []
    assert placed  # some rows print label and number on one line, and they are read
    # every amount printed in a table's region is a figure (codes and 栏次 numbers are not amounts)
    printed = sum(_amounts(doc, t) for t in tables)
    assert printed > 100 and len(figures) >= printed
    flagged = [f for f in figures if f.column_inference in ("unknown", "unknown-row")]
    assert flagged and all(f.item == "unmapped" and f.stated_label for f in flagged)
    assert any(w.code == "table-column-inferred" for w in warnings)


def _amounts(doc, table) -> int:
    """Amounts printed in a table's region: numbers with two decimals (codes and 栏次 have none)."""
    region = doc.text[table.start : table.end]
    return len(re.findall(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d])", region))


def test_raw_101_three_public_and_basic_tables_are_read():
    _, tables, figures, _ = _figures("101", "raw", "txt", 2024)
    kinds = [t.kind_key for t in tables]
    assert "final.three_public" in kinds and "final.general_basic" in kinds
    # page 18: the 三公 table prints 0.95 twice (合计 and 公务接待费 预算数 in the PDF); four layouts keep
    # its sums (合计 or 公务接待费 or 因公出国, 预算 or 决算), so the columns stay open, the numbers do not
    three = [f for f in figures if f.table == "final.three_public"]
    assert [f.stated_text for f in three] == ["0.95", "0.95"]
    assert all(f.column_inference == "unknown" for f in three)
    # page 16: the 基本支出 table's numbers, printed apart from their rows, are all published
    basic = [f.stated_text for f in figures if f.table == "final.general_basic"]
    assert {"2,082.85", "262.33", "1,238.58", "171.07", "69.41"} <= set(basic)
    # the lines that print a label and its number together are placed: 财政拨款收支总表, page 12
    approp = [
        f for f in figures if f.table == "final.appropriation_total" and f.column_inference == "position"
    ]
    assert any(
        f.item == "income" and f.fund == "general-public-budget" and f.value == 29400500 for f in approp
    )


def test_raw_102_three_public_row_by_position_equals_the_pdf():
    _, _, figures, _ = _figures("102", "raw", "txt", 2024)
    _, _, pdf_figures, _ = _figures("102", "pdf", "pdf", 2024)
    text = {(f.item, f.statistic): f.value for f in figures if f.table == "final.three_public"}
    pdf = {(f.item, f.statistic): f.value for f in pdf_figures if f.table == "final.three_public"}
    assert len(text) == 12 and all(pdf.get(k, v) == v for k, v in text.items())
    assert text[("three-public-expenses", "initial-budget")] == Decimal("28500")  # page 17: 2.85 万元


def test_raw_106_budget_text_tables():
    _, tables, figures, warnings = _figures("106", "raw", "txt", 2026)
    income = [f for f in figures if f.table == "budget.income"]
    # page 9: 208 05 05 prints 2,302,464 twice of 5 columns; the 总表 says all income is 财政拨款收入
    # (事业收入 … printed without a number), which decides the 合计 row and, down the tree, this one
    assert _by(income, "2080505") == {
        "合计": (Decimal("2302464"), "arithmetic"),
        "财政拨款收入": (Decimal("2302464"), "arithmetic"),
    }
    total = [f for f in figures if f.table == "budget.total"]
    # page 8: "2. 政府性基金预算 三、城乡社区支出 33,775,592": the number is the 支出 half's, of 212
    city = [f for f in total if f.function is not None and f.function.code == "212"]
    assert [(f.item, f.fund, f.value) for f in city] == [("expenditure", "all", Decimal("33775592"))]
    assert not [f for f in total if f.fund == "government-fund"]
    expenditure = [f for f in figures if f.table == "budget.expenditure"]
    # page 12: 212 01 04 城管执法 prints all three columns; 221 住房保障支出 is glued to its line
    assert _by(expenditure, "2120104")["项目支出"] == (Decimal("10992193"), "position")
    assert _by(expenditure, "221")["基本支出"] == (Decimal("5871730"), "arithmetic")
    assert not [f for f in expenditure if f.column_inference == "unknown"]
    # page 13: the 财政拨款收支总表's 支出 half has four columns (合计 and three budgets); a row of two
    # equal numbers fits 一般公共预算, 政府性基金 or 国有资本经营 alike: left open, and said
    approp = [f for f in figures if f.table == "budget.appropriation_total"]
    assert [
        f.value for f in approp if f.column == "支出/合计" and f.function and f.function.code == "208"
    ] == [Decimal("6397096")]
    assert any(f.column_inference == "unknown" for f in approp)
    assert any(w.code == "table-column-inferred" and "财政拨款收支预算总表" in w.message for w in warnings)


def test_column_inference_is_published_as_data(tmp_path):
    from converter.pipeline import convert_files

    path = tmp_path / "t.txt"
    path.write_text(
        "XX局2023年度部门决算\n"
        + EXPENDITURE.split("\n", 1)[1]
        + "\n一、收入支出决算总体情况说明\n本年支出合计120.00万元。\n",
        encoding="utf-8",
    )
    result = convert_files([path])
    assert not result.failures, result.failures
    graph = result.converted[0].graph
    f = Namespace(next(str(ns) for p, ns in graph.namespaces() if p == "fiscal"))
    values = Counter(str(o).rsplit("#", 1)[-1] for o in graph.objects(None, f.columnInference))
    assert values["columnByArithmetic"] > 0 and values["columnByPosition"] > 0


def test_one_cell_per_line_rows_follow_their_labels():
    """A web page's table flattened to one cell per line (blank cells dropped): each row's numbers are
    right under its label, the code on the line before it."""
    cells = [
        "XX局2023年度部门决算", "支出决算表", "单位：万元", "项目", "本年支出合计", "基本支出", "项目支出",
        "208", "社会保障和就业支出", "120.00", "100.00", "20.00",
        "20805", "行政事业单位养老支出", "100.00", "100.00",
        "20808", "抚恤", "20.00", "20.00",
        "合计", "120.00", "100.00", "20.00",
    ]  # fmt: skip
    figures, warnings = _text("\n".join(cells) + "\n")
    assert _by(figures, "208")["本年支出合计"] == (Decimal("1200000"), "position")
    assert _by(figures, "20805")["基本支出"] == (Decimal("1000000"), "arithmetic")
    assert _by(figures, "20808")["项目支出"] == (Decimal("200000"), "arithmetic")
    assert not [f for f in figures if f.column_inference in ("unknown", "unknown-row")] and warnings == []


@pytest.mark.parametrize(
    "leader", [" ", "\t", "·········", "－－－－"], ids=["blank", "tab", "dots", "dashes"]
)
def test_contents_entries_with_their_page_numbers_are_no_tables(tmp_path, leader):
    """A 目录 whose entries end in their page number after a blank ("2. 2025年部门收入预算总表 9", the
    dot leader dropped by the extraction) lists the tables: before, each entry was read as a table
    (its header words found in the entries below it), so every table was printed twice and empty."""
    from converter.pipeline import convert_files
    from converter.validate import validate_graph

    pdf = CORPUS / "pdf" / "109_shanghai_putuo_shangwuweiyuanhui_2025_bumenyusuan.pdf"
    if not pdf.exists():
        pytest.skip("needs ../shared/corpus (109's PDF): not in this checkout")
    text = read_path(pdf).text
    start = text.index("目 录")
    end = text.index("\f", start)
    entries = [line for line in text[start:end].split("\n")[1:] if line]
    numbered = "\n".join(["目 录"] + [f"{line}{leader}{page}" for page, line in enumerate(entries, 3)])

    def converted(body: str, name: str):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        result = convert_files([path])
        assert result.converted, result.failures
        report = result.converted[0]
        figures = sorted((f.item, f.statistic, f.fund or "", f.value) for f in report.report.figures)
        return figures, [f.rule for f in validate_graph(report.graph).findings if f.severity != "Info"]

    plain_figures, plain_findings = converted(text, "p_2025_bumenyusuan.txt")
    paged_figures, paged_findings = converted(text[:start] + numbered + text[end:], "q_2025_bumenyusuan.txt")
    assert paged_findings == plain_findings == []
    assert paged_figures == plain_figures
