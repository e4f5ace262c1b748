"""Dereferencing: every IRI under the base answers with its description, in the format negotiated.

Direct 200 with Content-Location (no 303): one round trip for harvesters and browsers, and the
description documents are the resources' own representations (IRIs are /id/... and /def/...,
documents are named by the extension: .ttl .jsonld .nt .rdf .html)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request

from server.conneg import negotiate
from server.rdfout import EXTENSIONS, FORMATS, RDF_MEDIA, jsonld_script, prefixes_for, serialise, to_jsonld
from server.views.common import (
    config,
    html_or_text_error,
    iri_for_path,
    local_href,
    plain_error,
    request_path,
    safe_href,
    store,
    uri_text,
)
from server.views.named_graph import GRAPH_EXTENSIONS, GRAPH_FORMATS, graph_response, is_graph

bp = Blueprint("resource", __name__)

OFFERS = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "text/html"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)


class Representations:
    """Finished 200 responses (body, headers, ETag) by store version, path, negotiated type and page: a
    description is built once per version of the data, not per request. Bounded in bytes (LRU)."""

    def __init__(self, max_bytes: int = 64 << 20, max_entries: int = 20_000):
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._items: OrderedDict[tuple, tuple[bytes, dict[str, str], str]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple, body: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str], str]:
        item = (body, headers, hashlib.sha1(body).hexdigest())
        if len(body) > self.max_bytes // 8:
            return item  # too big to keep: built again when asked again
        with self._lock:
            if key not in self._items:
                self._items[key] = item
                self._bytes += len(body)
            while self._items and (self._bytes > self.max_bytes or len(self._items) > self.max_entries):
                _, (old, _, _) = self._items.popitem(last=False)
                self._bytes -= len(old)
        return item


def _representations() -> Representations:
    return current_app.extensions.setdefault("juesuan.representations", Representations())


def _respond(item: tuple[bytes, dict[str, str], str]) -> Response:
    body, headers, etag = item
    response = Response(body, headers=headers)
    response.set_etag(etag)
    return response


@bp.route("/<path:rest>", methods=["GET", "HEAD"])
def dereference(rest: str):
    path = request_path()
    # everything a representation may depend on: the Accept header as sent (graphs offer more types
    # than OFFERS), the query string (page, lang) and the language cookie of HTML pages
    key = (
        store().version,
        path,
        request.headers.get("Accept", ""),
        request.query_string,
        request.cookies.get("lang", ""),
    )
    cached = _representations().get(key)
    if cached is not None:
        return _respond(cached)
    response = _dereference(path)
    if response.status_code == 200 and not response.is_streamed:
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return _respond(_representations().put(key, response.get_data(), headers))
    return response


def _dereference(path: str) -> Response:
    iri = iri_for_path(path)
    media = None
    description = None
    stem, dot, ext = path.rpartition(".")
    if dot and ext in GRAPH_EXTENSIONS and is_graph(iri_for_path(stem)):  # a report's graph: TriG, N-Quads
        return _vary(graph_response(iri_for_path(stem), GRAPH_EXTENSIONS[ext], stem))
    if dot and ext in EXTENSIONS and "/" not in ext:
        description = _describe(iri)
        if not description.exists:  # the extension names a document of the resource
            media = EXTENSIONS[ext]
            path, iri, description = stem, iri_for_path(stem), None
    if media is None:
        graph = is_graph(iri)
        media = negotiate(request.headers.get("Accept"), OFFERS + list(GRAPH_FORMATS) if graph else OFFERS)
        if media in GRAPH_FORMATS:
            return _vary(graph_response(iri, media, path))
        if media is None:
            return plain_error(
                406,
                "Not Acceptable: this resource is available as " + ", ".join(OFFERS),
                {"Vary": "Accept"},
            )
    if description is None:
        description = _describe(iri)
    if not description.exists:
        response = html_or_text_error(
            404,
            "Not found",
            f"No resource with this IRI is published here: {iri}",
            iri=iri,
            parent=_parent_href(path),
        )
        response.headers["Vary"] = "Accept"
        return response
    if description.page > 1 and not description.incoming:
        abort(404)
    response = _render(description, media, path)
    response.headers["Vary"] = "Accept"
    return response


def _vary(response: Response) -> Response:
    response.headers["Vary"] = "Accept"
    return response


def _describe(iri: str):
    cfg = config()
    try:
        ox.NamedNode(iri)
    except ValueError:  # no resource can have it (the request check stops most before they get here)
        abort(404)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    d = store().describe(iri, page=page, page_size=cfg.page_size)
    if any(t.predicate.value == RDF_TYPE and t.object.value == OWL_ONTOLOGY for t in d.outgoing):
        d = store().describe(iri, page=page, page_size=cfg.page_size, fragments=True)
    return d


def _parent_href(path: str) -> str | None:
    parent = path.rstrip("/").rpartition("/")[0]
    return parent + "/" if parent else None


def _alternates(path: str) -> list[tuple[str, str]]:
    return [(media, f"{path}.{ext}") for media, (_, ext) in FORMATS.items()] + [("text/html", f"{path}.html")]


def _render(d, media: str, path: str) -> Response:
    cfg = config()
    ext = "html" if media == "text/html" else FORMATS[media][1]
    query = f"?page={d.page}" if d.page > 1 else ""
    links = [f'<{href}>; rel="alternate"; type="{m}"' for m, href in _alternates(path)]
    if d.has_next:
        links.append(f'<{path}?page={d.page + 1}>; rel="next"')
    if d.page > 1:
        links.append(f'<{path}?page={d.page - 1}>; rel="prev"')
    context_url = cfg.base + "context.jsonld"
    if media in RDF_MEDIA:
        body = serialise(
            d.triples(), media, cfg.base, context_url if media == "application/ld+json" else None
        )
        response = Response(body, mimetype=media)
    else:
        page = _page_model(d, path)
        data = to_jsonld(d.triples(), cfg.base, context_url=None)
        html = render_template(
            "resource.html", r=page, jsonld=jsonld_script(data), alternates=_alternates(path)
        )
        response = Response(html, mimetype="text/html")
    response.headers["Content-Location"] = uri_text(f"{path}.{ext}{query}")
    response.headers["Link"] = uri_text(", ".join(links))
    return response


# ----------------------------------------------------------------------------------- HTML model
def _curie(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _labels_of(triples) -> dict[str, dict[str, str]]:
    """IRI -> {language: label} (the first of skos:prefLabel, rdfs:label, dcterms:title)."""
    out: dict[str, dict[str, str]] = {}
    ranked = sorted(
        (t for t in triples if t.predicate.value in LABELS and isinstance(t.object, ox.Literal)),
        key=lambda t: LABELS.index(t.predicate.value),
    )
    for t in ranked:
        langs = out.setdefault(t.subject.value, {})
        langs.setdefault((t.object.language or "").split("-")[0], t.object.value)
    return out


def _label_pair(labels: dict[str, str] | None) -> tuple[str | None, str | None]:
    """(main label, English label): Chinese first, else English; another language (COFOG's French or
    Spanish) only when there is neither."""
    if not labels:
        return None, None
    zh = labels.get("zh") or labels.get("")
    en = labels.get("en")
    if not zh:
        zh, en = (en, None) if en else (next(iter(labels.values())), None)
    return zh, (en if en != zh else None)


def wan_yuan(value: str) -> str | None:
    """An amount in yuan also in 万元: 3197200 -> '319.72'."""
    try:
        wan = Decimal(value) / Decimal(10000)
    except InvalidOperation:
        return None
    text = format(wan, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _yuan(value: str) -> str:
    try:
        d = Decimal(value)
    except InvalidOperation:
        return value
    return f"{d:,f}"


def _term_model(term, labels, prefixes, predicate: str | None = None) -> dict:
    if isinstance(term, ox.NamedNode):
        zh, en = _label_pair(labels.get(term.value))
        return {
            "kind": "iri",
            "iri": term.value,
            "href": safe_href(term.value),
            "curie": _curie(term.value, prefixes),
            "label": zh,
            "label_en": en,
        }
    if isinstance(term, ox.BlankNode):
        return {"kind": "bnode", "value": "_:" + term.value}
    if isinstance(term, ox.Literal):
        model = {"kind": "literal", "value": term.value, "lang": term.language}
        datatype = term.datatype.value if term.datatype else None
        if datatype and not term.language and not datatype.endswith("#string"):
            model["datatype"] = _curie(datatype, prefixes)
        if datatype == XSD_DECIMAL and predicate and predicate.rsplit("#", 1)[-1].lower().endswith("amount"):
            model["yuan"] = _yuan(term.value)
            model["wan"] = wan_yuan(term.value)
        return model
    return {"kind": "literal", "value": str(term), "lang": None}


def _page_model(d, path: str) -> dict:
    prefixes = prefixes_for(config().base)
    triples = d.triples()
    labels = _labels_of(triples)
    zh, en = _label_pair(labels.get(d.iri))
    groups: dict[tuple[str, str], dict] = {}
    for t in d.outgoing:
        key = (t.subject.value, t.predicate.value)
        if key not in groups:
            groups[key] = {
                "subject": t.subject.value,
                "subject_href": local_href(t.subject.value),
                "predicate": _term_model(t.predicate, labels, prefixes),
                "objects": [],
            }
        groups[key]["objects"].append(_term_model(t.object, labels, prefixes, t.predicate.value))
    rows = sorted(
        groups.values(),
        key=lambda g: (
            g["subject"] != d.iri,
            g["subject"],
            g["predicate"]["iri"] != RDF_TYPE,
            g["predicate"]["curie"],
        ),
    )
    incoming = [
        {
            "subject": _term_model(t.subject, labels, prefixes),
            "predicate": _term_model(t.predicate, labels, prefixes),
        }
        for t in d.incoming
    ]
    types = [
        _term_model(t.object, labels, prefixes)
        for t in d.outgoing
        if t.predicate.value == RDF_TYPE and t.subject.value == d.iri
    ]
    title, source_text = _readable_title(d, types)
    return {
        "iri": d.iri,
        "title": title,
        "source_text": source_text,
        "label": zh,
        "label_en": en,
        "types": types,
        "rows": rows,
        "incoming": incoming,
        "incoming_total": d.incoming_total,
        "incoming_capped": d.incoming_capped,
        "page": d.page,
        "has_next": d.has_next,
        "next_href": f"{path}?page={d.page + 1}" if d.has_next else None,
        "prev_href": (f"{path}?page={d.page - 1}" if d.page > 2 else path) if d.page > 1 else None,
        "sparql_href": "/sparql",
    }


def _readable_title(d, types: list[dict]) -> tuple[str | None, str | None]:
    """An observation's sentence, a source span's place and text (server/views/titles.py)."""
    from server.views.pages.shared import lang
    from server.views.titles import observation_title, span_title

    kinds = {t.get("iri") for t in types}
    if "http://purl.org/linked-data/cube#Observation" in kinds:
        return observation_title(d.iri, lang()), None
    if config().base + "def/fiscal#SourceSpan" in kinds:
        found = span_title(d.iri, lang())
        if found:
            return found
    return None, None
