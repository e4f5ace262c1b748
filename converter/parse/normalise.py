"""A same-length twin of the document text that the parsers match against.

Documents reach us in simplified or traditional characters, with full-width digits, and
from some mirror sites with pinyin inserted after characters ("財(cái)政"). Patterns are
written once, in simplified characters and ASCII digits; this module maps the text
character for character (so every offset still points into the original text, which
is what spans and provenance quote):

- full-width digits and signs -> ASCII;
- traditional -> simplified, for characters with a one-to-one mapping (OpenCC's table);
- a pinyin gloss in parentheses after a Han character -> spaces (labels are compared
  without white space).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from converter.parse.amounts import halfwidth

_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[0-5]?[)）]")


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


def matching_text(text: str) -> str:
    """The text as the parsers read it; ``len(matching_text(t)) == len(t)`` always."""
    mapped = halfwidth(text).translate(_traditional_to_simplified())
    return _PINYIN.sub(lambda m: " " * len(m.group(0)), mapped)
