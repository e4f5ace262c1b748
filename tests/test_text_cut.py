"""A text that stops mid-sentence (the beginning of a web page) is flagged, and the sections it does not
reach are an Info, not the Warning a whole disclosure lacking them gets."""

from __future__ import annotations

import pytest

from converter.parse.document import ends_abruptly
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
