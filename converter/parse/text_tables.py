"""Tables in plain text (text extractions, web pages flattened to text): rows, and the column of each
number, inferred from the table's own arithmetic.

Text does not say in which column a number was printed when cells are blank. A row's numbers are kept
by position (``"#1"``, ``"#2"`` …) and each is placed (``TableRow.placed``) with how it was decided:

* ``position``: the row gives as many numbers as the table has columns;
* ``blank-pattern``: tab-separated fields keep the blank cells' places;
* ``arithmetic``: of the order-preserving ways to put the numbers into the columns, those that keep
  the table's sums (a row's 合计 = its parts, every column of a 类 = Σ its 款 = Σ its 项, the 合计 row =
  Σ 类, the 收入表's 合计 row = the 总表's income by fund) agree on this number's column;
* ``unknown``: they do not agree: the number is published under its row, its column left open;
* ``unknown-row``: a number on a line of its own that no row can be shown to own (text extractions
  that print a table's labels and its numbers as separate blocks): published under the table.

The columns come from the header's words, matched against the template's standard layouts
(``template.LAYOUTS``) or read from the header line itself. Nothing is assumed that the header does not
show; nothing printed is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from converter.parse import template
from converter.parse.code_levels import CodeLevels, field_levels
from converter.parse.column_inference import (
    Columns,
    children_runs,
    choose_columns,
    decimal,
    header_columns,
    header_words,
    label_word,
    layout_columns,
    place_numbers,
    tolerance,
    without_banner,
)
from converter.parse.fund_floors import bound_again
from converter.parse.one_row import one_row
from converter.parse.sections import PART_WORD
from converter.parse.stacked_headers import stacked_columns
from converter.parse.tables import (
    _EMPTY,
    _UNIT,
    CellValue,
    StandardTable,
    TableRow,
    scheme_of,
    title_role,
)
from converter.parse.text_rows import (
    CODE_LENGTHS,
    Unit,
    is_code_line,
    is_code_part,
    line_units,
    plausible_code,
    split_glued,
    units_with_map,
)
from converter.read.types import ReadDocument

__all__ = ["text_tables"]

# lines that are no row: the unit and department lines, notes, sentences, the 栏次 line numbering the columns,
# a web page's footer after its last table (its ICP licence and public-security registration numbers)
_NOT_ROW = re.compile(
    r"单位[：:]|编制(?:部门|单位)[：:]|部门[：:]|^注[：:]|本表|[。；]|^\s*(?:栏次|行次)(?:\s|$)"
    r"|ICP备|公网安备|网站标识码"
)
_LABEL_WORDS = re.compile(
    r"^(?:项目|科目名称|功能分类科目名称|经济分类科目名称|科目编码|编码|类|款|项|合计行)$"
)
_TITLE_CANDIDATE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年度?)?[^\s\d。；，,:：、][^\s\d。；，,:：]{0,40}?表(?:[（(][^()（）\n]{1,8}[)）])?(?=\s|$)"
)
_SECTION_END = re.compile(
    rf"^\s*第[一二三四五六七八九十]+{PART_WORD}|情况说明$|^[一二三四五六七八九十]+、.{{2,30}}(?:情况|说明)$"
)
# the heading of the 说明 section after a table (a province printing each table after its explanation):
# the table ends there, whether or not a row of it was read (an empty table prints none)
_NEXT_SECTION = re.compile(r"^[一二三四五六七八九十]+、.{2,30}(?:情况|说明)$")
_MAX_REGION = 20000
# what may stand before a title on its line: its numbering ("一、", "（三）", "表1-2", "公开05表")
_NUMBERING = re.compile(
    r"\s*(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|(?:附表|表|公开)\s*\d+(?:\s*[-—－.．]\s*\d+)*\s*表?\s*[、.．:：]?)\s*"
)


@dataclass
class _Region:
    title: str
    role: str
    phase: str
    start: int
    title_end: int
    end: int


_HEADER_WORDS = re.compile(r"项目|科目|合计|预算数|决算数|收入|支出|金额")
_HEADING_LINE = re.compile(
    rf"\s*(?:第[一二三四五六七八九十]+{PART_WORD}|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])"
)


# a page number after a 目录 entry, its leader printed as blanks, middle dots or dashes, or not at all
_LEADER = r"(?:\s+|[\s.·•・．\-—_]{2,})"
_PAGE_NUMBER_AFTER = re.compile(rf"{_LEADER}\d{{1,3}}\s*")
_PAGE_NUMBER_END = re.compile(rf"{_LEADER}\d{{1,3}}\s*$")


def _header_follows(text: str, end: int) -> bool:
    """Is a title ending at ``end`` followed by its table's header: a unit line, or header words on
    the next line, which is no heading and no other title (a 目录 lists titles one under another)?"""
    rest = text[end : end + 600].split("\n")
    own = rest[0]  # the rest of the title's own line
    if _PAGE_NUMBER_AFTER.fullmatch(own):
        return False  # "2. 2025年部门收入预算总表 9": a 目录 entry and its page, its leader not printed
    if _UNIT.search(own) or (own.strip() and _HEADER_WORDS.search(own)):
        return True
    lines = [ln for ln in rest[1:] if ln.strip()][:3]
    if (
        not lines
        or _HEADING_LINE.match(lines[0])
        or title_role(_PAGE_NUMBER_END.sub("", lines[0])) is not None
    ):
        return False
    return any(_UNIT.search(ln) for ln in lines) or _HEADER_WORDS.search("".join(lines)) is not None


def _titles(doc: ReadDocument, phase: str) -> list[_Region]:
    text = doc.text
    hits: list[tuple[int, int, str, str, str]] = []
    for m in re.finditer(r"[^\n\f]+", text):
        line = m.group(0)
        if "…" in line or "..." in line or "表" not in line:
            continue
        for t in _TITLE_CANDIDATE.finditer(line):
            hit = title_role(t.group(0))
            if hit is None or hit[0] in ("other", "performance", "assets", "purchased_services"):
                continue
            before = line[: t.start()].rstrip()
            numbered = bool(before) and _NUMBERING.fullmatch(before) is not None
            if before and not (re.search(r"[。；：:\d]$", before) or numbered):
                continue  # a table named inside a sentence, not its title
            if not _header_follows(text, m.start() + t.end()):
                continue
            # a numbered title ("表2：…", "一、…", "公开10表" on the line above) begins with its number:
            # the table before ends there
            start = m.start() if numbered else m.start() + t.start()
            title = text[start : m.start() + t.end()].strip()
            # the line above, a page break ending a line as a line break does ("…281.77\f公开10表")
            cut = max(m.start() - 1, 0)
            above_start = max(text.rfind("\n", 0, cut), text.rfind("\f", 0, cut)) + 1
            above = text[above_start : max(m.start() - 1, above_start)]
            if not before and above.strip() and _NUMBERING.fullmatch(above):
                start = above_start
            hits.append((start, m.start() + t.end(), title, hit[0], hit[1] or phase))
    regions: list[_Region] = []
    for i, (start, end, title, role, ph) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else min(len(text), end + _MAX_REGION)
        regions.append(_Region(title, role, ph, start, end, stop))
    return regions


# ----------------------------------------------------------------------------------------------
# reading a region


_CODE_HEADS = re.compile(r"^(?:[类款项][\s\u00a0\u3000]+)+")


def _row_of(
    doc: ReadDocument, unit: Unit, role: str, group: int, by_level: CodeLevels, levels: dict[int, int]
) -> TableRow:
    parts = [c for c, _ in unit.codes]
    code = "".join(parts) or None
    # "301 2": a 款 printed without its leading zero, kept as printed (the table reader resolves the
    # malformed code by its label, and says so), as a grid's cells give it
    misprint = len(parts) > 1 and len(parts[0]) == 3 and any(len(p) == 1 for p in parts[1:])
    if code is not None and len(code) not in CODE_LENGTHS and not misprint:
        code = None  # a 款/项 part without its 类: the label still says what the row is
    # a tab line printing its code by level ("\t08\t\t审计事务"): completed from the rows above
    completed = by_level.complete_fields(doc.text, unit.codes, levels, group, code)
    code = completed or code
    cells = {
        f"#{k}": CellValue(text, s, s + len(text), doc.page_of(s))
        for k, (text, s) in enumerate(unit.numbers, 1)
    }
    label = unit.label.strip()
    start = unit.label_start if unit.label_start is not None else (unit.codes[0][1] if unit.codes else None)
    heads = _CODE_HEADS.match(label)
    if heads and heads.end() < len(label) and start is not None:
        # "类 款 项 合计": the code columns' header words printed on the first data row's line
        label, start = label[heads.end() :], start + heads.end()
    row = TableRow(
        label,
        code,
        scheme_of(code, "", role),
        cells,
        doc.page_of(start) if start is not None else None,
        group,
        start,
        (start + len(label)) if start is not None and label else start,
        code_completed=completed is not None,
    )
    if unit.fields and min(unit.fields) >= 0:
        row.positions = tuple(unit.fields)
        row.fields = unit.nfields - (unit.tabs[0] - unit.fields[0]) if unit.tabs else None
    return row


_TWO_SIDED = ("total", "appropriation_total")
# a line of a 收支总表 with one row only: the 支出 half when its label is an expenditure line
_EXPENDITURE_SIDE = re.compile(r"^(?!.*(?:收入|拨款|资金|年初|上年结转)).*(?:支出|结余分配|年末|结转下年)")


def _two_sided_columns(role: str, phase: str, header: str) -> list[Columns]:
    amount = "决算数" if phase == "final" else "预算数"
    left = Columns([f"收入/{amount}"], [], "header")
    compact = re.sub(r"[ \u3000]+", " ", header)
    m = re.search(r"项目\s+\S+\s+项目\s+(.+)", compact)
    if role == "appropriation_total" and m:
        words = [w for w in m.group(1).split() if w]
        if len(words) > 1:
            names = [f"支出/{w}" for w in words]
            total = next((k for k, w in enumerate(words) if re.search("合计|小计", w)), None)  # first or not
            sums = [(total, tuple(k for k in range(len(words)) if k != total))] if total is not None else []
            return [left, Columns(names, sums, "header")]
    return [left, Columns([f"支出/{amount}"], [], "header")]


# a label that opens the table's body, not a header word: a numbered line ("一、…", "1. …")
_ROW_LABEL = re.compile(r"(?:[一二三四五六七八九十]+、|\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]+[)）])")


@dataclass
class _Event:
    kind: str  # "header" | "labels" (label-only line) | "numbers" (number-only line) | "row" (both)
    units: list[Unit]
    line: str


def _events(body: str, start: int) -> tuple[list[_Event], int]:
    """The region's lines as events, up to the end of the table (the next part or narrative)."""
    events: list[_Event] = []
    pos, last = start, start
    # a page break ends a line too: the last row of a page is no part of the next page's first
    for line in re.split(r"[\n\f]", body):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        started = any(e.kind != "header" for e in events)
        if (
            re.match(rf"\s*第[一二三四五六七八九十]+{PART_WORD}", line)
            or _NEXT_SECTION.match(line.strip())
            or (started and (_SECTION_END.search(line.strip()) or (len(line) > 40 and "。" in line)))
        ):
            break
        if _NOT_ROW.search(line) or (not started and _column_number(events, line)):
            if not started:
                events.append(_Event("header", [], line))
            continue
        glued = split_glued(line)
        # spaces inserted between glued numbers shift the offsets after them: map them back
        units = line_units(line, line_start) if glued == line else units_with_map(line, glued, line_start)
        labelled = [u for u in units if u.label or u.codes]
        if len(units) == 1 and not units[0].label and is_code_line(units[0]):
            events.append(_Event("code", units, line))  # one cell per line: the code cell of the next row
            continue
        if events and events[-1].kind == "code" and len(units) == 1 and is_code_part(units[0]):
            held = events[-1].units[0]  # its 款 / 项 cell, after the 类's
            held.codes, held.numbers = held.codes + held.numbers + units[0].codes + units[0].numbers, []
            continue
        if not any(u.numbers for u in units):
            if not started and not (labelled and _ROW_LABEL.match(labelled[0].label)):
                events.append(_Event("header", units, line))
            elif any(u.label and not _LABEL_WORDS.match(u.label) for u in units):
                events.append(_Event("labels", labelled, line))
            continue  # (a line of codes alone: the 类 column of a table printed column by column)
        if not started and events and _TOTAL_LINE.fullmatch(events[-1].line.strip()):
            events[-1].kind = "labels"  # "合计" with its numbers under it: the body's first row
        events.append(_Event("row" if labelled else "numbers", units, line))
        last = pos
    return events, last


_COLUMN_NUMBERS = re.compile(r"\s*(?:栏次|行次)\s*")


def _column_number(events: list[_Event], line: str) -> bool:
    """A header printed one cell per line: the numbers of the 栏次 row ("栏次", "1", "栏次", "2"), each
    on a line of its own after its 栏次, are the columns' numbers, no row's figures."""
    if not re.fullmatch(r"\s*\d{1,2}\s*", line):
        return False
    for e in reversed(events):
        if _COLUMN_NUMBERS.fullmatch(e.line):
            return True
        if e.kind != "header" or not re.fullmatch(r"\s*\d{1,2}\s*", e.line):
            return False
    return False


_TOTAL_LINE = re.compile(r"(?:合\s*计|总\s*计|本年(?:收入|支出)合计)")


def _cell_per_line(events: list[_Event], width: int) -> bool:
    """Does the text print one cell per line, each row's numbers right under its label? Every run of
    number lines then follows a label line and is no longer than a row; text that prints a table's
    labels and its numbers as separate blocks has long runs, or runs after the header."""
    runs: list[tuple[str, int]] = []
    prev = "header"
    for e in events:
        if e.kind == "code":
            continue
        if e.kind == "numbers":
            count = sum(len(u.numbers) for u in e.units)
            if runs and prev == "numbers":
                runs[-1] = (runs[-1][0], runs[-1][1] + count)
            else:
                runs.append((prev, count))
        prev = e.kind
    after_label = [n for p, n in runs if p == "labels"]
    return len(runs) >= 2 and len(after_label) == len(runs) and max(after_label) <= width


def _widths(role: str, phase: str) -> int:
    sizes = [len(x.columns) for x in template.LAYOUTS if x.role == role and x.phase in (None, phase)]
    return max(sizes, default=4) if role not in _TWO_SIDED else 4


def header_rows(header: str) -> str:
    """A header's lines, a line holding several of its rows cut into them: a header flattened to one
    line ("项目 收入预算 功能分类科目编码 功能分类科目名称 合计 财政拨款收入 … 类 款 项") runs its rows
    together, each row beginning with the code and label columns' words, so a run of those words after
    a column's word begins the next row, and so does a word that opens a parent's children
    (``template.SUBHEADER_OPENERS``: 小计 after the words of the row above), or the children's run in
    any order (``children_runs``: "其中：教育收费 金额" is one row, not cut before 金额). Where the rows
    were is what the stacking of the header (``stacked_headers``) and the choice of its columns need:
    never the words' order across rows."""
    out: list[str] = []
    for line in header.split("\n"):
        if "\t" in line:
            out.append(line)
            continue
        words = list(re.finditer(r"\S+", line))
        start, seen_column = 0, False
        runs = children_runs([w.group(0) for w in words])
        for k, (prev, word) in enumerate(zip(words, words[1:], strict=False), 1):
            seen_column = seen_column or not label_word(prev.group(0))
            text, after_label = word.group(0), label_word(prev.group(0))
            opens = runs[k] if k in runs else text in template.SUBHEADER_OPENERS
            if not after_label and ((seen_column and label_word(text)) or opens):
                out.append(line[start : word.start()].rstrip())
                start = word.start()
        out.append(line[start:])
    return "\n".join(out)


def _cells_joined(printed: str) -> str:
    """A header printed one cell per line (three cells or more, each line a single word) as the one line
    a page flattened to text gives, for ``header_rows`` to cut into its rows; the 单位 and 编制部门 lines
    apart. Any other header as printed."""
    lines = printed.split("\n")
    cells = [ln for ln in lines if not _NOT_ROW.search(ln)]
    if len(cells) < 3 or any(len(header_words(ln)) != 1 for ln in cells):
        return printed
    return "\n".join([*(ln for ln in lines if _NOT_ROW.search(ln)), " ".join(c.strip() for c in cells)])


def _read_region(doc: ReadDocument, region: _Region, known: dict[str, Decimal]) -> StandardTable:
    body = doc.text[region.title_end : region.end]
    unit_m = _UNIT.search(body[:300]) or _UNIT.search(body)
    events, last = _events(body, region.title_end)
    printed = "\n".join(e.line for e in events if e.kind == "header")
    header = header_rows(_cells_joined(printed))
    two_sided = region.role in _TWO_SIDED
    # a row holds at most as many values as the template's widest layout of its role, or as the header
    # names columns (a header over several rows, printed one cell per line: its words, parents too)
    printed_columns = header_columns(printed.split("\n"))
    width = max(_widths(region.role, region.phase), len(printed_columns.names) if printed_columns else 0)
    attach = _cell_per_line(events, width)
    rows: list[TableRow] = []
    loose: list[tuple[str, int]] = []
    labels_seen = 0
    tabbed: list[tuple[TableRow, Unit]] = []  # rows read from tab-separated lines
    # codes printed by level in tab fields under a header naming 类 / 款 / 项 (or its words on the first line)
    levels = field_levels([e.line for e in events if e.kind == "header"] + [e.line for e in events[:1]])
    by_level = CodeLevels()
    open_row: TableRow | None = None  # the row of the last label line, waiting for its numbers
    code: Unit | None = None  # a code on a line of its own, for the label line after it
    for e in events:
        if e.kind == "code":
            code = e.units[0]
            continue
        if e.kind == "labels":
            labels_seen += 1
            if attach and code is not None and not e.units[0].codes:
                e.units[0].codes = [(t, at) for t, at in code.codes + code.numbers]
            code = None
            for u in e.units:
                group = 1 if two_sided and _EXPENDITURE_SIDE.search(u.label) else 0
                rows.append(_row_of(doc, u, region.role, group, by_level, levels))
                tabbed.append((rows[-1], u))
            open_row = rows[-1] if attach and len(e.units) == 1 else None
        elif e.kind == "numbers":
            numbers = [n for u in e.units for n in u.numbers]
            if open_row is not None:
                first = len(open_row.cells) + 1
                for k, (t, at) in enumerate(numbers, first):
                    open_row.cells[f"#{k}"] = CellValue(t, at, at + len(t), doc.page_of(at))
            else:
                loose.extend(numbers)
        elif e.kind == "row":
            open_row = None
            for k, u in enumerate(e.units):
                if not u.label and not u.codes:
                    loose.extend(u.numbers)  # numbers before the line's first label: whose row is unsaid
                    continue
                group = 1 if two_sided and (k > 0 or _EXPENDITURE_SIDE.search(u.label)) else 0
                rows.append(_row_of(doc, u, region.role, group, by_level, levels))
                tabbed.append((rows[-1], u))
                labels_seen += 1
    table = StandardTable(
        title=region.title,
        kind_key=template.kind_key(region.phase, region.role),
        unit=unit_m.group(1) if unit_m else None,
        page_first=doc.page_of(region.start),
        page_last=doc.page_of(max(region.start, last - 1)),
        columns=[],
        rows=[],
        empty_statement=None,
        start=region.start,
        end=max(last, region.title_end),
        positional=True,
    )
    kept = _amounts_only(loose, rows)
    if loose and not any(r.cells for r in rows) and labels_seen == 0:
        # a table of one row and no row label (三公经费表): its numbers, in printed order
        fields = [u.fields for e in events if e.kind == "numbers" for u in e.units]
        single = one_row(doc, loose, kept, layout_columns(region.role, region.phase, header), fields)
        kept = [] if single is not None else kept
        rows.extend([single] if single is not None else [])
    loose = kept
    _drop_line_numbers(rows, printed)
    if not two_sided:
        _right_aligned(tabbed)
    _place(table, rows, region, header, known, header != printed)
    if loose:
        cells = {f"#{k}": CellValue(t, s, s + len(t), doc.page_of(s)) for k, (t, s) in enumerate(loose, 1)}
        orphan = TableRow("", None, None, cells, doc.page_of(loose[0][1]), 0, None, None)
        orphan.placed = {k: (None, "unknown-row") for k in cells}
        rows.append(orphan)
    table.rows = rows
    empty = _EMPTY.search(body[:600])
    table.empty_statement = empty.group(0).strip() if empty else None
    return table


_LINE_NUMBER_HEAD = re.compile(r"(?:^|\s)(?:行次|栏次|序号)(?:\s|$)")
_LINE_NUMBER = re.compile(r"\d{1,3}")


def _drop_line_numbers(rows: list[TableRow], header: str) -> None:
    """A header naming a 行次 column (项目 行次 决算数): each row's first number, where the rows' first
    numbers are whole and rise down each side, is its line number, no amount (before, 二、政府性基金预算
    财政拨款收入 2 was published as 2万元 of government-fund income)."""
    if not _LINE_NUMBER_HEAD.search(header):
        return
    for group in {r.group for r in rows}:
        side = [r for r in rows if r.group == group and r.cells]
        firsts = [r.cells[min(r.cells, key=_cell_order)] for r in side]
        if len(side) < 2 or not all(_LINE_NUMBER.fullmatch(c.text) for c in firsts):
            continue
        numbers = [int(c.text) for c in firsts]
        if any(b <= a for a, b in zip(numbers, numbers[1:], strict=False)):
            continue  # line numbers only rise
        for row in side:
            rest = [row.cells[k] for k in sorted(row.cells, key=_cell_order)[1:]]
            row.cells = {f"#{k}": cell for k, cell in enumerate(rest, 1)}
            if row.positions:  # the 行次 field is no column of the amounts
                row.positions = tuple(p - 1 for p in row.positions[1:])
            if row.alt_positions:
                row.alt_positions = row.alt_positions[1:]


def _cell_order(key: str) -> int:
    return int(key[1:]) if key[1:].isdigit() else 0


def _right_aligned(tabbed: list[tuple[TableRow, Unit]]) -> None:
    """A browser drops the fields of cells merged over rows (a 专项名称 printed once for its rows), so a
    row's values may also be counted from the right: the table has as many value columns as the most a
    row prints from its first value to its line's end, blank cells included. Where that reading differs
    from the one counted from the row's label, both are kept for the arithmetic to choose
    (``TableRow.alt_positions``)."""
    spans = [u.nfields - min(u.tabs) for _, u in tabbed if u.tabs]
    if not spans:
        return
    width = max(spans)
    for row, unit in tabbed:
        if not unit.tabs or row.positions is None:
            continue
        right = tuple(f - (unit.nfields - width) for f in unit.tabs)
        if min(right) >= 0 and right != row.positions:
            row.alt_positions = right


def _amounts_only(loose: list[tuple[str, int]], rows: list[TableRow]) -> list[tuple[str, int]]:
    """Numbers on lines of their own that are amounts: a bare integer there is a code or a column
    number (栏次) when it has a code's shape or a leading zero, or when the table prints its amounts
    with decimals."""
    texts = [t for t, _ in loose] + [v.text for r in rows for v in r.cells.values()]
    decimals = sum(1 for t in texts if "." in t) > len(texts) / 2
    out = []
    for text, at in loose:
        bare = text.replace(",", "")
        if (
            bare.isdigit()
            and "," not in text
            and (decimals or plausible_code(bare) or bare.startswith("0") or len(bare) == 2)
        ):
            continue
        out.append((text, at))
    return out


def _deepest(header: str, columns: Columns) -> bool:
    """Are ``columns`` (read from one header line) the words of the header's last line that names
    columns: its deepest row, under which the numbers stand? Or that row's words as the leaves of the
    parent above them (``template.PARENT_CHILDREN``: "事业收入/金额", "事业收入/其中：教育收费"), the
    columns beside it read from the row above: a stacked header's leaf columns."""
    for line in reversed(header.split("\n")):
        printed = header_columns([line])
        if printed is not None:
            nested = [n.rsplit("/", 1) for n in columns.names if "/" in n]
            return printed.names == columns.names or (
                bool(nested)
                and [leaf for _, leaf in nested] == printed.names
                and len(columns.names) > len(nested)
            )
    return False


def _place(
    table: StandardTable, rows: list[TableRow], region: _Region, header: str, known, flat: bool = False
) -> None:
    """Each row's numbers placed in the header's columns. ``flat``: the header was printed on one
    line (its rows cut apart by ``header_rows``): its columns are read from its deepest row only, as
    stacked by the rows' sums, or from the template's layouts; never from the words' order across
    its rows."""
    if region.role in _TWO_SIDED:
        sides = _two_sided_columns(region.role, region.phase, header)
        for group, columns in enumerate(sides):
            place_numbers([r for r in rows if r.group == group and r.cells], columns)
        table.columns = [c for side in sides for c in side.names]
        return
    layout = layout_columns(region.role, region.phase, header)
    columns = choose_columns(layout, header_columns(header.split("\n")))
    if flat and columns is not None and columns.source == "header" and not _deepest(header, columns):
        columns = None  # a flattened header's row of parents: no column of the rows' numbers
    width = max((max(r.positions) + 1 if r.positions else len(r.cells) for r in rows if r.cells), default=0)
    width = max([width, *(max(r.alt_positions) + 1 for r in rows if r.cells and r.alt_positions)])
    fields = max((r.fields or 0 for r in rows if r.cells), default=0)  # blank last columns counted
    if columns is None or len(columns.names) not in (width, fields):
        # a header over several lines, its merged cells printed once: the rows' sums say how it stacks
        columns = stacked_columns(header, rows, width) or without_banner(columns, width)
        if (columns is None or len(columns.names) < width) and layout and len(layout.names) >= width:
            # no columns, or fewer than a row's numbers (a stacked header's top row, a flattened header's
            # parents): the standard layout whose every column the header names holds them, the rows'
            # sums deciding where each number stands (``place_numbers``: "position" or "arithmetic")
            columns = layout
    fund_known: dict[int, Decimal] = {}
    if columns is not None and region.role == "income" and known:
        for j, name in enumerate(columns.names):
            if name.rsplit("/", 1)[-1].startswith("其中"):
                continue  # "事业收入/其中：教育收费": a part of the fund's column, not the fund's
            for word, value in known.items():
                if word in name:
                    fund_known[j] = value
    place_numbers([r for r in rows if r.cells], columns, fund_known)
    table.columns = columns.names if columns else []
    table.column_sums = list(columns.sums) if columns else []


_FUND_LINES = (("财政拨款", "财政拨款"), ("事业单位经营", "经营收入"), ("事业收入", "事业收入"), ("其他收入", "其他收入"),
               ("上级补助", "上级补助"), ("附属单位", "附属单位"))  # fmt: skip


# a 总表 line of one fund's appropriation income ("一般公共预算财政拨款收入")
_FUND_APPROPRIATION = re.compile(r"(?:一般公共预算|政府性基金预算|国有资本经营预算)财政拨款(?:收入)?")


def _income_by_fund(table: StandardTable) -> dict[str, Decimal]:
    """The 总表's income lines (财政拨款收入 …) by the word an income table's column carries. A line
    printed without a number is a stated nothing (0) only when the lines printed with one add up to the
    本年收入合计 printed: otherwise its figure may be one the reader did not find (a 总表 printed one cell
    per line), and it is left open. A 总表 that prints its appropriations by fund (一般公共预算财政拨款收入,
    政府性基金预算财政拨款收入, 国有资本经营预算财政拨款收入, each a numbered line of its own) states
    their sum as the 财政拨款收入 column's."""
    lines: list[tuple[str, bool, Decimal | None]] = []  # (label, numbered, value; None: printed empty)
    for row in table.rows:
        if row.group != 0 or len(row.cells) > 1:
            continue
        numbered = re.match(r"[一二三四五六七八九十]+、", row.label)
        label = row.label[numbered.end() :] if numbered else row.label
        value = decimal(row.cells["#1"].text) if row.cells else None
        if row.cells and value is None:
            continue
        lines.append((label, bool(numbered), value))
    nil = Decimal(0) if _lines_add_up(table, lines) else None
    out: dict[str, Decimal] = {}
    by_fund: list[Decimal | None] = []
    for label, numbered, value in lines:
        value = nil if value is None else value
        if numbered and _FUND_APPROPRIATION.fullmatch(label):
            by_fund.append(value)
        for word, column_word in _FUND_LINES:
            if label.startswith(word) and column_word not in out and value is not None:
                out[column_word] = value
    if "财政拨款" not in out and by_fund and None not in by_fund:
        out["财政拨款"] = sum((v for v in by_fund if v is not None), Decimal(0))
    return out


# the 总表's total of its income lines (a budget's 收入总计 holds 上年结转 too: its lines then fall short)
_INCOME_TOTAL = re.compile(r"(?:本年)?收入(?:合计|总计)")


def _lines_add_up(table: StandardTable, lines: list[tuple[str, bool, Decimal | None]]) -> bool:
    """Do the 总表's numbered income lines printed with a number add up to its 本年收入合计 (收入总计)?"""
    total = next((v for label, _, v in lines if _INCOME_TOTAL.fullmatch(re.sub(r"\s", "", label))), None)
    printed = [v for _, numbered, v in lines if numbered and v is not None]
    if total is None or not printed:
        return False
    tol = tolerance([c.text for r in table.rows for c in r.cells.values()])
    return abs(sum(printed, Decimal(0)) - total) <= tol * (len(printed) + 1)


def text_tables(doc: ReadDocument, phase: str) -> list[StandardTable]:
    """Every standard table printed as text in ``doc``, rows and placed numbers."""
    regions = _titles(doc, phase)
    # the 总表's income by fund places an income table's numbers wherever the 总表 is printed: a
    # document printing its income table first reads as the same document in the template's order
    totals = {k: _read_region(doc, r, {}) for k, r in enumerate(regions) if r.role == "total"}
    known = next((by_fund for t in totals.values() if (by_fund := _income_by_fund(t))), {})
    found = [totals[k] if k in totals else _read_region(doc, r, known) for k, r in enumerate(regions)]
    bound_again(found)  # a 支出表's open columns, bounded by its 财政拨款支出表
    return found
