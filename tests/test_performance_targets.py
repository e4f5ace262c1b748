"""A budget's 项目支出绩效目标表 as a county page prints it (tests/fixtures/performance_target_page.html):
the 项目资金 cell spans the funds rows and stands on the first (项目资金 | 年度资金总额 | 20.00), the goal
row is labelled (总体目标 | the target), the targets hold counts (≥12个). Before, the 年度资金总额 row was
not read, the label 总体目标 was published as the target and the target as the result, and the goal's
"12个" was published as a figure counting nothing known, labelled with the funds rows run together."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from converter.pipeline import convert_files
from tests.conftest import convert_text

PAGE = Path(__file__).parent / "fixtures" / "performance_target_page.html"


def _report(tmp_path: Path):
    path = tmp_path / PAGE.name
    path.write_bytes(PAGE.read_bytes())
    result = convert_files([path])
    assert result.converted, result.failures
    return result.converted[0].report


def test_the_funds_rows_are_read_under_their_block_label(tmp_path):
    report = _report(tmp_path)
    funds = {f.fund: f.value for f in report.figures if f.item == "project-funds"}
    assert funds == {
        "all": Decimal("200000"),
        "appropriation": Decimal("200000"),
        "non-appropriation": Decimal("0"),
    }


def test_the_labelled_goal_is_the_target(tmp_path):
    (project,) = _report(tmp_path).projects
    assert project.overall_target == "完成年度审计项目12个，提升审计质量。"
    assert project.overall_result is None
    assert [i.target_text for i in project.indicators] == ["≥12个", "100%", "有效促进", "≥90%"]


def test_no_cell_of_the_table_is_read_as_prose(tmp_path):
    report = _report(tmp_path)
    assert [f for f in report.figures if f.item == "unmapped"] == []
    assert not [w for w in report.warnings if w.code == "unmapped-figure"]


# The same table printed without its grid (tests/fixtures/performance_target_text.txt: a PDF's text, cells
# between runs of blanks, each row on its line), a cell per line, and on one line. Before, none of them was
# read: no project, no funds, no indicator, and the cells were published as unmapped figures.
TEXT = Path(__file__).parent / "fixtures" / "performance_target_text.txt"
SHAPES = {
    "blanks": lambda text: text,
    "cell-per-line": lambda text: "\n".join(c for c in re.split(r"\s{2,}|\n", text) if c.strip()) + "\n",
    "one-line": lambda text: " ".join(text.split()) + "\n",
}


def _reading(report) -> list[tuple]:
    out: list[tuple] = [
        (p.name, p.competent_department, p.implementing_unit, p.overall_target, p.overall_result)
        for p in report.projects
    ]
    out.extend(
        (i.level1, i.level2, i.level3, i.target_text, i.target_value)
        for p in report.projects
        for i in p.indicators
    )
    out.extend(sorted((f.fund, f.statistic, f.value) for f in report.figures if f.item == "project-funds"))
    return out


@pytest.mark.parametrize("shape", SHAPES)
def test_the_text_forms_read_as_the_grid(tmp_path, shape):
    grid = _reading(_report(tmp_path))
    assert len(grid) == 1 + 4 + 3
    path = tmp_path / f"{shape}.txt"
    path.write_text(SHAPES[shape](TEXT.read_text(encoding="utf-8")), encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    report = result.converted[0].report
    assert _reading(report) == grid
    assert [f.stated_text for f in report.figures if f.item == "unmapped"] == []


# Some provinces print the target in three columns (指标性质 | 指标值 | 度量单位): the target is the three
# (before, a grid's row gave its unit "个" as the target). A qualitative target (定性) leaves its unit
# empty, which its 指标性质 tells; a row another cell of which is empty has a cell fewer than the columns
# and which one fell out the row does not tell: it is not read (and said), not given the wrong column.
COLUMNS = """某县审计局2024年部门预算
项目支出绩效目标表
项目名称  审计业务经费
主管部门  某县审计局  实施单位  某县审计局
项目资金  年度资金总额  20.00
总体目标  完成年度审计项目12个。
一级指标  二级指标  三级指标  指标性质  指标值  度量单位
产出指标  数量指标  审计项目数  ≥  12  个
          质量指标  审计报告合格率  =  100  %
                    问题整改率  ≥  95
效益指标  社会效益指标  促进规范使用财政资金  定性  有效促进
                    审计建议采纳率  ≥  80  %
满意度指标  服务对象满意度指标  被审计单位满意度  ≥  90  %
本单位将加强项目绩效管理。
"""
COLUMN_SHAPES = {**SHAPES, "grid": lambda text: re.sub(r" {2,}", "\t", text)}


@pytest.mark.parametrize("shape", COLUMN_SHAPES)
def test_the_target_columns_give_the_target_and_a_short_row_is_not_read(tmp_path, shape):
    report = convert_text(tmp_path, f"{shape}.txt", COLUMN_SHAPES[shape](COLUMNS))
    (project,) = report.projects
    read = [(i.level3, i.target_text, i.comparator, i.target_value, i.unit) for i in project.indicators]
    # 问题整改率 has no unit: by lines its row alone is not read; cells under one 质量指标 without lines
    # split no way into whole rows, so neither of its two rows is read
    by_lines = shape in ("grid", "blanks")
    assert read == [
        ("审计项目数", "≥12个", "≥", Decimal("12"), "个"),
        *([("审计报告合格率", "=100%", "=", Decimal("100"), "%")] if by_lines else []),
        ("促进规范使用财政资金", "有效促进", None, None, None),  # without lines: the one split of its group
        ("审计建议采纳率", "≥80%", "≥", Decimal("80"), "%"),
        ("被审计单位满意度", "≥90%", "≥", Decimal("90"), "%"),
    ]
    assert project.unread_rows == 1
    assert [w for w in report.warnings if w.code == "unparsed-row"]
    # a text grid's two-cell goal row is a row (before: its 12 published as an unmapped figure)
    assert [f.stated_text for f in report.figures if f.item == "unmapped"] == []


# A 二级指标 over two rows, printed without the grid: the names do not mark where the first row ends, the
# count of cells does where every row has its cells, and where one is missing nothing is read.
UNDER_ONE = """项目支出绩效目标表
项目名称  审计业务经费
主管部门  某县审计局  实施单位  某县审计局
项目资金  年度资金总额  20.00
总体目标  完成年度审计项目12个。
一级指标  二级指标  三级指标  指标值
产出指标  数量指标  审计项目数  ≥12个
          审计报告份数  12份
满意度指标  服务对象满意度指标  被审计单位满意度  ≥90%
"""


@pytest.mark.parametrize("shape", SHAPES)
def test_rows_under_one_level_name_split_only_where_every_row_has_its_cells(tmp_path, shape):
    report = convert_text(tmp_path, f"{shape}.txt", "某县审计局2024年部门预算\n" + SHAPES[shape](UNDER_ONE))
    (project,) = report.projects
    read = [(i.level1, i.level2, i.level3, i.target_text) for i in project.indicators]
    assert read == [
        ("产出指标", "数量指标", "审计项目数", "≥12个"),
        ("产出指标", "数量指标", "审计报告份数", "12份"),
        ("满意度指标", "服务对象满意度指标", "被审计单位满意度", "≥90%"),
    ]
    missing = UNDER_ONE.replace("  ≥12个", "")  # 审计项目数 printed without its target
    report = convert_text(
        tmp_path, f"missing-{shape}.txt", "某县审计局2024年部门预算\n" + SHAPES[shape](missing)
    )
    (project,) = report.projects
    read = [(i.level1, i.level2, i.level3, i.target_text) for i in project.indicators]
    # by lines too: the line after the one that is no row may be its wrapped cell, until a level name
    assert read == [("满意度指标", "服务对象满意度指标", "被审计单位满意度", "≥90%")]
    assert project.unread_rows == (2 if shape == "blanks" else 1)
    assert [f.stated_text for f in report.figures if f.item == "unmapped"] == []


def test_a_cell_wrapped_onto_the_next_line_is_not_read_as_a_row(tmp_path):
    """A PDF's text wraps a long cell: 被审计单位满意 | 度 ≥90%. 度 is no indicator, ≥90% no figure of prose."""
    for wrapped in ("被审计单位满意度  ≥90%", "审计项目数  ≥12个"):
        text = TEXT.read_text(encoding="utf-8").replace(
            wrapped, wrapped.replace("度  ", "\n度  ").replace("数  ", "\n数  ")
        )
        report = convert_text(tmp_path, "wrapped.txt", text)
        (project,) = report.projects
        names = [i.level3 for i in project.indicators]
        assert "度" not in names and "数" not in names and len(names) == 3, names
        assert project.unread_rows == 2
        assert [f.stated_text for f in report.figures if f.item == "unmapped"] == []


@pytest.mark.parametrize("shape", SHAPES)
def test_an_indicator_named_like_a_table_is_not_the_tables_end(tmp_path, shape):
    """决算报表 is a report the indicator counts, not the title of the next table."""
    text = TEXT.read_text(encoding="utf-8").replace("审计报告合格率", "按时报送决算报表")
    report = convert_text(tmp_path, f"{shape}.txt", SHAPES[shape](text))
    (project,) = report.projects
    assert [i.level3 for i in project.indicators][1:3] == ["按时报送决算报表", "促进规范使用财政资金"]


@pytest.mark.parametrize("label", ["年度总体目标", "年度目标", "绩效目标"])
@pytest.mark.parametrize("form", ["html", *SHAPES])
def test_the_goal_under_each_label_is_the_target(tmp_path, label, form):
    """年度总体目标 | its text: a budget's one goal cell (a 自评表 prints two: the target and the result)."""
    if form == "html":
        path = tmp_path / "page.html"
        path.write_text(
            PAGE.read_text(encoding="utf-8").replace(">总体目标<", f">{label}<"), encoding="utf-8"
        )
    else:
        text = TEXT.read_text(encoding="utf-8").replace("总体目标  ", f"{label}  ")
        path = tmp_path / f"{form}.txt"
        path.write_text(SHAPES[form](text), encoding="utf-8")
    result = convert_files([path])
    (project,) = result.converted[0].report.projects
    assert (project.overall_target, project.overall_result) == ("完成年度审计项目12个，提升审计质量。", None)
    assert len(project.indicators) == 4


@pytest.mark.parametrize("shape", SHAPES)
def test_two_tables_in_a_row_and_the_prose_after_them(tmp_path, shape):
    """On one line, the second table begins in the rest of the line the first ended in (before: the rest
    was kept as prose, the second table's cells published as unmapped figures); 说明 ends the second."""
    text = TEXT.read_text(encoding="utf-8")
    second = text.split("\n", 2)[2].replace("审计业务经费", "审计培训经费").replace("审计项目数", "培训人次")
    tail = "说明：以上为本单位项目绩效目标。\n三、其他重要事项的情况说明\n本单位2024年无其他事项。\n"
    report = convert_text(tmp_path, f"{shape}.txt", SHAPES[shape](text + second + tail))
    assert [(p.name, len(p.indicators), p.unread_rows) for p in report.projects] == [
        ("审计业务经费", 4, 0),
        ("审计培训经费", 4, 0),
    ]
    assert len([f for f in report.figures if f.item == "project-funds"]) == 6
    assert not [w for w in report.warnings if w.code in ("unmapped-figure", "unparsed-row")]


# A department's 部门整体支出绩效目标表 (tests/fixtures/department_target_page.html, and as text
# department_target_text.txt): its name under 部门（单位）名称, a block of tasks (任务名称 | 主要内容), the
# funds under 年度部门整体支出预算, the goal, the indicators under a 年度绩效指标 cell. Before, in the grid
# the task "审计监督" was read as the goal and no indicator was read; as text nothing was read.
DEPARTMENT_PAGE = Path(__file__).parent / "fixtures" / "department_target_page.html"
DEPARTMENT_TEXT = Path(__file__).parent / "fixtures" / "department_target_text.txt"


@pytest.mark.parametrize("form", ["html", *SHAPES])
def test_a_departments_target_table_is_read_in_each_form(tmp_path, form):
    if form == "html":
        path = tmp_path / DEPARTMENT_PAGE.name
        path.write_bytes(DEPARTMENT_PAGE.read_bytes())
    else:
        path = tmp_path / f"{form}.txt"
        path.write_text(SHAPES[form](DEPARTMENT_TEXT.read_text(encoding="utf-8")), encoding="utf-8")
    result = convert_files([path])
    report = result.converted[0].report
    assert _reading(report) == [
        ("某县审计局", None, None, "完成年度审计项目12个。", None),
        ("产出指标", "数量指标", "审计项目数", "≥12个", Decimal("12")),
        ("满意度指标", "服务对象满意度指标", "被审计单位满意度", "≥90%", Decimal("90")),
        ("all", "level", Decimal("3000000")),
        ("appropriation", "level", Decimal("3000000")),
        ("non-appropriation", "level", Decimal("0")),
    ]
    assert not [w for w in report.warnings if w.code in ("unmapped-figure", "unparsed-row")]


def test_a_grid_row_of_one_written_cell_is_still_prose(tmp_path):
    """Only a row of two written cells is a row the narrative leaves to the tables: a cell holding a
    chart's labels beside an empty one (a sheet pasted into a page) is read as before (before the
    distinction, its percentages were lost: bench/variants.py 210 html-excel 264/274)."""
    page = (
        '<html><head><meta charset="utf-8"></head><body><p>某县审计局2024年部门预算</p>'
        "<p>一、部门预算情况说明</p><p>2024年收入预算100.00万元。</p>"
        "<table><tr><td>预算支出情况构成表 81.21% 教育支出 18.79% 其他支出</td><td></td></tr></table>"
        "</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = convert_files([path])
    assert result.converted, result.failures
    values = {f.value for f in result.converted[0].report.figures if f.stated_unit == "%"}
    assert {Decimal("81.21"), Decimal("18.79")} <= values
