"""Standard tables of the national template, checked against the hand-checked figures of 101."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from converter.parse.tables import find_standard_tables, missing_standard_tables, normalise_title
from converter.read.dispatch import read_path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _doc(name: str):
    matches = sorted((CORPUS / "pdf").glob(f"{name}_*.pdf")) + sorted((CORPUS / "raw").glob(f"{name}_*.txt"))
    if not matches:
        pytest.skip(f"corpus document {name} not available (expected under ../shared/corpus)")
    return read_path(matches[0])


@pytest.fixture(scope="module")
def tables101():
    return find_standard_tables(_doc("101"))


def _expected101() -> list[dict]:
    path = CORPUS / "expected" / "101.expected.json"
    if not path.exists():
        pytest.skip("101.expected.json not available")
    figures = json.loads(path.read_text(encoding="utf-8"))["figures"]
    return [f for f in figures if f.get("column")]


def _find_row(table, figure):
    label = figure["what"].split(" | ")[1]
    code = figure.get("code") if table.kind_key not in ("final.total", "final.appropriation_total") else None
    code = figure.get("economic_code") or code
    if code:
        rows = [r for r in table.rows if r.code == code]
    elif ": " in label:  # "年初财政拨款结转和结余: 一、一般公共预算财政拨款" = that row after the first
        parent, child = label.split(": ", 1)
        after = [i for i, r in enumerate(table.rows) if r.label == parent]
        rows = [r for r in table.rows[after[0] + 1 :] if r.label == child][:1] if after else []
    else:
        # the first row so labelled (the 总表 repeats 一、一般公共预算财政拨款 under 年初结转和结余)
        rows = [r for r in table.rows if r.label == label and figure["column"] in r.cells][:1]
    return rows


def test_101_every_table_figure_matches(tables101):
    by_title = {t.kind_key: t for t in tables101}
    titles = {normalise_title(t.title): t for t in tables101}
    figures = _expected101()
    assert len(figures) >= 170
    problems = []
    for f in figures:
        table = titles.get(normalise_title(f["source"]))
        if table is None:
            problems.append(f"no table {f['source']}")
            continue
        rows = _find_row(table, f)
        if len(rows) != 1:
            problems.append(f"{f['what']}: {len(rows)} rows")
            continue
        cell = rows[0].cells.get(f["column"])
        if cell is None:
            problems.append(f"{f['what']}: no cell (columns {sorted(rows[0].cells)})")
            continue
        amount = Decimal(cell.text.replace(",", "")) * 10000
        if amount != Decimal(f["amount_yuan"]):
            problems.append(f"{f['what']}: {cell.text} != {f['amount_yuan']}")
        if cell.page != f["page"]:
            problems.append(f"{f['what']}: page {cell.page} != {f['page']}")
    assert not problems, "\n".join(problems)
    assert len(by_title) == 9


def test_101_units_offsets_and_empty_tables(tables101):
    doc = _doc("101")
    for t in tables101:
        assert t.unit == "万元"
        assert doc.text[t.start : t.start + len(t.title)] == t.title
        for r in t.rows:
            for v in r.cells.values():
                assert doc.text[v.start : v.end] == v.text
    empty = {t.title for t in tables101 if t.empty_statement}
    assert empty == {"政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表"}
    basic = next(t for t in tables101 if t.kind_key == "final.general_basic")
    assert {r.code_scheme for r in basic.rows if r.code} == {"economic"}
    assert basic.page_first == 16 and basic.page_last == 17
    income = next(t for t in tables101 if t.kind_key == "final.income")
    row = next(r for r in income.rows if r.code == "2080505")
    assert row.label == "机关事业单位基本养老保险缴费支出" and row.code_scheme == "function"
    assert "上级补助收入" not in row.cells  # blank, not 0
    assert missing_standard_tables(tables101, "final") == []


def test_102_tables_present_and_missing_named():
    found = find_standard_tables(_doc("102"))
    keys = [t.kind_key for t in found]
    # its source claims two tables are missing; both are printed (pages 12 and 14)
    assert "final.appropriation_total" in keys and "final.general_expenditure" in keys
    assert missing_standard_tables(found, "final") == []
    without = [t for t in found if t.kind_key != "final.general_expenditure"]
    assert missing_standard_tables(without, "决算") == ["一般公共预算财政拨款支出决算表"]
    flat = next(t for t in found if t.kind_key == "final.income")
    assert any(r.code == "2120101" for r in flat.rows)  # 7-digit codes in one column


def test_105_template_has_tables_but_no_figures():
    found = find_standard_tables(_doc("105"))
    assert len(found) == 9
    figures = [v.text for t in found for r in t.rows for v in r.cells.values()]
    assert all(not any(ch.isdigit() for ch in text) for text in figures), figures[:5]


@pytest.mark.parametrize("name", ["108", "109"])
def test_budget_tables_found(name):
    found = find_standard_tables(_doc(name))
    assert missing_standard_tables(found, "budget") == []
    assert missing_standard_tables(found, "final")  # a budget is not final accounts
    income = next(t for t in found if t.kind_key == "budget.income")
    assert income.unit == "元"
    assert income.page_last > income.page_first  # continued over page breaks
    assert any(r.code and len(r.code) == 7 and r.cells for r in income.rows)
    three = next(t for t in found if t.kind_key == "budget.three_public")
    assert three.unit == "万元"


def test_106_text_budget():
    found = find_standard_tables(_doc("106"))
    keys = [t.kind_key for t in found]
    assert missing_standard_tables(found, "budget") == []
    assert len(keys) == len(set(keys))
    income = next(t for t in found if t.kind_key == "budget.income")
    assert income.unit == "元" and income.positional
    row = next(r for r in income.rows if r.code == "2080505")
    assert row.label == "机关事业单位基本养老保险缴费支出"
    assert row.cells["#1"].text == "2,302,464"
    fund = next(t for t in found if t.kind_key == "budget.government_fund")
    assert fund.empty_statement and "本表无数据" in fund.empty_statement


def test_missing_rejects_unknown_phase():
    with pytest.raises(ValueError):
        missing_standard_tables([], "draft")


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("表3 一般公共预算财政拨款支出决算表", "general_expenditure"),
        ("表3一般公共预算财政拨款支出决算表", "general_expenditure"),
        ("表三 一般公共预算财政拨款支出决算表", "general_expenditure"),
        ("表一一般公共预算财政拨款支出决算表", "general_expenditure"),
        ("表十一 收入决算表", "income"),
        ("表1-2一般公共预算财政拨款基本支出决算表", "general_basic"),
    ],
)
def test_a_table_number_before_yiban_is_no_numeral(title, role):
    """ "表3一般…": the table's number is 3, not 3一 (before, the 一 of 一般 was taken into the number and
    the title read as 般公共预算财政拨款支出决算表, the appropriation's table of every fund)."""
    from converter.parse.table_titles import title_role

    assert title_role(title)[0] == role
