"""One test per section of the sample: what each section must yield, read from the document."""

from __future__ import annotations

from decimal import Decimal

import pytest

from converter.model import Figure, Report


def find(report: Report, *key: str) -> Figure:
    for figure in report.figures:
        if figure.key() == key:
            return figure
    raise AssertionError(f"no figure {'/'.join(key)}")


def test_cover(sample_report):
    assert sample_report.phase.value == "final"
    assert sample_report.title_span.text.replace("\n", "").replace(" ", "").startswith("2022年度")


def test_part1_overview(sample_report):
    org = sample_report.organisation
    assert len(org.responsibilities) >= 19
    assert org.responsibilities[0].text.startswith("贯彻执行党和国家")
    assert any("办公室" in o.text for o in org.internal_offices)
    assert find(sample_report, "subordinate-units", "level").value == 1


def test_section1_totals_and_change(sample_report):
    level = find(sample_report, "total-income", "level")
    assert level.value == Decimal("3197200")
    assert level.stated_unit == "万元" and level.stated_text == "319.72"
    decrease = find(sample_report, "total-expenditure", "decrease-amount")
    assert decrease.stated_text == "1,644.52"
    assert find(sample_report, "total-income", "decrease-percent").value == Decimal("83.7")


def test_section2_income_by_source(sample_report):
    assert find(sample_report, "income", "fund-government-fund", "level").value == 0
    assert find(sample_report, "income", "fund-other", "share").value == 0  # "占0%" after a page break


def test_section3_expenditure_by_nature(sample_report):
    assert find(sample_report, "expenditure", "nature-subsidy-to-affiliates", "level").value == 0
    share = find(sample_report, "expenditure", "nature-basic", "share")
    assert share.share_of == "expenditure"


def test_section4_appropriation_totals(sample_report):
    assert find(sample_report, "total-income", "fund-appropriation", "level").value == Decimal("3197200")
    assert find(
        sample_report, "total-expenditure", "fund-appropriation", "decrease-percent"
    ).value == Decimal("83.7")


def test_section5_class_structure_and_detail(sample_report):
    gpb = "fund-general-public-budget"
    zero_classes = [
        f for f in sample_report.figures if f.function and len(f.function.code) == 3 and f.value == 0
    ]
    assert len({f.function.code for f in zero_classes}) >= 20
    detail = find(sample_report, "expenditure", gpb, "fc-2101103", "level")
    assert "levels-swapped" in detail.function.discrepancies
    assert "公务员医疗补助（款）" in detail.function.wording
    label = find(sample_report, "expenditure", gpb, "fc-201", "level")
    assert label.function.wording == "一般公共预算服务支出"
    assert label.function.national_label == "一般公共服务支出"
    assert "label-variant" in label.function.discrepancies
    assert find(sample_report, "expenditure", gpb, "fc-2011301", "completion-rate").value == 100


def test_section6_basic_expenditure(sample_report):
    basic = find(sample_report, "expenditure", "fund-general-public-budget", "nature-basic", "level")
    assert basic.value == Decimal("2692800")


def test_section7_three_public(sample_report):
    three = find(sample_report, "three-public-expenses", "fund-appropriation", "increase-percent")
    assert three.value == Decimal("5.25")  # published as stated; the integrity rules flag it
    assert find(sample_report, "foreign-reception-batches", "fund-appropriation", "level").value == 0
    assert find(sample_report, "domestic-reception-batches", "fund-appropriation", "level").value == 5


def test_sections8_9_funds(sample_report):
    assert find(sample_report, "expenditure", "fund-government-fund", "level").value == 0
    assert find(sample_report, "expenditure", "fund-state-capital", "level").value == 0


def test_section10_other_matters(sample_report):
    assert find(sample_report, "procurement", "level").value == Decimal("14800")
    assert find(sample_report, "procurement-sme", "share").share_of == "procurement"
    assert find(sample_report, "equipment-over-1m", "level").value == 0
    assert find(sample_report, "projects-with-targets", "level").value == 3


def test_part4_performance_tables(sample_report):
    names = [p.name for p in sample_report.projects]
    assert names == [
        "区级部门整体绩效自评体系评分表",
        "乐山市市中区2022年春节“走基层送温暖”活动",
        "嘉州工业园区建设指挥部工作经费",
        "2022年机关运行",
    ]
    scoring = sample_report.projects[0]
    assert len(scoring.indicators) == 14
    assert sum(i.score for i in scoring.indicators) == 95  # the table's own total, 部门整体自评得分
    assert scoring.indicators[1].weight == 10 and scoring.indicators[1].score == 6
    running = sample_report.projects[3]
    assert len(running.indicators) == 29
    electricity = next(i for i in running.indicators if i.level3 == "保障用电的度数")
    assert (electricity.comparator, electricity.target_value, electricity.unit) == (
        "≥",
        Decimal("18000"),
        "千瓦时",
    )
    assert electricity.level1 == "产出指标" and electricity.level2 == "数量指标"
    assert electricity.target_text == "≥18000千瓦时"
    qualitative = next(i for i in running.indicators if i.level3 == "内控管理制度健全性")
    assert qualitative.target_value is None and qualitative.target_text == "优良中低差"
    rate = find(sample_report, "project-funds", "project-2022年机关运行", "execution-rate")
    assert rate.value == 100 and rate.stated_text == "1"


def test_every_required_narrative_section_found(sample_report):
    narrative = [s for s in sample_report.sections if not s.key.startswith("table:")]
    assert len(narrative) >= 10
    assert [s.title for s in narrative if not s.found] == []


@pytest.mark.parametrize("code", ["unmapped-figure", "unparsed-figure"])
def test_warnings_carry_locations(sample_report, code):
    for warning in sample_report.warnings:
        if warning.code == code:
            assert warning.span is not None and warning.span.start < warning.span.end
