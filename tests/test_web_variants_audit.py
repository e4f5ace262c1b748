"""The audit of the corpus PDFs' web-page forms (tests/variants.py) against the audit of the PDFs: a form
raises no Violation, and no Warning, the PDF's audit does not explain. A web page whose tables are
flattened to text is read with some columns inferred or left open; a sum that misses such a figure, or a
line of no known item summed with the rest, is the reader's gap, not the publisher's error (issue #14: no
false alarms on kept-back web pages). A page flattened to one line must still show its 目录 and its
headings as the PDF does: a 目录 entry reported as not printed, or a 目录's list of table titles read as
tables printed twice, is the reader's. bench/variants.py --audit prints the same comparison for every
document."""

from __future__ import annotations

import pytest

from tests import variant_scores as v
from tests.variants import PRINTED_FORMS

DOCUMENTS = ("101", "102", "109", "201", "204", "210", "212", "213+214")
FORMS = ("html", "tabs", "blanks", "cells", "traditional", "one-line")
# the tables as another province prints them, audited on the documents where they raised false alarms:
# the 元 tables' roundings as Violations (101, 102, 201: parse/table_rounding.py), a 总表 with its 合计
# last left open (109: hierarchy-sum-unread)
PRINTED = {name: PRINTED_FORMS for name in ("101", "102", "109", "201")}
# the columns page as text where its one-line form raised false alarms (204, 213+214: 结转下年资金 … 合计
# flattened, 合计 read as the row's label, cross-source and totals-expenditure Violations)
PRINTED |= {name: ("columns-blanks", "columns-cells", "columns-one-line") for name in ("204", "213+214")}
# Warnings a form raises that the PDF's audit does not, left as the reader's known gaps (document, form)
# -> rules; none is left (201's blanks form read its 收入决算表 header, 事业收入 over 金额 / 其中：教育收费,
# as the 7 top cells until the line of 事业收入's children was put under it: template.PARENT_CHILDREN).
KNOWN_WARNINGS: dict[tuple[str, str], set[str]] = {}


@pytest.fixture(scope="module", params=DOCUMENTS)
def source(request) -> v.Source:
    return v.source_or_skip(request.param)


@pytest.fixture(scope="module")
def audits(source) -> dict[str, list]:
    """Each form's audit (the forms converted once for the tests of a document)."""
    out = {}
    for variant in v.variants_of(source):
        if variant.form not in FORMS and variant.form not in PRINTED.get(source.name, ()):
            continue
        report, error = v.convert_variant(variant)
        assert report is not None, f"{source.name} {variant.form} refused: {error}"
        out[variant.form] = v.audit(report)
    return out


def test_no_form_raises_a_violation_the_pdf_does_not(source, audits):
    reference = v.audit(source.report)
    extra = {}
    for form, findings in audits.items():
        found = v.extra_violations(reference, findings)
        if found:
            extra[form] = [f"{f.rule}: {f.message[:120]}" for f in found]
    assert extra == {}, f"{source.name}: Violations the PDF's audit does not raise: {extra}"


def test_no_form_raises_a_warning_the_pdf_does_not(source, audits):
    """Each was raised by the reader before: 109's one-line page read its 目录's list of table titles
    ("1. 2025年部门财务收支预算总表 2. …") as tables (tables-duplicate); 204's and 213+214's did not find
    the 目录's headings in the body ("第一部分 部门概况" cut after 第一部分, a heading's text beginning with
    a year or an item's number left on the heading's line: placeholders-contents-unprinted); 212's page
    of one cell per line ran its first table into the 目录 (each cell an entry not printed); 101's
    traditional page summed two sections' shares as one sentence (text-share-list-sum, 200%)."""
    reference = v.audit(source.report)
    extra = {}
    for form, findings in audits.items():
        known = KNOWN_WARNINGS.get((source.name, form), set())
        found = [f for f in v.extra_warnings(reference, findings) if f.rule not in known]
        if found:
            extra[form] = [f"{f.rule}: {f.message.split(' / ')[0][:120]}" for f in found]
    assert extra == {}, f"{source.name}: Warnings the PDF's audit does not raise: {extra}"


def test_the_known_warnings_are_still_raised(source, audits):
    """A known gap closed is taken off the list (the list says what is left)."""
    reference = v.audit(source.report)
    for (name, form), rules in KNOWN_WARNINGS.items():
        if name == source.name:
            raised = {f.rule for f in v.extra_warnings(reference, audits[form])}
            assert rules <= raised, f"{name} {form}: {rules - raised} no longer raised: drop it from the list"


def test_the_comparison_sees_a_new_violation(source):
    """The control: a Violation of a rule the PDF's audit does not raise, on figures it does not name,
    is extra."""
    from converter.validate.findings import FigureRef, Finding

    reference = v.audit(source.report)
    planted = Finding(
        severity="Violation", rule="planted-rule", message="m", report="r", focus_node="f",
        figures=[FigureRef(iri="f", role="stated", stated="123,456,789.01")],
    )  # fmt: skip
    assert v.extra_violations(reference, [*reference, planted]) == [planted]


def test_the_comparison_sees_a_new_warning(source):
    """The control: the PDF's own Warnings are explained; one of the same rule saying something else (a
    second table printed twice) is not, nor one of a rule the PDF's audit does not raise."""
    from converter.validate.findings import Finding

    reference = v.audit(source.report)
    assert v.extra_warnings(reference, reference) == []
    same_rule = next((f.rule for f in reference if f.severity == "Warning"), "tables-duplicate")
    planted = [
        Finding(severity="Warning", rule=rule, message="表格 budget.planted 印了两次 / m", report="r",
                focus_node="f")
        for rule in (same_rule, "planted-rule")
    ]  # fmt: skip
    assert v.extra_warnings(reference, [*reference, *planted]) == planted


def test_a_table_printed_empty_as_text_is_printed(source):
    """204's 政府性基金支出预算表 prints its 单位 line, header and an empty 合计: in the text forms it was
    taken as not printed (a false completeness-missing-section Warning)."""
    if source.name != "204":
        pytest.skip("204's empty table")
    variant = next(x for x in v.variants_of(source) if x.form == "tabs")
    report, _ = v.convert_variant(variant)
    assert report is not None
    assert "table:budget.government_fund" in report.coverage


# --- the reader's cuts of a page flattened to one line (no corpus needed) ------------------------------

_PROSE = "本部门严格执行预算，加强财政资金管理，提高资金使用效益，确保各项工作任务顺利完成。" * 15
_ONE_LINE = (  # a page flattened to one line (over flat_lines.LONG_LINE): its 目录, headings and tables
    "首页 > 信息公开 > 财政预决算 某某局2025年度部门预算 发布时间：2025-02-06 目 录 "
    "第一部分 部门概况 一、部门主要职能 二、部门机构设置 第二部分 部门预算表 1. 2025年部门财务收支预算总表 "
    "2. 2025年部门收入预算总表 3. 2025年部门支出预算总表 第三部分 其他相关情况说明 "
    f"第一部分 部门概况 一、部门主要职能 1．负责本区财政收支管理，组织实施财政政策，编制年度预算。{_PROSE}"
    " 二、部门机构设置 2025 年本部门内设机构包括办公室、预算科、国库科等八个科室。"
    " 第二部分 部门预算表 2025年部门财务收支预算总表 单位：万元 项目 预算数 财政拨款收入 100.00 合计 100.00"
    " 2025年部门收入预算总表 单位：万元 项目 合计 财政拨款收入 合计 100.00 100.00"
    " 2025年部门支出预算总表 单位：万元 项目 合计 基本支出 合计 100.00 100.00"
    " 第三部分 其他相关情况说明 本部门无其他需要说明的情况，特此说明。"
)


def test_a_contents_list_of_table_titles_is_no_table():
    """Each title of the 目录's list is followed by the next title, not by its table's header: the
    next title's words (收入, 支出) are no header of the one before (109's one-line form: tables
    reported printed twice)."""
    from converter.parse.flat_lines import LONG_LINE, _titles

    assert len(_ONE_LINE) > LONG_LINE
    body = _ONE_LINE.index("第二部分 部门预算表 2025")
    titles = [_ONE_LINE[s:e].strip() for s, e in _titles(_ONE_LINE)]
    assert [s >= body for s, _ in _titles(_ONE_LINE)] == [True] * 3, titles


def test_a_flattened_contents_and_its_headings_are_found():
    """目录 alone begins the contents; "第一部分 部门概况" is not cut after 第一部分; a heading whose text
    begins with an item's number (1．负责…) or a year (2025 年…) is cut off it: the body prints each
    heading the 目录 lists (204's, 211+212's, 213+214's one-line forms: entries reported not printed)."""
    from converter.parse.flat_lines import restore_lines
    from converter.parse.sections import split_sections

    sections, toc = split_sections(restore_lines(_ONE_LINE))
    assert [line.text for line in toc[:4]] == [
        "目 录",
        "第一部分 部门概况",
        "一、部门主要职能",
        "二、部门机构设置",
    ]
    body = [s.title for s in sections if s.start > toc[-1].end]
    assert body == ["部门概况", "部门主要职能", "部门机构设置", "部门预算表", "其他相关情况说明"], body


def test_a_contents_ends_where_a_table_begins():
    """A page of one cell per line: the lines after the 目录 are short, but a table's 单位 line or an
    amount is no entry of it (212's cells form: its table's cells read as 目录 entries not printed)."""
    from converter.parse.sections import split_sections

    text = "\n".join(
        ["目 录", "一、 收支预算总表", "二、 收入预算总表", "收支预算总表", "部门：某某局 单位：万元", "收入",
         "支出", "项目名称", "金额", "一、财政拨款", "24,458.43", "二、外交支出", "三、国防支出", "1,289.52"]
    )  # fmt: skip
    sections, toc = split_sections(text)
    assert "一、财政拨款" not in [line.text for line in toc]
    assert [s.title for s in sections][:1] == ["财政拨款"]


def test_a_list_of_shares_ends_at_a_heading():
    """Two sections' shares, their 。 left out, are two lists, not one of 200% (101's traditional form,
    where the 其中 the rule leaves out is printed after 佔, not 占)."""
    from converter.parse.evidence import text_evidence
    from converter.parse.sections import split_sections

    text = (
        "二、收入决算情况说明\n本年收入合计100万元：财政拨款收入80万元，占80%；其他收入20万元，占20%；\n"
        "三、支出决算情况说明\n本年支出合计100万元：基本支出60万元，占60%；项目支出40万元，占40%；\n"
    )
    sections, toc = split_sections(text)
    lists = [e for e in text_evidence(text, text, sections, toc, []) if e.kind == "ShareList"]
    assert [e.values for e in lists] == [[("shareCount", 2)]] * 2, [e.span.text for e in lists]
