"""The parts' changes against last year add up to the whole's (hierarchy-parts-change): in a budget last
year's levels are printed nowhere, so a 增加 turned 减少 in a part's or the whole's sentence is seen only
by the signed changes not adding up. 108 (a budget, ../shared) states the change of its “三公”经费, of
each of its three parts, of 公务用车 and its two parts (持平 = 0), and of 财政拨款支出 and its three budgets:
as printed it is quiet; one direction word flipped is this rule's Warning, in juesuan and in pyshacl."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest
from conftest import shared_path
from test_rules_claims import PDF_108, convert, mutate

from converter.pipeline import read_document
from converter.validate import validate_graph
from tests.pyshacl_rules import pyshacl_rules

RULES = {"hierarchy-parts-change", "hierarchy-parts-change-rounding", "hierarchy-parts-change-selection"}
THREE_PUBLIC = "“三公”经费预算数为47.91万元"  # 比2023年预算增加25万元 (= 0 + 25 + 0)
VEHICLES = "公务用车购置及运行费46.56万元"  # 增加25万元: a part of 三公 and the whole of 购置 + 运行
GENERAL_BUDGET = "一般公共预算拨款支出预算15621.11万元"  # 减少876.75万元: a part of 财政拨款支出


def _read_pdf(parts: tuple[str, ...]):
    path = shared_path(*parts)
    return path, read_document(path)


@pytest.fixture(scope="module")
def doc_108():
    return _read_pdf(PDF_108)


@pytest.fixture(scope="module")
def printed_108(doc_108):
    return findings(doc_108[1], doc_108[0])


def findings(doc, path) -> Counter:
    _, graph = convert(doc, path)
    return Counter((f.rule, f.severity, f.message) for f in validate_graph(graph).findings)


def mutated(doc, after: str, old: str, new: str):
    return dataclasses.replace(doc, text=mutate(doc.text, after, old, new))


def replaced(doc, old: str, new: str):
    """``doc`` with its first ``old`` (white space between its characters allowed) replaced by ``new``."""
    text, n = re.subn(r"\s*".join(map(re.escape, old)), new, doc.text, count=1)
    assert n == 1, f"no {old!r} in the text"
    return dataclasses.replace(doc, text=text)


def new_of_this_rule(doc, path, printed: Counter) -> list[tuple[str, str, str]]:
    return sorted(key for key in findings(doc, path) - printed if key[0] in RULES)


def test_108_as_printed_is_quiet(printed_108):
    assert not [key for key in printed_108 if key[0] in RULES]


def test_108_whole_flipped_is_a_warning_in_both_engines(doc_108, printed_108):
    """三公 增加25万元 -> 减少25万元: the whole -250000 against its parts +250000 (no other rule sees it:
    the level 47.91 is the sum of its parts, last year's is printed nowhere)."""
    path, doc = doc_108
    flipped = mutated(doc, THREE_PUBLIC, "增加", "减少")
    new = findings(flipped, path) - printed_108
    assert [(rule, severity) for rule, severity, _ in new] == [("hierarchy-parts-change", "Warning")]
    message = next(iter(new))[2]
    assert "-250000 元" in message and "之和 250000 元" in message
    assert pyshacl_rules(convert(flipped, path)[1], RULES) == ["hierarchy-parts-change"]


def test_108_part_flipped_is_seen_by_its_whole_and_its_parts(doc_108, printed_108):
    """公务用车 增加 -> 减少: a part of 三公 (whose sum becomes -250000) and the whole of 购置 + 运行."""
    path, doc = doc_108
    new = new_of_this_rule(mutated(doc, VEHICLES, "增加", "减少"), path, printed_108)
    assert [(rule, severity) for rule, severity, _ in new] == [("hierarchy-parts-change", "Warning")] * 2


def test_108_fund_part_flipped(doc_108, printed_108):
    """一般公共预算 减少 -> 增加: 财政拨款支出 -8767500 against 8767500 + 0 (政府性基金 持平) + 0 (国有资本 持平)."""
    path, doc = doc_108
    flipped = mutated(doc, GENERAL_BUDGET, "减少", "增加")
    new = new_of_this_rule(flipped, path, printed_108)
    assert [(rule, severity) for rule, severity, _ in new] == [("hierarchy-parts-change", "Warning")]
    assert "-8767500 元" in new[0][2] and "之和 8767500 元" in new[0][2]
    # the finding names the part whose word, turned back, makes the sum agree
    (finding,) = [f for f in validate_graph(convert(flipped, path)[1]).findings if f.rule in RULES]
    others = [ref.iri for ref in finding.figures if ref.role == "other"]
    assert [iri.rsplit("/obs/", 1)[1] for iri in others] == [
        "expenditure/fund-general-public-budget/increase-amount"
    ]


def test_108_within_rounding_is_an_info(doc_108, printed_108):
    """增加25万元 -> 25.01 is no error of the order of a flipped word: within ±100 yuan, an Info."""
    path, doc = doc_108
    resized = replaced(doc, "47.91万元，比2023年预算增加25万元", "47.91万元，比2023年预算增加25.01万元")
    new = new_of_this_rule(resized, path, printed_108)
    assert [(rule, severity) for rule, severity, _ in new] == [("hierarchy-parts-change-rounding", "Info")]


def test_a_part_unstated_says_nothing(doc_108, printed_108):
    """The 三公 flipped but 因公出国（境）费's 持平 gone: two parts of three state a change, no finding."""
    path, doc = doc_108
    flipped = mutated(doc, THREE_PUBLIC, "增加", "减少")
    unstated = replaced(flipped, "（境）费0万元，比2023年预算持平", "（境）费0万元")
    new = new_of_this_rule(unstated, path, printed_108)
    assert not new


PDF_201 = ("corpus", "pdf", "201_chongqing_beibei_xinandaxue_2023_bumenjuesuan.pdf")
INCOME = "学校2023年度收入总计430,725.03万元"  # 减少23,616.80万元 = 14,458.07 + 974.61 - 39,049.48


@pytest.fixture(scope="module")
def doc_201():
    return _read_pdf(PDF_201)


@pytest.fixture(scope="module")
def printed_201(doc_201):
    return findings(doc_201[1], doc_201[0])


def test_201_income_by_source_as_printed_is_quiet(printed_201):
    assert not [key for key in printed_201 if key[0] in RULES]


def test_201_income_flipped_is_a_warning_in_both_engines(doc_201, printed_201):
    """本年收入 减少 -> 增加: the whole +236168000 against 财政拨款 + 事业 - 其他 = -236168000 (the parts by
    source are those the text states a level for; 政府性基金, a part of 财政拨款, is not one of them)."""
    path, doc = doc_201
    flipped = mutated(doc, INCOME, "减少", "增加")
    new = new_of_this_rule(flipped, path, printed_201)
    assert [(rule, severity) for rule, severity, _ in new] == [("hierarchy-parts-change", "Warning")]
    assert "236168000 元" in new[0][2] and "之和 -236168000 元" in new[0][2]
    assert pyshacl_rules(convert(flipped, path)[1], RULES) == ["hierarchy-parts-change"]


def test_201_income_source_with_a_level_but_no_change_leaves_the_sum_open(doc_201, printed_201):
    """The whole flipped but 事业收入's change gone (its level stays in the tables): the sum is open."""
    path, doc = doc_201
    flipped = mutated(doc, INCOME, "减少", "增加")
    unstated = replaced(flipped, "事业收入增加974.61万元，", "")
    assert not new_of_this_rule(unstated, path, printed_201)
    assert pyshacl_rules(convert(unstated, path)[1], RULES) == []


PDF_204 = ("corpus", "pdf", "204_jiangsu_gaojirenminfayuan_2017_bumenyusuan.pdf")
TOTALS_204 = "收、支预算总计各增加1808.29万元"  # = 基本 1408.29 + 项目 400 + 预留机动经费 0 (与上年一致)
RESERVE_204 = "单位预留机动经费预算数为182.92万元。与上年一致。"
HOUSING_204 = "与上年相比增加1051.89万元，增长54.3%。"  # the change of 住房保障支出 (类 221)


@pytest.fixture(scope="module")
def doc_204():
    return _read_pdf(PDF_204)


@pytest.fixture(scope="module")
def printed_204(doc_204):
    return findings(doc_204[1], doc_204[0])


def test_204_by_nature_as_printed_is_quiet(printed_204):
    assert not [key for key in printed_204 if key[0] in RULES]


def test_204_by_nature_a_third_nature_changed_is_a_warning_in_both_engines(doc_204, printed_204):
    """预留机动经费 与上年一致 -> 增加100万元: 支出总计 +18082900 against 基本 + 项目 + 预留 = 19082900."""
    path, doc = doc_204
    changed = replaced(doc, RESERVE_204, "单位预留机动经费预算数为182.92万元。与上年相比增加100万元。")
    new = new_of_this_rule(changed, path, printed_204)
    assert [(rule, severity) for rule, severity, _ in new] == [("hierarchy-parts-change", "Warning")]
    assert "18082900 元" in new[0][2] and "之和 19082900 元" in new[0][2]
    assert pyshacl_rules(convert(changed, path)[1], RULES) == ["hierarchy-parts-change"]


def test_204_by_nature_a_nature_with_a_level_but_no_change_leaves_the_sum_open(doc_204, printed_204):
    """The whole (支出总计) flipped, 住房保障支出's change gone (its classes a selection, which the flipped
    whole does not exceed): a Warning by nature; then 预留机动经费's 与上年一致 gone too (its level 182.92
    stays): the sum by nature is open."""
    path, doc = doc_204
    flipped = replaced(mutated(doc, TOTALS_204[:6], "增加", "减少"), HOUSING_204, "")
    assert [key[:2] for key in new_of_this_rule(flipped, path, printed_204)] == [
        ("hierarchy-parts-change", "Warning")
    ]
    unstated = replaced(flipped, RESERVE_204, "单位预留机动经费预算数为182.92万元。")
    assert not new_of_this_rule(unstated, path, printed_204)
    assert pyshacl_rules(convert(unstated, path)[1], RULES) == []


# by function class: 201 states the change of its 支出 and of each of its 类 (教育 +52,499.75, 科学技术 +965.07,
# 社会保障和就业 -196.69, 农林水 -16.84, 住房保障 +1,209.04, 其他 +32.50 = +54,492.83), its 表3 the 类' levels
EXPENDITURE_201 = "学校2023年度支出总计457,676.75万元"
SCIENCE_201 = "科学技术支出增加965.07万元，"


def test_201_expenditure_flipped_against_its_classes_in_both_engines(doc_201, printed_201):
    """支出 增加 -> 减少: -544928300 against its classes' +544928300 (no other rule sees it)."""
    path, doc = doc_201
    flipped = mutated(doc, EXPENDITURE_201, "增加", "减少")
    new = new_of_this_rule(flipped, path, printed_201)
    assert [(rule, severity) for rule, severity, _ in new] == [("hierarchy-parts-change", "Warning")]
    assert "-544928300 元" in new[0][2] and "之和 544928300 元" in new[0][2]
    assert pyshacl_rules(convert(flipped, path)[1], RULES) == ["hierarchy-parts-change"]


def test_201_class_flipped_names_it(doc_201, printed_201):
    """科学技术支出 增加 -> 减少: the classes add up to 525626900; turned back, 206 agrees."""
    path, doc = doc_201
    flipped = mutated(doc, "教育支出增加52,499.75万元，", "增加", "减少")
    (finding,) = [f for f in validate_graph(convert(flipped, path)[1]).findings if f.rule in RULES]
    assert (finding.rule, finding.severity) == ("hierarchy-parts-change", "Warning")
    assert "之和 525626900 元" in finding.message
    others = [ref.iri for ref in finding.figures if ref.role == "other"]
    assert [iri.rsplit("/obs/", 1)[1] for iri in others] == ["expenditure/fc-206/decrease-amount"]


def test_201_a_selection_of_classes(doc_201, printed_201):
    """科学技术's change gone (its level 2,536.65 stays in 表3): a selection, whose changes plus the levels
    of the others bound the whole's growth: as printed within it (quiet), with 教育 flipped far beyond it
    (hierarchy-parts-change-selection, in both engines)."""
    path, doc = doc_201
    selection = replaced(doc, SCIENCE_201, "")
    assert not new_of_this_rule(selection, path, printed_201)
    flipped = mutated(selection, "其中：教育支出", "增加", "减少")
    new = new_of_this_rule(flipped, path, printed_201)
    assert [(rule, severity) for rule, severity, _ in new] == [
        ("hierarchy-parts-change-selection", "Warning")
    ]
    assert "544928300 元" in new[0][2] and "之和 -489350900 元" in new[0][2]
    assert pyshacl_rules(convert(flipped, path)[1], RULES) == ["hierarchy-parts-change-selection"]
