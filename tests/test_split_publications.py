"""One publication in several files: ``--one-report`` and a manifest's groups merge them into one
report, with provenance per file (every span points to the file it was read from, with offsets into
that file's own text; every file is a source document with its SHA-256)."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Namespace

from converter.cli import main
from converter.emit_identity import locate
from converter.manifest import ManifestError, read_manifest
from converter.model import IdentitySource
from converter.pipeline import convert_files
from converter.read import read_path
from converter.uris import UriBuilder
from tests.conftest import SAMPLE, shared_path

URIS = UriBuilder()
F = Namespace(URIS.ontology_namespace)
OA = Namespace("http://www.w3.org/ns/oa#")
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


@pytest.fixture()
def halves(tmp_path) -> tuple[Path, Path]:
    """The sample issued as two files: the cover and sections 一–六, then 七 onwards (no title)."""
    cut = SAMPLE_TEXT.index("\n七、“三公”经费财政拨款支出决算情况说明\n") + 1
    first, second = tmp_path / "part1.txt", tmp_path / "part2.txt"
    first.write_text(SAMPLE_TEXT[:cut], encoding="utf-8")
    second.write_text(SAMPLE_TEXT[cut:], encoding="utf-8")
    return first, second


def _spans_are_their_files(converted, paths: list[Path]) -> dict[int, int]:
    """Every figure's span lies in one file and quotes that file at its local offsets; figures per file."""
    texts = [read_path(p).text for p in paths]
    per_file: dict[int, int] = {}
    for figure in converted.report.figures:
        for statement in [figure, *figure.other_statements]:
            number, start, end, _page = locate(converted.report, statement.span)
            assert number is not None
            assert texts[number - 1][start:end] == statement.span.text
            per_file[number] = per_file.get(number, 0) + 1
    return per_file


def test_one_report_from_two_files(halves):
    result = convert_files(list(halves), one_report=True)
    assert not result.failures and len(result.converted) == 1
    converted = result.converted[0]
    report = converted.report
    assert report.organisation.name == "乐山市市中区经济和信息化局" and report.fiscal_year == 2022
    assert [p.source.file_name for p in report.parts] == ["part1.txt", "part2.txt"]
    per_file = _spans_are_their_files(converted, list(halves))
    assert per_file.get(1, 0) > 50 and per_file.get(2, 0) > 20  # figures from both files

    # the same figures as the whole document gives
    # the same figures as the whole document gives (an unmapped figure's key holds its offset: left out)
    def known(figures):
        return {f.key(): f.value for f in figures if f.item != "unmapped"}

    whole = known(convert_files([SAMPLE]).converted[0].report.figures)
    merged = known(report.figures)
    three_public = ("three-public-expenses", "fund-appropriation", "level")
    assert merged[three_public] == whole[three_public] == Decimal("7500")
    assert merged == whole


def test_each_file_is_a_source_document_and_spans_point_to_theirs(halves):
    converted = convert_files(list(halves), one_report=True).converted[0]
    graph, iri = converted.graph, converted.iri
    documents = set(graph.objects(iri, F.sourceDocument))
    assert documents == {URIS.source_document(iri, 1), URIS.source_document(iri, 2)}
    for number, path in enumerate(halves, start=1):
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        assert str(graph.value(URIS.source_document(iri, number), F.sha256)) == sha
    three_public = next(f for f in converted.report.figures if f.item == "three-public-expenses")
    number, start, end, _ = locate(converted.report, three_public.span)
    span = URIS.source_span(iri, start, end, number)
    assert number == 2 and graph.value(span, OA.hasSource) == URIS.source_document(iri, 2)
    selector = graph.value(span, OA.hasSelector)
    assert int(graph.value(selector, OA.start)) == start < three_public.span.start


def test_one_report_on_the_command_line(halves, tmp_path, capsys):
    out = tmp_path / "out.trig"
    assert main(["convert", *map(str, halves), "--one-report", "-o", str(out)]) == 0
    assert "1 report(s)" in capsys.readouterr().err
    # without it, the second file alone is a page that begins mid-document: a report of its own
    assert main(["convert", *map(str, halves), "-o", str(out)]) == 0
    assert "2 report(s)" in capsys.readouterr().err


def test_a_manifest_group_is_one_report(halves, tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,source_url,organisation,region,year,phase,kind,group\n"
        f"{halves[0].name},http://example.gov.cn/1.html,,,2022,final,,leshan\n"
        f"{halves[1].name},http://example.gov.cn/2.html,,,,,,leshan\n",
        encoding="utf-8",
    )
    (job,) = read_manifest(manifest)
    assert [p.name for p in job.paths] == ["part1.txt", "part2.txt"]
    converted = convert_files([], jobs=[job]).converted[0]
    report = converted.report
    assert [p.url for p in report.parts] == ["http://example.gov.cn/1.html", "http://example.gov.cn/2.html"]
    assert report.identity["year"].source is IdentitySource.MANIFEST
    assert report.identity["organisation"].source is IdentitySource.COVER or report.identity[
        "organisation"
    ].source in {IdentitySource.HEADING}
    # the folder batch (parallel, N-Quads) takes the manifest's groups too
    out = tmp_path / "out.nq"
    assert main(["convert", "--manifest", str(manifest), "-o", str(out), "-q", "-j", "1"]) == 0
    assert "http://example.gov.cn/2.html" in out.read_text(encoding="utf-8")


def test_a_group_whose_rows_disagree_is_refused(halves, tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f"path,year,group\n{halves[0].name},2022,g\n{halves[1].name},2021,g\n", encoding="utf-8"
    )
    with pytest.raises(ManifestError, match="line 3"):
        read_manifest(manifest)


def _corpus(prefix: str) -> Path:
    matches = sorted(shared_path("corpus", "pdf").glob(f"{prefix}_*.pdf"))
    if not matches:
        pytest.skip(f"corpus document {prefix} is not in ../shared/corpus/pdf")
    return matches[0]


@pytest.mark.parametrize(
    ("text", "tables", "organisation", "year"),
    [("211", "212", "江苏省委办公厅", 2018), ("213", "214", "江苏省政协办公厅", 2019)],
)
def test_jiangsu_budget_in_a_text_pdf_and_a_tables_pdf(text, tables, organisation, year):
    paths = [_corpus(text), _corpus(tables)]
    converted = convert_files(paths, one_report=True).converted[0]
    report = converted.report
    assert (report.organisation.name, report.fiscal_year, report.phase.value) == (
        organisation,
        year,
        "budget",
    )
    assert report.organisation.region.code == "320000"
    assert [p.source.file_name for p in report.parts] == [p.name for p in paths]
    per_file = _spans_are_their_files(converted, paths)
    assert per_file.get(1, 0) > 50
    # whatever the tables file alone publishes is in the merged report, from that file
    alone = convert_files([paths[1]]).converted
    alone_figures = {(f.value, f.span.start) for c in alone for f in c.report.figures if not f.derived}
    second = report.parts[1].start
    merged = {(f.value, f.span.start - second) for f in report.figures if f.span.start >= second}
    assert alone_figures <= merged
    # the tables file's pages are read: on 212 they are rotated, their text must read left to right
    assert "部门：中共江苏省委办公厅" in read_path(paths[1]).text or tables != "212"
    cells = [c for page in read_path(paths[1]).pages for t in page.tables for row in t.rows for c in row]
    assert sum(1 for c in cells if c.text and c.text[0].isdigit()) > 20
