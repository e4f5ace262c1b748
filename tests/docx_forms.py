"""The corpus PDFs written as Word documents (.docx), to measure the Word reader on whole disclosures.

Many sites attach the 部门决算 / 预算 as a .docx. As ``tests/variants.py`` renders each development PDF's
read document as web pages, this module writes the SAME document as a .docx, from the reader's own
output (its text and ``Page.tables`` grids, through ``blocks_of`` / ``spanned_cells``):

* ``docx``: the narrative as paragraphs (the PDF's wrapped lines joined, as Word holds them; a heading
  bold, body paragraphs indented; the 目录's entries as Word's TOC field writes them: a hyperlink, a tab
  to a dotted right tab stop and a PAGEREF field), each paragraph cut into several runs (with the proofing and bookmark
  marks Word leaves between them), each table a ``w:tbl`` from the grid (a merged cell as ``w:gridSpan``
  and ``w:vMerge`` restart / continue, the first row a repeated header ``w:tblHeader``), a page break
  between the PDF's pages (a ``w:br w:type="page"`` paragraph, or ``w:pageBreakBefore`` on the next
  paragraph), a header and footer part (the organisation, a PAGE field) the reader must leave out;
* ``docx-tables``: the same, with a table the PDF prints over several pages as the one ``w:tbl`` Word
  holds: the header rows the PDF prints again on each page dropped (``w:tblHeader`` repeats them), Word's
  rendered page break in the first row of each later page;
* ``docx-titled``: the ``docx`` form with each table's title and 单位 lines (up to two short paragraphs
  before it) inside the ``w:tbl`` as rows of one cell across its width, as many Word tables hold them,
  a 单位 line as the row 编制单位：(the organisation) | 单位：万元;
* ``docx-numbered``: the ``docx`` form with each paragraph's leading number (一、 （二） 3. 第四部分) taken
  out of its text and printed by Word's automatic numbering (``word/numbering.xml``; the 一、 kind through
  its paragraph style in ``word/styles.xml``; a list restarted with a ``w:startOverride``);
* ``docx-lines``: the PDF's lines kept as paragraphs, pages marked only by ``w:lastRenderedPageBreak``
  (a document whose pages simply filled up, as Word records them).

Nothing generated here is kept: ``bench/docx_forms.py`` prints the comparison, ``tests/test_read_docx.py``
asserts its floor.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from converter.model import Report
from converter.read.types import Cell, ReadDocument, Table
from tests.variants import Block, Variant, _join, blocks_of, cell_text, report_title, spanned_cells

FORMS = ("docx", "docx-tables", "docx-titled", "docx-numbered", "docx-lines")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def package(body: str, parts: dict[str, str] | None = None, rels: str = "") -> bytes:
    """A .docx package around ``body`` (the children of ``w:body``) and further parts."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" xmlns:r="{R}">'
        f"<w:body>{body}</w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_MAIN}.document.main+xml"/></Types>'
    )
    package_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("word/document.xml", document)
        if rels:
            archive.writestr(
                "word/_rels/document.xml.rels",
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">{rels}</Relationships>',
            )
        for name, text in (parts or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def runs(text: str, bold: bool = False, size: int = 7) -> str:
    """``text`` as Word writes it: in several runs, proofing and bookmark marks between some."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    out = []
    for k in range(0, len(text), size):
        piece = text[k : k + size]
        space = ' xml:space="preserve"' if piece != piece.strip() else ""
        out.append(f"<w:r>{props}<w:t{space}>{escape(piece)}</w:t></w:r>")
        if k // size % 3 == 1:
            out.append('<w:proofErr w:type="spellStart"/>')
        elif k // size % 5 == 2:
            out.append(f'<w:bookmarkStart w:id="{k}" w:name="_Toc{k}"/><w:bookmarkEnd w:id="{k}"/>')
    return "".join(out)


def paragraph(text: str, bold: bool = False, props: str = "", before: str = "") -> str:
    return f"<w:p><w:pPr>{props}</w:pPr>{before}{runs(text, bold)}</w:p>"


def table_xml(table: Table, header: int = 1, turn: int | None = None) -> str:
    """The grid as a ``w:tbl``: a merged cell as gridSpan over its columns and vMerge over its rows, the
    first ``header`` rows repeated on each page (``w:tblHeader``), Word's rendered page break in row
    ``turn``."""
    cells = spanned_cells(table)
    width = max((len(row) for row in table.rows), default=0)
    at = {(s.row, s.col): s for s in cells}
    below = {(s.row + k, s.col): s for s in cells for k in range(1, s.rowspan)}
    grid = "".join('<w:gridCol w:w="1200"/>' for _ in range(width))
    rows = []
    for r in range(len(table.rows)):
        tcs, c = [], 0
        while c < width:
            s, merge, text = at.get((r, c)), "", ""
            if s is not None:
                merge, text = ('<w:vMerge w:val="restart"/>' if s.rowspan > 1 else ""), s.text
            elif (s := below.get((r, c))) is not None:
                merge = "<w:vMerge/>"
            if s is None:  # a position no cell covers (a short row)
                tcs.append("<w:tc><w:p/></w:tc>")
                c += 1
                continue
            span = f'<w:gridSpan w:val="{s.colspan}"/>' if s.colspan > 1 else ""
            body = f"<w:p>{runs(text)}</w:p>" if text else "<w:p/>"
            tcs.append(f"<w:tc><w:tcPr>{span}{merge}</w:tcPr>{body}</w:tc>")
            c += s.colspan
        if r == turn:  # the row Word laid out at the top of the next page
            tcs[0] = tcs[0].replace("<w:p>", "<w:p><w:r><w:lastRenderedPageBreak/></w:r>", 1)
        repeated = "<w:trPr><w:tblHeader/></w:trPr>" if r < header else ""
        rows.append(f"<w:tr>{repeated}{''.join(tcs)}</w:tr>")
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


_TOC_HEADING = re.compile(r"目\s*录")


def _toc_pages(doc: ReadDocument, blocks: list[Block]) -> dict[int, int]:
    """The 目录's entries (the paragraphs after its heading, up to the first one the body prints again,
    a table, or on a later page a line naming nothing further on) by block index, each with the page of
    the body's heading it names."""
    start = next(
        (k for k, b in enumerate(blocks) if b.table is None and _TOC_HEADING.fullmatch(_join(b.lines))), None
    )
    if start is None:
        return {}
    key = [re.sub(r"\s+", "", _join(b.lines)) if b.table is None else None for b in blocks]
    entries: dict[int, int] = {}
    for k in range(start + 1, len(blocks)):
        if key[k] is None or key[k] in {key[j] for j in entries}:
            break
        if re.search(r"[.…·]\s*\d{1,3}$", key[k]):
            continue  # printed with its leader and page number already: a plain paragraph
        later = next((j for j in range(k + 1, len(blocks)) if key[j] == key[k]), None)
        if later is None and doc.page_of(blocks[k].start) != doc.page_of(blocks[start].start):
            break  # a line of the next page that names nothing further on: the body has begun
        entries[k] = (doc.page_of(blocks[later].start) or 1) if later is not None else 1
    return entries


def toc_entry(text: str, page: int) -> str:
    """A 目录 entry as Word's TOC field writes it: a hyperlink, a dotted right tab, a PAGEREF field."""
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 '
        '\\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>{page}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    props = '<w:pStyle w:val="TOC1"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8296"/></w:tabs>'
    return f'<w:p><w:pPr>{props}</w:pPr><w:hyperlink w:anchor="_Toc1">{runs(text)}<w:r><w:tab/></w:r>{field}</w:hyperlink></w:p>'


def _rows_text(table: Table, count: int) -> list[list[str]]:
    return [[cell_text(c) for c in row] for row in table.rows[:count]]


def join_continued(doc: ReadDocument, blocks: list[Block]) -> tuple[list[Block], dict[int, tuple[int, int]]]:
    """A table the PDF prints over several pages as the one ``w:tbl`` Word holds: the continuation's
    leading rows that repeat the table's header dropped (``w:tblHeader`` repeats them); per joined
    block, (header rows, the first row of each continuation page: the last one kept)."""
    out: list[Block] = []
    joined: dict[int, tuple[int, int]] = {}
    for block in blocks:
        prev = out[-1] if out else None
        if (
            block.table is not None
            and prev is not None
            and prev.table is not None
            and doc.page_of(block.start) == (doc.page_of(prev.end - 1) or 0) + 1
            and len(block.table.rows[0]) == len(prev.table.rows[0])
        ):
            first, more = prev.table, block.table
            header = next(
                (n for n in (3, 2, 1) if len(more.rows) > n and _rows_text(more, n) == _rows_text(first, n)),
                0,
            )
            rows = first.rows + more.rows[header:]
            out[-1] = Block("table", [], prev.start, block.end, Table(first.page, rows))
            joined[id(out[-1])] = (header or joined.get(id(prev), (1, 0))[0], len(first.rows))
            continue
        out.append(block)
    return out, joined


_UNIT = re.compile(r"(?:金额)?单位[：:]")


def captions_inside(doc: ReadDocument, blocks: list[Block], organisation: str = "") -> list[Block]:
    """Each table's title and 单位 lines (up to two short paragraphs before it on its page) moved into
    the table as rows of one cell across its width, as many Word tables hold them; with ``organisation``
    a 单位 line of a table of three columns or more as the row 编制单位：organisation | 单位：万元."""
    out: list[Block] = []
    for block in blocks:
        moved: list[Block] = []
        while (
            block.table is not None
            and out
            and out[-1].table is None
            and len(moved) < 2
            and len(_join(out[-1].lines)) < 40
            and doc.page_of(out[-1].start) == doc.page_of(block.start)
        ):
            moved.insert(0, out.pop())
        if not moved:
            out.append(block)
            continue
        assert block.table is not None
        width = len(block.table.rows[0])
        rows = tuple(_caption_row(_join(m.lines), width, organisation) for m in moved) + block.table.rows
        out.append(Block("table", [], moved[0].start, block.end, Table(block.table.page, rows)))
    return out


def _caption_row(text: str, width: int, organisation: str) -> tuple[Cell, ...]:
    if organisation and width >= 3 and _UNIT.match(text):
        return (Cell(f"编制单位：{organisation}"),) * (width - 1) + (Cell(text),)
    return (Cell(text),) * width


_CHINESE = "一二三四五六七八九"
# the numbers Word's automatic numbering prints: (pattern, lvlText, numFmt, style carrying it)
_NUMBERED = (
    (re.compile(r"第([一二三四五六七八九十]+)部分\s*"), "第%1部分", "chineseCounting", "part"),
    (re.compile(r"([一二三四五六七八九十]+)、\s*"), "%1、", "chineseCounting", "Heading2"),
    (re.compile(r"[（(]([一二三四五六七八九十]+)[)）]\s*"), "（%1）", "chineseCounting", None),
    (re.compile(r"(\d{1,2})\.(?!\d)\s*"), "%1.", "decimal", None),
    (re.compile(r"(\d{1,2})．\s*"), "%1．", "decimal", None),
    (re.compile(r"(\d{1,2})、\s*"), "%1、", "decimal", None),
)


def _value(number: str) -> int:
    if number.isdigit():
        return int(number)
    tens, _, ones = number.rpartition("十")
    if "十" not in number:
        return _CHINESE.index(number) + 1
    return (_CHINESE.index(tens) + 1 if tens else 1) * 10 + (_CHINESE.index(ones) + 1 if ones else 0)


class Numberer:
    """A paragraph's leading number (一、 （二） 3. 第四部分) taken out of its text and given to Word's
    automatic numbering: a list continued while the numbers follow on, restarted (a new w:num with a
    startOverride) where they do not; the 一、 kind through its paragraph style."""

    def __init__(self) -> None:
        self.nums: list[tuple[int, int]] = [(k, 1) for k in range(len(_NUMBERED))]  # numId k+1: kind k
        self.last: dict[int, tuple[int, int]] = {}  # kind -> (numId, value)

    def take(self, text: str) -> tuple[str, str]:
        """The text without its number, and the paragraph properties that print it."""
        for kind, (pattern, _, _, style) in enumerate(_NUMBERED):
            m = pattern.match(text)
            if m is None or len(text) == m.end():
                continue
            value = _value(m.group(1))
            num, last = self.last.get(kind, (kind + 1, 0))
            if value != last + 1:
                self.nums.append((kind, value))
                num = len(self.nums)
            self.last[kind] = (num, value)
            styled = style is not None and num == kind + 1
            props = f'<w:pStyle w:val="{style}"/>' if style else ""
            own = "" if styled else f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
            return text[m.end() :], props + own
        return text, ""

    def parts(self) -> tuple[dict[str, str], str]:
        head = f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
        for kind, (_, text, fmt, _) in enumerate(_NUMBERED):
            suffix = '<w:suff w:val="space"/>' if kind == 0 else ""
            head += (
                f'<w:abstractNum w:abstractNumId="{kind}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="{fmt}"/>{suffix}<w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
            )
        for num, (kind, start) in enumerate(self.nums, start=1):
            override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            head += f'<w:num w:numId="{num}"><w:abstractNumId w:val="{kind}"/>{override if start > 1 else ""}</w:num>'
        styles = f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">'
        for kind, (_, _, _, style) in enumerate(_NUMBERED):
            if style:
                styles += (
                    f'<w:style w:type="paragraph" w:styleId="{style}"><w:basedOn w:val="Normal"/><w:pPr><w:numPr>'
                    f'<w:numId w:val="{kind + 1}"/></w:numPr></w:pPr></w:style>'
                )
        styles += '<w:style w:type="paragraph" w:styleId="Normal"/></w:styles>'
        rels = (
            f'<Relationship Id="rIdN" Type="{_REL}/numbering" Target="numbering.xml"/>'
            f'<Relationship Id="rIdS" Type="{_REL}/styles" Target="styles.xml"/>'
        )
        return {"word/numbering.xml": head + "</w:numbering>", "word/styles.xml": styles}, rels


def _body(
    doc: ReadDocument,
    blocks: list[Block],
    form: str,
    organisation: str = "",
    numberer: Numberer | None = None,
) -> str:
    out: list[str] = []
    page = None
    joined: dict[int, tuple[int, int]] = {}
    if form == "docx-tables":
        blocks, joined = join_continued(doc, blocks)
    if form == "docx-titled":
        blocks = captions_inside(doc, blocks, organisation)
    toc = _toc_pages(doc, blocks) if form != "docx-lines" else {}
    for k, block in enumerate(blocks):
        number = doc.page_of(block.start) or page
        turned = page is not None and number != page
        page = doc.page_of(max(block.start, block.end - 1)) or number
        if block.table is not None:
            if turned and form != "docx-lines":
                out.append(_PAGE_BREAK)
            table = table_xml(block.table, *joined.get(id(block), (1, None)))
            if turned and form == "docx-lines":  # the first cell's paragraph begins the new page
                table = table.replace("<w:p>", "<w:p><w:r><w:lastRenderedPageBreak/></w:r>", 1)
            out.append(table)
            continue
        text = _join(block.lines) if form != "docx-lines" else block.lines[0]
        props = '<w:ind w:firstLineChars="200"/>' if not block.heading else ""
        before = ""
        if turned and form == "docx-lines":
            before = "<w:r><w:lastRenderedPageBreak/></w:r>"
        elif turned and number is not None and number % 2:
            props = "<w:pageBreakBefore/>" + props
        elif turned:
            out.append(_PAGE_BREAK)
        if k in toc:
            out.append(toc_entry(text, toc[k]))
        elif len(block.lines) > 1 and doc.page_of(block.start) != doc.page_of(block.end - 1):
            out.append(_straddling(doc, block, props, before))
        else:
            if numberer is not None:
                text, numbered = numberer.take(text)
                props = numbered + props
            out.append(paragraph(text, block.heading, props, before))
    return "".join(out)


def _straddling(doc: ReadDocument, block: Block, props: str, before: str) -> str:
    """A paragraph the PDF prints over a page turn: one ``w:p``, Word's rendered page break in it."""
    groups: list[list[str]] = []
    at, page = block.start, None
    for line in block.lines:
        at = max(doc.text.find(line, at), at)
        number = doc.page_of(at)
        if number != page or not groups:
            groups.append([])
        groups[-1].append(line)
        page = number
    broken = "<w:r><w:lastRenderedPageBreak/></w:r>".join(runs(_join(g), block.heading) for g in groups)
    return f"<w:p><w:pPr>{props}</w:pPr>{before}{broken}</w:p>"


def _chrome(report: Report) -> tuple[dict[str, str], str, str]:
    """A header naming the organisation and a footer with a PAGE field: parts the reader leaves out."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="{W}">{paragraph(report_title(report))}</w:hdr>'
    foot = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:ftr xmlns:w="{W}"><w:p><w:r><w:fldChar w:fldCharType="begin"/>'
        '</w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar '
        'w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        "</w:ftr>"
    )
    rels = (
        f'<Relationship Id="rIdH" Type="{_REL}/header" Target="header1.xml"/>'
        f'<Relationship Id="rIdF" Type="{_REL}/footer" Target="footer1.xml"/>'
    )
    section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" '
        'r:id="rIdF"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    )
    return {"word/header1.xml": head, "word/footer1.xml": foot}, rels, section


def docx_document(doc: ReadDocument, report: Report, form: str = "docx") -> bytes:
    blocks = blocks_of(doc, join=form != "docx-lines")  # docx-lines: one paragraph per printed line
    parts, rels, section = _chrome(report)
    numberer = Numberer() if form == "docx-numbered" else None
    body = _body(doc, blocks, form, report.organisation.name, numberer)
    if numberer is not None:
        more, more_rels = numberer.parts()
        parts, rels = {**parts, **more}, rels + more_rels
    return package(body + section, parts, rels)


def docx_variants(
    stem: str, doc: ReadDocument, report: Report, forms: tuple[str, ...] = FORMS
) -> list[Variant]:
    return [
        Variant(form, f"{stem}.{form}.docx", docx_document(doc, report, form), None, None) for form in forms
    ]


__all__ = ["FORMS", "docx_document", "docx_variants", "package", "paragraph", "table_xml"]
