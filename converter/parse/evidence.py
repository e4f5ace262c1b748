"""What the text states that the text rules read, as evidence records (``Report.evidence``).

Years the text names and in what role (a comparison, the date of the assets, of publication, a title),
placeholders left by the template, fields left empty, the 目录's entries and the headings and tables
they list, the tables printed, the "主要用于 …" descriptions of classification items and the names
they use, punctuation printed twice, a word printed again over a line break, the precision of listed
shares. Each record is a document statement with its span; whether it is a problem is the rules' say
(shapes/integrity-text.ttl). The words are data (``evidence_words``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from converter.model import CodeValue, ConceptRef, Evidence, Span
from converter.parse import evidence_words as words
from converter.parse import template
from converter.parse.chinese_numerals import numeral_value
from converter.parse.class_lines import LEVEL_NAME
from converter.parse.description_echo import DocumentItems, copied, echoed
from converter.parse.sections import PART_WORD, TOC_TAIL, Line, Section, classify, lines_of
from converter.parse.table_titles import title_part, title_role
from converter.parse.text_cut import contents_begun
from converter.resolve.classification import CodeEntry, _bare, function_classification

_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(
    rf"^(?:第[一二三四五六七八九十]+{PART_WORD}|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[、.．])"
)
_NOT_TITLE_CHARS = re.compile(r"[\s\"'“”‘’「」《》:：、.．·…]")


def compact(text: str) -> str:
    """A title compared by its characters only: no blanks, quotes, leader dots, colons."""
    return _NOT_TITLE_CHARS.sub("", text)


class _Collector:
    def __init__(self, text: str, page_of) -> None:
        self.text, self.page_of = text, page_of
        self.out: list[Evidence] = []

    def add(self, kind: str, start: int, end: int, values: list, links: list | None = None) -> int:
        span = Span(start, end, self.text[start:end], self.page_of(start) if self.page_of else None)
        self.out.append(Evidence(kind, span, values, links or []))
        return len(self.out) - 1


def text_evidence(
    text: str,
    scan: str,
    sections: list[Section],
    toc: list[Line],
    tables,
    page_of=None,
    lines=None,
    items: Iterable[ConceptRef] = (),
):
    """The evidence records of one document (``scan``: its matching text, same offsets; ``lines``: its
    lines when already cut; ``items``: the classification concepts of its figures)."""
    found = _Collector(text, page_of)
    lines = lines if lines is not None else lines_of(scan)
    toc_starts = {line.start for line in toc}
    _years(found, scan, lines, tables)
    _placeholders(found, scan)
    _empty_fields(found, scan)
    table_nodes = _tables(found, scan, tables, sections)
    begun = contents_begun(scan, toc)  # the rest of a 目录 (a page 2): its first entries are not printed
    _contents(found, scan, sections, toc, lines, tables, table_nodes, begun)
    if toc:
        _section_entries(found, scan, sections, toc, [(t.start, t.end) for t in tables], begun)
    _descriptions(found, scan, DocumentItems(items))
    # a sentence does not run over a heading of the template's sections ("二、收入决算情况说明"): a
    # list of shares ends there (its 。 may be left out)
    headings = [s.start for s in sections if s.key is not None and s.level <= 1]
    _text_quality(found, scan, lines, toc_starts, tables, headings)
    return found.out


# --- years ------------------------------------------------------------------------------------------
def _years(found: _Collector, scan: str, lines: list[Line], tables=()) -> None:
    taken: set[int] = set()
    # a table's header and rows, below its title: "2017年决算数" heads a column or a row, it titles nothing
    grids = [(t.start + len(t.title), t.end) for t in tables]
    for role, pattern in words.YEAR_ROLES:
        for match in pattern.finditer(scan):
            if match.start("year") in taken:
                continue
            taken.add(match.start("year"))
            if role == "comparison":
                role = _comparison_role(scan, match)
            values: list = [("statedYear", int(match.group("year"))), ("yearRole", role)]
            month = match.groupdict().get("month")
            if month:
                values.append(("statedMonth", numeral_value(month)))
            day = match.groupdict().get("day")
            if day:
                values.append(("statedDay", numeral_value(day)))
            found.add("YearMention", match.start(), match.end(), values)
    for line in lines:
        if "年" not in line.text or "算" not in line.text:
            continue
        title = title_part(line.text)
        if len(line.text) > words.TITLE_MAX or words.NOT_A_TITLE.search(title):
            continue
        if any(start <= line.start < end for start, end in grids):
            continue
        for match in words.TITLE_YEAR.finditer(scan, line.start, line.end):
            if match.start("year") in taken:
                continue
            rest = words.FUND_BUDGET_NAMES.sub("", scan[match.end() : line.end])
            phase = next((p for p, word in words.GENRE_WORDS if word.search(rest)), None)
            if phase is None:
                continue
            taken.add(match.start("year"))
            values = [("statedYear", int(match.group("year"))), ("yearRole", "title"), ("statedPhase", phase)]
            found.add("YearMention", line.start, line.end, values)


def _comparison_role(scan: str, match: re.Match[str]) -> str:
    """A comparison with a budget of that year, one in a sentence that names nothing of the accounts (the
    work of the year), or the template's comparison with the year before."""
    if words.COMPARED_BUDGET.search(match.group(0)):
        return words.COMPARISON_ROLES["budget"]
    low, high = max(0, match.start() - words.SENTENCE_REACH), match.end() + words.SENTENCE_REACH
    ends = [m.end() for m in words.SENTENCE_END.finditer(scan, low, match.start())]
    start = ends[-1] if ends else low
    stop = words.SENTENCE_END.search(scan, match.end(), high)
    sentence = scan[start : stop.start() if stop else min(high, len(scan))]
    return "comparison" if words.ACCOUNTS_WORDS.search(sentence) else words.COMPARISON_ROLES["aside"]


# --- template residue ---------------------------------------------------------------------------------
def _placeholders(found: _Collector, scan: str) -> None:
    if not words.PLACEHOLDER_MARKS.search(scan):
        return
    for kind, pattern in words.PLACEHOLDERS:
        for match in pattern.finditer(scan):
            start, end = max(0, match.start() - 8), min(len(scan), match.end() + 8)
            values = [("placeholderKind", kind), ("evidenceText", found.text[start:end].strip())]
            found.add("PlaceholderText", match.start(), match.end(), values)


def _empty_fields(found: _Collector, scan: str) -> None:
    for match in words.EMPTY_FIELDS.finditer(scan):
        found.add("EmptyTemplateField", match.start(), match.end(), [("fieldName", match.group("field"))])


# --- tables and the 目录 ----------------------------------------------------------------------------------
def _tables(found: _Collector, scan: str, tables, sections: list[Section]) -> list[int]:
    """Each table printed: its kind, place, rows read, the amounts printed under its title (up to the
    next table's, the last table's up to the next heading) and whether a note says it is empty."""
    nodes = []
    starts = sorted(t.start for t in tables)
    headings = _body_ends(sections)
    for order, table in enumerate(tables, start=1):
        end = min(table.end, table.start + len(table.title))
        after = next((s for s in starts if s > table.start), None)
        if after is None:  # the last table: the narrative after it is none of its cells
            reach = max(table.end, table.start + words.TABLE_REACH)
            after = next((h for h in headings if max(end, table.end) <= h < reach), reach)
        body = scan[end:after]
        note = table.empty_statement is not None or words.EMPTY_NOTE.search(body) is not None
        values: list = [
            ("tableKind", table.kind_key),
            ("printOrder", order),
            ("rowCount", len(table.rows)),
            ("amountsPrinted", len(words.AMOUNT.findall(body))),
            ("emptyNote", note),
            *_table_figures_kind(table.phase, table.role),
        ]
        nodes.append(found.add("PrintedTable", table.start, max(end, table.start + 1), values))
    return nodes


def _body_ends(sections: list[Section]) -> list[int]:
    """Where a heading begins that no table's rows print: a part (第三部分 …), a section of the
    narrative's template (二、收入决算情况说明) or one its words name (三、决算报表说明), its line
    holding no amount (a row label 一、一般公共预算财政拨款 2,940.05 reads as a heading too)."""
    return sorted(
        s.start
        for s in sections
        if (s.level == 0 or s.key not in (None, "tables") or words.NARRATIVE_HEADING.search(s.title))
        and not words.AMOUNT.search(s.title)
    )


def _table_figures_kind(phase: str, role: str) -> list[tuple[str, CodeValue]]:
    """What the template says a standard table's figures are of (item, fund, nature), for the rule on
    tables printed empty while the narrative gives their figures: a 总表's items are the totals it
    prints (收入总计, 支出总计), a budget table's also the total it breaks down (template.PHASE_TOTALS);
    and the parts it breaks them down into (template.ITEM_PARTS, FUND_PARTS, NATURE_PARTS). Nothing for
    a role of no one item and no totals."""
    spec = template.ROLES.get(role)
    if spec is None:
        return []
    items = (
        (spec.item, *template.PHASE_TOTALS.get((phase, role), ())) if spec.item is not None else spec.totals
    )
    if not items:
        return []
    return [
        *(("tableItem", CodeValue("item", item)) for item in items),
        ("tableFund", CodeValue("fund", spec.fund)),
        ("tableNature", CodeValue("nature", spec.nature)),
        *(("tablePartItem", CodeValue("item", item)) for item in template.ITEM_PARTS.get(role, ())),
        *(("tableFundPart", CodeValue("fund", fund)) for fund in template.FUND_PARTS.get(role, ())),
        *(("tableNaturePart", CodeValue("nature", n)) for n in template.NATURE_PARTS.get(role, ())),
    ]


def _chain(found: _Collector, index: int, order: int) -> None:
    """The entry before this one in the 目录 names it as its next (a rule reads neighbours by one link)."""
    if order > 1:
        found.out[index - 1 - _since_previous(found, index)].links.append(("nextEntry", index))


def _since_previous(found: _Collector, index: int) -> int:
    """How many records lie between this entry and the entry of its kind before it."""
    kind = found.out[index].kind
    back = 0
    while found.out[index - 1 - back].kind != kind:
        back += 1
    return back


def _table_entries(
    scan: str, sections, toc: list[Line], lines: list[Line], tables
) -> list[tuple[Line, str, tuple]]:
    """The tables the 目录 lists: title lines from the 目录's first line to the first heading or table
    after its last (a long entry the heading parser did not keep is still one), with their roles."""
    first, last = toc[0].start, toc[-1].end
    starts = [s.start for s in sections if s.start >= last] + [t.start for t in tables if t.start >= first]
    end = min(starts, default=len(scan))
    out = []
    for line in lines:
        if line.start < first or line.start >= end or "表" not in line.text or "。" in line.text:
            continue
        at = 0  # a line may hold several entries, each closed by its leader dots (a page joins them)
        for piece in [*words.LEADERS.finditer(line.text), None]:
            stop = piece.start() if piece else len(line.text)
            text = line.text[at:stop]
            bare = TOC_TAIL.sub("", text).strip()
            role = title_role(bare) if bare else None
            if role is not None and role[0] != "other":
                start = line.start + at + (len(text) - len(text.lstrip()))
                entry = Line(start, start + len(bare), bare)
                out.append((entry, compact(_NUMBERING.sub("", bare)), role))
            at = piece.end() if piece else stop
    return out


def _contents(
    found: _Collector, scan: str, sections, toc: list[Line], lines, tables, table_nodes, begun: bool = False
) -> None:
    """The tables the 目录 lists, each linked to the first table of its role printed. ``begun``: the 目录
    is the rest of one, its first entry marked so (fiscal:contentsContinued), and a table printed before
    the first it lists is not known to be unlisted (the entries printed before may list it)."""
    entries = _table_entries(scan, sections, toc, lines, tables) if toc and tables else []
    if not entries:
        return
    roles = {}
    for index, table in enumerate(tables):
        roles.setdefault(table.role, []).append(table_nodes[index])
    linked_tables: set[int] = set()
    order = 0
    for line, title, role in entries:  # tables only: a page's beginning lists sections it does not print
        order += 1
        values: list = [("entryOrder", order), ("entryTitle", title)]
        values.append(("tableKind", f"{role[1] or ''}.{role[0]}".lstrip(".")))
        values += [("contentsContinued", True)] if begun and order == 1 else []
        links: list = []
        for node in roles.get(role[0], [])[:1]:
            links.append(("listsTable", node))
            linked_tables.add(node)
        _chain(found, found.add("ContentsEntry", line.start, line.end, values, links), order)
    first_listed = min(linked_tables, default=len(found.out))
    for node in table_nodes:
        if not begun or node >= first_listed:
            found.out[node].values.append(("listedInContents", node in linked_tables))


def _entry_words(title: str) -> str:
    """A title compared without its year ("2019年度部门主要工作任务及目标" / "2019年部门…")."""
    return words.TITLE_YEAR_WORDS.sub("", title)


def _section_entries(
    found: _Collector,
    scan: str,
    sections: list[Section],
    toc: list[Line],
    in_tables: list[tuple[int, int]],
    begun: bool = False,
) -> None:
    """The sections the 目录 lists, each linked to the heading that prints it in the body (the same
    words, or a heading of the same template section worded otherwise: 财政拨款“三公”经费支出决算情况说明
    for “三公”经费财政拨款支出决算情况说明). ``begun``: the 目录 is the rest of one, its first entry
    printed marked so (fiscal:contentsContinued): the sections before it may be listed on the page before."""
    entries: list[tuple[Line, str]] = []
    for line in toc:
        bare = TOC_TAIL.sub("", line.text).strip()
        title = _entry_words(compact(_NUMBERING.sub("", bare)))
        if not title or classify(title) == "toc" or title_role(bare) is not None:
            continue  # a table's entry: the table rules judge it
        if entries and _NUMBERING.match(bare) is None and len(bare) <= words.ENTRY_CONTINUATION:
            first, joined = entries[-1]  # "…支出情" / "况说明": an entry broken over two lines
            entries[-1] = (Line(first.start, line.end, first.text), joined + title)
            continue
        entries.append((line, title))
    entries = [(line, title) for line, title in entries if not _tables_part(title) or in_tables]
    if len(entries) < 2:
        return
    after = toc[-1].end
    # a heading of the body: after the 目录, over some text (a 目录 misread as headings has none)
    body = [
        (s, _entry_words(compact(_NUMBERING.sub("", s.title))))
        for s in sections
        if s.start >= after
        and len(compact(scan[s.body_start : min(s.end, s.body_start + words.SECTION_LOOK)]))
        >= words.SECTION_CONTENT_MIN
    ]
    # a heading broken over two lines ("第三部分 江苏省高级人民法院2017年度" / "部门预算情况说明")
    printed = [
        _entry_words(compact(_NUMBERING.sub("", scan[s.start : s.body_start + words.HEADING_RUN].lstrip())))
        for s, _w in body
    ]
    nodes: dict[int, int] = {}  # body position -> its SectionHeading record

    def node(position: int) -> int:
        if position not in nodes:
            heading = body[position][0]
            values = [("headingOrder", position + 1), ("headingLevel", heading.level)]
            nodes[position] = found.add("SectionHeading", heading.start, heading.body_start, values)
        return nodes[position]

    positions: list[int | None] = []
    last = 0
    for _line, title in entries:
        position = _printed_as(title, body, printed, last)
        positions.append(position)
        last = position + 1 if position is not None else last
    levels = {body[p][0].level for p in positions if p is not None}
    for position, (heading, _title) in enumerate(body):
        # the sections, at a level the 目录 lists (a heading it might have left out): a part, a template
        # section or a heading worded as a title; the tables' part where tables are printed, not a
        # table's title under it (the 目录's tables are the table rules')
        if (
            heading.level in levels
            and not (heading.parent is not None and "tables" in heading.parent.keys())  # a table's title
            and (heading.key != "tables" or in_tables)
            and not any(start <= heading.start < end for start, end in in_tables)  # a row printed as a line
            and _section_like(heading, scan)
        ):
            node(position)
    # the tables' part listed but not printed as a heading (its tables printed apart, or under no part
    # heading): nothing to say of it here (the table rules judge the tables)
    kept = [
        (e, p) for e, p in zip(entries, positions, strict=True) if p is not None or not _tables_part(e[1])
    ]
    for order, ((line, title), position) in enumerate(kept, start=1):
        values: list = [("entryOrder", order), ("entryTitle", title)]
        values += [("contentsContinued", True)] if begun and order == 1 else []
        links = [("printedAs", node(position))] if position is not None else []
        _chain(found, found.add("ContentsSection", line.start, line.end, values, links), order)


def _tables_part(title: str) -> bool:
    """An entry of the tables' part (第二部分 …部门决算表, 二、2023年度部门决算报表)."""
    return classify(title) == "tables" or words.TABLES_PART.search(title) is not None


def _section_like(heading: Section, scan: str) -> bool:
    """A part or the tables' part; else a template section or a heading worded as a title, over prose (a
    table's numbered row printed one cell per line, 一、财政拨款 over its amounts, is no section)."""
    if heading.level == 0 or heading.key == "tables":  # the tables' part is over tables, not prose
        return True
    if heading.key is None and words.SECTION_TITLE_LIKE.fullmatch(compact(heading.title)) is None:
        return False
    return (
        words.SECTION_PROSE.search(scan, heading.body_start, heading.body_start + words.SECTION_LOOK)
        is not None
    )


def _printed_as(title: str, body: list[tuple[Section, str]], printed: list[str], last: int) -> int | None:
    """Where the body prints the section an entry names, looked for after the previous entry's: the
    same words (else anywhere), a heading of the same template section, words holding nearly all the
    other's ("其他重要事项说明" / "其他重要事项的情况说明") or all but the organisation's name before them."""
    key = classify(title)
    after = range(last, len(body))
    for position in [*after, *range(0, min(last, len(body)))]:
        if body[position][1] == title or printed[position].startswith(title):
            return position
    if key and key not in words.GENERIC_SECTIONS:
        for position in after:
            if body[position][0].key == key:
                return position
    for position in after:
        other = body[position][1]
        short, long = sorted((title, other), key=len)
        if len(short) >= 4 and short in long and len(short) >= words.CONTAINED_SHARE * len(long):
            return position
    for position in after:  # the entry's words but the name before them
        for name in words.NAME_END.finditer(title):
            rest = title[name.end() :]
            if len(rest) >= 4 and (body[position][1] == rest or printed[position].startswith(rest)):
                return position
    return None


# --- descriptions -------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _names() -> dict[str, list[CodeEntry]]:
    index: dict[str, list[CodeEntry]] = {}
    for entry in function_classification().entries.values():
        key = _bare(entry.label)
        if words.MENTION_MIN <= len(key) <= words.MENTION_MAX and key not in words.NOT_A_MENTION:
            index.setdefault(key, []).append(entry)
    return index


def _common(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _mentions(body: str, code: str) -> list[str]:
    """The classification codes the names in ``body`` stand for (longest name first at each place;
    a name several codes bear read as the one nearest ``code``, none when no code of its 类 bears it)."""
    for wording, label in words.DESCRIPTION_NAMES:
        body = wording.sub(label, body)
    names, out, at = _names(), [], 0
    while at < len(body):
        for length in range(min(words.MENTION_MAX, len(body) - at), words.MENTION_MIN - 1, -1):
            entries = names.get(body[at : at + length])
            if not entries:
                continue
            current = [e for e in entries if e.edition != "legacy"] or entries  # the edition in force
            best = max(current, key=lambda e: _common(e.code, code))
            if len({e.code for e in current}) == 1 or _common(best.code, code) >= 3:
                out.append(best.code)
            at += length - 1
            break
        at += 1
    return out


@lru_cache(maxsize=4096)
def _item_code(names: tuple[str, ...]) -> str | None:
    """The 项 a 类/款/项 path names (resolved once per path: the same items recur in every document)."""
    ref = function_classification().resolve_path(list(names), "".join(names))
    return ref.code if ref is not None and len(ref.code) == 7 else None


def _descriptions(found: _Collector, scan: str, items: DocumentItems) -> None:
    read = list(_described(scan, items))
    items.described(code for code, *_ in read)
    copies = copied([(code, body) for code, _, _, _, body in read], items)
    for i, (code, names, match, raw, body) in enumerate(read):
        values: list = [("describedConcept", CodeValue("function", code)), ("evidenceText", body)]
        mentions = dict.fromkeys(_mentions(body, code))
        if function_classification().get(code) is None:
            # an item the national list lacks: its names read as the codes nearest it are guesses, only
            # those the document prints are its own
            mentions = {c: None for c in mentions if c in items.names}
        values += [("mentionedConcept", CodeValue("function", c)) for c in mentions]
        values += [("echoedConcept", CodeValue("function", c)) for c in echoed(body, code, names, items)]
        values += [("copiedConcept", CodeValue("function", c)) for c in copies.get(i, ())]
        found.add("ItemDescription", match.start(), match.start("body") + len(raw), values)


def _path(head: str) -> list[str]:
    """The 类/款/项 names of the path before a description, within its sentence and, where a path begins
    after it, its paragraph: a blank line ends a paragraph, but a text printed with a blank line after
    every line (a PDF's text saved line by line) breaks its path over them."""
    start = max(head.rfind("。", 0, max(0, len(head) - 3)), head.rfind("；"))
    breaks = [i for i in range(len(head) - 1) if head.startswith("\n\n", i) and i > start]
    for cut in [*reversed(breaks), start]:
        path = [
            (m.group("name"), m.group("level")) for m in LEVEL_NAME.finditer(_SPACE.sub("", head[cut + 1 :]))
        ]
        if path and path[0][1] == "类":
            return [n for n, level in path if level in "类款项"]
    return []


def _described(scan: str, items: DocumentItems):
    """Each description: its item's code (in the national list, else among the lines the document's
    tables print), the 类/款/项 names printed, the match, its text and body."""
    for match in words.DESCRIPTION.finditer(scan):
        names = _path(scan[max(0, match.start() - words.DESCRIPTION_HEAD) : match.start()])
        if not names:
            continue
        bare = [_NUMBERING.sub("", n.lstrip('“"')) for n in names]
        code = _item_code(tuple(bare)) or items.resolve(bare)
        if code is None:
            continue
        raw = match.group("body")
        end = words.DESCRIPTION_END.search(raw)
        body = _SPACE.sub("", raw[: end.start()] if end else raw)
        if body:
            yield code, names, match, raw, body


# --- text quality -----------------------------------------------------------------------------------
def _text_quality(
    found: _Collector, scan: str, lines: list[Line], toc_starts: set[int], tables, headings: list[int]
) -> None:
    in_table = _in_tables(tables)
    for match in words.DOUBLED_PUNCTUATION.finditer(scan):
        if not in_table(match.start()):
            found.add("DoubledPunctuation", match.start(), match.end(), [("evidenceText", match.group(0))])
    for before, after, word in repeated_words(lines, in_table):
        found.add("RepeatedWord", before.end - len(word), after.start + len(word), [("evidenceText", word)])
    _shares(found, scan, headings, in_table)


def _in_tables(tables) -> Callable[[int], bool]:
    """Whether an offset is within a table printed (the text quality of prose is judged, not of cells)."""
    spans = [(t.start, t.end) for t in tables]
    return lambda offset: any(a <= offset < b for a, b in spans)


def repeated_words(lines: list[Line], in_table: Callable[[int], bool]) -> Iterator[tuple[Line, Line, str]]:
    """Each word that ends a line of prose and begins the next (the line, the next, the word), and each
    word printed twice in a row within a line of prose (the line up to the first, the rest from the
    copy, the word): the same error where a page joined the lines. The next line is the next one not
    blank: a page that breaks a sentence into paragraphs (…其中：因公出国 / (blank) / 出国（境）费…), a text
    saved with a blank line after every line, break it over blank lines."""
    for line in lines:
        if (
            len(line.text) < words.REPEAT_LINE_MIN
            or not words.PROSE.search(line.text)
            or in_table(line.start)
        ):
            continue
        for m in words.DOUBLED_WORD.finditer(line.text):
            word, at = m.group(1), line.start + m.start() + len(m.group(1))
            yield (
                Line(line.start, at, line.text[: at - line.start]),
                Line(at, line.end, line.text[at - line.start :]),
                word,
            )
    printed = [line for line in lines if line.text]
    for before, after in zip(printed, printed[1:], strict=False):
        if len(before.text) < words.REPEAT_LINE_MIN or len(after.text) < words.REPEAT_LINE_MIN:
            continue
        if after.text[:2] not in before.text[-words.REPEAT_MAX :]:
            continue  # the next line's first two characters do not end this one
        for size in range(words.REPEAT_MAX, 1, -1):
            word = before.text[-size:]
            if after.text.startswith(word) and words.CJK_WORD.fullmatch(word):
                if words.PROSE.search(before.text) and not in_table(before.start):
                    yield before, after, word
                break


def read_once(scan: str, lines: list[Line], tables) -> tuple[str, list[Line]]:
    """The text and lines with a word repeated over a line break read once: its copy at the next
    line's start blanked (same length). The sentence is read as meant (事业收入增加\n增加2,110.3万元 is
    事业收入's change); the repeat stays evidence of the text as printed (``_text_quality``)."""
    repeats = {after.start: len(word) for _, after, word in repeated_words(lines, _in_tables(tables))}
    if not repeats:
        return scan, lines
    pieces, kept = [], 0  # one pass: a text of many repeats is not copied once per repeat
    for at, size in sorted(repeats.items()):
        pieces += [scan[kept:at], " " * size]
        kept = at + size
    scan = "".join(pieces) + scan[kept:]
    out = []
    for line in lines:
        size = repeats.get(line.start)
        if size:
            rest = line.text[size:]
            line = Line(line.end - len(rest.lstrip()), line.end, rest.lstrip())
        inner = [(at - line.start, n) for at, n in repeats.items() if line.start < at < line.end]
        if inner:  # a copy within the line (a doubled word): blanked as in the scan, offsets kept
            text = line.text
            for i, n in inner:
                text = text[:i] + " " * n + text[i + n :]
            line = Line(line.start, line.end, text)
        out.append(line)
    return scan, out


def _shares(found: _Collector, scan: str, headings: list[int], in_table) -> None:
    """Shares listed in one sentence, each with its printed precision (the rules compare them); a
    sentence ends at its 。 or at the next section's heading (``headings``: their offsets)."""
    if "占" not in scan:
        return
    ends = [m.start() for m in words.SENTENCE_END.finditer(scan)]
    ends = sorted({*ends, *(h - 1 for h in headings if h > 0), len(scan)})
    groups: dict[int, list[re.Match[str]]] = {}
    for m in words.SHARE.finditer(scan):
        if m.group("number") not in ("0", "100"):
            groups.setdefault(bisect_right(ends, m.start()), []).append(m)
    for index, shares in groups.items():
        start = ends[index - 1] + 1 if index else 0
        if len(shares) < 2 or in_table(start):
            continue
        group = found.add("ShareList", start, ends[index], [("shareCount", len(shares))])
        for m in shares:
            values = [("decimalPlaces", len(m.group("decimals") or "")), ("evidenceText", m.group(0))]
            found.add("ShareMention", m.start(), m.end(), values, [("inList", group)])
