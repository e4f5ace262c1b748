"""The corpus PDFs as a government CMS prints them: a document pasted from Word/WPS into the site's
editor, inside the site's layout template (``tests/variants.py`` builds the clean ``html`` form).

Each form is the SAME document as the ``html`` page (same chrome, narrative and cells), its tables
printed otherwise:

* ``html-split``: a table continued over a PDF page break (Word's page break) as several ``<table>``s,
  each continuation with the header rows repeated (Word's 重复标题行); ``html-split-bare``: the
  continuations without the header (a repeated header the PDF printed dropped);
* ``html-headtable``: each table's header rows in one ``<table>``, its body rows in the next (an editor
  that froze the header as a table of its own);
* ``html-word``: Word's markup: ``<td><p class=MsoNormal align=right><span style=...>1,234.56</span></p>
  </td>``, ``&nbsp;`` padding, ``<br>`` inside long labels, ``<th>`` header cells in ``<thead>``, the body
  in ``<tbody>``, widths and styles, ``<!--[if gte mso 9]>`` comments, blank cells as ``&nbsp;``, the
  misaligned-columns row; its paragraphs as Word's (a heading's numbering as a list's, digit runs in
  ``<span lang=EN-US>``);
* ``html-layout``: the whole article inside the template's outer layout ``<table>`` (a navigation
  table above it, the site's column list beside it), the data tables nested in its cells;
* ``html-thousands``: the Word page with every amount printed with thousands separators;
* ``html-titled``: each table's title lines (its name, 编制单位, 单位：万元) as its first rows, one cell
  across the table each;
* ``html-excel``: those rows as a sheet pasted from Excel/WPS 表格 prints them: ``<col>`` widths,
  ``class=xl65`` and ``x:num`` cells, an empty column after the table's (the sheet's used range), the
  title merged over the table's columns only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from converter.model import Report
from converter.read.types import Cell, ReadDocument, Table
from tests.variants import Block, Page, Variant, cell_text, html_page, spanned_cells, whole_page

CMS_FORMS = (
    "html-split",
    "html-split-bare",
    "html-headtable",
    "html-word",
    "html-layout",
    "html-thousands",
    "html-titled",
    "html-excel",
)

_NUMBER = re.compile(r"^-?[\d,]*\d(?:\.\d+)?$")
_AMOUNT = re.compile(r"^(-?)(\d+)(\.\d+)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LONG_LABEL = 12  # characters: Word wraps a label longer than this in its cell (a <br> in the paste)


def header_rows(table: Table) -> int:
    """The leading rows that print no number: the header (a 栏次 row of 1 2 3 counts as body)."""
    for r, row in enumerate(table.rows):
        if any(_NUMBER.match(cell_text(c)) for c in row):
            return r
    return 0  # a table of words only: no header told


def _continues(prev: Block | None, block: Block) -> bool:
    """A table right after a table of the same width, nothing printed between: its page's part."""
    return (
        prev is not None
        and prev.table is not None
        and block.table is not None
        and len(prev.table.rows[0]) == len(block.table.rows[0])
    )


def _texts(rows: tuple) -> list[list[str]]:
    return [[cell_text(c) for c in row] for row in rows]


def header_counts(blocks: list[Block]) -> list[int]:
    """Each block's header rows: a table's own (``header_rows``); a continuation's, the leading rows
    that repeat its first part's header (a continuation's first rows of words are body rows)."""
    out: list[int] = []
    head: list[list[str]] = []
    prev: Block | None = None
    for block in blocks:
        table = block.table
        if table is None:
            out.append(0)
        elif _continues(prev, block):
            n = len(head)
            out.append(n if n and _texts(table.rows[:n]) == head else 0)
        else:
            out.append(header_rows(table))
            head = _texts(table.rows[: out[-1]])
        prev = block
    return out


_BREAK = "WORDPAGEBREAK"  # where Word's page break is printed between a table's parts
# Word's page break as pasted: an empty paragraph holding the break, the next part on the next page
_BREAK_HTML = (
    '<span style="font-size:10.5pt;mso-bidi-font-size:12.0pt"><br clear="all" '
    'style="mso-special-character:line-break;page-break-before:always"></span>'
    '<p class="MsoNormal"><span lang="EN-US">&nbsp;<o:p></o:p></span></p>'
)


_WORD_ROWS = 14  # body rows a Word page holds (its font larger than the PDF's): a part longer is cut


def _cuts(rows: tuple, first: int) -> list[int]:
    """Where Word's page breaks cut body rows ``rows[first:]``: every ``_WORD_ROWS`` rows, at the first
    row after that no merged cell spans over (a merged cell is never printed on two pages)."""
    out: list[int] = []
    at = first
    while True:
        k = at + _WORD_ROWS
        while k < len(rows) and any(a is b for a, b in zip(rows[k - 1], rows[k], strict=False)):
            k += 1
        if k >= len(rows):
            return out
        out.append(k)
        at = k


def split_blocks(blocks: list[Block], repeat: bool) -> list[Block]:
    """Each table cut at its PDF page breaks and at Word's (``_cuts``), each part after the first with
    its table's header repeated (``repeat``), or without a header."""
    out: list[Block] = []
    head: tuple = ()  # the table's header rows
    prev: Block | None = None
    for block, own in zip(blocks, header_counts(blocks), strict=True):
        table = block.table
        if table is None:
            out.append(block)
            prev = block
            continue
        rows = table.rows
        if not _continues(prev, block):
            head = rows[:own]
            bounds = [0, *_cuts(rows, own), len(rows)]
        else:
            rows = rows[own:]
            bounds = [0, *_cuts(rows, 0), len(rows)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            part = rows[a:b]
            if n or _continues(prev, block):
                part = head + part if repeat else part
                out.append(Block("para", [_BREAK], block.start, block.start))
            out.append(Block("table", [], block.start, block.end, Table(table.page, part, table.bbox)))
        prev = block
    return out


def headtable_blocks(blocks: list[Block]) -> list[Block]:
    """Each table's header rows as a table of their own, its body rows as the next."""
    out: list[Block] = []
    for block, n in zip(blocks, header_counts(blocks), strict=True):
        table = block.table
        if table is None or not 0 < n < len(table.rows):
            out.append(block)
            continue
        out.append(Block("table", [], block.start, block.end, Table(table.page, table.rows[:n], table.bbox)))
        out.append(Block("table", [], block.start, block.end, Table(table.page, table.rows[n:], table.bbox)))
    return out


_TITLE_LINE = 40  # characters: a longer paragraph before a table is narrative, not its title
_TITLE_LINES = 3


def titled_blocks(blocks: list[Block]) -> list[Block]:
    """Each table's title lines (the short paragraphs right before it) as its first rows."""
    out: list[Block] = []
    for block, prev in zip(blocks, [None, *blocks[:-1]], strict=True):
        table = block.table
        if table is None or _continues(prev, block):
            out.append(block)
            continue
        lines: list[Block] = []
        while (
            out
            and len(lines) < _TITLE_LINES
            and out[-1].table is None
            and not out[-1].heading
            and len("".join(out[-1].lines)) <= _TITLE_LINE
            and not out[-1].lines[-1].endswith(("。", "：", ":"))
        ):
            lines.insert(0, out.pop())
        width = len(table.rows[0])
        rows = tuple((Cell(" ".join(b.lines)),) * width for b in lines)
        out.append(
            Block("table", [], block.start, block.end, Table(table.page, rows + table.rows, table.bbox))
        )
    return out


def excel_table(table: Table) -> str:
    """The table as a sheet pasted from Excel: an empty column after its own, a title merged over the
    table's columns only (``titled_blocks``'s rows), numbers with their ``x:num`` value."""
    cells = spanned_cells(table)
    width = len(table.rows[0])
    out = [
        '<table border="0" cellpadding="0" cellspacing="0" width="760" style="border-collapse:collapse;'
        'table-layout:fixed;width:570pt">',
        *(f'<col width="{72 if c else 56}" style="width:54pt">' for c in range(width + 1)),
    ]
    for r in range(len(table.rows)):
        tds = []
        for s in (s for s in cells if s.row == r):
            span = (f' rowspan="{s.rowspan}"' if s.rowspan > 1 else "") + (
                f' colspan="{s.colspan}"' if s.colspan > 1 else ""
            )
            value = s.text.replace(",", "")
            num = f' x:num="{value}"' if _NUMBER.match(s.text) else (" x:str" if s.text else "")
            klass = "xl66" if num.startswith(" x:num") else "xl65"
            tds.append(f'<td class="{klass}"{span}{num}>{html.escape(s.text)}</td>')
        tds.append('<td class="xl67"></td>')  # the sheet's used range: one column more
        out.append(f'<tr height="24" style="mso-height-source:userset;height:18.0pt">{"".join(tds)}</tr>')
    out.append("</table>")
    return "\n".join(out)


# ----------------------------------------------------------------------------------------------
# Word's markup


def thousands(text: str) -> str:
    """An amount with thousands separators (1234.50 as 1,234.50); other text unchanged. Integers are
    left alone: a classification code (20101) prints as one, never grouped."""
    m = _AMOUNT.match(text)
    if m is None or len(m.group(2)) < 4 or not m.group(3):
        return text
    return f"{m.group(1)}{int(m.group(2)):,}{m.group(3) or ''}"


def _word_text(text: str) -> str:
    """A cell's text as Word pastes it: a long label wrapped with <br>, blanks as &nbsp;."""
    if not text:
        return "&nbsp;"
    if len(text) > _LONG_LABEL and not _NUMBER.match(text):
        # Word wraps between two characters of a word, never inside a number or a Latin word
        cuts = [k for k in range(1, len(text)) if _CJK.match(text[k - 1]) and _CJK.match(text[k])]
        if cuts:
            cut = min(cuts, key=lambda k: abs(k - len(text) // 2))
            return f"{html.escape(text[:cut])}<br>\n{html.escape(text[cut:])}"
    return html.escape(text)


_SPAN_STYLE = "font-size:10.5pt;font-family:宋体;mso-ascii-font-family:&quot;Times New Roman&quot;"


def word_table(table: Table, head: int, grouping: bool = False) -> str:
    """The table as Word pastes it (its ``head`` header rows as <th> in <thead>, the body in <tbody>)."""
    cells = spanned_cells(table)
    out = [
        '<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" width="100%" '
        'style="width:100.0%;border-collapse:collapse;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt">',
        "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->",
    ]
    if head:
        out.append("<thead>")
    for r in range(len(table.rows)):
        if r == head and head:
            out.append("</thead>\n<tbody>")
        tag = "th" if r < head else "td"
        tds = []
        for s in (s for s in cells if s.row == r):
            text = thousands(s.text) if grouping else s.text
            align = "right" if _NUMBER.match(text) else ("center" if r < head else "left")
            span = (f' rowspan="{s.rowspan}"' if s.rowspan > 1 else "") + (
                f' colspan="{s.colspan}"' if s.colspan > 1 else ""
            )
            tds.append(
                f'<{tag} width="{60 * s.colspan}" valign="center"{span} style="width:{45 * s.colspan}.0pt;'
                'border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt">'
                f'<p class="MsoNormal" align="{align}" style="text-align:{align}">'
                f'<span style="{_SPAN_STYLE}">&nbsp;{_word_text(text)}&nbsp;<o:p></o:p></span></p></{tag}>'
            )
        out.append(f'<tr style="mso-yfti-irow:{r};height:20.1pt">' + "".join(tds) + "</tr>")
    # the row of column widths Word appends for browsers that misalign columns: empty cells
    widths = "".join('<td width="60" style="border:none"></td>' for _ in table.rows[0])
    out.append(f'<![if !supportMisalignedColumns]><tr height="0">{widths}</tr><![endif]>')
    out.append("</tbody>" if head else "")
    out.append("</table>")
    return "\n".join(out)


_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))"
)
_ASCII_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z,.%\-]*")


def word_paragraph(text: str, heading: bool) -> str:
    """A paragraph as Word pastes it: a heading's numbering as a list's (``<![if !supportLists]>``, the
    number and a run of no-break spaces in spans of their own), Latin and digit runs in ``<span
    lang=EN-US>``, the narrative indented two characters."""
    number = _NUMBERING.match(text) if heading else None
    rest = text[number.end() :] if number else text
    runs = _ASCII_RUN.sub(lambda m: f'</span><span lang="EN-US">{m.group(0)}</span><span>', html.escape(rest))
    body = f"<span>{runs}</span>".replace("<span></span>", "")
    if heading:
        body = f"<b>{body}</b>"
    if number:
        return (
            '<p class="MsoListParagraph" style="margin-left:0cm;text-indent:0cm;mso-list:l0 level1 lfo1">'
            f'<![if !supportLists]><span style="mso-list:Ignore">{html.escape(number.group(0))}<span '
            f'style="font:7.0pt &quot;Times New Roman&quot;">&nbsp;&nbsp;&nbsp; </span></span><![endif]>{body}</p>'
        )
    return f'<p class="MsoNormal" style="text-indent:28.0pt;line-height:150%">{body}<o:p></o:p></p>'


def word_page(page: Page, grouping: bool = False, markup: bool = True, excel: bool = False) -> bytes:
    """The page with each table and paragraph in Word's markup (``markup``; a table as a sheet's with
    ``excel``) or as html_page prints them, Word's page breaks printed where ``split_blocks`` marked them."""
    marks: dict[str, str] = {f"<p>{_BREAK}</p>": _BREAK_HTML}
    blocks = []
    for k, (block, head) in enumerate(zip(page.blocks, header_counts(page.blocks), strict=True)):
        if not markup or block.lines == [_BREAK]:
            blocks.append(block)
            continue
        mark = f"WORDBLOCK{k}"
        if block.table is None:
            from tests.variants import _join

            marks[f"<p>{mark}</p>"] = word_paragraph(_join(block.lines), block.heading)
        else:
            marks[f"<p>{mark}</p>"] = (
                excel_table(block.table) if excel else word_table(block.table, head, grouping)
            )
        blocks.append(Block("para", [mark], block.start, block.end))
    data = html_page(Page(page.title, page.organisation, page.posted, blocks)).decode("utf-8")
    for mark, table in marks.items():
        data = data.replace(mark, table)
    return data.encode("utf-8")


# ----------------------------------------------------------------------------------------------
# the site's layout template


_NAV = (
    '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="nav"><tr>'
    '<td><a href="/">首页</a></td><td><a href="/zwgk/">政务公开</a></td><td><a href="/bsfw/">办事服务</a></td>'
    '<td><a href="/hdjl/">互动交流</a></td><td><a href="/zjxx/">走进本区</a></td></tr></table>'
)
_SIDE = (
    '<td width="220" valign="top" class="side"><table width="100%" border="0"><tr><td>信息公开目录</td></tr>'
    "<tr><td>财政预决算</td></tr><tr><td>政府信息公开年报</td></tr><tr><td>人事信息</td></tr></table></td>"
)


def layout_page(page: Page) -> bytes:
    """The clean page's body inside the template's layout table, beside the site's column list: the
    title and the posting line in rows of their own (no <h1>), each data table in a one-cell frame."""
    data = html_page(page).decode("utf-8")
    start = data.index("<body>") + len("<body>")
    end = data.rindex("</body>")
    content = data[start:end].replace("</table>", "</table></td></tr></table>")
    content = content.replace(
        '<table border="1"', '<table width="100%" border="0"><tr><td align="center"><table border="1"'
    )
    title = f"<h1>{html.escape(page.title)}</h1>"
    info = re.search(r'<div class="info">(.*?)</div>', content)
    content = content.replace(title, "").replace(info.group(0), "") if info else content.replace(title, "")
    posted = "".join(
        f"<td>{part}</td>" for part in (info.group(1) if info else "").split("&nbsp;&nbsp;&nbsp;")
    )
    body = (
        f"{_NAV}\n"
        '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="main"><tr>'
        f'{_SIDE}<td valign="top" class="article"><table width="100%">'
        f'<tr><td class="title" align="center"><font size="5"><b>{html.escape(page.title)}</b></font></td></tr>'
        f"<tr><td><table><tr>{posted}</tr></table></td></tr>"
        f'<tr><td><div class="TRS_Editor">\n{content}\n</div></td></tr></table></td></tr></table>'
    )
    return (data[:start] + body + data[end:]).encode("utf-8")


def cms_variants(stem: str, doc: ReadDocument, report: Report) -> Iterator[Variant]:
    page, _ = whole_page(doc, report)

    def with_blocks(blocks: list[Block]) -> Page:
        return Page(page.title, page.organisation, page.posted, blocks)

    for form, repeat in (("html-split", True), ("html-split-bare", False)):
        data = word_page(with_blocks(split_blocks(page.blocks, repeat)), markup=False)
        yield Variant(form, f"{stem}.{form}.html", data, None, None)
    data = html_page(with_blocks(headtable_blocks(page.blocks)))
    yield Variant("html-headtable", f"{stem}.html-headtable.html", data, None, None)
    yield Variant("html-word", f"{stem}.html-word.html", word_page(page), None, None)
    yield Variant("html-layout", f"{stem}.html-layout.html", layout_page(page), None, None)
    yield Variant("html-thousands", f"{stem}.html-thousands.html", word_page(page, True), None, None)
    titled = with_blocks(titled_blocks(page.blocks))
    yield Variant("html-titled", f"{stem}.html-titled.html", html_page(titled), None, None)
    yield Variant("html-excel", f"{stem}.html-excel.html", word_page(titled, excel=True), None, None)


__all__ = ["CMS_FORMS", "cms_variants", "header_rows", "split_blocks", "thousands", "word_table"]
