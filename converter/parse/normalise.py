"""A same-length twin of the document text that the parsers match against.

Documents reach us in simplified or traditional characters, with full-width digits, and
from some mirror sites with pinyin inserted after characters ("財(cái)政"). Patterns are
written once, in simplified characters and ASCII digits; this module maps the text
character for character (so every offset still points into the original text, which
is what spans and provenance quote):

- full-width digits and signs -> ASCII;
- no-break space (U+00A0) and ideographic space (U+3000) -> a plain space: web pages mix the three
  and a reader must treat them alike;
- traditional -> simplified, for characters with a one-to-one mapping (OpenCC's table);
- a pinyin gloss in parentheses after a Han character -> spaces (labels are compared
  without white space);
- years in Chinese numerals -> ASCII digits ("二〇二四年" -> "2024年", ``chinese_numerals``);
- 公共财政预算, the name of 一般公共预算 before the 2014 budget law, and its appropriation 公共财政拨款 (its
  documents, and Jiangsu's budgets of 2017-2019, still print them), and 公共预算财政拨款, the name
  shortened -> the name of today, as long;
- list markers garbled by a GBK page decoded one byte off ("?。ㄒ唬" for "　（一）"): the marker is
  restored where its numeral survives, blanked where it does not ("?。?)" for "（1)").
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from converter.parse.amounts import FULLWIDTH_CHARACTERS, halfwidth
from converter.parse.chinese_numerals import arabic_years

_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[0-5]?[)）]")
_GLOSS_HINT = re.compile(r"[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[0-5]?[)）]")
_BLANKS = str.maketrans({"\u00a0": " ", "\u3000": " "})
_NUMERALS = "一二三四五六七八九十"


@cache
def _traditional_to_simplified() -> dict[int, str]:
    table: dict[int, str] = {}
    source = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    for line in source.read_text(encoding="utf-8").splitlines():
        traditional, _, simplified = line.partition("\t")
        first = simplified.split(" ")[0] if simplified else ""
        if len(traditional) == 1 and len(first) == 1 and traditional != first:
            table[ord(traditional)] = first
    return table


def _off_by_one(marker: str) -> str:
    """What "　" + ``marker`` looks like when its GBK bytes are decoded one byte late: the first byte
    is lost (shown as "?") and every following pair straddles two characters."""
    data = ("\u3000" + marker).encode("gbk")[1:]
    if len(data) % 2:
        data = data[:-1]  # the last byte pairs with the next character, which we do not know
    # a pair the page's decoder could not read shows as "?", as the lost first byte does
    return "?" + data.decode("gbk", errors="replace").replace("\ufffd", "?")


@cache
def _mojibake() -> tuple[re.Pattern[str], dict[str, str]]:
    """Garbled list markers -> their same-length repair."""
    repairs: dict[str, str] = {}
    for numeral in _NUMERALS:
        # characters the page's decoder could not read may show as one "?" or several: keep the sure part
        garbled = _off_by_one(f"（{numeral}）").rstrip("?")
        repair = f"（{numeral}）"
        if len(garbled) >= len(repair) and garbled[2] != "?":
            # the closing bracket's second byte went with the next character: pad the repair with blanks
            repairs[garbled] = repair + " " * (len(garbled) - len(repair))
    # a digit marker loses its digit with the pair it straddles: only the blank is recoverable
    repairs["?。?)"] = "    "
    pattern = re.compile("|".join(re.escape(g) for g in sorted(repairs, key=len, reverse=True)))
    return pattern, repairs


@cache
def _one_to_one() -> tuple[re.Pattern[str], dict[str, str]]:
    """The character maps above composed into one (full-width -> ASCII, blanks, traditional ->
    simplified), and a pattern that finds the characters it may change."""
    keys = {ord(c) for c in FULLWIDTH_CHARACTERS} | set(_BLANKS) | set(_traditional_to_simplified())
    table = {}
    for key in sorted(keys):
        mapped = halfwidth(chr(key)).translate(_BLANKS).translate(_traditional_to_simplified())
        if mapped != chr(key):
            table[chr(key)] = mapped
    # the re module tests a class of BMP characters with one look-up, but goes through one that holds
    # astral characters one by one (6 ms a search): those are found by their range, then looked up
    bmp = "".join(re.escape(c) for c in table if ord(c) < 0x10000)
    return re.compile(f"[{bmp}]|[\U00010000-\U0010ffff]"), table


def gloss_spans(text: str) -> list[tuple[int, int]]:
    """Where the pinyin glosses a mirror site inserted are ("財(cái)": the parenthesis and letters)."""
    if _GLOSS_HINT.search(text) is None:  # a quick look first: most texts have none
        return []
    return [m.span() for m in _PINYIN.finditer(text)]


# 公共财政预算 and its appropriation 公共财政拨款: six characters each, as many as 一般公共预算 (and
# 公共财政拨款收入 reads as 一般公共预算收入, 公共财政拨款支出决算表 as 一般公共预算支出决算表); 公共预算财政拨款,
# the fund's name shortened, eight as 一般公共预算拨款
_OLD_FUND_NAME = re.compile(r"公共财政(?:预算|拨款)|(?<!一般)公共预算财政拨款")


# Markdown's bold mark, two or three asterisks (a single * is a footnote's mark and stays)
_BOLD_MARK = re.compile(r"\*{2,3}")


def _fund_today(match: re.Match[str]) -> str:
    return "一般公共预算" if len(match.group(0)) == 6 else "一般公共预算拨款"


def matching_text(text: str) -> str:
    """The text as the parsers read it; ``len(matching_text(t)) == len(t)`` always."""
    candidates, table = _one_to_one()
    # str.translate looks every character up in a dict (1 ms a pass over the sample's 17,000): the
    # characters to map are found in C, and the few a document holds replaced
    present = {c for c in set(candidates.findall(text)) if c in table}
    if len(present) <= 64 and not any(table[c] in present for c in present):  # 薴 -> 苧, 苧 -> 苎
        mapped = text
        for char in present:
            mapped = mapped.replace(char, table[char])
    else:  # one simultaneous pass
        mapped = text.translate({ord(char): table[char] for char in present})
    mapped = _PINYIN.sub(lambda m: " " * len(m.group(0)), mapped)
    # after the full-width map, which makes "二０二四" "二0二四": one zero
    mapped = arabic_years(mapped)
    if "公共财政" in mapped or "公共预算财政" in mapped:  # the fund's old or short name, as long as today's
        mapped = _OLD_FUND_NAME.sub(_fund_today, mapped)
    if "**" in mapped:  # a bold mark a text copied from a web page or Word keeps (**一、…**): no word
        mapped = _BOLD_MARK.sub(lambda m: " " * len(m.group(0)), mapped)
    if "?。" in mapped:
        pattern, repairs = _mojibake()
        mapped = pattern.sub(lambda m: repairs[m.group(0)], mapped)
    return mapped
