"""HTML reader: charset, visible text, tables with rowspan/colspan."""

from __future__ import annotations

import hashlib

import pytest

from converter.parse.tables import find_standard_tables
from converter.read.html import read_html
from converter.read.types import ReadError, SourceDocument

PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>部门决算</title><style>td {color: red}</style><script>var x = "不要我";</script></head>
<body><h2>收入决算表</h2><p>单位：万元</p>
<table border="1">
<tr><td colspan="4">项目</td><td rowspan="2">本年收入合计</td><td rowspan="2">财政拨款收入</td>
<td rowspan="2">其他收入</td></tr>
<tr><td colspan="3">科目编码</td><td rowspan="2">科目名称</td></tr>
<tr><td>类</td><td>款</td><td>项</td><td></td><td></td><td></td></tr>
<tr><td>201</td><td>06</td><td>01</td><td>行政运行</td><td>1,511.90</td><td>1,511.89</td><td>0.01</td></tr>
<tr><td>201</td><td>06</td><td>02</td><td>一般行政<br>管理事务</td><td>16.19</td><td></td><td>6.19</td></tr>
</table><p>注：本表反映部门本年度取得的各项收入情况。</p></body></html>"""


def _read(data: bytes):
    return read_html(data, SourceDocument("x.html", hashlib.sha256(data).hexdigest(), "text/html", len(data)))


def test_gbk_page_text_and_table():
    doc = _read(PAGE.encode("gbk"))
    assert doc.source.encoding == "gb18030"
    assert "不要我" not in doc.text and "color" not in doc.text
    assert "收入决算表\n" in doc.text and "单位：万元" in doc.text
    (table,) = doc.pages[0].tables
    rows = table.rows
    assert len(rows) == 5 and all(len(r) == 7 for r in rows)
    assert rows[0][0] is rows[0][3]  # colspan expanded as one object
    assert rows[0][4] is rows[1][4]  # rowspan expanded as one object
    assert rows[1][3] is rows[2][3] and rows[1][3].text == "科目名称"
    assert [c.text for c in rows[3]] == ["201", "06", "01", "行政运行", "1,511.90", "1,511.89", "0.01"]
    assert rows[4][3].text == "一般行政\n管理事务" and rows[4][5].text == ""
    for row in rows:
        for c in row:
            if c.text:
                assert doc.text[c.start : c.end] == c.text


def test_html_table_through_the_parser():
    doc = _read(PAGE.encode("gbk"))
    (table,) = find_standard_tables(doc)
    assert table.kind_key == "final.income" and table.unit == "万元"
    row = next(r for r in table.rows if r.code == "2010602")
    assert row.label == "一般行政管理事务"
    assert row.cells["本年收入合计"].text == "16.19" and "财政拨款收入" not in row.cells


def test_utf8_meta_charset():
    doc = _read(
        '<html><head><meta charset="utf-8"></head><body><p>收入</p><p>支出</p></body></html>'.encode()
    )
    assert doc.source.encoding == "utf-8"
    assert doc.text.strip().split("\n") == ["收入", "支出"]


def test_empty_or_invisible_page_is_a_read_error():
    with pytest.raises(ReadError):
        _read(b"   ")
    with pytest.raises(ReadError):
        _read(b"<html><script>only()</script></html>")
