"""converter.batch: a folder converted in parallel into one N-Quads file; failures never stop it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset

from converter.batch import convert_directory, format_summary

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "000_0e72b94d2a371e9d.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.mark.parametrize("workers", [1, 2])
def test_folder_to_nquads_with_a_failure(tmp_path, workers):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a.txt")
    (folder / "broken.txt").write_text("这不是决算。", encoding="utf-8")
    (folder / ".hidden.txt").write_text("skipped", encoding="utf-8")
    out = tmp_path / "out.nq"
    log = io.StringIO()
    summary = convert_directory(folder, out, workers=workers, progress=log)
    assert summary.documents == 2 and summary.reports == 1
    assert [Path(f.path).name for f in summary.failures] == ["broken.txt"]
    dataset = Dataset()
    dataset.parse(out, format="nquads")
    assert len(dataset) == summary.triples > 0
    text = format_summary(summary)
    assert "failures" in text and "broken.txt" in text
    assert "a.txt:" in log.getvalue() and "2/2" in log.getvalue()


def test_trig_output_parses(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a.txt")
    shutil.copy(SAMPLE, folder / "b.txt")
    out = tmp_path / "out.trig"
    summary = convert_directory(folder, out, workers=2, progress=io.StringIO())
    dataset = Dataset()
    dataset.parse(out, format="trig")
    assert summary.reports == 2 and len(dataset) > 0


def test_corpus_completeness_lines(tmp_path):
    if not (CORPUS / "pdf").exists():
        pytest.skip("../shared/corpus is absent in this checkout")
    log = io.StringIO()
    summary = convert_directory(
        sorted((CORPUS / "pdf").glob("10[12]_*.pdf")), tmp_path / "o.nq", progress=log
    )
    assert summary.reports == 2 and not summary.failures
    assert all(len(r.tables_found) == 9 for r in summary.results)
    assert "9 standard table(s)" in log.getvalue()


def test_bad_output_suffix(tmp_path):
    with pytest.raises(ValueError, match=".nq"):
        convert_directory(tmp_path, tmp_path / "out.ttl")
