"""Bad input gets one clear line naming the file and exit 2, or a flagged partial result; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.cli import main
from converter.pipeline import convert_files
from tests.conftest import SAMPLE

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SAMPLE_LINES = SAMPLE_TEXT.splitlines(keepends=True)

NEWS = """新华社北京10月17日电 今天上午，某地举行秋季运动会，共有1200名运动员参加。
比赛持续三天，设置田径、游泳等项目。组委会表示，今年参赛人数比去年增加15%。
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_clear_line(err: str, path: Path) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "no message"
    assert "Traceback" not in err
    assert str(path) in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("junk.bin", bytes(range(256)) * 20, "binary"),
        ("fake.pdf", b"%PDF-1.4\n%garbage that is not a PDF", "PDF"),
        ("news.txt", NEWS.encode("utf-8"), "title"),
        ("utf16-junk.txt", b"\xff\xfe" + b"\x00\xd8" * 10, "text"),
    ],
)
def test_unusable_input_exits_2_with_one_line(tmp_path, capsys, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(capsys, "convert", str(path), "-o", str(tmp_path / "out.ttl"))
    assert code == 2
    line = one_clear_line(err, path)
    assert words.lower() in line.lower()
    assert not (tmp_path / "out.ttl").exists()


def test_missing_file(tmp_path, capsys):
    path = tmp_path / "nope.txt"
    code, _, err = run(capsys, "convert", str(path))
    assert code == 2
    assert "no such file" in one_clear_line(err, path)


def test_folder_given_as_file_is_expanded(tmp_path, capsys):
    code, _, err = run(capsys, "convert", str(tmp_path))
    assert code == 2 and "no input documents" in err


def test_gbk_encoded_sample_converts_like_utf8(tmp_path):
    path = tmp_path / "sample-gbk.txt"
    path.write_bytes(SAMPLE_TEXT.encode("gb18030"))
    gbk = convert_files([path]).converted[0]
    utf8 = convert_files([SAMPLE]).converted[0]
    assert gbk.report.source.encoding == "gb18030"
    assert [(f.key(), f.value) for f in gbk.report.figures] == [
        (f.key(), f.value) for f in utf8.report.figures
    ]


def test_utf8_bom_and_crlf(tmp_path):
    path = tmp_path / "sample-bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE_TEXT.replace("\n", "\r\n").encode("utf-8"))
    report = convert_files([path]).converted[0].report
    assert len(report.figures) == len(convert_files([SAMPLE]).converted[0].report.figures)


CUTS = sorted({*range(30, len(SAMPLE_LINES), 37), len(SAMPLE_LINES) // 2, len(SAMPLE_LINES) - 1})


@pytest.mark.parametrize("cut", CUTS)
def test_truncated_sample_is_partial_or_refused(tmp_path, capsys, cut):
    path = tmp_path / f"cut-{cut}.txt"
    path.write_text("".join(SAMPLE_LINES[:cut]), encoding="utf-8")
    code, _, err = run(capsys, "convert", str(path), "-o", str(tmp_path / "out.nt"))
    assert "Traceback" not in err
    if code == 2:
        one_clear_line(err, path)
        return
    assert code == 0
    full = convert_files([SAMPLE]).converted[0].report
    partial = convert_files([path]).converted[0].report
    # what it has is published as in the whole document, and what it lacks is said
    full_values = {f.key(): f.value for f in full.figures}
    for figure in partial.figures:
        if figure.key() in full_values and not figure.derived:
            assert figure.value == full_values[figure.key()] or figure.other_statements
    if cut < len(SAMPLE_LINES) * 0.3:
        assert partial.missing_sections, "an early cut must report missing sections"
        assert "sections missing" in err


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=len(SAMPLE_TEXT)))
def test_truncated_anywhere_never_crashes(tmp_path, capsys, cut):
    path = tmp_path / "cut.txt"
    path.write_text(SAMPLE_TEXT[:cut], encoding="utf-8")
    code, _, err = run(capsys, "convert", str(path), "-o", str(tmp_path / "out.nt"))
    assert code in (0, 2)
    assert "Traceback" not in err


def test_batch_keeps_going_past_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "a-empty.txt"
    bad.write_bytes(b"")
    code, _, err = run(capsys, "convert", str(bad), str(SAMPLE), "-o", str(tmp_path / "out.nq"))
    assert code == 2  # a failure is reported in the exit status ...
    assert (tmp_path / "out.nq").stat().st_size > 0  # ... but the good document is still published
    assert str(bad) in err


def test_an_unexpected_parser_failure_is_one_line_not_a_traceback(tmp_path, capsys, monkeypatch):
    """A layout nobody has met may break a parser; the user still gets one line and exit 2."""
    import converter.pipeline as pipeline

    def broken(doc):
        raise KeyError("a column we never saw")

    monkeypatch.setattr(pipeline, "parse_report", broken)
    code, _, err = run(capsys, "convert", str(SAMPLE), "-o", str(tmp_path / "out.ttl"))
    assert code == 2
    line = one_clear_line(err, SAMPLE)
    assert "could not be parsed" in line and "KeyError" in line
