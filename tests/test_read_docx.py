"""Word documents: a .docx of a disclosure is read as its PDF is (paragraphs, tables, pages), the formats
that are not read are named with what to do, and a hostile .docx ends in one clear line."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from converter.read import ReadError
from converter.read.dispatch import read_bytes
from tests.docx_forms import FORMS, package, paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_corpus import docx_bomb, docx_entities, docx_nested, docx_spans  # noqa: E402


def _tc(text: str, props: str = "") -> str:
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("|")) or "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def _tr(*cells: str, header: bool = False) -> str:
    return ("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if header else "<w:tr>") + "".join(cells) + "</w:tr>"


def _tbl(*rows: str) -> str:
    return "<w:tbl><w:tblPr/><w:tblGrid/>" + "".join(rows) + "</w:tbl>"


RESTART, CONTINUE = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
SPAN2 = '<w:gridSpan w:val="2"/>'


def _read(body: str, name: str = "report.docx"):
    return read_bytes(package(body), name)


def test_merged_cells_are_one_cell_and_rows_are_tab_lines():
    body = paragraph("收入决算表") + _tbl(
        _tr(_tc("项目", RESTART), _tc("本年收入合计", SPAN2), header=True),
        _tr(_tc("", CONTINUE), _tc("财政拨款"), _tc("其他收入")),
        _tr(_tc("合计"), _tc("2,961.68"), _tc("0.30")),
    )
    doc = _read(body)
    assert doc.source.media_type.endswith("wordprocessingml.document")
    assert doc.text == "收入决算表\n项目\t本年收入合计\n财政拨款\t其他收入\n合计\t2,961.68\t0.30\n"
    (table,) = doc.pages[0].tables
    rows = table.rows
    assert [len(r) for r in rows] == [3, 3, 3]
    assert rows[0][0] is rows[1][0] and rows[0][1] is rows[0][2]  # rowspan and colspan: one Cell object
    for cell in (c for r in rows for c in r if c.text):
        assert doc.text[cell.start : cell.end] == cell.text  # numbers are the characters printed
    assert rows[2][1].text == "2,961.68"


def test_title_and_unit_rows_inside_a_table_are_its_caption_lines():
    full = '<w:gridSpan w:val="3"/>'
    body = _tbl(
        _tr(_tc("收入决算表", full)),
        _tr(_tc("单位：万元", full)),
        _tr(_tc("项目"), _tc("合计"), _tc("财政拨款")),
        _tr(_tc("合计"), _tc("2,961.68"), _tc("2,940.05")),
        _tr(_tc("注：本表为空表的项目不列示。", full)),
    )
    doc = _read(body)
    assert doc.text == (
        "收入决算表\n单位：万元\n项目\t合计\t财政拨款\n合计\t2,961.68\t2,940.05\n注：本表为空表的项目不列示。\n"
    )
    (table,) = doc.pages[0].tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "合计", "财政拨款"],
        ["合计", "2,961.68", "2,940.05"],
    ]


def test_a_row_of_labelled_cells_above_the_header_is_a_caption_line():
    body = _tbl(
        _tr(_tc("编制单位：上海市普陀区财政局", SPAN2), _tc("单位：万元")),
        _tr(_tc("项目", RESTART), _tc("本年支出", SPAN2)),
        _tr(_tc("", CONTINUE), _tc("基本支出"), _tc("项目支出")),
        _tr(_tc("合计"), _tc("1.00"), _tc("2.00")),
    )
    doc = _read(body)
    assert doc.text.startswith("编制单位：上海市普陀区财政局 单位：万元\n项目\t本年支出\n")
    (table,) = doc.pages[0].tables
    assert len(table.rows) == 3 and table.rows[0][0] is table.rows[1][0]


def test_nested_tables_cell_paragraphs_breaks_and_tabs():
    inner = _tbl(_tr(_tc("其中"), _tc("1.00")), _tr(_tc("其他"), _tc("2.00")))
    cell = f"<w:tc><w:p><w:r><w:t>基本</w:t><w:br/><w:t>支出</w:t></w:r></w:p>{inner}</w:tc>"
    tabbed = "<w:p><w:r><w:t>单位：</w:t><w:tab/><w:t>万元</w:t></w:r></w:p>"
    doc = _read(tabbed + _tbl(_tr(_tc("项目|名称"), cell), _tr(_tc("合计"), _tc("3.00"))))
    (table,) = doc.pages[0].tables
    assert table.rows[0][0].text == "项目\n名称"  # a cell's paragraphs are its lines
    assert table.rows[0][1].text == "基本\n支出\n其中 1.00\n其他 2.00"  # w:br, then the nested rows
    assert doc.text.startswith("单位：\t万元\n")


def test_a_contents_entry_tab_is_its_dot_leader():
    from tests.docx_forms import toc_entry

    doc = _read(paragraph("目 录") + toc_entry("一、收入支出决算总表", 6) + toc_entry("二、收入决算表", 7))
    assert doc.text == "目 录\n一、收入支出决算总表……6\n二、收入决算表……7\n"  # no table rows of page numbers


def test_a_one_cell_frame_is_read_as_its_content():
    inner = _tbl(_tr(_tc("项目"), _tc("金额")), _tr(_tc("合计"), _tc("3.00")))
    frame = f"<w:tbl><w:tr><w:tc>{paragraph('支出决算表')}{inner}</w:tc></w:tr></w:tbl>"
    doc = _read(frame)
    (table,) = doc.pages[0].tables
    assert [c.text for c in table.rows[1]] == ["合计", "3.00"]
    assert doc.text == "支出决算表\n项目\t金额\n合计\t3.00\n"


def test_page_breaks_start_pages_and_headers_are_left_out():
    body = (
        paragraph("第一页")
        + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        + paragraph("第二页")
        + paragraph("第三页", props="<w:pageBreakBefore/>")
        + "<w:p><w:r><w:lastRenderedPageBreak/><w:t>第四页</w:t></w:r></w:p>"
        + '<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/></w:sectPr></w:pPr><w:r><w:t>节末</w:t></w:r></w:p>'
        + _tbl(_tr(_tc("第五页"), _tc("1.00")))
    )
    header = '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    header += paragraph("页眉 某某局") + "</w:hdr>"
    doc = read_bytes(package(body, {"word/header1.xml": header}), "x.docx")
    pages = [doc.text[p.start : p.end] for p in doc.pages]
    assert pages == ["第一页\n", "第二页\n", "第三页\n", "第四页\n节末\n", "第五页\t1.00\n"]
    assert doc.text.count("\f") == 4 and "页眉" not in doc.text
    assert doc.pages[4].tables and doc.pages[4].tables[0].page == 5


_NUMBERING = (
    '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/>'
    "</w:lvl></w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/>'
    "</w:lvlOverride></w:num>"
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
)
_STYLES = (
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:style w:styleId="h2"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:styleId="h2b"><w:basedOn w:val="h2"/></w:style></w:styles>'
)


def _numbered(text: str, num: str | None = None, level: int = 0, style: str | None = None) -> str:
    own = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>' if num else ""
    styled = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f"<w:p><w:pPr>{styled}{own}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_automatic_numbering_is_printed_before_the_text():
    body = (
        _numbered("收入支出决算总体情况说明", style="h2")
        + _numbered("收入决算情况说明", style="h2b")  # the numbering of the style it is based on
        + _numbered("财政拨款收入", "1", 1)
        + _numbered("一般公共预算", "1", 2)
        + _numbered("政府性基金", "1", 2)
        + _numbered("其他收入", "1", 1)
        + _numbered("支出决算情况说明", style="h2")  # a level counted resets the ones below it
        + _numbered("财政拨款支出", "1", 1)
        + _numbered("名词解释", "2")  # a list restarted at 九
        + _numbered("要点", "3")  # a bullet: no number
        + _tbl(
            _tr(_tc("序号"), _tc("项目")),
            _tr(_numbered("办公费", "2").join(("<w:tc>", "</w:tc>")), _tc("1.00")),
        )
    )
    parts = {"word/numbering.xml": _NUMBERING, "word/styles.xml": _STYLES}
    doc = read_bytes(package(body, parts), "numbered.docx")
    assert doc.text.split("\n")[:10] == [
        "一、收入支出决算总体情况说明",
        "二、收入决算情况说明",
        "（一）财政拨款收入",
        "一.1 一般公共预算",  # %2 in the format of its own level, as Word prints it
        "一.2 政府性基金",
        "（二）其他收入",
        "三、支出决算情况说明",
        "（一）财政拨款支出",
        "九、名词解释",
        "要点",
    ]
    assert "十、办公费\t1.00" in doc.text  # numbering inside a table cell too


def test_revisions_fields_and_text_boxes_as_printed():
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = "<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>"
    body = (
        "<w:p><w:r><w:t>支出</w:t></w:r><w:del><w:r><w:delText>1.00</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>2.00</w:t></w:r></w:ins><w:r><w:t>万元</w:t></w:r></w:p>"
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        f'<w:p><w:r><w:t>封面</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps">'
        f"<w:drawing>{box}</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    assert _read(body).text == "支出2.00万元\n3\n封面\n文本框\n"  # the box once, after its paragraph


def test_a_document_of_an_embedded_part_only_says_so():
    message = _refused(package('<w:altChunk r:id="rId9"/>'), "export.docx")
    assert "altChunk" in message and "save it as .docx or PDF" in message, message


def test_read_by_content_whatever_the_name():
    doc = _read(paragraph("2024年度部门决算"), name="attachment.bin")
    assert doc.text == "2024年度部门决算\n"


def _refused(data: bytes, name: str) -> str:
    with pytest.raises(ReadError) as caught:
        read_bytes(data, name)
    return str(caught.value)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: docx_bomb(120 << 20), ("expands to", "zip bomb")),
        (docx_entities, ("DOCTYPE",)),
        (docx_spans, ("table", "cells")),
        (docx_nested, ("nests tables",)),
    ],
    ids=["declared-size", "doctype", "spans", "nested"],
)
def test_hostile_documents_are_refused_in_one_line(make, words):
    message = _refused(make(), "hostile.docx")
    assert all(w in message for w in words), message


def test_too_many_parts_are_refused_before_reading():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for k in range(2100):
            archive.writestr(f"word/media/{k}.xml", "")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "parts" in _refused(buffer.getvalue(), "many.docx")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (
            OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64,
            "2024年部门决算.doc",
            (".doc", ".docx", "PDF"),
        ),
        (OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64, "attachment", (".doc", ".docx")),
        (OLE + "EncryptedPackage".encode("utf-16-le"), "2024年部门决算.docx", ("password",)),
        (OLE + b"\x00" * 64, "2024年部门决算.wps", ("WPS", ".wps", ".docx", "PDF")),
        (OLE + b"\x00" * 64, "收支表.et", ("WPS", ".et", ".xlsx")),
        (b"PK\x03\x04" + b"\x00" * 26 + b"OFD.xml" + b"\x00" * 64, "决算.ofd", ("OFD", "PDF")),
        (b"{\\rtf1\\ansi 2024\\par}", "决算.rtf", ("RTF", ".docx")),
    ],
    ids=["doc", "doc-by-content", "encrypted", "wps", "et", "ofd", "rtf"],
)
def test_formats_not_read_are_named_with_what_to_do(data, name, words):
    message = _refused(data, name)
    assert "NUL" not in message and all(w in message for w in words), message


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", ["101", "109", "211+212"])  # 109: a 目录 of table titles
def test_corpus_documents_as_docx_publish_the_pdfs_figures(name, form):
    from tests.docx_forms import docx_variants
    from tests.variant_scores import compare, convert_variant, source_or_skip

    source = source_or_skip(name)
    (variant,) = docx_variants(source.stem, source.doc, source.report, (form,))
    report, error = convert_variant(variant)
    score = compare(name, variant, source.report, report, error)
    assert score.refused is None, score.refused
    assert score.found == score.expected and score.wrong == 0, (score.missing[:5], score.extra[:5])
    assert score.identity == []
