"""Harvesting: home page, VoID and the JSON-LD @context, and what the harvesting views share (the reports
listed, the per-data-version cache). The DCAT catalogue is server/views/dcat.py, the dumps
server/views/dumps.py, robots.txt and the sitemap server/views/crawl.py."""

from __future__ import annotations

import json
import threading

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

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
_cache_lock = threading.Lock()
_key_locks: dict = {}  # key -> its lock: a slow item (a dump being written) never holds up the others


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
            lock = _key_locks.setdefault(key, threading.RLock())
        with lock:
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
            parts = iri[len(cfg.base) :].split("/") if iri.startswith(cfg.base) else []
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
    return render_template("home.html", reports=with_pages(reports()), title=cfg.catalogue_title)


def with_pages(entries: list[dict]) -> list[dict]:
    """The catalogue's report entries with the readable page of each and its region's name and page."""
    from server.views.pages.shared import all_reports, page_href

    pages = {r["iri"]: r for r in all_reports()}
    out = []
    for e in entries:
        page = pages.get(e["iri"], {})
        out.append(
            {
                **e,
                "page_href": page_href(e["iri"]),
                "region": page.get("region"),
                "region_label": page.get("region_label"),
                "region_href": page.get("region_href"),
            }
        )
    return out


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


def void_triples() -> list[ox.Triple]:
    from server.views.dumps import DUMP_FORMATS  # the dumps' module imports this one

    cfg = config()
    return void_description(store(), cfg.base, cfg.catalogue_title, cfg.licence, reports(), DUMP_FORMATS)
