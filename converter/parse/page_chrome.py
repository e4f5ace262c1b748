"""What frames the publication, not part of it, blanked before the parsers read the text.

A web page's navigation, copied with the publication it frames: the links to the previous and the next
article and the lists of related ones ("上一篇：XX局2021年度部门决算", "相关文章" and its titles and dates).
They name other publications - other years, other titles, other dates of publication.

A printed page's running footer and header, which a text extraction leaves where the page broke, often
in the middle of a sentence: the page's number alone on its line ("第 3 页 共 20 页", "- 3 -") and the
organisation's name or the report's title repeated at the head of pages ("上海市普陀区财政局" between
"…机关事业单" and "位基本养老保险缴费支出（项）"). Left in, they are read as words of the sentence they
cut (the 科目 name broken, a reason's words changed) and their numbers as its numbers.

The parsers read the text with them blanked: the same length, line breaks kept, every other character a
space (offsets into the blanked text are offsets into the text). The words are data.
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
# a page's number alone on its line (after the form feed of its page, where it heads the page): 第 3 页 共 20 页 / 共20页 第3页 / 第3页 / - 3 - / — 3 —
PAGE_NUMBER = re.compile(
    rf"^[\f \t\u3000\u00a0]*(?:第{_SPACE}*\d+{_SPACE}*页(?:{_SPACE}*[,，/]?{_SPACE}*共{_SPACE}*\d+{_SPACE}*页)?"
    rf"|共{_SPACE}*\d+{_SPACE}*页{_SPACE}*[,，]?{_SPACE}*第{_SPACE}*\d+{_SPACE}*页"
    rf"|[-—－–]{{1,2}}{_SPACE}*\d+{_SPACE}*[-—－–]{{1,2}}){_SPACE}*$",
    re.M,
)
# A running header: a short line naming an organisation or the report (its last words), printed again
# and again, at a break in the middle of a sentence (the line before it ends no sentence, a heading
# or a table row; the line after it goes on).
HEADER_LINE = re.compile(
    r"^[ \t\u3000\u00a0]*(?P<words>[\u4e00-\u9fff（）()\d]{4,40}?"
    r"(?:局|委员会|委|办公室|办|中心|政府|办事处|院|厅|部|所|学校|大学|学院|馆|站|队|会|处|公司"
    r"|部门决算|部门预算|决算|预算|公开))[ \t\u3000\u00a0]*$",
    re.M,
)
HEADER_REPEATS = 2  # printed this often as a line of its own
CELL_LINE = 8  # lines this short on both sides of the name are cells printed one per line
_SENTENCE_GOES_ON = re.compile(r"[\u4e00-\u9fff\d，、（(“]$")
ITEM_MAX = 80  # a longer line is prose, not the title of a linked article
ITEM_PROSE = re.compile(r"[。；;]")
ITEMS_MAX = 20  # a list of related articles holds no more lines than this
BLANK_LINES_MAX = 1  # blank lines between two items of the list


def blank_page_chrome(text: str) -> str:
    """``text`` with its navigation lines and related-article lists, its page numbers and its running
    headers in the middle of sentences blanked (same length)."""
    spans = [m.span() for m in NAVIGATION.finditer(text)]
    if RELATED.search(text):
        for heading in RELATED.finditer(text):
            spans.append((heading.start(), _list_end(text, heading.end())))
    if "页" in text or "-" in text or "—" in text:
        spans += [m.span() for m in PAGE_NUMBER.finditer(text)]
    spans += _running_headers(text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\n\r\f":
                chars[i] = " "
    return "".join(chars)


def _running_headers(text: str) -> list[tuple[int, int]]:
    """The lines of a running header where they cut a sentence (see ``HEADER_LINE``)."""
    found = list(HEADER_LINE.finditer(text))
    if len(found) < HEADER_REPEATS:
        return []
    counts: dict[str, int] = {}
    for m in found:
        counts[m.group("words")] = counts.get(m.group("words"), 0) + 1
    out: list[tuple[int, int]] = []
    for m in found:
        if counts[m.group("words")] < HEADER_REPEATS:
            continue
        before = text[max(0, m.start() - 400) : m.start()].rstrip()
        after = text[m.end() : m.end() + 40].lstrip()
        last = before.rsplit("\n", 1)[-1].strip() if before else ""
        following = after.split("\n", 1)[0].strip()
        if _cut_prose(last, following) and after[:1].strip():
            if not re.match(
                r"^(?:第.+(?:部分|章)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", last
            ):
                out.append(m.span("words"))
    return out


def _cut_prose(line: str, following: str) -> bool:
    """Is ``line`` a sentence going on past its end, ``following`` on the line after the header? A
    breadcrumb (首页 > 信息公开 > 财政预决算) and a table row are none; nor is a form's label printed on a
    line of its own between short ones (主管部门 / 某县审计局 / 实施单位: cells, one per line)."""
    if not line or "\t" in line or ">" in line or not _SENTENCE_GOES_ON.search(line):
        return False
    return not (len(line) <= CELL_LINE and len(following) <= CELL_LINE)


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
