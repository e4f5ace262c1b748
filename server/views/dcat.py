"""``/catalog``: the DCAT catalogue, conforming to DCAT-AP 3.0.1 (the European application profile that
open-data portals harvest; tests/test_dcat_ap.py runs its official SHACL shapes over it).

One dcat:Dataset per report (its named graph) and one for the whole corpus; distributions are the dumps
(server/views/dumps.py) with their size and SHA-256, and the SPARQL endpoint is the dcat:DataService.
File types, languages, themes, places, availability and publisher types are IRIs of the EU
controlled vocabularies (described in the catalogue itself, so a validator needs nothing else)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from email.utils import formatdate

import pyoxigraph as ox
from flask import Blueprint

from server.views import dumps
from server.views.catalogue import _cached, _rdf_response, reports
from server.views.common import config, store

bp = Blueprint("dcat", __name__)

N, L = ox.NamedNode, ox.Literal
RDF_TYPE = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SPDX = "http://spdx.org/rdf/terms#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCATAP = "http://data.europa.eu/r5r/"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
DCAT_AP = "https://semiceu.github.io/DCAT-AP/releases/3.0.1/"

#: the EU vocabularies' concepts used here: IRI -> (scheme, English label)
EU_CONCEPTS = {
    EU + "file-type/RDF_TURTLE": (EU + "file-type", "Turtle"),
    EU + "file-type/RDF_N_TRIPLES": (EU + "file-type", "N-Triples"),
    EU + "file-type/RDF_N_QUADS": (EU + "file-type", "N-Quads"),
    EU + "file-type/SPARQLQRES": (EU + "file-type", "SPARQL results"),
    EU + "language/ZHO": (EU + "language", "Chinese"),
    EU + "language/ENG": (EU + "language", "English"),
    EU + "data-theme/GOVE": (EU + "data-theme", "Government and public sector"),
    EU + "data-theme/ECON": (EU + "data-theme", "Economy and finance"),
    EU + "country/CHN": (EU + "country", "China"),
    EU + "planned-availability/STABLE": (EU + "planned-availability", "Stable"),
    PUBLISHER_TYPE + "LocalAuthority": (PUBLISHER_TYPE + "1.0", "Local Authority"),
    PUBLISHER_TYPE + "RegionalAuthority": (PUBLISHER_TYPE + "1.0", "Regional Authority"),
    PUBLISHER_TYPE + "NationalAuthority": (PUBLISHER_TYPE + "1.0", "National authority"),
    PUBLISHER_TYPE + "NonProfitOrganisation": (PUBLISHER_TYPE + "1.0", "Non-Profit Organisation"),
}
EU_SCHEMES = {
    EU + "file-type": "File type",
    EU + "language": "Language",
    EU + "data-theme": "Data theme",
    EU + "country": "Country",
    EU + "planned-availability": "Planned availability",
    PUBLISHER_TYPE + "1.0": "Publisher type",
}
THEMES = (EU + "data-theme/GOVE", EU + "data-theme/ECON")
FILE_TYPE = {"ttl": "RDF_TURTLE", "nt.gz": "RDF_N_TRIPLES", "nq.gz": "RDF_N_QUADS"}
MEDIA = {"ttl": "text/turtle", "nt.gz": "application/n-triples", "nq.gz": "application/n-quads"}
FORMAT_NAME = {"ttl": "Turtle", "nt.gz": "N-Triples (gzip)", "nq.gz": "N-Quads (gzip)"}

REPORT_DETAILS = """
SELECT ?g ?org ?orgLabel ?phase ?spatialLabel WHERE {
  GRAPH ?g { ?g a <http://purl.org/linked-data/cube#DataSet> .
    OPTIONAL { ?g <%(base)sdef/fiscal#organisation> ?org }
    OPTIONAL { ?g <%(base)sdef/fiscal#budgetPhase> ?phase }
    OPTIONAL { ?g <http://purl.org/dc/terms/spatial> ?spatial } }
  OPTIONAL { ?org <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2000/01/rdf-schema#label> ?orgLabel
             FILTER(LANGMATCHES(LANG(?orgLabel), "zh") || LANG(?orgLabel) = "") }
  OPTIONAL { ?spatial <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2000/01/rdf-schema#label> ?spatialLabel
             FILTER(LANGMATCHES(LANG(?spatialLabel), "zh") || LANG(?spatialLabel) = "") }
}
"""


@bp.route("/catalog", methods=["GET", "HEAD"])
def catalog():
    # the dumps' sizes and checksums this request may measure (catalogue_digest_budget), or already knows
    wanted = dump_costs()
    digests = dumps.catalogue_digests(wanted, config().catalogue_digest_budget)
    response = _rdf_response(lambda: dcat_triples(digests), ("catalog", len(digests)))
    pending = len(wanted) - len(digests)
    if pending:  # the rest are being measured: say so, and let no cache keep this answer
        response.headers["Juesuan-Checksums-Pending"] = str(pending)
        response.headers["Cache-Control"] = "no-cache"
    elif (complete := dumps.digests_complete_at()) is not None:
        response.headers["Last-Modified"] = formatdate(max(complete, store().modified), usegmt=True)
    return response


def dump_costs() -> dict[str, int]:
    """Every dump the catalogue lists -> the triples it holds (what measuring it costs)."""
    counts = store().graphs()
    costs = {dumps.ALL: sum(counts.values()) + store().default_graph_triples()}
    for entry in reports():
        if entry.get("dump"):
            rel = entry["dump"][len("dumps/") :]
            for ext in dumps.DUMP_FORMATS:
                costs[f"{rel}.{ext}"] = counts.get(entry["iri"], 0)
    return costs


def _t(s, p: str, o) -> ox.Triple:
    return ox.Triple(s, N(p), o)


def _date(text: str | None) -> ox.Literal | None:
    if text and len(text) == 10 and text[4] == "-" and text[7] == "-":
        return L(text, datatype=N(XSD + "date"))
    return None


def _details() -> dict[str, dict]:
    """Report graph -> organisation, its name, phase, region name (the vocabulary's labels)."""

    def make() -> dict[str, dict]:
        result = store().query(REPORT_DETAILS % {"base": config().base})  # trusted: no time limit
        out: dict[str, dict] = {}
        for b in json.loads(result.body)["results"]["bindings"]:
            entry = out.setdefault(b["g"]["value"], {})
            for key in ("org", "orgLabel", "phase", "spatialLabel"):
                if key in b:
                    entry.setdefault(key, b[key]["value"])
        return out

    return _cached("dcat-details", make)


def publisher_type(region_iri: str | None) -> str:
    """ADMS publisher type of a department from its GB/T 2260 region: a province-level code
    (XX0000) is a regional authority, 100000 national, anything below a local authority."""
    code = (region_iri or "").rstrip("/").rsplit("/", 1)[-1]
    if code == "100000":
        return PUBLISHER_TYPE + "NationalAuthority"
    if len(code) == 6 and code.isdigit() and code.endswith("0000"):
        return PUBLISHER_TYPE + "RegionalAuthority"
    return PUBLISHER_TYPE + "LocalAuthority"


def dcat_triples(digests: dict[str, dumps.Digest] | None = None) -> list[ox.Triple]:
    """The catalogue; a dump's size and checksum given where ``digests`` has them (default: measure all)."""
    if digests is None:
        digests = dumps.catalogue_digests(dump_costs(), budget=1 << 62)
    cfg = config()
    base = cfg.base
    cat = N(base + "catalog")
    everything = N(base + "catalog#all")
    service = N(base + "sparql")
    entries = reports()
    details = _details()
    t = _catalogue(cat, everything, service, entries)
    t += _agent_and_contact()
    t += _service(service, everything, entries)
    t += _corpus(everything, service, entries, digests)
    for entry in entries:
        t += _report_dataset(cat, service, entry, details.get(entry["iri"], {}), digests)
    t += _vocabulary()
    return t


def _catalogue(cat, everything, service, entries: list[dict]) -> list[ox.Triple]:
    cfg = config()
    base = cfg.base
    modified = datetime.fromtimestamp(store().modified or time.time(), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    issued = min((e["issued"] for e in entries if _date(e.get("issued"))), default=modified[:10])
    t = [
        _t(cat, RDF_TYPE.value, N(DCAT + "Catalog")),
        _t(cat, DCT + "title", L(cfg.catalogue_title, language="en")),
        _t(cat, DCT + "title", L("中国公共部门决算、预算（关联数据）", language="zh")),
        _t(
            cat,
            DCT + "description",
            L(
                "部门决算、单位决算和部门预算，以W3C Data Cube观测值（元）发布；每个数字可追溯到其原文句子或表格单元格，"
                "并附完整性核查结果。",
                language="zh",
            ),
        ),
        _t(
            cat,
            DCT + "description",
            L(
                "Final accounts (决算) and budgets (预算) of Chinese public-sector bodies as linked data: every figure "
                "a W3C Data Cube observation in yuan, traced to the sentence or table cell it was read from, with "
                "the findings of integrity rules. One dataset per report, dumps and a SPARQL endpoint.",
                language="en",
            ),
        ),
        _t(cat, DCT + "conformsTo", N(DCAT_AP)),
        _t(N(DCAT_AP), RDF_TYPE.value, N(DCT + "Standard")),
        _t(N(DCAT_AP), DCT + "title", L("DCAT-AP 3.0.1", language="en")),
        _t(cat, DCT + "publisher", N(base + "catalog#publisher")),
        _t(cat, DCT + "license", N(cfg.licence)),
        _t(cat, DCT + "language", N(EU + "language/ZHO")),
        _t(cat, DCT + "language", N(EU + "language/ENG")),
        _t(cat, DCT + "spatial", N(EU + "country/CHN")),
        _t(cat, DCT + "issued", L(issued, datatype=N(XSD + "date"))),
        _t(cat, DCT + "modified", L(modified, datatype=N(XSD + "dateTime"))),
        _t(cat, DCAT + "themeTaxonomy", N(EU + "data-theme")),
        _t(cat, FOAF + "homepage", N(base)),
        _t(cat, DCAT + "service", service),
        _t(cat, DCAT + "dataset", everything),
    ]
    t += [_t(cat, DCAT + "dataset", N(e["iri"])) for e in entries]
    return t


def _agent_and_contact() -> list[ox.Triple]:
    cfg = config()
    base = cfg.base
    publisher, contact = N(base + "catalog#publisher"), N(base + "catalog#contact")
    t = [
        _t(publisher, RDF_TYPE.value, N(FOAF + "Agent")),
        _t(publisher, FOAF + "name", L(cfg.publisher_name)),
        _t(publisher, DCT + "type", N(cfg.publisher_type)),
        _t(contact, RDF_TYPE.value, N(VCARD + "Organization")),
        _t(contact, VCARD + "fn", L(cfg.publisher_name)),
        _t(contact, VCARD + "hasURL", N(base)),
    ]
    if cfg.contact_email:
        t.append(_t(contact, VCARD + "hasEmail", N("mailto:" + cfg.contact_email)))
    return t


def _common(resource, *, publisher=None) -> list[ox.Triple]:
    """What every dataset and the service say: contact, themes, publisher."""
    base = config().base
    t = [_t(resource, DCAT + "contactPoint", N(base + "catalog#contact"))]
    t += [_t(resource, DCAT + "theme", N(theme)) for theme in THEMES]
    t.append(_t(resource, DCT + "publisher", publisher or N(base + "catalog#publisher")))
    return t


def _keywords(resource, words: list[tuple[str, str]]) -> list[ox.Triple]:
    return [_t(resource, DCAT + "keyword", L(w, language=lang)) for w, lang in words if w]


def _service(service, everything, entries: list[dict]) -> list[ox.Triple]:
    cfg = config()
    t = [
        _t(service, RDF_TYPE.value, N(DCAT + "DataService")),
        _t(service, DCT + "title", L("SPARQL 1.1 endpoint (read-only)", language="en")),
        _t(service, DCT + "title", L("SPARQL查询服务（只读）", language="zh")),
        _t(
            service,
            DCT + "description",
            L(
                f"Read-only SPARQL 1.1 Protocol endpoint over every report; the default graph is the union of "
                f"the named graphs. Queries stop after {cfg.query_timeout:g} s; at most "
                f"{cfg.max_result_rows} results.",
                language="en",
            ),
        ),
        _t(service, DCAT + "endpointURL", service),
        _t(service, DCAT + "endpointDescription", service),  # the SPARQL service description (sd:)
        _t(service, DCT + "conformsTo", N("https://www.w3.org/TR/sparql11-protocol/")),
        _t(service, DCT + "license", N(cfg.licence)),
        _t(service, DCAT + "servesDataset", everything),
    ]
    t += [_t(service, DCAT + "servesDataset", N(e["iri"])) for e in entries]
    t += _common(service)
    t += _keywords(service, [("SPARQL", "en"), ("linked data", "en"), ("关联数据", "zh")])
    return t


def _period(iri: str, start: str, end: str) -> tuple[ox.NamedNode, list[ox.Triple]]:
    period = N(iri)
    return period, [
        _t(period, RDF_TYPE.value, N(DCT + "PeriodOfTime")),
        _t(period, DCAT + "startDate", L(f"{start}-01-01", datatype=N(XSD + "date"))),
        _t(period, DCAT + "endDate", L(f"{end}-12-31", datatype=N(XSD + "date"))),
    ]


def _distribution(dataset, name: str, ext: str, title: str, digest: dumps.Digest | None) -> list[ox.Triple]:
    """A dump as a distribution: where it is, what it is, and, once measured, how big and its checksum
    (with the content-addressed copy those bytes are also served at)."""
    cfg = config()
    base = cfg.base
    url = N(base + "dumps/" + name)
    t = [
        _t(dataset, DCAT + "distribution", url),
        _t(url, RDF_TYPE.value, N(DCAT + "Distribution")),
        _t(url, DCT + "title", L(title, language="en")),
        _t(url, DCT + "description", L(f"{title}, {FORMAT_NAME[ext]}.", language="en")),
        _t(url, DCAT + "accessURL", url),
        _t(url, DCAT + "downloadURL", url),
        _t(url, DCT + "format", N(EU + "file-type/" + FILE_TYPE[ext])),
        _t(url, DCAT + "mediaType", N(IANA + MEDIA[ext])),
        _t(url, DCT + "license", N(cfg.licence)),
        _t(url, DCATAP + "availability", N(EU + "planned-availability/STABLE")),
    ]
    if digest is not None:
        checksum = N(base + "dumps/" + name + "#sha256")
        copy = N(f"{base}dumps/sha256/{digest.sha256}/{name}")  # the same bytes, immutable
        t += [
            _t(url, DCAT + "downloadURL", copy),
            _t(url, DCAT + "byteSize", L(str(digest.size), datatype=N(XSD + "nonNegativeInteger"))),
            _t(url, SPDX + "checksum", checksum),
            _t(checksum, RDF_TYPE.value, N(SPDX + "Checksum")),
            _t(checksum, SPDX + "algorithm", N(SPDX + "checksumAlgorithm_sha256")),
            _t(checksum, SPDX + "checksumValue", L(digest.sha256, datatype=N(XSD + "hexBinary"))),
        ]
    if ext.endswith(".gz"):
        t.append(_t(url, DCAT + "compressFormat", N(IANA + "application/gzip")))
    return t


def _corpus(everything, service, entries: list[dict], digests: dict) -> list[ox.Triple]:
    cfg = config()
    base = cfg.base
    t = [
        _t(everything, RDF_TYPE.value, N(DCAT + "Dataset")),
        _t(everything, DCT + "title", L("All reports", language="en")),
        _t(everything, DCT + "title", L("全部报告", language="zh")),
        _t(
            everything,
            DCT + "description",
            L(
                f"Every report published here ({len(entries)}), each in its own named graph, with the ontology "
                "and the national classification vocabularies (SKOS) in the default graph.",
                language="en",
            ),
        ),
        _t(
            everything,
            DCT + "description",
            L(f"此处发布的全部报告（{len(entries)}份），每份一个命名图。", language="zh"),
        ),
        _t(everything, DCT + "license", N(cfg.licence)),
        _t(everything, DCT + "language", N(EU + "language/ZHO")),
        _t(everything, DCT + "spatial", N(EU + "country/CHN")),
        _t(everything, DCAT + "landingPage", N(base + "page/")),
    ]
    t += [_t(everything, DCT + "hasPart", N(e["iri"])) for e in entries]
    years = sorted(y[:4] for y in (str(e.get("year", "")) for e in entries) if y[:4].isdigit())
    if years:
        period, triples = _period(base + "catalog#all-period", years[0], years[-1])
        t += [_t(everything, DCT + "temporal", period), *triples]
    t += _distribution(
        everything, dumps.ALL, "nq.gz", "All reports and the vocabularies", digests.get(dumps.ALL)
    )
    access = N(base + "catalog#sparql")
    t += [
        _t(everything, DCAT + "distribution", access),
        _t(access, RDF_TYPE.value, N(DCAT + "Distribution")),
        _t(access, DCT + "title", L("SPARQL endpoint", language="en")),
        _t(access, DCT + "description", L("Query every report with SPARQL 1.1.", language="en")),
        _t(access, DCAT + "accessURL", service),
        _t(access, DCAT + "accessService", service),
        _t(access, DCT + "format", N(EU + "file-type/SPARQLQRES")),
        _t(access, DCT + "license", N(cfg.licence)),
        _t(access, DCATAP + "availability", N(EU + "planned-availability/STABLE")),
    ]
    t += _common(everything)
    t += _keywords(
        everything, [("决算", "zh"), ("预算", "zh"), ("final accounts", "en"), ("public finance", "en")]
    )
    return t


def _report_dataset(cat, service, entry: dict, detail: dict, digests: dict) -> list[ox.Triple]:
    cfg = config()
    base = cfg.base
    ds = N(entry["iri"])
    year = str(entry.get("year", ""))[:4]
    org_name = detail.get("orgLabel") or ""
    region_name = detail.get("spatialLabel") or ""
    budget = (detail.get("phase") or "").endswith("/budget")
    kind_zh, kind_en = ("部门预算", "budget") if budget else ("部门决算", "final accounts")
    title = entry.get("title") or f"{org_name}{year}年度{kind_zh}"
    t = [
        _t(ds, RDF_TYPE.value, N(DCAT + "Dataset")),
        _t(ds, DCT + "title", L(title, language="zh")),
        _t(
            ds,
            DCT + "description",
            L(
                f"{org_name}（{region_name}）{year}年度{kind_zh}：{entry['triples']}个三元组，金额以元计，"
                "每个数字可追溯到原文。",
                language="zh",
            ),
        ),
        _t(
            ds,
            DCT + "description",
            L(
                f"The {kind_en} for {year} of {org_name} ({region_name}) as linked data: {entry['triples']} "
                "triples, amounts in yuan, every figure traced to the text it was read from.",
                language="en",
            ),
        ),
        _t(ds, DCT + "license", N(cfg.licence)),
        _t(ds, DCT + "language", N(EU + "language/ZHO")),
        _t(ds, DCT + "isPartOf", N(base + "catalog#all")),
    ]
    if entry.get("spatial"):
        t.append(_t(ds, DCT + "spatial", N(entry["spatial"])))
    if entry.get("href"):
        t.append(_t(ds, DCAT + "landingPage", N(base + "page/" + entry["href"].split("/id/", 1)[-1])))
    issued = _date(entry.get("issued"))
    if issued is not None:
        t.append(_t(ds, DCT + "issued", issued))
    if year.isdigit():
        period, triples = _period(entry["iri"] + "#period", year, year)
        t += [_t(ds, DCT + "temporal", period), *triples]
    publisher = entry.get("publisher") or detail.get("org")
    if publisher:
        agent = N(publisher)
        t += [
            _t(agent, RDF_TYPE.value, N(FOAF + "Agent")),
            _t(agent, FOAF + "name", L(org_name or publisher, language="zh")),
            _t(agent, DCT + "type", N(publisher_type(entry.get("spatial")))),
        ]
        t += _common(ds, publisher=agent)
    else:
        t += _common(ds)
    t += _keywords(
        ds, [(kind_zh, "zh"), (kind_en, "en"), (org_name, "zh"), (region_name, "zh"), (year, "zh")]
    )
    if entry.get("dump"):
        rel = entry["dump"][len("dumps/") :]
        for ext in dumps.DUMP_FORMATS:
            name = f"{rel}.{ext}"
            t += _distribution(ds, name, ext, f"Report graph of {org_name} {year}", digests.get(name))
    return t


def _vocabulary() -> list[ox.Triple]:
    """The EU concepts used, with their scheme and label, so the catalogue can be validated alone."""
    t = []
    for concept, (scheme, label) in EU_CONCEPTS.items():
        t += [
            _t(N(concept), RDF_TYPE.value, N(SKOS + "Concept")),
            _t(N(concept), SKOS + "inScheme", N(scheme)),
            _t(N(concept), SKOS + "prefLabel", L(label, language="en")),
        ]
    for scheme, title in EU_SCHEMES.items():
        t += [
            _t(N(scheme), RDF_TYPE.value, N(SKOS + "ConceptScheme")),
            _t(N(scheme), DCT + "title", L(title, language="en")),
        ]
    t.append(_t(N(SPDX + "checksumAlgorithm_sha256"), RDF_TYPE.value, N(SPDX + "ChecksumAlgorithm")))
    return t
