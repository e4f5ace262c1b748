"""Search: departments, regions and classification codes by name or code."""

from __future__ import annotations

from flask import request

from server import queries_pages as Q
from server.views.common import config, request_path
from server.views.pages.shared import (
    _cache,
    _concepts,
    _local,
    _respond,
    _select,
    _wanted,
    all_reports,
    bp,
    page_href,
)


# ------------------------------------------------------------------------------------ search
@bp.route("/page/search", methods=["GET", "HEAD"])
@bp.route("/page/search.<ext>", methods=["GET", "HEAD"])
def search_page(ext: str | None = None):
    path, media = _wanted(request_path())
    q = " ".join(request.args.get("q", "").split())[:100]
    model = (
        _cache("search", q, lambda: build_search(q))
        if q
        else {"kind": "search", "q": "", "departments": [], "regions": [], "concepts": [], "reports": []}
    )
    return _respond(path, media, "pages/search.html", model, search_csv)


def build_search(q: str) -> dict:
    base = config().base
    reports = all_reports()
    low = q.lower()
    departments: dict[str, dict] = {}
    for row in _select(Q.SEARCH_ORGS, q=Q.literal(q)):
        departments.setdefault(
            row["org"],
            {
                "iri": row["org"],
                "label": row["label"],
                "href": page_href(row["org"]),
                "region": _local(row.get("spatial")),
            },
        )
    for r in reports:  # a report title or region name also finds its department
        if r["org"] and (low in (r["title"] or "").lower() or low in pick_zh_label(r["region_label"])):
            departments.setdefault(
                r["org"],
                {"iri": r["org"], "label": r["org_label"], "href": r["org_href"], "region": r["region"]},
            )
    ancestors = _region_ancestors({r["region"] for r in reports if r["region"]})
    regions = []
    for row in _select(Q.SEARCH_CONCEPTS, scheme=Q.iri_ref(base + "id/scheme/region"), q=Q.literal(q)):
        regions.append(
            {
                "iri": row["c"],
                "code": row["notation"],
                "label": row.get("label"),
                "href": page_href(row["c"]),
                "has_data": row["notation"] in ancestors,
            }
        )
    regions.sort(key=lambda r: (not r["has_data"], len(r["code"]), r["code"]))
    concepts = [
        {"iri": row["c"], "code": row["notation"], "label": row.get("label"), "href": page_href(row["c"])}
        for row in _select(Q.SEARCH_CONCEPTS, scheme=Q.iri_ref(base + "id/scheme/function"), q=Q.literal(q))
    ]
    _with_paths(concepts)
    return {
        "kind": "search",
        "q": q,
        "departments": sorted(departments.values(), key=lambda d: d["label"] or ""),
        "regions": regions[:50],
        "concepts": concepts,
    }


def pick_zh_label(labels: dict) -> str:
    return (labels or {}).get("zh", "").lower()


def _region_ancestors(codes: set[str]) -> set[str]:
    """Region codes that have a report in them or below them (GB/T 2260: 2 + 2 + 2 digits)."""
    out = set()
    for c in codes:
        out |= {c, c[:4] + "00", c[:2] + "0000"}
    return out


def search_csv(m: dict):
    yield ["kind", "iri", "code", "label"]
    for d in m["departments"]:
        yield ["department", d["iri"], d.get("region") or "", d["label"]]
    for r in m["regions"]:
        yield ["region", r["iri"], r["code"], r["label"] or ""]
    for c in m["concepts"]:
        yield ["function", c["iri"], c["code"], c["label"] or ""]


def _with_paths(concepts: list[dict]) -> None:
    """Each code's 类 / 款 above it ("201 一般公共服务支出 › 20113 商贸事务"): 行政运行 is the name of
    dozens of 项, told apart only by where they sit."""
    info = _concepts(c["iri"] for c in concepts)
    for c in concepts:
        path = []
        parent = (info.get(c["iri"]) or {}).get("parent")
        while parent and parent in info and len(path) < 4:
            entry = info[parent]
            path.insert(0, {"code": entry["code"], "label": entry["label"], "href": page_href(parent)})
            parent = entry.get("parent")
        c["path"] = path
