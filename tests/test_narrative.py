"""The narrative (情况说明) read by meaning, on sentences written the ways the templates write them.

Each case is a short text in a template's wording; the figures it must give are written out by hand.
Property tests check that amounts come out exact whatever their printing: separators or none,
full-width digits, 元 / 万元 / 亿元, and that percentages keep the precision they were printed with.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.model import Figure
from converter.parse.narrative import NarrativeResult, read_narrative
from converter.read.types import Page, ReadDocument, SourceDocument


def read_result(text: str, year: int = 2023, phase: str = "final") -> NarrativeResult:
    source = SourceDocument("narrative.txt", "0" * 64, "text/plain", len(text.encode()))
    doc = ReadDocument(source, text, (Page(1, 0, len(text)),))
    return read_narrative(doc, year, phase)


def read(text: str, year: int = 2023, phase: str = "final") -> list[Figure]:
    return read_result(text, year, phase).figures


def keyed(figures: list[Figure]) -> dict[str, Figure]:
    return {"/".join(f.key()): f for f in figures}


def values(figures: list[Figure]) -> dict[str, Decimal]:
    return {key: f.value for key, f in keyed(figures).items()}


# --- function classes by name, codes in parentheses ----------------------------------------------


def test_class_names_with_their_shares():
    figures = read(
        "二、收入决算情况说明\n"
        "本年支出合计457,676.75万元。学校2023年度各项支出总计457,676.75万元，其中基本支出359,781.59万元，"
        "占支出总额78.61%。\n"
        "按照支出功能科目划分，教育支出425,287.27万元，占总支出的92.92%；科学技术支出2,536.65万元，"
        "占总支出的0.56%；其他支出109.50万元，占总支出的0.02%。\n"
    )
    got = keyed(figures)
    assert got["expenditure/fc-205/level"].value == Decimal("4252872700")
    assert got["expenditure/fc-205/share"].value == Decimal("92.92")
    assert got["expenditure/fc-205/share"].share_of == "total-expenditure"
    assert got["expenditure/fc-206/level"].value == Decimal("25366500")
    assert got["expenditure/fc-229/share"].value == Decimal("0.02")
    assert got["expenditure/nature-basic/share"].share_of == "total-expenditure"
    assert not [f for f in figures if f.item == "unmapped"]


def test_a_change_names_its_class_not_the_total_before_it():
    """'其中：教育支出增加52,499.75万元' is 205's change, not the total's (the worst outcome: the total
    would get a second, different increase)."""
    got = values(
        read(
            "一、收入支出决算总体情况说明\n"
            "学校2023年度支出总计457,676.75万元，与2022年度相比，增加54,492.83万元，增长13.52%。"
            "其中：教育支出增加52,499.75万元，社会保障和就业支出减少196.69万元。\n"
        )
    )
    assert values_of(got, "total-expenditure/increase-amount") == [Decimal("544928300")]
    assert got["expenditure/fc-205/increase-amount"] == Decimal("524997500")
    assert got["expenditure/fc-208/decrease-amount"] == Decimal("1966900")


def values_of(got: dict[str, Decimal], key: str) -> list[Decimal]:
    return [v for k, v in got.items() if k == key]


def test_code_in_parentheses_decides_and_a_disagreeing_name_is_flagged():
    figures = read(
        "四、财政拨款支出决算表说明\n"
        "8.实验室及相关设施（2060204），2023年度决算数为1,707.93万元，比2022年度决算数增长134.61%。\n"
    )
    got = keyed(figures)
    level = got["expenditure/fund-appropriation/fc-2060204/level"]
    assert level.value == Decimal("17079300")
    assert level.function.wording == "实验室及相关设施"
    assert level.function.national_label == "重点实验室及相关设施"
    assert "label-differs" in level.function.discrepancies
    rise = got["expenditure/fund-appropriation/fc-2060204/increase-percent"]
    assert rise.value == Decimal("134.61") and rise.comparison_year == 2022


def test_a_code_the_lists_lack_is_kept_as_printed_and_flagged():
    got = keyed(read("四、财政拨款支出决算表说明\n6.其他教育支出（2059999），2023年度决算数为876.03万元。\n"))
    ref = got["expenditure/fund-appropriation/fc-2059999/level"].function
    assert ref.code == "2059999" and "not-in-national-list" in ref.discrepancies


def test_class_then_kuan_and_xiang_lines_under_it():
    """Jiangsu: '（一）公共安全（类）' as a heading, then '1．法院（款）行政运行（项）支出…'."""
    got = values(
        read(
            "五、财政拨款支出预算表情况说明\n"
            "其中：\n（一）公共安全（类）\n"
            "1．法院（款）行政运行（项）支出 11786.92 万元，与上年相比增加10.44万元，增长0.09%。\n"
            "3．法院（款）机关服务（项）支出1600万元，与上年一致。\n",
            2017,
            "budget",
        )
    )
    assert got["expenditure/fund-appropriation/fc-2040501/level"] == Decimal("117869200")
    assert got["expenditure/fund-appropriation/fc-2040501/increase-amount"] == Decimal("104400")
    assert got["expenditure/fund-appropriation/fc-2040503/level"] == Decimal("16000000")
    assert got["expenditure/fund-appropriation/fc-2040503/change-amount"] == Decimal(0)


def test_a_line_the_lists_lack_does_not_lend_its_figures_to_the_line_before():
    figures = read(
        "五、财政拨款支出预算表情况说明\n（一）公共安全（类）\n"
        "1．法院（款）行政运行（项）支出 11786.92 万元，与上年相比增加10.44万元。\n"
        "2．法院（款）审判业务创新（项）支出6432.89万元，与上年相比增加450万元，增长7.52%。\n",
        2017,
        "budget",
    )
    got = values(figures)
    assert got["expenditure/fund-appropriation/fc-2040501/increase-amount"] == Decimal("104400")
    unmapped = [f for f in figures if f.item == "unmapped"]
    assert [f.stated_text for f in unmapped] == ["6432.89", "450", "7.52"]
    assert all("审判业务创新" in (f.stated_label or "") for f in unmapped)


def test_names_in_words_with_older_wording():
    """'社会保障和就业（类）' (no 支出), '行政事业单位离退休（款）' (the name before 行政事业单位养老支出)."""
    got = values(
        read(
            "三、一般公共预算财政拨款支出决算情况说明\n"
            "社会保障和就业支出（类）行政事业单位离退休（款）行政单位离退休（项）。年初预算为20.00万元，"
            "支出决算为19.50万元，完成年初预算的97.5%。\n"
            "2．社会保障和就业（类）支出2347.13万元。\n"
        )
    )
    assert got["expenditure/fund-general-public-budget/fc-2080501/initial-budget"] == Decimal("200000")
    assert got["expenditure/fund-general-public-budget/fc-2080501/level"] == Decimal("195000")
    assert got["expenditure/fund-general-public-budget/fc-2080501/completion-rate"] == Decimal("97.5")
    assert got["expenditure/fund-general-public-budget/fc-208/level"] == Decimal("23471300")


def test_economic_names_in_the_basic_expenditure_paragraph():
    got = keyed(
        read(
            "六、一般公共预算财政拨款基本支出决算情况说明\n"
            "一般公共预算财政拨款基本支出2,600.00万元，其中：工资福利支出2,000.00万元，商品和服务支出"
            "500.00万元，对个人和家庭的补助100.00万元，住房公积金80.00万元。\n"
        )
    )
    assert got["expenditure/fund-general-public-budget/nature-basic/level"].value == Decimal("26000000")
    for code, amount in (("301", "20000000"), ("302", "5000000"), ("303", "1000000"), ("30113", "800000")):
        figure = got[f"expenditure/fund-general-public-budget/nature-basic/ec-{code}/level"]
        assert figure.value == Decimal(amount) and figure.economic.scheme == "economic"


def test_meeting_and_training_costs_are_economic_lines_with_the_fund_they_name():
    got = values(
        read(
            "十一、一般公共预算“三公”经费、会议费、培训费支出预算表情况说明\n"
            "江苏省高级人民法院2017年度一般公共预算拨款安排的会议费预算支出228万元，本年数小于上年预算数。\n",
            2017,
            "budget",
        )
    )
    assert got["expenditure/fund-general-public-budget/ec-30215/level"] == Decimal("2280000")


# --- budget and final-accounts statistics ---------------------------------------------------------


def test_initial_adjusted_and_full_year_budgets_are_distinct():
    got = keyed(
        read(
            "五、一般公共预算财政拨款支出决算情况说明\n"
            "一般公共预算财政拨款支出年初预算为100.00万元，调整预算为120.00万元，全年预算数为130.00万元，"
            "支出决算为117.00万元，完成年初预算的117.00%，完成全年预算的90%。\n"
        )
    )
    base = "expenditure/fund-general-public-budget"
    assert got[f"{base}/initial-budget"].value == Decimal("1000000")
    assert got[f"{base}/adjusted-budget"].value == Decimal("1200000")
    assert got[f"{base}/full-year-budget"].value == Decimal("1300000")
    assert got[f"{base}/level"].value == Decimal("1170000")
    assert got[f"{base}/completion-rate"].value == Decimal("117.00")
    assert got[f"{base}/execution-rate"].value == Decimal("90")


def test_budget_wording_previous_year_and_comparison_year():
    got = keyed(
        read(
            "一、部门预算编制说明\n"
            "1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于专项普查活动。"
            "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%。\n"
            "2024年部门收入预算合计7,800.00万元，比上年预算增加300.00万元。\n",
            2024,
            "budget",
        )
    )
    line = "expenditure/fc-2010507"
    assert got[f"{line}/level"].value == Decimal("257700")
    assert got[f"{line}/previous-year-level"].value == Decimal("601300")
    assert got[f"{line}/decrease-percent"].comparison_year == 2023
    assert got["income/increase-amount"].comparison_year == 2023


def test_a_difference_from_the_budget_is_not_a_change_from_last_year():
    figures = read(
        "五、一般公共预算财政拨款支出决算情况说明\n"
        "一般公共预算财政拨款支出决算为90.00万元，决算数比年初预算减少10.00万元。\n"
    )
    assert not [f for f in figures if f.statistic.startswith("decrease")]
    assert [f.stated_text for f in figures if f.item == "unmapped"] == ["10.00"]


def test_flat_and_hedged():
    got = keyed(
        read(
            "七、“三公”经费财政拨款支出决算情况说明\n"
            "因公出国（境）费支出0万元，与上年持平。公务接待费支出1.35万元，与上年基本持平。\n"
        )
    )
    flat = got["overseas-travel/fund-appropriation/change-amount"]
    assert flat.value == 0 and flat.derived and flat.stated_text == "持平" and flat.comparison_year == 2022
    assert "official-reception/fund-appropriation/change-amount" not in got  # 基本持平 is no 0


def test_a_hedged_flat_keeps_its_subject_and_publishes_nothing():
    """ "公务接待费支出1.35万元，与上年基本持平": no change of 0 is published, but what the words are about
    is resolved as a plain 持平's is and kept for the claim code (NarrativeResult.subjects); the plain
    持平 before it is published, not kept there. Before, a hedged flat kept no subject."""
    result = read_result(
        "七、“三公”经费财政拨款支出决算情况说明\n"
        "因公出国（境）费支出0万元，与上年持平。公务接待费支出1.35万元，与上年基本持平。\n"
    )
    assert "official-reception/fund-appropriation/change-amount" not in keyed(result.figures)
    (kept,) = result.subjects
    assert "/".join(kept.key()) == "official-reception/fund-appropriation/change-amount"
    assert kept.comparison_year == 2022 and kept.anchor is not None


def test_flat_after_a_comparison_in_a_clause_of_its_own():
    """与2022年度相比，持平 (the subject of the clause before) and 与2022年度相比，X持平 (X named after it)."""
    got = keyed(
        read(
            "七、“三公”经费财政拨款支出决算情况说明\n"
            "因公出国（境）费支出3.00万元，与2022年度相比，持平。"
            "与上年相比，公务接待费持平。公务用车购置及运行维护费支出2.00万元，与上年相比，略有持平。\n"
        )
    )
    for item in ("overseas-travel", "official-reception"):
        flat = got[f"{item}/fund-appropriation/change-amount"]
        assert flat.value == 0 and flat.stated_text == "持平" and flat.comparison_year == 2022, item
    assert "official-vehicles/fund-appropriation/change-amount" not in got  # hedged: no 0


def test_zero_stated_in_words_and_a_bare_zero():
    figures = read(
        "八、政府性基金预算财政拨款收入支出决算情况说明\n"
        "本部门2023年度无政府性基金预算财政拨款收入和支出。\n"
        "九、“三公”经费财政拨款支出决算情况说明\n"
        "2023年度“三公”经费支出为0，主要原因是严格控制支出。\n"
        "注：本部门无国有资本经营预算财政拨款支出，故本表无数据。\n"
    )
    got = keyed(figures)
    assert got["income/fund-government-fund/level"].value == 0
    assert got["income/fund-government-fund/level"].derived  # read from words
    assert got["expenditure/fund-government-fund/level"].stated_text.startswith("无政府性基金")
    bare = got["three-public-expenses/fund-appropriation/level"]
    assert bare.value == 0 and bare.stated_text == "0" and not bare.derived
    assert "expenditure/fund-state-capital/level" not in got  # a table's note: the table reader's


def test_ambiguous_other_basis_and_signed_change():
    figures = read(
        "十、机关运行经费支出情况\n"
        "2023年机关运行经费支出100.00万元，比上年减少0.15万元，下降（增长）27.78%。\n"
        "按与上年统计口径一致相比，本年比上年减少161.96万元。\n"
        "机关运行经费增减-12.50万元。\n"
    )
    got = keyed(figures)
    assert got["agency-operating-costs/decrease-amount"].value == Decimal("1500")
    assert "agency-operating-costs/decrease-percent" not in got
    assert got["agency-operating-costs/change-amount"].value == Decimal("-125000")
    assert sorted(f.stated_text for f in figures if f.item == "unmapped") == ["161.96", "27.78"]


def test_numbers_without_separators_fullwidth_yuan_and_yi():
    got = values(
        read(
            "一、收支预算总表情况说明\n"
            "江苏省高级人民法院2017年度收入、支出预算总计28849.38万元。\n"
            "本年收入合计１２，３４５．６７万元。\n"
            "二、支出预算情况说明\n"
            "本年支出合计1.2345亿元，其中：基本支出10,992,193元。\n",
            2017,
            "budget",
        )
    )
    assert got["total-income/level"] == Decimal("288493800")
    assert got["total-expenditure/level"] == Decimal("288493800")
    assert got["income/level"] == Decimal("123456700")
    assert got["expenditure/level"] == Decimal("123450000")
    assert got["expenditure/nature-basic/level"] == Decimal("10992193")


def test_page_numbers_at_page_breaks_do_not_join_the_number():
    got = values(
        read(
            "一、收支预算总体情况说明\n"
            "江苏省委办公厅2018年度收入、支出预算总计24458.43万元，与上年相比收、支预算总计各增加3608.98万元，增长\n"
            "3\f17.31%。\n",
            2018,
            "budget",
        )
    )
    assert got["total-income/increase-percent"] == Decimal("17.31")


def test_every_narrative_figure_keeps_its_sentence_and_heading_path():
    text = "五、一般公共预算财政拨款支出决算情况说明\n（二）一般公共预算财政拨款支出决算结构情况\n教育支出20.00万元，占100%。\n"
    figures = read(text)
    assert figures
    for figure in figures:
        assert figure.span.text.startswith("教育支出20.00万元")
        assert (
            figure.span.locator
            == "一般公共预算财政拨款支出决算情况说明 / 一般公共预算财政拨款支出决算结构情况"
        )
        assert text[figure.anchor :].startswith(figure.stated_text)


# --- property tests ------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
_FACTORS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


@settings(max_examples=60, deadline=None)
@given(
    st.decimals(
        min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False, allow_infinity=False
    ),
    st.sampled_from(sorted(_FACTORS)),
    st.booleans(),
    st.booleans(),
)
def test_amounts_are_exact_however_printed(value: Decimal, unit: str, separators: bool, fullwidth: bool):
    printed = f"{value:,.2f}" if separators else f"{value:.2f}"
    if fullwidth:
        printed = printed.translate(_FULLWIDTH)
    got = keyed(read(f"一、收入支出决算总体情况说明\n本单位2023年度收入总计{printed}{unit}。\n"))
    figure = got["total-income/level"]
    assert figure.value == Decimal(f"{value:.2f}") * _FACTORS[unit]
    assert figure.stated_text == printed and figure.stated_unit == unit


@settings(max_examples=40, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))
def test_percentages_keep_their_printed_precision(value: Decimal):
    printed = f"{value:.2f}"
    got = keyed(
        read(f"二、收入决算情况说明\n本年收入合计100.00万元，其中：财政拨款收入50.00万元，占{printed}%。\n")
    )
    share = got["income/fund-appropriation/share"]
    assert str(share.value) == printed and share.share_of == "income"


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("一般公共预算收入预算28849.38万元。", "income/fund-general-public-budget/level"),
        ("财政专户管理资金收入预算总计0万元。", "income/fund-special-account/level"),
        ("其他资金收入预算总计80万元。", "income/fund-other/level"),
        ("上年结转资金预算数为0万元。", "opening-carry-over/level"),
        ("单位预留机动经费预算数为182.92万元。", "expenditure/nature-reserve/level"),
        (
            "2019年度政府采购支出预算总额1,624.42万元，其中：拟采购货物支出350万元。",
            "procurement-goods/level",
        ),
        ("我校2021年收支总预算490,808.40万元。", "total-expenditure/level"),
        ("上海市普陀区人民政府万里街道办事处收入预算15621.11万元。", "total-income/level"),
        ("2021年本年预算收入390,140.45万元。", "income/level"),
    ],
)
def test_budget_totals_by_their_budget_names(sentence: str, key: str):
    assert key in keyed(read(f"一、收支预算总体情况说明\n{sentence}\n", 2019, "budget"))


def test_wan_without_yuan_percentage_points_and_jiangfu():
    figures = read(
        "七、“三公”经费财政拨款支出决算情况说明\n"
        "国内公务接待支出0.39万（含外宾接待支出0.00万元），比上年减少0.15万元，降幅27.78%。\n"
        "项目支出执行率比上年提高5个百分点。\n"
    )
    got = keyed(figures)
    assert got["domestic-reception/fund-appropriation/level"].value == Decimal("3900")
    assert got["domestic-reception/fund-appropriation/level"].stated_unit == "万"
    assert got["foreign-reception/fund-appropriation/level"].value == 0
    assert got["domestic-reception/fund-appropriation/decrease-percent"].value == Decimal("27.78")
    assert "foreign-reception/fund-appropriation/decrease-percent" not in got
    assert [f.stated_text for f in figures if f.item == "unmapped"] == ["5"]  # points are no rate of change


def test_wan_without_yuan_spaced_as_a_text_extraction_prints_it():
    """raw 102: '国内公务接待支出 0.39 万（含…）' (a blank before 万): the domestic reception is 0.39万, not the
    aside's 0.00 (a false hierarchy-parts-incomplete Warning)."""
    got = keyed(
        read(
            "七、“三公”经费财政拨款支出决算情况说明\n国内公务接待支出 0.39 万（含外宾接待支出 0.00 万元）。\n"
        )
    )
    assert got["domestic-reception/fund-appropriation/level"].value == Decimal("3900")
    assert got["foreign-reception/fund-appropriation/level"].value == 0


def test_equipment_counted_by_the_threshold_stated_before_it():
    figures = read(
        "十、国有资产占用情况\n"
        "单价50万元以上通用设备1台（套），单价100万元以上专用设备2台（套）。单价20万元（含）以上的设备4台（套）。\n"
        "七、“三公”经费财政拨款支出决算情况说明\n"
        "全年安排因公出国（境）团组1个，累计3人次；国内公务接待20批次，150人次。\n"
    )
    got = values(figures)
    assert got["general-equipment-over-500k/level"] == 1
    assert got["equipment-over-1m/level"] == 2
    assert [f.stated_text for f in figures if f.item == "unmapped"] == ["4"]  # no item for 20万元
    assert got["overseas-travellers/fund-appropriation/level"] == 3  # the fund of the count it completes
    assert got["domestic-reception-visitors/fund-appropriation/level"] == 150


def test_a_total_its_stated_parts_add_up_to_is_the_years_figure():
    """'收入总计' used for 本年收入合计 (the central template): the year's sources add up to it."""
    figures = read(
        "一、收入支出决算总体情况说明\n"
        "学校2023年度收入总计430,725.03万元，与2022年度相比，减少23,616.80万元。\n"
        "二、收入决算情况说明\n"
        "学校2023年度收入总计430,725.03万元，财政拨款收入243,015.38万元，占收入总额56.42%；"
        "事业收入136,385.24万元；其他收入51,324.41万元。\n"
    )
    got = keyed(figures)
    assert got["income/level"].value == Decimal("4307250300")
    assert got["income/decrease-amount"].value == Decimal("236168000")
    assert got["income/fund-appropriation/share"].share_of == "income"
    assert "total-income/level" not in got


@pytest.mark.parametrize(
    "text",
    [
        # the narrative names 本年收入合计 itself: its 收入总计 is the total
        "收入总计300.00万元，其中：财政拨款收入200.00万元，其他收入100.00万元。本年收入合计300.00万元。",
        # a carry-over among the parts: the total holds it
        "收入总计300.00万元，其中：财政拨款收入200.00万元，年初结转和结余100.00万元。",
        # the parts do not add up
        "收入总计300.00万元，其中：财政拨款收入200.00万元，其他收入90.00万元。",
    ],
)
def test_a_total_stays_the_total_otherwise(text: str):
    assert "total-income/level" in keyed(read(f"二、收入决算情况说明\n{text}\n"))


def test_a_sentence_without_end_quotes_a_bounded_window_around_each_number():
    """Thousands of amounts on one line with no 。: each figure's span is bounded, so the quoted text
    grows with the number of figures, not with its square."""
    from converter.parse.number_reading import MAX_SENTENCE_SPAN

    def quoted(rows: int) -> tuple[int, int]:
        text = "2023年度部门决算情况说明\n一、支出情况 " + "".join(
            f"项目{i}支出10.00万元 占比8.00% " for i in range(rows)
        )
        figures = read(text)
        spans = {(f.span.start, f.span.end) for f in figures if f.span is not None}
        return sum(end - start for start, end in spans), max(end - start for start, end in spans)

    small, widest_small = quoted(300)
    large, widest_large = quoted(1200)
    assert widest_large <= MAX_SENTENCE_SPAN + 40 and widest_small <= MAX_SENTENCE_SPAN + 40
    assert large <= 6 * small  # four times the figures: about four times the quoted text


def test_the_uses_of_vehicles_bought_are_not_the_uses_of_vehicles_held():
    """108 states the fleet, then the purchase, each broken down by use: "其他用车7辆" held and "其他用车1辆"
    bought are two figures, not one stated twice."""
    text = (
        "国有资产占有使用情况\n截至2023年8月31日，本部门共有车辆7辆，其中：执法执勤用车2辆、其他用车5辆。"
        "2024年部门预算安排购置车辆1辆，其中：执法执勤用车0辆、其他用车1辆；\n"
    )
    got = {(f.item, f.value) for f in read(text, 2024, "budget")}
    assert {("vehicles-held", 7), ("vehicles-law-enforcement", 2), ("vehicles-other-use", 5)} <= got
    assert {("vehicles-purchased", 1), ("vehicles-purchased-law-enforcement", 0)} <= got
    assert ("vehicles-purchased-other-use", 1) in got and ("vehicles-other-use", 1) not in got


def test_a_change_whose_clause_names_nothing_is_of_the_item_the_clause_before_names():
    """102: "主要原因：项目支出增加，较上一度增加1133.95万元" is the change of 项目支出, not of the total
    the sentence before speaks of."""
    text = (
        "收入支出决算总体情况说明\n本部门2024年度收入支出总计9859.38万元。与2023年度相比，收入支出总计增加"
        "1062.85万元，增长12.08%。主要原因：项目支出增加，较上一度增加1133.95万元，主要由于办公大楼装修等。\n"
    )
    got = {(f.item, f.nature, f.statistic, f.value) for f in read(text, 2024)}
    assert ("expenditure", "project", "increase-amount", 11339500) in got
    assert ("total-expenditure", "all", "increase-amount", 10628500) in got
    assert not [g for g in got if g[0] == "total-expenditure" and g[3] == 11339500]


def test_what_smes_were_awarded_named_by_the_clauses_before_the_amount():
    """Shanghai's wording: "在…项目中，由中小企业供应商中标或成交的，采购金额N万元": the amount's own phrase
    names only a measure; the clauses before it say whose award it is and in which projects."""
    got = values(
        read(
            "（二）政府采购支出情况\n"
            "本部门政府采购金额为251.25万元。本部门面向中小企业预留政府采购项目预算金额246.47万元，面向小微企"
            "业预留政府采购项目预算金额0万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，"
            "采购金额246.47万元；在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额0万元；"
            "在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额4.79万元。\n"
        )
    )
    assert got["procurement-sme-reserved/level"] == Decimal("2464700")
    assert got["procurement-sme-in-reserved/level"] == Decimal("2464700")
    assert got["procurement-small-micro-in-reserved/level"] == Decimal("0")
    assert got["procurement-sme-in-other/level"] == Decimal("47900")
    assert not [k for k in got if k.startswith("unmapped")]


def test_a_bare_measure_without_clauses_naming_it_stays_unmapped():
    got = values(read("（二）政府采购支出情况\n经核对，采购金额12.00万元。\n"))
    assert not [k for k in got if k.startswith("procurement-sme")]


def test_establishment_staff_and_divisions_are_counted_items():
    """The 机构设置 paragraph in the wordings of several provinces: the organisation's own divisions, its
    establishment (a kind of 事业编制 by funding is a part, not the whole), its staff and its units."""
    got = values(
        read(
            "一、部门基本情况\n"
            "本单位内设处室8个。编制人数小计120人，其中：行政编制人数20人，全部补助事业编制人数100人。"
            "纳入本部门决算汇编范围的独立核算单位共3个。其中：行政单位1个，事业单位2个。"
            "年末实有人数95人。事业编制70人。\n"
        )
    )
    assert got["internal-divisions/level"] == Decimal(8)
    teams = values(
        read(
            "一、部门基本情况\n2、国内安全保卫大队\n负责收集情报信息。内设2个中队,即情报信息中队、机动侦察中队。\n"
        )
    )
    assert "internal-divisions/level" not in teams  # a division's own teams, not the organisation's
    assert got["authorised-posts/level"] == Decimal(120)
    assert got["authorised-administrative-posts/level"] == Decimal(20)
    assert got["authorised-public-institution-posts/level"] == Decimal(70)  # 全部补助 100 is a part
    assert got["reporting-units/level"] == Decimal(3)
    assert got["subordinate-administrative-units/level"] == Decimal(1)
    assert got["subordinate-public-institutions/level"] == Decimal(2)
    assert got["staff-at-year-end/level"] == Decimal(95)
    other = values(
        read(
            "一、部门基本情况\n"
            "本单位包括6个机关行政处(科、股)室及2个下属单位。年末实有人数40人，其中行政编(含参公)18人。"
            "下属1个参照公务员法管理事业单位。\n"
        )
    )
    assert other["internal-divisions/level"] == Decimal(6)
    assert other["subordinate-units/level"] == Decimal(2)
    assert "authorised-administrative-posts/level" not in other  # staff in such posts, not the posts
    assert other["subordinate-civil-service-managed-units/level"] == Decimal(1)


def test_prose_printing_wan_without_yuan_reads_as_with_it(tmp_path):
    """A page whose prose prints 万 for 万元 ("收、支总计319.72万。", "减少1,644.52万，") reads the sample's
    figures, to the same precision (±50 yuan for 0.01万), and the audit finds the same: before, the totals,
    their changes and the procurement total were lost, and 万 counted as 元 made a rounding a Violation."""
    import re

    from converter.pipeline import convert_files
    from converter.precision import figure_half_width
    from converter.validate import validate_graph
    from tests.conftest import SAMPLE

    def converted(text: str):
        path = tmp_path / SAMPLE.name
        path.write_text(text, encoding="utf-8")
        return convert_files([path]).converted[0]

    def figures(c) -> set:
        return {
            (f.item, f.statistic, f.fund, f.nature, f.function, f.value, figure_half_width(f))
            for f in c.report.figures
        }

    text = SAMPLE.read_text(encoding="utf-8")
    wan = re.sub(r"(?<!单位：)(?<!单位:)万元(?=[，。；、）)（(\s]|$)", "万", text)
    assert wan.count("万元") < 5 < text.count("万元")
    plain, printed = converted(text), converted(wan)
    assert figures(printed) == figures(plain)
    findings = {(f.rule, f.severity, f.message) for f in validate_graph(printed.graph).findings}
    assert findings == {(f.rule, f.severity, f.message) for f in validate_graph(plain.graph).findings}


def test_wan_of_a_population_is_no_money():
    figures = read("一、部门概况\n辖区人口为3.5万。全年收入总计319.72万。\n")
    assert [f.value for f in figures if f.measure.value == "amount"] == [Decimal("3197200")]


def test_a_project_budget_stated_with_gong_ji_is_the_projects_full_year_budget():
    """ "特定目标类项目预算共计50.44万元" (the sample): 共计 read as 为 leaves "预算" as the bare statistic,
    which in final accounts defaults to the initial budget; the phrase names which budget (a project's
    全年预算), and its figure stays project-funds (after the 共计 reading, it was published unmapped)."""
    from converter.pipeline import convert_files
    from tests.conftest import SAMPLE

    report = convert_files([SAMPLE]).converted[0].report
    funds = {
        (f.statistic, f.value)
        for f in report.figures
        if f.item == "project-funds" and f.span.text.startswith("特定目标类项目预算共计")
    }
    assert funds == {("full-year-budget", Decimal("504400")), ("execution-rate", Decimal("100"))}
