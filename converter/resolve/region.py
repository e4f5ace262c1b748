"""Region names -> GB/T 2260 codes.

A county name alone is often ambiguous (市中区 exists in several cities), so the
name is read left to right: province, then a city of that province, then a county
of that city. Organisation names begin with their region ("乐山市市中区经济和信息化局").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from converter.model import RegionRef
from converter.resources import vocab_source

_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "特别行政区",
    "省",
    "市",
    "自治州",
    "地区",
    "盟",
)


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int
    parent: str | None


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


class RegionList:
    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.children: dict[str | None, list[Division]] = {}
        for division in divisions:
            self.children.setdefault(division.parent, []).append(division)

    def name(self, code: str) -> str | None:
        division = self.by_code.get(code)
        return division.name if division else None

    def parent(self, code: str) -> str | None:
        division = self.by_code.get(code)
        return division.parent if division else None

    def _counties_under(self, code: str) -> list[Division]:
        out: list[Division] = []
        for child in self.children.get(code, ()):
            if child.level == 3:
                out.append(child)
            elif (
                child.name in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
                or child.level == 2
            ):
                out.extend(c for c in self.children.get(child.code, ()) if c.level == 3)
        return out

    @staticmethod
    def _take(text: str, candidates: list[Division]) -> tuple[Division, int] | None:
        """The candidate whose full (or, failing that, short) name starts ``text``; longest wins."""
        best: tuple[Division, int] | None = None
        for division in candidates:
            for form in (division.name, _short(division.name)):
                if len(form) >= 2 and text.startswith(form) and (best is None or len(form) > best[1]):
                    best = (division, len(form))
        return best

    def resolve_prefix(self, text: str) -> RegionRef | None:
        """The most specific region the start of ``text`` names, with how much it consumed."""
        provinces = self.children.get(None, [])
        cities = [d for d in self.by_code.values() if d.level == 2 and d.name != "市辖区"]
        found: Division | None = None
        rest = text
        province = self._take(rest, provinces)
        if province:
            found, rest = province[0], rest[province[1] :]
            city = self._take(rest, [c for c in cities if c.parent == found.code])
        else:
            city = self._take(rest, cities)
        if city:
            found, rest = city[0], rest[city[1] :]
        if found is not None:
            county = self._take(rest, self._counties_under(found.code))
            if county:
                found, rest = county[0], rest[county[1] :]
        if found is None:
            return None
        consumed = text[: len(text) - len(rest)]
        return RegionRef(code=found.code, name=found.name, wording=consumed, confidence=1.0)


@cache
def regions() -> RegionList:
    with vocab_source("admin_divisions_2023.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return RegionList(
        [Division(r["code"], r["name"], int(r["level"]), r["parent_code"] or None) for r in rows]
    )
