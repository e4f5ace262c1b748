"""What the SPARQL editor (server/static/editor/sparql-editor.js) asks this server: the prefixes it
completes (``/sparql/prefixes.json``, prefix.cc's format: ``{"fiscal": "http://.../def/fiscal#"}``),
the ontology's and the vocabularies' own, so completion needs no other site."""

from __future__ import annotations

import json

from flask import Blueprint, Response

from server.rdfout import prefixes_for
from server.views.common import config

bp = Blueprint("editor", __name__)


def editor_prefixes(base: str) -> dict[str, str]:
    return {
        **prefixes_for(base),
        "cofog": f"{base}id/cofog/",
        "scheme": f"{base}id/scheme/",
        "org": "http://www.w3.org/ns/org#",
        "spdx": "http://spdx.org/rdf/terms#",
    }


@bp.route("/sparql/prefixes.json", methods=["GET", "HEAD"])
def prefixes():
    body = json.dumps(editor_prefixes(config().base), ensure_ascii=False, indent=1, sort_keys=True)
    return Response(body, mimetype="application/json")
