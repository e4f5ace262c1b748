"""converter.parse.normalise.matching_text maps the characters it finds in place of translating the whole
text three times (3 ms of the sample's 21 ms parse): the result is the same, character for character."""

from __future__ import annotations

import random
import re

import pytest
from conftest import SAMPLE, SHARED

from converter.parse import normalise
from converter.parse.amounts import FULLWIDTH_CHARACTERS, halfwidth
from converter.parse.chinese_numerals import arabic_years
from converter.read import read_path


def three_passes(text: str) -> str:
    """The definition: full-width -> ASCII, then the blanks, then traditional -> simplified, each a pass
    over the whole text; then the pinyin glosses, the years in Chinese numerals, the funds' old names,
    bold marks and the garbled markers."""
    mapped = (
        text.translate(str.maketrans(FULLWIDTH_CHARACTERS, "0123456789.%-+"))
        .translate(normalise._BLANKS)
        .translate(normalise._traditional_to_simplified())
    )
    mapped = normalise._PINYIN.sub(lambda m: " " * len(m.group(0)), mapped)
    mapped = arabic_years(mapped)
    mapped = re.sub("公共财政(?:预算|拨款)", "一般公共预算", mapped)
    mapped = re.sub("(?<!一般)公共预算财政拨款", "一般公共预算拨款", mapped)
    mapped = re.sub(r"\*{2,3}", lambda m: " " * len(m.group(0)), mapped)  # bold marks (**…**)
    if "?。" in mapped:
        pattern, repairs = normalise._mojibake()
        mapped = pattern.sub(lambda m: repairs[m.group(0)], mapped)
    return mapped


def _documents() -> list[str]:
    corpus = SHARED / "corpus"
    paths = [SAMPLE]
    if corpus.is_dir():
        paths += sorted((corpus / "web").glob("*.txt")) + sorted((corpus / "raw").glob("*.txt"))
    return [read_path(p).text for p in paths]


@pytest.mark.parametrize("number", range(len(_documents())))
def test_the_documents_read_alike(number):
    text = _documents()[number]
    assert normalise.matching_text(text) == three_passes(text)


def test_every_mapped_character_in_any_order():
    _, table = normalise._one_to_one()
    mapped = list(table)
    assert len(mapped) > 3000 and any(ord(c) > 0xFFFF for c in mapped)  # astral traditional characters
    rng = random.Random(12)
    for size in (5, 200, 20_000):  # a few (replaced one by one) and many (one pass)
        for _ in range(5):
            text = "".join(rng.choice([*mapped, "决", "算", "（", " ", "\u00a0", "a"]) for _ in range(size))
            assert normalise.matching_text(text) == three_passes(text)


def test_a_character_whose_simplified_form_is_mapped_again():
    """薴 -> 苧 and 苧 -> 苎 (OpenCC's table): one simultaneous pass maps each once, never 薴 -> 苎."""
    assert three_passes("薴苧") == "苧苎"
    assert normalise.matching_text("薴苧") == "苧苎"
    assert normalise.matching_text("苧薴") == "苎苧"


def test_halfwidth_of_text_without_full_width_characters_is_the_text():
    assert halfwidth("决算１２．５％") == "决算12.5%"
    text = "决算12.5%"
    assert halfwidth(text) is text


def _figures(tmp_path, text: str) -> list[tuple]:
    """The figures of the sample's text ``text``, converted: (item, statistic, fund, value) sorted."""
    from converter.pipeline import convert_files

    path = tmp_path / SAMPLE.name
    path.write_text(text, encoding="utf-8")
    report = convert_files([path]).converted[0].report
    return sorted((f.item, f.statistic, f.fund or "", str(f.value)) for f in report.figures)


def test_the_fund_named_as_before_the_2014_budget_law_reads_as_today(tmp_path):
    """公共财政预算 is 一般公共预算 under its old name: a document printing it reads the same figures, under the
    same fund (before: the generic 财政拨款, and its section was missing)."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert "一般公共预算" in text
    assert _figures(tmp_path, text.replace("一般公共预算", "公共财政预算")) == _figures(tmp_path, text)


def test_the_appropriation_named_as_before_the_2014_budget_law_reads_as_today(tmp_path):
    """公共财政拨款 is 一般公共预算财政拨款 under its old name (2014's templates; Jiangsu's budgets of 2017-2019
    still print it): the same figures under the same fund, the tables of the same roles (before: the
    generic 财政拨款 fund, and 公共财政拨款支出决算表 a table of every appropriation)."""
    from converter.parse.template import role_of_title

    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count("一般公共预算财政拨款") > 10
    assert _figures(tmp_path, text.replace("一般公共预算财政拨款", "公共财政拨款")) == _figures(
        tmp_path, text
    )
    assert _figures(tmp_path, text.replace("一般公共预算财政拨款", "公共预算财政拨款")) == _figures(
        tmp_path, text
    )
    for old, role in (
        ("公共预算财政拨款支出决算表", "general_expenditure"),
        ("公共财政拨款支出决算表", "general_expenditure"),
        ("公共财政拨款基本支出决算表", "general_basic"),
        ("公共财政拨款“三公”经费支出决算表", "three_public"),
    ):
        assert role_of_title(normalise.matching_text(old)) == role, old
