"""One report: headline figures, the template's seven charts, the 类/款/项 drill-down, findings, downloads."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pyoxigraph as ox

from converter.validate.findings import number
from server import queries_pages as Q
from server.rdfout import FORMATS
from server.store.base import QueryError
from server.views.common import config, html_or_text_error, iri_for_path, local_href, request_path, store
from server.views.pages.shared import (
    _cache,
    _concepts,
    _local,
    _not_found,
    _respond,
    _select,
    _sub,
    _wanted,
    amount_dict,
    base_path,
    bp,
    code_labels,
    labels_of,
    page_href,
    pair,
    pick_label,
    wan,
)
from server.views.pages.words import CHART_TITLES, FUND_ORDER, HEADLINE, NATURES


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
            zh, en = _bilingual(f.message)
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
                    # plain decimals, never "2.6929E+6" (str() of a normalised Decimal)
                    "stated": number(f.stated),
                    "computed": number(f.computed),
                    "unit": f.unit,
                    "spans": spans,
                }
            )
        return out

    return _cache("findings", iri, make)


def _bilingual(message: str) -> tuple[str, str]:
    """ "中文 / English": split at the first " / " that English follows (the Chinese part may hold " / ")."""
    match = re.search(r" / (?=[A-Za-z])", message)
    if match is None:
        return message, ""
    return message[: match.start()], message[match.end() :]


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


def build_report(iri: str, id_path: str) -> dict:
    meta_rows = _select(Q.REPORT_META, g=Q.iri_ref(iri))
    meta = meta_rows[0] if meta_rows else {}
    obs = _observations(iri)
    figs = Figures(obs)
    labels = code_labels()
    findings = _findings(iri)
    region_labels = labels_of([meta.get("spatial")])
    year = meta.get("year")
    headline = _headline(figs, findings)
    concept_info = _concepts({o["fc"] for o in obs.values() if o["fc"]})
    chart_list = _template_charts(obs, figs, labels, concept_info, findings, year)
    # the 类 / 款 / 项 table
    tree = _classification_tree(obs, concept_info, findings)
    downloads = _downloads(meta, id_path)
    figures_list = _figures_list(obs, labels)
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


def _headline(figs: Figures, findings: list[dict]) -> list[dict]:
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

    return headline


def _template_charts(
    obs: dict[str, dict], figs: Figures, labels: dict, concept_info: dict, findings, year
) -> list[dict]:
    """The seven charts of the national template (图1-图7)."""
    base = config().base
    prev_year = str(int(year) - 1) if year and year.isdigit() else None
    this_name = {"zh": f"{year}年" if year else "本年", "en": year or "this year"}
    prev_name = {"zh": f"{prev_year}年" if prev_year else "上年", "en": prev_year or "previous year"}
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
    chart_list.append(
        _chart(
            "fig6",
            "pie",
            [
                {
                    "zh": f"{o['fc_code']} {pick_zh(concept_info, o['fc'])}",
                    "en": f"{o['fc_code']} {_english(concept_info, o['fc'])}",
                }
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

    return chart_list


def _downloads(meta: dict, id_path: str) -> dict:
    report_path = id_path
    dump_path = base_path() + "dumps/report/" + id_path[len(base_path() + "id/report/") :]
    return {
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


def _figures_list(obs: dict[str, dict], labels: dict) -> list[dict]:
    base = config().base
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
    return figures_list


def _english(info: dict, iri: str) -> str:
    """The concept's English name (COFOG's, see shared.cofog_english), else its Chinese one."""
    labels = (info.get(iri) or {}).get("label") or {}
    return labels.get("en") or labels.get("zh", "")


def pick_zh(info: dict, iri: str) -> str:
    entry = info.get(iri) or {}
    return (entry.get("label") or {}).get("zh", "")


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
