"""The national template's standard tables, recognised in a :class:`ReadDocument`.

Knows the template (table titles, header vocabulary, 类/款/项 and economic codes), not RDF and not
the project's model. Amounts stay the strings printed; blank cells are left out of ``TableRow.cells``
(a blank cell means zero to a person but is not a printed figure).

Two sources of tables:

* ``Page.tables`` (PDF/HTML readers): the header rows are flattened into column paths such as
  ``"收入/决算数"`` (every distinct header cell above a column, a header spanning the whole table is
  left out); tables printed side by side (收入 | 支出, two economic-code halves) are split into
  column groups, each giving its own :class:`TableRow` (``group`` 0, 1 ...).
* plain text (the text reader; e.g. 106): rows are lines "code name amount amount ...". Text does
  not say which column a value was printed in when cells are blank, so such cells are keyed by
  position (``"#1"``, ``"#2"`` ...) and ``StandardTable.positional`` is True.

A merged PDF/HTML cell is the same ``Cell`` object at every grid position it covers (see the
readers); identity is what tells a span from a repeated text here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from converter.read.types import Cell, ReadDocument, Table

__all__ = [
    "STANDARD_TABLES",
    "CellValue",
    "StandardTable",
    "TableRow",
    "find_standard_tables",
    "missing_standard_tables",
    "normalise_title",
]


@dataclass(frozen=True)
class CellValue:
    text: str  # as printed ("2,940.05"), wrapped lines joined
    start: int | None  # offsets into ReadDocument.text
    end: int | None
    page: int | None


@dataclass
class TableRow:
    label: str  # 科目名称 / 项目 as written, wrapped lines joined
    code: str | None  # "2010601" (功能分类 类款项 digits) or "30101" (经济分类), else None
    code_scheme: str | None  # "function" | "economic" | None
    cells: dict[str, CellValue] = field(default_factory=dict)  # column path -> value (blanks omitted)
    page: int | None = None
    group: int = 0  # column group for side-by-side tables (0 = left)
    label_start: int | None = None
    label_end: int | None = None


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


# kind_key -> (canonical title, phase, required, normalised title variants)
STANDARD_TABLES: dict[str, tuple[str, str, bool, tuple[str, ...]]] = {
    "final.total": ("收入支出决算总表", "final", True, ("收入支出决算总表", "收支决算总表")),
    "final.income": ("收入决算表", "final", True, ("收入决算表",)),
    "final.expenditure": ("支出决算表", "final", True, ("支出决算表",)),
    "final.appropriation_total": (
        "财政拨款收入支出决算总表",
        "final",
        True,
        ("财政拨款收入支出决算总表", "财政拨款收支决算总表"),
    ),
    "final.general_expenditure": (
        "一般公共预算财政拨款支出决算表",
        "final",
        True,
        ("一般公共预算财政拨款支出决算表", "一般公共预算财政拨款支出决算明细表"),
    ),
    "final.general_basic": (
        "一般公共预算财政拨款基本支出决算表",
        "final",
        True,
        ("一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款基本支出决算明细表"),
    ),
    "final.three_public": (
        "财政拨款“三公”经费支出决算表",
        "final",
        True,
        ("财政拨款三公经费支出决算表", "一般公共预算财政拨款三公经费支出决算表", "三公经费支出决算表"),
    ),
    "final.government_fund": (
        "政府性基金预算财政拨款收入支出决算表",
        "final",
        True,
        ("政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款支出决算表"),
    ),
    "final.state_capital": (
        "国有资本经营预算财政拨款收入支出决算表",
        "final",
        True,
        ("国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"),
    ),
    "budget.total": (
        "部门收支预算总表",
        "budget",
        True,
        ("收支预算总表", "财务收支预算总表", "收支总表", "财务收支总表"),
    ),
    "budget.income": ("部门收入预算表", "budget", True, ("收入预算表", "收入预算总表", "收入总表")),
    "budget.expenditure": ("部门支出预算表", "budget", True, ("支出预算表", "支出预算总表", "支出总表")),
    "budget.appropriation_total": (
        "财政拨款收支预算总表",
        "budget",
        True,
        ("财政拨款收支预算总表", "财政拨款收支总表"),
    ),
    "budget.general_function": (
        "一般公共预算支出功能分类预算表",
        "budget",
        True,
        ("一般公共预算支出功能分类预算表", "一般公共预算支出表", "一般公共预算支出预算表"),
    ),
    "budget.general_basic": (
        "一般公共预算基本支出部门预算经济分类预算表",
        "budget",
        True,
        (
            "一般公共预算基本支出部门预算经济分类预算表",
            "一般公共预算基本支出经济分类预算表",
            "一般公共预算基本支出表",
            "一般公共预算基本支出预算表",
        ),
    ),
    "budget.government_fund": (
        "政府性基金预算支出功能分类预算表",
        "budget",
        True,
        ("政府性基金预算支出功能分类预算表", "政府性基金预算支出表", "政府性基金预算支出预算表"),
    ),
    "budget.state_capital": (
        "国有资本经营预算支出功能分类预算表",
        "budget",
        False,
        ("国有资本经营预算支出功能分类预算表", "国有资本经营预算支出表", "国有资本经营预算支出预算表"),
    ),
    "budget.three_public": (
        "“三公”经费和机关运行经费预算表",
        "budget",
        True,
        (
            "三公经费和机关运行经费预算表",
            "三公经费预算表",
            "一般公共预算三公经费支出表",
            "三公经费支出预算表",
            "一般公共预算三公经费支出预算表",
        ),
    ),
    "budget.procurement": ("政府采购预算表", "budget", False, ("政府采购预算表", "政府采购预算明细表")),
}

_VARIANTS: dict[str, str] = {v: key for key, (_, _, _, vs) in STANDARD_TABLES.items() for v in vs}

_AMOUNT = re.compile(r"^[-−]?\(?[\d,，]*\d(?:\.\d+)?\)?%?$")
_CODE_PART = re.compile(r"^\d{2,9}$")
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef（）“”]")
_UNIT = re.compile(r"单位\s*[：:]\s*(万元|千元|亿元|元)")
_EMPTY = re.compile(
    r"[^\n。]*(?:本表无数据|表无数据|本表为空|为空表|无此项数据|本表内容为空|本表无内容)[^\n。]*。?"
)
_TOTAL_WORDS = ("合计", "总计")


def normalise_title(text: str) -> str:
    """A title reduced to its words: no spaces, quotes, numbering, year, 部门 prefix or (续)."""
    s = re.sub(r"[\s\"'“”‘’「」『』]", "", text)
    s = re.sub(r"[（(]续表?[)）]$", "", s)
    s = re.sub(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|表\d+[-—.．]?\d*)", "", s)
    s = re.sub(r"^.{0,30}?\d{4}年度?", "", s)  # "上海市XX局2024年度" / "2024年"
    s = re.sub(r"^(?:区级|市级|县级)?部门", "", s)
    return s


def _match_title(line: str) -> str | None:
    if len(line) > 60 or "…" in line or "..." in line:
        return None
    return _VARIANTS.get(normalise_title(line))


def _join_lines(text: str) -> str:
    """Join a cell's wrapped lines: nothing between CJK characters, a space otherwise."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:
        if _CJK.search(out[-1]) or _CJK.search(p[0]):
            out += p
        else:
            out += " " + p
    return out


def _is_amount(text: str) -> bool:
    t = text.strip().replace(" ", "")
    return bool(t) and bool(_AMOUNT.match(t))


# ---------------------------------------------------------------------------------------------
# tables read with a grid (PDF, HTML)


@dataclass
class _Part:
    table: Table
    title: str | None
    title_start: int | None
    kind_key: str | None
    table_start: int
    table_end: int
    unit: str | None
    intro: str  # text between the previous table (or page start) and this table


def _table_span(table: Table) -> tuple[int | None, int | None]:
    starts = [c.start for row in table.rows for c in row if c.start is not None]
    ends = [c.end for row in table.rows for c in row if c.end is not None]
    return (min(starts) if starts else None, max(ends) if ends else None)


def _is_data_row(row: tuple[Cell, ...], above: tuple[Cell, ...] | None) -> bool:
    fresh = [c for i, c in enumerate(row) if not (above is not None and above[i] is c)]
    seen: list[Cell] = []
    for c in fresh:
        if any(c is s for s in seen):
            continue
        seen.append(c)
    if any(_is_amount(c.text) for c in seen if c.text):
        return True
    texts = [_join_lines(c.text) for c in seen if c.text.strip()]
    blanks = sum(1 for c in seen if not c.text.strip())
    if not texts or above is None:
        return False
    if re.match(r"^[一二三四五六七八九十]+、", texts[0]):
        return True
    return texts[0].endswith(_TOTAL_WORDS) and blanks >= 2


def _header_paths(header: list[tuple[Cell, ...]], ncols: int) -> list[str]:
    paths: list[str] = []
    for j in range(ncols):
        parts: list[str] = []
        prev: Cell | None = None
        for row in header:
            if j >= len(row):
                continue
            cell = row[j]
            if cell is prev:
                continue
            prev = cell
            if all(row[k] is cell for k in range(len(row))) and len(row) > 1:
                continue  # a banner over the whole table
            text = _join_lines(cell.text)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        paths.append("/".join(parts))
    return paths


def _banner(header: list[tuple[Cell, ...]]) -> str | None:
    for row in header:
        if len(row) > 1 and all(c is row[0] for c in row) and row[0].text.strip():
            return _join_lines(row[0].text)
    return None


def _column_roles(paths: list[str], data: list[tuple[Cell, ...]]) -> list[str]:
    """'code', 'label' or 'value' for each column."""
    roles: list[str] = []
    for j, path in enumerate(paths):
        last = path.rsplit("/", 1)[-1] if path else ""
        values = [_join_lines(r[j].text) for r in data if j < len(r) and r[j].text.strip()]
        numeric = sum(1 for v in values if _is_amount(v))
        codeish = sum(1 for v in values if _CODE_PART.match(v.replace(" ", "")) or v in ("类", "款", "项"))
        if last in ("类", "款", "项") or re.search(r"编码|代码|编号", last):
            roles.append("code")
        elif re.search(r"名称|项目|科目", last) and (not values or numeric < len(values)):
            roles.append("label")
        elif values and numeric == 0:
            roles.append("label")
        elif not path and values and codeish == len(values) and any(len(v) != 1 for v in values):
            roles.append("code")
        else:
            roles.append("value")
    return roles


def _groups(roles: list[str]) -> list[list[int]]:
    """Split columns into side-by-side groups: a new group starts at a code/label column that follows
    a value column."""
    groups: list[list[int]] = [[]]
    for j, role in enumerate(roles):
        if role != "value" and groups[-1] and roles[groups[-1][-1]] == "value":
            groups.append([])
        groups[-1].append(j)
    return [g for g in groups if g]


def _code_of(cells: list[Cell]) -> str | None:
    parts = [c.text.replace(" ", "").replace("\n", "") for c in cells if c.text.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    return "".join(parts)


def _scheme(code: str | None, code_header: str, kind_key: str | None) -> str | None:
    if code is None:
        return None
    if "经济" in code_header or (kind_key or "").endswith("general_basic"):
        return "economic"
    if "功能" in code_header or code.startswith("2"):
        return "function"
    return "economic" if code.startswith(("3", "5")) else None


def _value(cell: Cell, page: int) -> CellValue:
    return CellValue(_join_lines(cell.text), cell.start, cell.end, page)


def _rows_of(
    table: Table,
    data: list[tuple[Cell, ...]],
    paths: list[str],
    roles: list[str],
    kind_key: str | None,
    banner: str | None,
) -> list[TableRow]:
    out: list[TableRow] = []
    groups = _groups(roles)
    for row in data:
        for g_index, group in enumerate(groups):
            code_cols = [j for j in group if roles[j] == "code" and j < len(row)]
            label_cols = [j for j in group if roles[j] == "label" and j < len(row)]
            value_cols = [j for j in group if roles[j] == "value" and j < len(row)]
            code_cells = [row[j] for j in code_cols]
            # 类/款/项 words printed in the code columns of the first data row are header words
            code_cells = [c for c in code_cells if c.text.strip() not in ("类", "款", "项")]
            code = _code_of(code_cells)
            label_cell = row[label_cols[0]] if label_cols else None
            label = _join_lines(label_cell.text) if label_cell is not None else ""
            if code is None and code_cells and not label:
                # a code cell holding "201 一般公共服务支出"
                m = re.match(r"^(\d{3}(?:\s?\d{2}){0,3})\s*(\S.*)$", _join_lines(code_cells[0].text))
                if m:
                    code, label = m.group(1).replace(" ", ""), m.group(2)
            cells: dict[str, CellValue] = {}
            seen: list[Cell] = []
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
                    code_scheme=_scheme(code, code_header, kind_key),
                    cells=cells,
                    page=table.page,
                    group=g_index,
                    label_start=label_cell.start if label_cell is not None else None,
                    label_end=label_cell.end if label_cell is not None else None,
                )
            )
    return out


def _split_header(table: Table) -> tuple[list[tuple[Cell, ...]], list[tuple[Cell, ...]]]:
    rows = list(table.rows)
    for i, row in enumerate(rows):
        if _is_data_row(row, rows[i - 1] if i else None):
            return rows[:i], rows[i:]
    # no data: header = every row holding text
    last_text = max((i for i, r in enumerate(rows) if any(c.text.strip() for c in r)), default=-1)
    return rows[: last_text + 1], rows[last_text + 1 :]


def _repeated_header(table: Table, words: set[str]) -> tuple[list[tuple[Cell, ...]], list[tuple[Cell, ...]]]:
    """Split a continuation table: its leading rows are a header only if they repeat header words."""
    rows = list(table.rows)
    n = 0
    while n < len(rows):
        texts = [_join_lines(c.text) for c in rows[n] if c.text.strip()]
        if not texts or _is_data_row(rows[n], rows[n - 1] if n else None):
            break
        if not any(t in words for t in texts):
            break
        n += 1
    return rows[:n], rows[n:]


def _grid_tables(doc: ReadDocument) -> list[StandardTable]:
    text = doc.text
    found: list[StandardTable] = []
    current: StandardTable | None = None
    current_meta: tuple[list[str], list[str], int, set[str]] | None = None  # paths, roles, ncols, words
    pending: tuple[str, str, int] | None = None  # a title ending a page, its table on the next one
    pending_page = 0
    for page in doc.pages:
        cursor = page.start
        for table in page.tables:
            t_start, t_end = _table_span(table)
            if t_start is None:
                t_start = t_end = cursor
            intro = text[cursor:t_start]
            title_hit: tuple[str, str, int] | None = None
            offset = cursor
            for line in intro.split("\n"):
                key = _match_title(line)
                if key is not None:
                    title_hit = (line.strip(), key, offset + line.find(line.strip()))
                offset += len(line) + 1
            if title_hit is None and pending is not None and pending_page == page.number - 1:
                title_hit = pending
            pending = None
            unit_m = _UNIT.search(intro)
            header, data = _split_header(table)
            if title_hit is None and current_meta is not None:
                header, data = _repeated_header(table, current_meta[3])
            if title_hit is not None:
                paths = _header_paths(header, len(table.rows[0]) if table.rows else 0)
                roles = _column_roles(paths, data)
                current = StandardTable(
                    title=title_hit[0],
                    kind_key=title_hit[1],
                    unit=unit_m.group(1) if unit_m else None,
                    page_first=page.number,
                    page_last=page.number,
                    columns=[p for p, r in zip(paths, roles, strict=False) if r == "value" and p],
                    rows=[],
                    empty_statement=None,
                    start=title_hit[2],
                    end=t_end or t_start,
                )
                words = {_join_lines(c.text) for row in header for c in row if c.text.strip()}
                current_meta = (paths, roles, len(paths), words)
                found.append(current)
                current.rows.extend(_rows_of(table, data, paths, roles, current.kind_key, _banner(header)))
            elif current is not None and current_meta is not None and _continues(current, page, intro):
                paths, roles, ncols, _ = current_meta
                width = len(table.rows[0]) if table.rows else 0
                if header and width:
                    own = _header_paths(header, width)
                    if width != ncols:
                        paths, roles = own, _column_roles(own, data)
                elif width != ncols:
                    cursor = t_end or cursor
                    continue
                current.rows.extend(_rows_of(table, data, paths, roles, current.kind_key, None))
                current.page_last = page.number
                current.end = max(current.end, t_end or t_start)
            else:
                current = None
            cursor = t_end if t_end is not None else cursor
            if current is not None and current.page_last == page.number and current.empty_statement is None:
                later = [
                    st for st in (_table_span(t)[0] for t in page.tables) if st is not None and st > cursor
                ]
                m = _EMPTY.search(text, cursor, min(later) if later else page.end)
                if m:
                    current.empty_statement = m.group(0).strip()
        # text after the last table of the page: empty statements, or a title whose table is next page
        tail = text[cursor : page.end]
        tail_lines = tail.split("\n")
        offset = cursor
        for k, line in enumerate(tail_lines):
            key = _match_title(line)
            # only a title among the page's last lines waits for a table on the next page
            if key is not None and sum(1 for ln in tail_lines[k + 1 :] if ln.strip()) <= 2:
                pending = (line.strip(), key, offset + line.find(line.strip()))
                pending_page = page.number
            offset += len(line) + 1
    return found


def _continues(current: StandardTable, page, intro: str) -> bool:
    if current.page_last is None or page.number != current.page_last + 1:
        return False
    lines = [ln for ln in intro.split("\n") if ln.strip()]
    lines = [ln for ln in lines if not re.fullmatch(r"\s*[-—第]?\s*\d+\s*[页—-]?\s*|.*单位[：:].*", ln)]
    return len(lines) <= 2


# ---------------------------------------------------------------------------------------------
# tables in plain text (no grid)

_TEXT_ROW = re.compile(
    r"^(?P<code>\d{3}(?:[ \t]+\d{2}){0,2}|\d{5}|\d{7})?[ \t]*"
    r"(?P<label>[^\d\s\t][^\t]*?)"
    r"(?P<nums>(?:[ \t]+[-−]?[\d,]*\d(?:\.\d+)?)+)[ \t]*$"
)


@lru_cache(maxsize=1)
def _title_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each standard table's title variants, compiled once, tolerant of spaces and quotes."""
    out = []
    for key, (_, _, _, variants) in STANDARD_TABLES.items():
        for v in variants:
            pattern = r"[\s“”\"]*".join(map(re.escape, v))
            out.append((key, re.compile(r"(?:\d{4}年度?)?(?:部门)?[“\"]?" + pattern)))
    return tuple(out)


def _text_tables(doc: ReadDocument) -> list[StandardTable]:
    text = doc.text
    hits: list[tuple[int, int, str, str]] = []  # (start, end of title, title, key)
    for m in re.finditer(r"[^\n\f]+", text):
        line = m.group(0)
        if "…" in line or "..." in line or "表" not in line:
            continue
        for key, title_pattern in _title_patterns():
            for t in title_pattern.finditer(line):
                norm = normalise_title(t.group(0))
                if _VARIANTS.get(norm) != key:
                    continue
                before = line[: t.start()]
                if re.search(r"(财政拨款|一般公共预算|基本|政府性基金|国有资本经营)$", before):
                    continue
                hits.append((m.start() + t.start(), m.start() + t.end(), t.group(0), key))
    # overlapping matches of one title: keep the longest
    hits.sort(key=lambda h: (h[0], -h[1]))
    merged: list[tuple[int, int, str, str]] = []
    for h in hits:
        if merged and h[0] < merged[-1][1]:
            continue
        merged.append(h)
    hits = merged
    # a title counts when a 单位 line or a header follows within a few lines
    kept = []
    for h in hits:
        after = text[h[1] : h[1] + 200]
        if _UNIT.search(after.split("\n\n")[0][:200]) or re.search(r"项目|科目", after[:120]):
            if not kept or kept[-1][0] != h[0]:
                kept.append(h)
    found: list[StandardTable] = []
    for i, (start, title_end, title, key) in enumerate(kept):
        end = kept[i + 1][0] if i + 1 < len(kept) else min(len(text), title_end + 20000)
        body = text[title_end:end]
        unit_m = _UNIT.search(body[:300])
        rows: list[TableRow] = []
        last = title_end
        pos = title_end
        for line in body.split("\n"):
            line_start = pos
            pos += len(line) + 1
            m = _TEXT_ROW.match(line.replace("\f", ""))
            if not m or re.search(r"单位[：:]|编制部门", line):
                continue
            label = m.group("label").strip()
            code = m.group("code")
            code = re.sub(r"\s+", "", code) if code else None
            nums_start = line_start + m.start("nums")
            cells: dict[str, CellValue] = {}
            for k, nm in enumerate(re.finditer(r"[-−]?[\d,]*\d(?:\.\d+)?", m.group("nums")), start=1):
                s = nums_start + nm.start()
                cells[f"#{k}"] = CellValue(nm.group(0), s, s + len(nm.group(0)), doc.page_of(s))
            scheme = _scheme(code, "", key)
            label_start = (
                line_start + m.start("label") + (len(m.group("label")) - len(m.group("label").lstrip()))
            )
            rows.append(
                TableRow(
                    label,
                    code,
                    scheme,
                    cells,
                    doc.page_of(line_start),
                    0,
                    label_start,
                    label_start + len(label),
                )
            )
            last = pos
        empty = _EMPTY.search(body[:600])
        found.append(
            StandardTable(
                title=title,
                kind_key=key,
                unit=unit_m.group(1) if unit_m else None,
                page_first=doc.page_of(start),
                page_last=doc.page_of(max(start, last - 1)),
                columns=[],
                rows=rows,
                empty_statement=empty.group(0).strip() if empty else None,
                start=start,
                end=max(last, title_end),
                positional=True,
            )
        )
    return found


def find_standard_tables(doc: ReadDocument) -> list[StandardTable]:
    """Every standard table of the national template found in ``doc``, in document order."""
    if any(page.tables for page in doc.pages):
        return _grid_tables(doc)
    return _text_tables(doc)


def missing_standard_tables(found: list[StandardTable], phase: str) -> list[str]:
    """Canonical titles of the required standard tables of ``phase`` ("final"/"决算" or
    "budget"/"预算") that are not in ``found``."""
    phase = {"决算": "final", "预算": "budget"}.get(phase, phase)
    if phase not in ("final", "budget"):
        raise ValueError(f"unknown phase {phase!r}: expected 'final' or 'budget'")
    present = {t.kind_key for t in found}
    return [
        title
        for key, (title, p, required, _) in STANDARD_TABLES.items()
        if p == phase and required and key not in present
    ]
