"""The SPARQL 1.1 Protocol endpoint (query only), its service description and its HTML form."""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from server.admission import Busy
from server.conneg import negotiate
from server.example_queries import examples
from server.policy import Policy
from server.rdfout import RDF_MEDIA, serialise
from server.store import QueryError
from server.store.base import NotAcceptable
from server.store.results import SOLUTION_TYPES
from server.views.common import admission, config, plain_error, safe_href, store

bp = Blueprint("sparql", __name__)

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
OFFERS = {
    "solutions": [JSON, XML, "text/csv", "text/tab-separated-values", "text/html"],
    "boolean": [JSON, XML, "text/html"],
    "graph": [
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
        "text/html",
    ],
}
RESULT_ALIASES = {
    "application/json": JSON,
    "application/xml": XML,
    "text/xml": XML,
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
}
FORMAT_PARAM = {
    "json": JSON,
    "xml": XML,
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "html": "text/html",
}
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."


@bp.route("/sparql/", methods=["GET", "POST", "OPTIONS"], strict_slashes=False)
def endpoint():
    if request.method == "OPTIONS":
        return Response(
            status=204,
            headers={
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "86400",
            },
        )
    default_graphs = request.args.getlist("default-graph-uri")
    named_graphs = request.args.getlist("named-graph-uri")
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            return plain_error(403, READ_ONLY)
        queries = request.args.getlist("query")
        if not queries:
            return service_description()
    else:
        mimetype = request.mimetype
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if mimetype == "application/x-www-form-urlencoded":
            form = request.form
            if "update" in form:
                return plain_error(403, READ_ONLY)
            queries = form.getlist("query")
            default_graphs += form.getlist("default-graph-uri")
            named_graphs += form.getlist("named-graph-uri")
        elif mimetype == "application/sparql-query":
            if charset not in ("utf-8", "utf8"):
                return plain_error(415, "application/sparql-query must be sent as UTF-8")
            try:
                queries = [request.get_data(cache=False).decode("utf-8")]
            except UnicodeDecodeError:
                return plain_error(400, "the query is not valid UTF-8")
        elif mimetype == "application/sparql-update":
            return plain_error(403, READ_ONLY)
        else:
            return plain_error(
                415,
                "POST a query as application/x-www-form-urlencoded (query=...) or as application/sparql-query",
            )
    if len(queries) != 1:
        return plain_error(400, "exactly one query parameter is expected")
    return run_query(queries[0], default_graphs, named_graphs)


def _store_media(form: str, media: str) -> str:
    """What the store serialises for a negotiated type (HTML and JSON-LD are made here from it)."""
    if media == "text/html":
        return JSON if form != "graph" else "application/n-triples"
    if media == "application/ld+json":
        return "application/n-triples"
    return media


def run_query(text: str, default_graphs: list[str], named_graphs: list[str]) -> Response:
    """The query's form, SERVICE and FROM are read by the policy inside the query worker (its parse is
    bounded like the query): so the result type is negotiated for each form beforehand."""
    cfg = config()
    if not text.strip():
        return plain_error(400, "the query is empty")
    wanted = FORMAT_PARAM.get(request.values.get("format", "").lower())
    chosen: dict[str, str] = {}
    for form, offers in OFFERS.items():
        media = (
            wanted if wanted in offers else negotiate(request.headers.get("Accept"), offers, RESULT_ALIASES)
        )
        if media is not None:
            chosen[form] = media
    if not chosen:
        every = sorted({m for offers in OFFERS.values() for m in offers})
        return plain_error(406, "Not Acceptable: query results are available as " + ", ".join(every))
    try:
        with admission().admit(request.remote_addr or "-"):
            result = store().query(
                text,
                cfg.query_timeout,
                formats={form: _store_media(form, media) for form, media in chosen.items()},
                default_graphs=default_graphs or None,
                named_graphs=named_graphs or None,
                max_rows=cfg.max_result_rows,
                policy=Policy.from_config(cfg),
                max_bytes=cfg.max_result_bytes,
                wait=cfg.query_wait,
            )
    except Busy as exc:
        return plain_error(503, str(exc), {"Retry-After": str(exc.retry_after)})
    except NotAcceptable as exc:
        offers = OFFERS.get(str(exc), [])
        return plain_error(406, "Not Acceptable: results of this query are available as " + ", ".join(offers))
    except QueryError as exc:
        return plain_error(exc.status, str(exc), {"Retry-After": "5"} if exc.status == 503 else None)
    media = chosen[result.form]
    html = media == "text/html"
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["Juesuan-Results-Truncated"] = f"only the first {cfg.max_result_rows} results are returned"
    if html:
        return Response(_results_page(text, result), mimetype="text/html", headers=headers)
    body = result.body
    if media == "application/ld+json" and result.form == "graph":
        triples = ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES)
        body = serialise([q.triple for q in triples], media, cfg.base, cfg.base + "context.jsonld")
    if media in SOLUTION_TYPES and media.startswith("text/"):
        mimetype = media + "; charset=utf-8"
    else:
        mimetype = result.media_type if not media == "application/ld+json" else media
    return Response(body, headers=headers, content_type=mimetype)


def _results_page(text: str, result) -> str:
    cfg = config()
    table = None
    boolean = None
    rdf_text = None
    if result.form == "boolean":
        boolean = json.loads(result.body)["boolean"]
    elif result.form == "solutions":
        data = json.loads(result.body)
        variables = data["head"]["vars"]
        rows = []
        for binding in data["results"]["bindings"]:
            row = []
            for var in variables:
                cell = binding.get(var)
                if cell is None:
                    row.append(None)
                else:
                    href = safe_href(cell["value"]) if cell["type"] == "uri" else None
                    row.append({**cell, "href": href})
            rows.append(row)
        table = {"vars": variables, "rows": rows}
    else:
        triples = [q.triple for q in ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES)]
        rdf_text = serialise(triples, "text/turtle", cfg.base).decode()
    return render_template(
        "sparql.html",
        query=text,
        examples=examples(cfg.base),
        table=table,
        boolean=boolean,
        rdf_text=rdf_text,
        truncated=result.truncated,
        max_rows=cfg.max_result_rows,
        timeout=cfg.query_timeout,
    )


def service_description() -> Response:
    cfg = config()
    media = negotiate(request.headers.get("Accept"), ["text/html", *RDF_MEDIA])
    if media is None:
        return plain_error(
            406, "Not Acceptable: the service description is available as " + ", ".join(RDF_MEDIA)
        )
    if media == "text/html":
        chosen = request.args.get("example")
        items = examples(cfg.base)
        query = next((e["query"] for e in items if e["id"] == chosen), items[0]["query"])
        html = render_template(
            "sparql.html",
            query=query,
            examples=items,
            table=None,
            boolean=None,
            rdf_text=None,
            truncated=False,
            max_rows=cfg.max_result_rows,
            timeout=cfg.query_timeout,
        )
        return Response(html, mimetype="text/html", headers={"Vary": "Accept"})
    body = serialise(
        sd_triples(), media, cfg.base, cfg.base + "context.jsonld" if media.endswith("json") else None
    )
    return Response(body, mimetype=media, headers={"Vary": "Accept"})


def sd_triples() -> list[ox.Triple]:
    cfg = config()
    sd = "http://www.w3.org/ns/sparql-service-description#"
    void = "http://rdfs.org/ns/void#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    N, L = ox.NamedNode, ox.Literal  # noqa: N806
    service = N(cfg.base + "sparql")
    dataset, default_graph = ox.BlankNode(), ox.BlankNode()
    out = [
        ox.Triple(service, rdf_type, N(sd + "Service")),
        ox.Triple(service, N(sd + "endpoint"), service),
        ox.Triple(service, N(sd + "supportedLanguage"), N(sd + "SPARQL11Query")),
        ox.Triple(service, N(sd + "feature"), N(sd + "UnionDefaultGraph")),
        ox.Triple(service, N(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, N(sd + "Dataset")),
        ox.Triple(dataset, N(sd + "defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, N(sd + "Graph")),
        ox.Triple(
            service,
            N("http://www.w3.org/2000/01/rdf-schema#comment"),
            L(
                f"Read-only. The default graph is the union of all graphs. Each query is stopped after "
                f"{cfg.query_timeout:g} s; at most {cfg.max_result_rows} results are returned.",
                language="en",
            ),
        ),
    ]
    if cfg.service_allowlist:
        out.append(ox.Triple(service, N(sd + "feature"), N(sd + "BasicFederatedQuery")))
    for fmt in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ):
        out.append(ox.Triple(service, N(sd + "resultFormat"), N("http://www.w3.org/ns/formats/" + fmt)))
    total = 0
    for name, count in sorted(store().graphs().items()):
        named, graph = ox.BlankNode(), ox.BlankNode()
        out += [
            ox.Triple(dataset, N(sd + "namedGraph"), named),
            ox.Triple(named, N(sd + "name"), N(name)),
            ox.Triple(named, N(sd + "graph"), graph),
            ox.Triple(graph, rdf_type, N(sd + "Graph")),
            ox.Triple(
                graph,
                N(void + "triples"),
                L(str(count), datatype=N("http://www.w3.org/2001/XMLSchema#integer")),
            ),
        ]
        total += count
    return out
