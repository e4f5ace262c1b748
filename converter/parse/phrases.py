"""What the words around a number say about it: the language of the 情况说明, not of one template.

A number in the narrative is read with the phrase before it (from the clause's start). This module
takes such a phrase apart, in plain string terms, for the narrative reader:

- its framing, which names nothing: numbering ("1．", "（一）"), connectives ("其中：", "主要原因是"),
  the owner and the year ("学校2023年度", "江苏省高级人民法院2017年度…安排的"), comparisons
  ("与2022年度相比", "比上年") -> :func:`strip_framing`, :func:`comparison_year`;
- whether the number is relative to a subject: a share ("占总支出的"), a change ("减少", "增长"), a rate
  ("完成年初预算的") -> :func:`relative`;
- statements without a number: a change stated in words ("与上年持平"), a zero stated in words
  ("无政府性基金预算财政拨款收入和支出") -> :data:`FLAT`, :data:`NONE`.

Offsets are never changed here except by :func:`blank_page_marks`, which keeps the text's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from converter.parse import lexicon
from converter.parse.chinese_numerals import DAY, MONTH

# A page number printed on a line of its own at a page break ("3\f", "- 10 -\f", "\f15\n").
_PAGE_MARK = re.compile(
    r"(?m)(?:(?<=\f)|^)[ \t\u3000]*[-—－]?[ \t\u3000]*\d{1,3}[ \t\u3000]*[-—－]?[ \t\u3000]*(?=\f)"
)
_PAGE_MARK_AFTER = re.compile(
    r"(?<=\f)[ \t\u3000]*[-—－]?[ \t\u3000]*\d{1,3}[ \t\u3000]*[-—－]?[ \t\u3000]*(?=\n)"
)


def blank_page_marks(scan: str) -> str:
    """The text with page numbers at page breaks replaced by spaces (same length): a footer "3" must
    not run into the number beside it ("增长3\f17.31%")."""
    if "\f" not in scan:
        return scan
    blank = lambda m: " " * len(m.group(0))  # noqa: E731
    return _PAGE_MARK_AFTER.sub(blank, _PAGE_MARK.sub(blank, scan))


def compact_with_offsets(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """``text[start:end]`` without white space, and for each kept character its offset in ``text``."""
    kept = [(i, ch) for i, ch in enumerate(text[start:end], start) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


_NOISE = re.compile(r"[\s\u3000*“”\"‘’'「」『』]+")


def clean(text: str) -> str:
    """A phrase without white space, quotes and leading enumeration commas."""
    return _NOISE.sub("", text).lstrip("、")


def clean_head(text: str, start: int, end: int, keep: int) -> str:
    """``clean(text[start:end])[:keep]``, read forwards from ``start`` only as far as it needs."""
    kept: list[str] = []
    pos = start
    while pos < end and len(kept) < keep:
        ch = text[pos]
        if not _NOISE.match(text, pos, pos + 1) and (kept or ch != "、"):
            kept.append(ch)
        pos += 1
    return "".join(kept)


def clean_tail(text: str, start: int, end: int, keep: int = 8) -> str:
    """The last ``keep`` characters of ``clean(text[start:end])`` (all of it when shorter), read
    backwards from ``end``: enough for a pattern anchored at the phrase's end that matches at most
    ``keep`` characters and no 、, without cleaning a phrase that may run over a whole table."""
    kept: list[str] = []
    pos = end
    while pos > start and len(kept) < keep:
        pos -= 1
        if not _NOISE.match(text, pos, pos + 1):
            kept.append(text[pos])
    tail = "".join(reversed(kept))
    return tail.lstrip("、") if pos <= start else tail


_NUMBERING = re.compile(
    r"^(?:\d{1,2}\s*[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|"
    r"第[一二三四五六七八九十]+[，,、]?)"
)
_CONNECTIVE = re.compile(
    r"^(?:其中|主要用于以下方面|具体情况如下|具体包括|主要包括|包括|全年(?!预算)|共(?!计|有)|此外|另外|同时|"
    r"主要原因(?:是|为)?|原因(?:是|为)?|增减相抵后|相抵后|[一二三四五六七八九十]是|首先|其次|最后|按照支出功能(?:分类)?科目划分|"
    r"按支出功能(?:分类)?科目划分|从支出功能分类看|按经济分类划分)[：:，,]?"
)
_OWNER = re.compile(
    r"^(?:我校|学校|本校|我院|本院|我局|本局|我单位|本单位|本部门|我部门|部门|单位|我办|本办|我委|本委|我厅|本厅)"
)
# Everything up to the last year is the sentence's owner and date ("江苏省高级人民法院 2017 年度").
_LEADING_YEAR = re.compile(rf"^(?:截至)?(?:19|20)\d{{2}}年(?:度|末|底|{MONTH}月(?:{DAY}日)?)?[，,、]?")
_UP_TO_YEAR = re.compile(
    rf"^.*?(?:截至)?(?:19|20)\d{{2}}年(?:度|末|底|{MONTH}月(?:{DAY}日)?)?(?:的)?(?!.*(?:19|20)\d{{2}}年)"
)
_COMPARISON = re.compile(
    r"(?:(?:与|较|比|同比)\s*(?:上一?年度?|上年度|去年|上一年度|上一度|(?:19|20)\d{2}\s*年度?)(?:同期)?(?:当年)?"
    r"(?:预算执行数|决算数?|预算数?|执行数|数)?(?:相比|比较)?|同比)"
)
_YEAR_COMPARISON = re.compile(
    r"(?:与|较|比|同比)\s*(?:(?P<year>(?:19|20)\d{2})\s*年度?|(?P<previous>上一?年度?|上年度|去年|上一年度|上一度))"
)
# A change against a budget of the same year ("决算数比年初预算增加"), not against the previous year.
_VERSUS_BUDGET = re.compile(r"(?:比|较|与)(?:年初|全年|调整后?)?预算(?:数|安排)?")


@lru_cache(maxsize=16384)
def strip_framing(label: str, owner: bool = True) -> str:
    """The words of a phrase that name something: numbering, connectives, the owner, the year and
    comparisons removed ("其中：财政拨款收入" -> "财政拨款收入", "学校2023年度收入总计" -> "收入总计").
    With ``owner`` everything before the last year is the owner's preamble ("江苏省高级人民法院
    2017年度…"); without it (counts: "编报绩效目标的2024年度项目") only a leading year goes."""
    text = _COMPARISON.sub("", label.lstrip("（(、：:，,"))
    year = _UP_TO_YEAR if owner else _LEADING_YEAR
    for _ in range(4):  # framings stack: "1．其中：2023年…"
        before = text
        text = _NUMBERING.sub("", text)
        text = _CONNECTIVE.sub("", text)
        text = year.sub("", text)
        text = _OWNER.sub("", text)
        if text == before:
            break
    return _TRAILING_PUNCTUATION.sub("", _COPULA.sub(_plain_copula, text))


# The words before an amount that say only "is" ("为"): "支出决算共计", "支出决算合计", "一共". 合计 and
# 总计 are that only after 决算; elsewhere they name a total ("收入合计", "支出总计", and a 预算's
# "收入预算合计": the total line of its income table).
_COPULA = re.compile(r"(?:(?P<stat>决算数?)(?:合计|总计)|(?<=.)(?:共计|总共|一共))(?:为|是|达)?$")


def _plain_copula(match: re.Match[str]) -> str:
    return f"{match.group('stat') or ''}为"


_TRAILING_PUNCTUATION = re.compile(r"[，,：:（(]+$")


def comparison_year(text: str, fiscal_year: int) -> int | None:
    """The year a change is measured against, where ``text`` names one ("与2022年度相比" -> 2022,
    "比上年" -> the previous fiscal year); None when it names no comparison."""
    found = None
    for match in _YEAR_COMPARISON.finditer(text):
        found = int(match.group("year")) if match.group("year") else fiscal_year - 1
    return found


def versus_budget(text: str) -> bool:
    return bool(_VERSUS_BUDGET.search(text))


def compares_with_budget_last(text: str) -> bool:
    """Whether the comparison ``text`` names last is with the budget ("支出决算比年初预算减少48.16万元，
    下降3.09%": the 下降 continues it), not with a year ("比上年增加…，增长…")."""
    budget = [m.start() for m in _VERSUS_BUDGET.finditer(clean(text))]
    if not budget:
        return False
    years = [m.start() for m in _YEAR_COMPARISON.finditer(clean(text))]
    return not years or budget[-1] > years[-1]


@dataclass(frozen=True)
class Relative:
    """A number relative to a subject: its kind, and the words naming the subject, if any."""

    kind: str  # share | increase | decrease | change | completion-rate | execution-rate | ambiguous
    head: str = ""  # what changed, when the phrase names it before the verb
    base: str | None = None  # what a share is taken of, as written
    tail: str = ""  # words after the verb ("增加人员经费" -> "人员经费")


_SHARE = re.compile(
    r"^所?占(?P<base>.*?)(?:的)?(?:比[重例])?(?:为|是|达)?$|^(?:所占)?(?:比重|占比)(?:为|是)?$"
)


_SIGNED_CHANGE = re.compile(r"(?:增减|变动|增减变动|增减变化)(?:额|数|金额|幅度|率)?(?:为|是)?$")


@lru_cache(maxsize=16384)
def relative(label: str) -> Relative | None:
    """How a phrase makes its number relative, or None when it states a level."""
    # a rate before a share: "占年初预算的" is the final over the budget, not a part of a whole
    if lexicon.EXECUTION.search(label):
        return Relative("execution-rate")
    if lexicon.COMPLETION.search(label):
        return Relative("completion-rate")
    share = _SHARE.match(label)
    if share:
        base = share.group("base") or None
        return Relative("share", base=None if base in (None, "比") else base)
    if _SIGNED_CHANGE.search(label):  # "增减-12.50万元": the sign says which way
        return Relative("change", head=_SIGNED_CHANGE.sub("", label))
    verbs = list(lexicon.CHANGE_VERB.finditer(label))
    if not verbs:
        return None
    kinds = {"increase" if v.group("up") else "decrease" for v in verbs}
    if len(kinds) > 1:  # "下降（增长）": the template's placeholder, not a statement
        return Relative("ambiguous")
    last = verbs[-1]
    tail = label[last.end() :].lstrip("了")
    # what changed is named right before the verb; an earlier verb only introduces it
    # ("增加援藏经费预算增加100万元" names 援藏经费预算)
    head = label[verbs[-2].end() if len(verbs) > 1 else 0 : last.start()]
    return Relative(kinds.pop(), head=re.sub(r"(各|分别|共|均|都)$", "", head), tail=tail)


# A change stated in words: "与上年持平", "比2023年预算持平", "本年数与上年数持平", "与上年数一致".
_LAST_YEAR = (
    r"(?:与|比|较)\s*(?:上年|上一年度?|上年度|去年|(?P<year>(?:19|20)\d{2})\s*年度?)"
    r"(?:同期)?(?:预算|决算)?(?:执行)?数?"
)
FLAT = re.compile(
    rf"(?P<head>[^，,。；;：:]*?)(?:{_LAST_YEAR}(?:相比|比较)?|(?:本年数?|今年)与上年数?)"
    r"(?P<hedge>基本|大致|略有|总体)?(?P<flat>持平|一致|相同|无变化|没有变化)"
)
# The comparison in a clause of its own, what is flat named after it: "与2023年度相比，X持平",
# "与上年相比，持平" (the subject of the clause before).
COMPARED = re.compile(rf"{_LAST_YEAR}(?:相比|比较)")
FLAT_AFTER = re.compile(
    rf"{_LAST_YEAR}(?:相比|比较)[，,](?P<head>[^，,。；;：:]*?)"
    r"(?P<hedge>基本|大致|略有|总体)?(?P<flat>持平|一致|相同|无变化|没有变化)$"
)
# A zero stated in words: "无政府性基金预算财政拨款收入和支出", "没有国有资本经营预算财政拨款收入和支出".
NONE = re.compile(
    r"(?:无|没有)(?P<what>[“”\"\u4e00-\u9fff（）()、]{2,40}?(?:收入和支出|收入、支出|收支|收入|支出|经费|预算))"
    r"(?=[，,。；;]|故|也|$)"
)


def none_parts(what: str) -> list[str]:
    """'政府性基金预算财政拨款收入和支出' -> [...收入, ...支出]; '“三公”经费和机关运行经费预算' -> both."""
    what = clean(what)
    both = re.match(r"^(?P<stem>.+?)(?:收入和支出|收入、支出|收支)$", what)
    if both:
        return [both.group("stem") + "收入", both.group("stem") + "支出"]
    return [part for part in re.split(r"和|、|及", what) if part]


_CLAUSE_BREAK = re.compile(r"[，,：:；;]")
_TRAILING_DIRECTION = re.compile(r"(?:有所|略有|大幅|明显)?(?:增加|减少|增长|下降|降低|上升|压减|减支)了?$")


def earlier_clause_subject(context: str) -> str:
    """The words of the clause before the current one that name what changes, where that clause states
    no number ("主要原因：项目支出增加，较上年度增加1133.95万元" -> "项目支出"): the subject of a change
    whose own clause names none. "" when that clause has a number or names nothing."""
    parts = [clean(p) for p in _CLAUSE_BREAK.split(context)]
    if len(parts) < 2:
        return ""
    words = parts[-2]
    if not words or re.search(r"\d", words):
        return ""
    return strip_framing(_TRAILING_DIRECTION.sub("", words))


# The words that make a stated number approximate, and how (data, read by the narrative reader, which
# then publishes no exact figure, and by the claims reader, which publishes the claim with its kind):
# "about" (约, 左右), "nearly" (近: a little under), "more-than" (超过, 逾, 余, 多), "less-than" (不到, 不足).
APPROXIMATE_BEFORE: dict[str, str] = {
    "大约": "about",
    "约": "about",
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "超过": "more-than",
    "逾": "more-than",
    "不到": "less-than",
    "不足": "less-than",
}
APPROXIMATE_BETWEEN: dict[str, str] = {"余": "more-than", "多": "more-than"}  # "10余万元"
APPROXIMATE_AFTER: dict[str, str] = {"左右": "about"}  # "10万元左右"
_APPROXIMATE_TAIL = re.compile(f"(?:{'|'.join(APPROXIMATE_BEFORE)})$")
_APPROXIMATE_HEAD = re.compile(f"^(?:{'|'.join(APPROXIMATE_AFTER)})")


def approximation(before: str, after: str) -> tuple[str, str] | None:
    """(kind, words) where the words right before a number ("增加约") or right after its unit ("左右")
    make it approximate; None for an exact number."""
    tail = _APPROXIMATE_TAIL.search(before)
    if tail:
        return APPROXIMATE_BEFORE[tail.group()], tail.group()
    head = _APPROXIMATE_HEAD.match(after)
    if head:
        return APPROXIMATE_AFTER[head.group()], head.group()
    return None
