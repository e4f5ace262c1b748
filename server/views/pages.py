"""Pages people would rather look at: a report with its charts, a department over the years, a region,
a classification code across departments, and search. Built on the published observations only.

URLs (each also as ``.json`` / ``.csv``, or by Accept: application/json, text/csv)::

    /page/                                      the reports
    /page/report/{region}/{name}/{year}/{phase} one report (mirrors /id/report/...)
    /page/org/{region}/{name}                   one department (mirrors /id/org/...)
    /page/region/{code}                         one region and the regions below it
    /page/function/{code}                       one functional classification code
    /page/search?q=...                          departments, regions, classification codes

Chinese first; ``?lang=en`` (remembered in a cookie) switches to English. No JavaScript: charts are
SVG drawn here (server/charts.py), drill-down is <details>. The SPARQL is in server/queries_pages.py."""

from __future__ import annotations

import csv
import io
import json
import threading
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, g, render_template, request

from server import charts
from server import queries_pages as Q
from server.conneg import negotiate
from server.rdfout import FORMATS
from server.store.base import QueryError
from server.views.common import config, html_or_text_error, iri_for_path, local_href, request_path, store

bp = Blueprint("pages", __name__)

SKOS = "http://www.w3.org/2004/02/skos/core#"
OFFERS = ["text/html", "application/json", "text/csv"]
EXT_MEDIA = {"json": "application/json", "csv": "text/csv", "html": "text/html"}
LANGS = ("zh", "en")
_lock = threading.Lock()

# ------------------------------------------------------------------------------------ words
T: dict[str, tuple[str, str]] = {
    "site": ("决算公开", "Final accounts"),
    "search": ("搜索", "Search"),
    "search_hint": ("部门、地区、科目名称或编码", "department, region, classification name or code"),
    "reports": ("决算报告", "Reports"),
    "report": ("报告", "Report"),
    "department": ("部门", "Department"),
    "region": ("地区", "Region"),
    "year": ("年度", "Year"),
    "phase": ("阶段", "Phase"),
    "issued": ("公开时间", "Published"),
    "headline": ("主要数据", "Headline figures"),
    "charts": ("图表", "Charts"),
    "unit_wan": ("万元", "10k yuan (万元)"),
    "not_stated": ("未列示", "not stated"),
    "partly_stated": ("部分未列示", "partly not stated"),
    "all_zero": ("各项均为0", "all parts are 0"),
    "derived": ("推算", "derived"),
    "data_table": ("数据表", "Data table"),
    "category": ("项目", "Category"),
    "amount": ("金额", "Amount"),
    "share": ("占比", "Share"),
    "this_year": ("本年", "This year"),
    "previous_year": ("上年", "Previous year"),
    "change": ("增减", "Change"),
    "change_pct": ("增减率", "Change %"),
    "classification": ("支出功能分类（类/款/项）", "Functional classification (class / section / item)"),
    "code": ("科目编码", "Code"),
    "national_label": ("国家科目名称", "National label"),
    "wording": ("原文表述", "Document's wording"),
    "completion": ("完成预算", "Budget completion"),
    "sum_of_parts": ("下级合计（未列示）", "sum of the lines below (not stated)"),
    "findings": ("核查发现", "Integrity findings"),
    "no_findings": ("未发现问题。", "No findings."),
    "source_sentence": ("原文", "source sentence"),
    "stated": ("原文", "stated"),
    "computed": ("计算", "computed"),
    "downloads": ("下载", "Downloads"),
    "description": ("本报告的描述", "Description of the report"),
    "graph_dump": ("全部数据（命名图）", "All data (the report's named graph)"),
    "page_data": ("本页数据", "This page's data"),
    "all_figures_csv": ("全部数据 CSV", "All figures as CSV"),
    "source_document": ("来源文件", "Source document"),
    "figures": ("全部数据", "All figures"),
    "reports_over_years": ("历年报告", "Reports over the years"),
    "time_series": ("主要数据历年变化", "Main figures over the years"),
    "departments": ("部门", "Departments"),
    "totals": ("合计", "Totals"),
    "compare": ("部门比较", "Departments compared"),
    "subregions": ("下级地区", "Regions below"),
    "broader": ("上级", "Broader"),
    "narrower": ("下级", "Narrower"),
    "spending_under": ("本科目支出", "Spending under this code"),
    "by_region": ("按地区", "By region"),
    "by_year": ("按年度", "By year"),
    "matches": ("对应 COFOG", "COFOG match"),
    "no_results": ("没有找到。", "Nothing found."),
    "results_for": ("搜索结果", "Results for"),
    "concepts": ("支出功能分类科目", "Classification codes"),
    "regions": ("地区", "Regions"),
    "has_data": ("有数据", "has data"),
    "linked_data": ("关联数据", "Linked data"),
    "total_income": ("收入总计", "Total income"),
    "total_expenditure": ("支出总计", "Total expenditure"),
    "income": ("本年收入合计", "Income this year"),
    "expenditure": ("本年支出合计", "Expenditure this year"),
    "gpb_expenditure": ("一般公共预算财政拨款支出", "General public budget expenditure"),
    "three_public": ("“三公”经费", "Three public expenses"),
    "agency_costs": ("机关运行经费", "Agency operating costs"),
    "procurement": ("政府采购", "Government procurement"),
    "fiscal_total_income": ("财政拨款收入总计", "Appropriation income total"),
    "fiscal_total_expenditure": ("财政拨款支出总计", "Appropriation expenditure total"),
    "overseas": ("因公出国（境）费", "Overseas travel"),
    "vehicles": ("公务用车购置及运行维护费", "Official vehicles"),
    "reception": ("公务接待费", "Official reception"),
    "basic": ("基本支出", "Basic expenditure"),
    "project": ("项目支出", "Project expenditure"),
    "remittance": ("上缴上级支出", "Remittance to superior"),
    "business": ("经营支出", "Business expenditure"),
    "subsidy": ("对附属单位补助支出", "Subsidies to affiliates"),
    "level_lei": ("类", "class"),
    "level_kuan": ("款", "section"),
    "level_xiang": ("项", "item"),
}

CHART_TITLES = {
    "fig1": ("图1 收、支决算总计变动情况", "Fig. 1 Total income and expenditure, this year and last"),
    "fig2": ("图2 收入决算结构", "Fig. 2 Income by fund source"),
    "fig3": ("图3 支出决算结构", "Fig. 3 Expenditure by nature"),
    "fig4": ("图4 财政拨款收、支决算总计变动情况", "Fig. 4 Appropriation income and expenditure totals"),
    "fig5": ("图5 一般公共预算财政拨款支出决算变动情况", "Fig. 5 General public budget expenditure, change"),
    "fig6": ("图6 一般公共预算财政拨款支出决算结构", "Fig. 6 General public budget expenditure by class"),
    "fig7": ("图7 “三公”经费财政拨款支出结构", "Fig. 7 Three public expenses by kind"),
}

#: headline figures: key, item, fund
HEADLINE = [
    ("total_income", "total-income", "all"),
    ("total_expenditure", "total-expenditure", "all"),
    ("income", "income", "all"),
    ("expenditure", "expenditure", "all"),
    ("gpb_expenditure", "expenditure", "general-public-budget"),
    ("three_public", "three-public-expenses", "appropriation"),
    ("agency_costs", "agency-operating-costs", "all"),
    ("procurement", "procurement", "all"),
]
KEY_FIGURES = [  # (key, item, fund) of the department / region pages
    ("total_income", "total-income", "all"),
    ("total_expenditure", "total-expenditure", "all"),
    ("gpb_expenditure", "expenditure", "general-public-budget"),
    ("three_public", "three-public-expenses", "appropriation"),
]
FUND_ORDER = [
    "general-public-budget",
    "government-fund",
    "state-capital",
    "superior-subsidy",
    "business",
    "operations",
    "affiliated-remittance",
    "other",
]
NATURES = [
    ("basic", "basic"),
    ("project", "project"),
    ("remittance-to-superior", "remittance"),
    ("business", "business"),
    ("subsidy-to-affiliates", "subsidy"),
]


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
    if not request.path.startswith(base_path() + "page"):
        return
    wanted = request.args.get("lang") or request.cookies.get("lang") or ""
    g.page_lang = wanted if wanted in LANGS else "zh"


def _not_found(message: str):
    return html_or_text_error(404, "Not found", message)


def _sub(path: str, marker: str) -> str:
    """What follows ``/page/{kind}/`` in the (canonical) request path."""
    i = path.find(marker)
    return path[i + len(marker) :] if i >= 0 else ""


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


# ------------------------------------------------------------------------------------ report
@bp.route("/page/report/<path:rest>", methods=["GET", "HEAD"])
def report_page(rest: str):
    path, media = _wanted(request_path())
    id_path = base_path() + "id/report/" + _sub(path, "/page/report/")
    iri = iri_for_path(id_path)
    if iri not in store().graphs():
        return _not_found(f"No report with this IRI is published here: {iri}")
    try:
        model = _cache("report", iri, lambda: build_report(iri, id_path))
    except (QueryError, ValueError) as exc:
        return html_or_text_error(500, "Error", str(exc))
    return _respond(path, media, "pages/report.html", model, report_csv)


def _observations(iri: str) -> dict[str, dict]:
    obs: dict[str, dict] = {}
    base = config().base
    not_classified = base + "def/fiscal#notClassified"
    no_project = base + "def/fiscal#noProject"
    for row in _select(Q.REPORT_OBSERVATIONS, g=Q.iri_ref(iri)):
        o = obs.get(row["obs"])
        if o is None:
            fc = row.get("fc")
            o = obs[row["obs"]] = {
                "iri": row["obs"],
                "item": _local(row.get("item")),
                "stat": _local(row.get("stat")),
                "fund": _local(row.get("fund")) or "all",
                "nature": _local(row.get("nature")) or "all",
                "fc": None if (not fc or fc == not_classified) else fc,
                "fc_code": None if (not fc or fc == not_classified) else _local(fc),
                "ec": None if row.get("ec") in (None, not_classified) else _local(row.get("ec")),
                "project": None if row.get("project") in (None, no_project) else row.get("project"),
                "amount": row.get("amount"),
                "percentage": row.get("pct"),
                "count": row.get("count"),
                "stated": row.get("stated"),
                "unit": row.get("unit"),
                "derived": row.get("derived") in ("true", "1"),
                "wording": row.get("wording"),
                "stated_label": row.get("statedLabel"),
                "comparison_year": row.get("comparisonYear"),
                "spans": [],
            }
        if row.get("span") and row.get("text") and not any(s["iri"] == row["span"] for s in o["spans"]):
            o["spans"].append(
                {
                    "iri": row["span"],
                    "href": local_href(row["span"]),
                    "text": row["text"],
                    "start": row.get("start"),
                    "end": row.get("end"),
                }
            )
    return obs


class Figures:
    """Look-up of a report's observations by their dimensions (not broken down by economic
    classification or project unless asked)."""

    def __init__(self, obs: dict[str, dict]):
        self.by_key: dict[tuple, dict] = {}
        for o in obs.values():
            if o["ec"] or o["project"]:
                continue
            self.by_key.setdefault((o["item"], o["stat"], o["fund"], o["nature"], o["fc_code"]), o)

    def get(self, item, stat="level", fund="all", nature="all", fc=None) -> dict | None:
        return self.by_key.get((item, stat, fund, nature, fc))


def _findings(iri: str) -> list[dict]:
    """The integrity findings of one report (validated once per data version)."""

    def make():
        try:
            from rdflib import Graph

            from converter.validate import validate_graph
        except ImportError:  # pragma: no cover - a server without the converter
            return []
        raw = io.BytesIO()
        store().dump(raw, ox.RdfFormat.N_TRIPLES, graph=iri)
        graph = Graph()
        graph.parse(data=raw.getvalue().decode("utf-8"), format="nt")
        outcome = validate_graph(graph, config().base)
        # the integrity rules only: pyoxigraph stores xsd:nonNegativeInteger / positiveInteger as
        # xsd:integer, so structural shapes run on served data report datatype artefacts
        integrity = [f for f in outcome.findings if f.source == "integrity"]
        out = []
        for n, f in enumerate(integrity, 1):
            zh, _, en = f.message.partition(" / ")
            spans, seen = [], set()
            for fig in f.figures:
                for s in fig.spans:
                    if s.iri not in seen:
                        seen.add(s.iri)
                        spans.append(
                            {
                                "iri": s.iri,
                                "href": local_href(s.iri),
                                "text": s.text,
                                "start": s.start,
                                "end": s.end,
                            }
                        )
            out.append(
                {
                    "id": f"finding-{n}",
                    "severity": f.severity,
                    "rule": f.rule,
                    "message": {"zh": zh, "en": en or zh},
                    "focus": f.focus_node,
                    "focus_href": local_href(f.focus_node),
                    "figures": [fig.iri for fig in f.figures] or [f.focus_node],
                    "stated": None if f.stated is None else str(f.stated),
                    "computed": None if f.computed is None else str(f.computed),
                    "unit": f.unit,
                    "spans": spans,
                }
            )
        return out

    return _cache("findings", iri, make)


def _attach(findings: list[dict], iris) -> list[dict]:
    iris = {i for i in iris if i}
    return [
        {"id": f["id"], "severity": f["severity"], "rule": f["rule"]}
        for f in findings
        if iris & set(f["figures"])
    ]


def _chart(
    fid: str, kind: str, categories: list[dict], series: list[tuple[dict, list]], findings, unit="万元"
) -> dict:
    values_by_series = []
    iris = []
    for _name, values in series:
        vals = [amount_dict(o) for o in values]
        values_by_series.append(vals)
        iris += [o["iri"] for o in values if o]
    stated = [v for vals in values_by_series for v in vals if v is not None]
    expected = sum(len(v) for v in values_by_series)
    status = "ok" if len(stated) == expected else ("not-stated" if not stated else "partial")
    missing = [
        pick_label(categories[i]) + (f" ({pick_label(name)})" if len(series) > 1 else "")
        for (name, _), vals in zip(series, values_by_series, strict=True)
        for i, v in enumerate(vals)
        if v is None
    ]
    if kind == "pie" and stated and all(Decimal(v["yuan"]) == 0 for v in stated):
        status = "all-zero"
    return {
        "id": fid,
        "kind": kind,
        "title": {"zh": CHART_TITLES[fid][0], "en": CHART_TITLES[fid][1]},
        "unit": unit,
        "status": status,
        "missing": missing,
        "category_labels": categories,
        "series_labels": [name for name, _ in series],
        "series_values": values_by_series,
        "findings": _attach(findings, iris),
    }


def chart_for_render(chart: dict) -> dict:
    """A chart model with labels in the page's language (what server/charts.py draws)."""
    return {
        "id": chart["id"],
        "kind": chart["kind"],
        "categories": [pick_label(c) for c in chart["category_labels"]],
        "series": [
            {"name": pick_label(n), "values": v}
            for n, v in zip(chart["series_labels"], chart["series_values"], strict=True)
        ],
    }


def build_report(iri: str, id_path: str) -> dict:
    base = config().base
    meta_rows = _select(Q.REPORT_META, g=Q.iri_ref(iri))
    meta = meta_rows[0] if meta_rows else {}
    obs = _observations(iri)
    figs = Figures(obs)
    labels = code_labels()
    findings = _findings(iri)
    region_labels = labels_of([meta.get("spatial")])
    year = meta.get("year")
    prev_year = str(int(year) - 1) if year and year.isdigit() else None
    this_name = {"zh": f"{year}年" if year else "本年", "en": year or "this year"}
    prev_name = {"zh": f"{prev_year}年" if prev_year else "上年", "en": prev_year or "previous year"}

    # headline
    headline = []
    for key, item, fund in HEADLINE:
        level = figs.get(item, "level", fund)
        if level is None:
            continue
        prev = figs.get(item, "previous-year-level", fund)
        inc = figs.get(item, "increase-amount", fund)
        dec = figs.get(item, "decrease-amount", fund)
        change = None
        if inc is not None and inc.get("amount") is not None:
            change = Decimal(inc["amount"])
        elif dec is not None and dec.get("amount") is not None:
            change = -Decimal(dec["amount"])
        pct_obs = figs.get(item, "increase-percent", fund) or figs.get(item, "decrease-percent", fund)
        pct = None
        if pct_obs is not None and pct_obs.get("percentage") is not None:
            pct = Decimal(pct_obs["percentage"])
            if pct_obs["stat"] == "decrease-percent":
                pct = -pct
        involved = [o["iri"] for o in (level, prev, inc, dec, pct_obs) if o]
        headline.append(
            {
                "key": key,
                "label": pair(key),
                "level": amount_dict(level),
                "previous": amount_dict(prev),
                "change": None if change is None else {"yuan": str(change), "wan": wan(change)},
                "change_percent": None if pct is None else str(pct),
                "findings": _attach(findings, involved),
            }
        )

    # the seven charts of the national template
    totals = [pair("total_income"), pair("total_expenditure")]
    chart_list = [
        _chart(
            "fig1",
            "bar",
            totals,
            [
                (
                    prev_name,
                    [
                        figs.get("total-income", "previous-year-level"),
                        figs.get("total-expenditure", "previous-year-level"),
                    ],
                ),
                (this_name, [figs.get("total-income"), figs.get("total-expenditure")]),
            ],
            findings,
        ),
    ]
    funds = [f for f in FUND_ORDER if figs.get("income", "level", f)]
    funds += sorted(
        {
            o["fund"]
            for o in obs.values()
            if o["item"] == "income"
            and o["stat"] == "level"
            and o["fund"] not in funds
            and o["fund"] != "all"
            and not o["fc"]
        }
    )
    chart_list.append(
        _chart(
            "fig2",
            "pie",
            [labels.get(base + "def/fund/" + f, {"zh": f}) for f in funds],
            [(this_name, [figs.get("income", "level", f) for f in funds])],
            findings,
        )
    )
    natures = [(n, k) for n, k in NATURES if figs.get("expenditure", "level", "all", n)] or NATURES[:2]
    chart_list.append(
        _chart(
            "fig3",
            "pie",
            [pair(k) for _, k in natures],
            [(this_name, [figs.get("expenditure", "level", "all", n) for n, _ in natures])],
            findings,
        )
    )
    chart_list.append(
        _chart(
            "fig4",
            "bar",
            [pair("fiscal_total_income"), pair("fiscal_total_expenditure")],
            [
                (
                    prev_name,
                    [
                        figs.get("total-income", "previous-year-level", "appropriation"),
                        figs.get("total-expenditure", "previous-year-level", "appropriation"),
                    ],
                ),
                (
                    this_name,
                    [
                        figs.get("total-income", "level", "appropriation"),
                        figs.get("total-expenditure", "level", "appropriation"),
                    ],
                ),
            ],
            findings,
        )
    )
    chart_list.append(
        _chart(
            "fig5",
            "bar",
            [pair("gpb_expenditure")],
            [
                (prev_name, [figs.get("expenditure", "previous-year-level", "general-public-budget")]),
                (this_name, [figs.get("expenditure", "level", "general-public-budget")]),
            ],
            findings,
        )
    )
    classes = sorted(
        (
            o
            for o in obs.values()
            if o["item"] == "expenditure"
            and o["stat"] == "level"
            and o["fc_code"]
            and len(o["fc_code"]) == 3
            and o["fund"] == "general-public-budget"
            and not o["ec"]
        ),
        key=lambda o: o["fc_code"],
    )
    concept_info = _concepts({o["fc"] for o in obs.values() if o["fc"]})
    chart_list.append(
        _chart(
            "fig6",
            "pie",
            [
                {"zh": f"{o['fc_code']} {pick_zh(concept_info, o['fc'])}", "en": f"{o['fc_code']}"}
                for o in classes
            ],
            [(this_name, classes)],
            findings,
        )
    )
    three = [
        ("overseas-travel", "overseas"),
        ("official-vehicles", "vehicles"),
        ("official-reception", "reception"),
    ]
    chart_list.append(
        _chart(
            "fig7",
            "pie",
            [pair(k) for _, k in three],
            [(this_name, [figs.get(i, "level", "appropriation") for i, _ in three])],
            findings,
        )
    )

    # the 类 / 款 / 项 table
    tree = _classification_tree(obs, concept_info, findings)

    # downloads
    report_path = id_path
    dump_path = base_path() + "dumps/report/" + id_path[len(base_path() + "id/report/") :]
    downloads = {
        "description": [
            {"format": ext, "media": media, "href": f"{report_path}.{ext}"}
            for media, (_, ext) in FORMATS.items()
        ],
        "graph": [
            {"format": "ttl", "href": dump_path + ".ttl"},
            {"format": "nt.gz", "href": dump_path + ".nt.gz"},
        ],
        "page": [
            {
                "format": "json",
                "href": base_path() + "page/report/" + id_path[len(base_path() + "id/report/") :] + ".json",
            },
            {
                "format": "csv",
                "href": base_path() + "page/report/" + id_path[len(base_path() + "id/report/") :] + ".csv",
            },
        ],
        "source": {
            "iri": meta.get("doc"),
            "href": local_href(meta.get("doc") or ""),
            "name": meta.get("docName"),
            "sha256": meta.get("sha256"),
            "bytes": meta.get("bytes"),
            "format": meta.get("format"),
        },
    }
    figures_list = sorted(
        obs.values(),
        key=lambda o: (
            o["item"] or "",
            o["fund"],
            o["nature"],
            o["fc_code"] or "",
            o["stat"] or "",
            o["iri"],
        ),
    )
    for o in figures_list:
        o["item_label"] = labels.get(base + "def/item/" + (o["item"] or ""), {"zh": o["item"]})
        o["stat_label"] = labels.get(base + "def/statistic/" + (o["stat"] or ""), {"zh": o["stat"]})
        o["fund_label"] = labels.get(base + "def/fund/" + o["fund"], {"zh": o["fund"]})
        o["nature_label"] = labels.get(base + "def/nature/" + o["nature"], {"zh": o["nature"]})
        o["href"] = local_href(o["iri"])
    return {
        "kind": "report",
        "report": {
            "iri": iri,
            "href": local_href(iri),
            "title": meta.get("title"),
            "organisation": {
                "iri": meta.get("org"),
                "label": meta.get("orgLabel"),
                "href": page_href(meta.get("org")),
            },
            "year": year,
            "phase": {
                "iri": meta.get("phase"),
                "code": _local(meta.get("phase")),
                "label": labels.get(meta.get("phase") or "", {}),
            },
            "region": {
                "iri": meta.get("spatial"),
                "code": _local(meta.get("spatial")),
                "label": region_labels.get(meta.get("spatial") or "", {}),
                "href": page_href(meta.get("spatial")),
            },
            "issued": meta.get("issued"),
        },
        "headline": headline,
        "charts": chart_list,
        "classification": tree,
        "findings": findings,
        "downloads": downloads,
        "figures": figures_list,
    }


def pick_zh(info: dict, iri: str) -> str:
    entry = info.get(iri) or {}
    return (entry.get("label") or {}).get("zh", "")


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
    return out


def _classification_tree(obs: dict[str, dict], info: dict[str, dict], findings) -> list[dict]:
    """类 -> 款 -> 项 nodes per fund source: stated amount, completion rate, share, wording."""
    lines: dict[tuple[str, str], dict] = {}
    for o in obs.values():
        if o["item"] != "expenditure" or not o["fc"] or o["ec"] or o["project"]:
            continue
        key = (o["fund"], o["fc"])
        line = lines.setdefault(key, {})
        line[o["stat"]] = o
    nodes: dict[tuple[str, str], dict] = {}

    def node(fund: str, concept: str) -> dict:
        key = (fund, concept)
        if key not in nodes:
            entry = info.get(concept, {"code": _local(concept), "label": {}, "parent": None})
            code = entry["code"]
            nodes[key] = {
                "code": code,
                "iri": concept,
                "href": page_href(concept),
                "label": entry["label"],
                "level": {3: "level_lei", 5: "level_kuan", 7: "level_xiang"}.get(len(code), ""),
                "fund": fund,
                "amount": None,
                "completion": None,
                "share": None,
                "wording": [],
                "children": [],
                "findings": [],
                "sum_of_children": None,
            }
            parent = entry.get("parent")
            if parent and parent in info:
                siblings = node(fund, parent)["children"]
                if nodes[key] not in siblings:
                    siblings.append(nodes[key])
        return nodes[key]

    for (fund, concept), stats in lines.items():
        n = node(fund, concept)
        if "level" in stats:
            n["amount"] = amount_dict(stats["level"])
        if "completion-rate" in stats:
            n["completion"] = stats["completion-rate"].get("percentage")
        if "share" in stats:
            n["share"] = stats["share"].get("percentage")
        for o in stats.values():
            if o.get("wording") and o["wording"] not in n["wording"]:
                n["wording"].append(o["wording"])
        n["findings"] = _attach(findings, [o["iri"] for o in stats.values()])
    roots = [
        n
        for (fund, c), n in nodes.items()
        if not info.get(c, {}).get("parent") or info.get(c, {}).get("parent") not in info
    ]

    def finish(n: dict) -> Decimal:
        total = Decimal(0)
        for child in sorted(n["children"], key=lambda c: c["code"]):
            finish(child)
        n["children"].sort(key=lambda c: c["code"])
        for child in n["children"]:
            if child["amount"] is not None:
                total += Decimal(child["amount"]["yuan"])
            elif child["sum_of_children"] is not None:
                total += Decimal(child["sum_of_children"]["yuan"])
        if n["children"]:
            n["sum_of_children"] = {"yuan": str(total), "wan": wan(total)}
        return total

    for r in roots:
        finish(r)
    roots.sort(key=lambda n: (FUND_ORDER.index(n["fund"]) if n["fund"] in FUND_ORDER else 99, n["code"]))
    # classes stated only with zero and no lines below are left out of the drill-down (the chart's
    # table lists them)
    return [r for r in roots if r["children"] or (r["amount"] and Decimal(r["amount"]["yuan"]) != 0)]


def report_csv(m: dict):
    yield [
        "observation",
        "item",
        "item_label",
        "statistic",
        "fund",
        "nature",
        "function_code",
        "economic_code",
        "project",
        "amount_yuan",
        "amount_wan",
        "percentage",
        "count",
        "stated_value",
        "stated_unit",
        "derived",
        "classification_wording",
        "source_text",
    ]
    for o in m["figures"]:
        yield [
            o["iri"],
            o["item"],
            (o.get("item_label") or {}).get("zh", ""),
            o["stat"],
            o["fund"],
            o["nature"],
            o["fc_code"] or "",
            o["ec"] or "",
            o["project"] or "",
            o["amount"] or "",
            wan(o["amount"]) if o["amount"] is not None else "",
            o["percentage"] or "",
            o["count"] or "",
            o["stated"] or "",
            o["unit"] or "",
            "true" if o["derived"] else "false",
            o["wording"] or "",
            " | ".join(s["text"] for s in o["spans"]),
        ]


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
    reports = _key_figure_rows(_select(Q.KEY_FIGURES, filter=Q.KEY_FIGURES_OF_ORG % {"org": Q.iri_ref(iri)}, outside=""))
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


# ------------------------------------------------------------------------------------ regions
@bp.route("/page/region/<code>", methods=["GET", "HEAD"])
def region_page(code: str):
    return _coded_page("region", "region", build_region, "pages/region.html", region_csv)


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
    meta["narrower"].sort(key=lambda n: n["code"] or "")
    return meta


def build_region(iri: str) -> dict | None:
    meta = _concept_meta(iri)
    if meta is None:
        return None
    reports = _key_figure_rows(_select(Q.KEY_FIGURES, filter="", outside=Q.KEY_FIGURES_IN_REGION % {"region": Q.iri_ref(iri)}))
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
