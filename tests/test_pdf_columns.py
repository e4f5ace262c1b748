"""Rows of PDF tables printed without rulings, written as tab-separated cells
(``converter.read.pdf_columns``), on lines of positioned characters made here: CJK characters 10 points
wide, digits 5, 10 points tall."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from converter.parse.table_figures import figures_from_tables
from converter.parse.tables import find_standard_tables
from converter.read.pdf_columns import aligned_rows
from converter.read.text import read_text
from converter.read.types import SourceDocument


@dataclass
class Char:
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Line:
    chars: list = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0


def _width(ch: str) -> float:
    return 5.0 if ch.isascii() else 10.0


def line(y: float, *cells: tuple[float, str]) -> Line:
    """A line at height ``y`` of cells (x, text): text starts at x (an amount ends there)."""
    out = Line(top=y, bottom=y + 10)
    for x, text in cells:
        numeric = "." in text
        width = sum(_width(c) for c in text)
        at = x - width if numeric else x
        for c in text:
            out.chars.append(Char(c, at, y, at + _width(c), y + 10))
            at += _width(c)
    return out


def test_a_blank_cell_keeps_its_place():
    lines = [
        line(0, (10, "项目"), (120, "合计"), (180, "基本支出"), (250, "项目支出")),
        line(20, (10, "教育支出"), (150, "10.00"), (220, "10.00")),
        line(40, (10, "科学技术"), (150, "5.00"), (290, "5.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[1] == "教育支出\t10.00\t10.00\t"
    assert rows[2] == "科学技术\t5.00\t\t5.00"
    assert rows[0] == "项目\t合计\t基本支出\t项目支出"


def test_a_label_wrapped_above_and_below_its_row_is_one_label():
    lines = [
        line(0, (10, "科目名称"), (120, "合计"), (180, "基本支出")),
        line(20, (10, "2080505"), (50, "机关事业单"), (150, "40.00"), (220, "40.00")),
        line(27, (50, "位基本养老")),
        line(41, (50, "行政运行")),
        line(48, (10, "2010101"), (150, "3.00"), (220, "3.00")),
        line(55, (50, "支出")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[1].split("\t")[:2] == ["2080505", "机关事业单位基本养老"]
    assert rows[4].split("\t")[:2] == ["2010101", "行政运行支出"]
    assert rows[2] is None and rows[3] is None and rows[5] is None


def test_a_numbered_label_with_blank_amounts_stays_a_row():
    lines = [
        line(0, (10, "项目"), (150, "决算数")),
        line(20, (10, "一、教育支出"), (170, "10.00")),
        line(37, (10, "二、外交支出")),
        line(54, (10, "三、国防支出"), (170, "5.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert 2 not in rows  # written as it is printed: a row of its own
    assert rows[1] == "一、教育支出\t10.00" and rows[3] == "三、国防支出\t5.00"


def test_a_header_word_wrapped_over_lines_is_joined_and_a_parent_goes_after():
    lines = [
        line(0, (215, "本年支出")),  # centred over 基本支出 and 项目支出
        line(30, (10, "项目"), (110, "本年收入合"), (180, "基本支出"), (250, "项目支出")),
        line(44, (130, "计")),
        line(60, (10, "教育支出"), (160, "10.00"), (220, "8.00"), (290, "2.00")),
        line(80, (10, "科学技术"), (160, "5.00"), (220, "5.00"), (290, "0.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[0] == "项目\t本年收入合计\t本年支出/基本支出\t本年支出/项目支出\n本年支出"
    assert rows[1] is None and rows[2] is None
    assert rows[3] == "教育支出\t10.00\t8.00\t2.00"


def test_prose_and_a_contents_page_are_no_table():
    prose = [
        line(0, (10, "本年收入合计"), (100, "2,946.25"), (120, "万元，比上年增加")),
        line(20, (10, "其中：财政拨款收入"), (130, "2,940.05"), (150, "万元；")),
    ]
    contents = [
        line(0, (10, "一、收入支出决算总表"), (300, "5")),
        line(20, (10, "二、收入决算表"), (300, "6")),
    ]
    assert aligned_rows(prose)[0] == {}
    assert aligned_rows(contents)[0] == {}


def test_two_amounts_a_narrow_blank_apart_are_two_cells():
    lines = [
        line(0, (10, "项目"), (100, "合计"), (150, "基本支出")),
        line(20, (10, "教育支出"), (120, "1,503.52"), (170, "603.14")),  # 7 points apart
        line(40, (10, "科学技术"), (120, "8.37"), (170, "8.37")),
    ]
    assert aligned_rows(lines)[0][1] == "教育支出\t1,503.52\t603.14"


EXPENDITURE = (
    "XX局2023年度部门决算\n支出决算表\n单位：万元\n项目 本年支出合计 基本支出 项目支出\n科目编码 科目名称\n"
    "208 社会保障和就业支出 120.00 100.00 20.00\n20805 行政事业单位养老支出 100.00 100.00\n"
    "2080501 行政单位离退休 60.00 60.00\n2080505 机关事业单位基本养老保险缴费支出 40.00 40.00"
    # the next page's first line as an extraction may give it: the row's amounts before its label
    "\f20.00 20.00 20808 抚恤\n2080801 死亡抚恤 20.00 20.00\n合计 120.00 100.00 20.00\n"
)


def test_a_page_break_ends_a_table_row():
    """The last row of a page is no part of the next page's first line (a page break ends a line)."""
    data = EXPENDITURE.encode("utf-8")
    doc = read_text(data, SourceDocument("t.txt", "0", "text/plain", len(data)))
    figures, _ = figures_from_tables(doc, find_standard_tables(doc, "final"), 2023, "final")
    by = {(f.function.code, f.column): f.value for f in figures if f.function is not None and f.column}
    assert by[("2080505", "本年支出合计")] == Decimal("400000")
    assert ("2080505", "项目支出") not in by


def test_a_table_continued_on_the_next_page_keeps_its_blank_columns():
    page_1 = [
        line(0, (10, "项目"), (120, "合计"), (180, "事业收入"), (250, "其他收入")),
        line(20, (10, "教育支出"), (150, "10.00"), (220, "10.00")),
        line(40, (10, "科学技术"), (150, "5.00"), (290, "5.00")),
    ]
    page_2 = [  # no header, and nothing in the middle column
        line(0, (10, "住房保障"), (150, "3.00"), (290, "3.00")),
        line(20, (10, "合计"), (150, "18.00"), (290, "8.00")),
    ]
    _, columns = aligned_rows(page_1)
    rows, _ = aligned_rows(page_2, columns)
    assert rows[0] == "住房保障\t3.00\t\t3.00"
    # read alone, without a header: a blank column's place is not known, the cells are a blank apart
    assert aligned_rows(page_2)[0][0] == "住房保障 3.00 3.00"


def test_a_table_of_one_row_under_its_header():
    lines = [
        line(0, (10, "合计"), (80, "因公出国"), (150, "公务接待"), (220, "会议费")),
        line(20, (55, "12.00"), (125, "2.00"), (195, "0.00"), (265, "10.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[1] == "12.00\t2.00\t0.00\t10.00"
    assert aligned_rows([line(0, (10, "目录")), line(20, (10, "一、概况"), (300, "3"))])[0] == {}


def test_a_header_word_beside_amounts_no_word_heads_is_theirs_and_a_blank_column_stays():
    lines = [
        line(0, (10, "合计"), (80, "小计"), (150, "购置费"), (220, "运行费")),
        line(20, (65, "12.00"), (110, "2.00"), (250, "2.00")),  # 合计's amount off to its right
        line(40, (65, "3.00"), (110, "1.00"), (250, "1.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[0] == "合计\t小计\t购置费\t运行费"
    assert rows[1] == "12.00\t2.00\t\t2.00"


def test_a_word_spaced_out_over_a_header_makes_no_column_and_a_title_is_no_header():
    lines = [
        line(-20, (60, "西南大学收支总表")),
        line(30, (50, "收"), (90, "入"), (190, "支"), (225, "出")),  # spaced out over 项目 and 预算数
        line(55, (10, "项目"), (100, "预算数"), (150, "项目"), (240, "预算数")),
        line(70, (10, "一、财政拨款"), (130, "216.50"), (150, "一、教育支出"), (270, "398.50")),
        line(85, (10, "二、事业收入"), (130, "124.00"), (150, "二、科学技术支出"), (270, "1.50")),
    ]
    rows = aligned_rows(lines)[0]
    assert 0 not in rows  # the title, written as it is printed
    assert [name.split("/")[-1] for name in rows[1].split("\n")[0].split("\t")] == ["项目", "预算数"] * 2
    assert rows[3] == "一、财政拨款\t216.50\t一、教育支出\t398.50"


def test_rows_under_a_boxed_header_stand_in_its_grid_columns():
    rows = [
        line(30, (10, "教育支出"), (150, "10.00"), (220, "10.00")),
        line(50, (10, "科学技术"), (150, "5.00"), (290, "5.00")),
    ]
    grid = (25.0, [(0.0, 100.0), (100.0, 160.0), (160.0, 230.0), (230.0, 300.0)])  # its bottom, columns
    assert aligned_rows(rows, None, [grid])[0][0] == "教育支出\t10.00\t10.00\t"
    assert aligned_rows(rows)[0][0] == "教育支出 10.00 10.00"


def test_a_table_number_after_a_page_break_begins_the_next_table():
    """A table number ("公开10表") at the top of the next page belongs to the title under it, not to the table before (a
    one-row table with a row label "公开10表" was no one-row table)."""
    text = (
        "公开09表\n“三公”经费、会议费、培训费支出预算表\n单位：万元\n"
        "合计\t小计\t因公出国（境）费\t小计\t公务用车购置费\t公务用车运行维护费\t公务接待费\t会议费\t培训费\n"
        "2,224.43\t660.10\t106.00\t156.60\t\t156.60\t397.50\t1,282.56\t281.77"
        "\f公开10表\n财政拨款政府性基金支出预算表\n单位：万元\n项目\t合计\n合计\t0.00\n"
    )
    data = text.encode("utf-8")
    doc = read_text(data, SourceDocument("t.txt", "0", "text/plain", len(data)))
    three = next(t for t in find_standard_tables(doc, "budget") if t.role == "three_public")
    assert [r.label for r in three.rows] == [""]
    assert three.rows[0].placed["#1"] == ("合计", "blank-pattern")


def starting(y: float, *cells: tuple[float, str]) -> Line:
    """A line at height ``y`` of cells (x, text), every text (an amount too) starting at x."""
    out = Line(top=y, bottom=y + 10)
    for x, text in cells:
        for c in text:
            out.chars.append(Char(c, x, y, x + _width(c), y + 10))
            x += _width(c)
    return out


def centred(y: float, *cells: tuple[float, str]) -> Line:
    """A line at height ``y`` of cells (x, text), each text centred on x."""
    return starting(y, *((x - sum(_width(c) for c in text) / 2, text) for x, text in cells))


def test_a_parent_over_centred_amounts_names_no_blank_column():
    # four cells 50 wide from 100, each pair under a parent printed centred over both, the amounts
    # centred in their cells: a parent fills the gap between two columns of amounts, heading neither
    lines = [
        centred(0, (200, "公务用车费")),
        centred(20, (150, "购置费"), (250, "运行费")),
        centred(40, (125, "预算数"), (175, "决算数"), (225, "预算数"), (275, "决算数")),
        centred(70, (125, "2.00"), (175, "3.00"), (225, "4.00"), (275, "5.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[3] == "2.00\t3.00\t4.00\t5.00"
    names = rows[0].split("\n")[0].split("\t")
    assert [name.split("/")[-2:] for name in names] == [
        [parent, name] for parent in ("购置费", "运行费") for name in ("预算数", "决算数")
    ]


def test_header_words_over_left_aligned_amounts_head_the_cells_they_stand_in():
    # cells 60 wide from 100 (合计, 基本支出, 小计, 其中基建), the amounts set 2 points inside each
    # cell's left edge, the names centred over their cells, 项目支出 over the last two
    lines = [
        centred(0, (40, "项目"), (220, "本年支出")),
        centred(20, (280, "项目支出")),
        centred(40, (40, "科目名称"), (130, "合计"), (190, "基本支出"), (250, "小计"), (310, "其中基建")),
        starting(
            60,
            (10, "教育支出"),
            (102, "213,588.53"),
            (162, "177,211.59"),
            (222, "36,376.94"),
            (282, "5,536.97"),
        ),
        starting(80, (10, "普通教育"), (102, "7,970.38"), (162, "7,646.15"), (222, "324.23")),
        starting(100, (10, "其他教育"), (102, "876.03"), (222, "876.03")),
    ]
    rows = aligned_rows(lines)[0]
    names = rows[0].split("\n")[0].split("\t")
    assert names[1:] == ["合计", "本年支出/基本支出", "本年支出/项目支出/小计", "项目支出/其中基建"]
    assert rows[5] == "其他教育\t876.03\t\t876.03\t"


def test_a_blank_column_named_a_blank_apart_from_its_neighbour_keeps_its_place():
    # 购置 over a column blank in every row, printed less than a cell's gap from 运行 beside it
    lines = [
        centred(0, (130, "小计"), (190, "公务用车购"), (250, "公务用车运"), (310, "接待费")),
        centred(20, (130, "411.20"), (250, "411.20"), (310, "27.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[1] == "411.20\t\t411.20\t27.00"
    assert rows[0] == "小计\t公务用车购\t公务用车运\t接待费"


def test_a_header_word_right_of_left_aligned_codes_is_theirs():
    # cells 类 [50, 100], 科目名称 [100, 200], 金额 [200, 300]; codes and amounts 2 points inside
    # their cells' left edges, the names centred over them
    lines = [
        centred(0, (75, "类"), (150, "科目名称"), (250, "金额")),
        starting(20, (52, "201"), (102, "一般公共服务"), (202, "1,234.00")),
        starting(40, (52, "205"), (102, "教育支出"), (202, "5.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[0] == "类\t科目名称\t金额"
    assert rows[2] == "205\t教育支出\t5.00"


def test_a_long_left_aligned_amount_reaching_under_its_neighbour_keeps_its_column():
    # cells 合计 [100, 150], 基本支出 [150, 200], amounts 2 points inside their left edges: the first
    # row's total reaches under the second column's amounts
    lines = [
        centred(0, (40, "项目"), (125, "合计"), (175, "基本支出")),
        starting(20, (10, "教育支出"), (102, "1,234,567.00")),
        starting(40, (10, "科学技术"), (102, "5.00"), (152, "5.00")),
        starting(60, (10, "文化旅游"), (102, "7.00"), (152, "17.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[0] == "项目\t合计\t基本支出"
    assert rows[1] == "教育支出\t1,234,567.00\t"
    assert rows[3] == "文化旅游\t7.00\t17.00"


def test_numbered_labels_with_blank_amounts_between_rows_stay_in_the_table():
    lines = [
        line(0, (10, "收入项目"), (120, "金额"), (160, "支出项目"), (270, "金额")),
        line(20, (10, "一、财政拨款"), (150, "100.00"), (160, "一、一般公共服务"), (300, "50.00")),
        line(40, (160, "二、外交支出")),
        line(60, (160, "三、国防支出")),
        line(80, (160, "四、公共安全支出")),
        line(100, (160, "五、住房保障支出"), (300, "50.00")),
        line(120, (10, "收入合计"), (150, "100.00"), (160, "支出合计"), (300, "100.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert 3 not in rows  # a lone label stays a line as printed, no header of a table below
    assert rows[5] == "\t\t五、住房保障支出\t50.00"
    assert rows[6] == "收入合计\t100.00\t支出合计\t100.00"


def test_a_label_merged_over_a_group_and_the_next_names_the_amount_on_its_right():
    # three groups (项目 | 金额) from 10, 160 and 310; the last row's 支出小计 is a cell merged over the
    # second group and the third one's name, printed centred over them (from 160 to 400)
    lines = [
        line(
            0,
            (10, "收入项目"),
            (120, "金额"),
            (160, "功能科目"),
            (270, "金额"),
            (310, "支出用途"),
            (420, "金额"),
        ),
        line(
            20,
            (10, "一、财政拨款"),
            (150, "100.00"),
            (160, "一、一般公共服务"),
            (300, "60.00"),
            (310, "一、基本支出"),
            (450, "100.00"),
        ),
        line(40, (160, "二、教育支出"), (300, "40.00")),
        line(60, (10, "收入小计"), (150, "100.00"), (250, "支出小计"), (450, "100.00")),
    ]
    rows = aligned_rows(lines)[0]
    assert rows[3] == "收入小计\t100.00\t\t\t支出小计\t100.00"
