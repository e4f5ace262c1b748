"""A section the 目录 leaves out (placeholders-section-unlisted): the 目录 of a real document with one of
its entries blanked - the first one, the first or last of a level, a part between two of its entries -
is this rule's Warning, in juesuan and in pyshacl; as printed the documents are quiet. And the 目录 is
read as far as it goes: without its first entry, the body's first heading is the body's, not a 目录
entry (before, the 目录 ran on into the body and the section left out was seen nowhere)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import shared_path
from test_rules_claims import convert

from converter.parse.sections import split_sections
from converter.pipeline import read_document
from converter.validate import validate_graph
from tests.pyshacl_rules import pyshacl_rules

RULE = "placeholders-section-unlisted"
PDF_101 = ("corpus", "pdf", "101_shanghai_putuo_caizhengju_2024.pdf")
PDF_201 = ("corpus", "pdf", "201_chongqing_beibei_xinandaxue_2023_bumenjuesuan.pdf")
PDF_204 = ("corpus", "pdf", "204_jiangsu_gaojirenminfayuan_2017_bumenyusuan.pdf")

BODY = "本部门主要职责是负责本区有关工作，具体情况如下文所述，共计若干项内容。\n"


def _toc_and_body(entries: list[str], body: list[str], bare: int = 0) -> str:
    """A 目录 and a body; the first ``bare`` headings of the body without text under them."""
    printed = "".join(f"{h}\n" if i < bare else f"{h}\n{BODY}" for i, h in enumerate(body))
    return "目录\n" + "\n".join(entries) + "\f" + printed


@pytest.mark.parametrize("bare", [0, 1], ids=["text under the part", "the part over its first section"])
def test_a_contents_without_its_first_entry_ends_where_the_body_begins(bare):
    text = _toc_and_body(
        ["一、主要职能", "二、机构设置", "第二部分 部门决算情况说明", "一、收入支出决算总体情况说明"],
        ["第一部分 部门概况", "一、主要职能", "二、机构设置", "第二部分 部门决算情况说明"],
        bare,
    )
    sections, toc = split_sections(text)
    assert [line.text for line in toc][-1] == "一、收入支出决算总体情况说明"
    assert [s.title for s in sections][:2] == ["部门概况", "主要职能"]
    assert sections[1].parent is sections[0]


def test_a_contents_entry_with_a_full_stop_is_the_body_heading_without_it():
    text = _toc_and_body(["一、主要职能。", "二、机构设置。", "三、人员情况。"],
                         ["一、主要职能", "二、机构设置", "三、人员情况"], bare=3)  # fmt: skip
    sections, toc = split_sections(text)
    assert len(toc) == 4 and [s.title for s in sections] == ["主要职能", "机构设置", "人员情况"]


def test_an_entry_broken_over_two_lines_is_not_the_next_entry_beginning_with_its_words():
    """第二部分 …2024年度部门决算 / 表, then 第三部分 …2024年度部门决算 / 情况说明: the second is an entry."""
    entries = ["第一部分 某局概况", "第二部分 某局2024年度部门决算", "表", "第三部分 某局2024年度部门决算",
               "情况说明", "第四部分 名词解释"]  # fmt: skip
    text = _toc_and_body(entries, ["第一部分 某局概况", "第三部分 某局2024年度部门决算情况说明"])
    sections, toc = split_sections(text)
    assert len(toc) == 7
    assert [s.level for s in sections] == [0, 0] and sections[0].title == "某局概况"


def _read(parts):
    path = shared_path(*parts)
    return path, read_document(path)


def _blanked(doc, entry: str):
    """``doc`` with the first 目录 line reading ``entry`` blanked (same length: offsets are kept)."""
    found = re.search(rf"^{re.escape(entry)}$", doc.text, re.M)
    assert found, f"no 目录 line {entry!r}"
    text = doc.text[: found.start()] + " " * len(entry) + doc.text[found.end() :]
    return dataclasses.replace(doc, text=text)


def _unlisted(doc, path) -> int:
    _, graph = convert(doc, path)
    return sum(1 for f in validate_graph(graph).findings if f.rule == RULE)


CASES = [
    (PDF_101, "第一部分上海市普陀区财政局概况"),  # the first entry
    (PDF_101, "一、主要职能"),  # the first of its level under a listed part
    (PDF_101, "二、部门决算单位构成"),  # the last of its level before the next part
    (PDF_101, "第三部分上海市普陀区财政局2024年度部门决算情况说明"),  # a part between two 一、
    (PDF_101, "第二部分上海市普陀区财政局2024年度部门决算表"),  # the tables' part
    (PDF_201, "二、2023年度部门决算报表"),
    (PDF_204, "第二部分 江苏省高级人民法院2017年度部门预算表"),
    (PDF_201, "一、学校概况"),
    (PDF_201, "（一）学校基本情况"),
    (PDF_201, "三、决算报表说明"),  # a 一、 between two （一） entries, worded as no template section
    (PDF_204, "第一部分 部门概况"),
    (PDF_204, "二、2017年度部门主要工作任务及目标。"),
]


@pytest.mark.parametrize("parts", [PDF_101, PDF_201, PDF_204], ids=lambda p: p[2][:3])
def test_the_documents_as_printed_are_quiet(parts):
    path, doc = _read(parts)
    assert _unlisted(doc, path) == 0


@pytest.mark.parametrize(("parts", "entry"), CASES, ids=[f"{p[2][:3]}-{e[:8]}" for p, e in CASES])
def test_an_entry_left_out_of_the_contents_is_a_warning_in_both_engines(parts, entry):
    path, doc = _read(parts)
    planted = _blanked(doc, entry)
    found = [f for f in validate_graph(convert(planted, path)[1]).findings if f.rule == RULE]
    assert [f.severity for f in found] == ["Warning"], found
    assert pyshacl_rules(convert(planted, path)[1], {RULE}) == [RULE]
