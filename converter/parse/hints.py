"""Identity supplied from outside a document: a batch manifest's row or command-line options.

Each value is checked (a GB/T 2260 code the lists know, a year, final/budget, a kind of
``converter.parse.kinds``) and carries its source, so the report records who supplied it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from converter.model import IdentitySource
from converter.parse.kinds import KINDS_BY_KEY, resolve_kind
from converter.resolve.region import regions


class HintError(ValueError):
    """A manifest value or option that cannot be an identity (an unknown region code, year 3021 ...)."""


@dataclass(frozen=True)
class IdentityHints:
    """Identity supplied from outside the document (a manifest row, command-line options): each field's
    value (organisation name, region code, year, phase "final"/"budget", kind key) and its source."""

    values: dict[str, tuple[str, IdentitySource]] = field(default_factory=dict)
    source_url: str | None = None

    @classmethod
    def of(cls, source: IdentitySource, source_url: str | None = None, **given: str | None) -> IdentityHints:
        values: dict[str, tuple[str, IdentitySource]] = {}
        for name, raw in given.items():
            if raw is None or not str(raw).strip():
                continue
            values[name] = (_checked(name, str(raw).strip()), source)
        url = source_url.strip() if source_url and source_url.strip() else None
        return cls(values, url)

    def over(self, other: IdentityHints | None) -> IdentityHints:
        """These hints, with ``other``'s for the fields these do not give."""
        if other is None:
            return self
        return IdentityHints({**other.values, **self.values}, self.source_url or other.source_url)


def _checked(name: str, value: str) -> str:
    if name == "year":
        if not re.fullmatch(r"(19|20)\d{2}", value):
            raise HintError(f"year {value!r} is not a year between 1900 and 2099")
        return value
    if name == "phase":
        phase = {"决算": "final", "预算": "budget", "final": "final", "budget": "budget"}.get(value)
        if phase is None:
            raise HintError(f"phase {value!r}: use final (决算) or budget (预算)")
        return phase
    if name == "kind":
        kind = resolve_kind(value)
        if kind is None:
            raise HintError(f"kind {value!r}: use one of {', '.join(KINDS_BY_KEY)}")
        return kind
    if name == "region":
        if regions().name(value) is None:
            raise HintError(f"region {value!r} is not a GB/T 2260 code known here")
        return value
    if name == "organisation":
        return re.sub(r"\s+", "", value)
    raise HintError(f"unknown identity field {name!r}")
