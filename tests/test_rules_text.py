"""The text rules (shapes/integrity-text.ttl), run by pyshacl over the report's published graph: quiet on
the real documents (what they find there is a true finding of the document, listed below), and each
rule finds its mutation of a real document. A test fails when the rule's shape is removed."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from rdflib import URIRef

from converter.emit import emit_report
from converter.pipeline import convert_files
from converter.uris import UriBuilder
from tests.conftest import SAMPLE, shared_path
from tests.text_rules import findings, per_rule

# What each real document really shows (checked by reading it): the sample prints 社会保障和就业支出's
# share as 11.9% among shares of two decimals; 108 describes its 城管执法（项） as
# 城乡社区管理事务一般行政管理事务 (the text of the line before it); 201 prints 单位名称： empty over
# its tables; 212's 目录 lists 政府性基金 before 一般公共预算支出 and 机关运行经费 before 三公, and
# prints them the other way round; 101 lists the four 类 of its 一般公共预算 spending at 71.73 + 11.11 +
# 2.07 + 15.16 = 100.07% (101.expected.json).
TRUE_FINDINGS = {
    "sample": {"text-share-precision": 1},
    "raw/101_shanghai_putuo_caizhengju_2024_full.txt": {"text-share-list-sum": 1},
    "raw/106_shanghai_putuo_chengguanzhifaju_2026_bumenyusuan_full.txt": {},
    "pdf/108_shanghai_putuo_wanlijiedao_2024_bumenyusuan.pdf": {"descriptions-classification": 1},
    "pdf/201_chongqing_beibei_xinandaxue_2023_bumenjuesuan.pdf": {"placeholders-empty-field": 1},
    "pdf/212_jiangsu_shengweibangongting_2018_bumenyusuan_part2_biao.pdf": {"tables-order": 2},
}


def _converted(path: Path):
    result = convert_files([path])
    assert result.converted, result.failures
    return result.converted[0], result.base


def _mutated(tmp_path: Path, source: Path, old: str, new: str, *, last: bool = False):
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    if last:
        head, _, tail = text.rpartition(old)
        text = head + new + tail
    else:
        text = text.replace(old, new, 1)
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    return _converted(path)


def _rules_found(converted, base: str, without: str | None = None):
    return per_rule(findings(converted.graph, base, without))


@pytest.mark.parametrize("name", sorted(TRUE_FINDINGS))
def test_real_documents_only_their_true_findings(name):
    path = SAMPLE if name == "sample" else shared_path("corpus", *name.split("/"))
    converted, base = _converted(path)
    assert dict(_rules_found(converted, base)) == TRUE_FINDINGS[name]


# (rule, severity, old, new, replace the last occurrence): mutations of the sample (a 2022 决算)
SAMPLE_MUTATIONS = [
    ("years-comparison", "Violation", "与2021年相比，收、支总计", "与2020年相比，收、支总计", False),
    # the direction word broken across a line by the PDF's text layer ("比2020年度减\n少")
    ("years-comparison", "Violation", "与2021年相比，收、支总计各减少", "收、支总计比2020年度减\n少", False),
    # a comparison in a sentence of the year's work, not of the accounts: an Info, never a Violation
    (
        "years-comparison-aside",
        "Info",
        "主要变动原因是项目减少。",
        "主要变动原因是项目减少。与2019年相比，全年接待群众来访增长20%。",
        False,
    ),
    ("years-assets-date", "Violation", "截至2022年12月31日", "截至2021年12月31日", False),
    ("years-disclosure-date", "Violation", "公开时间：2023年", "公开时间：2022年", False),
    ("years-disclosure-date-unusual", "Warning", "公开时间：2023年", "公开时间：2025年", False),
    (
        "years-title",
        "Violation",
        "第二部分 2022年度部门决算情况说明",
        "第二部分 2021年度部门决算情况说明",
        True,
    ),
    ("placeholders-residue", "Warning", "主管部门:\t乐山市市中区经济和信息化局", "主管部门:\tXX局", True),
    (
        "placeholders-empty-field",
        "Info",
        "公开时间：2023年10月17日",
        "公开时间：2023年10月17日\n单位名称：\n",
        False,
    ),
    ("text-share-list-sum", "Warning", "基本支出269.28万元，占84%", "基本支出269.28万元，占86%", False),
    ("text-doubled-punctuation", "Warning", "协调运行中的重大问题。", "协调运行中的重大问题。。", False),
    # the 目录 lists 收入决算情况说明; the body prints it under other words, a later section as listed
    ("placeholders-contents-unprinted", "Warning", "二、收入决算情况说明\n", "二、收入情况\n", True),
    # a section printed between 部门职责 and 机构设置, which the 目录 lists one after the other
    (
        "placeholders-section-unlisted",
        "Warning",
        "\n二、机构设置\n",
        "\n二、国有资产占有使用情况\n本部门年末国有资产与上年相同，具体情况如下文所述。\n\n二、机构设置\n",
        True,
    ),
]


@pytest.mark.parametrize(
    ("rule", "severity", "old", "new", "last"), SAMPLE_MUTATIONS, ids=[m[0] for m in SAMPLE_MUTATIONS]
)
def test_each_rule_finds_its_mutation_of_the_sample(tmp_path, rule, severity, old, new, last):
    converted, base = _mutated(tmp_path, SAMPLE, old, new, last=last)
    found = findings(converted.graph, base)
    assert (rule, severity) in {(r, s) for r, s, _v in found}, found
    # the rule's own shape is what finds it
    assert rule not in _rules_found(converted, base, without=rule)


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # a 决算 compares its spending with its own year's budget: the template's comparison too
        ("与2022年年初预算相比持平，", {}),
        ("与2022年全年预算相比增加10.00万元，", {}),
        # with the budget of the year before, or with that year's accounts: a Violation
        ("与2020年年初预算相比持平，", {"years-comparison": "Violation"}),
        ("与2020年相比增加10.00万元，", {"years-comparison": "Violation"}),
        # the year's work compared with an earlier year's: an Info only
        ("与2019年相比，全年接待群众来访增长20%。", {"years-comparison-aside": "Info"}),
    ],
)
def test_what_a_comparison_is_with_decides_its_year(tmp_path, sentence, found):
    # after a sentence's 。 when the comparison is a sentence of its own
    old = (
        "主要变动原因是项目减少。"
        if sentence.endswith("。")
        else "2022年一般公共预算支出决算数为319.72万元，"
    )
    converted, base = _mutated(tmp_path, SAMPLE, old, old + sentence)
    years = {r: s for r, s, _v in findings(converted.graph, base) if r.startswith("years-comparison")}
    assert years == found


def test_a_word_repeated_over_a_line_break(tmp_path):
    old = "与2021年相比，收、支总计各减少"  # "总计" ends the line and begins the next
    converted, base = _mutated(tmp_path, SAMPLE, old, "与2021年相比，收、支总计\n总计各减少")
    assert _rules_found(converted, base)["text-repeated-word"] == 1
    # a typo a reader notices, as a mark printed twice: a Warning (it was an Info, which no one reads)
    assert ("text-repeated-word", "Warning") in {(r, s) for r, s, _v in findings(converted.graph, base)}
    assert "text-repeated-word" not in _rules_found(converted, base, without="text-repeated-word")


def test_a_word_printed_twice_in_a_row_within_a_line(tmp_path):
    # a web page joins the PDF's lines: the word printed again after a line break stands in running text
    old = "与2021年相比，收、支总计各减少"
    converted, base = _mutated(tmp_path, SAMPLE, old, "与2021年相比，收、支总计总计各减少")
    assert _rules_found(converted, base)["text-repeated-word"] == 1


def test_a_word_repeated_over_a_paragraph_break(tmp_path):
    # a page that breaks a sentence into paragraphs (a narrow line of the PDF ends one): the repeat is
    # over a blank line (bench/plants_more.py repeated-word on 101 --form html: …其中：因公出国 / (blank)
    # / 出国（境）费…)
    old = "与2021年相比，收、支总计各减少"
    converted, base = _mutated(tmp_path, SAMPLE, old, "与2021年相比，收、支总计\n\n总计各减少")
    assert _rules_found(converted, base)["text-repeated-word"] == 1


SHARES_OF_THE_SAMPLE = "基本支出269.28万元，占84%；项目支出50.44万元，占16%"


@pytest.mark.parametrize(
    ("shares", "found"),
    [
        ("基本支出269.28万元，占84%，其中人员经费200万元，占63%；项目支出50.44万元，占16%", 0),
        # a traditional page: its shares are 佔, and its 其中 still names parts of a part
        ("基本支出269.28萬元，佔84%，其中人員經費200萬元，佔63%；項目支出50.44萬元，佔16%", 0),
        ("基本支出269.28萬元，佔84%；項目支出50.44萬元，佔26%", 1),
    ],
)
def test_shares_of_a_part_are_not_summed_with_the_whole(tmp_path, shares, found):
    """84 + 63 + 16 is no error where 63% is a share of the 84%: the sentence says 其中 after its first
    share, in simplified or traditional characters."""
    converted, base = _mutated(tmp_path, SAMPLE, SHARES_OF_THE_SAMPLE, shares)
    assert _rules_found(converted, base).get("text-share-list-sum", 0) == found


RAW_101 = ("corpus", "raw", "101_shanghai_putuo_caizhengju_2024_full.txt")


@pytest.mark.parametrize(
    ("rule", "old", "new"),
    [
        # the 住房公积金 item described as 事业单位医疗保险支出
        (
            "descriptions-classification",
            "主要用于：缴纳在\n职人员住房公积金",
            "主要用于：事业单位医疗保险支出",
        ),
        # the 基本养老保险缴费 item described as the next item, 职业年金 (its distinctive word, not its label)
        (
            "descriptions-classification",
            "主要用于：在职人员的基本养老保险支出",
            "主要用于：在职人员的职业年金缴费支出",
        ),
        # the 目录 lists 支出决算表 before 收入决算表, the document prints them the other way round
        ("tables-order", "二、收入决算表\n\n三、支出决算表", "二、支出决算表\n\n三、收入决算表"),
        # the 目录 lists a table the document does not print
        ("tables-not-printed", "二、收入决算表\n", "二、收入决算表\n\n二、政府采购情况表\n"),
        # a share printed with one decimal among shares of two
        ("text-share-precision", "占11.11%", "占11.1%"),
        # the 政府性基金 table printed empty without its note, the narrative giving a figure for it
        (
            "tables-empty-unexplained",
            "注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。\n",
            "",
        ),
    ],
)
def test_each_rule_finds_its_mutation_of_a_text_with_tables(tmp_path, rule, old, new):
    source = shared_path(*RAW_101)
    if rule == "tables-empty-unexplained":  # the narrative's sentence on the fund, with a figure
        text = source.read_text(encoding="utf-8").replace(
            "2024年度无政府性基金预算财政拨款收入和支出。", "2024年度政府性基金预算财政拨款支出12.50万元。"
        )
        source = tmp_path / "with-figure" / source.name
        source.parent.mkdir()
        source.write_text(text, encoding="utf-8")
    converted, base = _mutated(tmp_path, source, old, new)
    found = _rules_found(converted, base)
    assert found[rule] >= 1, found
    assert rule not in _rules_found(converted, base, without=rule)


RAW_106 = ("corpus", "raw", "106_shanghai_putuo_chengguanzhifaju_2026_bumenyusuan_full.txt")


@pytest.mark.parametrize(
    ("rule", "severity", "sentence"),
    [
        ("years-execution", "Warning", "2024年当年预算执行数为10.00万元。"),  # a 2026 budget: 2025's
        ("years-budget-year", "Violation", "2025年预算安排10.00万元。"),  # a 2026 budget arranges 2026
    ],
)
def test_each_year_rule_of_budgets_finds_its_mutation(tmp_path, rule, severity, sentence):
    old = "比2025年预算减少19.79万元；"
    converted, base = _mutated(tmp_path, shared_path(*RAW_106), old, old + sentence)
    found = findings(converted.graph, base)
    assert (rule, severity) in {(r, s) for r, s, _v in found}, found
    assert rule not in _rules_found(converted, base, without=rule)


@pytest.fixture(scope="module")
def raw_101():
    return _converted(shared_path(*RAW_101))


def _with_evidence(converted, change) -> tuple:
    """The report with its evidence changed as a document would state it (a table printed twice ...)."""
    report = copy.copy(converted.report)
    report.evidence = [copy.deepcopy(e) for e in converted.report.evidence]
    change(report.evidence)
    uris = UriBuilder()
    return emit_report(report, uris).graph(), uris.base


def test_a_table_printed_twice(raw_101):
    converted, _base = raw_101

    def twice(evidence):
        tables = [e for e in evidence if e.kind == "PrintedTable"]
        again = copy.deepcopy(tables[1])
        again.values = [(k, 99 if k == "printOrder" else v) for k, v in again.values]
        evidence.append(again)

    graph, base = _with_evidence(converted, twice)
    found = per_rule(findings(graph, base))
    assert found["tables-duplicate"] == 1
    assert "tables-duplicate" not in per_rule(findings(graph, base, without="tables-duplicate"))


def test_every_shape_is_targeted_at_the_report_with_one_severity_and_a_family():
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS

    from tests.text_rules import SH, text_shapes

    base = UriBuilder().base
    shapes = text_shapes(base)
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert str(shapes.value(shape, SH.targetClass)) == base + "def/fiscal#Report"
        assert len(list(shapes.objects(shape, SH.severity))) == 1
        assert shapes.value(shape, RDFS.label) is not None
        assert any(str(p).endswith("#family") for p, _o in shapes.predicate_objects(shape)), shape
        assert isinstance(shapes.value(shape, RDFS.label), Literal)


def test_an_empty_three_public_table_without_its_note_while_the_narrative_gives_its_budget(tmp_path):
    """101 prints its 三公 table with 预算数 0.95 (合计 and 公务接待费); printed with no amount and no
    note while the narrative still says 年初预算为0.95万元, the table is empty unexplained."""
    source = shared_path(*RAW_101)
    amounts = "决算数\n\n0.95\n\n0.95\n\n\f政府性基金预算财政拨款收入支出决算表"  # \f: the page break
    converted, base = _mutated(tmp_path, source, amounts, "决算数\n\n\f政府性基金预算财政拨款收入支出决算表")
    found = [f for f in findings(converted.graph, base) if f[0] == "tables-empty-unexplained"]
    kind = URIRef(f"{base}def/fiscal#tableKind")
    tables = {str(converted.graph.value(URIRef(value), kind)) for _rule, _sev, value in found}
    assert tables == {"final.three_public"}, found
    without = findings(converted.graph, base, "tables-empty-unexplained")
    assert not [f for f in without if f[0] == "tables-empty-unexplained"]


@pytest.mark.parametrize(
    ("title", "next_title", "kind"),
    [
        ("\n收入决算表\n", "\n支出决算表\n", "final.income"),
        ("\n支出决算表\n", "财政拨款收入支出决算总表\n", "final.expenditure"),
        # a 总表 prints no one item: its totals (收入支出总计 2995.39万元) and the year's income and
        # expenditure under them (本年收入合计 2946.25万元) are what the narrative states of it
        ("\n收入支出决算总表\n", "\n收入决算表\n", "final.total"),
        ("\f财政拨款收入支出决算总表\n", "\f一般公共预算财政拨款支出决算表\n", "final.appropriation_total"),
    ],
)
def test_any_standard_table_printed_empty_while_its_total_is_stated(tmp_path, title, next_title, kind):
    """101's 收入决算表 (支出决算表, the 总表s) printed with its header and no amount, no note: the
    narrative (and another table) still state a total it would print (本年收入合计 2,946.25万元), so
    it is empty unexplained."""
    import re

    text = shared_path(*RAW_101).read_text(encoding="utf-8")
    start = text.index(title, text.index("二、收入决算表") + 100)
    end = text.index(next_title, start + 1)
    emptied = text[:start] + re.sub(r"\d[\d,]*\.\d{2}", "", text[start:end]) + text[end:]  # inline ones too
    source = tmp_path / "src" / shared_path(*RAW_101).name
    source.parent.mkdir()
    source.write_text(emptied, encoding="utf-8")
    converted, base = _converted(source)
    found = [f for f in findings(converted.graph, base) if f[0] == "tables-empty-unexplained"]
    kinds = {
        str(converted.graph.value(URIRef(v), URIRef(f"{base}def/fiscal#tableKind"))) for _r, _s, v in found
    }
    assert kinds == {kind}, found
    without = findings(converted.graph, base, "tables-empty-unexplained")
    assert not [f for f in without if f[0] == "tables-empty-unexplained"]


def _emptied_101(tmp_path, change) -> tuple:
    text = change(shared_path(*RAW_101).read_text(encoding="utf-8"))
    source = tmp_path / "src" / shared_path(*RAW_101).name
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    converted, base = _converted(source)
    found = [f for f in findings(converted.graph, base) if f[0] == "tables-empty-unexplained"]
    kind = URIRef(f"{base}def/fiscal#tableKind")
    return {str(converted.graph.value(URIRef(v), kind)) for _r, _s, v in found}, converted, base


def test_the_last_table_printed_empty_ends_at_the_next_heading(tmp_path):
    """101 with its 三公 table the last one printed (the two fund tables left out) and emptied: the
    narrative after it (第三部分 … 总计2995.39万元) is none of its cells, so the table is empty while the
    narrative gives its budget (年初预算为0.95万元). Before, its body reached 3000 characters on."""

    def last_emptied(text: str) -> str:
        start = text.index("决算数\n\n0.95\n\n0.95\n\n\f政府性基金预算财政拨款收入支出决算表")
        end = text.index("第三部分上海市普陀区财政局2024年度部门决算情况", start)
        return text[:start] + "决算数\n\n\f" + text[end:]

    kinds, converted, base = _emptied_101(tmp_path, last_emptied)
    assert kinds == {"final.three_public"}, kinds


def test_an_emptied_expenditure_table_known_by_its_parts(tmp_path):
    """101's 支出决算表 emptied while the narrative states only its parts (基本支出2336.91万元, 项目支出
    603.14万元), its 合计 no longer: the table's nature parts (template.NATURE_PARTS) say it would print
    them."""

    def parts_only(text: str) -> str:
        start = text.index("\n支出决算表\n", text.index("二、收入决算表") + 100)
        end = text.index("财政拨款收入支出决算总表\n", start + 1)
        text = text[:start] + re.sub(r"(?m)^[\d,]+\.\d{2}$", "", text[start:end]) + text[end:]
        return text.replace("本年支出合计2940.05万元，其中：", "其中：")

    kinds, converted, base = _emptied_101(tmp_path, parts_only)
    assert "final.expenditure" in kinds, kinds


@pytest.mark.parametrize(
    "note", ["注：本单位无此项支出，本表为空表。", "注：本单位2024年度无政府性基金预算财政拨款收支。"]
)
def test_an_emptied_table_with_its_explanation_is_no_finding(tmp_path, note):
    """The 收入决算表 emptied with a note saying why (本单位无…, 为空表): no finding."""

    def explained(text: str) -> str:
        start = text.index("\n收入决算表\n", text.index("二、收入决算表") + 100)
        end = text.index("\n支出决算表\n", start + 1)
        body = re.sub(r"(?m)^[\d,]+\.\d{2}$", "", text[start:end])
        return text[:start] + body + "\n" + note + "\n" + text[end:]

    kinds, converted, base = _emptied_101(tmp_path, explained)
    assert "final.income" not in kinds, kinds


RAW_106 = ("corpus", "raw", "106_shanghai_putuo_chengguanzhifaju_2026_bumenyusuan_full.txt")


def test_an_emptied_budget_expenditure_table_known_by_the_total_tables_total(tmp_path):
    """106 (a budget) with its 部门支出预算总表 emptied: its narrative states no figure of all funds the
    table would print, but the 收支总表's 支出总计 is what a budget's expenditure table breaks down (a
    budget plans no 结转下年; template.PHASE_TOTALS), so the table is empty unexplained."""
    source = shared_path(*RAW_106)
    text = source.read_text(encoding="utf-8")
    start = text.index("2026年部门支出预算总表\n编制部门")
    end = text.index("2026年部门财政拨款收支预算总表\n编制部门", start)
    emptied = text[:start] + re.sub(r"\d[\d,]*\d", "", text[start:end]) + text[end:]
    target = tmp_path / "src" / source.name
    target.parent.mkdir()
    target.write_text(emptied, encoding="utf-8")
    converted, base = _converted(target)
    found = [f for f in findings(converted.graph, base) if f[0] == "tables-empty-unexplained"]
    kind = URIRef(f"{base}def/fiscal#tableKind")
    assert {str(converted.graph.value(URIRef(v), kind)) for _r, _s, v in found} == {"budget.expenditure"}, (
        found
    )
