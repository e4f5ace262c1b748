"""Partial publications: one section only, a county's 三公 summary, a 政府决算, a page that begins
mid-document, a template variant with fewer parts. What is there is converted; the report says its
kind and what it covers; completeness warnings name only what the kind contains.

The documents are built here from the sample's own wording (examples/), except 201 (../shared).
"""

from __future__ import annotations

from converter.model import IdentitySource
from converter.parse.kinds import expected_parts
from converter.parse.tables import STANDARD_TABLES
from converter.pipeline import convert_files
from tests.conftest import SAMPLE, convert_text, shared_path

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def _body(heading: str, until: str | None) -> str:
    """The sample's section starting at ``heading`` (its body occurrence, not the 目录 entry)."""
    start = SAMPLE_TEXT.index(f"\n{heading}\n") + 1
    end = SAMPLE_TEXT.index(f"\n{until}", start) + 1 if until else len(SAMPLE_TEXT)
    return SAMPLE_TEXT[start:end]


THREE_PUBLIC = _body("七、“三公”经费财政拨款支出决算情况说明", "八、")


convert = convert_text


def warned(report, code: str) -> list[str]:
    return [w.message for w in report.warnings if w.code == code]


def test_a_page_with_the_three_public_section_only(tmp_path):
    page = "首页 > 政府信息公开 > 财政信息\n乐山市市中区经济和信息化局2022年度“三公”经费决算公开\n发布时间：2023-10-17\n\n"
    report = convert(tmp_path, "three.txt", page + THREE_PUBLIC)
    assert report.kind == "three-public"
    assert report.identity["kind"].source is IdentitySource.HEADING
    assert report.coverage == ["three-public"]
    assert not warned(report, "missing-section") and not warned(report, "missing-table")
    assert any(f.item == "three-public-expenses" and f.value == 7500 for f in report.figures)
    assert str(report.published) == "2023-10-17"


def test_a_page_heading_with_no_phase_word_still_names_the_organisation(tmp_path):
    # "…“三公”经费支出情况": no 决算 / 预算 in the heading; the phase comes from the body
    page = "乐山市市中区经济和信息化局2022年度“三公”经费支出情况\n发布时间：2023-10-17\n\n"
    report = convert(tmp_path, "three.txt", page + THREE_PUBLIC)
    assert report.organisation.name == "乐山市市中区经济和信息化局"
    assert report.identity["organisation"].source is IdentitySource.HEADING
    assert report.kind == "three-public" and report.phase.value == "final"
    assert report.identity["phase"].source is not IdentitySource.HEADING


def test_a_sentence_about_the_three_public_expenses_is_no_title(tmp_path):
    # the kind's wording without a phase needs a title word after it (情况, 公开, 说明)
    text = "2022年“三公”经费支出0.75万元，较上年增加0.63万元。\n"
    report = convert(tmp_path, "sentence.txt", text + THREE_PUBLIC)
    assert report.identity["kind"].source is not IdentitySource.HEADING


def test_the_same_section_with_no_title_is_of_its_part_by_content(tmp_path):
    report = convert(tmp_path, "section.txt", THREE_PUBLIC)
    kind = report.identity["kind"]
    assert report.kind == "three-public" and kind.source is IdentitySource.CONTENT and kind.inferred
    assert "three-public" in kind.method
    assert not warned(report, "missing-section")


def test_a_county_three_public_summary(tmp_path):
    page = (
        "平昌县2019年度部门“三公”经费决算汇总公开\n发布时间：2020-09-01\n\n"
        "2019年全县部门“三公”经费财政拨款支出决算为356.21万元，完成预算87.5%；较上年减少40.12万元，下降10.13%。\n"
    )
    report = convert(tmp_path, "summary.txt", page)
    assert report.kind == "three-public-summary"
    assert (report.organisation.name, report.organisation.region.code) == ("平昌县", "511923")
    assert report.coverage == ["three-public"]  # the page is its one part
    assert not warned(report, "missing-section")
    assert any(f.item == "three-public-expenses" and f.value == 3562100 for f in report.figures)


def test_a_government_final_accounts_page(tmp_path):
    page = "平昌县2019年度政府决算公开\n\n2019年，全县一般公共预算收入完成52,317万元，为预算的101.2%。\n"
    report = convert(tmp_path, "government.txt", page)
    assert report.kind == "government" and report.phase.value == "final"
    assert not warned(report, "missing-section")  # a government's accounts have none of a department's
    assert any(f.value == 523170000 for f in report.figures)


def test_a_page_that_begins_mid_document(tmp_path):
    """Page 2 of a numbered web publication: from section 五 on, no title."""
    report = convert(tmp_path, "page2.txt", _body("五、一般公共预算财政拨款支出决算情况说明", None))
    assert report.kind == "department" and report.fiscal_year == 2022
    assert report.organisation.name == "乐山市市中区经济和信息化局"  # its running text names it
    missing = " ".join(warned(report, "missing-section"))
    for absent in ("收入支出决算总体情况说明", "收入决算情况说明", "财政拨款收入支出决算总体情况说明"):
        assert absent in missing
    assert "三公" not in missing and "gpb-basic" in report.coverage


def test_kinds_contain_their_parts_as_data():
    tables, sections = expected_parts("three-public", "final", None, STANDARD_TABLES)
    assert tables == ["final.three_public"] and sections == ["three-public"]
    tables, sections = expected_parts("department", "budget", None, STANDARD_TABLES)
    assert "budget.total" in tables and sections == []
    assert expected_parts("government", "final", None, STANDARD_TABLES) == ([], [])


def test_the_central_university_template_is_not_missing_what_it_never_prints():
    """201: four tables (高等学校收支决算总表 …) and a 说明 of those tables, by template."""
    from tests.test_identity import corpus_pdf

    path = corpus_pdf("201")
    shared_path("corpus", "pdf")
    report = convert_files([path]).converted[0].report
    assert report.variant == "central-university"
    assert not warned(report, "missing-section"), warned(report, "missing-section")
    absent = {s.key for s in report.missing_sections}
    for never in ("table:final.three_public", "table:final.government_fund", "three-public", "gpb-basic"):
        assert never not in absent
