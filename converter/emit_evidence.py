"""A report's text evidence (``Report.evidence``) -> RDF, in the report's graph.

Each record is ``{report}/evidence/{kind}/{n}`` (kind: its class in kebab case, n counted per kind),
typed ``fiscal:{Class}``, ``dcterms:isPartOf`` the report, ``prov:wasDerivedFrom`` its span, with the
values the text rules of shapes/integrity-text.ttl read (properties of ontology/fiscal.ttl).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from converter.model import CodeValue
from converter.ntriples import iri, literal, typed

if TYPE_CHECKING:
    from converter.emit import ReportEmitter

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def emit_evidence(emitter: ReportEmitter) -> None:
    from converter.emit import DCTERMS, PROV, RDF, XSD, boolean, decimal_literal

    records = emitter.report.evidence
    if not records:
        return
    g, f, uris = emitter.g, emitter.f, emitter.uris
    counts: dict[str, int] = {}
    nodes: list[str] = []
    for record in records:
        kind = _CAMEL.sub("-", record.kind).lower()
        counts[kind] = counts.get(kind, 0) + 1
        nodes.append(iri(uris.evidence(emitter.iri_text, kind, counts[kind])))
    integer = XSD.integer
    for node, record in zip(nodes, records, strict=True):
        g.add((node, RDF.type, f[record.kind]))
        g.add((node, DCTERMS.isPartOf, emitter.report_iri))
        g.add((node, PROV.wasDerivedFrom, emitter.span(record.span)))
        for name, value in record.values:
            if isinstance(value, bool):
                term = boolean(value)
            elif isinstance(value, int):
                term = typed(value, integer)
            elif isinstance(value, Decimal):
                term = decimal_literal(value)
            elif isinstance(value, CodeValue) and value.scheme in ("function", "economic"):
                build = uris.function_concept if value.scheme == "function" else uris.economic_concept
                term = emitter.code(f"id/{value.scheme}", value.code, build)
            elif isinstance(value, CodeValue):
                term = emitter.code(value.scheme, value.code)
            else:
                term = literal(value)
            g.add((node, f[name], term))
        for name, target in record.links:
            g.add((node, f[name], nodes[target]))
