"""A page with pinyin glosses read as if they were not there, and quoted as it is.

Mirror sites insert pinyin after characters ("財(cái)政撥(bō)款"). The matching text blanks a gloss
(same length, offsets kept), but a blank inside a word still splits it for the parsers: a heading
"一般公共预    算财     政拨款支出" names no fund, a text table reads the gap as a column break. So a
glossed document is parsed as a copy with the glosses taken out, and every offset of what the parsers
find (spans, anchors, a file's part of a joined publication) is mapped back onto the document's own
text, which the spans quote. A document without glosses is parsed as it is, at no cost.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace

from converter.parse.normalise import gloss_spans
from converter.read.types import ReadDocument

__all__ = ["Compaction", "compact_document", "restore"]


@dataclass(frozen=True)
class Compaction:
    """Offsets between a text and its copy without glosses."""

    new_of: tuple[int, ...]  # original offset -> copy offset (a gloss's characters -> the one after it)
    old_of: tuple[int, ...]  # copy offset -> original offset (one past the end included)

    def start(self, offset: int) -> int:
        return self.old_of[min(offset, len(self.old_of) - 1)]

    def end(self, offset: int) -> int:
        """An end offset: just after the original character before it."""
        return self.old_of[min(offset, len(self.old_of) - 1) - 1] + 1 if offset > 0 else 0


def without_spans(text: str, glosses: list[tuple[int, int]]) -> tuple[str, Compaction]:
    """``text`` without the sorted, disjoint spans ``glosses``, and the offsets between the two."""
    new_of: list[int] = []
    old_of: list[int] = []
    pieces: list[str] = []
    cursor = 0
    for start, end in [*glosses, (len(text), len(text))]:
        pieces.append(text[cursor:start])
        for i in range(cursor, start):
            new_of.append(len(old_of))
            old_of.append(i)
        new_of.extend([len(old_of)] * (end - start))
        cursor = end
    new_of.append(len(old_of))
    old_of.append(len(text))
    return "".join(pieces), Compaction(tuple(new_of), tuple(old_of))


def without_glosses(text: str) -> str:
    """``text`` with its pinyin glosses taken out."""
    glosses = gloss_spans(text)
    return without_spans(text, glosses)[0] if glosses else text


def compact_document(doc: ReadDocument) -> tuple[ReadDocument, Compaction] | None:
    """``doc`` without its glosses (cells' texts likewise, every offset moved), or None without any."""
    glosses = gloss_spans(doc.text)
    if not glosses:
        return None
    text, moves = without_spans(doc.text, glosses)

    def at(offset: int | None) -> int | None:
        return None if offset is None else moves.new_of[offset]

    pages = []
    for page in doc.pages:
        tables = [
            table.with_cells(
                lambda c: replace(c, text=without_glosses(c.text), start=at(c.start), end=at(c.end))
            )
            for table in page.tables
        ]
        pages.append(replace(page, start=at(page.start), end=at(page.end), tables=tuple(tables)))
    headings = tuple((moves.new_of[a], moves.new_of[b]) for a, b in doc.headings)
    return replace(doc, text=text, pages=tuple(pages), headings=headings), moves


def restore(value, original: str, moves: Compaction, seen: dict[int, object] | None = None):
    """``value`` (a report, or anything holding spans) with every span, anchor and part's offsets in
    ``original``'s characters, and every span quoting them. Dataclasses are rebuilt or updated in place;
    a record met twice (a figure in another's statements) is restored once."""
    from converter.model import Report, SourcePart, Span

    seen = {} if seen is None else seen
    if id(value) in seen:
        return seen[id(value)]
    if isinstance(value, Span):
        start, end = moves.start(value.start), moves.end(value.end)
        out = replace(value, start=start, end=max(start, end), text=original[start : max(start, end)])
    elif isinstance(value, SourcePart):
        out = replace(value, start=moves.start(value.start), end=moves.end(value.end))
    elif isinstance(value, list):
        out = [restore(v, original, moves, seen) for v in value]
    elif isinstance(value, tuple):
        out = tuple(restore(v, original, moves, seen) for v in value)
    elif isinstance(value, dict):
        out = {k: restore(v, original, moves, seen) for k, v in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = _restore_record(value, original, moves, seen)
    else:
        return value
    seen[id(value)] = out
    if isinstance(out, Report):
        out.text = original
    return out


_SKIP = {"source", "text"}  # a report's source document and text are the original's already / reset


def _restore_record(value, original: str, moves: Compaction, seen: dict[int, object]):
    params = getattr(type(value), "__dataclass_params__", None)
    frozen = params is not None and params.frozen
    if not frozen:
        seen[id(value)] = value  # a mutable record is updated in place (figures refer to each other)
    changes = {}
    for f in dataclasses.fields(value):
        if f.name in _SKIP:
            continue
        current = getattr(value, f.name)
        if f.name == "anchor" and isinstance(current, int):
            changes[f.name] = moves.start(current)
        elif isinstance(current, list | tuple | dict) or dataclasses.is_dataclass(current):
            changes[f.name] = restore(current, original, moves, seen)
    if frozen:
        return replace(value, **changes)
    for name, new in changes.items():
        setattr(value, name, new)
    return value
