"""Errors planted in a real document's text, one at a time, of the kinds a checker is judged on.

Each planter looks at the text as the reader gives it (``ReadDocument.text``: a PDF's ruled tables are
written there as tab-separated lines, a text file is its own text) and returns the edits that make one
error of its kind, or None where the document has no place for it (101 spends no 三公: nothing to break).
The planters find their place by the template's wording, never by a document's offsets, so one planter
serves every document of the template.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from converter.parse.normalise import matching_text
from converter.read.types import Cell, Page, ReadDocument

AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# a table line: fields split by tabs (how the PDF reader writes a ruled table's row)
TAB = "\t"


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    new: str


@dataclass(frozen=True)
class Plant:
    kind: str
    label: str  # what was changed, as the reader would see it: "2,940.05 -> 2,941.05 (合计)"
    edits: tuple[Edit, ...]

    def regions(self) -> list[tuple[int, int]]:
        """Where the edits are in the planted text (offsets after every edit is applied)."""
        out: list[tuple[int, int]] = []
        shift = 0
        for e in sorted(self.edits, key=lambda e: e.start):
            out.append((e.start + shift, e.start + shift + len(e.new)))
            shift += len(e.new) - (e.end - e.start)
        return out


@dataclass(frozen=True)
class Context:
    text: str
    year: int | None  # the report's fiscal year, as the unplanted document gives it
    organisation: str | None
    nth: int = 0  # which place of its kind the planter takes: 0 the first, 1 the second ...

    @property
    def narrative_start(self) -> int:
        """Where the 说明 begins: the first 说明 heading the text prints twice, at its second printing (the
        first is the 目录's entry); the first heading where the text has no 目录."""
        pattern = r"[^\n。]{0,30}?(?:决算|预算)情况\s*说\s*明|编制说明"
        heads = [(m.start(), re.sub(r"\s", "", m.group(0))[-8:]) for m in re.finditer(pattern, self.text)]
        for i, (_, words) in enumerate(heads):
            again = next((at for at, other in heads[i + 1 :] if other == words), None)
            if again is not None:
                return again
        return heads[0][0] if heads else 0


def bump(number: str) -> str:
    """The same printed number with the digit before the decimal point one higher (9 -> 0 turns 19 into
    10): a difference of one printed unit or more, far above any rounding tolerance."""
    head = number.split(".")[0]
    i = max(i for i, ch in enumerate(head) if ch.isdigit())
    return number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1 :]


def bump_percent(number: str) -> str:
    """A percent made wrong beyond what a rule may allow it: one printed unit more where it has decimals
    (56.42 -> 57.42), ten where it is printed whole (84 -> 94: a whole percent one unit high may be the
    unit a publisher adds to make a list of shares reach 100%)."""
    return bump(number) if "." in number else str(int(number) + 10)


def splice(doc: ReadDocument, edits: tuple[Edit, ...]) -> ReadDocument:
    """The document with each edit made in its text, every offset after it moved, and each table cell
    that holds an edited span given the edited text: what a reader would have read from a document
    printed with the error."""
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        doc = _splice_one(doc, e)
    return doc


def _splice_one(doc: ReadDocument, e: Edit) -> ReadDocument:
    delta = len(e.new) - (e.end - e.start)
    old = doc.text[e.start : e.end]

    def moved(offset: int) -> int:
        return offset + delta if offset >= e.end else offset

    def cell(c: Cell) -> Cell:
        if c.start is None or c.end is None:
            return c
        if c.start <= e.start and e.end <= c.end:
            inner = e.start - c.start
            text = c.text
            if doc.text[c.start : c.end] == c.text:
                text = text[:inner] + e.new + text[inner + len(old) :]
            elif old in text:
                text = text.replace(old, e.new, 1)
            return replace(c, text=text, end=c.end + delta)
        return replace(c, start=moved(c.start), end=moved(c.end))

    pages = tuple(
        Page(p.number, moved(p.start), moved(p.end) if p.end > e.start else p.end,
             tuple(t.with_cells(cell) for t in p.tables))
        for p in doc.pages
    )  # fmt: skip
    headings = tuple((moved(a), moved(b)) for a, b in doc.headings)
    return replace(doc, text=doc.text[: e.start] + e.new + doc.text[e.end :], pages=pages, headings=headings)


# ---- planters ------------------------------------------------------------------------------------


def _nth(candidates, nth: int):
    """The nth of the candidates (a planter's places, in the order of the text), or None."""
    for i, candidate in enumerate(candidates):
        if i == nth:
            return candidate
    return None


def _first(
    ctx: Context,
    pattern: str,
    *,
    after: int = 0,
    narrative: bool = False,
    site: bool = True,
    scan: bool = False,
):
    """The place of the pattern the planter takes (``ctx.nth``; the first where ``site`` is False: a
    figure the place is compared with), and the offset its match is relative to. ``scan``: matched in the
    reader's matching text (same offsets), where a year printed in Chinese numerals is in digits."""
    start = max(after, ctx.narrative_start if narrative else 0)
    text = matching_text(ctx.text) if scan else ctx.text
    m = _nth(re.finditer(pattern, text[start:]), ctx.nth if site else 0)
    return (m, start) if m else None


_NUMERALS = "〇一二三四五六七八九"
_PRINTED_YEAR = re.compile(r"\d{4}|(?:[^\s\d][ \t]*){3}[^\s\d]")


def _year_edit(text: str, at: int, year: int) -> Edit:
    """The year printed at ``at`` replaced by ``year``, written as the document writes it: in digits, or in
    Chinese numerals with the same zero (〇, ○, 零) and the same gaps ("二 〇 二 三")."""
    printed = _PRINTED_YEAR.match(text, at)
    assert printed is not None, text[at : at + 8]
    old = printed.group(0)
    if old.isdigit():
        return Edit(at, printed.end(), str(year))
    zero = next((c for c in old if not c.isspace() and c not in _NUMERALS[1:]), "〇")
    digits = iter(zero if d == "0" else _NUMERALS[int(d)] for d in str(year))
    return Edit(at, printed.end(), "".join(c if c.isspace() else next(digits) for c in old))


def _year_label(text: str, e: Edit) -> str:
    return f"{text[e.start : e.end]} -> {e.new} (“{_around(text, e.start, e.end)}”)"


def _bumped(ctx: Context, kind: str, pattern: str, note: str, *, percent: bool = False, **kw) -> Plant | None:
    found = _first(ctx, pattern, **kw)
    if not found:
        return None
    m, base = found
    a, b = base + m.start(1), base + m.end(1)
    new = bump_percent(m.group(1)) if percent else bump(m.group(1))
    return Plant(kind, f"{m.group(1)} -> {new} ({note}: “{_around(ctx.text, a, b)}”)", (Edit(a, b, new),))


def _around(text: str, a: int, b: int, width: int = 14) -> str:
    return text[max(0, a - width) : b + width].replace("\n", " ").replace(TAB, " ")


def table_total(ctx: Context) -> Plant | None:
    """The 合计 row of a 支出 table no longer equals the sum of its rows."""
    at = ctx.text.find("支出决算表", ctx.text.find("支出决算表") + 1)
    return _bumped(ctx, "table-total", rf"(?<![收入支出])合计\t({AMOUNT})", "合计 row", after=max(at, 0))


def class_total(ctx: Context) -> Plant | None:
    """A 类 line (3-digit code, its 款 below it) no longer equals its 款."""
    pattern = rf"(?m)^(\d{{3}})\t+[^\t\d\n][^\t\n]*\t({AMOUNT})\n\1\t+\d{{2}}\t"
    m = _nth(re.finditer(pattern, ctx.text), ctx.nth)
    if not m:
        pattern = rf"(?m)^(\d{{3}})\t+[^\t\d\n][^\t\n]*\t({AMOUNT})\n\1\d{{2}}\t"
        m = _nth(re.finditer(pattern, ctx.text), ctx.nth)
    if not m:
        return None
    a, b = m.start(2), m.end(2)
    new = bump(m.group(2))
    return Plant("class-total", f"{m.group(2)} -> {new} (类 {m.group(1)})", (Edit(a, b, new),))


def income_sources(ctx: Context) -> Plant | None:
    """本年收入合计 of the 收支总表 no longer equals the sum of the sources above it."""
    return _bumped(ctx, "income-sources", rf"本年收入合计\t({AMOUNT})", "本年收入合计")


def narrative_amount(ctx: Context) -> Plant | None:
    """An amount of the 说明 that the tables also print, changed in the 说明 only."""
    table_numbers = {
        f.replace(",", "")
        for line in ctx.text.splitlines()
        if TAB in line
        for f in line.split(TAB)
        if re.fullmatch(AMOUNT, f.strip()) and "." in f
    }
    start = ctx.narrative_start
    places = (
        m
        for m in re.finditer(rf"({AMOUNT})万元", ctx.text[start:])
        if Decimal(m.group(1).replace(",", "")) > 1
        and (m.group(1).replace(",", "") in table_numbers or not table_numbers)
    )
    for m in [p for p in [_nth(places, ctx.nth)] if p]:
        a, b = start + m.start(1), start + m.end(1)
        new = bump(m.group(1))
        return Plant("narrative-amount", f"{m.group(1)} -> {new} (“{_around(ctx.text, a, b)}”)",
                         (Edit(a, b, new),))  # fmt: skip
    return None


SWAP = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长"}


def direction_word(ctx: Context) -> Plant | None:
    """A 增加/减少 of a year-on-year change turned the other way (the figures are unchanged)."""
    found = _first(
        ctx, rf"(?:比|较|与|同比)[^。；\n]{{0,24}}?(增加|减少)(?:了)?(?:{AMOUNT})万元", narrative=True
    )
    if not found:
        return None
    m, base = found
    a, b = base + m.start(1), base + m.end(1)
    new = SWAP[m.group(1)]
    return Plant("direction-word", f"{m.group(1)} -> {new} (“{_around(ctx.text, a, b)}”)", (Edit(a, b, new),))


def yoy_percent(ctx: Context) -> Plant | None:
    """The percent of a year-on-year change (增长/下降 N%) no longer follows from the amounts."""
    pattern = rf"(?:增加|减少)(?:{AMOUNT})万元[，,]\s*(?:增长|下降|增加|减少)(\d+(?:\.\d+)?)%"
    return _bumped(ctx, "yoy-percent", pattern, "year-on-year percent", percent=True, narrative=True)


def share(ctx: Context) -> Plant | None:
    """A share 占N% (strictly between 0 and 100: 0% and 100% are the trivial ones) that no longer
    follows from its amount and base."""
    pattern = rf"(?:{AMOUNT})万元[，,（(]\s*占[^。；\n\d]{{0,16}}?(\d+(?:\.\d+)?)%"
    start = ctx.narrative_start
    places = (m for m in re.finditer(pattern, ctx.text[start:]) if 0 < Decimal(m.group(1)) < 100)
    for m in [p for p in [_nth(places, ctx.nth)] if p]:
        a, b = start + m.start(1), start + m.end(1)
        new = bump_percent(m.group(1))
        return Plant("share", f"{m.group(1)} -> {new} (“{_around(ctx.text, a, b)}”)", (Edit(a, b, new),))
    return None


def wrong_comparison_year(ctx: Context) -> Plant | None:
    """与2022年度相比 in a 2024 决算: the comparison year is not the year before."""
    if not ctx.year:
        return None
    pattern = rf"(?:与|比|较)\s*({ctx.year - 1})\s*年"
    found = _first(ctx, pattern, narrative=True, scan=True)
    if not found:
        return None
    m, base = found
    e = _year_edit(ctx.text, base + m.start(1), ctx.year - 2)
    return Plant("wrong-year-comparison", _year_label(ctx.text, e), (e,))


def wrong_date_year(ctx: Context) -> Plant | None:
    """截至2023年12月31日 in a 2024 决算."""
    if not ctx.year:
        return None
    found = _first(ctx, rf"截[至止]\s*({ctx.year})\s*年\s*(?:12|十二)\s*月", narrative=True, scan=True)
    if not found:
        return None
    m, base = found
    e = _year_edit(ctx.text, base + m.start(1), ctx.year - 1)
    return Plant("wrong-year-date", _year_label(ctx.text, e), (e,))


def placeholder_name(ctx: Context) -> Plant | None:
    """The department's name left as the template's XX局 in one sentence of the 说明."""
    name = ctx.organisation
    if not name or len(name) < 3:
        return None
    found = _first(ctx, re.escape(name), after=ctx.narrative_start + 1)
    if not found:
        return None
    at = found[1] + found[0].start()
    new = "XX" + name[-1]
    return Plant("placeholder", f"{name} -> {new} (“{_around(ctx.text, at, at + len(name))}”)",
                 (Edit(at, at + len(name), new),))  # fmt: skip


def placeholder_amount(ctx: Context) -> Plant | None:
    """An amount of the 说明 left as the template's XXX万元."""
    found = _first(ctx, rf"({AMOUNT})万元", narrative=True)
    if not found:
        return None
    m, base = found
    a, b = base + m.start(1), base + m.end(1)
    return Plant("placeholder", f"{m.group(1)} -> XXX (“{_around(ctx.text, a, b)}”)", (Edit(a, b, "XXX"),))


def doubled_punctuation(ctx: Context) -> Plant | None:
    """A comma printed twice in a sentence of the 说明 (，，)."""
    found = _first(ctx, r"[\u4e00-\u9fff](，)[\u4e00-\u9fff]", narrative=True)
    if not found:
        return None
    m, base = found
    a = base + m.start(1)
    return Plant(
        "doubled-punctuation", f"， -> ，， (“{_around(ctx.text, a, a + 1)}”)", (Edit(a, a + 1, "，，"),)
    )


def three_public_parts(ctx: Context) -> Plant | None:
    """One 三公 item's amount changed: the items no longer add up to the 三公 total."""
    pattern = rf"公务接待费(?:支出)?(?:决算)?(?:为)?({AMOUNT})万元"
    found = _first(ctx, pattern, narrative=True)
    if not found or Decimal(found[0].group(1).replace(",", "")) == 0:
        pattern = rf"公务用车购置及运行(?:维护)?费(?:支出)?(?:决算)?(?:为)?({AMOUNT})万元"
        found = _first(ctx, pattern, narrative=True)
        if not found or Decimal(found[0].group(1).replace(",", "")) == 0:
            return None
    m, base = found
    a, b = base + m.start(1), base + m.end(1)
    new = bump(m.group(1))
    return Plant("three-public-parts", f"{m.group(1)} -> {new} (“{_around(ctx.text, a, b)}”)",
                 (Edit(a, b, new),))  # fmt: skip


def procurement_sme(ctx: Context) -> Plant | None:
    """The amount awarded to SMEs (授予中小企业合同金额) made larger than the procurement total."""
    total = _first(
        ctx, rf"政府采购(?:支出总额|金额)[^。\d]{{0,20}}?({AMOUNT})万元", narrative=True, site=False
    )
    sme = _first(ctx, rf"(?:授予|由)中小企业[^。\d]{{0,24}}?(?:合同)?金额({AMOUNT})万元", narrative=True)
    if not total or not sme:
        return None
    bigger = Decimal(total[0].group(1).replace(",", "")) + 100
    m, base = sme
    a, b = base + m.start(1), base + m.end(1)
    new = f"{bigger:.2f}"
    return Plant("procurement-sme", f"{m.group(1)} -> {new} > total {total[0].group(1)}", (Edit(a, b, new),))


def shifted_rows(ctx: Context) -> Plant | None:
    """The first amount column of a run of 项 lines moved one line down against their codes (the last
    line's amount printed on the first): a column pasted one row off. Each amount is edited in its own
    cell; lines whose first amount cell is blank are not part of a run (a blank cell has no offsets)."""
    line = re.compile(rf"(?m)^\d{{3}}\t+\d{{2}}\t+\d{{2}}\t+[^\t\n]+\t({AMOUNT})(?=\t|$)")
    runs: list[list[re.Match]] = [[]]
    for m in line.finditer(ctx.text):
        previous = runs[-1][-1] if runs[-1] else None
        if previous is not None and ctx.text.count("\n", previous.end(), m.start()) != 1:
            runs.append([])
        runs[-1].append(m)
    run = _nth((r for r in runs if len(r) >= 3 and len({m.group(1) for m in r}) == len(r)), ctx.nth)
    if run is None:
        return None
    edits = [
        Edit(m.start(1), m.end(1), before.group(1)) for before, m in zip([run[-1], *run], run, strict=False)
    ]
    first = ctx.text[run[0].start() : run[0].start(1)].replace(TAB, " ").strip()
    values = " ".join(m.group(1) for m in run)
    return Plant("shifted-rows", f"first amounts of {len(run)} 项 lines from “{first}” ({values}) moved one line down",
                 tuple(edits))  # fmt: skip


PLANTERS: tuple[Callable[[Context], Plant | None], ...] = (
    table_total,
    class_total,
    income_sources,
    narrative_amount,
    direction_word,
    yoy_percent,
    wrong_comparison_year,
    wrong_date_year,
    placeholder_name,
    placeholder_amount,
    doubled_punctuation,
    three_public_parts,
    procurement_sme,
    share,
    shifted_rows,
)
