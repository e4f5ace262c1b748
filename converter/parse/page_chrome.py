"""A web page's navigation, copied with the publication it frames: the links to the previous and the next
article and the lists of related ones ("上一篇：XX局2021年度部门决算", "相关文章" and its titles and dates).

They name other publications - other years, other titles, other dates of publication - so the parsers
read the text with them blanked: the same length, line breaks kept, every other character a space
(offsets into the blanked text are offsets into the text). The words are data.
"""

from __future__ import annotations

import re

_SPACE = r"[ \t\u3000\u00a0]"
# a line that is a link to the article before or after this one
NAVIGATION = re.compile(
    rf"^{_SPACE}*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)(?:{_SPACE}*[:：]|{_SPACE}).*$",
    re.M,
)
# the heading of a list of other articles; its items follow, one per line
RELATED = re.compile(
    rf"^{_SPACE}*(?:相关(?:文章|信息|链接|新闻|阅读|文件|稿件|推荐|内容)|推荐阅读|延伸阅读|热门(?:文章|推荐|信息)"
    rf"|热点(?:文章|新闻|信息)|猜你喜欢|最新(?:文章|信息)|阅读排行|点击排行){_SPACE}*[:：]?{_SPACE}*$",
    re.M,
)
ITEM_MAX = 80  # a longer line is prose, not the title of a linked article
ITEM_PROSE = re.compile(r"[。；;]")
ITEMS_MAX = 20  # a list of related articles holds no more lines than this
BLANK_LINES_MAX = 1  # blank lines between two items of the list


def blank_page_chrome(text: str) -> str:
    """``text`` with its navigation lines and related-article lists blanked (same length)."""
    if not (NAVIGATION.search(text) or RELATED.search(text)):
        return text
    spans = [m.span() for m in NAVIGATION.finditer(text)]
    for heading in RELATED.finditer(text):
        spans.append((heading.start(), _list_end(text, heading.end())))
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\n\r\f":
                chars[i] = " "
    return "".join(chars)


def _list_end(text: str, position: int) -> int:
    """Where the list of articles whose heading ends at ``position`` ends: after its last item line."""
    newline = text.find("\n", position)
    position = len(text) if newline < 0 else newline + 1  # the items begin on the next line
    end, items, blanks = position, 0, 0
    for match in re.finditer(r"[^\n]*(?:\n|$)", text[position:]):
        line = match.group(0).strip()
        if not line:
            blanks += 1
            if blanks > BLANK_LINES_MAX or not match.group(0):
                break
            continue
        if len(line) > ITEM_MAX or ITEM_PROSE.search(line) or items >= ITEMS_MAX:
            break
        items, blanks = items + 1, 0
        end = position + match.end()
    return end
