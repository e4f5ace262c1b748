"""The emit of a report's identity, kind, coverage and source documents (called by converter.emit).

Kept apart from emit.py's observations: where each identity field came from is stated as a
``fiscal:IdentityStatement`` per field (its value, a ``fiscal:identitySource`` concept, whether it was
inferred and how, the span it was read from); a field no source states is named by
``fiscal:missingIdentity``. A report published in several files has one ``fiscal:SourceDocument`` per
file, and every span points to the file it was read from, with offsets into that file's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from converter.model import Report, Span
from converter.uris import UriBuilder

if TYPE_CHECKING:  # the emitter imports this module
    from converter.emit import ReportEmitter

# identity field -> the report property it identifies (the statement's fiscal:identityProperty)
IDENTITY_PROPERTIES = {
    "organisation": ("fiscal", "organisation"),
    "year": ("fiscal", "fiscalYear"),
    "phase": ("fiscal", "budgetPhase"),
    "kind": ("fiscal", "reportKind"),
    "region": ("dcterms", "spatial"),
}
MISSING_NAMES = {"organisation": "organisation", "year": "fiscalYear", "phase": "budgetPhase",
                 "kind": "reportKind", "region": "spatial"}  # fmt: skip


def report_iris(report: Report, uris: UriBuilder) -> tuple[URIRef, URIRef]:
    """(report IRI, organisation IRI): an unidentified report's carry its source's SHA-256."""
    org = report.organisation
    region_code = org.region.code if org.region else None
    phase = report.phase.value if report.phase else None
    sha = report.source_sha256
    return (
        uris.report(region_code, org.name, report.fiscal_year, phase, sha),
        uris.organisation(region_code, org.name, sha),
    )


def locate(report: Report, span: Span) -> tuple[int | None, int, int, int | None]:
    """(file number or None for a one-file report, start, end, page) of ``span`` in its own file."""
    found = report.part_of(span.start) if report.parts else None
    if found is None:
        return None, span.start, span.end, span.page
    number, part = found
    page = span.page - part.first_page + 1 if span.page is not None else None
    return number, span.start - part.start, min(span.end, part.end) - part.start, page


def emit_documents(emitter: ReportEmitter) -> None:
    report, g, f = emitter.report, emitter.g, emitter.f
    from converter.emit import DCTERMS, RDF

    files = (
        [(None, report.source, report.source_url)]
        if not report.parts
        else [(n, p.source, p.url) for n, p in enumerate(report.parts, start=1)]
    )
    for number, source, url in files:
        doc = emitter.uris.source_document(emitter.report_iri, number)
        g.add((doc, RDF.type, f.SourceDocument))
        g.add((doc, DCTERMS.title, Literal(source.file_name)))
        g.add((doc, f.sha256, Literal(source.sha256)))
        g.add((doc, DCTERMS.format, Literal(source.media_type)))
        g.add((doc, f.byteSize, Literal(source.size, datatype=XSD.nonNegativeInteger)))
        if source.encoding:
            g.add((doc, f.textEncoding, Literal(source.encoding)))
        if url:
            g.add((doc, DCTERMS.source, _url(url)))
        if number is not None:
            g.add((emitter.report_iri, f.sourceDocument, doc))


def _url(url: str) -> URIRef | Literal:
    """A source URL as an IRI when it is one, else as the text given."""
    if url.startswith(("http://", "https://")) and not any(c in url for c in ' <>"{}|\\^`'):
        return URIRef(url)
    return Literal(url)


def emit_identity(emitter: ReportEmitter) -> None:
    report, g, f, uris = emitter.report, emitter.g, emitter.f, emitter.uris
    from converter.emit import DCTERMS, PROV, RDF

    iri = emitter.report_iri
    namespaces = {"fiscal": f, "dcterms": DCTERMS}
    for name, value in report.identity.items():
        node = URIRef(f"{iri}/identity/{name}")
        prefix, local = IDENTITY_PROPERTIES[name]
        g.add((iri, f.identityStatement, node))
        g.add((node, RDF.type, f.IdentityStatement))
        g.add((node, f.identityProperty, namespaces[prefix][local]))
        g.add((node, f.identityValue, Literal(value.value)))
        g.add((node, f.identitySource, uris.identity_source(value.source.value)))
        g.add((node, f.inferred, Literal(value.inferred)))
        if value.method:
            g.add((node, f.inferenceMethod, Literal(value.method)))
        if value.span is not None and value.span.end > value.span.start:
            g.add((node, PROV.wasDerivedFrom, emitter.span(value.span)))
    for name in report.missing_identity:
        g.add((iri, f.missingIdentity, Literal(MISSING_NAMES[name])))
    if report.kind:
        g.add((iri, f.reportKind, uris.report_kind(report.kind)))
    if report.variant:
        g.add((iri, f.templateVariant, Literal(report.variant)))
    for key in report.coverage:
        g.add((iri, f.coversPart, Literal(key)))
