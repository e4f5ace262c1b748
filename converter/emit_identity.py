"""The emit of a report's identity, kind, coverage and source documents (called by converter.emit).

Kept apart from emit.py's observations: where each identity field came from is stated as a
``fiscal:IdentityStatement`` per field (its value, a ``fiscal:identitySource`` concept, whether it was
inferred and how, the span it was read from); a field no source states is named by
``fiscal:missingIdentity``. A report published in several files has one ``fiscal:SourceDocument`` per
file, and every span points to the file it was read from, with offsets into that file's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from converter.model import Report, Span
from converter.ntriples import iri, plain
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


def report_iris(report: Report, uris: UriBuilder) -> tuple[str, str]:
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
    from converter.emit import DCTERMS, RDF, XSD, typed

    files = (
        [(None, report.source, report.source_url)]
        if not report.parts
        else [(n, p.source, p.url) for n, p in enumerate(report.parts, start=1)]
    )
    for number, source, url in files:
        doc = emitter.source_document(number)
        g.add((doc, RDF.type, f.SourceDocument))
        g.add((doc, DCTERMS.title, plain(source.file_name)))
        g.add((doc, f.sha256, plain(source.sha256)))
        g.add((doc, DCTERMS.format, plain(source.media_type)))
        g.add((doc, f.byteSize, typed(source.size, XSD.nonNegativeInteger)))
        if source.encoding:
            g.add((doc, f.textEncoding, plain(source.encoding)))
        if url:
            g.add((doc, DCTERMS.source, _url(url)))
        if number is not None:
            g.add((emitter.report_iri, f.sourceDocument, doc))


def _url(url: str) -> str:
    """A source URL as an IRI when it is one (a valid IRI: the stores refuse any other), else as the text
    given."""
    if url.startswith(("http://", "https://")) and not any(c in url for c in ' <>"{}|\\^`'):
        try:
            return iri(ox.NamedNode(url).value)
        except ValueError:  # "http://[bad", an invalid percent-encoding, a code point no IRI may hold
            pass
    return plain(url)


def emit_identity(emitter: ReportEmitter) -> None:
    report, g, f = emitter.report, emitter.g, emitter.f
    from converter.emit import DCTERMS, PROV, RDF, boolean

    report_iri = emitter.report_iri
    namespaces = {"fiscal": f, "dcterms": DCTERMS}
    for name, value in report.identity.items():
        node = f"<{emitter.iri_text}/identity/{name}>"
        prefix, local = IDENTITY_PROPERTIES[name]
        g.add((report_iri, f.identityStatement, node))
        g.add((node, RDF.type, f.IdentityStatement))
        g.add((node, f.identityProperty, namespaces[prefix][local]))
        g.add((node, f.identityValue, plain(value.value)))
        g.add((node, f.identitySource, emitter.code("identity-source", value.source.value)))
        g.add((node, f.inferred, boolean(value.inferred)))
        if value.method:
            g.add((node, f.inferenceMethod, plain(value.method)))
        if value.span is not None and value.span.end > value.span.start:
            g.add((node, PROV.wasDerivedFrom, emitter.span(value.span)))
    for name in report.missing_identity:
        g.add((report_iri, f.missingIdentity, plain(MISSING_NAMES[name])))
    if report.kind:
        g.add((report_iri, f.reportKind, emitter.code("report-kind", report.kind)))
    if report.variant:
        g.add((report_iri, f.templateVariant, plain(report.variant)))
    for key in report.coverage:
        g.add((report_iri, f.coversPart, plain(key)))
