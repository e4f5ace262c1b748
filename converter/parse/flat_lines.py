"""A page flattened to one line (or a few very long lines), its line breaks put back where they can be
shown: the same text with some blanks turned into line breaks (same length, offsets kept).

CMS pages and document-sharing sites publish whole disclosures, tables included, with their line breaks
replaced by blanks. The readers read lines (a heading, a table's title, a table row), so a long line is
cut, only at a blank, where the text itself says a line began:

* a heading (``sections``' cuts of a flattened page: 第X部分, 一、, （一）, 表1：), where its text
  begins (not before an amount: "（二）公用经费 3528.37 万元。" is a sentence), the end of a sentence
  (。), a numbered item after a lead-in ("如下： 1. …");
* a table's title that its header follows (no 目录 entry: no leader dots after it), its 编制部门 / 单位
  line, and the end of its rows (注：, a part heading, a sentence);
* each row of its body: where a row's code begins, or a label after the numbers of the row before, as
  ``text_rows.line_units`` cuts a line of run-together rows; rows that print no number, run into the
  next row's label ("事业收入 经营收入 其他收入 80.00": each word a row, the numbers the last one's);
  the header's last word before the first number is the first row's label unless it names a column
  ("… 结转下年资金 100.00 60.00": a row of values alone).

The header's words stay one line: ``text_tables.header_rows`` cuts it into its rows, and a flattened
header's columns are never read in order across them. Nothing is cut inside a cell; a name and its
number after a colon ("网站标识码：3101070001") end a table's rows.
"""

from __future__ import annotations

import re

from converter.parse import template
from converter.parse.column_inference import _COLUMN_WORD, label_word
from converter.parse.sections import _FLATTENED_HEADING, _unflattened
from converter.parse.table_titles import title_role
from converter.parse.text_rows import line_units

__all__ = ["LONG_LINE", "TABLE_LINE", "restore_lines"]

LONG_LINE = 1000  # a line this long is a flattened page (a paragraph joined from a PDF is shorter)
TABLE_LINE = 120  # a line this long may hold a table flattened with its rows
# a table's title and its unit line on one line, numbers after them
_TABLE_HINT = re.compile(r"表[（(]?[^\s]{0,8}\s+(?:\S+\s+){0,3}?(?:编制部门|部门|单位)\s*[：:].*\d")

_BLANK = " \t"
_TITLE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年度?)?[^\s\d。；，,:：、…][^\s\d。；，,:：…]{0,40}?表(?:[（(][^()（）\s]{1,8}[)）])?(?=\s|$)"
)
_NUMBERING = re.compile(
    r"(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|(?:附表|表|公开)\s*\d+(?:\s*[-—－.．]\s*\d+)*\s*表?\s*[、.．:：]?)\s*$"
)
_LEADERS = re.compile(r"\s*(?:…|\.{3}|·{3})")
_SKIP_ROLES = (None, "other", "performance", "assets", "purchased_services")
_UNIT_LINE = re.compile(r"(?:编制(?:部门|单位)|部门|单位名称|单位)\s*[：:]")
_UNIT_END = re.compile(r"单位\s*[：:]\s*(?:万元|千元|亿元|元)")
_TABLE_END = re.compile(
    r"。|注\s*[：:]|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、\S{2,30}(?:情况|说明)(?=\s)"
)
# "网站标识码：3101070001", "联系电话：…": a name and its number after a colon are no table row
_META = re.compile(r"(?<=[ \t])(?!其中)[^\s：:]{2,12}[：:](?=\s*\d)")
_SENTENCE_END = re.compile(r"[。](?=[ \t])")
_NUMBERING_ONLY = re.compile(
    r"(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]+[)）]|其中[：:]?)"
)
# a numbered item after the sentence or the lead-in ("如下：") before it
_LIST_ITEM = re.compile(r"(?<=[：:。；;][ \t])(?=\d{1,2}[.．、]\s*[\u4e00-\u9fff“]|[（(]\d{1,2}[)）])")
_TOTAL = re.compile(r"(?:合计|总计)$")
_ANY_TOTAL = re.compile(r"合计|总计|小计")
# what follows a heading when the "heading" is a sentence's start: an amount (not a year, not an item's
# number: "一、主要职能 1．负责…")
_AMOUNT_START = re.compile(r"\d(?!\d{3}\s*年)(?!\d?[.．、]\s*[\u4e00-\u9fff“])")


def restore_lines(text: str) -> str:
    """``text`` with line breaks put back into its long lines (see the module doc); the same length.
    A shorter line that holds a table with its rows (a page whose paragraphs keep their lines, its
    tables flattened) has its table's lines put back only."""
    lines = text.split("\n")
    if not any(len(line) >= TABLE_LINE for line in lines):
        return text
    chars: list[str] | None = None
    offset = 0
    for line in lines:
        if len(line) >= TABLE_LINE:
            for cut in _cuts(line, prose=len(line) >= LONG_LINE):
                if 0 < cut < len(line) and line[cut - 1] in _BLANK:
                    chars = chars or list(text)
                    chars[offset + cut - 1] = "\n"
        offset += len(line) + 1
    return text if chars is None else "".join(chars)


def _cuts(line: str, prose: bool = True) -> set[int]:
    """Where lines begin in a flattened ``line`` (offsets of their first character); ``prose``: its
    headings and sentences too, not only its tables'."""
    if not prose and not _TABLE_HINT.search(line):
        return set()
    titles = _titles(line)
    cuts: set[int] = set()
    tables: list[tuple[int, int]] = []
    for k, (start, end) in enumerate(titles):
        stop = titles[k + 1][0] if k + 1 < len(titles) else len(line)
        table, body_end = _table_cuts(line, end, stop)
        cuts |= {start, *table}
        tables.append((start, body_end))
    if not prose:
        return cuts
    prose_cuts = _heading_cuts(line)
    prose_cuts |= {m.end() + 1 for m in _SENTENCE_END.finditer(line)}
    prose_cuts |= {m.start() for m in _LIST_ITEM.finditer(line)}
    # a table's rows are cut by the table's reading only (a row label is no heading of its text)
    return cuts | {c for c in prose_cuts if not any(a < c < b for a, b in tables)}


def _heading_cuts(line: str) -> set[int]:
    """Where ``sections`` cuts a flattened page: a heading's start, and where its text begins (after
    the blank that ends it) unless the "heading" is a sentence's start ("（二）公用经费 3528.37 万元。",
    "（一）人员经费13594.82万元。主要包括：…津贴补 贴": a line wrapped inside a word). A text that
    begins with a year or an item's number is a text ("二、2017年度部门主要工作任务及目标 2017 年是…").
    """
    starts = {m.start() for m in _FLATTENED_HEADING.finditer(line)}
    cuts: set[int] = set()
    pieces = _unflattened(line)
    for (_, before), (b, piece) in zip([(0, ""), *pieces], pieces, strict=False):
        cut = b + len(piece) - len(piece.lstrip(_BLANK))
        if b in starts or b == 0:
            cuts.add(cut)
        elif not re.search(r"[。，,；;：:]", before) and not _AMOUNT_START.match(piece.lstrip(_BLANK)):
            cuts.add(cut)
    return cuts


def _titles(line: str) -> list[tuple[int, int]]:
    """(start, end) of each table title in ``line`` that opens a table (no 目录 entry)."""
    out: list[tuple[int, int]] = []
    for m in _TITLE.finditer(line):
        hit = title_role(m.group(0))
        if hit is None or hit[0] in _SKIP_ROLES or _LEADERS.match(line, m.end()):
            continue
        start = m.start()
        before = line[max(0, start - 20) : start]
        numbered = _NUMBERING.search(before)
        if numbered and (numbered.start() == 0 or before[numbered.start() - 1] in _BLANK):
            start -= len(before) - numbered.start()
        elif start > 0 and line[start - 1] not in _BLANK:
            continue  # a table named inside a sentence
        rest = _up_to_title(line[m.end() : m.end() + 80])
        if _UNIT_LINE.search(rest[:40]) is None and not re.search(
            r"项目|科目|合计|收入|支出|预算数|决算数", rest
        ):
            continue
        out.append((start, m.end() + 1))
    return out


def _up_to_title(rest: str) -> str:
    """What follows a title up to the next table's title: a 目录 lists titles one after another
    ("1. …收支预算总表 2. …收入预算总表"), and the next title's words (收入) are no header of the first."""
    for m in _TITLE.finditer(rest):
        if title_role(m.group(0)) is not None:
            return rest[: m.start()]
    return rest


def _table_cuts(line: str, start: int, stop: int) -> tuple[set[int], int]:
    """The cuts of a table's text ``line[start:stop]`` (its unit line, header, rows and the end), and
    where its rows end."""
    cuts = {start}
    pos = start
    for m in _UNIT_LINE.finditer(line, start, min(stop, start + 120)):
        if m.start() > pos + 60:
            break
        cuts.add(m.start())
        unit = _UNIT_END.match(line, m.start())
        pos = max(pos, unit.end() + 1 if unit else m.end())
    cuts.add(pos)
    end = _TABLE_END.search(line, pos, stop)
    if end:
        cuts.add(end.start())
    meta = _META.search(line, pos, stop)  # (no cut: the line it stays on is no row either)
    body_end = min([m.start() for m in (end, meta) if m], default=stop)
    units = line_units(line[pos:body_end], pos)
    for k, unit in enumerate(units):
        first = min(
            [s for _, s in unit.codes] + [s for _, s in unit.numbers[:1]] + [unit.label_start or body_end]
        )
        if k > 0:
            cuts.add(first)
        elif unit.numbers and not unit.codes and unit.label_start is not None:
            first = _header_end(line, unit.label_start, unit.numbers[0][1])
            cuts.add(first)
        else:
            continue  # the header's words
        if unit.label_start is not None:
            label_end = unit.label_start + len(unit.label)
            cuts |= _label_rows(line, max(first, unit.label_start), label_end, bool(unit.codes))
    return cuts, body_end


def _label_rows(line: str, start: int, end: int, coded: bool = False) -> set[int]:
    """Where rows begin inside a row's label ``line[start:end]``: in a table without line breaks, rows
    that print no number run into the label of the row after them ("事业收入 经营收入 其他收入 80.00"),
    and a row's numbers follow its own label. So each word after a blank begins a row, unless it
    continues the word before: letter spacing ("因 公 出 国 （ 境 ） 费用", one character a word, and the
    word after such a run), a bracket, a word that does not begin with two Han characters, a word after
    a numbering alone ("1. ", "其中："), a word of ``template.LABEL_CONTINUATIONS`` (小计), or a word
    inside a bracket left open ("使用非财政拨款结余（含专用 结余）": a name wrapped over two lines). A
    row with a code prints one label: only a total after it ("31099 其他资本性支出 人员经费合计 2,152.26")
    begins a row, a word of a wrapped name does not ("30108 机关事业单位基本养老保险 缴费")."""
    words = list(re.finditer(r"\S+", line[start:end]))
    cuts: set[int] = set()
    depth = 0  # brackets left open before the word
    for prev, word in zip(words, words[1:], strict=False):
        text = word.group(0)
        depth += sum(prev.group(0).count(c) for c in "（(") - sum(prev.group(0).count(c) for c in "）)")
        if depth > 0:
            continue
        if coded and not _TOTAL.search(text):
            continue
        if (
            len(prev.group(0)) == 1
            or len(text) == 1
            or text[0] in '（(“"'
            or not re.match(r"[\u4e00-\u9fff]{2}", text)
            or _NUMBERING_ONLY.fullmatch(prev.group(0))
            or text in template.LABEL_CONTINUATIONS
        ):
            continue
        cuts.add(start + word.start())
    return cuts


def _header_end(line: str, label_start: int, first_number: int) -> int:
    """Where the header's words end and the first row begins, in "header words … label number": the
    label is the last word before the number when it is a total (合计, 总计, 本年收入合计) or no
    column's word; a column's word there (决算数, 结转下年资金) ends the header, and the numbers are a
    row of values alone (as the 三公 table prints it), placed by the header and the sums."""
    words = list(re.finditer(r"\S+", line[label_start:first_number]))
    if not words:
        return first_number
    last = words[-1].group(0)
    if _header_total([w.group(0) for w in words]):
        return first_number
    if _TOTAL.search(last) or not _COLUMN_WORD.match(last):
        return label_start + words[-1].start()
    return first_number


def _header_total(words: list[str]) -> bool:
    """Is the total ending ``words`` the header's last column, not the first row's label? Another
    province prints the total last ("结转下年资金 … 基本支出 合计 182.92 …", a row of values alone):
    when the column words after the header's label words are two or more, all distinct and none a
    total, the header has no total of its own but this one. Read as the row's label instead, its
    numbers would fill a header one column short, each by position under a wrong column; read as a
    column, the header's sums place them or leave them open."""
    if not _TOTAL.search(words[-1]):
        return False
    before = words[:-1]
    first = max((k + 1 for k, w in enumerate(before) if label_word(w)), default=0)
    columns = before[first:]
    return (
        len(columns) >= 2
        and len(set(columns)) == len(columns)
        and all(_COLUMN_WORD.match(w) and not _ANY_TOTAL.search(w) for w in columns)
    )
