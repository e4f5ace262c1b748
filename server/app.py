"""Application factory: ``create_app(config)`` wires a store and one blueprint per concern.

Under gunicorn: ``gunicorn -w 2 -b 127.0.0.1:5000 'server.app:create_app()'`` (configuration from
JUESUAN_* variables or the file named by JUESUAN_CONFIG)."""

from __future__ import annotations

import logging
import os
from email.utils import formatdate

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from server.config import Config
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


def create_app(config: Config | dict | str | os.PathLike | None = None, *, store: Store | None = None) -> Flask:
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

    from server.views import catalogue, resource, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(catalogue.bp)
    from server.views import pages

    app.register_blueprint(pages.bp)
    app.register_blueprint(resource.bp)  # last: its catch-all route must not shadow the others

    @app.errorhandler(HTTPException)
    def _plain_errors(exc: HTTPException):
        """Errors raised by Flask itself (405, 413 ...) as plain text too."""
        return Response(f"{exc.code} {exc.name}: {exc.description}\n", status=exc.code, mimetype="text/plain",
                        headers=dict(exc.get_headers()) | {"Content-Type": "text/plain; charset=utf-8"})

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


def get_store(app: Flask) -> Store:
    return app.extensions["juesuan.store"]
