"""A budget's 项目支出绩效目标表 as a county page prints it (tests/fixtures/performance_target_page.html):
the 项目资金 cell spans the funds rows and stands on the first (项目资金 | 年度资金总额 | 20.00), the goal
row is labelled (总体目标 | the target), the targets hold counts (≥12个). Before, the 年度资金总额 row was
not read, the label 总体目标 was published as the target and the target as the result, and the goal's
"12个" was published as a figure counting nothing known, labelled with the funds rows run together."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from converter.pipeline import convert_files

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
