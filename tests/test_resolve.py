"""Name -> code resolution: classification lines in words, label variants, regions."""

from __future__ import annotations

import json

import pytest

from converter.resolve.classification import MIN_VARIANT_SIMILARITY, function_classification
from converter.resolve.names import normalise_name
from converter.resolve.region import regions
from tests.conftest import SAMPLE_EXPECTED

FC = function_classification()


def test_the_samples_classified_lines_resolve_to_the_expected_codes(sample_report):
    expected = json.loads(SAMPLE_EXPECTED.read_text(encoding="utf-8"))
    wanted = sorted(f["code"] for f in expected["figures"] if "code" in f and len(f["code"]) == 7)
    got = sorted(
        {
            f.function.code
            for f in sample_report.figures
            if f.function and len(f.function.code) == 7 and f.statistic == "level"
        }
    )
    assert got == wanted  # the 10 项 lines of 五（三）


@pytest.mark.parametrize(
    ("names", "code", "discrepancy"),
    [
        (["一般公共服务", "商贸事务", "行政运行"], "2011301", None),
        (["社会保障和就业支出", "行政事业单位养老支出", "其他行政事业单位养老支出"], "2080599", None),
        (["卫生健康支出", "公务员医疗补助", "行政单位医疗"], "2101103", "levels-swapped"),
        (["住房保障支出", "住房改革支出", "住房公积金"], "2210201", None),
        (["衛生健康支出", "行政事業單位醫療", "行政單位醫療"], "2101101", None),  # traditional characters
    ],
)
def test_paths(names, code, discrepancy):
    ref = FC.resolve_path(names, "".join(names))
    assert ref is not None and ref.code == code
    if discrepancy:
        assert discrepancy in ref.discrepancies and ref.confidence < 1
    else:
        assert ref.confidence == 1.0 and ref.discrepancies == ()


def test_a_line_already_taken_prefers_the_other_reading():
    ref = FC.resolve_path(["卫生健康支出", "公务员医疗补助", "行政单位医疗"], "x", {"2101103"})
    assert ref is not None and ref.code == "2101101"  # the 项 wording, under its own 款
    assert "parent-differs" in ref.discrepancies


def test_label_variant_is_resolved_and_flagged():
    ref = FC.resolve_top("一般公共预算服务支出")
    assert ref.code == "201" and ref.national_label == "一般公共服务支出"
    assert ref.discrepancies == ("label-variant",)
    assert MIN_VARIANT_SIMILARITY <= ref.confidence < 1


def test_trailing_zhichu_is_not_a_discrepancy():
    assert FC.resolve_top("一般公共服务").discrepancies == ()


@pytest.mark.parametrize("name", ["火星探测支出", "宇宙飞船维修", "办公用品采购清单"])
def test_made_up_names_do_not_resolve(name):
    assert FC.resolve_top(name) is None
    assert FC.resolve_path([name, "行政运行"], name) is None


def test_pinyin_glosses_are_ignored():
    assert normalise_name("財(cái)政事務") == "财政事务"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("乐山市市中区经济和信息化局", "511102"),
        ("内江市市中区教育局", "511002"),
        ("四川省乐山市市中区财政局", "511102"),
        ("上海市普陀区财政局", "310107"),
        ("乐山市财政局", "511100"),
        ("四川省财政厅", "510000"),
    ],
)
def test_region_prefix(name, code):
    ref = regions().resolve_prefix(name)
    assert ref is not None and ref.code == code


def test_shizhongqu_alone_is_ambiguous_and_the_city_decides():
    named = [d for d in regions().by_code.values() if d.name == "市中区"]
    assert len(named) >= 2
    assert regions().resolve_prefix("市中区经济和信息化局") is None


def test_region_hierarchy_walk():
    chain = ["511102"]
    while (parent := regions().parent(chain[-1])) is not None:
        chain.append(parent)
    assert chain == ["511102", "511100", "510000"]


# The bundled lists give some codes their 2017 names only (hand-compiled, SOURCES.md): a document of
# another edition words them otherwise, which is no sign of a wrong code; another line's name is.
@pytest.mark.parametrize(
    ("resolve", "code", "discrepancies"),
    [
        # 20805 is 行政事业单位离退休 in the older edition: the 款 of a 2018 budget
        (
            lambda: FC.resolve_path(
                ["社会保障和就业支出", "行政事业单位离退休", "机关事业单位基本养老保险缴费"], "x"
            ),
            "2080505",
            ("label-other-edition",),
        ),
        (lambda: FC.resolve_top("文化体育与传媒支出"), "207", ("label-other-edition",)),  # 207 before 2019
        # the lists give 2040607 only its 2017 name 法律援助
        (
            lambda: FC.resolve_code("2040607", "公共法律服务"),
            "2040607",
            ("label-differs", "legacy-edition-only"),
        ),
        # 22102 is 住房改革支出: 住房保障支出 is the 类's name, written in the 款's place
        (
            lambda: FC.resolve_path(["住房保障支出", "住房保障支出", "住房公积金"], "x"),
            "2210201",
            ("parent-differs",),
        ),
    ],
)
def test_a_name_of_another_edition_is_told_from_a_wrong_name(resolve, code, discrepancies):
    ref = resolve()
    assert ref is not None and ref.code == code
    assert ref.discrepancies == discrepancies


def test_a_code_printed_with_another_lines_name():
    from converter.resolve.classification import economic_classification

    ec = economic_classification()
    assert (
        ec.resolve_code("30104", "其他社会保障缴费").discrepancies[0] == "label-names-other-code"
    )  # 30112's
    assert ec.resolve_code("30104", "社会保障缴费").discrepancies == ("legacy-edition-only",)
    parent = FC.resolve_code("2169999", "其他商业服务业等支出")  # its 款's name: above it, not another line
    assert parent is not None and "label-names-other-code" not in parent.discrepancies
