"""Counts the text breaks down (shapes/integrity-counts.ttl): the vehicles held by use against the fleet, the
receptions domestic and foreign against the whole. The sample (a 2022 决算) lists its fleet by the
template's eight uses, every one 0: mutated, the rules find what a reader would, in juesuan and in pyshacl;
a breakdown naming only some parts, or one part alone, is no finding."""

from __future__ import annotations

import pytest

from converter.validate import validate_graph
from tests.conftest import SAMPLE, mutated_sample_graph
from tests.pyshacl_rules import pyshacl_rules

RULES = {"hierarchy-counts", "hierarchy-counts-short", "cross-source"}
FLEET = "共有车辆0辆，其中：副部（省）级及以上领导用车0辆、主要领导干部用车0辆"
# the 三公 section's count, worded as the template words it: the vehicles the appropriation runs
APPROPRIATION_FLEET = (
    "截至2022年12月底，本部门共有公务用车0辆",
    "截至2022年12月31日，开支财政拨款的公务用车保有量为0辆",
)


def _found(graph) -> list[tuple[str, str]]:
    return sorted((f.rule, f.severity) for f in validate_graph(graph).findings if f.rule in RULES)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        # one use counts 2 vehicles of a fleet of 0: more than the whole
        (
            [("应急保障用车0辆、执法执勤用车0辆", "应急保障用车0辆、执法执勤用车2辆")],
            [("hierarchy-counts", "Violation")],
        ),
        # a fleet of 3 whose eight uses, zeros printed, count none of them
        (
            [APPROPRIATION_FLEET, (FLEET, FLEET.replace("共有车辆0辆", "共有车辆3辆"))],
            [("hierarchy-counts-short", "Warning")],
        ),
        # the same fleet of 3, its uses adding up
        (
            [
                APPROPRIATION_FLEET,
                (
                    FLEET,
                    FLEET.replace("共有车辆0辆", "共有车辆3辆").replace("领导干部用车0辆", "领导干部用车3辆"),
                ),
            ],
            [],
        ),
    ],
    ids=["parts-exceed", "full-list-short", "adds-up"],
)
def test_a_fleet_against_its_uses(tmp_path, pairs, expected):
    graph = mutated_sample_graph(tmp_path, *pairs)
    assert _found(graph) == expected
    assert pyshacl_rules(graph, {r for r, _s in expected}) == [r for r, _s in expected]


def test_only_some_uses_named_is_no_finding(tmp_path):
    """ "其中：执法执勤用车2辆" of a fleet of 5 names the main use, not every one."""
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("截至2022年12月31日，乐山市市中区经济和信息化局共有车辆")
    sentence = text[start : text.index("其他用车0辆。", start) + len("其他用车0辆。")]
    fleet_of_5 = "截至2022年12月31日，本部门共有车辆5辆，其中：执法执勤用车2辆。"
    graph = mutated_sample_graph(tmp_path, APPROPRIATION_FLEET, (sentence, fleet_of_5))
    assert _found(graph) == []


def test_the_appropriation_run_fleet_is_not_the_whole_fleet(tmp_path):
    """The 三公 section counts the vehicles whose running the appropriation pays; the assets section counts
    every vehicle: 2 and 3 are two figures, not one printed differently (no cross-source)."""
    graph = mutated_sample_graph(
        tmp_path,
        (APPROPRIATION_FLEET[0], APPROPRIATION_FLEET[1].replace("为0辆", "为2辆")),
        (FLEET, FLEET.replace("共有车辆0辆", "共有车辆3辆").replace("领导干部用车0辆", "领导干部用车3辆")),
    )
    assert _found(graph) == []
