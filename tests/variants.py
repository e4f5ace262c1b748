"""The corpus PDFs rendered in the forms real web pages use, to measure the reader on whole tables.

The kept-back web pages publish whole disclosures as HTML ``<table>``s, as text a browser copy gives
(cells separated by tabs, or by runs of blanks and U+00A0, or one cell per line), in traditional
characters with pinyin glosses, as one line of PDF text, or one section only. The development corpus
holds the beginnings of such pages only; this module renders the SAME document as each development
PDF in those forms, from the reader's own output (``ReadDocument.text`` and ``Page.tables``), so that
what the converter publishes from each form can be compared with what it publishes from the PDF.

Nothing generated here is kept: ``bench/variants.py`` prints the comparison, ``tests/test_web_variants.py``
asserts its floors. Each form is built as a page would be:

* ``html``: site chrome (breadcrumb, 发布时间 / 来源 line, 字体 大 中 小, 打印, a footer with the site's
  registration numbers), the title in ``<title>`` and an ``<h1>``, the narrative as ``<p>`` (the PDF's
  wrapped lines joined back into paragraphs), each table as a ``<table>`` built from the grid (a merged
  cell as colspan / rowspan, blank cells empty), the 单位 lines kept;
* ``tabs`` / ``blanks`` / ``cells``: that page as text: table cells separated by tabs (a spanning cell
  once, as a browser copies it), by runs of blanks and no-break spaces, or one cell per line;
* ``traditional``: the tab text in traditional characters (OpenCC s2t) with pinyin glosses after
  some characters ("預(yù)算");
* ``one-line``: the PDF's lines as printed, tables as rows of blank-separated cells, all on one line;
* ``columns-html`` / ``columns-tabs`` / ``-blanks`` / ``-cells`` / ``-one-line``: the page (and its text
  forms) with each table's amount columns in another order, their header cells with them
  (合计/基本支出/项目支出 as 项目支出/基本支出/合计), the code and name columns first and a 总表's two
  sides kept: columns are told by their header words;
* ``yuan-html`` / ``yuan-tabs``: the tables printed in 元 with two decimals (2,961.68 as 29,616,800.00,
  their 单位 line as 单位：元), the narrative left in 万元 (``tests/variant_columns.py``);
* ``three-public`` / ``procurement`` / ``performance``: one section as a page of its own (the 三公经费
  section with its table; the 政府采购 paragraph; the sample's 项目支出绩效自评表);
* ``redate-5`` / ``redate-1`` / ``redate+1`` / ``unit`` (``tests/redate.py``; built on request only,
  ``redated_variants``): the tab page with every year it states shifted by k, or relabelled as a 单位's
  (部门决算 -> 单位决算, 本部门 -> 本单位): the documents of other years and levels the kept-back pages are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from converter.model import Report
from converter.read.types import Cell, ReadDocument, Table

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT.parent / "shared" / "seeds" / "000_0e72b94d2a371e9d.txt"

# the corpus PDFs that convert, and the two publications issued as two PDFs
SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    *((n, (n,)) for n in ("101", "102", "108", "109", "201", "204", "210", "212", "214")),
    ("211+212", ("211", "212")),
    ("213+214", ("213", "214")),
)
WHOLE_FORMS = ("html", "tabs", "blanks", "cells", "traditional", "one-line")
# the same tables as another province prints them (tests/variant_columns.py): amount columns in another
# order, or the tables in 元 (the narrative in 万元), each as a page and as its tab text
PRINTED_FORMS = (
    "columns-html",
    "columns-tabs",
    "columns-blanks",
    "columns-cells",
    "columns-one-line",
    "yuan-html",
    "yuan-tabs",
)
PARTIAL_FORMS = (
    "three-public",
    "three-public-cells",
    "three-public-blanks",
    "procurement",
    "performance",
    "performance-cells",
    "performance-blanks",
)
_TEXT_FORMS = ("-cells", "-blanks")


def source_paths(numbers: tuple[str, ...]) -> list[Path]:
    paths = [next(iter(sorted((CORPUS / "pdf").glob(f"{n}_*.pdf"))), None) for n in numbers]
    return [p for p in paths if p is not None]


# ----------------------------------------------------------------------------------------------
# the document as blocks: paragraphs and tables, each with the characters of the PDF text it renders


@dataclass
class Block:
    kind: str  # "para" | "table"
    lines: list[str]  # a paragraph's lines as printed (joined for a page, kept for one-line text)
    start: int  # [start, end) of the document text the block renders
    end: int
    table: Table | None = None
    heading: bool = False
    wide: bool = False  # a paragraph's last line is as wide as the page's widest: it runs on


_PAGE_NUMBER = re.compile(r"[-—–－\s]*(?:第\s*)?\d{1,3}(?:\s*页)?[-—–－\s]*")
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)"
    r"|附件|附表|目\s*录)"
)
_PARAGRAPH_START = re.compile(
    rf"{_HEADING.pattern}|^(?:表\s*\d|(?:金额)?单位(?:名称)?[：:]|编制(?:部门|单位)[：:]|注[：:]|部门[：:])"
)
_PARAGRAPH_END = re.compile(r"[。；：:！？!?表]$")
_FEW_LINES = 5  # a page with fewer text lines does not show how wide a full line is


def _width(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in text)


def _table_range(table: Table) -> tuple[int, int] | None:
    starts = [c.start for row in table.rows for c in row if c.start is not None]
    ends = [c.end for row in table.rows for c in row if c.end is not None]
    return (min(starts), max(ends)) if starts else None


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    for m in re.finditer(r"[^\n\f]+", text[start:end]):
        line = m.group(0).strip()
        if line:
            at = start + m.start() + m.group(0).find(line)
            out.append((at, at + len(line), line))
    return out


def blocks_of(doc: ReadDocument, join: bool = True) -> list[Block]:
    """The document's text and tables in reading order. With ``join`` the PDF's wrapped lines are
    joined into paragraphs (a line as wide as the page's widest runs on), as a page holds them."""
    blocks: list[Block] = []
    full = _full_width(doc)
    for page in doc.pages:
        placed = sorted((r, t) for t in page.tables if (r := _table_range(t)) is not None)
        cursor = page.start
        segments: list[tuple[int, int, Table | None]] = []
        for (a, b), table in placed:
            if a < cursor:
                continue
            segments += [(cursor, a, None), (a, b, table)]
            cursor = b
        segments.append((cursor, page.end, None))
        lines = [ln for a, b, t in segments if t is None for ln in _lines(doc.text, a, b)]
        widest = max((_width(t) for _, _, t in lines), default=0.0) if len(lines) >= _FEW_LINES else full
        first, last = (lines[0][0], lines[-1][0]) if lines else (-1, -1)
        for a, b, table in segments:
            if table is not None:
                blocks.append(Block("table", [], a, b, table))
                continue
            for s, e, line in _lines(doc.text, a, b):
                if s in (first, last) and _PAGE_NUMBER.fullmatch(line):
                    continue  # a page number: no part of a web page
                _add_line(blocks, s, e, line, join, widest)
    return blocks


def _full_width(doc: ReadDocument) -> float:
    """The width of a full line of the document's prose: the median of its pages' widest lines."""
    widths = []
    for page in doc.pages:
        lines = _lines(doc.text, page.start, page.end)
        if len(lines) >= _FEW_LINES:
            widths.append(max(_width(t) for _, _, t in lines))
    return sorted(widths)[len(widths) // 2] if widths else 40.0


def _add_line(blocks: list[Block], start: int, end: int, line: str, join: bool, widest: float) -> None:
    wide = _width(line) >= 0.85 * widest
    heading = bool(_HEADING.match(line)) and _width(line) < 30 and not wide
    prev = blocks[-1] if blocks else None
    if (
        join
        and prev is not None
        and prev.kind == "para"
        and not prev.heading
        and not _PARAGRAPH_START.match(line)
        and not _PARAGRAPH_END.search(prev.lines[-1])
        and prev.wide
    ):
        prev.lines.append(line)
        prev.end = end
        prev.wide = wide
        return
    blocks.append(Block("para", [line], start, end, heading=heading, wide=wide))


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if out and not (re.match(r"[\u2e80-\uffff]", out[-1]) or re.match(r"[\u2e80-\uffff]", line[0])):
            out += " "
        out += line
    return out


def cell_text(cell: Cell) -> str:
    """A grid cell's text as a page holds it: its wrapped lines joined."""
    return _join([p.strip() for p in cell.text.split("\n") if p.strip()])


# ----------------------------------------------------------------------------------------------
# tables: HTML, and the rows a browser copies


@dataclass
class _Spanned:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str


def spanned_cells(table: Table) -> list[_Spanned]:
    """The grid as HTML cells: a merged cell (one ``Cell`` object at several positions) as the
    rectangle it covers, from its top-left position; a shape that is no rectangle is cut in rows."""
    rows = table.rows
    covered: set[tuple[int, int]] = set()
    out: list[_Spanned] = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if (r, c) in covered:
                continue
            colspan = 1
            while c + colspan < len(row) and row[c + colspan] is cell and (r, c + colspan) not in covered:
                colspan += 1
            rowspan = 1
            while r + rowspan < len(rows) and all(
                c + k < len(rows[r + rowspan]) and rows[r + rowspan][c + k] is cell for k in range(colspan)
            ):
                rowspan += 1
            covered |= {(r + i, c + k) for i in range(rowspan) for k in range(colspan)}
            out.append(_Spanned(r, c, rowspan, colspan, cell_text(cell)))
    return out


def table_html(table: Table) -> str:
    cells = spanned_cells(table)
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">']
    for r in range(len(table.rows)):
        tds = []
        for s in (s for s in cells if s.row == r):
            span = (f' rowspan="{s.rowspan}"' if s.rowspan > 1 else "") + (
                f' colspan="{s.colspan}"' if s.colspan > 1 else ""
            )
            tds.append(f"<td{span}>{html.escape(s.text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def table_rows(table: Table) -> list[list[str]]:
    """Each row's cells as a browser copies them: a spanning cell once, in its first row."""
    cells = spanned_cells(table)
    return [[s.text for s in cells if s.row == r] for r in range(len(table.rows))]


_GAPS = ("  ", "\u00a0\u00a0 ", "   ", " \u00a0\u00a0\u00a0", "\u00a0 \u00a0 ")


def blank_row(cells: list[str], salt: int) -> str:
    """Cells separated by runs of blanks and no-break spaces; a blank cell widens the run."""
    out = ""
    for k, text in enumerate(cells):
        gap = _GAPS[(salt + k) % len(_GAPS)]
        out += (gap if out or not text else "") + text if text else gap
    return out.strip(" \u00a0")


# ----------------------------------------------------------------------------------------------
# pages


@dataclass
class Page:
    """What a page holds: its title, its blocks (and the organisation named in the chrome)."""

    title: str
    organisation: str
    posted: str  # 发布时间
    blocks: list[Block]
    ranges: list[tuple[int, int]] | None = None  # partial pages: the PDF text they hold
    kind: str | None = None  # partial pages: the report kind they are
    documents: list[ReadDocument] = field(default_factory=list)


def _chrome_top(page: Page) -> list[str]:
    return [
        "首页 > 信息公开 > 法定主动公开内容 > 财政预决算",
        page.title,
        f"发布时间：{page.posted}\u00a0\u00a0\u00a0来源：{page.organisation}\u00a0\u00a0\u00a0浏览次数：128",
        "字体：[ 大 中 小 ]\u00a0\u00a0打印\u00a0\u00a0关闭",
    ]


_FOOTER = [
    "主办单位：本区人民政府办公室  网站标识码：3101070001",
    "沪ICP备05012345号-1  沪公网安备 31010702001234号",
]


def _chrome_links(page: Page) -> list[str]:
    """The links a page prints after its text: the articles before and after it, and related ones - other
    publications of the organisation, of other years (a reader must not take them for this one's)."""
    year = re.search(r"(?:19|20)\d{2}", page.title)
    if year is None:
        return []
    y = int(year.group(0))
    other = page.organisation or "本单位"
    return [
        f"上一篇：{other}{y - 1}年度部门决算公开",
        f"下一篇：{other}{y + 1}年度部门预算公开",
        "相关文章",
        f"{other}{y - 2}年度部门决算",
        f"{y - 1}-09-01",
        f"{y - 1}年度部门预算公开 发布日期：{y - 1}年2月1日",
    ]


def html_page(page: Page) -> bytes:
    top = _chrome_top(page)
    body = [
        '<div class="crumb"><a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; '
        '<a href="/xxgk/fdzdgknr/">法定主动公开内容</a> &gt; <a href="/xxgk/czyjs/">财政预决算</a></div>',
        f"<h1>{html.escape(page.title)}</h1>",
        f'<div class="info">{html.escape(top[2]).replace(chr(0xA0), "&nbsp;")}</div>',
        '<div class="tools">字体：[ <a href="#">大</a> <a href="#">中</a> <a href="#">小</a> ]'
        '&nbsp;&nbsp;<a href="javascript:window.print()">打印</a>&nbsp;&nbsp;<a href="#">关闭</a></div>',
        '<div class="content">',
    ]
    for block in page.blocks:
        if block.table is not None:
            body.append(table_html(block.table))
        else:
            text = html.escape(_join(block.lines))
            body.append(f"<p><strong>{text}</strong></p>" if block.heading else f"<p>{text}</p>")
    body.append("</div>")
    links = _chrome_links(page)
    if links:
        body.append(f'<div class="nav"><p>{html.escape(links[0])}</p><p>{html.escape(links[1])}</p></div>')
        items = "".join(f"<li>{html.escape(line)}</li>" for line in links[3:])
        body.append(f'<div class="related"><h3>{links[2]}</h3><ul>{items}</ul></div>')
    body.extend(f'<div class="footer">{html.escape(line)}</div>' for line in _FOOTER)
    head = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(page.title)}_信息公开</title>"
        "<style>td{border:1px solid #000}</style><script>var _hmt=[];</script></head><body>"
    )
    return (head + "\n".join(body) + "</body></html>").encode("utf-8")


def text_page(page: Page, form: str) -> str:
    """The page as text: ``tabs``, ``blanks``, ``cells`` (one cell per line) or ``one-line``."""
    lines = _chrome_top(page)
    salt = 0
    for block in page.blocks:
        if block.table is None:
            lines.extend(block.lines if form == "one-line" else [_join(block.lines)])
            continue
        for cells in table_rows(block.table):
            salt += 1
            if form == "tabs":
                lines.append("\t".join(cells))
            elif form == "cells":
                lines.extend(c for c in cells if c)
            else:
                lines.append(blank_row(cells, salt))
    lines.extend(_chrome_links(page) + _FOOTER)
    lines = [ln for ln in lines if ln.strip(" \u00a0\t")]
    return " ".join(lines) if form == "one-line" else "\n".join(lines)


# pinyin glosses a mirror site inserts after some characters (in traditional form)
_PINYIN = {
    "財": "cái", "預": "yù", "決": "jué", "經": "jīng", "費": "fèi", "務": "wù", "機": "jī", "構": "gòu",
    "發": "fā", "國": "guó", "說": "shuō", "業": "yè", "監": "jiān", "聯": "lián", "衛": "wèi",
    "撥": "bō", "總": "zǒng", "體": "tǐ", "況": "kuàng", "門": "mén", "單": "dān", "項": "xiàng",
    "資": "zī", "產": "chǎn", "購": "gòu", "會": "huì", "議": "yì", "運": "yùn", "車": "chē",
    "類": "lèi", "關": "guān", "員": "yuán", "職": "zhí", "責": "zé", "報": "bào", "計": "jì",
}  # fmt: skip


def traditional(text: str) -> str:
    """Traditional characters (OpenCC s2t), every second occurrence of a glossed character followed
    by its pinyin in parentheses, as mirror sites print them."""
    import opencc

    converted = opencc.OpenCC("s2t").convert(text)
    seen: dict[str, int] = {}
    out = []
    for ch in converted:
        out.append(ch)
        if ch in _PINYIN:
            seen[ch] = seen.get(ch, 0) + 1
            if seen[ch] % 2 == 0:
                out.append(f"({_PINYIN[ch]})")
    return "".join(out)


# ----------------------------------------------------------------------------------------------
# the variants of one source


@dataclass
class Variant:
    form: str
    file_name: str
    data: bytes
    ranges: list[tuple[int, int]] | None  # partial: the PDF text it holds (None: all of it)
    kind: str | None  # partial: the kind it is
    shift: int = 0  # re-dated: the years it states, shifted by this


def report_title(report: Report) -> str:
    from converter.parse.kinds import kind_label

    org = report.organisation.name
    year = f"{report.fiscal_year}年度" if report.fiscal_year else ""
    return f"{org}{year}{kind_label(report.kind, report.phase.value if report.phase else None)}"


def posted(report: Report) -> str:
    """A posting date as the year's page gives it: a 决算 the year after, a budget in its year."""
    year = report.fiscal_year or 2024
    return f"{year + 1}-06-18" if report.phase is None or report.phase.value == "final" else f"{year}-02-06"


def whole_page(doc: ReadDocument, report: Report) -> tuple[Page, Page]:
    """The page (paragraphs joined) and the same page with the PDF's lines kept (for one-line text)."""
    title = report_title(report)
    args = (title, report.organisation.name, posted(report))
    return Page(*args, blocks_of(doc)), Page(*args, blocks_of(doc, join=False))


def whole_variants(stem: str, doc: ReadDocument, report: Report) -> Iterator[Variant]:
    page, lined = whole_page(doc, report)
    yield Variant("html", f"{stem}.html", html_page(page), None, None)
    tabs = text_page(page, "tabs")
    yield Variant("tabs", f"{stem}.tabs.txt", tabs.encode("utf-8"), None, None)
    yield Variant("blanks", f"{stem}.blanks.txt", text_page(page, "blanks").encode("utf-8"), None, None)
    yield Variant("cells", f"{stem}.cells.txt", text_page(page, "cells").encode("utf-8"), None, None)
    yield Variant("traditional", f"{stem}.traditional.txt", traditional(tabs).encode("utf-8"), None, None)
    yield Variant(
        "one-line", f"{stem}.one-line.txt", text_page(lined, "one-line").encode("utf-8"), None, None
    )


def printed_variants(stem: str, doc: ReadDocument, report: Report) -> Iterator[Variant]:
    """The page with its tables printed as another province prints them: columns, or 元."""
    from tests.variant_columns import columns_document, yuan_document, yuan_line

    page, lined = whole_page(columns_document(doc), report)
    yield Variant("columns-html", f"{stem}.columns.html", html_page(page), None, None)
    yield Variant("columns-tabs", f"{stem}.columns.txt", text_page(page, "tabs").encode("utf-8"), None, None)
    for form in ("blanks", "cells", "one-line"):
        data = text_page(lined if form == "one-line" else page, form).encode("utf-8")
        yield Variant(f"columns-{form}", f"{stem}.columns.{form}.txt", data, None, None)
    in_yuan, lines = yuan_document(doc)
    page, _ = whole_page(in_yuan, report)
    for block in page.blocks:
        if block.kind == "para" and any(block.start <= at < block.end for at in lines):
            block.lines = [yuan_line(line) for line in block.lines]
    yield Variant("yuan-html", f"{stem}.yuan.html", html_page(page), None, None)
    yield Variant("yuan-tabs", f"{stem}.yuan.txt", text_page(page, "tabs").encode("utf-8"), None, None)


def _section_range(doc: ReadDocument, key: str) -> tuple[int, int] | None:
    """The first section of ``key`` in the body (not the 目录, not a glossary entry)."""
    from converter.parse.normalise import matching_text
    from converter.parse.sections import split_sections

    sections, _ = split_sections(matching_text(doc.text))
    for section in sections:
        if section.key == key and "glossary" not in section.keys()[1:] and section.end > section.body_start:
            return section.start, section.end
    return None


_PARTIAL_TITLES = {
    "three-public": "“三公”经费{phase}情况说明",
    "procurement": "政府采购情况",
    "performance": "项目支出绩效自评表",
}


def partial_page(doc: ReadDocument, report: Report, form: str) -> Page | None:
    """One section of the document as a page of its own, or None when the document has none."""
    ranges: list[tuple[int, int]] = []
    if form == "performance":
        at = doc.text.find("项目支出绩效自评表")
        ranges = [(doc.text.rfind("\n", 0, at) + 1, len(doc.text))] if at >= 0 else []
    else:
        found = _section_range(doc, form)
        ranges = [found] if found else []
        if form == "three-public":
            from converter.parse.tables import find_standard_tables

            tables = [t for t in find_standard_tables(doc) if t.role == "three_public"]
            ranges += [(tables[0].start, tables[0].end)] if tables and ranges else []
    if not ranges:
        return None
    blocks = [b for b in blocks_of(doc) if any(b.start < e and s < b.end for s, e in ranges)]
    phase = "决算" if report.phase is None or report.phase.value == "final" else "预算"
    year = f"{report.fiscal_year}年度" if report.fiscal_year else ""
    title = f"{report.organisation.name}{year}" + _PARTIAL_TITLES[form].format(phase=phase)
    return Page(title, report.organisation.name, posted(report), blocks, ranges, form)


def partial_variants(stem: str, doc: ReadDocument, report: Report) -> Iterator[Variant]:
    for form in PARTIAL_FORMS:
        section, _, text = form.rpartition("-") if form.endswith(_TEXT_FORMS) else (form, "", "")
        page = partial_page(doc, report, section)
        if page is None:
            continue
        if text:  # the section's page copied as text: one cell per line, or runs of blanks between cells
            data = text_page(page, text).encode("utf-8")
            yield Variant(form, f"{stem}.{form}.txt", data, page.ranges, page.kind)
        else:
            yield Variant(form, f"{stem}.{form}.html", html_page(page), page.ranges, page.kind)


def text_document_tables(doc: ReadDocument) -> ReadDocument:
    """A text document whose tables are tab-separated lines (the sample) as one page with grids: each
    run of lines holding two tabs or more is a table whose cells are the fields."""
    from converter.read.types import Page as ReadPage

    tables: list[Table] = []
    rows: list[tuple[Cell, ...]] = []
    offset = 0
    for line in doc.text.split("\n"):
        if line.count("\t") >= 2:
            cells, at = [], offset
            for part in line.split("\t"):
                cells.append(Cell(part, at if part else None, at + len(part) if part else None))
                at += len(part) + 1
            rows.append(tuple(cells))
        elif rows:
            width = max(len(r) for r in rows)
            tables.append(Table(1, tuple(r + (Cell(""),) * (width - len(r)) for r in rows)))
            rows = []
        offset += len(line) + 1
    pages = (ReadPage(1, 0, len(doc.text), tuple(tables)),)
    return ReadDocument(doc.source, doc.text, pages, doc.warnings, doc.headings, doc.source_url)


def redated_variants(stem: str, doc: ReadDocument, report: Report) -> Iterator[Variant]:
    """The tab page re-dated by each k of ``tests.redate.shifts``, and relabelled as a 单位's."""
    from tests.redate import (
        CHINESE_FORMS,
        RELABELLED_KIND,
        chinese_years,
        relabel,
        shift_name,
        shift_years,
        shifts,
    )

    tabs = text_page(whole_page(doc, report)[0], "tabs")
    for form, k in shifts(report.fiscal_year).items():
        data = shift_years(tabs, k).encode("utf-8")
        yield Variant(form, f"{shift_name(stem, k)}.{form}.txt", data, None, None, k)
    kind = RELABELLED_KIND.get(report.kind or "", report.kind)
    yield Variant("unit", f"{stem}.unit.txt", relabel(tabs).encode("utf-8"), None, kind)
    k = shifts(report.fiscal_year).get("redate-2015", 0)
    if k:
        page = shift_years(html_page(whole_page(doc, report)[0]).decode("utf-8"), k).encode("utf-8")
        yield Variant("redate-2015-html", f"{shift_name(stem, k)}.html", page, None, None, k)
        data = relabel(shift_years(tabs, k)).encode("utf-8")
        yield Variant("unit-2015", f"{shift_name(stem, k)}.unit.txt", data, None, kind, k)
    for form, k in CHINESE_FORMS.items():
        data = shift_years(chinese_years(tabs, "〇○零"), k).encode("utf-8")
        yield Variant(form, f"{shift_name(stem, k)}.{form}.txt", data, None, None, k)
