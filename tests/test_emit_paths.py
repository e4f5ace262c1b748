"""The emitter's two paths give the same quads: the N-Quads text the command line, the batch and the stores
take (each term written as N-Triples by converter/ntriples.py, read by pyoxigraph), and the rdflib graph
built on demand (written by rdflib's own N-Quads writer). Checked on the sample, on corpus documents of
each kind of input, on a publication in two files, and on a report whose strings hold every character
N-Triples escapes or forbids raw."""

from __future__ import annotations

import contextlib
import copy
import io
import re

import pyoxigraph as ox
import pytest
from conftest import SAMPLE, shared_path
from rdflib import Literal, URIRef

from converter.batch import convert_one
from converter.cli import main as cli_main
from converter.emit import emit_report
from converter.model import IdentitySource, Span
from converter.parse.identity import IdentityHints
from converter.pipeline import convert_files
from converter.uris import UriBuilder
from server.store.loading import read_inputs

CORPUS_DOCUMENTS = [
    ("corpus", "pdf", "101_shanghai_putuo_caizhengju_2024.pdf"),  # a ruled-table PDF (决算)
    ("corpus", "pdf", "204_jiangsu_gaojirenminfayuan_2017_bumenyusuan.pdf"),  # Jiangsu's 12-table 预算
    ("corpus", "raw", "106_shanghai_putuo_chengguanzhifaju_2026_bumenyusuan_full.txt"),  # text tables
    ("corpus", "web", "063_beijing_shiwei_wangxinban_2022_traditional_province.txt"),  # traditional
]
TIMES = re.compile(r'(<http://www\.w3\.org/ns/prov#(?:started|ended)AtTime> )"[^"]*"\^\^<[^>]*>')


def _quads(data: str | bytes) -> set[str]:
    return {str(q) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}


def _without_times(quads: set[str]) -> set[str]:
    return {TIMES.sub(r"\1T", q) for q in quads}


def _rdflib_quads(result) -> set[str]:
    return _quads(result.dataset.serialize(format="nquads", encoding="utf-8"))


def assert_same_quads(result) -> set[str]:
    fast = _quads(result.nquads())
    assert fast == _rdflib_quads(result)
    assert len(fast) == sum(len(c.emitted) for c in result.converted) > 100
    own = {
        str(q)
        for q in ox.parse(result.converted[0].graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    }
    report = f"<{result.converted[0].emitted.iri}>"
    assert own == {q.rsplit(" ", 1)[0] for q in fast if q.endswith(" " + report)}
    return fast


def test_the_sample_two_paths_one_set_of_quads(sample_result):
    assert_same_quads(sample_result)


@pytest.mark.parametrize("parts", CORPUS_DOCUMENTS, ids=lambda p: p[-1][:3])
def test_corpus_documents_two_paths_one_set_of_quads(parts):
    assert_same_quads(convert_files([shared_path(*parts)], keep_going=False))


def test_a_publication_in_two_files():
    text = shared_path("corpus", "pdf", "211_jiangsu_shengweibangongting_2018_bumenyusuan_part1_wenjian.pdf")
    tables = shared_path("corpus", "pdf", "212_jiangsu_shengweibangongting_2018_bumenyusuan_part2_biao.pdf")
    quads = assert_same_quads(convert_files([text, tables], one_report=True, keep_going=False))
    assert any("/source/2>" in q for q in quads)  # each file its source document


def test_a_source_url_and_identity_options():
    hints = IdentityHints.of(IdentitySource.OPTION, "https://example.org/决算/2021.pdf", year="2021")
    quads = assert_same_quads(convert_files([SAMPLE], hints=hints, keep_going=False))
    assert any(
        q.endswith("<https://example.org/决算/2021.pdf>") is False
        and "<https://example.org/决算/2021.pdf>" in q
        for q in quads
    )


def test_every_consumer_reads_the_same_quads(tmp_path, sample_result):
    """The batch's worker text, the command line's N-Quads file and the server's loading of a document all
    hold the quads of the rdflib graph (a conversion of their own: only the times differ)."""
    expected = _without_times(_rdflib_quads(sample_result))
    batch = convert_one(str(SAMPLE))
    assert batch.ok and batch.triples == len(expected)
    assert _without_times(_quads(batch.text)) == expected
    out = tmp_path / "sample.nq"
    assert cli_main(["convert", str(SAMPLE), "-o", str(out), "-q"]) == 0
    assert _without_times(_quads(out.read_bytes())) == expected
    graphs, problems = read_inputs([SAMPLE], "http://127.0.0.1:5000/")
    assert not problems
    loaded = {f"{t} <{name}>" for name, triples in graphs.items() for t in triples}
    assert _without_times(loaded) == expected


def test_turtle_and_trig_hold_the_same_triples(tmp_path, sample_result):
    expected = {q.rsplit(" ", 1)[0] for q in _rdflib_quads(sample_result)}
    for ext, fmt in (
        (".ttl", ox.RdfFormat.TURTLE),
        (".trig", ox.RdfFormat.TRIG),
        (".nt", ox.RdfFormat.N_TRIPLES),
    ):
        out = tmp_path / f"sample{ext}"
        assert cli_main(["convert", str(SAMPLE), "-o", str(out), "-q"]) == 0
        found = {str(q.triple) for q in ox.parse(out.read_bytes(), format=fmt)}
        assert _without_times(found) == _without_times(expected), ext
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        assert cli_main(["convert", str(SAMPLE), "-q"]) == 0
    # one Turtle document per graph (the report's, then the organisations'), each declaring its prefixes
    found = {str(t.triple) for t in ox.parse(stdout.getvalue(), format=ox.RdfFormat.TURTLE)}
    assert _without_times(found) == _without_times(expected)


HOSTILE = 'say "决算"\\n or \\ a\nnew line\r\tand\x01 \U0001f600 \ufffd \ue000 end'


def test_strings_with_every_character_n_triples_escapes(sample_report):
    """Quotes, backslashes, line breaks, control characters, astral, private-use and replacement characters
    in names and texts: the text parses, and holds the strings the model holds, as the rdflib path does."""
    report = copy.deepcopy(sample_report)
    report.organisation.name = "局" + HOSTILE
    report.organisation.subordinate_units[0].text = HOSTILE
    report.figures[0].stated_label = HOSTILE
    report.figures[0].span = Span(
        report.figures[0].span.start, report.figures[0].span.end, HOSTILE, 1, HOSTILE
    )
    report.source_url = "http://[not an iri/" + HOSTILE
    uris = UriBuilder()
    emitted = emit_report(report, uris)
    fast = _quads(emitted.nquads())
    graph = emitted.graph()
    assert {q.rsplit(" ", 1)[0] for q in fast if q.endswith(f" <{emitted.iri}>")} == {
        str(q) for q in ox.parse(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    }
    assert (None, None, Literal(HOSTILE)) in graph  # the span's text, back as it was
    assert (None, None, Literal(HOSTILE, lang="zh")) in graph  # the stated label and the locator
    assert (None, None, Literal(report.source_url)) in graph  # not an IRI: kept as the text given
    org = URIRef(emitted.iri).split("/id/report/")[0]
    names = [str(o) for o in graph.objects(None, URIRef(uris.ontology_namespace + "organisation"))]
    assert len(names) == 1 and names[0].startswith(org) and "%EF%BF%BD" in names[0]  # U+FFFD encoded
    ox.NamedNode(names[0])  # a valid IRI: the stores take it


def test_each_triple_once_in_one_graph(sample_result):
    """The report's graph first, then its organisation's: no triple twice in a graph or in two graphs."""
    emitted = sample_result.converted[0].emitted
    names = list(emitted.terms)
    assert names[0] == f"<{emitted.iri}>" and len(names) >= 2
    seen: set[tuple[str, str, str]] = set()
    for name in names:
        triples = set(emitted.terms[name])
        assert len(triples) == len(emitted.terms[name])
        assert not triples & seen
        seen |= triples
