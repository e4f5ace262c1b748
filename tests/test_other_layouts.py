"""A narrative in another province's wording (a synthetic document written for this test, in the
phrasing common outside the sample's and Shanghai's templates): every figure understood."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from converter.pipeline import convert_files

DOCUMENT = Path(__file__).parent / "fixtures" / "synthetic_other_province_style.txt"


@pytest.fixture(scope="module")
def report():
    return convert_files([DOCUMENT]).converted[0].report


def value(report, *key):
    found = {f.key(): f.value for f in report.figures}
    assert key in found, key
    return found[key]


def test_organisation_and_region(report):
    assert report.organisation.name == "湖南省长沙市岳麓区教育局"
    assert report.organisation.region.code == "430104"


def test_nothing_unmapped(report):
    assert [f.stated_label for f in report.figures if f.item == "unmapped"] == []
    assert [w.message for w in report.warnings if w.code in ("unmapped-figure", "unparsed-figure")] == []


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # "收入总计12,345.67万元 ... 收入总计增加1,234.56万元，增长11.1%"
        (("total-income", "level"), "123456700"),
        (("total-income", "increase-percent"), "11.1"),
        # "财政拨款收入、支出总计各增加800.00万元": both totals
        (("total-income", "fund-appropriation", "increase-amount"), "8000000"),
        (("total-expenditure", "fund-appropriation", "increase-amount"), "8000000"),
        # "“三公”经费财政拨款支出预算为20.00万元，支出决算为15.00万元，完成预算的75%"
        (("three-public-expenses", "fund-appropriation", "initial-budget"), "200000"),
        (("three-public-expenses", "fund-appropriation", "level"), "150000"),
        # "教育支出（类）普通教育（款）初中教育（项）。年初预算为3,000.00万元，支出决算为3,900.00万元"
        (("expenditure", "fund-general-public-budget", "fc-2050203", "initial-budget"), "30000000"),
        (("expenditure", "fund-general-public-budget", "fc-2050203", "level"), "39000000"),
        # "接待20批次、共计150人次"
        (("domestic-reception-batches", "fund-appropriation", "level"), "20"),
        (("domestic-reception-visitors", "fund-appropriation", "level"), "150"),
        # "公务用车保有量为3辆", "所属12个单位", "对5个项目开展了绩效自评，涉及资金3,500.00万元"
        (("vehicles-held", "level"), "3"),
        (("subordinate-units", "level"), "12"),
        (("projects-self-evaluated-funds", "level"), "35000000"),
        # "授予中小企业合同金额250.00万元，占政府采购支出总额的83.33%"
        (("procurement-sme", "share"), "83.33"),
    ],
)
def test_figures(report, key, expected):
    assert value(report, *key) == Decimal(expected)


BUDGET = Path(__file__).parent / "fixtures" / "synthetic_budget_other_province_style.txt"


def test_budget_in_other_wording():
    """A 部门预算 whose contents list has no parts (第X部分) and whose totals carry 预算 inside their
    names ("收入预算总计", "收支预算总计", "一般公共预算拨款收入")."""
    report = convert_files([BUDGET]).converted[0].report
    assert report.phase.value == "budget" and report.fiscal_year == 2024
    assert report.organisation.region.code == "440106"
    found = {f.key(): f.value for f in report.figures}
    assert found[("total-income", "level")] == Decimal("80000000")
    assert found[("total-expenditure", "increase-amount")] == Decimal("5000000")
    assert found[("income", "level")] == Decimal("78000000")
    assert found[("income", "fund-general-public-budget", "share")] == Decimal("89.74")
    assert found[("total-income", "fund-appropriation", "increase-percent")] == Decimal("4.29")
    assert found[("expenditure", "fund-general-public-budget", "fc-2100201", "level")] == Decimal("30000000")
    assert found[("procurement", "level")] == Decimal("2000000")
    # the one line whose names the lists lack is published with its wording, and warned about
    unmapped = [f for f in report.figures if f.item == "unmapped"]
    assert [f.stated_label for f in unmapped] == ["卫生健康支出（类）公共卫生（款）基本公共卫生服务（项）"]
