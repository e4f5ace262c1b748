"""The development documents' narratives in the phrasings other provinces' 决算/预算 texts use.

The kept-back documents come from other provinces and years: they say 较上年 where the development
documents say 比上年, 增长 where they say 增加, 主要是由于 where they say 主要原因是. Each rule of
``RULES`` is one strictly meaning-preserving rewrite; ``paraphrased`` applies one rule at every place it
matches in the narrative sentences the reader reads (never in a table's cells or a tab-separated
table line), and ``compare`` sets what the paraphrased conversion publishes from the narrative beside
what the unparaphrased one does. ``bench/paraphrase.py`` prints it; ``tests/test_paraphrase.py``
asserts it on synthetic texts and corpus documents. ``SECOND`` holds the second round: the comparison
with a named year (较2023年), 减少了 / 减幅, reasons led by 原因主要是 / 主要原因： / 主要系, 为年初预算的,
年初预算安排, shares of 支出总额 / 本年支出, the 三公 items' other names, 万 for 万元, list separators.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.plants import Edit, splice
from converter.model import Figure, Report
from converter.parse.document import identify_document
from converter.parse.narrative import read_narrative
from converter.read.types import ReadDocument

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT.parent / "shared" / "seeds" / "000_0e72b94d2a371e9d.txt"

# a printed amount (with its thousands separators) and its unit
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = rf"(?:{_NUMBER})(?=\s*(?:亿元|万元|元))"
_PERCENT = rf"(?:{_NUMBER})(?=\s*%)"


@dataclass(frozen=True)
class Rule:
    """``pattern`` (a regular expression of the printed text) rewritten as ``new`` (a replacement
    template, or a function of the match); ``why``: why the two say the same."""

    name: str
    pattern: str
    new: str | object
    why: str


_FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")

RULES: tuple[Rule, ...] = (
    # ---- the comparison base: every one names the previous year's figure of the same statistic
    Rule("较上年", r"比上年", "较上年", "比 and 较 both mark the comparison: 较上年增加 = 比上年增加"),
    Rule("比上年度", r"比上年(?!度)", "比上年度", "上年 and 上年度 both name the previous fiscal year"),
    Rule("与上年相比", r"比上年(度?)", r"与上年\1相比", "与上年相比增加 = 比上年增加: the same comparison"),
    Rule(
        "与上年相比，",
        r"比上年(度?)(?=(?:增加|增长|减少|下降))",
        r"与上年\1相比，",
        "the comparison as its own clause before the change (与上年相比，增加…), as many provinces print",
    ),
    Rule(
        # (right before the change only: "比上年预算增加" as "同比预算增加" would leave open which budget)
        "同比",
        r"比上年度?(?=增加|增长|减少|下降|降低|上升|持平)",
        "同比",
        "an annual report's 同比 compares with the same period, the previous year",
    ),
    # ---- the direction: the same change worded with another verb
    Rule("增长", r"增加(?=\s*\d)", "增长", "增加X万元 / 增长X万元, 增加X% / 增长X%: the same rise"),
    Rule("上升", r"增加(?=\s*\d)", "上升", "上升X万元 / 上升X%: a rise, as 增加"),
    Rule("下降", r"减少(?=\s*\d)", "下降", "减少X万元 / 下降X万元: the same fall"),
    Rule("降低", r"减少(?=\s*\d)", "降低", "降低X万元 / 降低X%: a fall, as 减少"),
    Rule(
        "增长了", r"(增加|增长)(?=\s*\d)", r"\1了", "增加了X万元 = 增加X万元 (了 marks the completed change)"
    ),
    Rule("增幅", rf"(?:增加|增长)(?=\s*(?:{_PERCENT}))", "增幅", "增长5% / 增幅5%: the rate of the rise"),
    Rule("降幅", rf"(?:减少|下降)(?=\s*(?:{_PERCENT}))", "降幅", "下降5% / 降幅5%: the rate of the fall"),
    Rule(
        "增幅为",
        rf"(?:增加|增长)(?=\s*(?:{_PERCENT}))",
        "增幅为",
        "增幅为5%: the rate of the rise, with its copula",
    ),
    Rule(
        "降幅为",
        rf"(?:减少|下降)(?=\s*(?:{_PERCENT}))",
        "降幅为",
        "降幅为5%: the rate of the fall, with its copula",
    ),
    Rule("低于", r"(?<=决算数)小于(?=(?:年初)?预算数)", "低于", "决算数低于预算数 = 决算数小于预算数"),
    Rule("高于", r"(?<=决算数)大于(?=(?:年初)?预算数)", "高于", "决算数高于预算数 = 决算数大于预算数"),
    Rule("决算数为", r"(?<=支出)决算为(?=\d)", "决算数为", "支出决算数为X万元 = 支出决算为X万元"),
    # ---- the reason
    # (not after 的: "…小于上年数的主要原因是" has no 主要是 form)
    Rule("主要是", r"(?<!的)主要原因是", "主要是", "主要是… and 主要原因是… both introduce the main reason"),
    Rule("原因是", r"主要原因是", "原因是", "原因是… gives the reason, as 主要原因是"),
    Rule("主要原因为", r"主要原因是", "主要原因为", "为 and 是 are the same copula"),
    Rule(
        "主要是由于", r"(?<!的)主要原因是", "主要是由于", "主要是由于… = 主要原因是…: the main reason follows"
    ),
    # ---- a share
    Rule("占比", rf"占(?=(?:{_PERCENT}))", "占比", "占X% and 占比X% both state the share"),
    Rule("所占比例为", rf"占(?=(?:{_PERCENT}))", "所占比例为", "所占比例为X%: the share, in full words"),
    # ---- the copula before an amount
    Rule("是", rf"为(?=(?:{_MONEY}))", "是", "为X万元 / 是X万元: the same copula"),
    Rule("共计", rf"为(?=(?:{_MONEY}))", "共计", "共计X万元: the level (a sum of its parts), as 为X万元"),
    # (after 决算 only: "收入为X" -> "收入合计X", "收入预算合计" name the total line of a table)
    Rule("合计", rf"(?<=决算)(数?)为(?=(?:{_MONEY}))", r"\1合计", "决算合计X万元: the level, as 决算为X万元"),
    # ---- how the number is printed
    Rule("万元 spaced", r"(\d)(亿元|万元)", r"\1 \2", "a blank between the number and its unit"),
    Rule(
        "full-width",
        rf"(?:{_NUMBER})(?=\s*(?:亿元|万元|元|%))|(?<=\d)%",
        lambda m: m.group(0).translate(_FULL_WIDTH),
        "full-width digits, point and ％ are the same characters (GB 2312 texts often print them)",
    ),
    Rule(
        "，thousands",
        r"(?<=\d),(?=\d{3}(?:\D|$))",
        "，",
        "a full-width comma as the thousands separator of an amount (1，234.56万元)",
    ),
    Rule("万元 full-width space", r"(\d)(万元)", "\\1\u3000\\2", "an ideographic space before the unit"),
    # ---- 持平: a hedged flat (基本持平 says flat within rounding; the direction stays flat)
    Rule("基本持平", r"(?<!基本)持平", "基本持平", "基本持平: flat, hedged; the direction is the same"),
    # ---- the budget: the same figure of the same budget
    Rule(
        "占年初预算的",
        # (a named budget only: a 预算's "占预算的" is a share of the budget's total)
        r"完成(年初预算|调整预算|全年预算)的",
        r"占\1的",
        "决算数占年初预算的Y% = 完成年初预算的Y%: the final over the budget",
    ),
    Rule("年初预算数", r"年初预算为(?=\d)", "年初预算数", "年初预算数X万元 = 年初预算为X万元"),
    Rule("年初预算数为", r"年初预算(?:数)?为(?=\d)", "年初预算数为", "年初预算数为X万元 = 年初预算为X万元"),
    # 收入合计 / 收入总计 are not interchangeable (the 总计 adds the carry-over): no rule rewrites them.
)


# the second round: wordings of other provinces' 说明 the first round did not cover
SECOND: tuple[Rule, ...] = (
    # ---- the comparison base named by its year
    Rule(
        "较2023年", r"比(?=20\d\d年)", "较", "比2023年增加 / 较2023年增加: the same comparison with that year"
    ),
    Rule(
        "与2023年相比，",
        r"比(20\d\d年度?)(?=(?:增加|增长|减少|下降))",
        r"与\1相比，",
        "与2023年相比，增加… = 比2023年增加…: the comparison as its own clause",
    ),
    Rule(
        "2023年度",
        r"(?<=比20\d\d年)(?=增加|增长|减少|下降|持平)",
        "度",
        "比2023年 / 比2023年度: the year and the fiscal year are the same period",
    ),
    Rule(
        # (after 决算 only: a 决算's 上年 figure is the previous year's final; a 预算's is its budget)
        "比上年决算数",
        r"(?<=决算)(比|较)(上年度?|20\d\d年度?)(?=增加|增长|减少|下降|持平)",
        r"\1\2决算数",
        "支出决算比上年决算数增加 = 支出决算比上年增加: the final compared with the year's final",
    ),
    Rule("较上年度", r"比上年(?!度)", "较上年度", "较上年度增加 = 比上年增加"),
    Rule("比上一年度", r"比上年度?", "比上一年度", "上一年度 names the previous fiscal year, as 上年"),
    # ---- the direction
    Rule("增加 for 增长", r"增长(?=\s*\d)", "增加", "增长X万元 / 增加X万元, 增长X% / 增加X%: the same rise"),
    Rule("减少 for 下降", r"下降(?=\s*\d)", "减少", "下降X% / 减少X%: the same fall"),
    Rule(
        "减少了", r"(减少|下降)(?=\s*\d)", r"\1了", "减少了X万元 = 减少X万元 (了 marks the completed change)"
    ),
    Rule("减幅", rf"(?:减少|下降)(?=\s*(?:{_PERCENT}))", "减幅", "减少5% / 减幅5%: the rate of the fall"),
    # ---- the reason
    Rule("原因主要是", r"主要原因是", "原因主要是", "原因主要是… = 主要原因是…: the main reason follows"),
    Rule(
        "主要原因：",
        r"主要原因是(?![：:])",
        "主要原因：",
        "主要原因：… : the colon introduces the reason as 是 does",
    ),
    Rule("主要系", r"(?<!的)主要原因是", "主要系", "主要系… (系 = 是): the main reason follows"),
    Rule("主要原因在于", r"主要原因是", "主要原因在于", "主要原因在于… = 主要原因是…"),
    # ---- the budget
    Rule(
        "为年初预算的",
        r"完成(年初预算|调整预算|全年预算|预算)的(?=\s*\d)",
        r"为\1的",
        "决算数为年初预算的Y% = 完成年初预算的Y%: the final over the budget",
    ),
    Rule("完成预算X%", r"完成(年初预算|预算)的(?=\s*\d)", r"完成\1", "完成预算98% = 完成预算的98%"),
    Rule("完成预算的X%", r"完成(年初预算|预算)(?=\s*\d)", r"完成\1的", "完成预算的98% = 完成预算98%"),
    Rule("年初预算安排", r"年初预算(?:数)?为(?=\d)", "年初预算安排", "年初预算安排X万元: the initial budget"),
    Rule("决算为", r"(?<=支出)决算数为(?=\s*\d)", "决算为", "支出决算为X万元 = 支出决算数为X万元"),
    # ---- totals and shares
    Rule(
        "本年收入",
        r"本年(收入|支出)(预算)?合计(?=\s*\d)",
        r"本年\1\2",
        "本年收入X万元 = 本年收入合计X万元: the year's income (not the 总计 with the carry-over)",
    ),
    Rule(
        "占支出总额的",
        r"占总(收入|支出)的(?=\s*\d)",
        r"占\1总额的",
        "总支出 and 支出总额 both name the whole expenditure",
    ),
    Rule(
        "的比重为",
        r"占([^，。；%\d\s]{1,12}?)的(?=\s*\d)",
        r"占\1的比重为",
        "占总支出的比重为X% = 占总支出的X%: the share of the same whole",
    ),
    Rule(
        "占本年支出的",
        r"占本年(支出|收入)合计的",
        r"占本年\1的",
        "占本年支出的X% = 占本年支出合计的X%: the year's expenditure is its total line",
    ),
    Rule(
        "主要用于：",
        r"主要用于(?![：:])",
        "主要用于：",
        "主要用于：… = 主要用于…: the colon introduces the use",
    ),
    # ---- 三公 wordings
    Rule(
        "公务用车购置及运行费",
        r"公务用车购置及运行维护费",
        "公务用车购置及运行费",
        "the 三公 item under its other official name (the budget templates print 购置及运行费)",
    ),
    Rule(
        "公务用车购置及运行维护费",
        r"公务用车购置及运行费",
        "公务用车购置及运行维护费",
        "the 三公 item under its other official name (the final-accounts templates print 运行维护费)",
    ),
    Rule("公务用车运行费", r"公务用车运行维护费", "公务用车运行费", "公务用车运行费 = 公务用车运行维护费"),
    Rule(
        "公务用车购置支出",
        r"公务用车购置费(?!支出|及)",
        "公务用车购置支出",
        "公务用车购置支出X万元 = 公务用车购置费X万元: the same 三公 item",
    ),
    Rule("因公出国(境)", r"因公出国（境）", "因公出国(境)", "ASCII parentheses for the full-width ones"),
    Rule("三公 ASCII quotes", r"“三公”", '"三公"', "ASCII quotes for the curly ones"),
    Rule("三公经费", r"“三公”经费", "三公经费", "三公经费 printed without quotes names the same expenses"),
    # ---- how the number is printed
    Rule("万", r"(?<=\d)万元(?=[，。；、,])", "万", "X万 = X万元: the unit 元 left implicit"),
    # No rule prints an amount in 元 ("12.50万元" as "125,000.00元"): a 元 amount states the fen, a
    # precision the 万元 text never had, so the rewrite would state more than the text (the audit then
    # rightly checks the rounded sums to the fen).
    # ---- lists after 其中：
    Rule("list ；→，", r"(?<=[%元])；(?=[^\s；])", "，", "the items of a list separated by ， for ；"),
    Rule("list 、→，", r"(?<=万元)、(?=\D)", "，", "the items of a list separated by ， for 、"),
    Rule("批次、人次", r"(?<=批次)，(?=\d+人次)", "、", "公务接待5批次、82人次 = 5批次，82人次"),
    Rule(
        "批次，人次", r"(?<=批次)、(?=\d)", "，", "公务接待2批次，26人次 = 2批次、26人次: the same two counts"
    ),
)

RULES = RULES + SECOND


def rule(name: str) -> Rule:
    return next(r for r in RULES if r.name == name)


# ---- where a rule applies: the narrative sentences, outside the tables ---------------------------------


def identity(doc: ReadDocument) -> tuple[int, str]:
    ident = identify_document(doc)
    return ident.year or 0, (ident.phase.value if ident.phase else "final")


def narrative_ranges(doc: ReadDocument) -> list[tuple[int, int]]:
    """The sentences the narrative reader reads, less the table cells and tab-separated table lines."""
    year, phase = identity(doc)
    cells = sorted(
        (c.start, c.end)
        for page in doc.pages
        for t in page.tables
        for row in t.rows
        for c in row
        if c.start is not None and c.end is not None
    )
    out: list[tuple[int, int]] = []
    for start, end in read_narrative(doc, year, phase).sentences:
        if "\t" in doc.text[start:end] or any(a < end and start < b for a, b in cells):
            continue
        out.append((start, end))
    return out


def edits_of(doc: ReadDocument, r: Rule, ranges: list[tuple[int, int]] | None = None) -> tuple[Edit, ...]:
    """The rule at every place it matches inside the narrative ranges."""
    ranges = narrative_ranges(doc) if ranges is None else ranges
    edits: list[Edit] = []
    pattern = re.compile(r.pattern)
    for start, end in ranges:
        for m in pattern.finditer(doc.text, start, end):
            new = r.new(m) if callable(r.new) else m.expand(r.new)
            if new != m.group(0) and m.end() <= end:
                edits.append(Edit(m.start(), m.end(), new))
    return tuple(edits)


def paraphrased(
    doc: ReadDocument, r: Rule, ranges: list[tuple[int, int]] | None = None
) -> tuple[ReadDocument, int]:
    edits = edits_of(doc, r, ranges)
    return (splice(doc, edits) if edits else doc), len(edits)


# ---- what the narrative publishes ----------------------------------------------------------------------


def _code(ref) -> str | None:
    return ref.code if ref is not None else None


def figure_key(f: Figure) -> tuple:
    """A narrative figure's dimensions (its wording left out: a paraphrase changes the words)."""
    return (f.item, f.statistic, str(f.measure), f.fund, f.nature, _code(f.function), _code(f.economic),
            f.project, f.share_of, f.comparison_year, f.rate_base)  # fmt: skip


def narrative_figures(report: Report) -> list[Figure]:
    """The figures read from the narrative: those of no table, and such statements merged into a table's."""
    out = []
    for f in report.figures:
        for g in (f, *f.other_statements):
            if g.table is None and not g.derived:
                out.append(g)
    return out


def _ref(x) -> tuple | None:
    if isinstance(x, Figure):
        return figure_key(x)
    subject = getattr(x, "subject", None)
    return ("claim", figure_key(subject)) if subject is not None else None


def claim_key(c) -> tuple:
    return (c.kind, _ref(c.subject), _ref(c.base), _ref(c.explains))


def claim_value(c) -> tuple:
    return (c.direction, c.basis, c.comparison_year, c.amount, c.percent)


@dataclass
class Tally:
    kept: int = 0
    lost: int = 0
    changed: int = 0
    added: int = 0
    lost_keys: list = field(default_factory=list)
    changed_keys: list = field(default_factory=list)
    added_keys: list = field(default_factory=list)

    def __iadd__(self, other: Tally) -> Tally:
        self.kept += other.kept
        self.lost += other.lost
        self.changed += other.changed
        self.added += other.added
        self.lost_keys += other.lost_keys
        self.changed_keys += other.changed_keys
        self.added_keys += other.added_keys
        return self


def tally(before: list[tuple[tuple, tuple]], after: list[tuple[tuple, tuple]]) -> Tally:
    """(key, value) pairs: kept where the same key has the same value, changed where the key is there
    with another value (a wrong value), lost where the key is gone, added where it is new."""
    b: dict[tuple, Counter] = defaultdict(Counter)
    a: dict[tuple, Counter] = defaultdict(Counter)
    for k, v in before:
        b[k][v] += 1
    for k, v in after:
        a[k][v] += 1
    out = Tally()
    for k in set(b) | set(a):
        same = b[k] & a[k]
        out.kept += sum(same.values())
        left_b, left_a = b[k] - same, a[k] - same
        n_b, n_a = sum(left_b.values()), sum(left_a.values())
        changed = min(n_b, n_a)
        out.changed += changed
        if changed:
            out.changed_keys.append((k, sorted(left_b, key=str), sorted(left_a, key=str)))
        out.lost += n_b - changed
        if n_b > changed:
            out.lost_keys.append((k, sorted(left_b, key=str)))
        out.added += n_a - changed
        if n_a > changed:
            out.added_keys.append((k, sorted(left_a, key=str)))
    return out


def figure_pairs(report: Report) -> list[tuple[tuple, tuple]]:
    return [(figure_key(f), (f.value,)) for f in narrative_figures(report)]


def table_figure_pairs(report: Report) -> list[tuple[tuple, tuple]]:
    """The figures read from the tables (their pages left out: a layout rewrite moves the tables)."""
    return [(figure_key(f), (f.value,)) for f in report.figures if f.table is not None and not f.derived]


def claim_pairs(report: Report) -> list[tuple[tuple, tuple]]:
    return [(claim_key(c), claim_value(c)) for c in report.claims]


def sources() -> list[tuple[str, Path]]:
    """The development documents whose narrative is read: the PDFs that convert, 101's text, the seed."""
    out: list[tuple[str, Path]] = []
    for n in ("101", "102", "108", "109", "201", "204", "210", "211", "213"):
        found = sorted((CORPUS / "pdf").glob(f"{n}_*.pdf"))
        if found:
            out.append((n, found[0]))
    raw = sorted((CORPUS / "raw").glob("101_*.txt"))
    if raw:
        out.append(("101txt", raw[0]))
    if SAMPLE.exists():
        out.append(("000", SAMPLE))
    return out
