"""Years printed in Chinese numerals ("二〇二四年九月", "二○二三年度部门决算", "截至二〇二三年十二月三十一日")
read as the Arabic ones (converter.parse.chinese_numerals): the sample and 101 with their years so
written publish the same identity, figures and findings; a wrong year so written is found as the Arabic
one is, and its finding quotes the characters the document prints."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from converter.model import Evidence
from converter.parse.chinese_numerals import arabic_years, numeral_value
from converter.parse.normalise import matching_text
from converter.pipeline import convert_files
from tests.conftest import SAMPLE, SHARED, shared_path
from tests.redate import chinese_years, spell_number, spell_year
from tests.text_rules import findings

RAW_101 = ("corpus", "raw", "101_shanghai_putuo_caizhengju_2024_full.txt")
WEB_PAGES = sorted(p.name for p in (SHARED / "corpus" / "web").glob("0*.txt"))


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("二〇二四年九月", "2024年九月"),
        ("二○二三年度部门决算", "2023年度部门决算"),  # U+25CB
        ("截至二零二二年十二月三十一日", "截至2022年十二月三十一日"),
        ("一九九八年", "1998年"),
        ("二O二四年", "2024年"),  # a letter O for the zero
        ("二〇二三—二〇二五年", "2023—2025年"),  # a range: its first year too
        ("二 〇 二 四 年 度", "2024    年 度"),  # a cover's spaced characters: the digits first, same length
        # no year: a run of numerals longer than four, no 年 after it, a numeral before it, not 19xx/20xx
        ("一二三四五年", "一二三四五年"),
        ("二〇二四", "二〇二四"),
        ("十二〇二四年", "十二〇二四年"),
        ("三〇二四年", "三〇二四年"),
    ],
)
def test_arabic_years_maps_in_place(text, read):
    assert arabic_years(text) == read
    assert len(matching_text(text)) == len(text)


def test_month_and_day_numerals():
    assert [numeral_value(s) for s in ("9", "12", "九", "十", "十二", "二十", "二十六", "三十", "三十一")] == [
        9, 12, 9, 10, 12, 20, 26, 30, 31,
    ]  # fmt: skip
    # the tests' spelling is the reader's inverse
    assert all(numeral_value(spell_number(n)) == n for n in range(1, 32))
    assert arabic_years(spell_year(2024, "○") + "年") == "2024年"


def _convert(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    return result.converted[0], result.base


def _figures(report) -> list[tuple[str, str, str, str]]:
    return sorted((f.item, f.statistic, f.fund or "", str(f.value)) for f in report.figures)


def _identity(report) -> dict[str, str]:
    return {key: field.value for key, field in report.identity.items()}


def _rules(converted, base) -> Counter:
    return Counter((rule, severity) for rule, severity, _value in findings(converted.graph, base))


def _year_mentions(report) -> list[Evidence]:
    return [e for e in report.evidence if e.kind == "YearMention"]


@pytest.mark.parametrize("zeros", ["〇", "○", "零", "〇○零"])
def test_the_sample_with_its_years_in_chinese_numerals_reads_as_the_sample(tmp_path, zeros):
    """Every year before 年 written in Chinese numerals, and the months and days after them (the title
    二〇二二年度, 公开时间：二〇二三年十月十七日, 截至二〇二二年十二月三十一日, 与二〇二一年相比): the same year,
    date of publication, figures and findings (before: no year, no date, 237 of 240 figures)."""
    text = SAMPLE.read_text(encoding="utf-8")
    original, base = _convert(tmp_path, SAMPLE.name, text)
    spelled_text = chinese_years(text, zeros)
    assert "二〇二二年度" in spelled_text or "二○二二年度" in spelled_text or "二零二二年度" in spelled_text
    spelled, spelled_base = _convert(tmp_path, "spelled_" + SAMPLE.name, spelled_text)
    assert spelled.report.fiscal_year == original.report.fiscal_year == 2022
    assert spelled.report.published == original.report.published == date(2023, 10, 17)
    assert _identity(spelled.report) == _identity(original.report)
    assert _figures(spelled.report) == _figures(original.report)
    assert _rules(spelled, spelled_base) == _rules(original, base)
    stated = [
        (dict(e.values).get("statedYear"), dict(e.values).get("yearRole"))
        for e in _year_mentions(spelled.report)
    ]
    assert stated == [
        (dict(e.values).get("statedYear"), dict(e.values).get("yearRole"))
        for e in _year_mentions(original.report)
    ]


@pytest.mark.parametrize("heading", ["二〇二二年度", "二○二二年度", "二 〇 二 二 年 度"])
def test_a_title_only_in_chinese_numerals_gives_the_year(tmp_path, heading):
    """The heading's year (above the organisation's name) in Chinese numerals, spaced out as covers print
    it or not, and the document's own year removed from every other line: the fiscal year is the
    heading's, its span quotes the numerals (before: no year)."""
    text = SAMPLE.read_text(encoding="utf-8")
    before, _, rest = text.partition("2022年度\n")
    assert before.strip() == "" and "2022年" in rest
    page = before + heading + "\n" + rest.replace("2022年", "本年")
    converted, _ = _convert(tmp_path, "heading_" + SAMPLE.name, page)
    year = converted.report.identity["year"]
    assert (year.value, year.source.value) == ("2022", "heading")
    assert year.span is not None and heading in year.span.text
    assert converted.report.fiscal_year == 2022


# (old, the Arabic mutation, the same in Chinese numerals, the rule): wrong years in the sample (a 2022 决算)
WRONG_YEARS = [
    ("与2021年相比，收、支总计", "与2020年相比，收、支总计", "与二〇二〇年相比，收、支总计", "years-comparison"),
    ("截至2022年12月31日", "截至2021年12月31日", "截至二〇二一年十二月三十一日", "years-assets-date"),
    ("截至2022年12月底", "截至2021年12月底", "截至二○二一年十二月底", "years-assets-date"),
    ("公开时间：2023年10月17日", "公开时间：2022年10月17日", "公开时间：二〇二二年十月十七日", "years-disclosure-date"),
    ("公开时间：2023年10月17日", "公开时间：2022年10月", "公开时间：二〇二二年十月", "years-disclosure-date"),
    ("第二部分 2022年度部门决算情况说明", "第二部分 2021年度部门决算情况说明", "第二部分 二零二一年度部门决算情况说明", "years-title"),
]  # fmt: skip


def _mutated(tmp_path: Path, source: Path, old: str, new: str, name: str):
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    head, _, tail = text.rpartition(old)
    return _convert(tmp_path, name + "_" + source.name, head + new + tail)


@pytest.mark.parametrize(("old", "arabic", "chinese", "rule"), WRONG_YEARS, ids=[m[3] for m in WRONG_YEARS])
def test_a_wrong_year_in_chinese_numerals_is_found_as_the_arabic_one(tmp_path, old, arabic, chinese, rule):
    arabic_converted, arabic_base = _mutated(tmp_path, SAMPLE, old, arabic, "arabic")
    chinese_converted, chinese_base = _mutated(tmp_path, SAMPLE, old, chinese, "chinese")
    found = _rules(chinese_converted, chinese_base)
    assert (rule, "Violation") in found
    assert found == _rules(arabic_converted, arabic_base)
    # the finding's year mention quotes the numerals as printed, and reads the same month and day
    numerals = chinese[chinese.index("年") - 4 : chinese.index("年")]
    quoted = [e for e in _year_mentions(chinese_converted.report) if numerals in e.span.text]
    assert quoted, [e.span.text for e in _year_mentions(chinese_converted.report)]
    text = chinese_converted.report.text
    assert all(text[e.span.start : e.span.end] == e.span.text for e in quoted)
    arabic_values = {tuple(e.values) for e in _year_mentions(arabic_converted.report)}
    assert all(tuple(e.values) in arabic_values for e in quoted)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("截至2024年12月31日", "截至二〇二三年十二月三十一日"),
        ("与2023年度相比，收入", "与二〇二二年度相比，收入"),
    ],
)
def test_a_2024_final_account_with_a_wrong_year_in_chinese_numerals(tmp_path, old, new):
    """101 (a 2024 决算) says 截至二〇二三年十二月三十一日 or 与二〇二二年度相比: the finding of the Arabic
    mutation; said right in Chinese numerals, no finding the original does not have."""
    source = shared_path(*RAW_101)
    original, base = _convert(tmp_path, source.name, source.read_text(encoding="utf-8"))
    reference = _rules(original, base)
    right = new.replace("二〇二三", "二〇二四") if "截至" in new else new.replace("二〇二二", "二〇二三")
    right_converted, right_base = _mutated(tmp_path, source, old, right, "right")
    assert _rules(right_converted, right_base) == reference
    wrong, wrong_base = _mutated(tmp_path, source, old, new, "wrong")
    arabic, arabic_base = _mutated(tmp_path, source, old, arabic_years(new), "arabic")
    assert _rules(wrong, wrong_base) == _rules(arabic, arabic_base) != reference


@pytest.mark.parametrize(
    ("arabic", "chinese"),
    [
        ("截至2022年12月31日，固定资产", "截至二〇二二年十二月三十一日，固定资产"),
        ("2022年12月，我局车辆", "二〇二二年十二月，我局车辆"),
        ("2022年9月，公务接待", "二○二二年九月，公务接待"),
    ],
)
def test_a_label_framed_by_a_date_in_chinese_numerals_names_the_same(arabic, chinese):
    """A phrase's leading date is framing, not a name, in Chinese numerals as in Arabic."""
    from converter.parse.phrases import strip_framing

    for owner in (True, False):
        assert strip_framing(matching_text(chinese), owner) == strip_framing(matching_text(arabic), owner)


@pytest.mark.parametrize(
    ("planter", "rule"),
    [("wrong_comparison_year", "years-comparison"), ("wrong_date_year", "years-assets-date")],
)
def test_the_year_planters_plant_in_chinese_numerals(tmp_path, planter, rule):
    """bench/plants.py's year planters find their place in a page printing its years in Chinese numerals and
    write the wrong year so (before: no place); the planted page is found as the Arabic plant is."""
    from bench import plants

    def planted(text: str, name: str):
        ctx = plants.Context(text, 2022, "乐山市市中区经济和信息化局")
        plant = getattr(plants, planter)(ctx)
        assert plant is not None, f"{planter}: no place in {name}"
        (edit,) = plant.edits
        converted, base = _convert(
            tmp_path, name + "_" + SAMPLE.name, text[: edit.start] + edit.new + text[edit.end :]
        )
        return edit.new, _rules(converted, base)

    text = SAMPLE.read_text(encoding="utf-8")
    arabic_new, arabic_found = planted(text, "arabic")
    chinese_new, chinese_found = planted(chinese_years(text, "○"), "chinese")
    assert chinese_new == spell_year(int(arabic_new), "○")
    assert (rule, "Violation") in chinese_found
    assert chinese_found == arabic_found


@pytest.mark.parametrize("name", WEB_PAGES or ["(no web pages)"])
def test_web_pages_with_their_years_in_chinese_numerals_are_identified_alike(name):
    """The 20 web pages (14 provinces, headings, site chrome, 目录) with every year before 年 printed in
    Chinese numerals: the same organisation, year, phase, kind and region, from the same sources (before:
    all 20 took the year from the file name and lost the organisation)."""
    from converter.parse.document import identify_document
    from converter.read.dispatch import read_bytes

    data = shared_path("corpus", "web", name).read_bytes()

    def fields(page: bytes) -> dict[str, tuple[str, str]]:
        found = identify_document(read_bytes(page, name)).fields
        return {key: (field.value, field.source.value) for key, field in found.items()}

    spelled = chinese_years(data.decode("utf-8"), "〇○零")
    assert spelled != data.decode("utf-8")
    assert fields(spelled.encode("utf-8")) == fields(data)
