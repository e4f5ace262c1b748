"""Titles a person reads, for resource pages whose labels are codes: an observation becomes a sentence
built from its dimensions and the vocabulary's labels ("2022年 一般公共预算财政拨款支出 · 201 一般公共服务支出：
247.57万元"), never from the report graph's rdfs:label; a source span becomes "原文片段（第1页，字符 3968–4030）"
with its text. Both in the page's language."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from server.charts import wan_text, yuan_text
from server.views.common import config, store

QB = "http://purl.org/linked-data/cube#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

OBSERVATION = """
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX fiscal: <%(base)sdef/fiscal#>
SELECT ?dim ?value ?label ?notation ?year ?amount ?pct ?count WHERE {
  { %(o)s qb:dataSet ?ds . OPTIONAL { ?ds fiscal:fiscalYear ?year } }
  UNION { VALUES ?dim { fiscal:item fiscal:fundSource fiscal:expenditureNature fiscal:statistic
                        fiscal:functionalClassification fiscal:economicClassification fiscal:project }
          %(o)s ?dim ?value .
          OPTIONAL { ?value skos:prefLabel|<http://www.w3.org/2000/01/rdf-schema#label> ?label }
          OPTIONAL { ?value skos:notation ?notation } }
  UNION { %(o)s fiscal:amount ?amount } UNION { %(o)s fiscal:percentage ?pct } UNION { %(o)s fiscal:count ?count }
}
"""

SPAN = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX fiscal: <%(base)sdef/fiscal#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?text ?start ?end ?page ?docName WHERE {
  %(s)s fiscal:sourceText ?text .
  OPTIONAL { %(s)s oa:hasSelector ?sel . OPTIONAL { ?sel oa:start ?start } OPTIONAL { ?sel oa:end ?end } }
  OPTIONAL { %(s)s fiscal:page ?page }
  OPTIONAL { %(s)s oa:hasSource ?doc . ?doc dcterms:title ?docName }
} LIMIT 1
"""


def _rows(template: str, **values: str) -> list[dict[str, dict]]:
    result = store().query(template % {"base": config().base, **values})  # trusted: IRIs checked by caller
    return json.loads(result.body)["results"]["bindings"]


def _ref(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        raise ValueError(iri)
    return f"<{iri}>"


def _label(labels: dict[str, str], lang: str) -> str:
    return labels.get(lang) or labels.get("zh") or labels.get("") or labels.get("en") or ""


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def observation_title(iri: str, lang: str) -> str | None:
    """The sentence for an observation (None when the store says nothing about its dimensions)."""
    try:
        rows = _rows(OBSERVATION, o=_ref(iri))
    except ValueError:
        return None
    base = config().base
    dims: dict[str, dict] = {}
    year = amount = pct = count = None
    for b in rows:
        year = year or b.get("year", {}).get("value")
        amount = amount or b.get("amount", {}).get("value")
        pct = pct or b.get("pct", {}).get("value")
        count = count or b.get("count", {}).get("value")
        if "dim" in b:
            d = dims.setdefault(_local(b["dim"]["value"]), {"iri": b["value"]["value"], "labels": {}})
            if "notation" in b:
                d["notation"] = b["notation"]["value"]
            if "label" in b:
                d["labels"].setdefault(b["label"].get("xml:lang", "").split("-")[0], b["label"]["value"])
    if "item" not in dims:
        return None
    fc = dims.get("functionalClassification")
    if lang == "en" and fc and "en" not in fc["labels"]:
        from server.views.pages.shared import cofog_english

        if fc["iri"] in cofog_english():
            fc["labels"]["en"] = cofog_english()[fc["iri"]]

    def name(key: str) -> str:
        d = dims.get(key)
        return _label(d["labels"], lang) if d else ""

    def is_default(key: str) -> bool:
        d = dims.get(key)
        return d is None or d["iri"] in (
            base + "def/fund/all",
            base + "def/nature/all",
            base + "def/fiscal#notClassified",
            base + "def/fiscal#noProject",
            base + "def/statistic/level",
        )

    item = name("item")
    if lang == "zh":
        subject = item
        if not is_default("fundSource"):
            subject = name("fundSource") + (item[2:] if item.startswith("本年") else item)
        parts = [f"{year}年 {subject}" if year else subject]
    else:
        subject = item if is_default("fundSource") else f"{item}, {name('fundSource')}"
        parts = [f"{year} {subject}" if year else subject]
    for key in ("expenditureNature", "functionalClassification", "economicClassification", "project"):
        if not is_default(key):
            d = dims[key]
            code = d.get("notation") if key.endswith("Classification") else None
            parts.append(f"{code} {name(key)}".strip() if code else name(key) or _local(d["iri"]))
    if not is_default("statistic"):
        parts.append(name("statistic"))
    text = " · ".join(p for p in parts if p)
    value = _value_text(amount, pct, count, lang)
    return f"{text}{'：' if lang == 'zh' else ': '}{value}" if value else text


def _value_text(amount: str | None, pct: str | None, count: str | None, lang: str) -> str | None:
    try:
        if amount is not None:
            wan = wan_text(Decimal(amount))
            return f"{wan}万元" if lang == "zh" else f"{wan} 万元 ({yuan_text(amount)} yuan)"
        if pct is not None:
            return f"{plain(Decimal(pct))}%"
        if count is not None:
            return plain(Decimal(count))
    except InvalidOperation:
        return None
    return None


def plain(value: Decimal) -> str:
    """A decimal without exponent: 2.6929E+6 -> 2692900."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def span_title(iri: str, lang: str) -> tuple[str, str] | None:
    """(title, source text) of a source span, or None."""
    try:
        rows = _rows(SPAN, s=_ref(iri))
    except ValueError:
        return None
    if not rows:
        return None
    b = rows[0]
    start, end = b.get("start", {}).get("value"), b.get("end", {}).get("value")
    page, doc = b.get("page", {}).get("value"), b.get("docName", {}).get("value")
    if lang == "zh":
        where = "，".join(
            p for p in (f"第{page}页" if page else "", f"字符 {start}–{end}" if start else "") if p
        )
        title = "原文片段" + (f"（{where}）" if where else "") + (f"《{doc}》" if doc else "")
    else:
        where = ", ".join(
            p for p in (f"page {page}" if page else "", f"characters {start}–{end}" if start else "") if p
        )
        title = "Source text" + (f" ({where})" if where else "") + (f" of {doc}" if doc else "")
    return title, b["text"]["value"]
