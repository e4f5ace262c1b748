"""A text that stops mid-sentence (the beginning of a web page) is flagged, and the sections it does not
reach are an Info, not the Warning a whole disclosure lacking them gets."""

from __future__ import annotations

import pytest

from converter.parse.text_cut import begins_abruptly, ends_abruptly, numeral
from converter.pipeline import convert_files
from converter.uris import DEFAULT_BASE
from converter.validate import validate_graph
from tests.conftest import SAMPLE, shared_path


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("一、主要职责\n负责组织打击严重危害社会治安犯罪活动的专项斗争;负责全区刑事", True),
        ("一、主要职责\n负责组织打击严重危害社会治安犯罪活动的专项斗争，负责全区刑事侦查。", False),
        ("合计\t2,946.25\t2,940.05", False),  # a table row ends a text
        ("公开时间：2023年10月17日", False),  # a short line (a date, a signature)
        ("- 十三、财政拨款“三公”经费支出决算表", False),
    ],
)
def test_ends_abruptly(text, cut):
    assert ends_abruptly(text, []) is cut


def _rules(path):
    result = convert_files([path])
    assert result.converted, result.failures
    converted = result.converted[0]
    found = {(f.rule, f.severity) for f in validate_graph(converted.graph, DEFAULT_BASE).findings}
    return converted.report, found


def test_a_page_cut_in_its_duties_has_its_missing_sections_as_info():
    path = shared_path("corpus", "web", "027_suizhou_gonganju_zengdufenju_2019.txt")
    report, found = _rules(path)
    assert report.ends_abruptly
    assert ("completeness-missing-section-cut", "Info") in found
    assert not [rule for rule, severity in found if severity != "Info"]


def test_a_whole_text_lacking_a_section_keeps_the_warning(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    head, sep, tail = text.partition("七、“三公”经费财政拨款支出决算情况说明")
    assert sep
    path = tmp_path / SAMPLE.name
    # the 说明 of 三公 left out, the text still ending as the sample does
    path.write_text(head + tail[tail.index("八、") :], encoding="utf-8")
    report, found = _rules(path)
    assert not report.ends_abruptly
    assert ("completeness-missing-section", "Warning") in found


@pytest.mark.parametrize(
    ("text", "number"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99)]
)
def test_numerals(text, number):
    assert numeral(text) == number


def _begins(text: str) -> bool:
    from converter.parse.sections import split_sections
    from converter.parse.tables import find_standard_tables
    from converter.read.dispatch import read_bytes

    sections, toc_lines = split_sections(text)
    tables = find_standard_tables(read_bytes(text.encode("utf-8"), "page.txt"), scan=text)
    return begins_abruptly(text, sections, toc_lines, tables)


_GRID = "功能科目代码\t功能科目名称\t金额\n\t合计\t24,458.43\n201\t一般公共服务支出\t24,458.43\n"


@pytest.mark.parametrize(
    ("text", "begun"),
    [
        # the rest of a 目录: its first entry numbered past the first, nothing numbered before it
        (
            "（四）财政拨款支出预算情况说明......12\n四、名词解释......13\n（一）收入科目......13\n"
            "一、学校基本情况\n（一）基本情况\n学校是重点综合大学。\n",
            True,
        ),
        ("3.一般公共预算财政拨款支出决算表......5\n4.政府性基金预算财政拨款收入支出决算表......6\n", True),
        # a whole 目录 (its year is no number): the document's front
        (
            "目录\n2024年度部门决算说明......1\n一、部门概况......2\n二、收入支出决算总体情况说明......3\n"
            "一、部门概况\n负责全区财政工作。\n",
            False,
        ),
        # headings deeper than the text's top level before its first part, the part numbered past the first
        (
            "一、主要职能\n负责全区财政工作。\n二、部门决算单位构成\n包括本级。\n"
            "第二部分 某某局2024年度部门决算表\n收入支出决算总表\n",
            True,
        ),
        ("第一部分 部门概况\n一、主要职能\n负责全区财政工作。\n第二部分 某某局2024年度部门决算表\n", False),
        ("某某局2024年度部门决算\n一、主要职能\n负责全区财政工作。\n二、机构设置\n设有办公室。\n", False),
        # a table first, nothing before it, one the template's tables do not begin with, its title with no year
        (f"一般公共预算支出预算表\n部门：某某办公厅 单位：万元\n{_GRID}", True),
        (f"收支预算总表\n部门：某某办公厅 单位：万元\n{_GRID}", False),
        (f"2018年一般公共预算支出预算表\n部门：某某办公厅 单位：万元\n{_GRID}", False),
        (f"某某办公厅2018年部门预算\n一般公共预算支出预算表\n部门：某某办公厅 单位：万元\n{_GRID}", False),
        # a page continuing a table: its rows before any heading
        ("208\t社会保障和就业支出\t326.72\t326.72\n209\t卫生健康支出\t84.65\t84.65\n", True),
        # the second page of an article: its first heading numbered past the first
        ("五、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出2940.05万元。\n", True),
        ("（三）一般公共预算财政拨款支出决算具体情况\n行政运行（项）1560.05万元。\n", True),
        # a table's header or a two-cell row before any title
        ("项目\t国有资本经营预算支出\n功能分类科目编码\t功能分类科目名称\t合计\n", True),
        ("经营收入\t\n其他收入\t80.00\n", True),
        ("30107\n绩效工资\n167.51\n30108\n职业年金缴费\n743.39\n", True),  # one cell per line
        ("一、一般公共预算\n24,458.43\n一、基本支出\n10,403.11\n二、项目支出\n12,081.46\n", True),
        ("30107    绩效工资  167.51\n30108  机关事业单位基本养老保险缴费   743.39\n", True),  # runs of blanks
        # a page's metadata line is no row
        (
            "某某局2024年度部门决算\n发布时间：2025-06-18\u00a0\u00a0来源：某某局\u00a0\u00a0浏览次数：128\n一、部门职责\n",
            False,
        ),
        # a table numbered past the first (its number on the line before its title)
        ("公开08表\n一般公共预算基本支出预算表（经济科目）\n部门：某某办公厅 单位：万元\n", True),
        ("公开01表\n收支预算总表\n部门：某某办公厅 单位：万元\n", False),
        # a whole text: a title and metadata, then its first heading
        ("某某局2024年度部门决算\n发布时间：2025-06-18\n一、部门职责\n负责全区财政工作。\n", False),
        ("第一部分 部门概况\n一、部门职责\n负责全区财政工作。\n", False),
        # a sentence with amounts before the first heading is prose, not a row
        ("某某局2024年度部门决算\n本年收入2,946.25万元，支出2,940.05万元。\n一、部门职责\n负责。\n", False),
        # the end of a sentence the page before began: an opener word, a closing mark, a short sentence
        ("故本表为空表。\n2024年部门一般公共预算基本支出部门预算经济分类预算表\n", True),
        # a table's note with nothing before it: the table is on the page before
        ("注：本部门无此项支出，故本表无数据。\n一般公共预算“三公”经费支出预算表\n", True),
        ("主要用于购房补贴。2023年当年预算执行数为318.14万元。\n（一）其他\n", True),
        ("与上年相比增加646.57万元，增长5.2%。\n（一）其他\n", True),
        ("其中：\n（一）人员经费\n", True),
        ("，故本表无数据。\n（一）其他\n", True),
        ("制定本规定。\n一、机构设置\n", True),
        ("32. “住房保障支出（类）住房改革支出（款）购房补贴（项）”320.17万元，主要用于购房补贴。\n", True),
        # sentences with nothing before them, no title, name or chrome: a page's continuation
        ("本年收入2,946.25万元，支出2,940.05万元。\n一、部门职责\n负责。\n", True),
        # a document's own first lines: chrome, a title, a date, a name, its first heading with a stop
        (
            "首页 > 信息公开 > 财政预决算\n故宫博物院2024年度部门决算\n发布时间：2025-06-18\n一、部门职责\n",
            False,
        ),
        ("即墨区财政局2024年度部门决算\n2025.06.18\n一、主要职能。\n负责全区财政工作。\n", False),
        ("某某局2024年度部门决算\n1.负责全区财政工作，管理财政收支。\n2.负责预算。\n", False),
        ("某某局2024年度部门决算\n某某局是主管全区财政工作的政府工作部门。\n一、部门职责\n", False),
        # a whole page on one line: its chrome, title and metadata before its first sentence
        (
            "首页 > 信息公开  某某局2024年度部门决算  发布时间：2025-06-18  来源：某某局  负责全区财政工作。\n",
            False,
        ),
    ],
)
def test_begins_abruptly(text, begun):
    assert _begins(text) is begun


def test_a_text_beginning_inside_the_document_has_the_sections_before_as_info(tmp_path):
    """The sample's second half as a page of its own (an article's page 2: from its 五、 on): the 说明
    before it are not missing from the publication, they are on the page before; an Info, not a Warning."""
    text = SAMPLE.read_text(encoding="utf-8")
    heading = "五、一般公共预算财政拨款支出决算情况说明"
    start = text.index(heading, text.index(heading) + 1)  # the body's heading, not the 目录's entry
    path = tmp_path / SAMPLE.name
    path.write_text(text[start:], encoding="utf-8")
    report, found = _rules(path)
    assert report.begins_abruptly
    assert ("completeness-missing-section-begun", "Info") in found
    assert ("completeness-missing-section", "Warning") not in found


def test_a_tables_numbered_rows_are_no_contents_list():
    """A page beginning inside a 总表 printed with runs of blanks: its numbered rows (十一、城乡社区支出
    3845.25) are not a 目录 without the word, although a later row repeats the first; before, 102's page
    2 read them as one and raised 72 Warnings of 目录 entries not printed."""
    from converter.parse.sections import split_sections

    rows = ["十、节能环保支出", "十一、城乡社区支出   3845.25", "十二、农林水支出", "十三、交通运输支出"]
    rows += [
        "十四、资源勘探工业信息等支出",
        "十八、自然资源海洋气象等支出    4461.67",
        "十九、住房保障支出  461.08",
    ]
    text = (
        "\n".join(
            [*rows, "本年收入合计    9746.50  本年支出合计   9759.38", "财政拨款收入支出决算总表", *rows]
        )
        + "\n"
    )
    _sections, toc_lines = split_sections(text)
    assert toc_lines == []
    assert _begins(text)


_REST_OF_CONTENTS = (
    "（三）一般公共预算财政拨款支出决算情况说明......12\n（四）政府性基金预算支出决算情况说明......13\n"
    "3.一般公共预算财政拨款支出决算表......14\n"
    "一、部门概况\n（一）主要职能\n负责全区财政工作，管理财政收支。\n"
    "（三）一般公共预算财政拨款支出决算情况说明\n本年支出2,946.25万元，主要用于行政运行。\n"
    "（四）政府性基金预算支出决算情况说明\n本部门无政府性基金预算支出，故本表为空表。\n"
    "收入支出决算总表\n单位：万元\n项目\t决算数\t项目\t决算数\n"
    "一、一般公共预算财政拨款收入\t2,946.25\t一、一般公共服务支出\t2,946.25\n"
    "一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t2,946.25\n"
)


_WHOLE_CONTENTS = _REST_OF_CONTENTS.replace("（三）", "（一）主要职能......11\n（三）", 1)


@pytest.mark.parametrize(("text", "continued"), [(_REST_OF_CONTENTS, True), (_WHOLE_CONTENTS, False)])
def test_the_rest_of_a_contents_is_not_read_as_all_of_it(text, continued):
    """A page 2 beginning on the rest of a 目录 (（三）…, 3.…): its first entry printed is marked
    (fiscal:contentsContinued), so the sections the body prints before that entry's are not reported
    unlisted (placeholders-section-unlisted), and a table printed before the first it lists is not
    stated unlisted (tables-not-listed): the entries on the page before may list them. A 目录 whose
    first entry is the first keeps both."""
    from converter.parse.evidence import text_evidence
    from converter.parse.sections import split_sections
    from converter.parse.tables import find_standard_tables
    from converter.read.dispatch import read_bytes

    sections, toc = split_sections(text)
    tables = find_standard_tables(read_bytes(text.encode("utf-8"), "page.txt"), scan=text)
    records = text_evidence(text, text, sections, toc, tables)
    entries = [r for r in records if r.kind in ("ContentsSection", "ContentsEntry")]
    marked = [r.span.text.split(".")[0] for r in entries if ("contentsContinued", True) in r.values]
    total = next(
        r for r in records if r.kind == "PrintedTable" and r.span.text.startswith("收入支出决算总表")
    )
    listed = [value for name, value in total.values if name == "listedInContents"]
    if continued:
        assert sorted(marked) == ["3", "（三）一般公共预算财政拨款支出决算情况说明"]
        assert listed == []
    else:
        assert marked == []
        assert listed == [False]
