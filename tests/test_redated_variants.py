"""A development PDF re-dated, or relabelled as a 单位's (tests/redate.py), is the same document: the
converter publishes the same figures with the year shifted (the kind changed), and its audit raises no
Violation or Warning the PDF's audit does not explain (the kept-back pages are of 2015-2025 and of 单位;
bench/variants.py --forms redate-5 redate-1 redate+1 redate-2015 redate-2025 unit measures every source).
The shifter itself is checked on synthetic lines: years moved, amounts and codes left."""

from __future__ import annotations

import pytest

from tests import variant_scores as v
from tests.redate import chinese_years, relabel, shift_name, shift_years, shifts

# one 部门决算 of 2024 (Shanghai) and one 部门预算 of 2017 (Jiangsu)
DOCUMENTS = ("101", "204")
FORMS = ("redate-5", "redate-2025", "unit", "chinese-years", "chinese-redate-5")


@pytest.mark.parametrize(
    ("text", "shifted"),
    [
        ("2024年度部门决算", "2019年度部门决算"),
        ("截至2024年12月31日，与2023年度相比", "截至2019年12月31日，与2018年度相比"),
        ("60.13万元，2024年预算安排", "60.13万元，2019年预算安排"),
        ("2023-2025年", "2018-2020年"),
        ("2023—2025", "2018—2020"),
        ("发布时间：2025-06-18 2024.12.31", "发布时间：2020-06-18 2019.12.31"),
        ("1.2025年部门财务收支预算总表", "1.2020年部门财务收支预算总表"),
        ("2024年决算数\t2023年决算数", "2019年决算数\t2018年决算数"),
        ("沪财预〔2016〕16号、苏财预[2017]1号", "沪财预〔2011〕16号、苏财预[2012]1号"),
        # years printed in Chinese numerals, with the zero they are printed with and a cover's spacing
        (
            "二〇二四年度部门决算，截至二○二四年十二月三十一日",
            "二〇一九年度部门决算，截至二○一九年十二月三十一日",
        ),
        (
            "与二零二三年相比；二〇二三—二〇二五年；二 〇 二 四 年",
            "与二零一八年相比；二〇一八—二〇二〇年；二 〇 一 九 年",
        ),
        ("第二〇二四号 二〇二四 一二三四五年", "第二〇二四号 二〇二四 一二三四五年"),
        # amounts, codes and numbers that are no year stay
        ("2010301\t2024.00\t12,024.5\t2024\t支出2024万元", "2010301\t2024.00\t12,024.5\t2024\t支出2024万元"),
    ],
)
def test_shift_years_moves_years_only(text, shifted):
    assert shift_years(text, -5) == shifted


def test_chinese_years_spells_the_years_and_their_dates():
    text = "截至2024年12月31日，与2023年度相比；2023-2025年；公开时间：2025年9月；2025-06-18；2024万元"
    assert chinese_years(text, "〇○") == (
        "截至二〇二四年十二月三十一日，与二○二三年度相比；二〇二三-二○二五年；公开时间：二〇二五年九月；"
        "2025-06-18；2024万元"
    )


def test_relabel_and_shifts():
    assert relabel("本部门2024年度部门决算、部门预算") == "本单位2024年度单位决算、单位预算"
    assert shift_name("101_a_2024", 1) == "101_a_2025"
    assert shifts(2017)["redate-2025"] == 8 and "redate-2025" not in shifts(2025)


@pytest.fixture(scope="module", params=DOCUMENTS)
def source(request) -> v.Source:
    return v.source_or_skip(request.param)


def test_redated_document_reads_and_audits_as_the_pdf(source):
    """Each form finds what the tab page of the same PDF finds (the reader's gaps on tab text are not this
    test's), publishes nothing wrong, has the identity shifted, and raises no unexplained V or W."""
    reference = v.audit(source.report)
    tabs = v.measure(source, ("tabs",))[0]
    problems = {}
    for variant in v.variants_of(source, redated=True):
        if variant.form not in FORMS:
            continue
        report, error = v.convert_variant(variant)
        assert report is not None, f"{source.name} {variant.form} refused: {error}"
        score = v.compare(source.name, variant, source.report, report, error)
        findings = v.audit(report)
        extra = v.extra_violations(reference, findings) + v.extra_warnings(reference, findings, variant.shift)
        found = (score.found, score.wrong, score.identity, [f"{f.rule}: {f.message[:100]}" for f in extra])
        if found != (tabs.found, 0, [], []):
            problems[variant.form] = found
    assert problems == {}, f"{source.name}: re-dated forms differ from the tab page: {problems}"
