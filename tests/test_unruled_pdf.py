"""Tables a PDF prints without ruling lines (a spreadsheet exported with its borders off, a 三线表).

The development PDFs with their rulings removed (``tests/unruled.py``), on every page or on every second
one, or with their amounts centred in their cells or set at their left edges, must publish the figures of the ruled PDF, none under a wrong column (an amount the reader could not
place is kept as an ``unmapped`` figure, which is said). Skips where ../shared/corpus is absent.
"""

from __future__ import annotations

import pytest

from tests import variant_scores as v
from tests.unruled import WHICH, reading, without_rulings
from tests.variants import SOURCES, Variant, source_paths

SINGLE = [(name, numbers) for name, numbers in SOURCES if len(numbers) == 1]
OVERALL = 0.98  # measured 0.991 / 0.994 / 0.987 / 0.994 (all, odd, frame, header), bench/unruled.py
# amounts centred or set left: measured 0.994 / 0.994 (3,223 and 3,224 of 3,243; 0.992 / 0.990 while
# header words were placed as over right-aligned amounts)
FLOORS = {"centred": 0.992, "left": 0.992}
PER_DOCUMENT = 0.92  # 214 (0.923: its 三公 table, 小计 printed twice) is the lowest


# the Violations a form's audit raises that the PDF's does not explain, known and left: 214's 收入预算总表
# prints each group's name (一般公共预算资金, 其他资金) halfway down the rows its merged cell spans, so
# the group's 小计 row above it is read as the table's own 小计 (13,297.11 and 80.00 against 13,377.11)
KNOWN_EXTRA_VIOLATIONS = {"214": 2}


@pytest.fixture(scope="module")
def converted() -> dict[tuple[str, str], tuple[v.Score, list]]:
    if not v.CORPUS.exists():
        pytest.skip(f"{v.CORPUS} is absent (the development corpus)")
    out = {}
    for name, numbers in SINGLE:
        paths = source_paths(numbers)
        if not paths:
            continue
        source = v.load_source(name, numbers)
        reference = v.audit(source.report)
        for which in WHICH:
            variant = Variant(f"unruled-{which}", f"{name}.pdf", without_rulings(paths[0], which), None, None)
            with reading(which):
                report, error = v.convert_variant(variant)
            extra = v.extra_violations(reference, v.audit(report)) if report is not None else []
            out[name, which] = (v.compare(name, variant, source.report, report, error), extra)
    return out


@pytest.fixture(scope="module")
def scores(converted) -> dict[tuple[str, str], v.Score]:
    return {key: score for key, (score, _) in converted.items()}


@pytest.mark.parametrize("which", WHICH)
def test_tables_without_rulings_are_read(scores, which):
    mine = {name: s for (name, w), s in scores.items() if w == which}
    found = sum(s.found for s in mine.values())
    expected = sum(s.expected for s in mine.values())
    assert found / expected >= FLOORS.get(which, OVERALL), f"{found}/{expected}"
    low = {name: round(s.recall, 3) for name, s in mine.items() if s.recall < PER_DOCUMENT}
    assert not low


def test_no_figure_is_published_under_a_wrong_column(scores):
    wrong = {
        key: [v.figure_key(f) for f in s.extra if f.item != "unmapped"][:5]
        for key, s in scores.items()
        if any(f.item != "unmapped" for f in s.extra)
    }
    assert not wrong


def test_no_form_raises_a_violation_the_pdf_does_not(converted):
    extra = {
        key: [f"{f.rule}: {f.message[:60]}" for f in found]
        for key, (_, found) in converted.items()
        if len(found) > KNOWN_EXTRA_VIOLATIONS.get(key[0], 0)
    }
    assert not extra
