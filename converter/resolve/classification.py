"""Resolve the wording of a classification line to a national code.

Sources, in order of authority: the 2019-2024 list (hand-compiled, see
ontology/vocab/sources/SOURCES.md), then the legacy vendor list for codes the first
lacks. A line written as 类/款/项 names is resolved along the hierarchy; where the
wording does not fit the hierarchy (a 项 written in the 款 position, a label variant)
the most specific national name that matches wins and the disagreement is recorded.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from converter.model import ConceptRef
from converter.resolve.names import line_name, normalise_name, similarity
from converter.resources import vocab_source

# Below this similarity a name is not taken as a variant of a national label: guessing
# a code from a loosely similar name would publish a wrong classification.
MIN_VARIANT_SIMILARITY = 0.8
# The same characters in another order are a variant of the label (a wording the document swapped).
WORD_ORDER_SIMILARITY = 0.85

FUNCTION_SOURCES = (
    ("function_classification_seed_unverified.csv", "2019-2024"),
    ("function_classification_legacy_vendor.csv", "legacy"),
)
ECONOMIC_SOURCES = (
    ("economic_classification_dept_2018_seed_unverified.csv", "2018-dept"),
    ("economic_classification_gov_2018_seed_unverified.csv", "2018-gov"),
    ("economic_classification_legacy_pre2018.csv", "legacy"),
)


@dataclass(frozen=True)
class CodeEntry:
    code: str
    label: str
    level: int
    parent: str | None
    edition: str


def _bare(label: str) -> str:
    """Labels compared without a trailing 支出 (older documents write 一般公共服务 for 一般公共服务支出)."""
    key = normalise_name(label)
    return key[:-2] if key.endswith("支出") and len(key) > 4 else key


def _within(short: str, long: str) -> bool:
    """Whether ``short``'s characters appear in ``long`` in order (a variant that adds or drops words)."""
    rest = iter(long)
    return all(ch in rest for ch in short)


class CodeList:
    def __init__(self, scheme: str, entries: Iterable[CodeEntry]) -> None:
        self.scheme = scheme
        self.entries: dict[str, CodeEntry] = {}
        # every edition's label of a code: a document of another year words a line as its edition does
        self.labels: dict[str, set[str]] = {}
        self.codes_named: dict[str, set[str]] = {}
        for entry in entries:
            self.entries.setdefault(entry.code, entry)
            self.labels.setdefault(entry.code, set()).add(_bare(entry.label))
            self.codes_named.setdefault(_bare(entry.label), set()).add(entry.code)
        self._top_cache: dict[str, ConceptRef | None] = {}
        self._by_name: dict[str, list[CodeEntry]] | None = None
        self.children: dict[str | None, list[CodeEntry]] = {}
        for entry in self.entries.values():
            self.children.setdefault(entry.parent, []).append(entry)

    def get(self, code: str) -> CodeEntry | None:
        return self.entries.get(code)

    def label(self, code: str) -> str | None:
        entry = self.entries.get(code)
        return entry.label if entry else None

    def descendants(self, code: str) -> list[CodeEntry]:
        out: list[CodeEntry] = []
        stack = list(self.children.get(code, ()))
        while stack:
            entry = stack.pop()
            out.append(entry)
            stack.extend(self.children.get(entry.code, ()))
        return out

    def match(self, wording: str, candidates: Iterable[CodeEntry]) -> tuple[CodeEntry, float] | None:
        """The candidate whose label best matches ``wording``: exact first, else a close variant."""
        key = _bare(wording)
        best: tuple[CodeEntry, float] | None = None
        exact: CodeEntry | None = None
        for entry in candidates:
            if _bare(entry.label) == key:
                if entry.edition != "legacy":
                    return entry, 1.0
                exact = exact or entry
                continue
            if key in self.labels.get(entry.code, ()):  # the code's label in another edition
                exact = exact or entry
                continue
            label = _bare(entry.label)
            if len(key) >= 4 and sorted(key) == sorted(label):
                score = WORD_ORDER_SIMILARITY  # "一般行政事务管理" for 一般行政管理事务
            elif _within(key, label) or _within(label, key):
                score = similarity(wording, entry.label)  # "一般公共预算服务支出" for 一般公共服务支出
            else:
                continue  # another word in its place names another line: 党委办公厅 is not 政府办公厅
            if score >= MIN_VARIANT_SIMILARITY and (best is None or score > best[1]):
                best = (entry, score)
        return (exact, 1.0) if exact else best

    def ref(self, entry: CodeEntry, wording: str, confidence: float, *notes: str) -> ConceptRef:
        discrepancies = list(notes)
        if confidence < 1.0 and all(note == "label-other-edition" for note in discrepancies):
            discrepancies.insert(0, "label-variant")
        if entry.edition == "legacy":
            discrepancies.append("legacy-edition-only")
        return ConceptRef(
            scheme=self.scheme,
            code=entry.code,
            wording=wording,
            national_label=entry.label,
            confidence=round(confidence, 3),
            discrepancies=tuple(discrepancies),
        )

    # --- a name written alone ------------------------------------------------------------------
    def _names(self) -> dict[str, list[CodeEntry]]:
        if self._by_name is None:
            index: dict[str, list[CodeEntry]] = {}
            for entry in self.entries.values():
                index.setdefault(_bare(entry.label), []).append(entry)
            self._by_name = index
        return self._by_name

    def resolve_name(
        self, wording: str, under: str | None = None, editions: tuple[str, ...] = ()
    ) -> ConceptRef | None:
        """A classification name written alone, without its code or its 类/款/项 marks ("教育支出",
        "住房改革支出", "会议费"): the one code of the list that bears it, under the code ``under`` when
        given. Editions are tried in the order ``editions`` gives (the others after them); a name
        that several codes of the first edition bearing it share ("行政运行") resolves to nothing: a
        guess would publish a wrong classification."""
        entries = self._names().get(_bare(wording), [])
        if under is not None:
            entries = [e for e in entries if e.code.startswith(under) and e.code != under]
        if not entries:
            return None
        order = {edition: rank for rank, edition in enumerate(editions)}
        first = min(order.get(e.edition, len(order)) for e in entries)
        chosen = [e for e in entries if order.get(e.edition, len(order)) == first]
        if len({e.code for e in chosen}) != 1:
            return None
        return self.ref(chosen[0], wording, 1.0)

    # --- function classification ------------------------------------------------------------
    def resolve_code(self, code: str, wording: str) -> ConceptRef | None:
        """A line that states its code (tables): the code decides, the wording is compared."""
        entry = self.entries.get(code)
        if entry is None:
            return None
        if not wording or _bare(entry.label) == _bare(wording):
            return self.ref(entry, wording, 1.0)
        return self.ref(entry, wording, 1.0, self.label_discrepancy(code, wording))

    def label_discrepancy(self, code: str, wording: str) -> str:
        """How a line's wording differs from its code's label. The bundled lists are hand-compiled and of
        older editions: a name they do not give the code is most often the name of the document's edition
        (label-differs, label-other-edition); only the label of another line, neither above nor below
        it, says the code and the name disagree (label-names-other-code)."""
        key = _bare(wording)
        if key in self.labels.get(code, ()):
            return "label-other-edition"
        others = self.codes_named.get(key, set())
        if any(not (other.startswith(code) or code.startswith(other)) for other in others):
            return "label-names-other-code"
        return "label-differs"

    def resolve_top(self, wording: str) -> ConceptRef | None:
        if wording not in self._top_cache:
            found = self.match(wording, self.children.get(None, ()))
            notes = _edition_notes(wording, found)  # 文化体育与传媒支出, the older name of 207
            self._top_cache[wording] = self.ref(found[0], wording, found[1], *notes) if found else None
        return self._top_cache[wording]

    def resolve_path(
        self, names: list[str], wording: str, taken: set[str] | frozenset[str] = frozenset()
    ) -> ConceptRef | None:
        """Resolve [类, 款, 项] names (款/项 optional). ``taken``: codes other lines of the same
        list already resolved to, so two lines are not given one code when another reading exists."""
        top = self.match(names[0], self.children.get(None, ()))
        if top is None:
            return None
        entry, confidence = top
        notes: list[str] = []
        rest = [n for n in names[1:] if n]
        if not rest:
            return self.ref(entry, wording, confidence)
        # 1. the path as written
        node, path_conf, path_ok, depth = entry, confidence, True, 0
        for name in rest:
            found = self.match(name, self.children.get(node.code, ()))
            if found is None:
                path_ok = False
                break
            notes.extend(_edition_notes(name, found))  # 行政事业单位离退休, the older name of 20805
            node, path_conf, depth = found[0], min(path_conf, found[1]), depth + 1
        if path_ok and node.code not in taken:
            return self.ref(node, wording, path_conf, *dict.fromkeys(notes))
        notes.clear()
        # 2. the most specific name: each written name looked up at the deepest level under the 类;
        # a name that matched its own level on the way down stays there (only a 款 that is no 款 may
        # be a 项 written one level up). Off the written path only an exact name that one code of the
        # 类 bears is a reading: "一般行政管理事务" under an unknown 款, or "其他教育支出" near
        # "其他特殊教育支出", would be a guess.
        deepest = max(e.level for e in self.descendants(entry.code)) if self.children.get(entry.code) else 1
        leaves = [e for e in self.descendants(entry.code) if e.level == deepest]
        readings: list[tuple[CodeEntry, float, str]] = []
        for position, name in enumerate(rest):
            if not path_ok and position < depth:
                continue
            unique = _one_code([e for e in leaves if _bare(e.label) == _bare(name)])
            if unique is None:
                continue
            found = (unique, 1.0)
            written_level = position + 2
            note = "levels-swapped" if written_level != found[0].level else "parent-differs"
            readings.append((found[0], min(confidence, found[1]) * 0.9, note))
        # a name written at a higher level than it belongs is the more specific reading
        readings.sort(
            key=lambda r: (r[0].code in taken, r[0].edition == "legacy", r[2] != "levels-swapped", -r[1])
        )
        if readings:
            best, conf, note = readings[0]
            notes.append(note)
            return self.ref(best, wording, conf, *notes)
        if path_ok:
            return self.ref(node, wording, path_conf)
        return None


class DocumentCodes:
    """The (code, name) pairs a document's own tables print: witnesses for the lines of its narrative
    that the national lists lack ("机关事业单位退休人员活动费支出（项）", a 2019+ 项 in a list that predates
    it). A line is resolved by the code its table prints beside the same name, under the same 类 and,
    where the narrative names it, the same 款: a name several codes of the table bear ("一般行政管理
    事务" under 群众团体事务 and under 组织事务) is decided by the 款, never by which came first."""

    def __init__(self, refs: Iterable[ConceptRef], codes: CodeList) -> None:
        self.codes = codes
        self.names: dict[str, str] = {}  # code -> normalised name of its line, as the table prints it
        for ref in refs:
            if ref.scheme == codes.scheme and ref.wording:
                self.names.setdefault(ref.code, normalise_name(line_name(ref.wording)))

    def _name_of(self, code: str) -> set[str]:
        out = {self.names[code]} if code in self.names else set()
        label = self.codes.label(code)
        return out | ({normalise_name(label)} if label else set())

    def resolve(self, names: list[str], wording: str) -> ConceptRef | None:
        """[类, 款, 项] names (款/项 optional) -> the one table code that fits them, else None."""
        top = self.codes.resolve_top(names[0]) if names and names[0] else None
        written = [n for n in names[1:] if n]
        if top is None or not written:
            return None
        deepest = _bare(written[-1])
        found = [
            code
            for code, name in self.names.items()
            if code.startswith(top.code) and len(code) > 3 and _bare(name) == deepest
        ]
        depth = [c for c in found if len(c) == 3 + 2 * len(written)]  # a 项 has 7 digits, a 款 5
        found = depth or found
        if len(written) > 1 and len(found) > 1:
            middle = _bare(written[0])
            found = [c for c in found if any(_bare(n) == middle for n in self._name_of(c[:5]))]
        if len(found) != 1:
            return None
        code = found[0]
        entry = self.codes.get(code)
        return ConceptRef(
            scheme=self.codes.scheme,
            code=code,
            wording=wording,
            national_label=entry.label if entry else None,
            confidence=0.9,
            discrepancies=("resolved-by-document-table",) + (() if entry else ("not-in-national-list",)),
        )


def _edition_notes(name: str, found: tuple[CodeEntry, float] | None) -> tuple[str, ...]:
    """("label-other-edition",) where ``match`` took ``name`` as exact for a label the entry bears only
    in another edition of the lists."""
    other = found is not None and found[1] == 1.0 and _bare(name) != _bare(found[0].label)
    return ("label-other-edition",) if other else ()


def _one_code(entries: list[CodeEntry]) -> CodeEntry | None:
    """The entry when the entries name one code, the current edition before the legacy one (a code
    renumbered between editions is one line, not two)."""
    current = [e for e in entries if e.edition != "legacy"] or entries
    return current[0] if len({e.code for e in current}) == 1 else None


def _read_rows(file_name: str) -> list[dict[str, str]]:
    with vocab_source(file_name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _entries(sources: tuple[tuple[str, str], ...]) -> list[CodeEntry]:
    entries: list[CodeEntry] = []
    for file_name, edition in sources:
        for row in _read_rows(file_name):
            entries.append(
                CodeEntry(
                    code=row["code"].strip(),
                    label=row["name"].strip(),
                    level=int(row["level"]),
                    parent=row["parent_code"].strip() or None,
                    edition=edition,
                )
            )
    return entries


@cache
def function_classification() -> CodeList:
    return CodeList("function", _entries(FUNCTION_SOURCES))


@cache
def economic_classification() -> CodeList:
    return CodeList("economic", _entries(ECONOMIC_SOURCES))
