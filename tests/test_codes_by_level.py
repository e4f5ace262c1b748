"""Codes printed by level over 类 / 款 / 项 columns, each row printing only its own level's part.

Older templates (2015-2019) and many county pages print "201" on the 类 row, "08" in the 款 column of the
款 row and "01" in the 项 column of the 项 row. The reader completes each code from the nearest row above
that states the levels left blank (the part's column gives its level, not its digits), and the figures
say so (fiscal:wordingDiscrepancy "code-completed"); a code printed whole stays as printed, and a part no
row above completes keeps being warned as malformed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from converter.model import Figure
from converter.parse.code_levels import COMPLETED
from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import StandardTable, find_standard_tables
from converter.read.html import read_html
from converter.read.types import SourceDocument

_HEAD = """<html><head><title>某某县审计局2018年度部门决算公开</title></head><body>
<p>某某县审计局2018年度部门决算</p><p>{title}</p><p>单位：万元</p><table border=1>"""
_FUNCTION_HEADER = """<tr><td colspan=3>科目编码</td><td rowspan=2>科目名称</td><td rowspan=2>合计</td>
<td rowspan=2>基本支出</td><td rowspan=2>项目支出</td></tr><tr><td>类</td><td>款</td><td>项</td></tr>"""
_FUNCTION_TITLE = "一般公共预算财政拨款支出决算表"


def _page(rows: str, header: str = _FUNCTION_HEADER, title: str = _FUNCTION_TITLE) -> str:
    return _HEAD.format(title=title) + header + rows + "</table></body></html>"


def _row(*cells: str, spans: dict[int, str] | None = None) -> str:
    spans = spans or {}
    return "<tr>" + "".join(f"<td{spans.get(k, '')}>{c}</td>" for k, c in enumerate(cells)) + "</tr>"


# 201 = 20108 = 2010801 + 2010804 in every column
_BY_LEVEL = (
    _row("", "", "", "合计", "100.00", "80.00", "20.00")
    + _row("201", "", "", "一般公共服务支出", "100.00", "80.00", "20.00")
    + _row("", "08", "", "审计事务", "100.00", "80.00", "20.00")
    + _row("", "", "01", "行政运行", "80.00", "80.00", "")
    + _row("", "", "04", "审计业务", "20.00", "", "20.00")
)


def _read(html: str):
    data = html.encode()
    doc = read_html(data, SourceDocument("x.html", hashlib.sha256(data).hexdigest(), "text/html", len(data)))
    tables = find_standard_tables(doc)
    figures, warnings = figures_from_tables(doc, tables, 2018, "final")
    return tables, figures, warnings


def _codes(table: StandardTable) -> list[tuple[str | None, str, bool]]:
    return [(r.code, r.label, r.code_completed) for r in table.rows]


def _ref(f: Figure):
    return f.function or f.economic


def _notes(figures: list[Figure]) -> dict[str, set[str]]:
    """code -> the notes its figures carry"""
    out: dict[str, set[str]] = {}
    for f in figures:
        ref = _ref(f)
        if ref is not None:
            out.setdefault(ref.code, set()).update(ref.discrepancies)
    return out


def test_function_codes_printed_by_level_are_completed_from_the_rows_above():
    (table,), figures, warnings = _read(_page(_BY_LEVEL))
    assert _codes(table)[1:] == [
        ("201", "一般公共服务支出", False),
        ("20108", "审计事务", True),
        ("2010801", "行政运行", True),
        ("2010804", "审计业务", True),
    ]
    assert all(r.code_scheme == "function" for r in table.rows[1:])
    assert not [w for w in warnings if w.code == "table-code-malformed"]
    notes = _notes(figures)
    assert COMPLETED not in notes["201"]  # printed whole
    assert all(COMPLETED in notes[c] for c in ("20108", "2010801", "2010804"))
    basic = [f for f in figures if _ref(f) and _ref(f).code == "2010801" and f.column == "基本支出"]
    assert [f.value for f in basic] and basic[0].span.text == "80.00"


def test_the_parts_column_gives_its_level_not_its_digits():
    """ "01" in the 款 column is a 款 (20101), in the 项 column a 项 of the 款 above (2010801)."""
    rows = (
        _row("201", "", "", "一般公共服务支出", "30.00", "30.00", "")
        + _row("", "01", "", "人大事务", "10.00", "10.00", "")
        + _row("", "", "01", "行政运行", "10.00", "10.00", "")
        + _row("", "08", "", "审计事务", "20.00", "20.00", "")
        + _row("", "", "01", "行政运行", "20.00", "20.00", "")
    )
    (table,), _, _ = _read(_page(rows))
    assert [c for c, _, _ in _codes(table)] == ["201", "20101", "2010101", "20108", "2010801"]


def test_the_class_on_every_row_or_the_class_and_item_on_the_item_row():
    """ "201 | 08 |" then " | | 01"; "201 | | 01" (the 类 printed again, the 款 left blank)."""
    rows = (
        _row("201", "", "", "一般公共服务支出", "100.00", "80.00", "20.00")
        + _row("201", "08", "", "审计事务", "100.00", "80.00", "20.00")
        + _row("", "", "01", "行政运行", "80.00", "80.00", "")
        + _row("201", "", "04", "审计业务", "20.00", "", "20.00")
    )
    (table,), _, warnings = _read(_page(rows))
    assert _codes(table) == [
        ("201", "一般公共服务支出", False),
        ("20108", "审计事务", False),  # printed whole over its columns: read as today
        ("2010801", "行政运行", True),
        ("2010804", "审计业务", True),
    ]
    assert not [w for w in warnings if w.code == "table-code-malformed"]


def test_a_class_merged_over_the_rows_below_it():
    """The 类 in a cell spanning its rows (rowspan): the 项 row states its 类, not its 款. Read cell by
    cell it was 20101, another line's code."""
    span = {0: " rowspan=4"}
    rows = (
        _row("201", "", "", "一般公共服务支出", "100.00", "80.00", "20.00", spans=span)
        + "<tr><td>08</td><td></td><td>审计事务</td><td>100.00</td><td>80.00</td><td>20.00</td></tr>"
        + "<tr><td></td><td>01</td><td>行政运行</td><td>80.00</td><td>80.00</td><td></td></tr>"
        + "<tr><td></td><td>04</td><td>审计业务</td><td>20.00</td><td></td><td>20.00</td></tr>"
    )
    (table,), _, _ = _read(_page(rows))
    assert _codes(table) == [
        ("201", "一般公共服务支出", False),
        ("20108", "审计事务", False),
        ("2010801", "行政运行", True),
        ("2010804", "审计业务", True),
    ]


def test_codes_printed_whole_stay_as_printed():
    """ "201 | 08 | 01" over the three columns, and one cell merged over them: no completion, no note."""
    rows = _row("201", "08", "01", "行政运行", "80.00", "80.00", "") + _row(
        "2010804", "审计业务", "20.00", "", "20.00", spans={0: " colspan=3"}
    )
    (table,), figures, _ = _read(_page(rows))
    assert _codes(table) == [("2010801", "行政运行", False), ("2010804", "审计业务", False)]
    assert all(COMPLETED not in n for n in _notes(figures).values())


def test_a_part_no_row_above_completes_is_still_warned():
    rows = _row("", "08", "", "审计事务", "100.00", "80.00", "20.00") + _row(
        "", "", "01", "行政运行", "80.00", "80.00", ""
    )
    (table,), _, warnings = _read(_page(rows))
    assert [c for c, _, _ in _codes(table)] == ["08", "01"]
    assert len([w for w in warnings if w.code == "table-code-malformed"]) == 2


_ECONOMIC_TITLE = "一般公共预算财政拨款基本支出决算表"
_ECONOMIC_HEADER = """<tr><td colspan=2>科目编码</td><td rowspan=2>科目名称</td><td rowspan=2>决算数</td></tr>
<tr><td>类</td><td>款</td></tr>"""


def test_economic_codes_printed_by_level():
    """ "301" on the 类 row, "| 01 |" on the 款 row; or "01 基本工资" in the 款 cell, the name column blank."""
    rows = (
        _row("301", "", "工资福利支出", "50.00")
        + _row("", "01", "基本工资", "30.00")
        + _row("", "02 津贴补贴", "", "20.00")
        + _row("302", "", "商品和服务支出", "10.00")
        + _row("", "01", "办公费", "10.00")
    )
    (table,), figures, warnings = _read(_page(rows, _ECONOMIC_HEADER, _ECONOMIC_TITLE))
    assert _codes(table) == [
        ("301", "工资福利支出", False),
        ("30101", "基本工资", True),
        ("30102", "津贴补贴", True),
        ("302", "商品和服务支出", False),
        ("30201", "办公费", True),
    ]
    assert all(r.code_scheme == "economic" for r in table.rows)
    assert not [w for w in warnings if w.code == "table-code-malformed"]
    assert COMPLETED in _notes(figures)["30102"]


def _findings(tmp_path: Path, html: str) -> list:
    from converter.pipeline import convert_files
    from converter.uris import DEFAULT_BASE
    from converter.validate import validate_graph

    path = tmp_path / "partcodes.html"
    path.write_text(html, encoding="utf-8")
    result = convert_files([path])
    assert not result.failures, result.failures
    return validate_graph(result.converted[0].graph, DEFAULT_BASE).findings


def test_the_audit_checks_the_completed_hierarchy(tmp_path):
    """The codes completed, 201 = 20108 = 2010801 + 2010804 is checked: the table as printed raises no
    hierarchy finding nor one on the completion note; a 项 misprinted by 1 breaks its 款's sum."""
    findings = _findings(tmp_path, _page(_BY_LEVEL))
    assert not [f for f in findings if f.rule.startswith("hierarchy-") or f.rule == "classification-wording"]
    planted = _BY_LEVEL.replace(
        _row("", "", "01", "行政运行", "80.00", "80.00", ""),
        _row("", "", "01", "行政运行", "81.00", "81.00", ""),
    )
    assert planted != _BY_LEVEL
    bad = [f for f in _findings(tmp_path, _page(planted)) if f.rule.startswith("hierarchy-function")]
    assert bad and {f.severity for f in bad} == {"Violation"}, bad


def test_a_workbook_prints_its_codes_by_level(tmp_path):
    """An Excel grid reads as an HTML one: the parts in the 款 / 项 columns completed from the rows above."""
    from openpyxl import Workbook

    from converter.read.dispatch import read_path

    book = Workbook()
    sheet = book.active
    for line in (
        ["某某县审计局2018年度部门决算"],
        [_FUNCTION_TITLE],
        ["单位：万元"],
        ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"],
        ["201", None, None, "一般公共服务支出", 100, 80, 20],
        [None, "08", None, "审计事务", 100, 80, 20],
        [None, None, "01", "行政运行", 80, 80, None],
        [None, None, "04", "审计业务", 20, None, 20],
    ):
        sheet.append(line)
    path = tmp_path / "partcodes.xlsx"
    book.save(path)
    tables = [t for t in find_standard_tables(read_path(path)) if t.rows]
    assert [(r.code, r.code_completed) for r in tables[0].rows if r.code] == [
        ("201", False),
        ("20108", True),
        ("2010801", True),
        ("2010804", True),
    ]


def test_a_tab_separated_text_table_prints_its_codes_by_level(tmp_path):
    """Text input (a page copied from a browser, a PDF's text): the tab field a part sits in, under the
    header's 类 / 款 / 项 fields, gives its level. Lines without tabs say no level, and keep today's reading."""
    from converter.read.dispatch import read_path

    lines = [
        "某某县审计局2018年度部门决算",
        _FUNCTION_TITLE,
        "单位：万元",
        "类\t款\t项\t科目名称\t合计\t基本支出\t项目支出",
        "201\t\t\t一般公共服务支出\t100.00\t80.00\t20.00",
        "\t08\t\t审计事务\t100.00\t80.00\t20.00",
        "\t\t01\t行政运行\t80.00\t80.00\t",
        "\t\t04\t审计业务\t20.00\t\t20.00",
    ]
    path = tmp_path / "partcodes.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (table,) = find_standard_tables(read_path(path))
    assert [(r.code, r.code_completed) for r in table.rows] == [
        ("201", False),
        ("20108", True),
        ("2010801", True),
        ("2010804", True),
    ]


def test_side_by_side_economic_halves_complete_their_own_codes():
    """Two economic halves printed side by side (人员经费 | 公用经费): each half's 款 takes the 类 above it."""
    header = """<tr><td colspan=4>人员经费</td><td colspan=4>公用经费</td></tr>
<tr><td>类</td><td>款</td><td>科目名称</td><td>决算数</td><td>类</td><td>款</td><td>科目名称</td><td>决算数</td></tr>"""
    rows = _row("301", "", "工资福利支出", "50.00", "302", "", "商品和服务支出", "10.00") + _row(
        "", "01", "基本工资", "50.00", "", "01", "办公费", "10.00"
    )
    (table,), _, warnings = _read(_page(rows, header, _ECONOMIC_TITLE))
    assert sorted((r.group, r.code, r.code_completed) for r in table.rows) == [
        (0, "301", False),
        (0, "30101", True),
        (1, "302", False),
        (1, "30201", True),
    ]
    assert not [w for w in warnings if w.code == "table-code-malformed"]


def test_three_code_columns_under_one_header_are_its_levels_in_order():
    """科目编码 merged over three columns, no 类 / 款 / 项 row: the columns are the levels in order."""
    header = (
        "<tr><td colspan=3>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>"
    )
    (table,), _, _ = _read(_page(_BY_LEVEL, header))
    assert [(r.code, r.code_completed) for r in table.rows if r.code] == [
        ("201", False),
        ("20108", True),
        ("2010801", True),
        ("2010804", True),
    ]


def test_a_word_table_prints_its_codes_by_level():
    """A .docx grid, its 类 merged down over its rows (vMerge): the 项 rows take their 款 from above."""
    from converter.read.dispatch import read_bytes
    from tests.docx_forms import package, paragraph

    def tc(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    def tr(*cells: str) -> str:
        return "<w:tr>" + "".join(cells) + "</w:tr>"

    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    grid = (
        tr(*(tc(w) for w in ("类", "款", "项", "科目名称", "合计", "基本支出", "项目支出")))
        + tr(
            tc("201", restart), tc(""), tc(""), tc("一般公共服务支出"), tc("100.00"), tc("80.00"), tc("20.00")
        )
        + tr(tc("", cont), tc("08"), tc(""), tc("审计事务"), tc("100.00"), tc("80.00"), tc("20.00"))
        + tr(tc("", cont), tc(""), tc("01"), tc("行政运行"), tc("80.00"), tc("80.00"), tc(""))
        + tr(tc("", cont), tc(""), tc("04"), tc("审计业务"), tc("20.00"), tc(""), tc("20.00"))
    )
    body = (
        paragraph("某某县审计局2018年度部门决算")
        + paragraph(_FUNCTION_TITLE)
        + paragraph("单位：万元")
        + "<w:tbl><w:tblPr/><w:tblGrid/>"
        + grid
        + "</w:tbl>"
    )
    tables = [t for t in find_standard_tables(read_bytes(package(body), "report.docx")) if t.rows]
    assert [(r.code, r.code_completed) for r in tables[0].rows if r.code] == [
        ("201", False),
        ("20108", False),
        ("2010801", True),
        ("2010804", True),
    ]
