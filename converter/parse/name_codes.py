"""Codes of a classification table that prints none: each row's name read along the rows above it.

Small units (乡镇, schools, county bureaus) print their 功能分类 / 经济分类 tables with 科目名称 only, the
levels shown by indentation, numbering or nothing. Each name is resolved with the national lists and the
order of the rows: a 类 name alone, a 款 among the 款 of the 类 row above it, a 项 among the 项 of the 款
row above it (行政运行 is under every 款: only its parent decides). A name that fits no place, or more
than one (a 款 and a 项 of one wording, both open), stays without a code: a wrong code is worse than
none. A code already given to a row of the table is not given again (a table prints each line once), so
a 项 under a 款 the table left out is not read as the 项 of the 款 before it.

Every code read so carries the note ``code-from-name`` (``fiscal:wordingDiscrepancy``) and a confidence
below 1: the data says the document did not print it. The HTML reader drops a cell's leading blanks
(full-width spaces, &nbsp;), so indentation is not used; the names and their order decide. Where a
line's parts do not add up to it and a row of its block was left unread, its parts keep no code: the
hierarchy audit would compare the line with some of its parts only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import cache

from converter.model import ConceptRef
from converter.resolve.classification import (
    ECONOMIC_SOURCES,
    FUNCTION_SOURCES,
    CodeEntry,
    CodeList,
    _bare,
    _entries,
)

__all__ = ["FROM_NAME", "SCHEME_OF_ROLE", "codes_from_names"]

FROM_NAME = "code-from-name"
# how much a code read from a name is trusted against a printed one
_CONFIDENCE = 0.9

# The classification a table of each role lists its rows by (template data: the national layouts).
SCHEME_OF_ROLE: dict[str, str] = {
    "income": "function",
    "expenditure": "function",
    "appropriation_expenditure": "function",
    "general_expenditure": "function",
    "government_fund": "function",
    "state_capital": "function",
    "special_account": "function",
    "general_basic": "economic",
    "appropriation_basic": "economic",
    "basic": "economic",
}

# A document of a year before an edition reads no line that edition added: 其他社会保障缴费 is 30112 from
# the 2018 economic classification on (a code the older list lacks), a 2017 table prints it under 30104.
# A line both lists have keeps its code under its newer name (30217 公务接待费, 招待费 before).
_OLDER_BEFORE: dict[str, tuple[int, str]] = {"economic": (2018, "legacy")}
_SOURCES = {"economic": ECONOMIC_SOURCES, "function": FUNCTION_SOURCES}

_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+[.．、]\s*|[（(][一二三四五六七八九十\d]+[)）])\s*"
)
_LEVEL_MARK = re.compile(r"[（(](?:类|款|项)[)）]$")


def _name(label: str) -> str:
    return _LEVEL_MARK.sub("", _NUMBERED.sub("", re.sub(r"\s+", "", label)))


def _named(codes: CodeList, name: str, entries: Iterable[CodeEntry], taken: set[str]) -> CodeEntry | None:
    """The one entry bearing ``name`` exactly (in any edition's wording), none taken; else None."""
    key = _bare(name)
    found = [e for e in entries if _bare(e.label) == key or key in codes.labels.get(e.code, ())]
    current = [e for e in found if e.edition != "legacy"] or found
    codes_found = {e.code for e in current}
    if len(codes_found) != 1 or next(iter(codes_found)) in taken:
        return None
    return current[0]


@cache
def _edition_codes(scheme: str, edition: str) -> frozenset[str]:
    """The codes one edition of the lists has."""
    return frozenset(entry.code for entry in _entries(_SOURCES[scheme]) if entry.edition == edition)


def _in_force(scheme: str, year: int) -> frozenset[str] | None:
    """The codes of the edition a document of ``year`` follows, where that is the older one, else None."""
    older = _OLDER_BEFORE.get(scheme)
    if older is None or not 0 < year < older[0]:
        return None
    return _edition_codes(scheme, older[1])


class _Walk:
    """The rows of one column group, in order: the 类 and 款 the next row may be under."""

    def __init__(self, codes: CodeList, in_force: frozenset[str] | None) -> None:
        self.codes = codes
        self.in_force = in_force  # the codes of the edition in force, where it is not the newest
        self.top: CodeEntry | None = None
        self.middle: CodeEntry | None = None
        self.taken: set[str] = set()

    def place(self, name: str, wording: str, known: bool = False) -> ConceptRef | None:
        """The code of the row, or None. ``known``: a row the template's vocabulary reads (公务接待费,
        人员经费合计): a classification line only where its name fits, else no line of the hierarchy."""
        middle = self.middle
        ref = self._place(name, wording)
        if ref is None and known:
            self.middle = middle
        return ref

    def _place(self, name: str, wording: str) -> ConceptRef | None:
        codes = self.codes
        places: list[tuple[CodeEntry, float]] = []
        if self.middle is not None:
            found = _named(codes, name, codes.children.get(self.middle.code, ()), self.taken)
            places += [(found, 1.0)] if found else []
        if self.top is not None:
            found = _named(codes, name, codes.children.get(self.top.code, ()), self.taken)
            places += [(found, 1.0)] if found else []
        top = self._top(name)
        if top is not None and not self._bears_below(name):
            places.append(top)
        if len(places) != 1 or places[0][0] is None:
            # no place, or two (a 款 and a 项 of one wording): the rows below it are of an unknown parent
            self.middle = None
            return None
        entry, confidence = places[0]
        if self.in_force is not None and entry.code not in self.in_force:
            self.middle = None  # a line the newer edition added: the document's edition lacks it
            return None
        self.taken.add(entry.code)
        if entry.parent is None:
            self.top, self.middle = entry, None
        elif self.top is not None and entry.parent == self.top.code:
            self.middle = entry
        notes = [FROM_NAME] + (["label-variant"] if confidence < 1.0 else [])
        return codes.ref(entry, wording, confidence * _CONFIDENCE, *notes)

    def _top(self, name: str) -> tuple[CodeEntry, float] | None:
        """The 类 of the name: exact, of the family the table's 类 rows are of (对个人和家庭的补助 is 303
        of the departments' list and 509 of the government's); else a variant of one 类's name."""
        codes = self.codes
        family = self.top.code[0] if self.top is not None else None
        tops = [e for e in codes.children.get(None, ()) if family is None or e.code[0] == family]
        key = _bare(name)
        exact = [e for e in tops if _bare(e.label) == key or key in codes.labels.get(e.code, ())]
        if exact:
            found = _named(codes, name, exact, self.taken)
            return (found, 1.0) if found is not None else None
        ref = codes.resolve_top(name)
        if ref is None or ref.code in self.taken or (family is not None and ref.code[0] != family):
            return None
        entry = codes.get(ref.code)
        return (entry, ref.confidence) if entry is not None else None

    def _bears_below(self, name: str) -> bool:
        """Whether a line under the current 类 bears the name too (其他支出 is a 类, a 款 and a 项)."""
        if self.top is None:
            return False
        key = _bare(name)
        return any(_bare(e.label) == key for e in self.codes.descendants(self.top.code))


def codes_from_names(
    rows: list, codes: CodeList, kind_of, year: int = 0
) -> tuple[dict[int, ConceptRef], set[int]]:
    """Row index -> the code its name gives it, for the ``rows`` (``TableRow``) of a table that prints
    no code; and the rows the template's vocabulary reads whose name is a line of the list left without
    a code (公务接待费 of a 基本支出 table is its 30217 line, not the 三公 item: unmapped, not the item).
    ``kind_of(label)``: "name" for a label the template does not read, "known" for one its vocabulary
    reads, "total" for 合计 / 总计, None for other rows the walk passes over (小计). ``year``: the
    document's (0 when unknown), which decides the edition."""
    in_force = _in_force(codes.scheme, year)
    walks: dict[int, _Walk] = {}
    out: dict[int, ConceptRef] = {}
    gaps: set[int] = set()  # rows of a name left without a code: a line of the hierarchy, unread
    totals: dict[int, int] = {}  # column group -> its 合计 row
    for index, row in enumerate(rows):
        label = row.label
        kind = kind_of(label) if label and "/" not in label else None
        if kind == "total":
            totals.setdefault(row.group, index)
        if kind not in ("name", "known"):
            continue
        walk = walks.setdefault(row.group, _Walk(codes, in_force))
        ref = walk.place(_name(label), label, kind == "known")
        if ref is not None:
            out[index] = ref
        elif kind == "name":
            gaps.add(index)
    kept = _summed(rows, out, gaps, totals)
    known = {
        index
        for index, row in enumerate(rows)
        if index not in kept
        and kind_of(row.label) == "known"
        and _bare(_name(row.label)) in codes.codes_named
    }
    return kept, known


# --- the sums: a line whose parts do not add up while a row under it was left unread -----------------


def _amounts(row) -> dict[str, tuple[Decimal, Decimal]]:
    """Column -> (amount, half a unit of its last printed digit). A text table's cells are keyed by
    their order in the line ("#2" is the second number printed): its column is the one placed."""
    out: dict[str, tuple[Decimal, Decimal]] = {}
    for key, value in row.cells.items():
        column = row.placed.get(key, (None, ""))[0] if row.placed else key
        if column is None:
            return {}  # a number whose column is open: the row's amounts are not known by column
        text = value.text.strip().replace(",", "").replace("，", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            continue
        exponent = number.as_tuple().exponent
        out[column] = (number, Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else Decimal(0))
    return out


def _adds_up(parent, parts: list) -> bool:
    """Whether the parts' amounts sum to the parent's in every column either prints, to its rounding."""
    whole = _amounts(parent)
    pieces = [_amounts(part) for part in parts]
    for column in set(whole) | {c for piece in pieces for c in piece}:
        stated, half = whole.get(column, (Decimal(0), Decimal(0)))
        total = sum((piece.get(column, (Decimal(0), Decimal(0)))[0] for piece in pieces), Decimal(0))
        slack = half + sum((piece.get(column, (Decimal(0), Decimal(0)))[1] for piece in pieces), Decimal(0))
        if abs(stated - total) > slack:
            return False
    return True


def _summed(
    rows: list, found: dict[int, ConceptRef], gaps: set[int], totals: dict[int, int]
) -> dict[int, ConceptRef]:
    """``found`` without the codes that would make the hierarchy audit compare a line with some of its
    parts only: where a line's parts read do not add up to it and a row of its block was left unread,
    its parts keep no code (the line does); where the 类 do not add up to the 合计 and a row was left
    unread (it may be a 类), no row keeps one. Parts that add up, or a block read whole that does not
    (the document's own inconsistency, which the audit reports), keep their codes."""
    out = dict(found)
    order = sorted(found)
    for position, index in enumerate(order):
        code = found[index].code
        group = rows[index].group
        block = [k for k in order[position + 1 :] if rows[k].group == group]
        end = next((k for k in block if not found[k].code.startswith(code)), len(rows))
        inside = [k for k in block if k < end]
        parts = [k for k in inside if len(found[k].code) == len(code) + 2]
        if not parts:
            continue
        unread = any(k in gaps and rows[k].group == group for k in range(index + 1, end))
        if unread and not _adds_up(rows[index], [rows[k] for k in parts]):
            for k in inside:
                out.pop(k, None)
    for group, total in totals.items():
        classes = [k for k in order if rows[k].group == group and found[k].code == found[k].code[:3]]
        unread = any(rows[k].group == group for k in gaps)
        if classes and unread and not _adds_up(rows[total], [rows[k] for k in classes]):
            out = {k: ref for k, ref in out.items() if rows[k].group != group}
    return out
