"""The template's tables, recognised in a :class:`ReadDocument` by what they are.

A table is found by its title (any prefix: "表1：", "公开05表", "一、2017年度XX部门…", a trailing
"（功能科目）") and its header: the title's words give its *role* (``converter.parse.template``), the
header rows give each column's path ("收入/决算数", "本年支出/基本支出"). Knows the template, not RDF and
not the project's model. Amounts stay the strings printed; blank cells are left out of
``TableRow.cells`` (a blank cell means zero to a person but is not a printed figure).

Two sources of tables:

* ``Page.tables`` (PDF/HTML readers): the header rows are flattened into column paths
  (every distinct header cell above a column; a header spanning the whole table is left out:
  ``converter.parse.grid_header``); tables printed side by
  side (收入 | 支出, two economic-code halves) are split into column groups, each giving its own
  :class:`TableRow` (``group`` 0, 1 ...). A table continued on the next page takes the columns of its
  first part, matched by position on the page.
* plain text (``converter.parse.text_tables``): rows are lines or runs of cells; a row's numbers are
  keyed by position (``"#1"``, ``"#2"`` ...), ``StandardTable.positional`` is True, and the column each
  number belongs to is inferred there (``TableRow.placed``).

A merged PDF/HTML cell is the same ``Cell`` object at every grid position it covers (see the
readers); identity is what tells a span from a repeated text here. A grid no title names is still
read, as a table of role "other" under the nearest line above it: no printed figure is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from converter.parse import template
from converter.parse.code_levels import CodeLevels, column_levels
from converter.parse.grid_header import (
    ColumnsMeta,
    aligned_columns,
    banner_of,
    column_extents,
    column_groups,
    column_roles,
    header_paths,
    is_amount,
    join_lines,
    repeated_header,
    split_header,
)
from converter.parse.table_titles import normalise_title, title_part, title_role
from converter.read.types import Cell, ReadDocument, Table

__all__ = [
    "STANDARD_TABLES",
    "CellValue",
    "StandardTable",
    "TableRow",
    "detect_family",
    "family_table_keys",
    "find_standard_tables",
    "missing_standard_tables",
    "normalise_title",
    "title_role",
]


@dataclass(frozen=True)
class CellValue:
    text: str  # as printed ("2,940.05"), wrapped lines joined
    start: int | None  # offsets into ReadDocument.text
    end: int | None
    page: int | None
    formula: str | None = None  # a spreadsheet's value computed from this formula (no stored result)


@dataclass
class TableRow:
    label: str  # 科目名称 / 项目 as written, wrapped lines joined; "parent/child" over several label columns
    code: str | None  # "2010601" (功能分类 类款项 digits) or "30101" (经济分类), else None
    code_scheme: str | None  # "function" | "economic" | None
    cells: dict[str, CellValue] = field(default_factory=dict)  # column path -> value (blanks omitted)
    page: int | None = None
    group: int = 0  # column group for side-by-side tables (0 = left)
    label_start: int | None = None
    label_end: int | None = None
    # text input: "#k" -> (column path or None when undecided, how it was decided)
    placed: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    positions: tuple[int, ...] | None = None  # text input: tab field of each number (blank fields kept)
    alt_positions: tuple[int, ...] | None = None  # the same counted from the line's end, where it differs
    fields: int | None = None  # text input: the value fields its tab line prints, blank ones (trailing) too
    # a code printed by level (类 | 款 | 项 columns, the row printing only its own part), its levels above
    # taken from the rows above (``converter.parse.code_levels``)
    code_completed: bool = False


@dataclass
class StandardTable:
    title: str  # as printed
    kind_key: str  # e.g. "final.income", "budget.general_function"
    unit: str | None  # "万元" | "元" | None
    page_first: int | None
    page_last: int | None
    columns: list[str]
    rows: list[TableRow]
    empty_statement: str | None
    start: int  # offset of the title
    end: int  # offset just after the table's last character
    positional: bool = False  # True when cells are keyed by position (text input)
    unit_inferred: bool = False  # no 单位 line: the unit of the table before (or after) it is taken
    # text input: which column is the sum of which (``column_inference.Columns.sums``), for a second read
    column_sums: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)

    @property
    def role(self) -> str:
        return self.kind_key.split(".", 1)[1].replace("general_function", "general_expenditure")

    @property
    def phase(self) -> str:
        return self.kind_key.split(".", 1)[0]


def _standard_tables() -> dict[str, tuple[str, str, bool, tuple[str, ...]]]:
    """kind_key -> (canonical title, phase, required by the national list, normalised title variants),
    derived from the template data (kept for callers that look tables up by title)."""
    required = {
        "final": set(template.FAMILIES["national-final-2019"].roles),
        "budget": set(template.FAMILIES["national-budget"].roles),
    }
    out: dict[str, tuple[str, str, bool, tuple[str, ...]]] = {}
    for phase in ("final", "budget"):
        for role, spec in template.ROLES.items():
            title = spec.final_title if phase == "final" else spec.budget_title
            variants = tuple(
                v
                for v in (normalise_title(title), *spec.variants)
                if template.title_phase(v) in (None, phase)
            )
            out[template.kind_key(phase, role)] = (title, phase, role in required[phase], variants)
    return out


_UNIT = re.compile(r"单位\s*[：:]\s*(万元|千元|亿元|元)")
_EMPTY = re.compile(
    r"[^\n。]*(?:本表无数据|表无数据|本表为空|为空表|无此项数据|本表内容为空|本表无内容|无相关收支|无该项目|无此项目"
    r"|无.{0,12}(?:收支|支出|收入)(?:，|,)?故本表|本表(?:金额)?为0)[^\n。]*。?"
)


# ---------------------------------------------------------------------------------------------
# tables read with a grid (PDF, HTML)


def grid_span(table: Table) -> tuple[int, int] | None:
    """Where a grid's cells stand in the document's text, or None for a grid holding no text."""
    start, end = _table_span(table)
    return (start, end) if start is not None and end is not None else None


def _table_span(table: Table) -> tuple[int | None, int | None]:
    starts = [c.start for row in table.rows for c in row if c.start is not None]
    ends = [c.end for row in table.rows for c in row if c.end is not None]
    return (min(starts) if starts else None, max(ends) if ends else None)


def _code_of(cells: list[Cell]) -> str | None:
    parts = [c.text.replace(" ", "").replace("\n", "") for c in cells if c.text.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    # one code printed over 类/款/项 columns (a merged cell, or the same text repeated): once
    if len(parts) > 1 and len(set(parts)) == 1 and len(parts[0]) >= 3:
        return parts[0]
    return "".join(parts)


_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\s?\d{2}){0,3})\s*(\S.*)$")
# a classification code leads with its 类: function codes 2xx, economic 3xx (部门) / 5xx (政府)
_GLUED_CODE = re.compile(r"^(?:[235]\d{2}|[235]\d{4}|2\d{6})$")
# what follows a number that is an amount or a count, not a classification code
_NOT_A_NAME = re.compile(r"^[万元千亿年月日人个次辆台件项批%．.,，、]")


def _code_and_name(text: str, strict: bool = False) -> tuple[str, str] | None:
    """("2010801", "行政运行") from "2010801行政运行" or "201 08 01 行政运行". ``strict`` (a label cell,
    where a number may be an amount or a count): only a code of classification shape before a name."""
    m = _CODE_AND_NAME.match(text)
    if m is None:
        return None
    code, name = m.group(1).replace(" ", ""), m.group(2)
    if strict and (
        not _GLUED_CODE.match(code) or _NOT_A_NAME.match(name) or not re.match(r"[\u4e00-\u9fff]", name)
    ):
        return None
    return code, name


def scheme_of(code: str | None, code_header: str, role: str | None) -> str | None:
    if code is None:
        return None
    if "经济" in code_header or role in ("general_basic", "appropriation_basic", "basic", "agency_operating"):
        return "economic" if code.startswith(("3", "5")) or "经济" in code_header else "function"
    if "功能" in code_header or code.startswith("2"):
        return "function"
    return "economic" if code.startswith(("3", "5")) else None


def _value(cell: Cell, page: int) -> CellValue:
    return CellValue(join_lines(cell.text), cell.start, cell.end, page, cell.formula)


def _label_of(row: tuple[Cell, ...], label_cols: list[int]) -> tuple[str, Cell | None]:
    """The row's label: its label cells joined parent/child (a merged cell counts once)."""
    parts: list[str] = []
    seen: list[Cell] = []
    first: Cell | None = None
    for j in label_cols:
        cell = row[j]
        if any(cell is s for s in seen):
            continue
        seen.append(cell)
        text = join_lines(cell.text)
        if text and (not parts or parts[-1] != text):
            parts.append(text)
            first = first or cell
    last = next((row[j] for j in reversed(label_cols) if row[j].text.strip()), first)
    return "/".join(parts), last


def _rows_of(
    table: Table,
    data: list[tuple[Cell, ...]],
    paths: list[str],
    roles: list[str],
    role: str,
    banner: str | None,
    by_level: CodeLevels,
) -> list[TableRow]:
    out: list[TableRow] = []
    groups = column_groups(roles)
    for row in data:
        for g_index, group in enumerate(groups):
            code_cols = [j for j in group if roles[j] == "code" and j < len(row)]
            label_cols = [j for j in group if roles[j] == "label" and j < len(row)]
            value_cols = [j for j in group if roles[j] == "value" and j < len(row)]
            # 类/款/项 words printed in the code columns of the first data row are header words
            code_cells: list[Cell] = []
            for j in code_cols:  # a merged cell over the 类/款/项 columns counts once
                if row[j].text.strip() not in ("类", "款", "项") and not any(row[j] is c for c in code_cells):
                    code_cells.append(row[j])
            code = _code_of(code_cells)
            label, label_cell = _label_of(row, label_cols)
            completed = by_level.complete(row, column_levels(paths, code_cols), g_index)
            if completed is not None:
                code, named = completed
                label = label or named
            if code is None and code_cells and not label:
                code, label = _code_and_name(join_lines(code_cells[0].text)) or (None, label)
            elif code is None and label and not any(c.text.strip() for c in code_cells):
                # a table with no code column printing "2010801行政运行" or "301 工资福利支出" in its
                # label cell: the code is printed, only not in a column of its own
                code, label = _code_and_name(label, strict=True) or (None, label)
            if completed is None:
                by_level.state(code, g_index)
            cells: dict[str, CellValue] = {}
            # a label cell spilling over a value column is no value
            seen: list[Cell] = [row[j] for j in code_cols + label_cols]
            for j in value_cols:
                c = row[j]
                if not c.text.strip() or any(c is s for s in seen):
                    continue
                seen.append(c)
                cells[paths[j] or f"#{j + 1}"] = _value(c, table.page)
            if not label and not cells and code is None:
                continue
            if not label and not label_cols and banner:
                label = banner
            code_header = " ".join(paths[j] for j in code_cols)
            out.append(
                TableRow(
                    label=label,
                    code=code,
                    code_scheme=scheme_of(code, code_header, role),
                    cells=cells,
                    page=table.page,
                    group=g_index,
                    label_start=label_cell.start if label_cell is not None else None,
                    label_end=label_cell.end if label_cell is not None else None,
                    code_completed=completed is not None,
                )
            )
    return out


_MINOR_LINE = re.compile(
    r"\s*(?:[-—第]?\s*\d+\s*[页—-]?|.*单位[：:].*|.*(?:部门|编制单位|单位名称)[：:].*|[（(]?续表?[)）]?|"
    r"(?:金额)?单位[：:]?\s*(?:万元|元))\s*"
)


def _continues(current: StandardTable, page_number: int, intro: str) -> bool:
    """Does an untitled grid continue ``current``? On the next page, after at most two lines that
    are no title; on the same page (an HTML page holds the whole document: a table printed in parts,
    one per PDF page), right after it, with nothing but a page number or a unit line between."""
    if current.page_last is None or page_number not in (current.page_last, current.page_last + 1):
        return False
    if any(title_role(ln) for ln in intro.split("\n")):
        return False  # a title, with its unit line on the same line or not
    lines = [ln for ln in intro.split("\n") if ln.strip() and not _MINOR_LINE.fullmatch(ln)]
    return not lines if page_number == current.page_last else len(lines) <= 2


def _has_numbers(table: Table, header: list[tuple[Cell, ...]], data: list[tuple[Cell, ...]]) -> bool:
    """Does a grid print amounts in a value column (not only row numbers or codes)?"""
    width = len(table.rows[0]) if table.rows else 0
    roles = column_roles(header_paths(header, width), data)
    return any(
        roles[j] == "value" and is_amount(row[j].text) for row in data for j in range(min(width, len(row)))
    )


@dataclass
class _Title:
    text: str
    role: str
    phase: str | None
    start: int


_TITLE_REACH = 6  # lines above a grid its title may be on (a 目录 entry further up is no title)


def _title_in(text: str, offset: int) -> _Title | None:
    """The last line of ``text`` that is a table's title, among its last lines."""
    found: _Title | None = None
    pos = offset
    lines = text.split("\n")
    reach = [k for k, line in enumerate(lines) if line.strip()][-_TITLE_REACH:]
    for k, line in enumerate(lines):
        hit = title_role(line) if reach and k >= reach[0] else None
        if hit is not None:
            title = title_part(line)
            found = _Title(title, hit[0], hit[1], pos + line.find(title))
        pos += len(line) + 1
    return found


def _untitled(intro: str, offset: int, table: Table) -> _Title | None:
    """A grid no title names: it keeps the nearest line above it as its title (or none). A table of
    contents (section names and page numbers) is no table of figures; a performance table is left to
    ``converter.parse.performance``."""
    lines = [(m.start(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", intro) if m.group(0).strip()]
    lines = [(s, t) for s, t in lines if not _MINOR_LINE.fullmatch(t) and len(t) <= 60]
    texts = [join_lines(c.text) for row in table.rows for c in row if c.text.strip()]
    numbers = [t for t in texts if is_amount(t)]
    pages = [int(t) for t in numbers if t.isdigit() and len(t) <= 3]
    if (lines and re.fullmatch(r"目\s*录", lines[-1][1])) or (
        numbers and len(pages) == len(numbers) and pages == sorted(pages)
    ):
        return None
    if any(template.PERFORMANCE_WORDS.search(t) for t in texts + [t for _, t in lines[-1:]]):
        return _Title(lines[-1][1] if lines else "（无标题表）", "performance", None, offset + len(intro))
    if lines:
        s, t = lines[-1]
        return _Title(t, "other", None, offset + s + intro[s:].find(t))
    return _Title("（无标题表）", "other", None, offset + len(intro))


class _GridReader:
    def __init__(self, doc: ReadDocument, phase: str) -> None:
        self.doc = doc
        self.phase = phase
        self.found: list[StandardTable] = []
        self.current: StandardTable | None = None
        self.meta: ColumnsMeta | None = None
        self.levels = CodeLevels()
        self.pending: _Title | None = None  # a title ending a page, its table on the next one
        self.pending_page = 0
        self.named_pages: set[int] = set()  # pages whose first table has been read (a sheet names that one)

    def read(self) -> list[StandardTable]:
        for page in self.doc.pages:
            cursor = page.start
            for table in page.tables:
                cursor = self.table(page, table, cursor)
            self.tail(page, cursor)
        return self.found

    def table(self, page, table: Table, cursor: int) -> int:
        text = self.doc.text
        t_start, t_end = _table_span(table)
        if t_start is None:
            t_start = t_end = cursor
        intro = text[cursor:t_start]
        title = _title_in(intro, cursor)
        if title is None and self.pending is not None and self.pending_page == page.number - 1:
            title = self.pending
        self.pending = None
        header, data = split_header(table)
        banner = banner_of(header)
        if title is None and banner and title_role(banner):
            role, phase, _ = title_role(banner)  # type: ignore[misc]
            title = _Title(banner, role, phase, t_start)
        if title is None and page.name and page.number not in self.named_pages and title_role(page.name):
            # a worksheet titling its table by its name only: the sheet's first table is that one
            role, phase, _ = title_role(page.name)  # type: ignore[misc]
            title = _Title(title_part(page.name), role, phase, t_start)
        self.named_pages.add(page.number)
        current, meta = self.current, self.meta
        if (
            title is None
            and current is not None
            and meta is not None
            and _continues(current, page.number, intro)
        ):
            self.continuation(page, table, t_start, t_end, meta)
        elif title is None and _has_numbers(table, header, data):
            untitled = _untitled(intro, cursor, table)
            if untitled is not None:
                self.start(page, table, untitled, intro, header, data, banner, t_end or t_start)
            else:
                self.current = None
        elif title is not None:
            self.start(page, table, title, intro, header, data, banner, t_end or t_start)
        else:
            self.current = None
        cursor = t_end if t_end is not None else cursor
        self.empty_statement(page, cursor)
        return cursor

    def start(self, page, table, title: _Title, intro: str, header, data, banner, end: int) -> None:
        unit_m = _UNIT.search(intro)
        width = len(table.rows[0]) if table.rows else 0
        paths = header_paths(header, width)
        roles = column_roles(paths, data)
        phase = title.phase or self.phase
        current = StandardTable(
            title=title.text,
            kind_key=template.kind_key(phase, title.role),
            unit=unit_m.group(1) if unit_m else None,
            page_first=page.number,
            page_last=page.number,
            columns=[p for p, r in zip(paths, roles, strict=False) if r == "value" and p],
            rows=[],
            empty_statement=None,
            start=title.start,
            end=end,
        )
        words = {join_lines(c.text) for row in header for c in row if c.text.strip()}
        self.meta = ColumnsMeta(paths, roles, words, column_extents(table))
        self.current = current
        self.found.append(current)
        self.levels = CodeLevels()  # codes printed by level: completed from the table's rows above
        current.rows.extend(_rows_of(table, data, paths, roles, current.role, banner, self.levels))

    def continuation(self, page, table: Table, t_start: int, t_end: int | None, meta: ColumnsMeta) -> None:
        current = self.current
        assert current is not None
        header, data = repeated_header(table, meta.words)
        width = len(table.rows[0]) if table.rows else 0
        paths, roles = meta.paths, meta.roles
        if width != len(meta.paths):
            if header:
                paths = header_paths(header, width)
                roles = column_roles(paths, data)
            else:
                paths, roles = aligned_columns(meta, table, data)
        current.rows.extend(_rows_of(table, data, paths, roles, current.role, None, self.levels))
        current.page_last = page.number
        current.end = max(current.end, t_end or t_start)

    def empty_statement(self, page, cursor: int) -> None:
        current = self.current
        if current is None or current.page_last != page.number or current.empty_statement is not None:
            return
        later = [st for st in (_table_span(t)[0] for t in page.tables) if st is not None and st > cursor]
        m = _EMPTY.search(self.doc.text, cursor, min(later) if later else page.end)
        if m:
            current.empty_statement = m.group(0).strip()

    def tail(self, page, cursor: int) -> None:
        """Text after the last table of the page: a title whose table starts on the next page."""
        tail = self.doc.text[cursor : page.end]
        lines = tail.split("\n")
        offset = cursor
        for k, line in enumerate(lines):
            hit = title_role(line)
            # only a title among the page's last lines waits for a table on the next page
            if hit is not None and sum(1 for ln in lines[k + 1 :] if ln.strip()) <= 2:
                title = title_part(line)
                self.pending = _Title(title, hit[0], hit[1], offset + line.find(title))
                self.pending_page = page.number
            offset += len(line) + 1


def document_phase(doc: ReadDocument) -> str:
    """The phase a document's own words give most often (决算 / 预算), for tables whose title names none."""
    text = doc.text[:20000]
    final = text.count("决算")
    budget = len(re.findall(r"(?<!公共)(?<!基金)(?<!经营)预算", text))
    return "final" if final >= budget else "budget"


def _prints_rows(tables: list[StandardTable]) -> bool:
    """A table read holds a row of its own (a label or code and amounts), not only numbers no row owns
    (page numbers)."""
    return any(
        r.cells and (r.label or r.code or any(c for c, _ in r.placed.values()))
        for t in tables
        for r in t.rows
    )


def find_standard_tables(
    doc: ReadDocument, phase: str | None = None, scan: str | None = None
) -> list[StandardTable]:
    """Every table of the template found in ``doc``, in document order: the standard tables by their
    role, any other table with numbers under its own title (role "other"). 绩效 tables are left to
    ``converter.parse.performance``. ``phase`` ("final"/"budget") is used for tables whose title does not
    say it; by default the document's own wording decides. Tables are read in the text's matching form
    (``scan``, ``normalise.matching_text``): titles, labels and headers in traditional characters or
    with pinyin glosses read as in simplified ones; offsets are those of ``doc.text``."""
    from converter.parse.table_document import outside_grids, read_as_tables, read_as_text
    from converter.parse.text_tables import text_tables

    doc, restore = read_as_tables(doc, scan)
    phase = {"决算": "final", "预算": "budget"}.get(phase or "", phase) or document_phase(doc)
    if any(page.tables for page in doc.pages):
        if _prints_rows(text_tables(outside_grids(doc), phase)):
            # some tables are printed without a grid: the whole document is read as text, where a table
            # continued from an unruled page onto a ruled one (or back) stays one table
            as_text, back = read_as_text(doc)
            found = [back(t) for t in text_tables(as_text, phase)]
        else:
            found = _GridReader(doc, phase).read()
    else:
        found = text_tables(doc, phase)
    found = [restore(t) for t in found if t.role != "performance"]
    _shared_units(found)
    return found


def _shared_units(found: list[StandardTable]) -> None:
    """A table printed without its 单位 line shares the unit of the one before; one printed before any
    单位 line (the document's first table, its tables in another order than the template's) that of
    the first one after it: the document reads the same whichever order it prints its tables in."""
    for tables in (found, found[::-1]):
        unit = None
        for table in tables:
            if table.unit is None and unit is not None and any(r.cells for r in table.rows):
                table.unit, table.unit_inferred = unit, True
            unit = table.unit or unit


def detect_family(found: list[StandardTable], phase: str) -> str:
    """The template family (``template.FAMILIES``) of ``phase`` whose tables best cover those found."""
    roles = {t.role for t in found if t.phase == phase}
    candidates = [(name, f) for name, f in template.FAMILIES.items() if f.phase == phase]
    name, _ = max(
        candidates,
        key=lambda nf: (len(roles & set(nf[1].roles)), -len(set(nf[1].roles) - roles), -len(nf[1].roles)),
    )
    return name


def family_table_keys(found: list[StandardTable], phase: str, family: str | None = None) -> list[str]:
    """The kind keys of every table ``phase``'s template family prints (``family`` defaults to the one
    that best covers the tables ``found``): what a whole disclosure of that family holds."""
    family = family or detect_family(found, phase)
    return [template.kind_key(phase, role) for role in template.FAMILIES[family].roles]


def missing_standard_tables(found: list[StandardTable], phase: str, family: str | None = None) -> list[str]:
    """Canonical titles of the tables of ``phase`` ("final"/"决算" or "budget"/"预算") that the document's
    template family prints and ``found`` lacks. ``family`` (a key of ``template.FAMILIES``) defaults to
    the family that best covers the tables found; a table a family does not print is not missing."""
    phase = {"决算": "final", "预算": "budget"}.get(phase, phase)
    if phase not in ("final", "budget"):
        raise ValueError(f"unknown phase {phase!r}: expected 'final' or 'budget'")
    family = family or detect_family(found, phase)
    spec = template.FAMILIES[family]
    if spec.phase != phase:
        raise ValueError(f"template family {family!r} is of phase {spec.phase}, not {phase}")
    present = {t.role for t in found if t.phase == phase}
    roles = template.ROLES
    return [
        roles[r].final_title if phase == "final" else roles[r].budget_title
        for r in spec.roles
        if r not in present
    ]


STANDARD_TABLES = _standard_tables()
