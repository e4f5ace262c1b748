"""One department: its reports over the years."""

from __future__ import annotations

from server import queries_pages as Q
from server.views.common import iri_for_path, local_href, request_path
from server.views.pages.shared import (
    _cache,
    _key_figure_rows,
    _local,
    _not_found,
    _respond,
    _select,
    _series_chart,
    _sub,
    _wanted,
    base_path,
    bp,
    labels_of,
    page_href,
    pair,
)
from server.views.pages.words import KEY_FIGURES


@bp.route("/page/org/<path:rest>", methods=["GET", "HEAD"])
def org_page(rest: str):
    path, media = _wanted(request_path())
    id_path = base_path() + "id/org/" + _sub(path, "/page/org/")
    iri = iri_for_path(id_path)
    try:
        model = _cache("org", iri, lambda: build_org(iri))
    except ValueError as exc:
        return _not_found(str(exc))
    if model is None:
        return _not_found(f"No department with this IRI is published here: {iri}")
    return _respond(path, media, "pages/org.html", model, org_csv)


def build_org(iri: str) -> dict | None:
    meta = _select(Q.ORG_META, org=Q.iri_ref(iri))
    label = next((r["label"] for r in meta if r.get("label")), None)
    reports = _key_figure_rows(
        _select(Q.KEY_FIGURES, filter=Q.KEY_FIGURES_OF_ORG % {"org": Q.iri_ref(iri)}, outside="")
    )
    if label is None and not reports:
        return None
    region = next((r["region"] for r in meta if r.get("region")), None) or next(
        (r["region"] for r in reports if r.get("region")), None
    )
    parent = next((r for r in meta if r.get("parent")), None)
    region_labels = labels_of([region])
    finals = [r for r in reports if r["phase"] == "final"] or reports
    finals.sort(key=lambda r: r["year"] or "")
    chart = _series_chart(
        "org-series",
        pair("time_series"),
        [{"zh": f"{r['year']}年", "en": r["year"] or ""} for r in finals],
        finals,
        ["total_income", "total_expenditure", "gpb_expenditure"],
    )
    return {
        "kind": "department",
        "iri": iri,
        "href": local_href(iri),
        "label": label or _local(iri),
        "region": {
            "iri": region,
            "code": _local(region),
            "label": region_labels.get(region or "", {}),
            "href": page_href(region),
        },
        "parent": {
            "iri": parent["parent"],
            "label": parent.get("parentLabel"),
            "href": page_href(parent["parent"]),
        }
        if parent
        else None,
        "reports": reports,
        "charts": [chart],
    }


def org_csv(m: dict):
    keys = [k for k, _, _ in KEY_FIGURES]
    yield ["report", "year", "phase"] + [f"{k}_yuan" for k in keys]
    for r in m["reports"]:
        yield [r["iri"], r["year"], r["phase"]] + [(r["figures"].get(k) or {}).get("yuan", "") for k in keys]
