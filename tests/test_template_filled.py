"""The official template (corpus 105) with its placeholders filled by random numbers: a document of
a layout the tests have not been tuned on. Every number filled in is published, and almost all of
them under a known item rather than as an unmapped figure."""

from __future__ import annotations

import json
import random
import re

from converter.parse.document import parse_report
from converter.read.dispatch import read_bytes
from tests.conftest import shared_path


def filled_template(seed: int) -> tuple[str, list[str]]:
    text = shared_path("corpus", "raw", "105_TEMPLATE_bumenjuesuan_moban.txt").read_text(encoding="utf-8")
    rnd = random.Random(seed)
    numbers: list[str] = []

    def number(kind: str) -> str:
        value = (
            f"{rnd.randint(1, 9999)}.{rnd.randint(0, 99):02d}" if kind != "count" else str(rnd.randint(1, 20))
        )
        numbers.append(value)
        return value

    text = (
        text.replace("上海市 XX 局", "上海市普陀区样例局")
        .replace("XX 中心", "样例中心")
        .replace("XX 研究所", "样例研究所")
    )
    for first, second in (("增加", "减少"), ("增长", "下降"), ("减少", "增加"), ("下降", "增长"),
                          ("大于", "小于"), ("小于", "大于")):  # fmt: skip
        # the template offers "增加（减少）"; a department writes one of them (the template wraps lines anywhere)
        spaced = r"\s*".join(f"{first}（{second}）")
        text = re.sub(spaced, first, text)
    text = re.sub(r"X{3,}\s*万\s*元", lambda m: number("amount") + "万元", text)
    text = re.sub(r"XX\s*%", lambda m: number("percent") + "%", text)
    text = re.sub(r"XX\s*(个|人次)", lambda m: number("count") + m.group(1), text)
    return re.sub(r"X{2,}", "样例", text), numbers


def test_filled_template_publishes_every_number_it_was_given():
    for seed in (1, 2, 3):
        text, numbers = filled_template(seed)
        report = parse_report(read_bytes(text.encode("utf-8"), "filled-template.txt"))
        assert report.organisation.name == "上海市普陀区样例局"
        assert report.organisation.region.code == "310107"
        assert report.fiscal_year == 2024
        stated = [f.stated_text.replace(",", "") for f in report.figures]
        missing = [n for n in numbers if n not in stated]
        assert not missing, missing
        unmapped = [
            f
            for f in report.figures
            if f.item == "unmapped" and "样例（类）" not in re.sub(r"\s", "", f.span.text)
        ]
        # the template's own placeholders ("样例（类）") cannot resolve; everything else is understood
        assert len(unmapped) <= 0.05 * len(report.figures), [f.stated_label for f in unmapped]


def test_cover_left_as_placeholder_is_converted_and_flagged(tmp_path, capsys):
    """A department that filled the tables but left 上海市 XX 局 on the cover published a disclosure:
    it is converted (as an unidentified organisation, said so), not refused as the blank template,
    and the placeholder is a finding wherever the text layer spaces it out (上海市 XX 局)."""
    from converter.cli import main as cli_main

    text, numbers = filled_template(2)
    text = text.replace("上海市普陀区样例局", "上海市 XX 局")
    path = tmp_path / "filled-cover-placeholder.txt"
    path.write_text(text, encoding="utf-8")
    report = parse_report(read_bytes(text.encode("utf-8"), path.name))
    assert report.organisation.name == ""
    assert not any("XX" in name for name in report.organisation.alternative_names)
    stated = {f.stated_text.replace(",", "") for f in report.figures}
    assert not [n for n in numbers if n not in stated]

    out = tmp_path / "out.trig"
    assert cli_main(["convert", str(path), "-o", str(out)]) == 0
    capsys.readouterr()
    cli_main(["validate", str(out), "--format", "json"])
    found = json.loads(capsys.readouterr().out)
    rows = found["findings"] if isinstance(found, dict) else found
    residue = [f for f in rows if f.get("rule") == "placeholders-residue"]
    assert any("XX 局" in json.dumps(f, ensure_ascii=False) for f in residue), residue
