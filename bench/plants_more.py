"""More kinds of planted errors (narrative claims, the 目录, whole tables), and their recall.

    .venv/bin/python bench/plants_more.py [-v] [--sites N] [--kinds k1,k2] [--form FORM] [FILE ...]
        (default documents: those of bench/planted.py; --form as there: the planted document published
        as a web page of that form is audited, against the unplanted document's page)

Each planter is a small function of the document's text (and, for the table kinds, of where the reader
found its tables) that makes one error of its kind the same way on any document, or returns None where
the document has no place for it. The table kinds move, copy or remove whole tables: their edits carry
the tables they copy (``Edit.source``: the new text is a copy of that span of the unplanted text, cells
and all), so the planted document reads as one printed with the error would.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.planted import (  # noqa: E402
    REPORTED,
    SITES,
    Outcome,
    Run,
    arguments,
    disagreements,
    documents,
    judge,
    known,
    option,
    show,
    summary,
)
from bench.plants import AMOUNT, Context, Plant, _around, bump, bump_percent  # noqa: E402
from bench.plants import splice as splice_text  # noqa: E402
from converter.read.types import Cell, Page, ReadDocument, Table  # noqa: E402


@dataclass(frozen=True)
class Edit:
    """Characters [start, end) of the unplanted text replaced by ``new``; where ``source`` is given,
    ``new`` is the unplanted text of that span and the tables read there are copied with it."""

    start: int
    end: int
    new: str
    source: tuple[int, int] | None = None


@dataclass(frozen=True)
class Block:
    """A printed table: from its title line to its last cell, over every page it continues on."""

    start: int
    end: int
    title: str
    parts: tuple[tuple[int, int], ...]  # the cells' extent of each page's piece


@dataclass(frozen=True)
class MoreContext(Context):
    tables: tuple[Block, ...] = ()


# ---- splicing whole tables --------------------------------------------------------------------------


TABLE_KINDS = ("table-twice", "tables-swapped", "table-emptied")


def splice(doc: ReadDocument, edits: tuple, whole_tables: bool = False) -> ReadDocument:
    """The document with the edits made: edits that only change characters as bench.plants.splice does
    (a cell keeps its place and takes the edited text), edits that copy or remove tables by rebuilding
    the text from pieces of the unplanted one, each table going where its cells went."""
    if not whole_tables and not any(getattr(e, "source", None) for e in edits):
        return splice_text(doc, edits)
    return _rebuild(doc, sorted(edits, key=lambda e: (e.start, e.end)))


def _pieces(doc: ReadDocument, edits: list[Edit]) -> list[tuple[int, int, int]]:
    """(new offset, unplanted start, unplanted end) of every piece of the planted text that is a piece
    of the unplanted text: the kept text between the edits and the copied sources."""
    out: list[tuple[int, int, int]] = []
    at = pos = 0
    for e in edits:
        if e.start > at:
            out.append((pos, at, e.start))
            pos += e.start - at
        if e.source:
            out.append((pos, *e.source))
        pos += len(e.new)
        at = e.end
    out.append((pos, at, len(doc.text)))
    return out


def _rebuild(doc: ReadDocument, edits: list[Edit]) -> ReadDocument:
    text, at = [], 0
    for e in edits:
        text.append(doc.text[at : e.start] + e.new)
        at = e.end
    new_text = "".join(text) + doc.text[at:]
    pieces = _pieces(doc, edits)

    def positional(offset: int) -> int:  # a page boundary or heading: where its place in the text went
        shift = 0
        for e in edits:
            if e.end <= offset and not (e.start == e.end == offset):
                shift += len(e.new) - (e.end - e.start)
            elif e.start < offset:
                return e.start + shift + min(offset - e.start, len(e.new))
        return offset + shift

    tables: list[Table] = []
    for page in doc.pages:
        for t in page.tables:
            tables.extend(_placed(t, pieces))
    pages = _fed_pages(doc, new_text)
    if pages is None:
        starts = [positional(p.start) for p in doc.pages]
        pages = []
        for i, p in enumerate(doc.pages):
            end = (
                starts[i + 1] - (doc.pages[i + 1].start - p.end) if i + 1 < len(doc.pages) else len(new_text)
            )
            pages.append(Page(p.number, starts[i], max(starts[i], end), ()))
    placed: dict[int, list[Table]] = {}
    # in the order they are now printed, as a reader lists a page's tables (a moved table's place)
    for first, t in sorted(((_first_cell(t), t) for t in tables), key=lambda ft: ft[0]):
        number = next((p.number for p in pages if p.start <= first < p.end), pages[-1].number)
        placed.setdefault(number, []).append(replace(t, page=number))
    pages = [replace(p, tables=tuple(placed.get(p.number, ()))) for p in pages]
    headings = tuple((positional(a), positional(b)) for a, b in doc.headings)
    return replace(doc, text=new_text, pages=tuple(pages), headings=headings)


def _first_cell(t: Table) -> int:
    return min(c.start for row in t.rows for c in row if c.start is not None)


def _fed_pages(doc: ReadDocument, new_text: str) -> list[Page] | None:
    """The planted text's pages where the reader separates pages by form feeds (a PDF's text): each
    form feed moved with the piece of text it is in, so a table copied or moved with a page break in it
    breaks where it broke (a page's boundary mapped by offset alone would fall inside the table now
    there). None where the pages are not separated so (a text without page breaks)."""
    pages = doc.pages
    if not pages or pages[0].start != 0 or pages[-1].end != len(doc.text):
        return None
    if any(q.start != p.end + 1 or doc.text[p.end] != "\f" for p, q in zip(pages, pages[1:], strict=False)):
        return None
    feeds = [m.start() for m in re.finditer("\f", new_text)]
    if len(pages) > 1 and doc.text.count("\f") != len(pages) - 1:
        return None  # a form feed inside a page: not the page separator alone
    starts, ends = [0, *(f + 1 for f in feeds)], [*feeds, len(new_text)]
    return [Page(pages[0].number + i, a, b, ()) for i, (a, b) in enumerate(zip(starts, ends, strict=True))]


def _placed(t: Table, pieces: list[tuple[int, int, int]]) -> list[Table]:
    """The table at every piece that keeps all its located cells; its rows cut to the cells a piece
    keeps where none keeps all (a table partly removed); nothing where no cell is kept."""
    cells = [c for row in t.rows for c in row if c.start is not None and c.end is not None]
    if not cells:
        return []
    lo, hi = min(c.start for c in cells), max(c.end for c in cells)
    whole = [(pos, a) for pos, a, b in pieces if a <= lo and hi <= b]
    if whole:
        return [_shifted(t, pos - a, lambda c: True) for pos, a in whole]
    out = []
    for pos, a, b in pieces:
        inside = [c for c in cells if a <= c.start and c.end <= b]
        if inside:
            out.append(_shifted(t, pos - a, lambda c, a=a, b=b: c.start is not None and a <= c.start < b))
    return out


def _shifted(t: Table, delta: int, keep: Callable[[Cell], bool]) -> Table:
    rows = []
    for row in t.rows:
        located = [c for c in row if c.start is not None]
        if located and not any(keep(c) for c in located):
            continue
        rows.append(row)
    moved = replace(t, rows=tuple(rows))

    def shift(c: Cell) -> Cell:
        if c.start is None or c.end is None:
            return c
        return replace(c, start=c.start + delta, end=c.end + delta)

    return moved.with_cells(shift)


# ---- where the tables are ---------------------------------------------------------------------------

TITLE = re.compile(r"[^\n\t]{0,40}(?:表|情况)[^\n\t。，]{0,4}")


def table_blocks(doc: ReadDocument) -> tuple[Block, ...]:
    """The tables as printed: a piece with a title line (…表) in the few lines above its first cell
    begins a table, a piece without one continues the table before it."""
    blocks: list[Block] = []
    previous_end = 0
    for page in doc.pages:
        for t in page.tables:
            cells = [c for row in t.rows for c in row if c.start is not None and c.end is not None]
            if not cells:
                continue
            lo, hi = min(c.start for c in cells), max(c.end for c in cells)
            head_from = max(previous_end, page.start, doc.text.rfind("\n", 0, max(0, lo - 200)) + 1)
            lines = list(re.finditer(r"[^\n\f]+", doc.text[head_from:lo]))[-3:]
            titles = [m for m in lines if TITLE.fullmatch(m.group(0).strip()) and "单位" not in m.group(0)]
            title = titles[-1] if titles else None
            if title is None and blocks:
                b = blocks[-1]
                blocks[-1] = replace(b, end=hi, parts=(*b.parts, (lo, hi)))
            elif title is not None:
                start = head_from + title.start()
                blocks.append(Block(start, hi, title.group(0).strip(), ((lo, hi),)))
            previous_end = hi
    return tuple(blocks)


# ---- narrative planters -----------------------------------------------------------------------------


def _places(
    ctx: Context, pattern: str, keep: Callable[[re.Match], bool] = lambda m: True
) -> tuple[list[re.Match], list[int]]:
    """The pattern's matches in the 说明 read without its line breaks (a reader breaks a sentence's
    lines anywhere: 完\n成年初预算的), and each character's offset in the text."""
    start = ctx.narrative_start
    at = [start + i for i, ch in enumerate(ctx.text[start:]) if ch != "\n"]
    flat = "".join(ctx.text[i] for i in at)
    return [m for m in re.finditer(pattern, flat) if keep(m)], at


def _place(ctx: Context, pattern: str, *, keep: Callable[[re.Match], bool] = lambda m: True):
    places, at = _places(ctx, pattern, keep)
    return (places[ctx.nth], at) if ctx.nth < len(places) else None


def _one(ctx: Context, kind: str, found, group: int | str, new: str) -> Plant | None:
    if not found:
        return None
    m, at = found
    a, b = at[m.start(group)], at[m.end(group) - 1] + 1
    old = ctx.text[a:b]
    return Plant(kind, f"{old[:30]} -> {new[:30]} (“{_around(ctx.text, a, b)[:80]}”)", (Edit(a, b, new),))


DIRECTION = {"大于": "小于", "小于": "大于", "高于": "低于", "低于": "高于"}


def budget_direction(ctx: Context) -> Plant | None:
    """决算数小于预算数 turned into 决算数大于预算数 (the figures unchanged)."""
    found = _place(ctx, r"决算数?(大于|小于|高于|低于)(?:年初)?预算数?")
    return _one(ctx, "budget-direction", found, 1, DIRECTION[found[0].group(1)] if found else "")


def budget_flat(ctx: Context) -> Plant | None:
    """决算数小于预算数的主要原因：… replaced by 决算数与预算数持平。 (the figures differ)."""
    found = _place(ctx, r"决算数?(?:大于|小于|高于|低于)(?:年初)?预算数?[^。]{0,120}。")
    return _one(ctx, "budget-flat", found, 0, "决算数与预算数持平。")


def completion_rate(ctx: Context) -> Plant | None:
    """A stated 完成率 (完成年初预算的98.20%) made wrong."""
    pattern = r"(?:完成(?:年初|全年|调整)?预算的|完成率(?:为|达)?)\s*(\d+(?:\.\d+)?)\s*%"
    found = _place(ctx, pattern, keep=lambda m: float(m.group(1)) > 0)  # 0% of a budget of 0: no rate
    return _one(ctx, "completion-rate", found, 1, bump_percent(found[0].group(1)) if found else "")


REASON_SWAP = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "提高": "降低", "降低": "提高"}


def reason_direction(ctx: Context) -> Plant | None:
    """The 增加/减少 of a reason (主要原因是…减少) turned the other way: the reason now contradicts the
    change it explains."""
    found = _place(ctx, r"主要原因(?:是|为)?[：:，,]?[^。]{0,60}?(增加|减少|增长|下降|提高|降低)")
    return _one(ctx, "reason-direction", found, 1, REASON_SWAP[found[0].group(1)] if found else "")


DESCRIPTION = r"[（(]项[）)][。，,]?\s*主要用于[：:]?([^。；\n]{2,40})[。；]"


def description_swap(ctx: Context) -> Plant | None:
    """The 主要用于 text of an item replaced by that of the next item described otherwise (a copy-paste
    of the paragraph above)."""
    places, at = _places(ctx, DESCRIPTION)
    if ctx.nth >= len(places):
        return None
    m = places[ctx.nth]
    other = next((o for o in places[ctx.nth + 1 :] + places[: ctx.nth] if o.group(1) != m.group(1)), None)
    if other is None:
        return None
    return _one(ctx, "description-swap", (m, at), 1, other.group(1))


YOY = (
    rf"(?P<head>(?:比|较|与|同比)\s*(?:上年|上一年|(?:20\d\d)\s*年)[度]?(?:预算)?(?:执行数)?(?:相比|比较)?[，,]?"
    rf"[^。；\n\d%]{{0,30}}?)(?P<change>(?:增加|减少|增长|下降)了?(?:{AMOUNT})万元"
    rf"(?:[，,]\s*(?:增长|下降|增加|减少|降低|提高|上升)(?:\d+(?:\.\d+)?)%)?)"
)


def yoy_flat(ctx: Context) -> Plant | None:
    """比上年增加N万元，增长P% (与上年相比，X减少N万元) written 比上年持平 (与上年相比，X持平)."""
    found = _place(ctx, YOY)
    return _one(ctx, "yoy-flat", found, "change", "持平")


PROCUREMENT = (
    rf"政府采购(?:支出|合同)?(?:预算)?(?:总金额|总额|金额)?[^。\d]{{0,30}}?(?:{AMOUNT})万元[^。]{{0,6}}?其中"
    r"(?P<parts>[^。]{0,160})"
)
PROCUREMENT_PART = rf"(?:货物|工程|服务)[^。\d、，,；]{{0,12}}?({AMOUNT})万元"


def procurement_parts(ctx: Context) -> Plant | None:
    """One of the 货物 / 工程 / 服务 amounts of the 政府采购 sentence (政府采购支出总额N万元，其中：政府采购
    货物支出A万元、…) changed by a printed unit: the parts no longer add up to the total."""
    sentences, at = _places(ctx, PROCUREMENT)
    parts = [
        (p, s.start("parts")) for s in sentences for p in re.finditer(PROCUREMENT_PART, s.group("parts"))
    ]
    if ctx.nth >= len(parts):
        return None
    p, base = parts[ctx.nth]
    a, b = at[base + p.start(1)], at[base + p.end(1) - 1] + 1
    old = ctx.text[a:b]
    if "\n" in old:  # a number broken over a line: the reader joins it, an edit in it would not
        return None
    new = bump(old)
    return Plant("procurement-parts", f"{old} -> {new} (“{_around(ctx.text, a, b)}”)", (Edit(a, b, new),))


REPEATABLE = re.compile(r"[\u4e00-\u9fff]{2}$")  # a word's characters, not a number or a mark
NUMBERED = re.compile(
    r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十]+"
)


def _prose_line(line: str) -> bool:
    """A line of a paragraph: long, with a sentence's marks, no table cells, no numbered heading."""
    return (
        len(line) >= 16
        and "\t" not in line
        and bool(re.search("[，。；]", line))
        and not NUMBERED.match(line)
    )


def repeated_word(ctx: Context) -> Plant | None:
    """The last two characters of a line of prose in the 说明 printed again at the start of the next
    line of the same paragraph (…的支\n的支出…): a word repeated over a line break."""
    lines = list(re.finditer(r"[^\n\f]+", ctx.text[ctx.narrative_start :]))
    places = []
    for before, after in zip(lines, lines[1:], strict=False):
        first, second = before.group(0).strip(), after.group(0).strip()
        if after.start() != before.end() + 1 or not (_prose_line(first) and _prose_line(second)):
            continue
        if REPEATABLE.search(first) and not second.startswith(first[-2:]):
            indent = len(after.group(0)) - len(after.group(0).lstrip())
            places.append((first[-2:], ctx.narrative_start + after.start() + indent))
    if ctx.nth >= len(places):
        return None
    word, at = places[ctx.nth]
    return Plant("repeated-word", f"“{word}” printed again at a line's start (“{_around(ctx.text, at - 6, at)}”)",
                 (Edit(at, at, word),))  # fmt: skip


# ---- the 目录 ---------------------------------------------------------------------------------------

ENTRY = re.compile(
    r"(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\s*[.．、])"
)


def contents_entries(text: str) -> list[tuple[int, int]]:
    """The 目录's entry lines ([start, end) with the line break), the last one (where the body begins,
    on the same line as the last entry in some readings) left out."""
    head = re.search(r"目\s*录", text[:6000])
    if not head:
        return []
    lines = list(re.finditer(r"[^\n]*\n", text[head.end() :]))
    out: list[tuple[int, int]] = []
    seen: list[str] = []
    for m in lines[1:60]:
        words = re.sub(r"[\s.…·]|\d+$", "", m.group(0))
        if not ENTRY.match(m.group(0).strip()) or any(s and s in words for s in seen[:1] if len(out) > 2):
            break
        seen.append(words)
        out.append((head.end() + m.start(), head.end() + m.end()))
    return out[:-1] if out and out[-1] != out[0] else out


def contents_entry_removed(ctx: Context) -> Plant | None:
    """One entry of the 目录 left out (the body still prints it)."""
    entries = contents_entries(ctx.text)
    if ctx.nth >= len(entries):
        return None
    a, b = entries[ctx.nth]
    return Plant(
        "contents-entry-removed", f"目录 entry “{ctx.text[a:b].strip()[:40]}” removed", (Edit(a, b, ""),)
    )


# ---- whole tables -----------------------------------------------------------------------------------


def _titled(ctx: Context) -> list[Block]:
    return [b for b in getattr(ctx, "tables", ()) if len(b.parts) >= 1]


def table_twice(ctx: Context) -> Plant | None:
    """A table printed twice: a copy of it (title, cells and all) right after it."""
    blocks = _titled(ctx)
    if ctx.nth >= len(blocks):
        return None
    b = blocks[ctx.nth]
    at = b.end + 1 if ctx.text[b.end : b.end + 1] in ("\n", "\f") else b.end
    copy = ctx.text[b.start : b.end]
    return Plant("table-twice", f"table “{b.title[:40]}” printed twice",
                 (Edit(at, at, copy + "\n", source=(b.start, b.end)),))  # fmt: skip


def tables_swapped(ctx: Context) -> Plant | None:
    """Two tables printed one after the other in the order the 目录 does not give: each table's text
    (title, cells) where the other's was."""
    blocks = _titled(ctx)
    if ctx.nth + 1 >= len(blocks):
        return None
    a, b = blocks[ctx.nth], blocks[ctx.nth + 1]
    first, second = ctx.text[a.start : a.end], ctx.text[b.start : b.end]
    return Plant("tables-swapped", f"tables “{a.title[:30]}” and “{b.title[:30]}” swapped",
                 (Edit(a.start, a.end, second, source=(b.start, b.end)),
                  Edit(b.start, b.end, first, source=(a.start, a.end))))  # fmt: skip


def table_emptied(ctx: Context) -> Plant | None:
    """A table printed with its header only (no row of figures) and no 本表无数据: each of its pieces cut
    from its first row holding an amount to its last cell."""
    blocks = [b for b in _titled(ctx) if not re.search(r"无数据|空表|没有", ctx.text[b.start : b.end + 80])]
    if ctx.nth >= len(blocks):
        return None
    b = blocks[ctx.nth]
    edits = []
    for lo, hi in b.parts:
        first = re.search(rf"(?m)^.*\t(?:{AMOUNT})(?:\t|$)", ctx.text[lo:hi])
        if first:
            edits.append(Edit(lo + first.start(), hi, ""))
    if not edits:
        return None
    return Plant(
        "table-emptied", f"table “{b.title[:40]}” emptied (its rows of figures removed)", tuple(edits)
    )


MORE_PLANTERS: tuple[Callable[[Context], Plant | None], ...] = (
    budget_direction,
    budget_flat,
    completion_rate,
    reason_direction,
    description_swap,
    yoy_flat,
    procurement_parts,
    repeated_word,
    contents_entry_removed,
    table_twice,
    tables_swapped,
    table_emptied,
)
KINDS = {p.__name__.replace("_", "-"): p for p in MORE_PLANTERS}
# The kinds that remove what they plant: no finding can cite characters no longer printed, so what
# reports them is a new finding of the rules that look for their error.
REMOVED = {
    "contents-entry-removed": ("placeholders-section-unlisted", "tables-not-listed"),
    "table-emptied": ("tables-empty-unexplained",),
}


def judge_more(plant: Plant, baseline: set[tuple], findings: list, regions=None) -> Outcome:
    """bench.planted.judge; for a kind of REMOVED, a new Violation or Warning of its rules catches it."""
    out = judge(plant, baseline, findings, regions)
    disagreeing = disagreements(baseline)
    for f in findings:
        if (
            f.rule in REMOVED.get(plant.kind, ())
            and f.severity in REPORTED
            and not known(f, baseline, disagreeing)
        ):
            if f not in out.caught_by:
                out.caught_by.append(f)
            if f in out.collateral:
                out.collateral.remove(f)
    return out


# ---- running --------------------------------------------------------------------------------------


def run_document(
    path: Path, planters, verbose: bool = False, sites: int = SITES, form: str | None = None
) -> list[Outcome]:
    run, report = Run.of(path, form)
    doc = run.doc
    blocks = table_blocks(doc)
    outcomes: list[Outcome] = []
    seen: set[tuple] = set()
    for planter in planters:
        for nth in range(sites):
            ctx = MoreContext(doc.text, report.fiscal_year, report.organisation.name, nth, blocks)
            plant = planter(ctx)
            if plant is None or plant.edits in seen:
                continue
            seen.add(plant.edits)
            outcome = run.outcome(plant, splice(doc, plant.edits, plant.kind in TABLE_KINDS), judge_more)
            show(outcome, verbose)
            outcomes.append(outcome)
    return outcomes


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    sites = int(option(argv, "--sites") or SITES)
    kinds = (option(argv, "--kinds") or "").split(",") if "--kinds" in argv else list(KINDS)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        print(f"unknown kinds {unknown}; known: {', '.join(KINDS)}")
        return 2
    args = arguments(argv, {"--sites", "--kinds", "--form"})
    paths = documents(args)
    if not paths:
        print("no documents: ../shared is absent")
        return 2
    results: dict[str, list[Outcome]] = {}
    for path in paths:
        print(path.name)
        results[path.name] = run_document(
            path, [KINDS[k] for k in kinds], verbose, sites, option(argv, "--form")
        )
    summary(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
