"""What every page shares: language, labels, the page cache, the store's answers, responses in
HTML / JSON / CSV, and the pieces two kinds of page both draw (key figures, series charts, concepts)."""

from __future__ import annotations

import csv
import io
import json
import threading
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, current_app, g, render_template, request

from server import charts
from server import queries_pages as Q
from server.conneg import negotiate
from server.views.common import config, html_or_text_error, local_href, request_path, store
from server.views.pages import csvw
from server.views.pages.words import EXT_MEDIA, KEY_FIGURES, LANGS, OFFERS, T

bp = Blueprint("pages", __name__)
CSVW_SUFFIX = ".csv-metadata.json"
CSVW_MEDIA = "application/csvm+json"
_lock = threading.Lock()


# ------------------------------------------------------------------------------------ helpers
def lang() -> str:
    return g.get("page_lang", "zh")


def tr(key: str) -> str:
    pair = T.get(key)
    if pair is None:
        return key
    return pair[1] if lang() == "en" else pair[0]


def pick_label(labels) -> str:
    """A {zh, en} label dict (or a plain string) in the page's language, Chinese when missing."""
    if labels is None:
        return ""
    if isinstance(labels, str):
        return labels
    if lang() == "en" and labels.get("en"):
        return labels["en"]
    return labels.get("zh") or labels.get("") or labels.get("en") or next(iter(labels.values()), "")


def pair(key: str) -> dict:
    zh, en = T[key]
    return {"zh": zh, "en": en}


def _cache(kind: str, key, make):
    """Per-app cache of page models, emptied when the data changes (the store's version)."""
    cache = current_app.extensions.setdefault("juesuan.pages", {"version": None, "items": {}})
    version = store().version
    if cache["version"] != version:
        with _lock:
            cache["version"], cache["items"] = version, {}
    items = cache["items"]
    full = (kind, key)
    if full not in items:
        value = make()
        with _lock:
            if len(items) > 512:
                items.clear()
            items[full] = value
    return items[full]


def _select(template: str, **values) -> list[dict[str, str]]:
    sparql = Q.build(template, config().base, **values)
    result = store().query(sparql)  # trusted internal query: no time limit, in process
    rows = json.loads(result.body)["results"]["bindings"]
    out = []
    for b in rows:
        row = {}
        for k, v in b.items():
            row[k] = v["value"]
            if v.get("xml:lang"):
                row[k + "@"] = v["xml:lang"]
        out.append(row)
    return out


def _local(iri: str | None) -> str | None:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] if iri else None


def base_path() -> str:
    return urlsplit(config().base).path or "/"


def page_href(iri: str | None) -> str | None:
    """Where the page of a report, organisation, region or classification concept is."""
    if not iri:
        return None
    base = config().base
    if not iri.startswith(base + "id/"):
        return None
    rest = iri[len(base) + 3 :]
    kind = rest.split("/", 1)[0]
    if kind in ("report", "org", "region", "function"):
        return base_path() + "page/" + rest
    return None


def figure_text(value: str | None, unit: str | None) -> str:
    """A finding's stated or computed figure as a reader reads it: yuan in 万元 with the yuan beside."""
    if value is None:
        return ""
    if unit == "元":
        return f"{wan(value)}万元（{charts.yuan_text(value)}元）"
    return f"{value}{unit or ''}"


def wan(yuan) -> str:
    return charts.wan_text(yuan)


def amount_dict(obs: dict | None) -> dict | None:
    if obs is None or obs.get("amount") is None:
        return None
    return {
        "yuan": obs["amount"],
        "wan": wan(obs["amount"]),
        "obs": obs["iri"],
        "href": local_href(obs["iri"]),
        "derived": obs.get("derived", False),
        "spans": obs.get("spans", []),
    }


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


# ------------------------------------------------------------------------------------ shared data
def code_labels() -> dict[str, dict[str, str]]:
    def make():
        out: dict[str, dict[str, str]] = {}
        for row in _select(Q.CODE_LABELS):
            out.setdefault(row["s"], {}).setdefault(row.get("label@", "").split("-")[0], row["label"])
        return out

    return _cache("code-labels", None, make)


def labels_of(iris) -> dict[str, dict[str, str]]:
    iris = sorted({i for i in iris if i})
    if not iris:
        return {}
    out: dict[str, dict[str, str]] = {}
    for row in _select(Q.LABELS_OF, iris=" ".join(Q.iri_ref(i) for i in iris)):
        out.setdefault(row["s"], {}).setdefault(row.get("label@", "").split("-")[0], row["label"])
    return out


def all_reports() -> list[dict]:
    def make():
        found: dict[str, dict] = {}
        for row in _select(Q.REPORTS):
            entry = found.setdefault(row["g"], {"iri": row["g"]})
            for k in ("title", "org", "orgLabel", "year", "phase", "spatial"):
                if k in row and k not in entry:
                    entry[k] = row[k]
        labels = labels_of(e.get("spatial") for e in found.values())
        phases = code_labels()
        out = []
        for e in found.values():
            out.append(
                {
                    "iri": e["iri"],
                    "href": page_href(e["iri"]),
                    "title": e.get("title"),
                    "org": e.get("org"),
                    "org_label": e.get("orgLabel"),
                    "org_href": page_href(e.get("org")),
                    "year": e.get("year"),
                    "phase": _local(e.get("phase")),
                    "phase_label": phases.get(e.get("phase") or "", {}),
                    "region": _local(e.get("spatial")),
                    "region_label": labels.get(e.get("spatial") or "", {}),
                    "region_href": page_href(e.get("spatial")),
                }
            )
        out.sort(key=lambda r: (r["region"] or "", r["org_label"] or "", r["year"] or ""))
        return out

    return _cache("reports", None, make)


# ------------------------------------------------------------------------------------ responses
def _wanted(path: str) -> tuple[str, str | None]:
    """(path without a format extension, media type or None when not acceptable)."""
    if path.endswith(CSVW_SUFFIX):  # the CSVW metadata of the CSV (server/views/pages/csvw.py)
        return path[: -len(CSVW_SUFFIX)], CSVW_MEDIA
    stem, dot, ext = path.rpartition(".")
    if dot and ext in EXT_MEDIA and "/" not in ext:
        return stem, EXT_MEDIA[ext]
    return path, negotiate(request.headers.get("Accept"), OFFERS, aliases={})


def _respond(path: str, media: str | None, template: str, model: dict, csv_rows) -> Response:
    if media is None:
        return Response(
            "406 Not Acceptable: this page is available as " + ", ".join(OFFERS) + "\n",
            status=406,
            mimetype="text/plain",
            headers={"Vary": "Accept"},
        )
    links = ", ".join(f'<{_ascii(path)}.{ext}>; rel="alternate"; type="{m}"' for ext, m in EXT_MEDIA.items())
    if media == "application/json":
        body = json.dumps(model, ensure_ascii=False, indent=1, default=str)
        response = Response(body, mimetype="application/json")
    elif media == "text/csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for row in csv_rows(model):
            writer.writerow(row)
        response = Response("\ufeff" + buf.getvalue(), mimetype="text/csv")
        name = path.rstrip("/").rsplit("/", 1)[-1] or "page"
        response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{_pct(name)}.csv"
        links += f', <{_ascii(path)}{CSVW_SUFFIX}>; rel="describedby"; type="{CSVW_MEDIA}"'
    elif media == CSVW_MEDIA:
        header = next(iter(csv_rows(model)))
        url = config().base + _ascii(path)[len(base_path()) :] + ".csv"
        title = (model.get("report") or {}).get("title") or pick_label(model.get("label")) or path
        meta = csvw.metadata(url, header, model.get("kind", ""), title, config().licence)
        body = json.dumps(meta, ensure_ascii=False, indent=1)
        response = Response(body, mimetype=CSVW_MEDIA)
    else:
        html = render_template(template, m=model, page_path=path, **_template_context(path))
        response = Response(html, mimetype="text/html")
    response.headers["Vary"] = "Accept, Cookie"
    response.headers["Link"] = links
    if "lang" in request.args and request.args["lang"] in LANGS:
        response.set_cookie("lang", request.args["lang"], max_age=365 * 86400, samesite="Lax")
    return response


def _template_context(path: str) -> dict:
    return {
        "t": tr,
        "L": pick_label,
        "lang": lang(),
        "wan": wan,
        "yuan": charts.yuan_text,
        "figure": figure_text,
        "chart_svg": charts.render,
        "chart_model": chart_for_render,
        "page_href": page_href,
        "local_href": local_href,
        "other_lang": "en" if lang() == "zh" else "zh",
        "q": request.args.get("q", ""),
        "json_href": path + ".json",
        "csv_href": path + ".csv",
        "base_path": base_path(),
    }


def _pct(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _ascii(text: str) -> str:
    return "".join(c if ord(c) < 0x80 else "".join(f"%{b:02X}" for b in c.encode()) for c in text)


@bp.before_app_request
def _choose_language():
    """Every HTML page of the site (pages, home, SPARQL, resource descriptions, dumps) is Chinese first,
    English with ``?lang=en`` (remembered in a cookie)."""
    wanted = request.args.get("lang") or request.cookies.get("lang") or ""
    g.page_lang = wanted if wanted in LANGS else "zh"


@bp.after_app_request
def _remember_language(response: Response) -> Response:
    if response.mimetype == "text/html":
        vary = response.headers.get("Vary", "")
        if "cookie" not in vary.lower():
            response.headers["Vary"] = f"{vary}, Cookie" if vary else "Cookie"
        if request.args.get("lang") in LANGS and "lang=" not in response.headers.get("Set-Cookie", ""):
            response.set_cookie("lang", request.args["lang"], max_age=365 * 86400, samesite="Lax")
    return response


@bp.app_context_processor
def _site_context() -> dict:
    """What the site's layout (templates/site.html) needs on every page, pages or not."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    other = "en" if lang() == "zh" else "zh"
    return {
        "t": tr,
        "L": pick_label,
        "lang": lang(),
        "other_lang": other,
        "base_path": base_path(),
        "q": request.args.get("q", "") if request.path.startswith(base_path() + "page/search") else "",
        "lang_switch_href": "?" + urlencode([*args, ("lang", other)]),
    }


def _not_found(message: str):
    return html_or_text_error(404, "Not found", message)


def _sub(path: str, marker: str) -> str:
    """What follows ``/page/{kind}/`` in the (canonical) request path."""
    i = path.find(marker)
    return path[i + len(marker) :] if i >= 0 else ""


def chart_for_render(chart: dict) -> dict:
    """A chart model with labels in the page's language (what server/charts.py draws)."""
    return {
        "id": chart["id"],
        "kind": chart["kind"],
        "derived_label": tr("derived_legend"),
        "categories": [pick_label(c) for c in chart["category_labels"]],
        "series": [
            {"name": pick_label(n), "values": v}
            for n, v in zip(chart["series_labels"], chart["series_values"], strict=True)
        ],
    }


def _concepts(iris) -> dict[str, dict]:
    iris = sorted(i for i in iris if i)
    if not iris:
        return {}
    out: dict[str, dict] = {}
    for row in _select(Q.CONCEPTS_WITH_ANCESTORS, concepts=" ".join(Q.iri_ref(i) for i in iris)):
        e = out.setdefault(row["c"], {"iri": row["c"], "code": row["notation"], "label": {}, "parent": None})
        if row.get("label"):
            e["label"].setdefault(row.get("label@", "").split("-")[0] or "zh", row["label"])
        if row.get("parent"):
            e["parent"] = row["parent"]
    for e in out.values():
        with_english(e)
    return out


# ------------------------------------------------------------------------------------ departments
def _key_figure_rows(rows: list[dict]) -> list[dict]:
    """Rows of KEY_FIGURES* -> one entry per report with its key figures."""
    base = config().base
    reports: dict[str, dict] = {}
    for row in rows:
        r = reports.setdefault(
            row["g"],
            {
                "iri": row["g"],
                "href": page_href(row["g"]),
                "org": row.get("org"),
                "org_label": row.get("orgLabel"),
                "org_href": page_href(row.get("org")),
                "year": row.get("year"),
                "phase": _local(row.get("phase")),
                "phase_label": code_labels().get(row.get("phase") or "", {}),
                "region": row.get("spatial"),
                "region_code": _local(row.get("spatial")),
                "region_href": page_href(row.get("spatial")),
                "figures": {},
            },
        )
        if row.get("item") and row.get("amount") is not None:
            for key, item, fund in KEY_FIGURES:
                if row["item"] == base + "def/item/" + item and row.get("fund") == base + "def/fund/" + fund:
                    r["figures"].setdefault(key, {"yuan": row["amount"], "wan": wan(row["amount"])})
    return sorted(reports.values(), key=lambda r: (r["org_label"] or "", r["year"] or "", r["phase"] or ""))


def _series_chart(
    cid: str,
    title: dict,
    categories: list[dict],
    reports_by_cat: list[dict | None],
    keys: list[str],
    kind: str = "bar",
) -> dict:
    series_labels = [pair(k) for k in keys]
    values = []
    for k in keys:
        vals = []
        for r in reports_by_cat:
            f = (r or {}).get("figures", {}).get(k)
            vals.append(
                None
                if f is None
                else {
                    "yuan": f["yuan"],
                    "wan": f["wan"],
                    "obs": None,
                    "href": r.get("href"),
                    "derived": False,
                }
            )
        values.append(vals)
    stated = [v for vals in values for v in vals if v]
    return {
        "id": cid,
        "kind": kind,
        "title": title,
        "unit": "万元",
        "status": "ok" if stated else "not-stated",
        "missing": [],
        "category_labels": categories,
        "series_labels": series_labels,
        "series_values": values,
        "findings": [],
    }


def _coded_page(kind: str, what: str, build, template: str, to_csv):
    """A page for a concept named by its numeric code ({base}id/{kind}/{code}), in the format asked for."""
    path, media = _wanted(request_path())
    code = path.rstrip("/").rsplit("/", 1)[-1]
    if not code.isdigit():
        return _not_found(f"Not a {what} code: {code}")
    iri = config().base + f"id/{kind}/" + code
    model = _cache(kind, iri, lambda: build(iri))
    if model is None:
        return _not_found(f"No {what} with this code is published here: {code}")
    return _respond(path, media, template, model, to_csv)


def _concept_meta(iri: str) -> dict | None:
    rows = _select(Q.CONCEPT_META, c=Q.iri_ref(iri))
    if not rows:
        return None
    meta = {"iri": iri, "code": None, "label": {}, "broader": [], "narrower": [], "matches": []}
    seen = set()
    for r in rows:
        if r.get("notation"):
            meta["code"] = r["notation"]
        if r.get("label"):
            meta["label"].setdefault(r.get("label@", "").split("-")[0] or "zh", r["label"])
        if r.get("attestedCode"):  # a code the vocabulary lacks: as the reports attest it
            meta["code"] = meta["code"] or r["attestedCode"]
            if r.get("attestedLabel"):
                meta["label"].setdefault("zh", r["attestedLabel"])
        for kind in ("broader", "narrower"):
            if r.get(kind) and (kind, r[kind]) not in seen:
                seen.add((kind, r[kind]))
                meta[kind].append(
                    {
                        "iri": r[kind],
                        "code": r.get(kind + "Notation") or _local(r[kind]),
                        "label": r.get(kind + "Label"),
                        "href": page_href(r[kind]) or local_href(r[kind]),
                    }
                )
        if r.get("match") and ("m", r["match"]) not in seen:
            seen.add(("m", r["match"]))
            meta["matches"].append(
                {
                    "kind": _local(r["matchKind"]),
                    "iri": r["match"],
                    "code": r.get("matchNotation") or _local(r["match"]),
                    "label": r.get("matchLabel"),
                    "href": local_href(r["match"]) or r["match"],
                }
            )
    _readable_match_labels(meta["matches"], rows)
    if iri.startswith(config().base + "id/function/"):
        with_english(meta)
    meta["narrower"].sort(key=lambda n: n["code"] or "")
    return meta


def _readable_match_labels(matches: list[dict], rows: list[dict]) -> None:
    """A match's label in Chinese or English, never French or Spanish (COFOG has all three)."""
    for m in matches:
        labels = {r.get("matchLabel@", "").split("-")[0]: r["matchLabel"] for r in rows
                  if r.get("match") == m["iri"] and r.get("matchLabel")}  # fmt: skip
        m["label"] = labels.get(lang()) or labels.get("zh") or labels.get("en") or labels.get("")


#: the mapping's relation whose COFOG name may stand as a 类's English name
COFOG_ENGLISH = """
SELECT ?fc ?code ?label WHERE {
  ?fc skos:closeMatch ?c . ?c skos:inScheme <%(base)sid/scheme/cofog> ; skos:notation ?code ; skos:prefLabel ?label .
  FILTER(LANGMATCHES(LANG(?label), "en"))
}
"""


def cofog_english() -> dict[str, str]:
    """Function concept -> an English name from its close COFOG match: "General public services (COFOG 01)".
    The national classification publishes no English names; this is the only source used, and a code
    without a close match keeps its Chinese name."""

    def make() -> dict[str, str]:
        out: dict[str, str] = {}
        for row in _select(COFOG_ENGLISH):
            out.setdefault(row["fc"], f"{row['label']} (COFOG {row['code']})")
        return out

    return _cache("cofog-english", None, make)


def with_english(entry: dict) -> dict:
    """Add the COFOG English name to a concept entry's ``label`` ({zh, en}) when it has none."""
    english = cofog_english().get(entry.get("iri") or "")
    if english and not (entry.get("label") or {}).get("en"):
        entry["label"] = {**(entry.get("label") or {}), "en": english}
    return entry
