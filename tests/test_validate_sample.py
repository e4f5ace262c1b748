"""`juesuan validate` on the bundled sample: the three expected findings and nothing else is a Violation.

Expected findings: examples/000_0e72b94d2a371e9d.expected.json ("findings", "not_findings");
the sample's figures are in examples/000_0e72b94d2a371e9d.txt, 第二部分 七 (三公经费) and 五（二）（三）.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from converter.cli import main
from converter.uris import DEFAULT_BASE, UriBuilder
from converter.validate import validate_graph
from converter.validate.runner import load_shapes
from tests.conftest import SAMPLE_EXPECTED

F = Namespace(UriBuilder(DEFAULT_BASE).ontology_namespace)


@pytest.fixture(scope="module")
def outcome(sample_graph):
    return validate_graph(sample_graph, DEFAULT_BASE)


def by_rule(outcome, rule):
    return [f for f in outcome.findings if f.rule == rule]


def test_three_public_yoy_percent_is_the_violation(outcome, sample_result):
    report = str(sample_result.converted[0].iri)
    violations = [f for f in outcome.findings if f.severity == "Violation"]
    # 三公经费 (七（一）) and 公务接待费 (七（二）3, its only non-zero part) both state +0.63万元 on
    # 0.12万元 as "增加5.25%": one error printed twice, one finding naming both places
    assert [f.focus_node for f in violations] == [
        f"{report}/obs/three-public-expenses/fund-appropriation/increase-percent"
    ]
    stated_at = {fig.iri for fig in violations[0].figures if fig.role == "stated"}
    assert stated_at == {
        f"{report}/obs/three-public-expenses/fund-appropriation/increase-percent",
        f"{report}/obs/official-reception/fund-appropriation/increase-percent",
    }
    expected = json.loads(SAMPLE_EXPECTED.read_text(encoding="utf-8"))["findings"][0]
    for f in violations:
        assert f.rule == "yoy-percent"
        assert f.stated == Decimal(expected["stated_percent"])
        assert f.computed == Decimal(expected["computed_percent"])
        assert f.tolerance is not None and f.tolerance < 100
        assert any("5.25%" in (s.text or "") for fig in f.figures for s in fig.spans)
    assert not outcome.conforms


def test_classification_findings(outcome):
    variant = by_rule(outcome, "classification-label-variant")
    assert any(f.focus_node.endswith("/fc-201/level") and f.severity == "Warning" for f in variant)
    swapped = by_rule(outcome, "classification-levels-swapped")
    assert [f.focus_node.rsplit("/", 2)[-2] for f in swapped] == ["fc-2101103"]
    assert "一般公共预算服务支出" in variant[0].message or any(
        "一般公共预算服务支出" in f.message for f in variant
    )


def test_basic_expenditure_rounding_is_info(outcome):
    # 六: 基本支出 269.28 vs 人员经费 229.24 + 公用经费 40.05 = 269.29 (not_findings)
    assert by_rule(outcome, "hierarchy-basic") == []  # no Violation: the rounding shape says it
    basic = by_rule(outcome, "hierarchy-parts-rounding")
    assert len(basic) == 1 and basic[0].severity == "Info" and "/nature-basic/" in basic[0].focus_node
    assert basic[0].stated == Decimal("2692800") and basic[0].computed == Decimal("2692900")


def test_no_structural_findings_on_sample(outcome):
    assert [f for f in outcome.findings if f.source == "structure"] == []


def test_fast_engine_agrees_with_pyshacl(sample_graph):
    mutated = Graph()
    mutated += sample_graph
    obs = next(iter(mutated.subjects(F.item, None)))
    mutated.remove((obs, F.item, None))
    derivation = next(iter(mutated.subjects(F.derivationMethod, None)))
    mutated.remove((derivation, F.derivationMethod, None))
    key = lambda o: sorted((f.rule, f.focus_node) for f in o.findings if f.source == "structure")  # noqa: E731
    fast, reference = validate_graph(mutated), validate_graph(mutated, engine="pyshacl")
    assert key(fast) == key(reference)
    assert {"structure-obs-item", "structure-derivation"} <= {r for r, _ in key(fast)}


def test_shapes_parse_with_another_base():
    shapes = load_shapes("http://example.org/pub/")
    assert (URIRef("http://example.org/pub/def/shapes#structure-obs"), None, None) in shapes


# --- the command -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory, sample_result):
    folder = tmp_path_factory.mktemp("validate")
    ttl, trig = folder / "sample.ttl", folder / "sample.trig"
    sample_result.converted[0].graph.serialize(ttl, format="turtle")
    sample_result.dataset.serialize(trig, format="trig")
    fixed = Graph().parse(ttl)
    for obs in list(fixed.subjects(F.statistic, URIRef(f"{DEFAULT_BASE}def/statistic/increase-percent"))):
        if fixed.value(obs, F.percentage) == Literal("5.25", datatype=XSD.decimal):
            fixed.set((obs, F.percentage, Literal("525", datatype=XSD.decimal)))
            fixed.set((obs, F.statedValue, Literal("525")))
    good = folder / "fixed.nt"
    fixed.serialize(good, format="nt")
    return ttl, trig, good


def test_exit_codes(sample_files, tmp_path, capsys):
    ttl, trig, good = sample_files
    assert main(["validate", str(ttl)]) == 1
    assert main(["validate", str(trig)]) == 1
    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 2
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> ", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "missing.ttl: no such file" in err


def test_json_format(sample_files, capsys):
    assert main(["validate", "--format", "json", str(sample_files[0])]) == 1
    findings = json.loads(capsys.readouterr().out)
    for f in findings:
        assert {"severity", "rule", "message", "focusNode", "path", "value", "figures", "spans"} <= set(f)
        assert f["severity"] in ("Violation", "Warning", "Info")
    yoy = [f for f in findings if f["rule"] == "yoy-percent"]
    assert yoy and yoy[0]["stated"] == "5.25" and yoy[0]["computed"] == "525"
    assert {"stated", "computed", "tolerance", "unit"} <= set(yoy[0])
    span = yoy[0]["spans"][0]
    assert {"iri", "text", "start", "end"} <= set(span) and span["start"] < span["end"]


def test_ttl_format(sample_files, capsys):
    assert main(["validate", "--format", "ttl", str(sample_files[1])]) == 1
    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    dqv = Namespace("http://www.w3.org/ns/dqv#")
    assert len(set(g.subjects(None, sh.ValidationReport))) == 1
    assert len(set(g.subjects(None, sh.ValidationResult))) >= 3
    assert set(g.objects(None, dqv.hasQualityAnnotation))
    assert set(g.objects(None, dqv.hasQualityMeasurement))


def test_multiple_reports_validated_separately(sample_result):
    from converter.pipeline import convert_files
    from tests.conftest import SAMPLE

    other = convert_files([SAMPLE], "http://example.org/other/")
    union = Dataset()
    for ds in (sample_result.dataset, other.dataset):
        for g in ds.graphs():
            target = union.graph(g.identifier)
            for t in g:
                target.add(t)
    outcome = validate_graph(union)
    # the default base is detected from the data; both reports are found and judged alike
    assert len(outcome.reports) == 2
    assert sum(f.severity == "Violation" for f in outcome.findings) == 2


def test_merged_turtle_of_two_reports_is_split(sample_result):
    from converter.pipeline import convert_files
    from tests.conftest import SAMPLE

    merged = Graph()
    merged += sample_result.converted[0].graph
    merged += convert_files([SAMPLE], "http://example.org/other/").converted[0].graph
    outcome = validate_graph(merged)
    assert len(outcome.reports) == 2
    assert sorted(f.rule for f in outcome.findings if f.severity == "Violation") == ["yoy-percent"] * 2
