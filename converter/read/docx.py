"""Word reader (.docx, standard library only): the body's paragraphs and tables in their order.

* Source: the main document part (``word/document.xml``, or where ``_rels/.rels`` points); headers,
  footers, footnotes and comments are not read (page chrome, as the PDF reader's page numbers are not
  part of a page's text).
* Text: each paragraph a line (``w:br`` / ``w:cr`` give further lines, ``w:tab`` a tab, but a 目录
  entry's tab before its page number the dot leader it prints as), its lines
  stripped, empty ones dropped; deleted revisions (``w:del``), field codes and the fallback copy of
  ``mc:AlternateContent`` are skipped; text boxes are read after their paragraph.
* Pages: a page break (``w:br w:type="page"``, ``w:pageBreakBefore``, ``w:lastRenderedPageBreak`` where
  Word last laid the document out, a section starting on a new page) between body blocks starts a new
  page (a form feed), as the PDF reader's pages. A table is read whole on the page it starts on: its
  repeated header rows (``w:tblHeader``) are in the XML once.
* Tables: ``w:tbl`` / ``w:tr`` / ``w:tc`` with ``w:gridSpan`` (and the old ``w:hMerge``) as colspan and
  ``w:vMerge`` restart/continue as rowspan, ``w:gridBefore`` as leading blank positions; a spanning cell
  is the same :class:`Cell` object at every grid position it covers, and each row is written to the text
  as its cells joined by tabs, a spanning cell once (as the HTML reader does), a cell's paragraphs as its
  lines (``\\n``, as the PDF reader keeps a cell's lines). A one-cell table (a frame around the page's
  content) is read as its content; other nested tables are flattened into their cell, a row a line.
  Numbers are the characters printed.

Bounded (converter/read/limits.py): the archive's declared sizes and part count are checked before
anything is inflated (Python's zipfile never inflates past them), ``word/document.xml`` is parsed by expat
in chunks with a DOCTYPE or entity declaration refused and its elements counted, spans and grids are
capped as the HTML reader's, and the read runs in the bounded child process (dispatch.py).
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from converter.read.docx_numbering import Numbering
from converter.read.limits import (
    MAX_DOCX_DOCUMENT_BYTES,
    MAX_DOCX_ELEMENTS,
    MAX_DOCX_NESTING,
    MAX_DOCX_PARTS,
    MAX_DOCX_UNCOMPRESSED,
    MAX_PAGE_TABLE_CELLS,
    MAX_SPAN,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
    MAX_TEXT_CHARS,
    check_archive_parts,
    square_grid,
    too_many_cells,
)
from converter.read.types import Cell, Page, ReadDocument, ReadError, SourceDocument, Table

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# WordprocessingML, transitional and strict: both read as local names ("p", "tbl"), attributes too ("val")
_W = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
}
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the relationship type naming the main part
_SKIP = {"del", "moveFrom", "instrText", "delText", "pPr", "rPr", "tblPr", "trPr"}
_SKIP |= {"tcPr", "sectPr", "tblGrid", "footnoteReference", "endnoteReference", "mc_Fallback"}
_SKIP |= {"commentReference", "fldChar", "proofErr", "bookmarkStart", "bookmarkEnd"}
_PAGE = "\f"  # a page break inside a paragraph's pieces
# a 目录 entry's tab before its page number: written as the dot leader Word's TOC tab stops print (a
# PDF of the document holds "一、主要职能……3"), not as a tab, which would make it a table row of one amount
_LEADER_TAB = re.compile(r"\t[.…·・\s]*(?=\d{1,3}$)")

_SPANS = "gridSpan / vMerge"  # what expands a table's grid, as the refusal names it


# --- the XML, bounded ---------------------------------------------------------------------------


def _name(raw: str) -> str:
    namespace, _, local = raw.rpartition(" ")
    if namespace in _W:
        return local
    if namespace == _MC:
        return "mc_" + local
    return "{" + namespace + "}" + local if namespace else local


def _refuse_declaration(*_args: object) -> None:
    raise ReadError("the Word document declares a DOCTYPE or entities, which a .docx never has (refused)")


def parse_xml(stream: io.BufferedIOBase, what: str) -> Element:
    """The part's XML as a tree of elements named ``w:local`` (expat, fed in chunks): a DOCTYPE or an
    entity declaration is refused before anything is expanded, the elements are counted as they come."""
    builder = TreeBuilder()
    parser = expat.ParserCreate(namespace_separator=" ")
    count = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_DOCX_ELEMENTS:
            raise ReadError(f"{what} has more than {MAX_DOCX_ELEMENTS:,} XML elements, more than is read")
        builder.start(_name(tag), {_name(k): v for k, v in attrs.items()})

    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_name(tag))
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ReadError(f"not a readable Word document: {what} is not well-formed XML ({exc})") from exc
    return builder.close()


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose parts would inflate beyond the limits (a zip bomb), before any is read."""
    check_archive_parts(archive.infolist(), "the Word document", MAX_DOCX_PARTS, MAX_DOCX_UNCOMPRESSED)


def _related(archive: zipfile.ZipFile, part: str, kind: str) -> Element | None:
    """The main part's related part of ``kind`` (numbering, styles) parsed, where the part's relationships
    or the usual name (word/numbering.xml) find one; None where there is none."""
    names = set(archive.namelist())
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    target = posixpath.join(folder, kind + ".xml")
    if rels in names:
        with archive.open(rels) as stream:
            for rel in parse_xml(stream, rels):
                if rel.get("Type", "").endswith("/" + kind) and rel.get("Target"):
                    found = rel.get("Target", "")
                    target = found.lstrip("/") if found.startswith("/") else posixpath.join(folder, found)
                    target = posixpath.normpath(target)
    if target not in names:
        return None
    if archive.getinfo(target).file_size > MAX_DOCX_DOCUMENT_BYTES:
        raise ReadError(
            f"the Word document's {kind} part is more than the {MAX_DOCX_DOCUMENT_BYTES:,} bytes read"
        )
    with archive.open(target) as stream:
        return parse_xml(stream, target)


def main_part(archive: zipfile.ZipFile) -> str:
    """The main document part: where the package's relationships point, else word/document.xml."""
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        with archive.open("_rels/.rels") as stream:
            rels = parse_xml(stream, "_rels/.rels")
        for rel in rels:
            target = rel.get("Target", "")
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT) and target:
                part = posixpath.normpath(target.lstrip("/"))
                if part in names:
                    return part
    if "word/document.xml" in names:
        return "word/document.xml"
    raise ReadError("not a Word document: the archive has no word/document.xml")


# --- the body as text ---------------------------------------------------------------------------


@dataclass
class _Out:
    """The text written so far, its pages and the tables of the page being written."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    page_start: int = 0
    pages: list[Page] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    page_cells: int = 0
    warnings: list[str] = field(default_factory=list)
    numbering: Numbering = field(default_factory=lambda: Numbering(None, None))

    def emit(self, piece: str) -> None:
        piece = unicodedata.normalize("NFC", piece)
        self.parts.append(piece)
        self.length += len(piece)
        if self.length > MAX_TEXT_CHARS:
            raise ReadError(f"the document's text has more than the {MAX_TEXT_CHARS:,} characters read")

    def line(self, text: str) -> None:
        if text:
            self.emit(text + "\n")

    def page_break(self) -> None:
        """A new page, unless the page so far is empty (breaks in a row make one)."""
        if self.length == self.page_start:
            return
        self.pages.append(Page(len(self.pages) + 1, self.page_start, self.length, tuple(self.tables)))
        self.emit("\f")
        self.page_start, self.tables, self.page_cells = self.length, [], 0

    def close(self) -> None:
        if self.pages and self.length == self.page_start:  # the document ended on a page break
            self.parts.pop()  # its form feed: the last page is the one before
            self.length -= 1
            return
        self.pages.append(Page(len(self.pages) + 1, self.page_start, self.length, tuple(self.tables)))


def _val(element: Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get("val", default)


def _on(element: Element | None) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    return element is not None and _val(element, "true") not in ("false", "0", "off")


def _pieces(element: Element, in_cell: bool, later: list[Element]) -> list[str]:
    """A paragraph's text as pieces, ``_PAGE`` where a page breaks inside it; text boxes go to ``later``."""
    out: list[str] = []
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == "t":
            out.append(child.text or "")
        elif tag == "tab" or tag == "ptab":
            out.append(" " if in_cell else "\t")
        elif tag == "br":
            kind = child.get("type")
            out.append(_PAGE if kind == "page" and not in_cell else ("" if kind == "column" else "\n"))
        elif tag == "cr":
            out.append("\n")
        elif tag == "lastRenderedPageBreak":
            out.append("" if in_cell else _PAGE)
        elif tag == "noBreakHyphen":
            out.append("-")
        elif tag == "txbxContent":
            later.append(child)
        elif tag == "mc_AlternateContent":
            choice = next(iter(child), None)
            if choice is not None:
                out.extend(_pieces(choice, in_cell, later))
        else:  # runs, hyperlinks, fields, smart tags, insertions, content controls, drawings
            out.extend(_pieces(child, in_cell, later))
    return out


def _lines(text: str) -> list[str]:
    return [line for line in (raw.strip() for raw in text.split("\n")) if line]


def _section_breaks(paragraph: Element) -> bool:
    """A section ends with this paragraph and the next one starts on a new page."""
    section = paragraph.find("pPr/sectPr")
    return section is not None and _val(section.find("type"), "nextPage") != "continuous"


def _body(container: Element, out: _Out, depth: int = 0) -> None:
    for child in container:
        tag = child.tag
        if tag == "p":
            _paragraph(child, out)
        elif tag == "tbl":
            _table(child, out, depth)
        elif tag == "altChunk":
            out.warnings.append("an embedded part (w:altChunk) of the Word document was not read")
        elif tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"):
            _body(child, out, depth)
        elif tag == "mc_AlternateContent":
            choice = next(iter(child), None)
            if choice is not None:
                _body(choice, out, depth)


def _paragraph(paragraph: Element, out: _Out) -> None:
    if _on(paragraph.find("pPr/pageBreakBefore")):
        out.page_break()
    later: list[Element] = []
    text = _numbered(out.numbering.label(paragraph), "".join(_pieces(paragraph, False, later)))
    for k, piece in enumerate(text.split(_PAGE)):
        if k:
            out.page_break()
        for line in _lines(piece):
            out.line(_LEADER_TAB.sub("……", line) if "\t" in line else line)
    for box in later:
        _body(box, out)
    if _section_breaks(paragraph):
        out.page_break()


def _numbered(label: str, text: str) -> str:
    """The paragraph's text after the number Word prints before it (its indent blanks dropped)."""
    return label + text.lstrip(" \u3000") if label else text


def _cell_lines(container: Element, depth: int, numbering: Numbering) -> list[str]:
    """A cell's text as lines: its paragraphs, a nested table a row a line (its cells joined by blanks)."""
    lines: list[str] = []
    for child in container:
        if child.tag == "p":
            later: list[Element] = []
            lines += _lines(_numbered(numbering.label(child), "".join(_pieces(child, True, later))))
            for box in later:
                lines += _cell_lines(box, depth, numbering)
        elif child.tag == "tbl":
            for row in _rows(child, depth + 1, numbering):
                texts = [" ".join(cell.lines) for cell in row if cell.lines]
                if texts:
                    lines.append(" ".join(texts))
        elif child.tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
            lines += _cell_lines(child, depth, numbering)
    return lines


@dataclass
class _Tc:
    lines: list[str]
    span: int = 1
    merge: str | None = None  # vMerge: "restart", "continue" or None
    hmerge: str | None = None
    before: int = 0  # grid positions left blank before it (the row's gridBefore)
    element: Element | None = None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), MAX_SPAN))
    except (TypeError, ValueError):
        return 1


def _tcs(container: Element) -> list[Element]:
    """The row's cells, through content controls and custom XML around them."""
    out: list[Element] = []
    for child in container:
        if child.tag == "tc":
            out.append(child)
        elif child.tag in ("sdt", "sdtContent", "customXml"):
            out += _tcs(child)
    return out


def _trs(container: Element) -> list[Element]:
    out: list[Element] = []
    for child in container:
        if child.tag == "tr":
            out.append(child)
        elif child.tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
            out += _trs(child)
    return out


def _rows(table: Element, depth: int, numbering: Numbering) -> list[list[_Tc]]:
    if depth > MAX_DOCX_NESTING:
        raise ReadError(f"the Word document nests tables more than {MAX_DOCX_NESTING} deep")
    rows: list[list[_Tc]] = []
    for tr in _trs(table):
        grid_before = tr.find("trPr/gridBefore")
        before = _span(_val(grid_before)) if grid_before is not None else 0
        row: list[_Tc] = []
        for tc in _tcs(tr):
            props = tc.find("tcPr")
            span = _span(_val(props.find("gridSpan"))) if props is not None else 1
            vmerge = props.find("vMerge") if props is not None else None
            hmerge = props.find("hMerge") if props is not None else None
            merge = None if vmerge is None else ("restart" if _val(vmerge) == "restart" else "continue")
            horizontal = None if hmerge is None else ("restart" if _val(hmerge) == "restart" else "continue")
            lines = _cell_lines(tc, depth, numbering)
            row.append(_Tc(lines, span, merge, horizontal, before if not row else 0, tc))
        rows.append(row)
    return rows


def _grid(rows: list[list[_Tc]]) -> tuple[list[list[int | None]], list[_Tc]]:
    """Expand the spans: a matrix of indices into the flat cell list (a merged cell one index)."""
    cells: list[_Tc] = []
    matrix: list[list[int | None]] = []
    positions = 0
    for r, row in enumerate(rows):
        line: list[int | None] = []
        for tc in row:
            line.extend([None] * tc.before)
            c = len(line)
            if c + tc.span > MAX_TABLE_COLUMNS:
                raise too_many_cells(_SPANS)
            above = matrix[r - 1][c] if r and c < len(matrix[r - 1]) else None
            if tc.merge == "continue" and above is not None:
                index = above
                cells[index].lines += tc.lines  # Word keeps a continued cell empty; text is kept
            elif tc.hmerge == "continue" and line and line[-1] is not None:
                index = line[-1]
                cells[index].lines += tc.lines
            else:
                index = len(cells)
                cells.append(tc)
            line.extend([index] * tc.span)
            positions += tc.span
            if positions > MAX_TABLE_CELLS:
                raise too_many_cells(_SPANS)
        matrix.append(line)
    square_grid(matrix, _SPANS)
    return matrix, cells


def _begins_page(table: Element) -> bool:
    """Word laid the table out from the top of a page: a rendered break in its first row."""
    first = next(iter(_trs(table)), None)
    return first is not None and next(first.iter("lastRenderedPageBreak"), None) is not None


def _table(table: Element, out: _Out, depth: int) -> None:
    if depth == 0 and _begins_page(table):
        out.page_break()
    rows = _rows(table, depth, out.numbering)
    tcs = [tc for row in rows for tc in row]
    if len(tcs) == 1 and tcs[0].element is not None:  # a frame around content: read as the content
        _body(tcs[0].element, out, depth + 1)
        return
    matrix, flat = _grid(rows)
    if not matrix or not any(tc.lines for tc in flat):
        return
    out.page_cells += len(matrix) * len(matrix[0])
    if out.page_cells > MAX_PAGE_TABLE_CELLS:
        raise too_many_cells(_SPANS)
    if out.parts and not out.parts[-1].endswith(("\n", "\f")):
        out.emit("\n")
    top, bottom = _captions(matrix, flat)
    for line in matrix[:top]:
        _caption_line(line, flat, out)
    if top < len(matrix) - bottom:
        _grid_rows(matrix[top : len(matrix) - bottom], flat, out)
    for line in matrix[len(matrix) - bottom :]:
        _caption_line(line, flat, out)


# a cell that labels what follows its colon (编制单位：…, 单位：万元, 注：…): a caption's, not a header's
_LABELLED = re.compile(r"^[^：:\d\n]{1,10}[：:]")


def _filled(line: list[int | None], flat: list[_Tc]) -> list[int]:
    return list(dict.fromkeys(i for i in line if i is not None and flat[i].lines))


def _captions(matrix: list[list[int | None]], flat: list[_Tc]) -> tuple[int, int]:
    """How many leading and trailing rows are the table's caption, not its rows, as Word tables often hold
    them and a PDF prints them as lines (where the tables' parser finds a table's title and unit): a row
    of no text; of one cell across the whole width (a title, 单位：万元, 注：…); or of a few cells each a
    label and its value (编制单位：某局 | 单位：万元). A cell merged into the next row is the header's."""

    def caption(r: int) -> bool:
        filled = _filled(matrix[r], flat)
        if any(i in matrix[k] for i in filled for k in (r - 1, r + 1) if 0 <= k < len(matrix)):
            return False
        if len(filled) <= 1 and all(i == matrix[r][0] for i in matrix[r]):
            return True
        return len(filled) <= 3 and all(_LABELLED.match(flat[i].lines[0]) for i in filled)

    top = 0
    while top < len(matrix) and caption(top):
        top += 1
    bottom = 0
    while bottom < len(matrix) - top and caption(len(matrix) - 1 - bottom):
        bottom += 1
    return top, bottom


def _caption_line(line: list[int | None], flat: list[_Tc], out: _Out) -> None:
    """A caption row as the PDF prints it: its one cell's lines, or its labelled cells on one line."""
    filled = _filled(line, flat)
    if len(filled) == 1:
        for text in flat[filled[0]].lines:
            out.line(text)
    elif filled:
        out.line(" ".join(" ".join(flat[i].lines) for i in filled))


def _grid_rows(matrix: list[list[int | None]], flat: list[_Tc], out: _Out) -> None:
    """The rows written as tab-separated lines (a spanning cell once) and listed as a Table of the page."""
    made: dict[int, Cell] = {}
    for r, line in enumerate(matrix):
        if r:
            out.emit("\n")
        first = True
        for index in line:
            if index is None or index in made:
                continue
            if not first:
                out.emit("\t")
            first = False
            text = unicodedata.normalize("NFC", "\n".join(flat[index].lines))
            start = out.length
            out.emit(text)
            made[index] = Cell(text, start if text else None, out.length if text else None)
    out.emit("\n")
    grid = tuple(tuple(made[index] if index is not None else Cell("") for index in line) for line in matrix)
    out.tables.append(Table(page=len(out.pages) + 1, rows=grid))


def read_docx(data: bytes, source: SourceDocument) -> ReadDocument:
    if not data.strip():
        raise ReadError("the file is empty")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
            part = main_part(archive)
            size = archive.getinfo(part).file_size
            if size > MAX_DOCX_DOCUMENT_BYTES:
                raise ReadError(
                    f"the Word document's text part is {size:,} bytes, more than the "
                    f"{MAX_DOCX_DOCUMENT_BYTES:,} read"
                )
            with archive.open(part) as stream:
                root = parse_xml(stream, part)
            numbering = Numbering(*(_related(archive, part, kind) for kind in ("numbering", "styles")))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError, EOFError) as exc:
        raise ReadError(f"not a readable Word document (.docx) ({exc.__class__.__name__})") from exc
    body = root.find("body")
    if body is None:
        raise ReadError("not a Word document: its main part has no w:body")
    out = _Out(numbering=numbering)
    _body(body, out)
    out.close()
    text = "".join(out.parts)
    if not text.strip() and out.warnings:  # all of it in an embedded HTML / MHT part (a site's export)
        raise ReadError(
            "the Word document's content is an embedded part (w:altChunk), which is not read: open it in Word "
            "and save it as .docx or PDF"
        )
    if not text.strip():
        raise ReadError("the Word document has no text (scanned images only?): run OCR on it first")
    source = SourceDocument(source.file_name, source.sha256, MEDIA_TYPE, source.size, None)
    return ReadDocument(source=source, text=text, pages=tuple(out.pages), warnings=tuple(out.warnings))
