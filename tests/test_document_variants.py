"""The same disclosure in other renderings converts to the same figures: traditional characters,
pinyin glosses inserted by mirror sites, full-width digits, an HTML page."""

from __future__ import annotations

import html
import re

import opencc

from converter.pipeline import convert_files
from tests.conftest import SAMPLE

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def figures(path) -> dict[tuple[str, ...], object]:
    result = convert_files([path])
    assert not result.failures, result.failures
    return {f.key(): f.value for f in result.converted[0].report.figures}


def reference() -> dict[tuple[str, ...], object]:
    return figures(SAMPLE)


def test_traditional_characters_with_pinyin_and_fullwidth_digits(tmp_path):
    traditional = opencc.OpenCC("s2t").convert(SAMPLE_TEXT)
    assert traditional != SAMPLE_TEXT and "財政撥款" in traditional
    glossed = traditional.replace("財", "財(cái)").replace("撥", "撥(bō)").replace("決", "決(jué)")
    glossed = glossed.translate(FULLWIDTH)
    path = tmp_path / "sample-traditional.txt"
    path.write_text(glossed, encoding="utf-8")
    got, want = figures(path), reference()
    # every amount of the reference is published under the same dimensions
    for key in want:
        if key[0] == "unmapped" or "label-" in "/".join(key) or any(s.startswith("project-") for s in key):
            continue  # keys that quote the document's own wording differ by construction
        assert key in got, key
        assert got[key] == want[key], key


def to_html(text: str) -> str:
    body = []
    rows: list[str] = []
    for line in text.splitlines():
        if line.count("\t") >= 2:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            body.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    if rows:
        body.append("<table>" + "".join(rows) + "</table>")
    return (
        '<!DOCTYPE html><html><head><meta charset="gbk"><title>决算</title>'
        "<script>var x = '319.72万元';</script><style>p{margin:0}</style></head><body>"
        + "\n".join(body)
        + "</body></html>"
    )


def test_html_rendering_of_the_sample(tmp_path):
    path = tmp_path / "sample.html"
    path.write_bytes(to_html(SAMPLE_TEXT).encode("gbk", errors="xmlcharrefreplace"))
    got, want = figures(path), reference()
    narrative = {
        k: v for k, v in want.items() if k[0] != "unmapped" and not re.search("project-", "/".join(k))
    }
    missing = [k for k in narrative if k not in got]
    assert not missing, missing[:5]
    assert all(got[k] == narrative[k] for k in narrative)
