"""descriptions-classification on the words of the document's own items: a 主要用于 text copied from a
neighbouring paragraph (bench/plants_more.py's description-swap) rarely prints the other item's label,
but keeps the words of its name (信息化, 退休, 医疗) and none of its own item's. A description that
generalises, names its own 款, or is of an item 其他 of a 款 in its siblings' words is no finding."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from converter.emit import emit_report
from converter.pipeline import convert_document, convert_files, read_document
from converter.uris import DEFAULT_BASE, UriBuilder
from converter.validate import validate_graph
from tests.conftest import shared_path

RAW_101 = ("corpus", "raw", "101_shanghai_putuo_caizhengju_2024_full.txt")
RAW_102 = ("corpus", "raw", "102_shanghai_putuo_guihuaziranziyuanju_2024_full.txt")
RULE = "descriptions-classification"


def _described(tmp_path: Path, old: str, new: str, raw: tuple = RAW_101) -> set[tuple[str, str, str, str]]:
    text = shared_path(*raw).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / Path(raw[-1]).name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    found = validate_graph(result.converted[0].graph, result.base).findings
    return {(f.rule, f.severity, str(f.stated), str(f.computed)) for f in found if f.rule == RULE}


@pytest.mark.parametrize(
    ("old", "new", "item", "other"),
    [
        # the 一般行政管理事务 item described as the 信息化建设 item next to it
        ("局财政业务指导与宣传等基本支出", "信息化系统日常维护费等支出", "2010602", "2010607"),
        # the 职业年金 item described as the 行政单位离退休 item of its 款 (退休, not its label)
        ("主要用于：在职人员的职业年金缴费支出", "主要用于：退休人员经费支出", "2080506", "2080501"),
        # the 其他行政事业单位养老支出 item described as the 行政单位医疗 item of another 类
        (
            "主要用于：退休人员经费支出。年初预算为 0.94",
            "主要用于：在职人员基本医疗保险费。年初预算为 0.94",
            "2080599",
            "2101101",
        ),
    ],
)
def test_a_description_in_another_items_words(tmp_path, old, new, item, other):
    assert (RULE, "Warning", item, other) in _described(tmp_path, old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a description that generalises
        ("局财政业务指导与宣传等基本支出", "单位日常运转"),
        # one that names the item's own 款
        ("信息化\n系统日常维护费等支出", "财政事务支出"),
        # the 医疗 item described in the words of the 社会保障和就业 类 (a field, not a line of it)
        ("在职人员基本医疗保险费", "在职人员社会保险缴费"),
        # an item 其他 of its 款 in the words of a sibling, not its label (the document's own 2080599
        # says 退休人员经费支出)
        ("主要用于：退休人员经费支出。年初预算为 0.94", "主要用于：离退休干部活动费。年初预算为 0.94"),
    ],
)
def test_no_finding_for_a_description_of_its_own_item(tmp_path, old, new):
    assert _described(tmp_path, old, new) == set()


def test_a_description_of_an_item_only_the_documents_table_names():
    """102's 自然资源事务（款）事业运行（项）, 2200150, is not in the bundled list; its table prints it. The
    PDF as read, its description replaced in place (the same length: the tables' offsets hold)."""
    doc = read_document(shared_path("corpus", "pdf", "102_shanghai_putuo_guihuaziranziyuanju_2024.pdf"))
    old = "事业单位人员支出、公用支出、项目\n支出"
    new = "行政单位医疗保险支出。".ljust(len(old))
    assert old in doc.text
    doc = replace(doc, text=doc.text.replace(old, new, 1))
    uris = UriBuilder(DEFAULT_BASE)
    graph = emit_report(convert_document(doc, "102.pdf"), uris).graph()
    found = {(f.rule, str(f.stated), str(f.computed)) for f in validate_graph(graph, DEFAULT_BASE).findings}
    assert (RULE, "2200150", "2101101") in found


def test_a_path_over_blank_lines(tmp_path):
    """102's text saved with a blank line after every line: 1、社会保障和就业支出（类）行政事业单位养老支出
    （款） / (blank) / 行政单位离退休（项）。主要用于：…"""
    old, new = "主要用于：行政单位退休人员支出", "主要用于：事业单位医疗保险支出"
    assert (RULE, "Warning", "2080501", "2101102") in _described(tmp_path, old, new, RAW_102)


def test_a_description_printed_word_for_word_under_another_item(tmp_path):
    """The 行政运行 item described in the words of the 一般行政管理事务 item below it: the text names no
    item and shares 财政 with both items' 款, but the document prints it under both; each item is reported
    as described as the other (one of the two is the copy). bench/plants_more.py description-swap on 101."""
    old, new = "局本部人\n员经费及公用经费等的基本支出", "局财政业务指导与宣传等基本支出"
    found = _described(tmp_path, old, new)
    assert (RULE, "Warning", "2010601", "2010602") in found
    assert (RULE, "Warning", "2010602", "2010601") in found


def test_a_copy_of_the_text_of_an_item_other_of_its_kuan(tmp_path):
    """101 prints 退休人员经费支出 under 行政单位离退休 and under 其他行政事业单位养老支出 (an item 其他 may say
    what its siblings say; the 离退休 item's text uses 退休 of its own name): no finding. The same text
    under the 基本养老保险缴费 item names 行政单位离退休 (退休), not the item 其他 that repeats it."""
    old, new = "主要用于：在职人员的基本养老保险支出", "主要用于：退休人员经费支出"
    assert _described(tmp_path, old, new) == {(RULE, "Warning", "2080505", "2080501")}
