"""Model -> RDF: the only place that maps the model onto the ontology.

Every triple is stated in exactly one graph (``UriBuilder.home_graph``), so the union the server queries
never counts one twice:

* the report's named graph (graph name = the report's IRI) states only what the document states, all of
  it about IRIs under the report: the qb:DataSet and its observations, the source document and the spans
  every figure was read from, projects and indicators, the organisation as the document describes it that
  year (``{report}/organisation``: responsibilities, offices, subordinate units, the span of its name),
  the document's wording of each classification code it uses (``{report}/attestation/...``: never a copy
  of the concept's own triples), and the conversion activity (``{report}/conversion``);
* the organisation's named graph (graph name = the organisation's IRI) its year-stable facts: type,
  names, region, subordinate units; the same triples whichever report states them, written by adding;
* concepts, schemes and regions are the vocabulary's alone (ontology/vocab/), never restated here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from converter.emit_claims import emit_claims
from converter.emit_evidence import emit_evidence
from converter.emit_identity import emit_documents, emit_identity, locate, report_iris
from converter.emit_performance import emit_project
from converter.emitted import Emitted, bind_prefixes
from converter.model import ALL, ConceptRef, Figure, Measure, Report, Span
from converter.ntriples import iri, literal, plain, tagged, typed
from converter.precision import figure_half_width
from converter.resolve.code_lists import code_status
from converter.resolve.names import line_name
from converter.uris import UriBuilder
from converter.versions import rules_version, software_version

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph, URIRef

N = iri
CURRENCY_CNY = N("http://publications.europa.eu/resource/authority/currency/CNY")
UNIT_PERCENT = N("http://qudt.org/vocab/unit/PERCENT")
UNIT_COUNT = N("http://qudt.org/vocab/unit/NUM")
UNIT_POINT = N("http://qudt.org/vocab/unit/UNITLESS")

MEASURE_UNITS = {
    Measure.AMOUNT: CURRENCY_CNY,
    Measure.PERCENT: UNIT_PERCENT,
    Measure.COUNT: UNIT_COUNT,
    Measure.SCORE: UNIT_POINT,
}

# Figure.column_inference -> its concept in ontology/fiscal.ttl (fiscal:ColumnInferenceScheme)
COLUMN_INFERENCE = {
    "position": "columnByPosition",
    "blank-pattern": "columnByBlankPattern",
    "arithmetic": "columnByArithmetic",
    "unknown": "columnUnknown",
    "unknown-row": "rowUnknown",
}


# Report-level figures also stated on the report itself (item, fund, nature -> property of fiscal.ttl):
# a query across thousands of reports then reads one triple per report instead of joining each
# observation's dimensions (measured: 8 ms against 824 ms for the top 20 of 1,000 reports on disk).
# The observation stays the record, with its provenance; these are its value, nothing more.
REPORT_FIGURES: dict[tuple[str, str, str], str] = {
    ("total-income", "all", "all"): "totalIncome",
    ("total-expenditure", "all", "all"): "totalExpenditure",
    ("income", "all", "all"): "incomeOfYear",
    ("expenditure", "all", "all"): "expenditureOfYear",
    ("expenditure", "all", "basic"): "basicExpenditure",
    ("expenditure", "all", "project"): "projectExpenditure",
    ("expenditure", "general-public-budget", "all"): "generalPublicBudgetExpenditure",
    ("three-public-expenses", "appropriation", "all"): "threePublicExpenses",
    ("agency-operating-costs", "all", "all"): "agencyOperatingCosts",
    ("procurement", "all", "all"): "procurementTotal",
}


def report_figure_property(figure: Figure) -> str | None:
    """The report-level shortcut a figure also gives, if it is one of REPORT_FIGURES' figures."""
    if (
        figure.statistic != "level"
        or figure.measure is not Measure.AMOUNT
        or figure.derived
        or figure.function is not None
        or figure.economic is not None
        or figure.project is not None
        or figure.stated_label is not None
    ):
        return None
    return REPORT_FIGURES.get((figure.item, figure.fund, figure.nature))


# Expenditure on one 类 of the function classification, by fund as the two standard tables print it
# (支出决算表: all funds; 一般公共预算财政拨款支出决算表): the report links each such observation, which
# states its class and amount again, so spending by 类 across reports is read from three triples a line.
CLASS_EXPENDITURE: dict[str, str] = {
    "all": "classExpenditure",
    "general-public-budget": "classGeneralPublicBudgetExpenditure",
}


def class_expenditure_property(figure: Figure) -> str | None:
    if (
        figure.item != "expenditure"
        or figure.statistic != "level"
        or figure.measure is not Measure.AMOUNT
        or figure.derived
        or figure.nature != "all"
        or figure.function is None
        or len(figure.function.code) != 3
        or figure.economic is not None
        or figure.project is not None
        or figure.stated_label is not None
    ):
        return None
    return CLASS_EXPENDITURE.get(figure.fund)


class _Terms:
    """The terms of one namespace (their N-Triples text), each built once: thousands of uses per report."""

    def __init__(self, namespace: str) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        value = iri(self._namespace + name)
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)


@lru_cache(maxsize=64)
def terms(namespace: str) -> _Terms:
    return _Terms(namespace)


# The emitter writes each term as its N-Triples text (converter/ntriples.py): a report's N-Quads are then
# a join, which the stores and writers read with pyoxigraph; an rdflib graph is built from the same terms
# only when one is asked for (converter/emitted.py). Literals are in the lexical form rdflib gives the
# same value (tests/test_emit_paths.py compares the two).
XSD = terms("http://www.w3.org/2001/XMLSchema#")
TRUE, FALSE = typed("true", XSD.boolean), typed("false", XSD.boolean)


def zh(text: str) -> str:
    return tagged(text, "zh")


def boolean(value: bool) -> str:
    return TRUE if value else FALSE


QB = terms("http://purl.org/linked-data/cube#")
OA = terms("http://www.w3.org/ns/oa#")
SDMX_ATTRIBUTE = terms("http://purl.org/linked-data/sdmx/2009/attribute#")
RDF = terms("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = terms("http://www.w3.org/2000/01/rdf-schema#")
SKOS = terms("http://www.w3.org/2004/02/skos/core#")
PROV = terms("http://www.w3.org/ns/prov#")
DCTERMS = terms("http://purl.org/dc/terms/")
ORG = terms("http://www.w3.org/ns/org#")
DCAT = terms("http://www.w3.org/ns/dcat#")


def decimal_literal(value: Decimal) -> str:
    # exact: formatted without exponent so "0E+1" never appears (the form rdflib gives an xsd:decimal)
    return _decimal_literal(format(value, "f"))


@lru_cache(maxsize=65536)
def _decimal_literal(text: str) -> str:
    return typed(text, XSD.decimal)


class ReportEmitter:
    def __init__(self, report: Report, uris: UriBuilder, graph) -> None:
        self.report = report
        self.uris = uris
        self.g = graph  # the report's graph
        self.organisations: dict[str, _TripleBuffer] = {}  # organisation IRI -> its graph
        self.f = terms(uris.ontology_namespace)
        report_iri, org_iri = report_iris(report, uris)
        self.report_iri, self.org_iri = N(report_iri), N(org_iri)
        self.iri_text = str(report_iri)  # the IRI's text, which the IRIs under it are built from
        self.document_iri = N(uris.source_document(self.iri_text))
        self._documents: dict[int | None, str] = {None: self.document_iri}
        self._codes: dict[tuple[str, str], str] = {}
        self._spans: set[str] = set()
        self._attested: set[tuple[str, str]] = set()  # (attestation node, wording)
        self._attestations: set[str] = set()

    def code(self, scheme: str, code: str, build: Callable[[str], str] | None = None) -> str:
        """A code of one of our lists (or, with ``build``, a concept's IRI), built once per report."""
        key = (scheme, code)
        node = self._codes.get(key)
        if node is None:
            node = self._codes[key] = N((build or partial(self.uris.code, scheme))(code))
        return node

    def source_document(self, part: int | None) -> str:
        node = self._documents.get(part)
        if node is None:
            node = self._documents[part] = N(self.uris.source_document(self.iri_text, part))
        return node

    # --- provenance -----------------------------------------------------------------------------
    def span(self, span: Span) -> str:
        # a report published in several files: the span is of the file it was read from
        part, start, end, page = locate(self.report, span)
        text = self.uris.source_span(self.iri_text, start, end, part)
        iri = N(text)
        if text in self._spans:
            return iri
        self._spans.add(text)
        g, f = self.g, self.f
        g.add((iri, RDF.type, f.SourceSpan))
        g.add((iri, OA.hasSource, self.source_document(part)))
        g.add((iri, f.sourceText, plain(span.text)))
        selector = N(f"{text}#position")
        g.add((iri, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextPositionSelector))
        g.add((selector, OA.start, typed(start, XSD.nonNegativeInteger)))
        g.add((selector, OA.end, typed(end, XSD.nonNegativeInteger)))
        if page is not None:
            g.add((iri, f.page, typed(page, XSD.positiveInteger)))
        if span.locator:
            g.add((iri, f.locator, zh(span.locator)))
        return iri

    def document(self) -> None:
        emit_documents(self)

    def document_iris(self) -> list[str]:
        """The report's source document(s): one per file of a publication in several."""
        if not self.report.parts:
            return [self.document_iri]
        return [self.source_document(n) for n in range(1, len(self.report.parts) + 1)]

    def conversion(self) -> None:
        """prov: the report was generated by converting its source document, with this software and rules."""
        g, f, report = self.g, self.f, self.report
        activity = N(self.uris.conversion(self.iri_text))
        ended = datetime.now(UTC)
        started = report.started_at or ended
        g.add((self.report_iri, PROV.wasGeneratedBy, activity))
        g.add((activity, RDF.type, f.Conversion))
        for document in self.document_iris():
            g.add((activity, PROV.used, document))
        g.add((activity, PROV.wasAssociatedWith, N(self.uris.software)))
        g.add((activity, PROV.startedAtTime, typed(started.isoformat(), XSD.dateTime)))
        g.add((activity, PROV.endedAtTime, typed(ended.isoformat(), XSD.dateTime)))
        g.add((activity, f.softwareVersion, plain(software_version())))
        g.add((activity, f.rulesVersion, plain(rules_version())))

    # --- concepts -------------------------------------------------------------------------------------
    def concept(self, ref: ConceptRef) -> str:
        """The national concept's IRI; what the document says of it goes on the report's attestation node
        (the concept's own triples are the vocabulary's)."""
        concept = self.uris.function_concept if ref.scheme == "function" else self.uris.economic_concept
        iri = self.code(f"id/{ref.scheme}", ref.code, concept)
        text = self.uris.attestation(self.iri_text, ref.scheme, ref.code)
        wording = line_name(ref.wording)
        if (text, wording) in self._attested:
            return iri
        g, f = self.g, self.f
        node = N(text)
        if text not in self._attestations:
            self._attestations.add(text)
            g.add((node, RDF.type, f.Attestation))
            g.add((node, f.attestsConcept, iri))
            g.add((node, f.attestedCode, literal(ref.code)))
            g.add((node, DCTERMS.isPartOf, self.report_iri))
            status = code_status(ref.scheme, ref.code, self.report.fiscal_year)
            g.add((node, f.codeListStatus, literal(status)))
            if not ref.national_label:  # the lists known here lack the code: say so, mint nothing else
                g.add((node, f.verificationStatus, self.code("verification", "provisional")))
        self._attested.add((text, wording))
        # the observed layer: this document names the code so (reconciled by `juesuan vocab observe`)
        g.add((node, f.attestedLabel, zh(wording)))
        return iri

    # --- organisation and report ---------------------------------------------------------------
    def _organisation_graph(self, iri: str, name: str, region: str | None) -> _TripleBuffer:
        """An organisation's year-stable facts, in its own graph: the same triples from every report."""
        buffer = self.organisations.get(iri)
        if buffer is None:
            buffer = self.organisations[iri] = _TripleBuffer()
            buffer.add((iri, RDF.type, ORG.Organization))
            if name:
                buffer.add((iri, SKOS.prefLabel, zh(name)))
            buffer.add((iri, RDFS.label, zh(name or "（未识别的单位）")))
            if region is not None:
                buffer.add((iri, self.f.region, region))
        return buffer

    def organisation(self) -> None:
        org, g, f = self.report.organisation, self.g, self.f
        region = N(self.uris.region(org.region.code)) if org.region else None
        own = self._organisation_graph(self.org_iri, org.name, region)
        # what this report says of it that year: a node of the report, so two years never state one triple
        profile = N(self.uris.organisation_profile(self.iri_text))
        g.add((self.report_iri, f.organisationProfile, profile))
        g.add((profile, RDF.type, f.OrganisationProfile))
        g.add((profile, PROV.specializationOf, self.org_iri))
        if org.span is not None:
            g.add((profile, PROV.wasDerivedFrom, self.span(org.span)))
        for alternative in org.alternative_names:  # a second name the title gives (in parentheses)
            own.add((self.org_iri, SKOS.altLabel, zh(alternative)))
        region_code = org.region.code if org.region else None
        for unit in org.subordinate_units:
            sub = N(self.uris.organisation(region_code, unit.text))
            own.add((self.org_iri, ORG.hasSubOrganization, sub))
            self._organisation_graph(sub, unit.text, None)
            listed = N(self.uris.unit_profile(self.iri_text, unit.text))
            g.add((profile, f.subordinateUnit, listed))
            g.add((listed, RDF.type, f.OrganisationProfile))
            g.add((listed, PROV.specializationOf, sub))
            g.add((listed, PROV.wasDerivedFrom, self.span(unit.span)))
        for offices in org.internal_offices:
            g.add((profile, f.internalOffices, zh(offices.text)))
        for duty in org.responsibilities:
            g.add((profile, f.responsibility, zh(duty.text)))

    def dataset(self) -> None:
        report, g, f = self.report, self.g, self.f
        iri = self.report_iri
        title = report_title(report)
        g.add((iri, RDF.type, f.Report))
        g.add((iri, RDF.type, QB.DataSet))
        g.add((iri, QB.structure, f.dsd))
        g.add((iri, RDFS.label, zh(title)))
        g.add((iri, DCTERMS.title, zh(title)))
        g.add((iri, f.organisation, self.org_iri))
        g.add((iri, DCTERMS.publisher, self.org_iri))
        if report.fiscal_year is not None:
            g.add((iri, f.fiscalYear, typed(report.fiscal_year, XSD.gYear)))
        if report.phase is not None:
            g.add((iri, f.budgetPhase, self.code("phase", report.phase.value)))
        if not report.parts:
            g.add((iri, f.sourceDocument, self.document_iri))
        if report.title_span is not None:
            g.add((iri, PROV.wasDerivedFrom, self.span(report.title_span)))
        if report.organisation.region:
            g.add((iri, DCTERMS.spatial, N(self.uris.region(report.organisation.region.code))))
        if report.published:
            g.add((iri, DCTERMS.issued, typed(report.published.isoformat(), XSD.date)))
        for section in report.missing_sections:
            g.add((iri, f.missingSection, zh(section.title)))
        if report.ends_abruptly:
            g.add((iri, f.textEndsAbruptly, typed("true", XSD.boolean)))
        if report.begins_abruptly:
            g.add((iri, f.textBeginsAbruptly, typed("true", XSD.boolean)))

    # --- observations ----------------------------------------------------------------------------
    def observation(self, figure: Figure) -> str:
        g, f = self.g, self.f
        text = self.uris.observation(self.iri_text, list(figure.key()))
        iri = N(text)
        g.add((iri, RDF.type, QB.Observation))
        g.add((iri, QB.dataSet, self.report_iri))
        g.add((iri, f.item, self.code("item", figure.item)))
        g.add((iri, f.statistic, self.code("statistic", figure.statistic)))
        g.add((iri, f.fundSource, self.code("fund", figure.fund)))
        g.add((iri, f.expenditureNature, self.code("nature", figure.nature)))
        function = self.concept(figure.function) if figure.function else f.notClassified
        g.add((iri, f.functionalClassification, function))
        economic = self.concept(figure.economic) if figure.economic else f.notClassified
        g.add((iri, f.economicClassification, economic))
        measure = f[figure.measure.value]
        value = decimal_literal(figure.value)
        g.add((iri, QB.measureType, measure))
        g.add((iri, measure, value))
        shortcut = report_figure_property(figure)
        if shortcut is not None:
            g.add((self.report_iri, f[shortcut], value))
        elif (by_class := class_expenditure_property(figure)) is not None:
            g.add((self.report_iri, f[by_class], iri))
            g.add((iri, f.functionClass, function))
            g.add((iri, f.classAmount, value))
        g.add((iri, SDMX_ATTRIBUTE.unitMeasure, MEASURE_UNITS[figure.measure]))
        g.add((iri, f.statedValue, literal(figure.stated_text)))
        if figure.stated_unit:
            g.add((iri, f.statedUnit, literal(figure.stated_unit)))
        g.add((iri, f.derived, boolean(figure.derived)))
        g.add((iri, f.roundingHalfWidth, decimal_literal(figure_half_width(figure))))
        if figure.project is not None:
            g.add((iri, f.project, N(self.uris.project(self.iri_text, figure.project))))
        else:
            g.add((iri, f.project, f.noProject))
        if figure.stated_label:
            g.add((iri, f.statedLabel, zh(figure.stated_label)))
        if figure.share_of:
            g.add((iri, f.shareOf, self.code("item", figure.share_of)))
        if figure.comparison_year:
            g.add((iri, f.comparisonYear, typed(figure.comparison_year, XSD.gYear)))
        if figure.rate_base:  # the budget the words name: the completion rule compares with it only
            g.add((iri, f.rateBase, self.code("statistic", figure.rate_base)))
        for ref in (figure.function, figure.economic):
            if ref is None:
                continue
            g.add((iri, f.classificationWording, literal(ref.wording, "zh")))
            g.add((iri, f.resolutionConfidence, decimal_literal(Decimal(str(ref.confidence)))))
            for note in ref.discrepancies:
                g.add((iri, f.wordingDiscrepancy, literal(note)))
        if figure.table:
            g.add((iri, f.sourceTable, literal(figure.table)))
        if figure.column:
            g.add((iri, f.sourceColumn, literal(figure.column)))
        if figure.column_inference:  # text tables: how the column was inferred
            g.add((iri, f.columnInference, f[COLUMN_INFERENCE[figure.column_inference]]))
        if figure.context_unread:  # read before the first heading of a page that begins inside a document
            g.add((iri, f.contextUnread, boolean(True)))
        if figure.computed_from:  # a spreadsheet's formula without a stored result, computed here
            g.add((iri, f.computedFromFormula, literal(figure.computed_from)))
        g.add((iri, RDFS.label, zh(self.label(figure))))
        if figure.derived:
            activity = N(f"{text}/derivation")
            g.add((iri, PROV.wasGeneratedBy, activity))
            g.add((activity, RDF.type, f.Derivation))
            g.add((activity, f.derivationMethod, plain(figure.method or "")))
            for source in figure.derived_from:
                source_iri = N(self.uris.observation(self.iri_text, list(source.key())))
                g.add((iri, PROV.wasDerivedFrom, source_iri))
                g.add((activity, PROV.used, source_iri))
            if not figure.derived_from:  # derived from the text itself (e.g. rows counted)
                g.add((iri, PROV.wasDerivedFrom, self.span(figure.span)))
        else:
            g.add((iri, PROV.wasDerivedFrom, self.span(figure.span)))
        for number, other in enumerate(figure.other_statements, start=2):
            statement = N(f"{text}/statement/{number}")
            g.add((iri, f.alsoStatedIn, statement))
            g.add((statement, RDF.type, f.Statement))
            g.add((statement, measure, decimal_literal(other.value)))
            g.add((statement, f.statedValue, literal(other.stated_text)))
            if other.stated_unit:
                g.add((statement, f.statedUnit, literal(other.stated_unit)))
            g.add((statement, f.roundingHalfWidth, decimal_literal(figure_half_width(other))))
            if other.table:
                g.add((statement, f.sourceTable, literal(other.table)))
            if other.column:
                g.add((statement, f.sourceColumn, literal(other.column)))
            g.add((statement, PROV.wasDerivedFrom, self.span(other.span)))
        return iri

    @staticmethod
    def label(figure: Figure) -> str:
        parts = [figure.item]
        if figure.fund != ALL:
            parts.append(figure.fund)
        if figure.nature != ALL:
            parts.append(figure.nature)
        if figure.function:
            parts.append(
                f"{figure.function.code} {figure.function.national_label or figure.function.wording}"
            )
        if figure.project:
            parts.append(figure.project)
        if figure.stated_label:
            parts.append(figure.stated_label)
        parts.append(figure.statistic)
        unit = figure.stated_unit or ""
        return " / ".join(parts) + f": {figure.stated_text}{unit}"

    def emit(self) -> str:
        self.document()
        self.organisation()
        self.dataset()
        emit_identity(self)
        for figure in self.report.figures:
            self.observation(figure)
        for project in self.report.projects:
            emit_project(self, project)
        emit_evidence(self)
        emit_claims(self)
        self.conversion()
        return self.report_iri


def report_title(report: Report) -> str:
    """ "乐山市市中区经济和信息化局2022年度部门决算"; what is unknown is said to be."""
    from converter.parse.kinds import kind_label

    name = report.organisation.name or "（未识别的单位）"
    year = f"{report.fiscal_year}年度" if report.fiscal_year is not None else "（年度未识别）"
    return f"{name}{year}{kind_label(report.kind, report.phase.value if report.phase else None)}"


def emit_report(report: Report, uris: UriBuilder) -> Emitted:
    """The report's triples: its own graph (named by the report IRI) first, then its organisations' graphs
    (named by their IRIs); each triple once."""
    buffer = _TripleBuffer()
    emitter = ReportEmitter(report, uris, buffer)
    name = emitter.emit()
    graphs = {name: list(dict.fromkeys(buffer))}
    for org, triples in emitter.organisations.items():
        graphs[org] = list(dict.fromkeys(triples))
    return Emitted(graphs, uris.base)


def report_graphs(report: Report, uris: UriBuilder) -> tuple[URIRef, dict[str, list[ox.Triple]]]:
    """The report's IRI and the triples of each graph it contributes to (graph name -> pyoxigraph
    triples): its own graph first, then its organisations' graphs."""
    from rdflib import URIRef

    emitted = emit_report(report, uris)
    return URIRef(emitted.iri), emitted.graphs()


def report_graph(report: Report, uris: UriBuilder, dataset: Dataset | None = None) -> tuple[URIRef, Graph]:
    """Emit ``report`` as rdflib: into its own named graph of ``dataset`` (its organisations' graphs
    beside it, added to: set semantics); without a dataset, the report's graph alone."""
    from rdflib import URIRef

    emitted = emit_report(report, uris)
    name = URIRef(emitted.iri)
    if dataset is None:
        return name, emitted.graph()
    bind_prefixes(dataset, uris)
    emitted.add_to(dataset)
    return name, dataset.graph(name)


class _TripleBuffer(list):
    """What the emitter writes to: a list (appending is all it needs of a graph; ``add`` is ``append``
    itself, no call of a method of ours for each of the thousands of triples)."""

    add = list.append
