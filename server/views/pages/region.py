"""One region: its departments compared, totals by year, the regions below it."""

from __future__ import annotations

from decimal import Decimal

from server import queries_pages as Q
from server.views.common import local_href
from server.views.pages.shared import (
    _coded_page,
    _concept_meta,
    _key_figure_rows,
    _select,
    _series_chart,
    bp,
    pair,
    wan,
)
from server.views.pages.words import KEY_FIGURES


# ------------------------------------------------------------------------------------ regions
@bp.route("/page/region/<code>", methods=["GET", "HEAD"])
def region_page(code: str):
    return _coded_page("region", "region", build_region, "pages/region.html", region_csv)


def build_region(iri: str) -> dict | None:
    meta = _concept_meta(iri)
    if meta is None:
        return None
    reports = _key_figure_rows(
        _select(Q.KEY_FIGURES, filter="", outside=Q.KEY_FIGURES_IN_REGION % {"region": Q.iri_ref(iri)})
    )
    with_data = {r["region"] for r in reports}
    for n in meta["narrower"]:
        n["has_data"] = n["iri"] in with_data
    # latest report per department (final accounts first)
    latest: dict[str, dict] = {}
    for r in sorted(
        reports,
        key=lambda r: (r["phase"] != "final", -(int(r["year"]) if (r["year"] or "").isdigit() else 0)),
    ):
        latest.setdefault(r["org"], r)
    departments = sorted(latest.values(), key=lambda r: r["org_label"] or "")
    totals: dict[str, dict] = {}
    for r in reports:
        if r["phase"] != "final":
            continue
        t = totals.setdefault(r["year"], {"year": r["year"], "reports": 0, "figures": {}})
        t["reports"] += 1
        for k, f in r["figures"].items():
            t["figures"][k] = str(Decimal(t["figures"].get(k, "0")) + Decimal(f["yuan"]))
    total_rows = [
        {
            "year": t["year"],
            "reports": t["reports"],
            "figures": {k: {"yuan": v, "wan": wan(v)} for k, v in t["figures"].items()},
        }
        for _, t in sorted(totals.items())
    ]
    chart = _series_chart(
        "region-compare",
        pair("compare"),
        [
            {"zh": f"{r['org_label']}（{r['year']}）", "en": f"{r['org_label']} ({r['year']})"}
            for r in departments
        ],
        departments,
        ["total_expenditure", "gpb_expenditure"],
        "hbar",
    )
    return {
        "kind": "region",
        **meta,
        "href": local_href(iri),
        "departments": departments,
        "reports": reports,
        "totals": total_rows,
        "charts": [chart],
    }


def region_csv(m: dict):
    keys = [k for k, _, _ in KEY_FIGURES]
    yield ["report", "organisation", "organisation_label", "region", "year", "phase"] + [
        f"{k}_yuan" for k in keys
    ]
    for r in m["reports"]:
        yield [r["iri"], r["org"], r["org_label"], r["region_code"], r["year"], r["phase"]] + [
            (r["figures"].get(k) or {}).get("yuan", "") for k in keys
        ]
