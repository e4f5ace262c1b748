"""Region names -> GB/T 2260 codes.

A county name alone is often ambiguous (市中区 exists in several cities), so the
name is read left to right: province, then a city of that province, then a county
of that city. Organisation names begin with their region ("乐山市市中区经济和信息化局").

Where the name does not begin with a province or city, a county's full name alone ("曾都区河道堤防
建设管理处", "上高县第五中学") is taken when exactly one county in the country bears it; a city bureau's
county branch ("随州市公安局曾都区分局") is the county's; a party organ's name is read after its 中共
prefix. Divisions abolished or renamed since MCA 2020 (禄丰县 -> 禄丰市 in 2021) are still known by their
old name and code, for the documents of those years.
"""

from __future__ import annotations

import csv
import re
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
# Prefixes an organisation's name carries before its region ("中共北京市委网络安全和信息化委员会办公室").
_ORGAN_PREFIXES = ("中国共产党", "中共", "共青团", "中国国民党革命委员会", "民革", "民盟", "民建")
_GROUPINGS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_LOCATION = re.compile(r"(?:位于|地处|坐落于|坐落在|地处于)(?P<place>[\u4e00-\u9fff]{2,24})")


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


class _Forms:
    """Divisions by the names they are written with (full and short), looked up by a text's first
    two characters: the longest name that starts a text, without scanning every division."""

    def __init__(self, divisions: list[Division]) -> None:
        self.index: dict[str, list[tuple[str, Division]]] = {}
        for division in divisions:
            for form in {division.name, _short(division.name)}:
                if len(form) >= 2:
                    self.index.setdefault(form[:2], []).append((form, division))
        for forms in self.index.values():
            forms.sort(key=lambda f: -len(f[0]))

    def take(self, text: str) -> tuple[Division, int] | None:
        for form, division in self.index.get(text[:2], ()):
            if text.startswith(form):
                return division, len(form)
        return None


class RegionList:
    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.children: dict[str | None, list[Division]] = {}
        for division in divisions:
            self.children.setdefault(division.parent, []).append(division)
        self.counties_by_name: dict[str, list[Division]] = {}
        for division in divisions:
            if division.level == 3 and division.name not in _GROUPINGS:
                self.counties_by_name.setdefault(division.name, []).append(division)
        self._provinces = _Forms(self.children.get(None, []))
        self._cities = _Forms([d for d in divisions if d.level == 2 and d.name != "市辖区"])
        self._below: dict[tuple[str, str], _Forms] = {}  # (code, "cities" | "counties") -> forms

    def name(self, code: str) -> str | None:
        division = self.by_code.get(code)
        return division.name if division else None

    def parent(self, code: str) -> str | None:
        division = self.by_code.get(code)
        return division.parent if division else None

    def level(self, code: str) -> int | None:
        division = self.by_code.get(code)
        return division.level if division else None

    def contains(self, outer: str, inner: str) -> bool:
        """Whether region ``inner`` is ``outer`` or lies within it."""
        code: str | None = inner
        while code is not None:
            if code == outer:
                return True
            code = self.parent(code)
        return False

    def ref(self, code: str, wording: str | None = None, confidence: float = 1.0) -> RegionRef | None:
        division = self.by_code.get(code)
        if division is None:
            return None
        return RegionRef(code=code, name=division.name, wording=wording or code, confidence=confidence)

    def _counties_under(self, code: str) -> list[Division]:
        out: list[Division] = []
        for child in self.children.get(code, ()):
            if child.level == 3:
                out.append(child)
            elif child.name in _GROUPINGS or child.level == 2:
                out.extend(c for c in self.children.get(child.code, ()) if c.level == 3)
        return out

    def _forms_below(self, code: str, what: str) -> _Forms:
        key = (code, what)
        if key not in self._below:
            if what == "cities":
                found = [c for c in self.children.get(code, ()) if c.level == 2 and c.name != "市辖区"]
            else:
                found = self._counties_under(code)
            self._below[key] = _Forms(found)
        return self._below[key]

    def _county_alone(self, text: str) -> tuple[Division, int] | None:
        """A county's full name starting ``text`` that exactly one county of the country bears."""
        for length in range(min(len(text), 12), 2, -1):
            found = self.counties_by_name.get(text[:length])
            if found:
                return (found[0], length) if len(found) == 1 else None
        return None

    def resolve_prefix(self, text: str) -> RegionRef | None:
        """The most specific region the start of ``text`` names, with how much it consumed."""
        skipped = next((p for p in _ORGAN_PREFIXES if text.startswith(p) and len(text) > len(p) + 2), "")
        text = text[len(skipped) :]
        found: Division | None = None
        rest = text
        confidence = 1.0
        province = self._provinces.take(rest)
        if province:
            found, rest = province[0], rest[province[1] :]
            city = self._forms_below(found.code, "cities").take(rest)
        else:
            city = self._cities.take(rest)
        if city:
            found, rest = city[0], rest[city[1] :]
        if found is not None:
            county = self._forms_below(found.code, "counties").take(rest)
            if county:
                found, rest = county[0], rest[county[1] :]
            elif found.level == 2:
                # "随州市公安局曾都区分局": a city bureau's branch in one of the city's counties
                inside = self._county_inside(rest, found.code)
                if inside is not None:
                    found, confidence = inside, 0.9
        else:
            alone = self._county_alone(rest)
            if alone is not None:
                found, rest = alone[0], rest[alone[1] :]
                confidence = 0.9  # the county's city and province are inferred from its unique name
        if found is None:
            return None
        consumed = text[: len(text) - len(rest)]
        return RegionRef(code=found.code, name=found.name, wording=skipped + consumed, confidence=confidence)

    def _county_inside(self, rest: str, city: str) -> Division | None:
        named = [c for c in self._counties_under(city) if len(c.name) >= 3 and c.name in rest]
        return named[0] if len(named) == 1 and rest.find(named[0].name) > 0 else None

    def resolve_location(self, text: str) -> tuple[RegionRef, int, int] | None:
        """A sentence stating where the body is ("学校主体位于重庆市北碚区"): the region and the offsets
        of the place's wording in ``text``."""
        for match in _LOCATION.finditer(text):
            ref = self.resolve_prefix(match.group("place"))
            if ref is not None and ref.confidence == 1.0:
                start = match.start("place")
                return ref, start, start + len(ref.wording)
        return None


def _read(name: str) -> list[dict[str, str]]:
    with vocab_source(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def regions() -> RegionList:
    rows = _read("admin_divisions_2023.csv")
    divisions = [Division(r["code"], r["name"], int(r["level"]), r["parent_code"] or None) for r in rows]
    known = {d.code for d in divisions}
    named = {(d.name, d.parent) for d in divisions}
    # counties of the MCA 2020 list that the 2023 list no longer has (renamed, merged): their old codes
    for row in _read("admin_divisions_mca_2020.csv"):
        parent = row["parent_code"] or None
        if row["code"] not in known and row["level"] == "3" and parent in known:
            if (row["name"], parent) not in named:
                divisions.append(Division(row["code"], row["name"], 3, parent))
    return RegionList(divisions)
