"""CSVW metadata for the pages' CSV downloads (W3C "Metadata Vocabulary for Tabular Data"): each
``{page}.csv`` is described by ``{page}.csv-metadata.json`` (linked from the CSV with
``Link: <...>; rel="describedby"``): the columns, their datatypes, and the unit of every amount (元,
or 万元 for the rounded copies), so a spreadsheet user knows what each column holds."""

from __future__ import annotations

YUAN = {"datatype": "decimal", "schema:unitText": "元 (yuan, CNY)"}
WAN = {
    "datatype": {"base": "decimal", "format": {"pattern": "#,##0.00", "groupChar": ",", "decimalChar": "."}},
    "schema:unitText": "万元 (10,000 yuan), rounded to 0.01 for reading; the exact figure is the _yuan column",
}
URI = {"datatype": "anyURI"}
TEXT = {"datatype": "string"}

#: column -> (description, datatype and unit); what a name means in every CSV of the pages
COLUMNS: dict[str, tuple[str, dict]] = {
    "observation": ("The observation (qb:Observation) this row is", URI),
    "report": ("The report (a named graph and qb:DataSet)", URI),
    "iri": ("The IRI of the result", URI),
    "item": ("What the figure is (fiscal:item code, e.g. total-income)", TEXT),
    "item_label": ("The item's Chinese name", TEXT),
    "statistic": (
        "How the figure relates to the item (level, previous-year-level, increase-amount ...)",
        TEXT,
    ),
    "fund": ("Fund source code (all: not broken down)", TEXT),
    "nature": ("Expenditure nature code (basic, project ...; all: not broken down)", TEXT),
    "function_code": ("Functional classification code (支出功能分类: 类 3 digits, 款 5, 项 7)", TEXT),
    "economic_code": ("Economic classification code (支出经济分类)", TEXT),
    "project": ("The evaluated project the figure belongs to", URI),
    "amount_yuan": ("The amount, exactly, in yuan", YUAN),
    "amount_wan": ("The amount in 万元, rounded", WAN),
    "percentage": (
        "A percentage, as a number (5.25 means 5.25 %)",
        {"datatype": "decimal", "schema:unitText": "%"},
    ),
    "count": ("A count", {"datatype": "decimal"}),
    "stated_value": ("The number exactly as printed in the document", TEXT),
    "stated_unit": ("The unit printed with it (万元, 元, %)", TEXT),
    "derived": (
        "true when the document implies the figure but does not state it",
        {"datatype": {"base": "boolean", "format": "true|false"}},
    ),
    "stated": (
        "true when the document states this line; false: the sum of the lines below",
        {"datatype": {"base": "boolean", "format": "true|false"}},
    ),
    "classification_wording": ("The document's own wording of the classification line", TEXT),
    "source_text": ("The sentence or table row the figure was read from", TEXT),
    "organisation": ("The reporting organisation", URI),
    "organisation_label": ("The organisation's name", TEXT),
    "region": ("GB/T 2260 region code", TEXT),
    "year": ("Fiscal year", {"datatype": "gYear"}),
    "phase": ("final (决算) or budget (预算)", TEXT),
    "kind": ("department, region or function", TEXT),
    "code": ("Code (region or classification)", TEXT),
    "label": ("Name", TEXT),
}
#: pages whose column of that name holds a name, not an IRI
OVERRIDES: dict[str, dict[str, tuple[str, dict]]] = {
    "function": {"organisation": ("The reporting organisation's name", TEXT)},
    "index": {"organisation": ("The reporting organisation's name", TEXT)},
}
KEY_FIGURE = "A key figure of the report, exactly, in yuan"


def column(name: str, kind: str) -> dict:
    description, spec = (
        OVERRIDES.get(kind, {}).get(name)
        or COLUMNS.get(name)
        or ((KEY_FIGURE, YUAN) if name.endswith("_yuan") else (name, TEXT))
    )
    return {"name": name, "titles": name, "dc:description": description, **spec}


def metadata(csv_url: str, header: list[str], kind: str, title: str, licence: str) -> dict:
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": csv_url,
        "dc:title": title,
        "dc:license": {"@id": licence},
        "dialect": {"header": True, "encoding": "utf-8", "lineTerminators": ["\r\n"]},
        "tableSchema": {"columns": [column(name, kind) for name in header]},
    }
