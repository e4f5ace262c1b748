"""Every IRI juesuan mints is built here and only here (the URL design in one place).

Design (``{base}`` is configurable, default ``http://127.0.0.1:5000/``)::

    {base}def/fiscal                         the ontology (terms are {base}def/fiscal#Term)
    {base}def/{scheme}/{code}                our own code lists: item, statistic, fund, nature, phase
    {base}id/region/{gb2260}                 a region (GB/T 2260 / statistical code)
    {base}id/function/{code}                 支出功能分类 concept (3/5/7 digits: 类/款/项)
    {base}id/economic/{code}                 支出经济分类 concept (部门: 3xx, 政府: 5xx)
    {base}id/scheme/{name}                   a concept scheme (function, economic-dept, region ...)
    {base}id/org/{region}/{name}             an organisation (region code + its full name); also the
                                             named graph of its year-stable facts (type, names, region)
    {base}id/report/{region}/{name}/{year}/{phase}
                                             one report = one qb:DataSet (org x year x phase)
    {base}id/report/{region}/{name|unidentified}~{sha16}/{year|unknown}/{phase|unknown}
                                             a report no source fully identifies: what is known, plus
                                             the first 16 hex digits of its source's SHA-256
    {report}/obs/{item}[/fund-x][/nature-x][/fc-code][/ec-code][/project-x]/{statistic}
                                             one observation, keyed by its dimensions
    {report}/project/{name}                  a performance-evaluated project
    {report}/project/{name}/indicator/{n}    one of its indicators (n = row order in the table)
    {report}/organisation                    the organisation as this report describes it (that year)
    {report}/organisation/unit/{name}        a subordinate unit as this report lists it
    {report}/attestation/{scheme}/{code}     the document's wording of a classification code
    {report}/conversion                      the activity that converted the document (prov)
    {report}/source                          the source document of the report
    {report}/source/{start}-{end}            a span of the source text (character offsets)
    {report}/source/{n}, {report}/source/{n}/{start}-{end}
                                             file n (1, 2 ...) of a report published in several files,
                                             and a span of that file's text (offsets into that file)
    {report}/evidence/{kind}/{n}             what the text states that a rule reads (a year, a 目录 entry)
    {report}/finding/{rule}/{hash}           an integrity finding

Every triple is published in exactly one named graph, decided by its subject (``home_graph``): the
report and everything under its IRI in the report's graph, an organisation in its own graph, the rest
(concepts, schemes, regions, the ontology) in the vocabulary, so the union of the graphs never states a
triple twice.

Names in paths are kept as written (Chinese characters are valid IRI characters),
with only characters that would break a path segment percent-encoded: the same input
always gives the same IRIs, and a person can read them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef

DEFAULT_BASE = "http://127.0.0.1:5000/"
UNKNOWN_REGION = "000000"
UNIDENTIFIED = "unidentified"
UNKNOWN = "unknown"


# kept as written: what RFC 3987 allows in a path segment (unreserved, sub-delims, ":", "@" and its
# ucschar ranges); everything else is percent-encoded, private-use characters and U+FFFD among them (an
# IRI holding one is refused by Oxigraph, which writes and stores every graph)
_UCSCHAR = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(plane << 16)}-{chr((plane << 16) | 0xFFFD)}" for plane in range(1, 14))
    + "\U000e1000-\U000efffd"
)
_UNSAFE = re.compile(rf"[^A-Za-z0-9\-._~!$&'()*+,;=:@{_UCSCHAR}]")


@lru_cache(maxsize=65536)
def segment(text: str) -> str:
    """One readable IRI path segment: spaces collapsed, reserved characters encoded,
    non-ASCII letters kept (IRIs allow them)."""
    cleaned = "".join(text.split())
    return _UNSAFE.sub(lambda m: quote(m.group(0), safe=""), cleaned) or "_"


def normalise_base(base: str) -> str:
    return base if base.endswith("/") else base + "/"


@dataclass(frozen=True)
class UriBuilder:
    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", normalise_base(self.base))

    # --- vocabulary -------------------------------------------------------------------------
    @property
    def ontology(self) -> URIRef:
        return URIRef(f"{self.base}def/fiscal")

    @property
    def ontology_namespace(self) -> str:
        return f"{self.base}def/fiscal#"

    def term(self, name: str) -> URIRef:
        return URIRef(f"{self.base}def/fiscal#{name}")

    @lru_cache(maxsize=4096)  # noqa: B019 - builders are few and long-lived
    def code(self, scheme: str, code: str) -> URIRef:
        """A code of one of our own code lists (item, statistic, fund, nature, phase)."""
        return URIRef(f"{self.base}def/{scheme}/{segment(code)}")

    def scheme(self, name: str) -> URIRef:
        return URIRef(f"{self.base}id/scheme/{segment(name)}")

    def function_concept(self, code: str) -> URIRef:
        return URIRef(f"{self.base}id/function/{segment(code)}")

    def economic_concept(self, code: str) -> URIRef:
        return URIRef(f"{self.base}id/economic/{segment(code)}")

    def region(self, code: str) -> URIRef:
        return URIRef(f"{self.base}id/region/{segment(code)}")

    def cofog(self, code: str) -> URIRef:
        return URIRef(f"{self.base}id/cofog/{segment(code)}")

    # --- data ---------------------------------------------------------------------------------
    def organisation(self, region_code: str | None, name: str, source_sha256: str | None = None) -> URIRef:
        """An organisation; one no source names is ``unidentified~{sha16}`` of the document naming none."""
        if not name:
            name = unidentified_name("", source_sha256)
        return URIRef(f"{self.base}id/org/{segment(region_code or UNKNOWN_REGION)}/{segment(name)}")

    def report(
        self,
        region_code: str | None,
        name: str,
        year: int | None,
        phase: str | None,
        source_sha256: str | None = None,
    ) -> URIRef:
        """A report. When the organisation, year or phase is unknown, the IRI is still deterministic: the
        name segment carries ``~`` and the source's SHA-256 (its first 16 hex digits), so two
        unidentified documents never share an IRI and the same document always gets the same one."""
        if not name or year is None or not phase:
            name = unidentified_name(name, source_sha256)
        return URIRef(
            f"{self.base}id/report/{segment(region_code or UNKNOWN_REGION)}/{segment(name)}/"
            f"{year if year is not None else UNKNOWN}/{segment(phase or UNKNOWN)}"
        )

    @staticmethod
    def observation(report: URIRef, key_segments: list[str]) -> URIRef:
        return URIRef(f"{report}/obs/" + "/".join(segment(s) for s in key_segments))

    @staticmethod
    def project(report: URIRef, name: str) -> URIRef:
        return URIRef(f"{report}/project/{segment(name)}")

    @staticmethod
    def indicator(project: URIRef, row_number: int) -> URIRef:
        return URIRef(f"{project}/indicator/{row_number}")

    @staticmethod
    def score_total(project: URIRef) -> URIRef:
        """The total row of the project's performance table."""
        return URIRef(f"{project}/total")

    @staticmethod
    def source_document(report: URIRef, part: int | None = None) -> URIRef:
        """The source document; ``part``: file n of a report published in several files."""
        return URIRef(f"{report}/source" if part is None else f"{report}/source/{part}")

    @staticmethod
    def source_span(report: URIRef, start: int, end: int, part: int | None = None) -> URIRef:
        document = f"{report}/source" if part is None else f"{report}/source/{part}"
        return URIRef(f"{document}/{start}-{end}")

    @staticmethod
    def finding(report: URIRef, rule: str, *parts: str) -> URIRef:
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]
        return URIRef(f"{report}/finding/{segment(rule)}/{digest}")

    def identity_source(self, source: str) -> URIRef:
        """Where an identity field was read: a concept of fiscal:IdentitySourceScheme."""
        return self.code("identity-source", source)

    def report_kind(self, kind: str) -> URIRef:
        return self.code("report-kind", kind)

    @staticmethod
    def organisation_profile(report: URIRef) -> URIRef:
        return URIRef(f"{report}/organisation")

    @staticmethod
    def unit_profile(report: URIRef, name: str) -> URIRef:
        return URIRef(f"{report}/organisation/unit/{segment(name)}")

    @staticmethod
    def attestation(report: URIRef, scheme: str, code: str) -> URIRef:
        return URIRef(f"{report}/attestation/{segment(scheme)}/{segment(code)}")

    @staticmethod
    def evidence(report: URIRef, kind: str, number: int) -> URIRef:
        """What the text states that a rule reads: ``{report}/evidence/{kind}/{n}``."""
        return URIRef(f"{report}/evidence/{segment(kind)}/{number}")

    @staticmethod
    def conversion(report: URIRef) -> URIRef:
        return URIRef(f"{report}/conversion")

    @property
    def software(self) -> URIRef:
        """The converter as a prov:SoftwareAgent (described in the ontology)."""
        return URIRef(f"{self.base}id/software/juesuan")

    def is_local(self, iri: str) -> bool:
        return iri.startswith(self.base)

    # --- graphs -------------------------------------------------------------------------------------
    def home_graph(self, iri: str) -> str | None:
        """The named graph the triples about ``iri`` are published in: a report's graph for the report and
        every IRI under it, an organisation's own graph for the organisation, None (the vocabulary) for
        anything else."""
        for kind, depth in (("report", 4), ("org", 2)):
            prefix = f"{self.base}id/{kind}/"
            if iri.startswith(prefix):
                parts = iri[len(prefix) :].split("#", 1)[0].split("/")
                if len(parts) >= depth and all(parts[:depth]):
                    return prefix + "/".join(parts[:depth])
                return None
        return None

    def is_report_graph(self, name: str | None) -> bool:
        return bool(name) and name.startswith(f"{self.base}id/report/") and self.home_graph(name) == name

    def is_organisation_graph(self, name: str | None) -> bool:
        """An organisation's graph is shared by its reports: written by adding (set semantics), never by
        replacing, so one report's load never drops what another year stated."""
        return bool(name) and name.startswith(f"{self.base}id/org/") and self.home_graph(name) == name


def unidentified_name(name: str, source_sha256: str | None) -> str:
    """The name segment of a report no source fully identifies: ``{name or "unidentified"}~{sha16}``."""
    digest = (source_sha256 or "0" * 16)[:16]
    return f"{name or UNIDENTIFIED}~{digest}"
