"""A table grid's header, read: the rows that head it, each column's path and role, side-by-side groups.

``converter.parse.tables`` reads a PDF's or HTML page's grid with these: where the header ends and the
data begins (:func:`split_header`, or :func:`repeated_header` for a continuation that may repeat it),
each column's path of header words ("本年支出/基本支出", :func:`header_paths`), whether it holds codes,
labels or amounts (:func:`column_roles`), and how columns printed side by side fall into groups
(:func:`column_groups`). A merged cell is the same ``Cell`` object at every grid position it covers:
identity, not text, tells a span from a repeated word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converter.read.types import Cell, Table

_AMOUNT = re.compile(r"^[-−]?\(?[\d,，]*\d(?:\.\d+)?\)?%?$")
_CODE_PART = re.compile(r"^\d{2,9}$")
# a classification code as a row prints it: 类 2xx (function), 3xx / 5xx (economic), and its 款 / 项
_CLASS_CODE = re.compile(r"^(?:[235]\d{2}|[235]\d{4}|2\d{6})$")
# a heading naming the rows (项目 / 科目 merged over the code and name columns): not an amount's heading
_ROWS_HEADING = re.compile(r"(?:(?:支出)?(?:功能|经济)分类)?(?:科目|项目)(?:名称)?")
# a code column's heading over a level row of its own: 科目编码 over 类款项 (one cell), 功能分类科目编码 …
_CODE_HEADING = re.compile(r"(?:编码|代码)/|^类款项$|/类款项$")
# a heading over row labels (项目, 科目名称, 品目 …); 项目支出 heads amounts, however blank its column
_LABEL_HEADING = re.compile(r"名称|项目(?!支出)|科目|品目|形式|用途")
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef（）“”]")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
_TOTAL_WORDS = ("合计", "总计")
# columns that number rows or columns, or remark on a row (备注 / 说明: a number there is no amount of
# the row's columns), not amounts
_SKIP_HEADERS = re.compile(r"^(栏次|行次|序号|编号|备注|说明|备注说明|附注)$")
_COLUMN_NUMBERS = re.compile(r"^(栏次|行次)$")  # a header row numbering the columns (栏次 1 2 3 …)
# what a table prints in a cell it leaves blank: no value, and no word either (a column of amounts and
# dashes is a column of amounts, not of labels)
BLANK_MARKS = frozenset({"-", "—", "－", "--", "——", "/", "／", "…"})


def join_lines(text: str) -> str:
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


def is_amount(text: str) -> bool:
    t = text.strip().replace(" ", "")
    return bool(t) and bool(_AMOUNT.match(t))


@dataclass
class ColumnsMeta:
    paths: list[str]
    roles: list[str]
    words: set[str]
    xs: list[tuple[float, float] | None]  # each column's horizontal extent on the page, when known


def _distinct(row: tuple[Cell, ...], above: tuple[Cell, ...] | None) -> list[Cell]:
    out: list[Cell] = []
    for i, c in enumerate(row):
        if above is not None and i < len(above) and above[i] is c:
            continue
        if not any(c is s for s in out):
            out.append(c)
    return out


def is_data_row(row: tuple[Cell, ...], above: tuple[Cell, ...] | None) -> bool:
    seen = _distinct(row, above)
    texts = [join_lines(c.text) for c in seen if c.text.strip()]
    if any(_COLUMN_NUMBERS.match(t) for t in texts):
        return False  # 栏次 1 2 3 …: the column numbers of the header
    if any(is_amount(c.text) for c in seen if c.text):
        return True
    blanks = sum(1 for c in seen if not c.text.strip())
    if not texts or above is None:
        return False
    if re.match(r"^[一二三四五六七八九十]+、", texts[0]):
        return True
    return texts[0].endswith(_TOTAL_WORDS) and blanks >= 2


_COLUMN_NUMBER = re.compile(
    r"^(?:\d{1,3}|[A-Za-z]|[一二三四五六七八九十]{1,3}|[-—=+＝（()）\dA-Za-z\s]{1,12})$"
)


def _numbers_columns(row: tuple[Cell, ...], above: tuple[Cell, ...] | None = None) -> bool:
    """The row that numbers the columns (栏次 | 1 | 2 | 3, 行次 | | 1 = 2 + 3): a 栏次 / 行次 cell and the
    others numbers, letters or blank. A header row naming its 行次 column beside 项目 and 决算数 is none.
    A cell merged down from the row above (a 备注 heading over all the header's rows) is no part of it."""
    texts = [join_lines(c.text) for c in _distinct(row, above) if c.text.strip()]
    marks = [t for t in texts if _COLUMN_NUMBERS.match(t)]
    return bool(marks) and all(_COLUMN_NUMBERS.match(t) or _COLUMN_NUMBER.match(t) for t in texts)


def header_paths(header: list[tuple[Cell, ...]], ncols: int) -> list[str]:
    # the 栏次 row numbers the columns: it is no part of any column's name
    header = [r for i, r in enumerate(header) if not _numbers_columns(r, header[i - 1] if i else None)]
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
            text = _CJK_GAP.sub("", join_lines(cell.text))  # "收 入", "合 计": letter-spaced headers
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        paths.append("/".join(parts))
    return paths


def banner_of(header: list[tuple[Cell, ...]]) -> str | None:
    for row in header:
        if len(row) > 1 and all(c is row[0] for c in row) and row[0].text.strip():
            return join_lines(row[0].text)
    return None


def column_roles(paths: list[str], data: list[tuple[Cell, ...]]) -> list[str]:
    """'code', 'label', 'skip' or 'value' for each column."""
    roles: list[str] = []
    for j, path in enumerate(paths):
        last = path.rsplit("/", 1)[-1] if path else ""
        values = [join_lines(r[j].text) for r in data if j < len(r) and r[j].text.strip()]
        values = [v for v in values if v not in BLANK_MARKS]
        numeric = sum(1 for v in values if is_amount(v))
        codeish = sum(1 for v in values if _CODE_PART.match(v.replace(" ", "")) or v in ("类", "款", "项"))
        if _SKIP_HEADERS.match(last):
            roles.append("skip")
        elif last in ("类", "款", "项") or re.search(r"编码|代码|编号", last) or _CODE_HEADING.search(path):
            roles.append("code")
        elif _LABEL_HEADING.search(last) and (not values or numeric < len(values)):
            roles.append("label")
        elif values and numeric == 0:
            roles.append("label")
        elif not path and values and codeish == len(values) and any(len(v) != 1 for v in values):
            roles.append("code")
        elif (
            values
            and _ROWS_HEADING.fullmatch(last)
            and all(_CLASS_CODE.match(v.replace(" ", "")) for v in values)
        ):
            roles.append("code")  # 项目 merged over the code and name columns, no 科目编码 under it
        else:
            roles.append("value")
    return roles


def column_groups(roles: list[str]) -> list[list[int]]:
    """Split columns into side-by-side groups: a new group starts at a code/label column that follows
    a value column."""
    groups: list[list[int]] = [[]]
    for j, role in enumerate(roles):
        if role in ("code", "label") and groups[-1] and roles[groups[-1][-1]] == "value":
            groups.append([])
        groups[-1].append(j)
    return [g for g in groups if g]


def split_header(table: Table) -> tuple[list[tuple[Cell, ...]], list[tuple[Cell, ...]]]:
    rows = list(table.rows)
    for i, row in enumerate(rows):
        if is_data_row(row, rows[i - 1] if i else None):
            return rows[:i], rows[i:]
    # no data: header = every row holding text
    last_text = max((i for i, r in enumerate(rows) if any(c.text.strip() for c in r)), default=-1)
    return rows[: last_text + 1], rows[last_text + 1 :]


def repeated_header(table: Table, words: set[str]) -> tuple[list[tuple[Cell, ...]], list[tuple[Cell, ...]]]:
    """Split a continuation table: its leading rows are a header only if they repeat header words."""
    rows = list(table.rows)
    n = 0
    while n < len(rows):
        texts = [join_lines(c.text) for c in rows[n] if c.text.strip()]
        if not texts or is_data_row(rows[n], rows[n - 1] if n else None):
            break
        if not any(t in words for t in texts):
            break
        n += 1
    return rows[:n], rows[n:]


def column_extents(table: Table) -> list[tuple[float, float] | None]:
    """Each grid column's horizontal extent, from the cells that span that column alone."""
    width = len(table.rows[0]) if table.rows else 0
    out: list[tuple[float, float] | None] = []
    for j in range(width):
        extent = None
        for row in table.rows:
            cell = row[j]
            alone = (j == 0 or row[j - 1] is not cell) and (j + 1 == width or row[j + 1] is not cell)
            if cell.bbox is not None and alone:
                extent = (cell.bbox[0], cell.bbox[2])
                break
        out.append(extent)
    return out


def aligned_columns(
    meta: ColumnsMeta, table: Table, data: list[tuple[Cell, ...]]
) -> tuple[list[str], list[str]]:
    """Paths and roles for a continuation whose grid has other columns than its first part: each of
    its columns takes the first part's column it overlaps most on the page (or, without positions,
    the columns are matched from the right, where the amounts are)."""
    width = len(table.rows[0]) if table.rows else 0
    own = column_extents(table)
    paths, roles = [""] * width, ["value"] * width
    if all(e is not None for e in own) and all(e is not None for e in meta.xs):
        for j, (a, b) in enumerate(e for e in own if e is not None):
            overlaps = [max(0.0, min(b, e[1]) - max(a, e[0])) if e else 0.0 for e in meta.xs]
            k = max(range(len(overlaps)), key=overlaps.__getitem__)
            paths[j], roles[j] = meta.paths[k], meta.roles[k]
        return paths, roles
    shift = len(meta.paths) - width
    own_roles = column_roles([""] * width, data)
    for j in range(width):
        k = j + shift if own_roles[j] == "value" else min(j, len(meta.paths) - 1)
        if 0 <= k < len(meta.paths):
            paths[j], roles[j] = meta.paths[k], meta.roles[k] if own_roles[j] == "value" else own_roles[j]
    return paths, roles
