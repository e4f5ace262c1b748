"""The command line as a new user meets it: --version, -q that is quiet, the output extension checked
before any work, images named as images, Turtle errors with their line and column, empty folders named,
each source span quoted once in a finding."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from importlib.metadata import version

import pytest
from conftest import SAMPLE

from converter import cli
from converter.validate.cli import print_text
from converter.validate.findings import FigureRef, Finding, SpanRef, ValidationOutcome


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        status = cli.main(list(argv))
    except SystemExit as exc:  # argparse's --version, or an early error
        status = exc.code if isinstance(exc.code, int) else (1 if exc.code else 0)
        if isinstance(exc.code, str):
            print(exc.code, file=__import__("sys").stderr)
    out, err = capsys.readouterr()
    return status, out, err


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.strip() == f"juesuan {version('juesuan')}"


def test_quiet_folder_conversion_prints_nothing(capsys, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    out_file = tmp_path / "out.trig"
    status, out, err = run(capsys, "convert", str(folder), "-o", str(out_file), "-q", "-j", "1")
    assert status == 0 and out_file.stat().st_size > 0
    assert err == "" and out == ""
    status, _, err = run(capsys, "convert", str(folder), "-o", str(out_file), "-j", "1")
    assert "documents" in err and "wrote" in err  # without -q: the summary table


def test_output_extension_checked_before_converting(capsys, tmp_path, monkeypatch):
    import converter.pipeline

    def never(*args, **kwargs):
        raise AssertionError("converted before the output format was checked")

    monkeypatch.setattr(converter.pipeline, "convert_files", never)
    status, _, err = run(capsys, "convert", str(SAMPLE), "-o", str(tmp_path / "out.xyz"))
    assert status != 0 and "out.xyz" in err and ".ttl" in err
    assert not (tmp_path / "out.xyz").exists()


@pytest.mark.parametrize(
    "name, head, kind",
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n", "PNG"),
        ("scan.jpg", b"\xff\xd8\xff\xe0", "JPEG"),
        ("scan.gif", b"GIF89a", "GIF"),
    ],
)
def test_images_are_not_documents(capsys, tmp_path, name, head, kind):
    image = tmp_path / name
    image.write_bytes(head + bytes(range(256)) * 4)
    status, _, err = run(capsys, "convert", str(image), "-o", str(tmp_path / "out.ttl"))
    assert status == 2
    assert f"an image ({kind}), not a document" in err and name in err


def test_invalid_turtle_says_what_and_where(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n', "utf-8"
    )
    status, _, err = run(capsys, "validate", str(bad))
    assert status == 2
    assert re.search(r"line 3 column \d+", err), err
    assert "end of file" in err.lower()


def test_empty_folder_is_named(capsys, tmp_path):
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    status, _, err = run(capsys, "convert", str(empty), "-o", str(tmp_path / "out.trig"))
    assert status == 2 and "nothing-here" in err and "no input documents" in err


def test_each_source_span_quoted_once(capsys):
    shared = SpanRef("http://x/report/source/10-40", "较上年增加0.63万元，增加5.25%。", 10, 40, 1)
    other = SpanRef("http://x/report/source/50-60", "三公经费0.75万元", 50, 60, 1)
    finding = Finding(
        "Violation", "yoy-percent", "增减百分比不符 / disagrees", "http://x/report", "http://x/report/obs/a",
        stated=Decimal("5.25"), computed=Decimal("525"), tolerance=Decimal("1"), unit="%",
        figures=[FigureRef("http://x/obs/a", "stated", spans=[shared]),
                 FigureRef("http://x/obs/b", "base", spans=[shared, other])],
    )  # fmt: skip
    print_text([("f.ttl", ValidationOutcome([finding], None, ["http://x/report"]))])
    out = capsys.readouterr().out
    assert out.count("较上年增加0.63万元") == 1 and out.count("三公经费0.75万元") == 1
    assert [s["iri"] for s in finding.as_json()["spans"]] == [shared.iri, other.iri]
