"""项目支出绩效自评表 read wherever the grid was lost, and its funds columns read from their header.

A web page copied as text prints the table one cell per line, with runs of blanks between cells, or
the whole table on one line: the same projects, indicators and funds figures must come out as from the
tab-separated grid. The funds columns are the header's (年初预算数 is not 全年预算数), and a number whose
column only its position tells says so.
"""

from __future__ import annotations

import re

from converter.model import ALL
from tests.conftest import SAMPLE, convert_text

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
HEADING = "乐山市市中区经济和信息化局2022年度项目支出绩效自评表\n发布时间：2023-09-10\n"


def _project_tables() -> str:
    """The sample's three 项目支出绩效自评表 as printed (tab-separated cells)."""
    start = SAMPLE_TEXT.index("区级项目支出绩效自评表")
    end = SAMPLE_TEXT.index("\n", SAMPLE_TEXT.rindex("满意度指标\t"))
    return SAMPLE_TEXT[start:end] + "\n"


_report = convert_text


def _read(report) -> list[tuple]:
    out: list[tuple] = []
    for project in report.projects:
        out.append((project.name, project.competent_department, project.implementing_unit))
        out.extend(
            (i.level1, i.level2, i.level3, i.target_text, i.actual_text, i.weight, i.score)
            for i in project.indicators
        )
    out.extend(
        (f.project, f.fund, f.statistic, f.value)
        for f in report.figures
        if f.item == "project-funds" and f.table == "project-performance"
    )
    return out


def test_the_grid_reading_is_the_reference(tmp_path):
    grid = _read(_report(tmp_path, "grid.txt", HEADING + _project_tables()))
    assert sum(1 for row in grid if len(row) == 3) == 3  # three projects
    assert ("满意度指标", "满意度指标", "被慰问骨干企业满意度", "95%", "95%", 10, 10) in grid


def test_one_cell_per_line_reads_as_the_grid(tmp_path):
    grid = _read(_report(tmp_path, "grid.txt", HEADING + _project_tables()))
    lines = re.sub(r"\t+", "\n", _project_tables())
    report = _report(tmp_path, "lines.txt", HEADING + lines)
    assert _read(report) == grid
    # the cells are not read again as sentences of the narrative: what it finds is what the grid's has
    reference = _report(tmp_path, "grid.txt", HEADING + _project_tables())
    assert _unmapped(report) == _unmapped(reference)


def _unmapped(report) -> list[str]:
    return sorted(w.message for w in report.warnings if w.code == "unmapped-figure")


def test_cells_between_runs_of_blanks_read_as_the_grid(tmp_path):
    grid = _read(_report(tmp_path, "grid.txt", HEADING + _project_tables()))
    spaced = re.sub(r"\t+", "\u00a0\u00a0 ", _project_tables())
    assert _read(_report(tmp_path, "spaced.txt", HEADING + spaced)) == grid


def test_a_table_on_one_line_reads_as_the_grid(tmp_path):
    first = "区级项目支出绩效自评表" + _project_tables().split("区级项目支出绩效自评表")[1]
    grid = _read(_report(tmp_path, "grid.txt", HEADING + first))
    one_line = " ".join(first.split())  # single blanks between cells, and inside "得 分"
    report = _report(tmp_path, "one.txt", HEADING + one_line + "\n")
    assert len(grid) > 8 and _read(report) == grid


def test_the_tables_of_several_projects_on_one_line_read_as_the_grid(tmp_path):
    """The next project's table begins in the rest of the line the one before ended in (before: the
    rest was kept as prose: the second of the sample's three projects was not read)."""
    grid = _read(_report(tmp_path, "grid.txt", HEADING + _project_tables()))
    one_line = " ".join(_project_tables().split())
    assert _read(_report(tmp_path, "one.txt", HEADING + one_line + "\n")) == grid


NATIONAL = (
    "项目支出绩效自评表\n"
    "项目名称:\t城区绿化养护\t\t\t\n"
    "主管部门:\t某某县城市管理局\t\t实施单位:\t某某县园林绿化中心\n"
    "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "年度资金总额\t120\t150\t135\t10\t90%\t9\n"
    "其中：当年财政拨款\t120\t150\t135\t—\t90%\t—\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
    "产出指标\t数量指标\t养护面积\t≥50万平方米\t52万平方米\t20\t20\t\n"
    "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t10\t10\t\n"
)


def _funds(report) -> dict[tuple[str, str], tuple]:
    return {
        (f.fund, f.statistic): (f.value, f.column_inference)
        for f in report.figures
        if f.item == "project-funds"
    }


def test_the_funds_columns_are_the_headers_not_an_assumed_order(tmp_path):
    funds = _funds(
        _report(tmp_path, "national.txt", "某某县城市管理局2023年度项目支出绩效自评表\n" + NATIONAL)
    )
    assert funds[(ALL, "initial-budget")] == (1200000, None)
    assert funds[(ALL, "full-year-budget")] == (1500000, None)
    assert funds[(ALL, "level")] == (1350000, None)
    assert funds[(ALL, "execution-rate")] == (90, None)


def test_a_flattened_funds_row_with_empty_scoring_cells_is_read_by_position_and_says_so(tmp_path):
    flat = re.sub(r"\t+", "\n", NATIONAL.replace("\t—", ""))
    funds = _funds(_report(tmp_path, "flat.txt", "某某县城市管理局2023年度项目支出绩效自评表\n" + flat))
    assert funds[("appropriation", "initial-budget")] == (1200000, "position")
    assert funds[("appropriation", "execution-rate")] == (90, "position")
    assert funds[(ALL, "level")] == (1350000, "position")


def test_a_funds_row_its_header_does_not_explain_is_not_guessed(tmp_path):
    odd = NATIONAL.replace("其中：当年财政拨款\t120\t150\t135\t—\t90%\t—", "其中：当年财政拨款\t120\t150")
    odd = re.sub(r"\t+", "\n", odd)
    report = _report(tmp_path, "odd.txt", "某某县城市管理局2023年度项目支出绩效自评表\n" + odd)
    assert not [k for k in _funds(report) if k[0] == "appropriation"]
    assert any(w.code == "unparsed-row" and "120、150" in w.message for w in report.warnings)


def test_funds_labels_printed_under_the_project_funds_cell_are_read(tmp_path):
    # the national template: 项目资金 is a merged cell left of the labels, the columns start one further
    moved = re.sub(r"^(年度资金总额|其中：当年财政拨款)", r"\t\1", NATIONAL, flags=re.M)
    moved = moved.replace("项目资金（万元）\t年初", "项目资金（万元）\t\t年初")
    funds = _funds(_report(tmp_path, "second.txt", "某某县城市管理局2023年度项目支出绩效自评表\n" + moved))
    assert funds[("appropriation", "full-year-budget")] == (1500000, None)
    assert funds[(ALL, "execution-rate")] == (90, None)
    assert len(funds) == 8


def test_a_carried_over_funds_row_is_said_not_published_as_another_fund(tmp_path):
    carried = NATIONAL.replace("其中：当年财政拨款", "上年结转资金")
    report = _report(tmp_path, "carried.txt", "某某县城市管理局2023年度项目支出绩效自评表\n" + carried)
    assert not [k for k in _funds(report) if k[0] != ALL]
    assert any(w.code == "unparsed-row" and "上年结转资金" in w.message for w in report.warnings)


TARGETS = (
    "上高县第五中学2025年单位预算项目绩效目标表\n单位：万元\n"
    "项目名称:\t学生资助\t\t\t\n"
    "主管部门:\t上高县教育局\t\t实施单位:\t上高县第五中学\n"
    "项目资金（万元）\t年度资金总额\t120\t\t\n\t其中：财政拨款\t100\t\t\n\t其他资金\t20\t\t\n"
    "年度目标\t保障家庭经济困难学生顺利完成学业\t\t\n"
    "一级指标\t二级指标\t三级指标\t指标值\n"
    "产出指标\t数量指标\t资助学生人数\t≥300人\n"
    "\t质量指标\t资助资金发放准确率\t100%\n"
    "效益指标\t社会效益指标\t辍学率\t≤1%\n"
)


def test_a_budgets_performance_target_table_alone_is_read_not_refused(tmp_path):
    report = _report(tmp_path, "targets.txt", TARGETS)
    assert report.phase.value == "budget"
    indicators = report.projects[0].indicators
    assert [(i.level1, i.level2, i.level3, i.comparator, i.target_value, i.unit) for i in indicators] == [
        ("产出指标", "数量指标", "资助学生人数", "≥", 300, "人"),
        ("产出指标", "质量指标", "资助资金发放准确率", None, 100, "%"),
        ("效益指标", "社会效益指标", "辍学率", "≤", 1, "%"),
    ]
    assert all(i.weight is None and i.actual_text is None for i in indicators)
    # no header names the funds column: a budget's amount, and the data says it was read by position
    assert _funds(report)[(ALL, "level")] == (1200000, "position")


def test_a_hostile_one_line_table_is_bounded_and_loses_no_text():
    """A page of one line holding a 'table' of 20,000 indicator rows: at most _REGION_CELLS cells are
    rebuilt into rows, and the rest of the line is kept as a line for the narrative to read."""
    from converter.parse.performance_layout import RebuiltRow
    from converter.parse.performance_restore import _REGION_CELLS, restore_performance_rows
    from converter.parse.sections import lines_of

    text = (
        "项目名称: 某项目 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        + "产出指标 数量指标 某指标 ≥1家 1家 10 10 " * 20000
    )
    lines = restore_performance_rows(lines_of(text))
    rebuilt = [line for line in lines if isinstance(line, RebuiltRow)]
    assert 0 < len(rebuilt) <= _REGION_CELLS // 2
    rest = [line for line in lines if not isinstance(line, RebuiltRow)]
    assert rest and rest[-1].end == len(text.rstrip())  # the line's remainder is still there
    assert rebuilt[-1].end <= rest[-1].start


def test_funds_row_labels_are_read_in_their_printed_variants():
    from converter.parse.performance_layout import funds_row

    assert funds_row("资金总额：") == ("资金总额", ALL)
    assert funds_row("其中：本年财政拨款资金") == ("其中：本年财政拨款资金", "appropriation")
    assert funds_row("其他资金来源") == ("其他资金来源", "non-appropriation")
    assert funds_row("上年结转资金")[1] is None
    assert funds_row("财政拨款支出情况") is None  # a label is the whole cell, not its beginning


def test_a_funds_row_labelled_this_years_appropriation_is_read(tmp_path):
    report = _report(
        tmp_path,
        "variant.txt",
        "某某县城市管理局2023年度项目支出绩效自评表\n"
        + NATIONAL.replace("其中：当年财政拨款", "其中：本年财政拨款资金").replace(
            "年度资金总额", "资金总额："
        ),
    )
    funds = _funds(report)
    assert funds[("appropriation", "level")] == (1350000, None)
    assert funds[(ALL, "initial-budget")] == (1200000, None)


def _scoring_table() -> str:
    """The sample's 部门整体绩效自评体系评分表 as printed, through its total row."""
    start = SAMPLE_TEXT.index("区级部门整体绩效自评体系评分表")
    end = SAMPLE_TEXT.index("\n", SAMPLE_TEXT.index("部门整体自评得分", start))
    return SAMPLE_TEXT[start:end] + "\n"


def test_the_department_scoring_table_without_its_grid_reads_as_the_grid(tmp_path):
    heading = "乐山市市中区经济和信息化局2022年度部门整体支出绩效自评\n"
    grid_report = _report(tmp_path, "grid.txt", heading + _scoring_table())
    grid = _read(grid_report)
    assert len(grid) == 15  # the table and its 14 rows
    assert ("扣分项 (10分)", None, "被评价单位配合评价工作情况。") == grid[-1][:3]
    for form, flat in (
        ("lines", re.sub(r"\t+", "\n", _scoring_table())),
        ("blanks", re.sub(r"\t+", "   ", _scoring_table())),
    ):
        report = _report(tmp_path, f"{form}.txt", heading + flat)
        assert _read(report) == grid, form
        scores = [f.value for f in report.figures if f.item == "performance-score"]
        assert scores == [95], form
