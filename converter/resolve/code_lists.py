"""Which edition of the bundled national code lists holds a code (published on the attestation).

The lists (ontology/vocab/sources/*.csv) are hand-compiled seeds and incomplete: a code in none of
them is "not in the bundled lists", which the document's own wording may well be right about.
"""

from __future__ import annotations

import csv
from functools import cache

from converter.resources import vocab_source

CODE_LISTS = {
    # scheme: [(first year, last year, file)]
    "function": [
        (2019, 2100, "function_classification_seed_unverified.csv"),
        (2007, 2018, "function_classification_legacy_vendor.csv"),
    ],
    "economic": [
        (2018, 2100, "economic_classification_dept_2018_seed_unverified.csv"),
        (2018, 2100, "economic_classification_gov_2018_seed_unverified.csv"),
        (2007, 2017, "economic_classification_legacy_pre2018.csv"),
    ],
}


@cache
def _codes(file_name: str) -> frozenset[str]:
    try:
        with open(vocab_source(file_name), encoding="utf-8") as handle:
            return frozenset(row["code"].strip() for row in csv.DictReader(handle) if row.get("code"))
    except (FileNotFoundError, KeyError):
        return frozenset()


def code_status(scheme: str, code: str, year: int | None) -> str:
    """ "known" (in an edition covering the year), "other-edition", or "unknown"."""
    editions = CODE_LISTS.get(scheme, [])
    if not any(_codes(f) for _, _, f in editions):
        return "known"  # no code list installed: nothing to check against
    for first, last, file_name in editions:
        if (year is None or first <= year <= last) and code in _codes(file_name):
            return "known"
    if any(code in _codes(f) for _, _, f in editions):
        return "other-edition"
    return "unknown"
