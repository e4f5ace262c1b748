"""The 情况说明 of real documents of each template family, read sentence by sentence.

For each sentence quoted below (with its page in the PDF), the figures the narrative must give were
written by hand from the document: every number of the sentence with its item, fund, nature, code and
statistic, in order, and nothing else. A figure the document's wording does not place is expected as
"unmapped" (published with its wording, never under a guessed item).

Documents of ../shared/corpus (see its README); the tests skip where that folder is absent.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from converter.model import Figure
from converter.parse.narrative import read_narrative
from converter.pipeline import convert_files
from converter.read import read_path
from converter.read.types import ReadDocument

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
# document -> (fiscal year, phase): the tests read the narrative whatever the cover says
IDENTITY = {
    "201": (2023, "final"),
    "210": (2021, "budget"),
    "204": (2017, "budget"),
    "211": (2018, "budget"),
    "213": (2019, "budget"),
    "102": (2024, "final"),
}


def _path(name: str) -> Path:
    found = sorted((CORPUS / "pdf").glob(f"{name}_*.pdf")) + sorted((CORPUS / "raw").glob(f"{name}_*.txt"))
    if not found:
        pytest.skip(f"corpus document {name} not available: ../shared/corpus is absent in this checkout")
    return found[0]


@cache
def _read(name: str) -> tuple[ReadDocument, list[Figure]]:
    doc = read_path(_path(name))
    year, phase = IDENTITY[name]
    return doc, read_narrative(doc, year, phase).figures


def _key(figure: Figure) -> str:
    return "unmapped" if figure.item == "unmapped" else "/".join(figure.key())


def sentence(name: str, quoted: str) -> tuple[int | None, list[tuple[str, str]]]:
    """The page of the quoted sentence and the (stated number, key) of every figure read from it."""
    doc, figures = _read(name)
    match = re.search(r"\s*".join(map(re.escape, re.sub(r"\s+", "", quoted))), doc.text)
    assert match is not None, f"not in {name}: {quoted}"
    inside = [f for f in figures if f.anchor is not None and match.start() <= f.anchor < match.end()]
    return doc.page_of(match.start()), [(f.stated_text, _key(f)) for f in inside]


CASES = [
    # --- 201 西南大学 2023 决算 (central university template): classes by name, items with codes ---
    # Its "收入总计"/"支出总计" are the year's: the parts it states add up to them, and the 总表 (p5)
    # prints 本年收入合计 430,725.03 / 本年支出合计 457,676.75 beside 合计 569,496.54.
    (
        "201",
        16,
        "学校2023年度收入总计430,725.03万元，与2022年度相比，减少23,616.80万元，降低5.20%。其中：财政拨款收"
        "入增加14,458.07万元，事业收入增加974.61万元，其他收入减少39,049.48万元。",
        [
            ("430,725.03", "income/level"),
            ("23,616.80", "income/decrease-amount"),
            ("5.20", "income/decrease-percent"),
            ("14,458.07", "income/fund-appropriation/increase-amount"),
            ("974.61", "income/fund-operations/increase-amount"),
            ("39,049.48", "income/fund-other/decrease-amount"),
        ],
    ),
    (
        "201",
        16,
        "其中：教育支出增加52,499.75万元，科学技术支出增加965.07万元，社会保障和就业支出减少196.69万元，"
        "农林水支出减少16.84万元，住房保障支出增加1,209.04万元，其他支出增加32.50万元。",
        [
            ("52,499.75", "expenditure/fc-205/increase-amount"),
            ("965.07", "expenditure/fc-206/increase-amount"),
            ("196.69", "expenditure/fc-208/decrease-amount"),
            ("16.84", "expenditure/fc-213/decrease-amount"),
            ("1,209.04", "expenditure/fc-221/increase-amount"),
            ("32.50", "expenditure/fc-229/increase-amount"),
        ],
    ),
    (
        "201",
        16,
        "学校2023年度收入总计430,725.03万元，财政拨款收入243,015.38万元，占收入总额56.42%；",
        [
            ("430,725.03", "income/level"),
            ("243,015.38", "income/fund-appropriation/level"),
            ("56.42", "income/fund-appropriation/share"),
        ],
    ),
    (
        "201",
        17,
        "按照支出功能科目划分，教育支出425,287.27万元，占总支出的92.92%；",
        [("425,287.27", "expenditure/fc-205/level"), ("92.92", "expenditure/fc-205/share")],
    ),
    (
        "201",
        17,
        "学校2023年度财政拨款支出总计为237,100.00万元，其中基本支出199,015.13万元，占总支出的83.94%；",
        [
            ("237,100.00", "expenditure/fund-appropriation/level"),
            ("199,015.13", "expenditure/fund-appropriation/nature-basic/level"),
            ("83.94", "expenditure/fund-appropriation/nature-basic/share"),
        ],
    ),
    (
        "201",
        18,
        "8.实验室及相关设施（2060204），2023年度决算数为1,707.93万元，比2022年度决算数增长134.61%。",
        [
            ("1,707.93", "expenditure/fund-appropriation/fc-2060204/level"),
            ("134.61", "expenditure/fund-appropriation/fc-2060204/increase-percent"),
        ],
    ),
    (
        "201",
        18,
        "12.购房补贴（2210203），2023年度决算数为180.59万元，比2022年度决算数减少0.38%。",
        [
            ("180.59", "expenditure/fund-appropriation/fc-2210203/level"),
            ("0.38", "expenditure/fund-appropriation/fc-2210203/decrease-percent"),
        ],
    ),
    # --- 210 西南大学 2021 预算 ---
    (
        "210",
        9,
        "我校2021年收支总预算490,808.40万元，其中本年收入预算390,140.45万元，使用非财政拨款结余18,953.73"
        "万元，上年结转81,714.17万元；本年支出预算415,808.40万元，结转下年75,000.00万元。",
        [
            ("490,808.40", "total-income/level"),
            ("490,808.40", "total-expenditure/level"),
            ("390,140.45", "income/level"),
            ("18,953.73", "use-of-non-appropriation-balance/level"),
            ("81,714.17", "opening-carry-over/level"),
            ("415,808.40", "expenditure/level"),
            ("75,000.00", "closing-carry-over/level"),
        ],
    ),
    (
        "210",
        11,
        "其中：教育支出减少1,505.49万元，科学技术支出增加 166.77 万元，农林水支出减少 1,206 万元，"
        "住房保障支出增加325.7万元。",
        [
            ("1,505.49", "expenditure/fc-205/decrease-amount"),
            ("166.77", "expenditure/fc-206/increase-amount"),
            ("1,206", "expenditure/fc-213/decrease-amount"),
            ("325.7", "expenditure/fc-221/increase-amount"),
        ],
    ),
    (
        # 住房改革支出 is a 款 (22102) written alone; 占比 is of 本年财政拨款 named two clauses before
        "210",
        12,
        "住房改革支出预算数为7,243.45万元，占比3.34%。",
        [
            ("7,243.45", "expenditure/fund-appropriation/fc-22102/level"),
            ("3.34", "expenditure/fund-appropriation/fc-22102/share"),
        ],
    ),
    # --- 204 江苏省高级人民法院 2017 预算: amounts without separators, 类 in a heading above its 款/项 ---
    (
        "204",
        19,
        "江苏省高级人民法院 2017 年度收入、支出预算总计 28849.38 万元，与上年相比收、支预算总计各增加"
        "1808.29万元，增长6.69%。",
        [
            ("28849.38", "total-income/level"),
            ("28849.38", "total-expenditure/level"),
            ("1808.29", "total-income/increase-amount"),
            ("1808.29", "total-expenditure/increase-amount"),
            ("6.69", "total-income/increase-percent"),
            ("6.69", "total-expenditure/increase-percent"),
        ],
    ),
    (
        "204",
        19,
        "1．公共安全（类）支出 23513.11 万元，主要用于人员支出、日常公用支出。与上年相比增加410.44万元，增长1.78%。",
        [
            ("23513.11", "expenditure/fc-204/level"),
            ("410.44", "expenditure/fc-204/increase-amount"),
            ("1.78", "expenditure/fc-204/increase-percent"),
        ],
    ),
    (
        "204",
        20,
        "单位预留机动经费预算数为182.92万元。与上年一致。",
        [
            ("182.92", "expenditure/nature-reserve/level"),
            ("一致", "expenditure/nature-reserve/change-amount"),
        ],
    ),
    (
        # "一般行政事务管理" is the national 一般行政管理事务 (2040502) with two words swapped
        "204",
        21,
        "2．法院（款）一般行政事务管理（项）支出6432.89万元，与上年相比增加450万元，增长7.52%。",
        [
            ("6432.89", "expenditure/fund-appropriation/fc-2040502/level"),
            ("450", "expenditure/fund-appropriation/fc-2040502/increase-amount"),
            ("7.52", "expenditure/fund-appropriation/fc-2040502/increase-percent"),
        ],
    ),
    (
        # the reason restates the line ("案件审判经费…压减200万元"): the same decrease again
        "204",
        22,
        "4．法院（款）案件审判（项）支出1733.3万元，与上年相比减少200万元，减少10.35%。主要原因是案件审判经费"
        "2017年度预算安排较上年压减200万元。",
        [
            ("1733.3", "expenditure/fund-appropriation/fc-2040504/level"),
            ("200", "expenditure/fund-appropriation/fc-2040504/decrease-amount"),
            ("10.35", "expenditure/fund-appropriation/fc-2040504/decrease-percent"),
            ("200", "expenditure/fund-appropriation/fc-2040504/decrease-amount"),
        ],
    ),
    (
        # a 2017 项 the national lists here lack: published with its wording, not under another line
        "204",
        22,
        "1．行政事业单位离退休（款）未归口管理的行政单位离退休（项）支出2347.13万元，与上年相比增加345.96万元",
        [("2347.13", "unmapped"), ("345.96", "unmapped")],
    ),
    (
        "204",
        24,
        "2017年本部门一般公共预算机关运行经费预算支出9193.40万元，比2016年增加5503.07万元，增长149.12%。",
        [
            ("9193.40", "agency-operating-costs/level"),
            ("5503.07", "agency-operating-costs/increase-amount"),
            ("149.12", "agency-operating-costs/increase-percent"),
        ],
    ),
    (
        # a restatement on another basis is not a second change of the same figure
        "204",
        24,
        "按与上年统计口径一致相比，本年比上年减少161.96万元，下降了4.39%",
        [("161.96", "unmapped"), ("4.39", "unmapped")],
    ),
    (
        "204",
        25,
        "因公出国（境）费支出180万元，占“三公”经费的26.86%；",
        [
            ("180", "overseas-travel/fund-appropriation/level"),
            ("26.86", "overseas-travel/fund-appropriation/share"),
        ],
    ),
    (
        "204",
        25,
        "江苏省高级人民法院 2017 年度一般公共预算拨款安排的会议费预算支出 228 万元",
        [("228", "expenditure/fund-general-public-budget/ec-30215/level")],
    ),
    (
        "204",
        26,
        "2017年我部门政府采购预算总金额为3742.4万元。其中拟购买货物525.4万元；拟购买工程500万元；拟购买服务2717万元。",
        [
            ("3742.4", "procurement/level"),
            ("525.4", "procurement-goods/level"),
            ("500", "procurement-works/level"),
            ("2717", "procurement-services/level"),
        ],
    ),
    # --- 211 江苏省委办公厅 2018 预算 (text PDF): a page number between 增长 and its rate ---
    (
        "211",
        6,
        "17.31%。主要原因是人员经费政策性调增",
        [("17.31", "total-income/increase-percent"), ("17.31", "total-expenditure/increase-percent")],
    ),
    (
        "211",
        6,
        "财政专户管理资金收入预算总计0万元。与上年相比减少147.20万元，减少100%。",
        [
            ("0", "income/fund-special-account/level"),
            ("147.20", "income/fund-special-account/decrease-amount"),
            ("100", "income/fund-special-account/decrease-percent"),
        ],
    ),
    # --- 213 江苏省政协办公厅 2019 预算 (text PDF) ---
    (
        "213",
        9,
        "（1）一般公共预算收入预算13,297.11万元，与上年相比增加3,226.63万元，增长32.04%。",
        [
            ("13,297.11", "income/fund-general-public-budget/level"),
            ("3,226.63", "income/fund-general-public-budget/increase-amount"),
            ("32.04", "income/fund-general-public-budget/increase-percent"),
        ],
    ),
    (
        "213",
        9,
        "（2）政府性基金收入预算0万元，与上年数一致，本部门无此项收入。",
        [("0", "income/fund-government-fund/level"), ("一致", "income/fund-government-fund/change-amount")],
    ),
    (
        "213",
        12,
        "1.政协事务（款）行政运行（项）5,223.22 万元，与上年相比增加790.44万元，增长17.83%。",
        [
            ("5,223.22", "expenditure/fund-appropriation/fc-2010201/level"),
            ("790.44", "expenditure/fund-appropriation/fc-2010201/increase-amount"),
            ("17.83", "expenditure/fund-appropriation/fc-2010201/increase-percent"),
        ],
    ),
    (
        "213",
        16,
        "江苏省政协办公厅2019年度一般公共预算拨款安排的培训费预算支出281.77万元，比上年预算增加184.17万元",
        [
            ("281.77", "expenditure/fund-general-public-budget/ec-30216/level"),
            ("184.17", "expenditure/fund-general-public-budget/ec-30216/increase-amount"),
        ],
    ),
    (
        "213",
        17,
        "2019年度政府采购支出预算总额1,624.42万元，其中：拟采购货物支出350万元、拟采购工程支出0万元、"
        "拟购买服务支出1,274.42万元。",
        [
            ("1,624.42", "procurement/level"),
            ("350", "procurement-goods/level"),
            ("0", "procurement-works/level"),
            ("1,274.42", "procurement-services/level"),
        ],
    ),
    # --- 102 上海市普陀区规划和自然资源局 2024 决算: changes stated in words, the template's placeholder ---
    (
        "102",
        25,
        "其中：因公出国（境）费支出与上一年度持平；公务用车购置及运行维护费支出与上一年度持平；"
        "公务接待费支出决算减少0.15万元",
        [
            ("持平", "overseas-travel/fund-appropriation/change-amount"),
            ("持平", "official-vehicles/fund-appropriation/change-amount"),
            ("0.15", "official-reception/fund-appropriation/decrease-amount"),
        ],
    ),
    ("102", 25, "下降（增长）27.78%", [("27.78", "unmapped")]),
]


@pytest.mark.parametrize(
    ("name", "page", "quoted", "expected"), CASES, ids=[f"{c[0]}-p{c[1]}" for c in CASES]
)
def test_sentence_figures(name: str, page: int, quoted: str, expected: list[tuple[str, str]]) -> None:
    found_page, figures = sentence(name, quoted)
    assert found_page == page
    assert sorted(figures) == sorted(expected)


def test_201_shares_name_their_base_and_changes_their_year():
    _, figures = _read("201")
    by_key = {_key(f): f for f in figures}
    assert by_key["expenditure/fc-205/share"].share_of == "expenditure"  # 占总支出的: the year's, as above
    assert by_key["income/fund-appropriation/share"].share_of == "income"
    assert "total-income/level" not in by_key and "total-expenditure/level" not in by_key
    assert by_key["expenditure/fund-appropriation/fc-2060204/increase-percent"].comparison_year == 2022
    ref = by_key["expenditure/fund-appropriation/fc-2060204/level"].function
    assert ref.wording == "实验室及相关设施" and "label-differs" in ref.discrepancies
    assert by_key["expenditure/fund-appropriation/fc-2060204/level"].span.page == 18


def test_210_bare_shares_take_the_base_named_before_them():
    """'教育支出…占总支出的81.21%；科学技术支出…占0.31%；': the second is of the same 总支出."""
    _, figures = _read("210")
    shares = {
        f.function.code: f.share_of
        for f in figures
        if f.statistic == "share" and f.function and f.fund == "all"
    }
    assert shares == {"205": "total-expenditure", "206": "total-expenditure", "221": "total-expenditure"}


def test_211_net_change_after_its_reasons_is_the_same_figure():
    """'…与上年相比减少710.87万元…增减相抵后与上年相比减少710.87万元': both statements of 208's decrease."""
    _, figures = _read("211")
    stated = [_key(f) for f in figures if f.stated_text == "710.87"]
    assert stated == ["expenditure/fc-208/decrease-amount"] * 2


def test_108_lines_named_alike_are_told_apart_by_their_kuan():
    """'组织事务（款）一般行政管理事务（项）' is 2013202, not the first 一般行政管理事务 the tables print
    (2012902 under 群众团体事务); the list's '财政拨款支出主要内容如下：' gives the fund."""
    result = convert_files([_path("108")])
    assert not result.failures, result.failures
    report = result.converted[0].report
    narrative = [s for f in report.figures for s in [f, *f.other_statements] if s.table is None]
    at = report.text.index("组织事务（款）一般行政管理事务（项）")
    lines = [f for f in narrative if f.anchor is not None and at <= f.anchor < at + 120]
    assert {(f.function.code if f.function else None, f.fund, f.statistic) for f in lines} == {
        ("2013202", "appropriation", "level"),
        ("2013202", "appropriation", "previous-year-level"),
        ("2013202", "appropriation", "increase-percent"),
    }
    assert all("resolved-by-document-table" in f.function.discrepancies for f in lines)


def test_101_narrative_class_line_is_a_further_statement_of_the_table():
    """'一般公共服务支出（类）2106.66万元' in 五（二） has the key of the tables' 201 line: one observation."""
    report = convert_files([_path("101")]).converted[0].report
    line = next(
        f
        for f in report.figures
        if f.function
        and f.function.code == "201"
        and f.fund == "general-public-budget"
        and f.nature == "all"
        and f.statistic == "level"
    )
    assert line.table is not None
    narrative = [s for s in line.other_statements if s.table is None]
    assert [(s.value, s.span.page) for s in narrative] == [(Decimal("21066600"), 21)]
