"""Which data layout a store was written in, and what to do about an earlier one.

Since layout 2 (see converter/emit.py) a report's graph states only what its document states, about IRIs
under the report; concepts and regions are the vocabulary's, an organisation's year-stable facts are in
its own graph. Stores written by the earlier layout restated in every report graph the concepts it used
(``skos:inScheme``, ``skos:prefLabel`` ...), its region and its organisation (``a org:Organization``), so
the union default graph counted those triples once per report and sums joined to a label were multiplied.

Such a store is detected when it is opened (``check_layout``: one ASK query). It is not rewritten in place:
the server refuses it with a message, and ``juesuan load`` treats its outdated reports as not loaded, so
running the load again with their documents converts them anew and replaces each report's graph
atomically (it resumes by source sha256: reports already in the current layout are skipped)."""

from __future__ import annotations

import json

from server.store.base import Store

LAYOUT_VERSION = 2
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class LayoutError(Exception):
    """The store holds reports in an earlier data layout: the message says how to reload them."""


def _outdated_pattern(base: str) -> str:
    # a concept or an organisation described inside a report's graph: only the earlier layout did that
    return (
        f"GRAPH ?g {{ {{ ?s <{SKOS}inScheme> ?scheme }} UNION {{ ?s <{RDF_TYPE}> <{ORG}Organization> }} }} "
        f'FILTER(STRSTARTS(STR(?g), "{base}id/report/"))'
    )


def _bindings(store: Store, sparql: str) -> list[dict]:
    result = store.query(sparql, None, max_rows=1 << 62)  # trusted: no time limit
    return json.loads(result.body)["results"]["bindings"]


def has_outdated_reports(store: Store, base: str) -> bool:
    result = store.query(f"ASK {{ {_outdated_pattern(base)} }}", None)
    return bool(json.loads(result.body).get("boolean"))


def outdated_reports(store: Store, base: str) -> dict[str, str | None]:
    """Report graph -> the sha256 of its source document (None when it has none), for every report graph
    written by the earlier layout."""
    if not has_outdated_reports(store, base):
        return {}
    fiscal = base + "def/fiscal#"
    rows = _bindings(
        store,
        f"SELECT DISTINCT ?g ?sha WHERE {{ {{ SELECT DISTINCT ?g WHERE {{ {_outdated_pattern(base)} }} }} "
        f"OPTIONAL {{ GRAPH ?g {{ ?g <{fiscal}sourceDocument> ?d . ?d <{fiscal}sha256> ?sha }} }} }}",
    )
    return {row["g"]["value"]: row.get("sha", {}).get("value") for row in rows}


def check_layout(store: Store, base: str) -> None:
    """Raise LayoutError when the store holds reports of an earlier layout."""
    if not has_outdated_reports(store, base):
        return
    outdated = outdated_reports(store, base)
    example = next(iter(sorted(outdated)), "")
    raise LayoutError(
        f"this store holds {len(outdated)} report graph(s) written by an earlier data layout (they restate "
        f"concepts, regions or organisations inside the report, which multiplies sums over the union; "
        f"e.g. {example}). Reload them: `juesuan load DOCUMENTS... --store STORE` converts those reports "
        f"again and replaces their graphs (reports already in layout {LAYOUT_VERSION} are skipped), or load "
        f"into an empty store."
    )
