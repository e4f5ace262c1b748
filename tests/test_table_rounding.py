"""A table printed in 元 that was computed in 万元 (every amount a whole hundred of yuan): its figures
carry the rounding of 0.01万元 (±50元), so its sums are checked to that envelope, not to the ±0.005元
its printed digits say (``converter/parse/table_rounding.py``; a province's 元 table with the narrative
in 万元 raised a hierarchy Violation for every rounding)."""

from __future__ import annotations

from decimal import Decimal

from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import find_standard_tables
from converter.precision import figure_half_width
from converter.read.text import read_text
from converter.read.types import SourceDocument
from tests.test_three_public_text import FOOTER


def _half_widths(rows: list[tuple[str, str, str, str, str]]) -> set[Decimal]:
    body = "".join("\t".join(r) + "\n" for r in rows)
    page = (
        "一般公共预算财政拨款支出决算表\n单位：元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        + body
        + FOOTER
    )
    data = page.encode("utf-8")
    doc = read_text(data, SourceDocument("page.txt", "0" * 64, "text/plain", len(data)))
    figures, _ = figures_from_tables(doc, find_standard_tables(doc, "final"), 2024, "final")
    assert figures
    return {figure_half_width(f) for f in figures if f.value}


ROWS = [
    ("201", "一般公共服务支出", "29,616,800.00", "20,828,500.00", "8,788,300.00"),
    ("20101", "人大事务", "17,105,400.00", "12,317,100.00", "4,788,300.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "12,511,300.00", "8,511,300.00", "4,000,000.00"),
]


def test_a_yuan_table_of_whole_hundreds_carries_the_rounding_of_wan():
    assert _half_widths(ROWS) == {Decimal(50)}


def test_a_yuan_table_of_exact_amounts_keeps_its_digits():
    exact = [(*r[:2], r[2].replace("00.00", "17.00"), *r[3:]) for r in ROWS]
    assert _half_widths(exact) == {Decimal("0.005")}
