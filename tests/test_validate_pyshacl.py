"""Any SHACL engine gets juesuan's results: pyshacl with shapes/*.ttl against `juesuan validate --format json`.

Rule by rule, focus node by focus node and ?value: pyshacl reports each result at the report (the
rules' target) with sh:value the offending figure; juesuan names the same figure as the finding's
focus (a finding about one fact printed twice names every place among its "stated" figures).

The sample and 101 run by default; every other development document of ../shared/corpus with
JUESUAN_PYSHACL_ALL=1 (pyshacl on rdflib takes minutes per document).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from converter.resources import shapes_dir
from converter.uris import DEFAULT_BASE
from converter.validate.engine import rule_shapes
from tests.conftest import ROOT, SAMPLE, shared_path

DEV = {  # document -> the files of one publication
    "101": ["101_shanghai_putuo_caizhengju_2024.pdf"],
    "102": ["102_shanghai_putuo_guihuaziranziyuanju_2024.pdf"],
    "108": ["108_shanghai_putuo_wanlijiedao_2024_bumenyusuan.pdf"],
    "109": ["109_shanghai_putuo_shangwuweiyuanhui_2025_bumenyusuan.pdf"],
    "201": ["201_chongqing_beibei_xinandaxue_2023_bumenjuesuan.pdf"],
    "204": ["204_jiangsu_gaojirenminfayuan_2017_bumenyusuan.pdf"],
    "210": ["210_chongqing_beibei_xinandaxue_2021_bumenyusuan.pdf"],
    "211": ["211_jiangsu_shengweibangongting_2018_bumenyusuan_part1_wenjian.pdf",
            "212_jiangsu_shengweibangongting_2018_bumenyusuan_part2_biao.pdf"],
    "213": ["213_jiangsu_zhengxiebangongting_2019_bumenyusuan_part1.pdf",
            "214_jiangsu_zhengxiebangongting_2019_bumenyusuan_part2_biao.pdf"],
}  # fmt: skip
ALL = os.environ.get("JUESUAN_PYSHACL_ALL") == "1"
DOCUMENTS = ["sample", "101"] + [d for d in DEV if d != "101" and ALL]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Each document converted once per test session, written as N-Triples."""
    folder = tmp_path_factory.mktemp("pyshacl")
    done: dict[str, Path] = {}

    def convert(name: str) -> Path:
        if name not in done:
            from converter.pipeline import convert_files

            files = [SAMPLE] if name == "sample" else [shared_path("corpus", "pdf", f) for f in DEV[name]]
            result = (
                convert_files(files, one_report=len(files) > 1) if len(files) > 1 else convert_files(files)
            )
            graph = Graph()
            for item in result.converted:
                graph += item.graph
            out = folder / f"{name}.nt"
            graph.serialize(out, format="nt", encoding="utf-8")
            done[name] = out
        return done[name]

    return convert


def juesuan_json(path: Path) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "converter.cli", "validate", "--format", "json", str(path)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def all_shapes() -> Graph:
    """shapes/*.ttl: the rule shapes (prefixes resolved) and the structural and SKOS shapes."""
    graph = Graph()
    graph += rule_shapes(DEFAULT_BASE)
    for path in sorted(shapes_dir().glob("*.ttl")):
        if not path.name.startswith("integrity"):
            graph.parse(path, format="turtle", publicID=DEFAULT_BASE)
    return graph


def pyshacl_results(path: Path, shapes: Graph) -> set[tuple[str, str, str]]:
    import pyshacl

    data = Graph().parse(path, format="nt")
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    out = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        label = shapes.value(shape, RDFS.label)
        if label is None or (shape, SH.sparql, None) not in shapes:
            continue  # structural shapes: compared by test_validate_sample's engine test
        focus = str(report.value(result, SH.focusNode))
        value = report.value(result, SH.value)
        out.add((str(label), focus, str(value) if value is not None else focus))
    return out


def juesuan_results(findings: list[dict], rule_ids: set[str]) -> set[tuple[str, str, str]]:
    out = set()
    for finding in findings:
        if finding["rule"] not in rule_ids:
            continue
        stated = [fig["iri"] for fig in finding["figures"] if fig["role"] == "stated"]
        for iri in stated or [finding["report"]]:
            out.add((finding["rule"], finding["report"], iri))
    return out


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pyshacl_agrees_with_juesuan_validate(name, converted):
    path = converted(name)
    shapes = all_shapes()
    rule_ids = {
        str(label) for s, label in shapes.subject_objects(RDFS.label) if (s, SH.sparql, None) in shapes
    }
    ours = juesuan_results(juesuan_json(path), rule_ids)
    theirs = pyshacl_results(path, shapes)
    assert ours, f"{name}: no integrity finding at all (the comparison would compare nothing)"
    assert theirs == ours, {"only pyshacl": sorted(theirs - ours), "only juesuan": sorted(ours - theirs)}
