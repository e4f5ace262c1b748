"""The list of reports, and ``/page/for?iri=...`` (the page of any IRI)."""

from __future__ import annotations

from flask import Response, request

from server.views.common import request_path
from server.views.pages.shared import (
    _ascii,
    _not_found,
    _respond,
    _wanted,
    all_reports,
    base_path,
    bp,
    page_href,
)
from server.views.pages.words import LANGS


# ------------------------------------------------------------------------------------ index
@bp.route("/page/", methods=["GET", "HEAD"])
@bp.route("/page/index.<ext>", methods=["GET", "HEAD"])
def index(ext: str | None = None):
    _, media = _wanted(request_path())
    model = {"kind": "index", "reports": all_reports()}

    def rows(m):
        yield ["report", "organisation", "region", "year", "phase"]
        for r in m["reports"]:
            yield [r["iri"], r["org_label"], r["region"], r["year"], r["phase"]]

    return _respond(base_path() + "page/index", media, "pages/index.html", model, rows)


@bp.route("/page/for", methods=["GET", "HEAD"])
def page_for():
    """``/page/for?iri=...``: the page of any report, organisation, region or classification IRI (one
    link the resource pages can carry)."""
    target = page_href(request.args.get("iri", ""))
    if target is None:
        return _not_found("No page for this IRI: pages exist for reports, organisations, regions and codes")
    lang_arg = request.args.get("lang")
    suffix = f"?lang={lang_arg}" if lang_arg in LANGS else ""
    return Response("", status=303, headers={"Location": _ascii(target) + suffix})
