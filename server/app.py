"""Application factory: ``create_app(config)`` wires a store and one blueprint per concern.

In production ``juesuan serve`` runs it under waitress (server/serving.py); any WSGI server can host
``create_app()`` (configuration from JUESUAN_* variables or the file named by JUESUAN_CONFIG)."""

from __future__ import annotations

import logging
import os
import re
from email.utils import formatdate

import pyoxigraph as ox
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from server import http_headers
from server.admission import Admission
from server.config import Config
from server.policy import warm_up
from server.store import Store
from server.store.factory import open_store
from server.store.layout import check_layout
from server.store.loading import examples_dir, read_inputs, read_vocabulary, write_graphs

log = logging.getLogger("juesuan.server")

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def build_store(config: Config) -> Store:
    # a folder (embedded Oxigraph on disk), an http(s) URL (a SPARQL 1.1 engine), or memory
    store = open_store(config.store, config, workers=config.query_workers)
    load_into(store, config)
    return store


def load_into(store: Store, config: Config) -> list[str]:
    """Vocabulary, then the inputs (or the bundled examples when there are none and the store is empty)."""
    problems: list[str] = []
    inputs = list(config.inputs)
    fresh = len(store) == 0 if hasattr(store, "__len__") else not store.graphs()
    if not inputs and config.load_examples and fresh:
        folder = examples_dir()
        if folder is not None:
            inputs = [str(folder)]
    if fresh and config.load_vocabulary:
        vocabulary = read_vocabulary(config.base)
        if vocabulary:
            store.replace_graphs(vocabulary)
    if inputs:
        try:
            graphs, problems = read_inputs(inputs, config.base)
        except Exception as exc:  # noqa: BLE001 - the examples may need a converter this build lacks
            if config.inputs:
                raise
            log.warning("bundled examples not loaded: %s", exc)
            graphs = {}
        if graphs:
            write_graphs(store, graphs, config.base)  # organisations' graphs added to, reports' replaced
    for problem in problems:
        log.warning("not loaded: %s", problem)
    check_layout(store, config.base)  # a store of the earlier data layout is refused, with what to do
    return problems


def create_app(
    config: Config | dict | str | os.PathLike | None = None, *, store: Store | None = None
) -> Flask:
    config = Config.load(config)
    app = Flask(__name__)
    app.config.update(
        JUESUAN=config,
        MAX_CONTENT_LENGTH=config.max_request_bytes,
        MAX_FORM_MEMORY_SIZE=config.max_request_bytes,
        TESTING=config.testing,
        JSON_AS_ASCII=False,
    )
    app.extensions["juesuan.store"] = store if store is not None else build_store(config)
    app.extensions["juesuan.admission"] = Admission(
        config.query_workers, config.query_queue, config.query_per_client, config.query_wait
    )
    app.before_request(_checked_request)
    warm_up()  # before any query worker is forked

    from server.views import catalogue, crawl, dcat, dumps, editor, resource, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(catalogue.bp)
    for extra in (dcat.bp, dumps.bp, crawl.bp, editor.bp):  # DCAT-AP, dumps, robots/sitemap, the editor's
        app.register_blueprint(extra)
    from server.views import pages

    app.register_blueprint(pages.bp)
    app.register_blueprint(resource.bp)  # last: its catch-all route must not shadow the others
    http_headers.install(app, cors=config.cors)  # caching, CORS, the editor's CSP: runs after _headers

    @app.errorhandler(HTTPException)
    def _plain_errors(exc: HTTPException):
        """Errors raised by Flask itself (405, 413 ...) as plain text too."""
        return Response(
            f"{exc.code} {exc.name}: {exc.description}\n",
            status=exc.code,
            mimetype="text/plain",
            headers=dict(exc.get_headers()) | {"Content-Type": "text/plain; charset=utf-8"},
        )

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = CSP
        if config.cors:
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = "ETag, Link, Content-Location, Location"
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.is_streamed
            and request.endpoint != "static"
        ):
            the_store = app.extensions["juesuan.store"]
            response.headers.setdefault("Last-Modified", formatdate(the_store.modified, usegmt=True))
            if "ETag" not in response.headers:
                response.add_etag()
            response.make_conditional(request)
        return response

    return app


_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _checked_request() -> Response | None:
    """Every path decoded and checked before any view (and so any store) sees it: invalid
    percent-encoding, bytes that are not UTF-8, or characters no IRI may hold are a 400, never a 500.
    A body sent in chunks is bounded like one with a Content-Length (413)."""
    from server.views.common import iri_for_path, plain_error, request_path

    environ = request.environ
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""
    raw_path = raw.split("?", 1)[0]
    if raw_path.isascii() and _BAD_PERCENT.search(raw_path):
        return plain_error(
            400, "Bad Request: the path has an invalid percent-encoding (% not followed by two hex digits)"
        )
    try:
        environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return plain_error(400, "Bad Request: the path is not valid UTF-8")
    try:
        ox.NamedNode(iri_for_path(request_path()))
    except ValueError:
        return plain_error(400, "Bad Request: the path holds characters no IRI may contain")
    return _bounded_body()


def _bounded_body() -> Response | None:
    """A chunked body (no Content-Length) over the limit: 413 as for a declared one. Read here, up to
    one byte past the limit, so that no view sees a body cut at the limit."""
    from server.views.common import plain_error

    if request.content_length is not None or request.method not in ("POST", "PUT", "PATCH"):
        return None
    if "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return None
    limit = request.max_content_length
    if limit is None:
        return None
    stream = request.environ["wsgi.input"]
    data = bytearray()
    while len(data) <= limit:
        block = stream.read(min(65536, limit + 1 - len(data)))
        if not block:
            break
        data += block
    if len(data) > limit:
        return plain_error(413, f"Content Too Large: the request body is larger than {limit} bytes")
    import io

    # the body, now known to be within the limit, as a fixed-length one
    request.environ["wsgi.input"] = io.BytesIO(bytes(data))
    request.environ["wsgi.input_terminated"] = True
    request.__dict__.pop("stream", None)
    return None


def get_store(app: Flask) -> Store:
    return app.extensions["juesuan.store"]
