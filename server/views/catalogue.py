"""Harvesting: home page, VoID, the DCAT catalogue, dumps, sitemap and the JSON-LD @context."""

from __future__ import annotations

import gzip
import io
import json
import threading
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request

from converter.uris import UriBuilder
from server.conneg import negotiate
from server.rdfout import RDF_MEDIA, context_document, serialise
from server.views.common import config, local_href, plain_error, store
from server.void import void_description

bp = Blueprint("catalogue", __name__)

N, L = ox.NamedNode, ox.Literal
RDF_TYPE = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD = "http://www.w3.org/2001/XMLSchema#"
DUMP_FORMATS = {  # extension -> (media type, pyoxigraph format, gzip)
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE, False),
    "nt.gz": ("application/n-triples", ox.RdfFormat.N_TRIPLES, True),
}
_cache_lock = threading.RLock()


def _cache() -> dict:
    """Per-app cache of generated documents, emptied when the data changes."""
    cache = current_app.extensions.setdefault("juesuan.cache", {"version": None, "items": {}})
    if cache["version"] != store().version:
        cache["version"], cache["items"] = store().version, {}
    return cache["items"]


def _cached(key, make):
    items = _cache()
    if key not in items:
        with _cache_lock:
            if key not in items:
                items[key] = make()
    return items[key]


# ----------------------------------------------------------------------------------- reports
REPORTS_QUERY = """
SELECT ?g ?title ?year ?publisher ?spatial ?issued WHERE {
  GRAPH ?g { ?g a <http://purl.org/linked-data/cube#DataSet> .
    OPTIONAL { ?g <http://purl.org/dc/terms/title> ?title }
    OPTIONAL { ?g <%(base)sdef/fiscal#fiscalYear> ?year }
    OPTIONAL { ?g <http://purl.org/dc/terms/publisher> ?publisher }
    OPTIONAL { ?g <http://purl.org/dc/terms/spatial> ?spatial }
    OPTIONAL { ?g <http://purl.org/dc/terms/issued> ?issued }
  }
} ORDER BY ?g
"""


def reports() -> list[dict]:
    """One entry per named graph (= report), with what the catalogue says about it."""

    def make():
        cfg = config()
        counts = store().graphs()
        result = store().query(REPORTS_QUERY % {"base": cfg.base})  # trusted: no time limit
        found: dict[str, dict] = {}
        for b in json.loads(result.body)["results"]["bindings"]:
            entry = found.setdefault(b["g"]["value"], {"iri": b["g"]["value"]})
            for key in ("title", "year", "publisher", "spatial", "issued"):
                if key in b and key not in entry:
                    entry[key] = b[key]["value"]
        uris = UriBuilder(cfg.base)
        out = []
        for iri, count in sorted(counts.items()):
            if uris.is_organisation_graph(iri):  # an organisation's graph: part of VoID, not a report
                continue
            entry = found.get(iri, {"iri": iri})
            entry["triples"] = count
            parts = iri[len(cfg.base):].split("/") if iri.startswith(cfg.base) else []
            if len(parts) == 6 and parts[:2] == ["id", "report"]:  # id/report/{region}/{name}/{year}/{phase}
                entry.setdefault("year", parts[4])
                entry.setdefault("spatial", f"{cfg.base}id/region/{parts[2]}")
                entry["dump"] = "dumps/report/" + "/".join(parts[2:])
            else:
                entry["dump"] = None
            entry["href"] = local_href(iri)
            out.append(entry)
        return out

    return _cached("reports", make)


# ----------------------------------------------------------------------------------- pages
@bp.route("/")
def home():
    cfg = config()
    return render_template("home.html", reports=reports(), title=cfg.catalogue_title)


@bp.route("/context.jsonld")
def context():
    body = json.dumps(context_document(config().base), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/ld+json")


def _rdf_response(triples_factory, key: str) -> Response:
    media = negotiate(request.headers.get("Accept"), RDF_MEDIA)
    if media is None:
        return plain_error(406, "Not Acceptable: available as " + ", ".join(RDF_MEDIA))
    cfg = config()

    def make():
        ctx = cfg.base + "context.jsonld" if media == "application/ld+json" else None
        return serialise(triples_factory(), media, cfg.base, ctx)

    body = _cached((key, media), make)
    return Response(body, mimetype=media, headers={"Vary": "Accept"})


@bp.route("/.well-known/void")
def void():
    return _rdf_response(void_triples, "void")


@bp.route("/catalog")
def catalog():
    return _rdf_response(dcat_triples, "catalog")


def void_triples() -> list[ox.Triple]:
    cfg = config()
    return void_description(store(), cfg.base, cfg.catalogue_title, cfg.licence, reports(), DUMP_FORMATS)


def dcat_triples() -> list[ox.Triple]:
    cfg = config()
    base = cfg.base
    cat = N(base + "catalog")
    publisher = N(base + "catalog#publisher")
    service = N(base + "sparql")
    t = [
        ox.Triple(cat, RDF_TYPE, N(DCAT + "Catalog")),
        ox.Triple(cat, N(DCT + "title"), L(cfg.catalogue_title)),
        ox.Triple(cat, N(DCT + "publisher"), publisher),
        ox.Triple(cat, N(DCT + "license"), N(cfg.licence)),
        ox.Triple(publisher, RDF_TYPE, N(FOAF + "Agent")),
        ox.Triple(publisher, N(FOAF + "name"), L(cfg.publisher_name)),
        ox.Triple(cat, N(DCAT + "service"), service),
        ox.Triple(service, RDF_TYPE, N(DCAT + "DataService")),
        ox.Triple(service, N(DCAT + "endpointURL"), service),
        ox.Triple(service, N(DCT + "conformsTo"), N("https://www.w3.org/TR/sparql11-protocol/")),
    ]
    everything = N(base + "dumps/all.nq.gz")
    t += [
        ox.Triple(cat, N(DCAT + "distribution"), everything),
        ox.Triple(everything, RDF_TYPE, N(DCAT + "Distribution")),
        ox.Triple(everything, N(DCAT + "downloadURL"), everything),
        ox.Triple(everything, N(DCAT + "mediaType"), N("https://www.iana.org/assignments/media-types/application/n-quads")),
        ox.Triple(everything, N(DCAT + "compressFormat"), N("https://www.iana.org/assignments/media-types/application/gzip")),
    ]
    for entry in reports():
        ds = N(entry["iri"])
        t += [
            ox.Triple(cat, N(DCAT + "dataset"), ds),
            ox.Triple(ds, RDF_TYPE, N(DCAT + "Dataset")),
            ox.Triple(ds, N(DCT + "license"), N(cfg.licence)),
            ox.Triple(service, N(DCAT + "servesDataset"), ds),
            ox.Triple(ds, N(DCAT + "landingPage"), N(entry["iri"] + ".html")),
        ]
        if entry.get("title"):
            t.append(ox.Triple(ds, N(DCT + "title"), L(entry["title"], language="zh")))
        t.append(ox.Triple(ds, N(DCT + "publisher"), N(entry["publisher"]) if entry.get("publisher") else publisher))
        if entry.get("spatial"):
            t.append(ox.Triple(ds, N(DCT + "spatial"), N(entry["spatial"])))
        if entry.get("issued"):
            t.append(ox.Triple(ds, N(DCT + "issued"), L(entry["issued"], datatype=N(XSD + "date"))))
        year = str(entry.get("year", ""))[:4]
        if year.isdigit():
            period = N(entry["iri"] + "#period")
            t += [
                ox.Triple(ds, N(DCT + "temporal"), period),
                ox.Triple(period, RDF_TYPE, N(DCT + "PeriodOfTime")),
                ox.Triple(period, N(DCAT + "startDate"), L(f"{year}-01-01", datatype=N(XSD + "date"))),
                ox.Triple(period, N(DCAT + "endDate"), L(f"{year}-12-31", datatype=N(XSD + "date"))),
            ]
        if entry.get("dump"):
            for ext, (media, _, gz) in DUMP_FORMATS.items():
                dist = N(f"{base}{entry['dump']}.{ext}")
                t += [
                    ox.Triple(ds, N(DCAT + "distribution"), dist),
                    ox.Triple(dist, RDF_TYPE, N(DCAT + "Distribution")),
                    ox.Triple(dist, N(DCAT + "downloadURL"), dist),
                    ox.Triple(dist, N(DCAT + "mediaType"), N("https://www.iana.org/assignments/media-types/" + media)),
                    ox.Triple(dist, N(DCT + "license"), N(cfg.licence)),
                ]
                if gz:
                    t.append(ox.Triple(dist, N(DCAT + "compressFormat"),
                                       N("https://www.iana.org/assignments/media-types/application/gzip")))
    return t


# ----------------------------------------------------------------------------------- dumps
@bp.route("/dumps/")
def dumps_index():
    return render_template("dumps.html", reports=reports())


@bp.route("/dumps/all.nq.gz")
def dump_all():
    def make():
        raw = io.BytesIO()
        store().dump(raw, ox.RdfFormat.N_QUADS)
        return gzip.compress(raw.getvalue(), mtime=0)

    body = _cached("dump:all", make)
    return Response(body, content_type="application/gzip",
                    headers={"Content-Disposition": 'attachment; filename="all.nq.gz"'})


@bp.route("/dumps/report/<path:rest>")
def dump_report(rest: str):
    from server.views.common import iri_for_path, request_path

    path = request_path()
    ext = next((e for e in DUMP_FORMATS if path.endswith("." + e)), None)
    if ext is None:
        abort(404)
    media, fmt, gz = DUMP_FORMATS[ext]
    graph_path = path[: -len(ext) - 1].replace("/dumps/report/", "/id/report/", 1)
    iri = iri_for_path(graph_path)
    if iri not in store().graphs():
        return plain_error(404, f"no report graph {iri}")

    def make():
        raw = io.BytesIO()
        store().dump(raw, fmt, graph=iri)
        return gzip.compress(raw.getvalue(), mtime=0) if gz else raw.getvalue()

    body = _cached(("dump", iri, ext), make)
    filename = urlsplit(path).path.rsplit("/", 1)[-1]
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(filename)}"}
    if gz:
        return Response(body, content_type="application/gzip", headers=headers)
    return Response(body, mimetype=media, headers=headers)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


# ----------------------------------------------------------------------------------- sitemap
@bp.route("/sitemap.xml")
def sitemap():
    cfg = config()

    def make():
        urls = [cfg.base, cfg.base + "catalog", cfg.base + "sparql", cfg.base + "def/fiscal"]
        orgs = set()
        for entry in reports():
            urls.append(entry["iri"])
            if entry.get("publisher"):
                orgs.add(entry["publisher"])
        urls += sorted(o for o in orgs if o.startswith(cfg.base))
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        lines += [f"<url><loc>{escape(_uri(u))}</loc></url>" for u in urls[:50_000]]
        lines.append("</urlset>")
        return ("\n".join(lines) + "\n").encode()

    return Response(_cached("sitemap", make), mimetype="application/xml")


def _uri(iri: str) -> str:
    """Sitemaps want URIs: non-ASCII characters percent-encoded as UTF-8."""
    return "".join(c if ord(c) < 0x80 else "".join(f"%{b:02X}" for b in c.encode()) for c in iri)
