"""One functional classification code: spending under it by department, region and year."""

from __future__ import annotations

from decimal import Decimal

from server import queries_pages as Q
from server.views.common import config, local_href
from server.views.pages.shared import (
    _coded_page,
    _concept_meta,
    _local,
    _select,
    bp,
    labels_of,
    page_href,
    pair,
    wan,
)


# ------------------------------------------------------------------------------------ classification
@bp.route("/page/function/<code>", methods=["GET", "HEAD"])
def function_page(code: str):
    return _coded_page("function", "classification", build_function, "pages/concept.html", function_csv)


def build_function(iri: str) -> dict | None:
    meta = _concept_meta(iri)
    if meta is None or not meta["code"]:
        return None
    rows = _select(Q.SPENDING_UNDER, c=Q.iri_ref(iri))
    region_labels = labels_of(r.get("spatial") for r in rows)
    base = config().base
    per_report: dict[str, dict] = {}
    lines = []
    for r in rows:
        fund = _local(r.get("fund")) or "all"
        lines.append(
            {
                "report": r["g"],
                "report_href": page_href(r["g"]),
                "org_label": r.get("orgLabel"),
                "year": r.get("year"),
                "code": r.get("fcNotation") or _local(r["fc"]),
                "fund": fund,
                "amount": {
                    "yuan": r["amount"],
                    "wan": wan(r["amount"]),
                    "obs": r["obs"],
                    "href": local_href(r["obs"]),
                },
            }
        )
        e = per_report.setdefault(
            r["g"],
            {
                "iri": r["g"],
                "href": page_href(r["g"]),
                "org": r.get("org"),
                "org_label": r.get("orgLabel"),
                "org_href": page_href(r.get("org")),
                "year": r.get("year"),
                "phase": _local(r.get("phase")),
                "region": r.get("spatial"),
                "region_code": _local(r.get("spatial")),
                "region_label": region_labels.get(r.get("spatial") or "", {}),
                "region_href": page_href(r.get("spatial")),
                "stated": None,
                "sum_below": Decimal(0),
                "lines": 0,
            },
        )
        code = r.get("fcNotation") or _local(r["fc"])
        if r["fc"] == iri:
            # the line of this very code (the largest fund source wins if several are stated)
            if e["stated"] is None or Decimal(r["amount"]) > Decimal(e["stated"]):
                e["stated"] = r["amount"]
        elif len(code) == len(meta["code"]) + 2 or (len(meta["code"]) == 3 and len(code) == 5):
            e["sum_below"] += Decimal(r["amount"])
        e["lines"] += 1
    entries = []
    for e in per_report.values():
        amount = Decimal(e["stated"]) if e["stated"] is not None else e["sum_below"]
        if e["stated"] is None and e["sum_below"] == 0:
            # only deeper lines (项 under a 类 with no 款 stated): add them up
            amount = sum(
                (
                    Decimal(line["amount"]["yuan"])
                    for line in lines
                    if line["report"] == e["iri"] and len(line["code"]) == 7
                ),
                Decimal(0),
            )
        e["amount"] = {"yuan": str(amount), "wan": wan(amount), "stated": e["stated"] is not None}
        del e["sum_below"], e["stated"]
        entries.append(e)
    entries.sort(key=lambda e: (-Decimal(e["amount"]["yuan"]), e["org_label"] or ""))
    by_region: dict[str, Decimal] = {}
    by_year: dict[str, Decimal] = {}
    for e in entries:
        by_region[e["region_code"] or ""] = by_region.get(e["region_code"] or "", Decimal(0)) + Decimal(
            e["amount"]["yuan"]
        )
        by_year[e["year"] or ""] = by_year.get(e["year"] or "", Decimal(0)) + Decimal(e["amount"]["yuan"])
    chart = {
        "id": "concept-spending",
        "kind": "hbar",
        "title": pair("spending_under"),
        "unit": "万元",
        "status": "ok" if entries else "not-stated",
        "missing": [],
        "category_labels": [
            {"zh": f"{e['org_label']}（{e['year']}）", "en": f"{e['org_label']} ({e['year']})"}
            for e in entries
        ],
        "series_labels": [{"zh": meta["code"], "en": meta["code"]}],
        "series_values": [
            [
                {
                    "yuan": e["amount"]["yuan"],
                    "wan": e["amount"]["wan"],
                    "href": e["href"],
                    "derived": not e["amount"]["stated"],
                }
                for e in entries
            ]
        ],
        "findings": [],
    }
    region_names = {e["region_code"]: e["region_label"] for e in entries}
    return {
        "kind": "function",
        **meta,
        "href": local_href(iri),
        "scheme": base + "id/scheme/function",
        "level": {3: "level_lei", 5: "level_kuan", 7: "level_xiang"}.get(len(meta["code"]), ""),
        "reports": entries,
        "lines": lines,
        "charts": [chart],
        "by_region": [
            {
                "region": k,
                "label": region_names.get(k, {}),
                "href": page_href(base + "id/region/" + k),
                "amount": {"yuan": str(v), "wan": wan(v)},
            }
            for k, v in sorted(by_region.items())
        ],
        "by_year": [
            {"year": k, "amount": {"yuan": str(v), "wan": wan(v)}} for k, v in sorted(by_year.items())
        ],
    }


def function_csv(m: dict):
    yield ["report", "organisation", "region", "year", "phase", "amount_yuan", "amount_wan", "stated"]
    for e in m["reports"]:
        yield [
            e["iri"],
            e["org_label"],
            e["region_code"],
            e["year"],
            e["phase"],
            e["amount"]["yuan"],
            e["amount"]["wan"],
            "true" if e["amount"]["stated"] else "false",
        ]
