"""`juesuan validate FILE` reads the file with Oxigraph (runner.validate_file), never with rdflib:
its findings must be the ones of validate_graph on the file parsed by rdflib, finding by finding.

The sample (bundled) covers N-Triples, TriG with a named graph per report, two reports in one graph,
structural errors and literals rdflib normalises; development documents (../shared) are compared
too when present.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from converter.uris import DEFAULT_BASE, UriBuilder
from converter.validate import load_file, validate_graph
from converter.validate.runner import validate_file
from tests.conftest import shared_path

F = Namespace(UriBuilder(DEFAULT_BASE).ontology_namespace)
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")


def key(finding) -> tuple:
    return (finding.rule, finding.focus_node, finding.severity, finding.message, finding.value)


def assert_same(path: Path) -> list:
    """validate_file(path) == validate_graph(rdflib's parse of path); the findings, for more checks."""
    fast = validate_file(path)
    slow = validate_graph(load_file(path))
    assert fast.reports == slow.reports
    assert [key(f) for f in fast.findings] == [key(f) for f in slow.findings]
    assert [f.as_json() for f in fast.findings] == [f.as_json() for f in slow.findings]  # figures, spans
    assert fast.conforms == slow.conforms
    return fast.findings


def write_nt(graph: Graph, path: Path, extra: str = "") -> Path:
    path.write_text(graph.serialize(format="nt") + extra, encoding="utf-8")
    return path


def test_sample_as_ntriples(sample_graph, tmp_path):
    findings = assert_same(write_nt(sample_graph, tmp_path / "sample.nt"))
    assert [f.rule for f in findings if f.severity == "Violation"] == ["yoy-percent"]  # not vacuous


def test_sample_as_trig_with_a_graph_per_report(sample_graph, sample_result, tmp_path):
    data = Dataset()
    report = sample_result.converted[0].iri
    named = data.graph(URIRef(str(report)))
    for triple in sample_graph:
        named.add(triple)
    organisation = data.graph(URIRef(f"{DEFAULT_BASE}id/org/x"))  # a graph without a report
    organisation.add(
        (URIRef(f"{DEFAULT_BASE}id/org/x"), RDF.type, URIRef("http://www.w3.org/ns/org#Organization"))
    )
    path = tmp_path / "sample.trig"
    data.serialize(path, format="trig")
    findings = assert_same(path)
    assert {f.report for f in findings} == {str(report)}


def _renamed(sample_graph, report: str, other: str) -> str:
    """The sample's N-Triples with the report (and every IRI under it) renamed: a second report."""
    return (
        sample_graph.serialize(format="nt")
        .replace(f"<{report}>", f"<{other}>")
        .replace(f"<{report}/", f"<{other}/")
    )


def test_two_reports_in_one_graph_and_in_two_graphs(sample_graph, sample_result, tmp_path):
    report = str(sample_result.converted[0].iri)
    other = report + "-again"
    both = tmp_path / "both.nt"
    both.write_text(
        sample_graph.serialize(format="nt") + _renamed(sample_graph, report, other), encoding="utf-8"
    )
    findings = assert_same(both)
    assert {f.report for f in findings} == {report, other}
    quads = tmp_path / "both.nq"
    lines = [
        f"{line[:-1]} <{report}> .\n"
        for line in sample_graph.serialize(format="nt").splitlines(True)
        if line.strip()
    ]
    lines += [
        f"{line[:-1]} <{other}> .\n"
        for line in _renamed(sample_graph, report, other).splitlines(True)
        if line.strip()
    ]
    quads.write_text("".join(lines).replace(" . <", " <"), encoding="utf-8")
    assert len(load_file(quads)) == 2 * len(sample_graph)
    assert [key(f) for f in assert_same(quads)] == [key(f) for f in findings]


def test_structural_errors_and_literals_rdflib_normalises(sample_graph, tmp_path):
    graph = Graph()
    graph += sample_graph
    observations = sorted(graph.subjects(RDF.type, QB.Observation), key=str)
    graph.remove((observations[0], F.item, None))  # structure-obs-item
    graph.remove((observations[1], F.derived, None))
    selector = sorted(graph.subjects(OA.start, None), key=str)[0]
    end = int(graph.value(selector, OA.end))
    graph.remove((selector, OA.start, None))
    # start after end, written "0..." (rdflib reads it as the canonical integer), derived "0" (= false)
    extra = f'<{selector}> <{OA.start}> "0{end + 1}"^^<{XSD.integer}> .\n'
    extra += f'<{observations[2]}> <{F.derived}> "0"^^<{XSD.boolean}> .\n'
    extra += f'<{observations[1]}> <{F.derived}> "12"^^<{XSD.decimal}> .\n'  # not a boolean
    graph.remove((observations[2], F.derived, None))
    findings = assert_same(write_nt(graph, tmp_path / "broken.nt", extra))
    structural = {(f.rule, f.focus_node, f.value) for f in findings if f.source == "structure"}
    assert ("structure-obs-item", str(observations[0]), None) in structural
    assert any(
        rule == "structure-obs-derived" and focus == str(observations[1]) for rule, focus, _ in structural
    )
    assert any(rule == "structure-span" and value == str(selector) for rule, _, value in structural)
    assert not any(focus == str(observations[2]) for _, focus, _ in structural)  # "0" is false: stated


@pytest.mark.parametrize(
    ("lexical", "datatype", "expected"),
    [("01", "integer", "1"), ("1", "boolean", "true"), ("1.50", "decimal", "1.50"), ("+5", "nonNegativeInteger", "5"),
     ("2024", "gYear", "2024"), ("1.0E2", "double", "100.0"), ("abc", "decimal", "abc")],
)  # fmt: skip
def test_literals_get_rdflib_lexical_form(lexical, datatype, expected):
    import pyoxigraph as ox

    from converter.validate.oxdata import normalised

    term = normalised(ox.Literal(lexical, datatype=ox.NamedNode(str(XSD[datatype]))))
    assert (term.value, term.datatype.value) == (expected, str(XSD[datatype]))
    assert term.value == str(Literal(lexical, datatype=XSD[datatype]))


@pytest.mark.parametrize("doc", ["101", "102", "108"])
def test_development_documents(doc, tmp_path):
    from converter.pipeline import convert_files

    pdfs = sorted(shared_path("corpus", "pdf").glob(f"{doc}_*.pdf"))
    if not pdfs:
        pytest.skip(f"no {doc}_*.pdf in ../shared/corpus/pdf")
    result = convert_files(pdfs)
    if not result.converted:
        pytest.skip(f"{doc} does not convert: {result.failures}")
    graph = result.converted[0].graph
    findings = assert_same(write_nt(graph, tmp_path / f"{doc}.nt"))
    assert findings  # every development document has findings (at least Infos)
    data = Dataset()
    named = data.graph(URIRef(str(result.converted[0].iri)))
    for triple in graph:
        named.add(triple)
    data.serialize(tmp_path / f"{doc}.trig", format="trig")
    assert [key(f) for f in assert_same(tmp_path / f"{doc}.trig")] == [key(f) for f in findings]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("lexical.nt", '<http://e/s> <http://e/p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
         '<http://e/s> <http://e/q> "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n<http://e/s> <http://e/r> "x" .\n'
         '<http://e/s> <http://e/t> " 5"^^<http://www.w3.org/2001/XMLSchema#int> .\n'),
        ("blank.nt", '_:a <http://e/p> _:b .\n_:b <http://e/p> "1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'),
        ("graphs.trig", '<http://e/g1> { <http://e/s> <http://e/p> "+5"^^<http://www.w3.org/2001/XMLSchema#integer> . }\n'
         '<http://e/g2> { <http://e/s> <http://e/p> <http://e/o> . _:c <http://e/p> <http://e/o> . }\n'),
    ],
)  # fmt: skip
def test_the_store_holds_the_index_terms(name, text, tmp_path):
    """Oxigraph loads the file into the rules' store on its own thread, while Python reads it for the
    index: the store must hold the very terms of the index (literals in rdflib's form, the index's
    blank nodes), or a rule's result would name figures the index does not know."""
    import pyoxigraph as ox

    from converter.validate.oxdata import read_file_pending

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    graphs, pending = read_file_pending(path, "trig" if name.endswith(".trig") else "nt")
    store = pending.result()
    # a store of the index's quads (Oxigraph writes its decimals canonically: "1.0" as "1")
    indexed = ox.Store()
    indexed.bulk_extend(ox.Quad(s, p, o, g) for g, triples in graphs.items() for s, p, o in triples)
    assert set(store) == set(indexed)
    assert len(store) == text.count(" .")
