"""Tables a PDF prints without ruling lines (a spreadsheet exported with its borders off, a 三线表).

The development PDFs with their rulings removed (``tests/unruled.py``), on every page or on every second
one, must publish the figures of the ruled PDF, none under a wrong column (an amount the reader could not
place is kept as an ``unmapped`` figure, which is said). Skips where ../shared/corpus is absent.
"""

from __future__ import annotations

import pytest

from tests import variant_scores as v
from tests.unruled import WHICH, reading, without_rulings
from tests.variants import SOURCES, Variant, source_paths

SINGLE = [(name, numbers) for name, numbers in SOURCES if len(numbers) == 1]
OVERALL = 0.97  # measured 0.980 (all pages) and 0.985 (every second page), bench/unruled.py
PER_DOCUMENT = 0.90  # 201 (0.915) and 214 (0.923) are the lowest


@pytest.fixture(scope="module")
def scores() -> dict[tuple[str, str], v.Score]:
    if not v.CORPUS.exists():
        pytest.skip(f"{v.CORPUS} is absent (the development corpus)")
    out = {}
    for name, numbers in SINGLE:
        paths = source_paths(numbers)
        if not paths:
            continue
        source = v.load_source(name, numbers)
        for which in WHICH:
            variant = Variant(f"unruled-{which}", f"{name}.pdf", without_rulings(paths[0], which), None, None)
            with reading(which):
                report, error = v.convert_variant(variant)
            out[name, which] = v.compare(name, variant, source.report, report, error)
    return out


@pytest.mark.parametrize("which", WHICH)
def test_tables_without_rulings_are_read(scores, which):
    mine = {name: s for (name, w), s in scores.items() if w == which}
    found = sum(s.found for s in mine.values())
    expected = sum(s.expected for s in mine.values())
    assert found / expected >= OVERALL, f"{found}/{expected}"
    low = {name: round(s.recall, 3) for name, s in mine.items() if s.recall < PER_DOCUMENT}
    assert not low


def test_no_figure_is_published_under_a_wrong_column(scores):
    wrong = {
        key: [v.figure_key(f) for f in s.extra if f.item != "unmapped"][:5]
        for key, s in scores.items()
        if any(f.item != "unmapped" for f in s.extra)
    }
    assert not wrong
