"""One pass over a sentence of the narrative for what its numbers ask of the text before them.

A sentence that runs over a table of thousands of rows printed as text (rows past the text table
region's bound, or a flattened page) holds tens of thousands of numbers: asking, for each, for the last
clause break or the parentheses open since the sentence's start by reading from there is quadratic in
the sentence's length. :class:`SentenceWalk` answers the same questions from where the last one left.
"""

from __future__ import annotations

import re

CLAUSE_BREAK = re.compile(r"[，；：;:]|,(?!\d{3})|。")
AFTER_BREAK = re.compile(r"[，；：;:、]|,(?!\d{3})|。")


class SentenceWalk:
    """What a sentence's numbers ask of the text before them, found in one pass over the sentence
    (one that runs over a table of thousands of rows printed as text holds tens of thousands of
    numbers): the last clause break before a number, whether it is inside parentheses. Offsets
    asked for never go back."""

    def __init__(self, scan: str, start: int, end: int) -> None:
        self.scan, self.start, self.end = scan, start, end
        self._next = CLAUSE_BREAK.search(scan, start, end)  # the first break not yet passed
        self._last: re.Match[str] | None = None  # the last break passed
        self._counted = start
        self._after: tuple[int, re.Match[str] | None] = (end + 1, None)  # searched from, found
        self._depth = 0  # parentheses opened less those closed in scan[start:_counted]

    def last_break(self, lo: int, hi: int) -> int | None:
        """The end of the last clause break in ``scan[lo:hi]``, as ``CLAUSE_BREAK.finditer(scan, lo,
        hi)`` finds it: a comma's look-ahead (",(?!\\d{3})") stops at ``hi``, so the last three
        characters are read with that bound, those before once for the whole sentence."""
        near = max(lo, hi - 3)
        found = None
        for brk in CLAUSE_BREAK.finditer(self.scan, near, hi):
            found = brk.end()
        if found is not None:
            return found
        while self._next is not None and self._next.start() < hi - 3:
            self._last = self._next
            self._next = CLAUSE_BREAK.search(self.scan, self._last.end(), self.end)
        if self._last is not None and lo <= self._last.start() < near:
            return self._last.end()
        return None

    def inside_parentheses(self, offset: int) -> bool:
        """Whether more parentheses open than close in ``scan[start:offset]``."""
        lo, scan = self._counted, self.scan
        self._depth += scan.count("（", lo, offset) + scan.count("(", lo, offset)
        self._depth -= scan.count("）", lo, offset) + scan.count(")", lo, offset)
        self._counted = max(lo, offset)
        return self._depth > 0

    def clause_end(self, offset: int) -> int:
        """The start of the first break (、 too) at or after ``offset``, the sentence's end when none
        follows, as ``AFTER_BREAK.search(scan, offset, end)`` finds it: the one found last is kept."""
        searched, found = self._after
        if not (searched <= offset and (found is None or found.start() >= offset)):
            found = AFTER_BREAK.search(self.scan, offset, self.end)
            self._after = (offset, found)
        return found.start() if found else self.end
