"""Which column each number of a text table is in: the header's columns, then the table's arithmetic.

A row keyed by position ("#1", "#2" …) gets ``TableRow.placed``: for each number its column path (or
None) and how it was decided (see ``converter.parse.text_tables``). The columns are the header line as
printed, or the template's standard layout of the table's role (``template.LAYOUTS``) when the
header's words match it and it holds more columns (a header wrapped over lines). The arithmetic: of
the order-preserving ways to put a row's numbers into the columns, those that keep the row's sums
(合计 = its parts) are its candidates; a 类 and its 款 (a 款 and its 项, the 合计 row and the 类) narrow
each other's candidates until every column adds up; a number is placed when all remaining candidates
agree on its column. A misprinted figure (what the audit is there to report) leaves a row whose own
sums hold in no placement, and a family that adds up in every column but one: the row keeps every
placement and the family is narrowed by the columns that do add up (a value in a wrong column breaks
two), so the misprint is published where it is printed and the rules can see it. Bounds from another table of the document (``fund_floors``: a row's
appropriation under each column) narrow a row's candidates first. Knows the template, not RDF.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from converter.parse import template
from converter.parse.layout_order import matches_name, printed_order
from converter.parse.table_rounding import ROUNDED_IN_WAN, hundreds_only
from converter.parse.tables import TableRow

__all__ = [
    "Columns",
    "children_runs",
    "choose_columns",
    "decimal",
    "header_columns",
    "header_words",
    "label_word",
    "layout_columns",
    "place_numbers",
    "sums_hold",
    "tolerance",
    "without_banner",
]

# header words of the code and label columns ("功能分类科目编码", "部门预算经济分类科目名称", "类"):
# no amount column's name
_LABEL_WORDS = re.compile(
    r"^(?:项目|科目|类|款|项|合计行|栏次|行次|序号|项目[（(].{1,12}[)）]|.*(?:编码|代码|名称))$"
)
_NOT_ROW = re.compile(r"单位[：:]|编制(?:部门|单位)[：:]|部门[：:]|^注[：:]|本表|[。；]")
_SEARCH_LIMIT = 20000  # nodes of one sum search; beyond it the search proves nothing
_EVERY_LIMIT = 120  # placements of a row whose own sums hold for none, left for other evidence to decide


@dataclass
class Columns:
    names: list[str]  # column paths
    sums: list[tuple[int, tuple[int, ...]]]
    source: str  # "layout" | "header" | "none"


def _compact(text: str) -> str:
    return re.sub(r"[\s“”\"()（）]", "", text)


def _present(name: str, header: str) -> bool:
    words = [w for w in _compact(name).split("/") if w]
    last = words[-1] if words else ""
    if not last:
        return False
    if last in header:
        return True
    half = len(last) // 2
    return half >= 2 and last[:half] in header and last[half:] in header


def layout_columns(role: str, phase: str, header: str) -> Columns | None:
    compact = _compact(header)
    best: template.Layout | None = None
    for layout in template.LAYOUTS:
        if layout.role != role or layout.phase not in (None, phase):
            continue
        if all(_present(c, compact) for c in layout.columns):
            if best is None or len(layout.columns) > len(best.columns):
                best = layout
    if best is None:
        return None
    names, sums = list(best.columns), list(best.sums)
    order = printed_order(names, header, header_words)
    if order is not None:  # the columns as this header prints them, not as the template lists them
        at = {old: new for new, old in enumerate(order)}
        names = [names[i] for i in order]
        sums = [(at[total], tuple(sorted(at[p] for p in parts))) for total, parts in sums]
    return Columns(names, sums, "layout")


_COLUMN_WORD = re.compile(
    r"^(?:[^\d]*(?:合计|小计|总计|收入|支出|经费|资金|预算数?|决算数?|金额|结转|结余|拨款|费))$"
)


_CODE_HEADS = {"类", "款", "项"}  # one-character header words of their own, never letter spacing


def header_words(line: str) -> list[str]:
    """A header line's words: its tab fields (blanks inside a field are letter spacing, "合 计"), or
    its words between blanks, letter-spaced single characters joined."""
    if "\t" in line:
        return [re.sub(r"[\s\u3000\u00a0]+", "", f) for f in line.split("\t") if f.strip()]
    words: list[str] = []
    for word in re.split(r"[\s\u3000\u00a0]+", line.strip()):
        if word and len(word) == 1 and words and len(words[-1]) == 1 and not {word, words[-1]} & _CODE_HEADS:
            words[-1] += word
        elif word:
            words.append(word)
    return words


def header_columns(header_lines: list[str]) -> Columns | None:
    """The header line with the most column words, read left to right after its label words (a
    header printed one cell per line is read as one line)."""
    best: list[str] = []
    singles = [
        "".join(header_words(ln))
        for ln in header_lines
        if len(header_words(ln)) == 1 and not _NOT_ROW.search(ln)
    ]  # a header printed one cell per line ("合 计" letter-spaced is one cell)
    candidates = [header_words(line) for line in [*header_lines, " ".join(singles)]]
    candidates += _with_children_line(header_lines)
    for words in candidates:
        words = [w for w in words if not _LABEL_WORDS.match(w)]
        while words and not _COLUMN_WORD.match(words[0]):
            words = words[1:]  # the row-label columns' words ("采购品目大类 … 采购组织形式 总计")
        if words and all(_COLUMN_WORD.match(w) for w in words) and len(words) > len(best):
            best = words
    if not best:
        return None
    best = _nested(best)
    sums: list[tuple[int, tuple[int, ...]]] = []
    # the total printed first (the template) or last (another province): the sum of the others
    total = next((i for i in (0, len(best) - 1) if re.search(r"合计|小计", best[i])), None)
    if len(best) > 1 and total is not None:
        parts = tuple(
            i for i in range(len(best)) if i != total and not best[i].rsplit("/", 1)[-1].startswith("其中")
        )
        sums.append((total, parts))
    return Columns(best, sums, "header")


def _with_children_line(header_lines: list[str]) -> list[list[str]]:
    """A header line followed by a line of exactly a parent's children (``template.PARENT_CHILDREN``:
    "金额 其中：教育收费" under "… 事业收入 …", a browser's copy of a two-row header, the children's
    places not printed), the parent on the line: the two as one line, the children after its last
    cell (as a header printed one cell per line gives them; ``_nested`` puts them under the parent)."""
    out: list[list[str]] = []
    lines = [header_words(ln) for ln in header_lines if not _NOT_ROW.search(ln)]
    for above, below in zip(lines, lines[1:], strict=False):
        for parent, children in template.PARENT_CHILDREN:
            if sorted(below) == sorted(children) and parent in above:  # in either order
                out.append([*above, *below])
    return out


def children_runs(words: list[str]) -> dict[int, bool]:
    """Where a run of a parent's children (``template.CHILDREN_ROWS``, in either order: another
    province prints 其中：教育收费 before 金额) stands in a header line's ``words``: True at its first
    word (the children's row begins there), False at the others (no row begins inside it)."""
    out: dict[int, bool] = {}
    for children in template.CHILDREN_ROWS:
        n = len(children)
        for k in range(len(words) - n + 1):
            if sorted(words[k : k + n]) == sorted(children):
                out.update({k: True, **dict.fromkeys(range(k + 1, k + n), False)})
    return out


def _nested(words: list[str]) -> list[str]:
    """A parent's children run on after the last top cell (a header printed one cell per line) are
    put under it, as the template prints them ("事业收入/金额", "事业收入/其中：教育收费")."""
    for parent, children in template.PARENT_CHILDREN:
        n = len(children)
        printed = words[-n:]  # the children as printed: another province prints 其中 first
        if parent in words and sorted(printed) == sorted(children) and words.index(parent) < len(words) - n:
            at = words.index(parent)
            words = [*words[:at], *(f"{parent}/{c}" for c in printed), *words[at + 1 : -n]]
    return words


def choose_columns(layout: Columns | None, printed: Columns | None) -> Columns | None:
    """The header line as printed, unless a standard layout holds all its columns and more (a header
    wrapped over lines: "事业单位" above "经营收入")."""
    if printed is not None and len(set(printed.names)) < len(printed.names):
        return layout  # "预算数 决算数 预算数 决算数 …": the line under a header, no column's whole name
    banner = _banner_over(layout, printed)
    if banner is not None:
        return banner
    if layout is None or printed is None:
        return layout or printed
    last = [_compact(n).rsplit("/", 1)[-1] for n in layout.names]
    covered = all(any(_compact(p) in name or name in _compact(p) for name in last) for p in printed.names)
    if covered and len(layout.names) > len(printed.names):
        return layout
    return _with_layout_sums(layout, printed)


def _with_layout_sums(layout: Columns, printed: Columns) -> Columns:
    """The header line's columns, with the standard layout's sums where the line states none (its total
    neither first nor last: 其他收入 本年收入合计 财政拨款收入 …, another province's order) and the
    layout, in the order the header prints it (``layout_order``), names each of its columns in turn."""
    if printed.sums or not layout.sums or len(layout.names) != len(printed.names):
        return printed
    for name, word in zip(layout.names, printed.names, strict=True):
        leaf, printed_leaf = _compact(name).rsplit("/", 1)[-1], _compact(word).rsplit("/", 1)[-1]
        if not matches_name(leaf, printed_leaf):
            return printed
    return Columns(printed.names, list(layout.sums), printed.source)


def _banner_over(layout: Columns | None, printed: Columns | None) -> Columns | None:
    """A header whose first word is printed before the standard layout's columns, its total first
    ("收入预算 合计 财政拨款收入 事业收入 …", a header printed one cell per line): the first word is a
    banner over them, spanning the other columns, not a column of its own (whatever the rows print)."""
    if layout is None or printed is None or len(printed.names) != len(layout.names) + 1:
        return None
    first = printed.names[0]
    if [_compact(n) for n in printed.names[1:]] != [_compact(n) for n in layout.names]:
        return None
    if "/" in first or re.search(r"合计|小计|总计", first) or not re.search(r"合计|小计", layout.names[0]):
        return None
    return Columns([f"{first}/{n}" for n in layout.names], list(layout.sums), printed.source)


def without_banner(columns: Columns | None, width: int) -> Columns | None:
    """A header read as one line whose first word is a banner over the others ("收入预算 合计 财政拨款
    收入 …", printed one cell per line): when the rows print one value fewer than it has words and its
    second word is the total, the first is the others' parent, not a column."""
    if columns is None or len(columns.names) != width + 1 or width < 2:
        return columns
    first, second = columns.names[0], columns.names[1]
    if not re.search(r"合计|小计", second) or re.search(r"合计|小计", first):
        return columns
    names = [f"{first}/{n}" for n in columns.names[1:]]
    parts = tuple(i for i in range(1, width) if not columns.names[i + 1].startswith("其中"))
    return Columns(names, [(0, parts)], columns.source)


def decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("−", "-").rstrip("%"))
    except InvalidOperation:
        return None


def label_word(word: str) -> bool:
    """A header word of a code or label column ("科目编码", "功能分类科目名称", "类"), not an amount's."""
    return _LABEL_WORDS.match(word) is not None


def tolerance(texts: list[str]) -> Decimal:
    """Half a unit of the last decimal printed: the rounding a table's sums may show."""
    return _tolerance(texts)


def sums_hold(vector: dict[int, Decimal], sums, tol: Decimal) -> bool:
    return _sums_hold(vector, sums, tol)


def _tolerance(texts: list[str]) -> Decimal:
    values = [v for v in (decimal(t) for t in texts) if v is not None]
    if hundreds_only(values):
        return ROUNDED_IN_WAN  # a 元 table computed in 万元 (converter.parse.table_rounding)
    decimals = max((len(t.split(".", 1)[1].rstrip("%")) for t in texts if "." in t), default=0)
    return Decimal(5).scaleb(-(decimals + 1))


def _sums_hold(vector: dict[int, Decimal], sums, tol: Decimal) -> bool:
    for total, parts in sums:
        t = vector.get(total, Decimal(0))
        p = sum((vector.get(i, Decimal(0)) for i in parts), Decimal(0))
        if abs(t - p) > tol * (len(parts) + 1):
            return False
    return True


def _candidates(values: list[Decimal], n: int, sums, tol: Decimal) -> list[tuple[int, ...]]:
    """The order-preserving placements of a row's values that keep its sums; where none does (a
    misprinted total: the very error an audit reports), every placement, for the other evidence (the
    totals known from another table, the rows above and below) to decide, when they are few enough."""
    k = len(values)
    if k > n or k == 0:
        return []
    if k == n:
        return [tuple(range(n))]
    out = []
    every = list(itertools.islice(itertools.combinations(range(n), k), _EVERY_LIMIT + 1))
    for combo in every:
        if _sums_hold(dict(zip(combo, values, strict=True)), sums, tol):
            out.append(combo)
    if not out and sums and len(every) <= _EVERY_LIMIT:
        return every
    return out


@dataclass
class _Row:
    row: TableRow
    values: list[Decimal]
    candidates: list[tuple[int, ...]]
    fixed: str | None = None  # "position" / "blank-pattern" when the text itself decides


def _vector(r: _Row, combo: tuple[int, ...]) -> dict[int, Decimal]:
    return dict(zip(combo, r.values, strict=True))


class _SumSearch:
    """Assignments of children's candidate placements whose column sums equal a parent's vector."""

    def __init__(self, children: list[_Row], n: int, tol: Decimal, off: int = 0) -> None:
        self.children, self.n, self.off = children, n, off  # off: columns allowed not to add up
        self.slack = tol * (len(children) + 1)
        self.feasible: list[set[tuple[int, ...]]] = [set() for _ in children]
        self.nodes = 0

    def run(self, target: list[Decimal]) -> bool:
        return self._search(0, [Decimal(0)] * self.n, target, [])

    def _search(
        self, i: int, partial: list[Decimal], target: list[Decimal], chosen: list[tuple[int, ...]]
    ) -> bool:
        self.nodes += 1
        if self.nodes > _SEARCH_LIMIT:
            raise OverflowError
        n, slack = self.n, self.slack
        if i == len(self.children):
            if sum(abs(partial[j] - target[j]) > slack for j in range(n)) <= self.off:
                for keep, combo in zip(self.feasible, chosen, strict=True):
                    keep.add(combo)
                return True
            return False
        ok = False
        for combo in self.children[i].candidates:
            vec = _vector(self.children[i], combo)
            nxt = [partial[j] + vec.get(j, Decimal(0)) for j in range(n)]
            if sum(nxt[j] > target[j] + slack and target[j] >= 0 for j in range(n)) > self.off:
                continue  # amounts are not negative: a partial sum beyond the parent cannot come back
            ok = self._search(i + 1, nxt, target, [*chosen, combo]) or ok
        return ok


def _family_filter(parent: _Row, children: list[_Row], n: int, tol: Decimal) -> bool:
    """Keep the candidates of a parent and its children that some assignment makes add up, column
    by column (children = parent). Where no assignment adds up in every column, those adding up in all
    but one (a misprinted total, or a misprinted part: moving a value to a wrong column breaks two
    columns, so one column off still tells placements apart). Returns whether anything was narrowed."""
    for off in (0, 1):
        search = _SumSearch(children, n, tol, off)
        feasible_parent: set[tuple[int, ...]] = set()
        try:
            for pc in parent.candidates:
                if search.run([_vector(parent, pc).get(j, Decimal(0)) for j in range(n)]):
                    feasible_parent.add(pc)
        except OverflowError:
            return False  # too many ways to try: nothing is proven
        if feasible_parent:
            break
    if not feasible_parent:
        return False  # the publisher's own sums do not hold: nothing is proven
    changed = feasible_parent != set(parent.candidates)
    parent.candidates = [c for c in parent.candidates if c in feasible_parent]
    for child, keep in zip(children, search.feasible, strict=True):
        if keep != set(child.candidates):
            child.candidates = [c for c in child.candidates if c in keep]
            changed = True
    return changed


def _parent_code(code: str, scheme: str | None) -> str | None:
    if scheme == "economic":
        return code[:3] if len(code) == 5 else None
    return code[:-2] if len(code) in (5, 7) else None


def _is_total(label: str) -> bool:
    return bool(re.fullmatch(r"(?:合\s*计|总\s*计|本年(?:收入|支出)合计)", re.sub(r"\s", "", label)))


def _families(rows: list[_Row]) -> list[tuple[_Row, list[_Row]]]:
    by_code = {r.row.code: r for r in rows if r.row.code}
    families: dict[int, tuple[_Row, list[_Row]]] = {}
    total = next((r for r in rows if not r.row.code and _is_total(r.row.label)), None)
    for r in rows:
        code = r.row.code
        if not code:
            continue
        parent_code = _parent_code(code, r.row.code_scheme)
        parent = by_code.get(parent_code) if parent_code else (total if len(code) == 3 else None)
        if parent is not None:
            families.setdefault(id(parent), (parent, []))[1].append(r)
    return list(families.values())


def _keep_floors(work: list[_Row], floors: dict[int, dict[int, Decimal]], tol: Decimal) -> None:
    """Keep each row's placements whose columns hold at least the row's floors; where a row has none
    that does, the floors are no bounds of this table's rows (another scope, a misprint): all ignored."""
    kept: list[tuple[_Row, list[tuple[int, ...]]]] = []
    for r in work:
        bound = floors.get(id(r.row))
        if not bound:
            continue
        keep = [
            c
            for c in r.candidates
            if all(_vector(r, c).get(j, Decimal(0)) >= v - tol * 2 for j, v in bound.items())
        ]
        if not keep:
            return
        kept.append((r, keep))
    for r, keep in kept:
        r.candidates = keep


def place_numbers(
    rows: list[TableRow],
    columns: Columns | None,
    known: dict[int, Decimal] | None = None,
    floors: dict[int, dict[int, Decimal]] | None = None,
) -> None:
    """Fill ``TableRow.placed`` for rows whose numbers are keyed by position (see the module doc).
    ``known``: the 合计 row's amounts by column; ``floors``: by ``id`` of a row, the least amount each
    of its columns holds (``fund_floors``): placements below one are not the row's."""
    if columns is None:
        for row in rows:
            for key in row.cells:
                row.placed[key] = (None, "unknown")
        return
    n = len(columns.names)
    texts = [v.text for row in rows for v in row.cells.values()]
    tol = _tolerance(texts)
    work: list[_Row] = []
    for row in rows:
        keys = sorted(row.cells, key=lambda k: int(k[1:]))
        values = [decimal(row.cells[k].text) for k in keys]
        if any(v is None for v in values):
            for key in keys:
                row.placed[key] = (None, "unknown")
            continue
        readings = [
            tuple(f)
            for f in (row.positions, row.alt_positions)
            if f is not None and len(f) == len(values) and max(f, default=-1) < n
        ]
        if len(readings) > 1:  # counted from the label or from the line's end: the row's own sums choose
            held = [f for f in readings if _sums_hold(dict(zip(f, values, strict=True)), columns.sums, tol)]
            readings = held or readings
        if readings:
            how = "blank-pattern" if len(values) < n else "position"
            r = _Row(row, values, list(dict.fromkeys(readings)), how)  # type: ignore[arg-type]
        elif len(values) == n:
            r = _Row(row, values, [tuple(range(n))], "position")  # type: ignore[arg-type]
        else:
            r = _Row(row, values, _candidates(values, n, columns.sums, tol))  # type: ignore[arg-type]
        work.append(r)
    if known:
        total = next((r for r in work if not r.row.code and _is_total(r.row.label)), None)
        if total is not None and len(total.candidates) > 1:
            keep = [
                c
                for c in total.candidates
                if all(abs(_vector(total, c).get(j, Decimal(0)) - v) <= tol * 2 for j, v in known.items())
            ]
            total.candidates = keep or total.candidates
    if floors:
        _keep_floors(work, floors, tol)
    families = _families(work)
    for _ in range(20):  # narrow until nothing changes: a decided parent decides its children and back
        if not any([_family_filter(p, ch, n, tol) for p, ch in families]):
            break
    for r in work:
        keys = sorted(r.row.cells, key=lambda k: int(k[1:]))
        for i, key in enumerate(keys):
            columns_of_i = {c[i] for c in r.candidates}
            if len(columns_of_i) == 1:
                how = r.fixed or ("position" if len(keys) == n else "arithmetic")
                r.row.placed[key] = (columns.names[columns_of_i.pop()], how)
            else:
                r.row.placed[key] = (None, "unknown")


def place_again(
    rows: list[TableRow],
    table,
    known: dict[int, Decimal] | None = None,
    floors: dict[int, dict[int, Decimal]] | None = None,
) -> bool:
    """A second placement of ``table``'s rows by its header columns with more evidence (``known`` totals,
    ``floors``); what the first read placed keeps its column. Whether any open number was placed."""
    before = {id(r): dict(r.placed) for r in rows}
    place_numbers(rows, Columns(list(table.columns), list(table.column_sums), "header"), known, floors)
    changed = False
    for row in rows:
        for key, (column, how) in before[id(row)].items():
            if column is not None:
                row.placed[key] = (column, how)  # the first read decided it: it stands
            elif row.placed[key][0] is not None:
                changed = True
    return changed
