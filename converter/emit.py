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

from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from converter.emit_identity import emit_documents, emit_identity, locate, report_iris
from converter.model import ALL, ConceptRef, Figure, Measure, Project, Report, Span
from converter.resolve.names import line_name
from converter.uris import UriBuilder
from converter.versions import rules_version, software_version

CURRENCY_CNY = URIRef("http://publications.europa.eu/resource/authority/currency/CNY")
UNIT_PERCENT = URIRef("http://qudt.org/vocab/unit/PERCENT")
UNIT_COUNT = URIRef("http://qudt.org/vocab/unit/NUM")
UNIT_POINT = URIRef("http://qudt.org/vocab/unit/UNITLESS")

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
    """The terms of one namespace as URIRefs, each built once: rdflib's Namespace builds (and
    validates) a new URIRef on every attribute access, thousands of times per report."""

    def __init__(self, namespace: str) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        value = URIRef(self._namespace + name)
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)


@lru_cache(maxsize=64)
def terms(namespace: str) -> _Terms:
    return _Terms(namespace)


TRUE, FALSE = Literal(True), Literal(False)


@lru_cache(maxsize=65536)
def literal(text: str, lang: str | None = None) -> Literal:
    """A plain or language-tagged literal, built once per distinct value (units, wordings, labels)."""
    return Literal(text, lang=lang)


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


def bind_prefixes(graph: Graph, uris: UriBuilder) -> None:
    graph.bind("fiscal", uris.ontology_namespace)
    for scheme in ("item", "statistic", "fund", "nature", "phase"):
        graph.bind(scheme, f"{uris.base}def/{scheme}/")
    for prefix, holder in (
        ("qb", QB), ("oa", OA), ("skos", SKOS), ("org", ORG), ("prov", PROV), ("dcterms", DCTERMS),
        ("dcat", DCAT), ("sdmx-attribute", SDMX_ATTRIBUTE),
    ):  # fmt: skip
        graph.bind(prefix, holder._namespace)
    graph.bind("fn", f"{uris.base}id/function/")
    graph.bind("region", f"{uris.base}id/region/")


def decimal_literal(value: Decimal) -> Literal:
    # Literal(Decimal) keeps exactness; format without exponent so "0E+1" never appears.
    return _decimal_literal(format(value, "f"))


@lru_cache(maxsize=65536)
def _decimal_literal(text: str) -> Literal:
    return Literal(text, datatype=XSD.decimal)


class ReportEmitter:
    def __init__(self, report: Report, uris: UriBuilder, graph) -> None:
        self.report = report
        self.uris = uris
        self.g = graph  # the report's graph
        self.organisations: dict[URIRef, _TripleBuffer] = {}  # organisation IRI -> its graph
        self.f = terms(uris.ontology_namespace)
        self.report_iri, self.org_iri = report_iris(report, uris)
        self.document_iri = uris.source_document(self.report_iri)
        self._spans: set[URIRef] = set()
        self._attested: set[tuple[URIRef, str]] = set()  # (attestation node, wording)
        self._attestations: set[URIRef] = set()

    def code(self, scheme: str, code: str) -> URIRef:
        return self.uris.code(scheme, code)

    # --- provenance -----------------------------------------------------------------------------
    def span(self, span: Span) -> URIRef:
        # a report published in several files: the span is of the file it was read from
        part, start, end, page = locate(self.report, span)
        iri = self.uris.source_span(self.report_iri, start, end, part)
        if iri in self._spans:
            return iri
        self._spans.add(iri)
        g, f = self.g, self.f
        g.add((iri, RDF.type, f.SourceSpan))
        g.add((iri, OA.hasSource, self.uris.source_document(self.report_iri, part)))
        g.add((iri, f.sourceText, Literal(span.text)))
        selector = URIRef(f"{iri}#position")
        g.add((iri, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextPositionSelector))
        g.add((selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
        if page is not None:
            g.add((iri, f.page, Literal(page, datatype=XSD.positiveInteger)))
        if span.locator:
            g.add((iri, f.locator, Literal(span.locator, lang="zh")))
        return iri

    def document(self) -> None:
        emit_documents(self)

    def document_iris(self) -> list[URIRef]:
        """The report's source document(s): one per file of a publication in several."""
        if not self.report.parts:
            return [self.document_iri]
        return [self.uris.source_document(self.report_iri, n) for n in range(1, len(self.report.parts) + 1)]

    def conversion(self) -> None:
        """prov: the report was generated by converting its source document, with this software and rules."""
        g, f, report = self.g, self.f, self.report
        activity = self.uris.conversion(self.report_iri)
        ended = datetime.now(UTC)
        started = report.started_at or ended
        g.add((self.report_iri, PROV.wasGeneratedBy, activity))
        g.add((activity, RDF.type, f.Conversion))
        for document in self.document_iris():
            g.add((activity, PROV.used, document))
        g.add((activity, PROV.wasAssociatedWith, self.uris.software))
        g.add((activity, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
        g.add((activity, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
        g.add((activity, f.softwareVersion, Literal(software_version())))
        g.add((activity, f.rulesVersion, Literal(rules_version())))

    # --- concepts -------------------------------------------------------------------------------------
    def concept(self, ref: ConceptRef) -> URIRef:
        """The national concept's IRI; what the document says of it goes on the report's attestation node
        (the concept's own triples are the vocabulary's)."""
        iri = (self.uris.function_concept if ref.scheme == "function" else self.uris.economic_concept)(
            ref.code
        )
        node = self.uris.attestation(self.report_iri, ref.scheme, ref.code)
        wording = line_name(ref.wording)
        if (node, wording) in self._attested:
            return iri
        g, f = self.g, self.f
        if node not in self._attestations:
            self._attestations.add(node)
            g.add((node, RDF.type, f.Attestation))
            g.add((node, f.attestsConcept, iri))
            g.add((node, f.attestedCode, Literal(ref.code)))
            g.add((node, DCTERMS.isPartOf, self.report_iri))
            if not ref.national_label:  # the lists known here lack the code: say so, mint nothing else
                g.add((node, f.verificationStatus, self.code("verification", "provisional")))
        self._attested.add((node, wording))
        # the observed layer: this document names the code so (reconciled by `juesuan vocab observe`)
        g.add((node, f.attestedLabel, Literal(wording, lang="zh")))
        return iri

    # --- organisation and report ---------------------------------------------------------------
    def _organisation_graph(self, iri: URIRef, name: str, region: URIRef | None) -> _TripleBuffer:
        """An organisation's year-stable facts, in its own graph: the same triples from every report."""
        buffer = self.organisations.get(iri)
        if buffer is None:
            buffer = self.organisations[iri] = _TripleBuffer()
            buffer.add((iri, RDF.type, ORG.Organization))
            if name:
                buffer.add((iri, SKOS.prefLabel, Literal(name, lang="zh")))
            buffer.add((iri, RDFS.label, Literal(name or "（未识别的单位）", lang="zh")))
            if region is not None:
                buffer.add((iri, self.f.region, region))
        return buffer

    def organisation(self) -> None:
        org, g, f = self.report.organisation, self.g, self.f
        region = self.uris.region(org.region.code) if org.region else None
        own = self._organisation_graph(self.org_iri, org.name, region)
        # what this report says of it that year: a node of the report, so two years never state one triple
        profile = self.uris.organisation_profile(self.report_iri)
        g.add((self.report_iri, f.organisationProfile, profile))
        g.add((profile, RDF.type, f.OrganisationProfile))
        g.add((profile, PROV.specializationOf, self.org_iri))
        if org.span is not None:
            g.add((profile, PROV.wasDerivedFrom, self.span(org.span)))
        for alternative in org.alternative_names:  # a second name the title gives (in parentheses)
            own.add((self.org_iri, SKOS.altLabel, Literal(alternative, lang="zh")))
        region_code = org.region.code if org.region else None
        for unit in org.subordinate_units:
            sub = self.uris.organisation(region_code, unit.text)
            own.add((self.org_iri, ORG.hasSubOrganization, sub))
            self._organisation_graph(sub, unit.text, None)
            listed = self.uris.unit_profile(self.report_iri, unit.text)
            g.add((profile, f.subordinateUnit, listed))
            g.add((listed, RDF.type, f.OrganisationProfile))
            g.add((listed, PROV.specializationOf, sub))
            g.add((listed, PROV.wasDerivedFrom, self.span(unit.span)))
        for offices in org.internal_offices:
            g.add((profile, f.internalOffices, Literal(offices.text, lang="zh")))
        for duty in org.responsibilities:
            g.add((profile, f.responsibility, Literal(duty.text, lang="zh")))

    def dataset(self) -> None:
        report, g, f = self.report, self.g, self.f
        iri = self.report_iri
        title = report_title(report)
        g.add((iri, RDF.type, f.Report))
        g.add((iri, RDF.type, QB.DataSet))
        g.add((iri, QB.structure, f.dsd))
        g.add((iri, RDFS.label, Literal(title, lang="zh")))
        g.add((iri, DCTERMS.title, Literal(title, lang="zh")))
        g.add((iri, f.organisation, self.org_iri))
        g.add((iri, DCTERMS.publisher, self.org_iri))
        if report.fiscal_year is not None:
            g.add((iri, f.fiscalYear, Literal(str(report.fiscal_year), datatype=XSD.gYear)))
        if report.phase is not None:
            g.add((iri, f.budgetPhase, self.code("phase", report.phase.value)))
        if not report.parts:
            g.add((iri, f.sourceDocument, self.document_iri))
        if report.title_span is not None:
            g.add((iri, PROV.wasDerivedFrom, self.span(report.title_span)))
        if report.organisation.region:
            g.add((iri, DCTERMS.spatial, self.uris.region(report.organisation.region.code)))
        if report.published:
            g.add((iri, DCTERMS.issued, Literal(report.published.isoformat(), datatype=XSD.date)))
        for section in report.missing_sections:
            g.add((iri, f.missingSection, Literal(section.title, lang="zh")))

    # --- observations ----------------------------------------------------------------------------
    def observation(self, figure: Figure) -> URIRef:
        g, f = self.g, self.f
        iri = self.uris.observation(self.report_iri, list(figure.key()))
        g.add((iri, RDF.type, QB.Observation))
        g.add((iri, QB.dataSet, self.report_iri))
        g.add((iri, f.item, self.code("item", figure.item)))
        g.add((iri, f.statistic, self.code("statistic", figure.statistic)))
        g.add((iri, f.fundSource, self.code("fund", figure.fund)))
        g.add((iri, f.expenditureNature, self.code("nature", figure.nature)))
        g.add(
            (
                iri,
                f.functionalClassification,
                self.concept(figure.function) if figure.function else f.notClassified,
            )
        )
        g.add(
            (
                iri,
                f.economicClassification,
                self.concept(figure.economic) if figure.economic else f.notClassified,
            )
        )
        measure = f[figure.measure.value]
        g.add((iri, QB.measureType, measure))
        g.add((iri, measure, decimal_literal(figure.value)))
        shortcut = report_figure_property(figure)
        if shortcut is not None:
            g.add((self.report_iri, f[shortcut], decimal_literal(figure.value)))
        elif (by_class := class_expenditure_property(figure)) is not None:
            g.add((self.report_iri, f[by_class], iri))
            g.add((iri, f.functionClass, self.concept(figure.function)))
            g.add((iri, f.classAmount, decimal_literal(figure.value)))
        g.add((iri, SDMX_ATTRIBUTE.unitMeasure, MEASURE_UNITS[figure.measure]))
        g.add((iri, f.statedValue, literal(figure.stated_text)))
        if figure.stated_unit:
            g.add((iri, f.statedUnit, literal(figure.stated_unit)))
        g.add((iri, f.derived, TRUE if figure.derived else FALSE))
        if figure.project is not None:
            project_iri = self.uris.project(self.report_iri, figure.project)
            g.add((iri, f.project, project_iri))
        else:
            g.add((iri, f.project, f.noProject))
        if figure.stated_label:
            g.add((iri, f.statedLabel, Literal(figure.stated_label, lang="zh")))
        if figure.share_of:
            g.add((iri, f.shareOf, self.code("item", figure.share_of)))
        if figure.comparison_year:
            g.add((iri, f.comparisonYear, Literal(str(figure.comparison_year), datatype=XSD.gYear)))
        for ref in (figure.function, figure.economic):
            if ref is None:
                continue
            g.add((iri, f.classificationWording, Literal(ref.wording, lang="zh")))
            g.add((iri, f.resolutionConfidence, decimal_literal(Decimal(str(ref.confidence)))))
            for note in ref.discrepancies:
                g.add((iri, f.wordingDiscrepancy, Literal(note)))
        if figure.table:
            g.add((iri, f.sourceTable, Literal(figure.table)))
        if figure.column:
            g.add((iri, f.sourceColumn, Literal(figure.column)))
        if figure.column_inference:  # text tables: how the column was inferred
            g.add((iri, f.columnInference, f[COLUMN_INFERENCE[figure.column_inference]]))
        label = self.label(figure)
        g.add((iri, RDFS.label, literal(label, "zh")))
        if figure.derived:
            activity = URIRef(f"{iri}/derivation")
            g.add((iri, PROV.wasGeneratedBy, activity))
            g.add((activity, RDF.type, f.Derivation))
            g.add((activity, f.derivationMethod, Literal(figure.method or "")))
            for source in figure.derived_from:
                source_iri = self.uris.observation(self.report_iri, list(source.key()))
                g.add((iri, PROV.wasDerivedFrom, source_iri))
                g.add((activity, PROV.used, source_iri))
            if not figure.derived_from:  # derived from the text itself (e.g. rows counted)
                g.add((iri, PROV.wasDerivedFrom, self.span(figure.span)))
        else:
            g.add((iri, PROV.wasDerivedFrom, self.span(figure.span)))
        for number, other in enumerate(figure.other_statements, start=2):
            statement = URIRef(f"{iri}/statement/{number}")
            g.add((iri, f.alsoStatedIn, statement))
            g.add((statement, RDF.type, f.Statement))
            g.add((statement, measure, decimal_literal(other.value)))
            g.add((statement, f.statedValue, Literal(other.stated_text)))
            if other.stated_unit:
                g.add((statement, f.statedUnit, Literal(other.stated_unit)))
            if other.table:
                g.add((statement, f.sourceTable, Literal(other.table)))
            if other.column:
                g.add((statement, f.sourceColumn, Literal(other.column)))
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

    def project(self, project: Project) -> None:
        g, f = self.g, self.f
        iri = self.uris.project(self.report_iri, project.name)
        g.add((iri, RDF.type, f.Project))
        g.add((iri, RDFS.label, Literal(project.name, lang="zh")))
        g.add((iri, DCTERMS.isPartOf, self.report_iri))
        g.add((iri, PROV.wasDerivedFrom, self.span(project.span)))
        if project.overall_target:
            g.add((iri, f.overallTarget, Literal(project.overall_target, lang="zh")))
        if project.overall_result:
            g.add((iri, f.overallResult, Literal(project.overall_result, lang="zh")))
        for indicator in project.indicators:
            node = self.uris.indicator(iri, indicator.row_number)
            g.add((iri, f.indicator, node))
            g.add((node, RDF.type, f.PerformanceIndicator))
            g.add((node, f.rowNumber, Literal(indicator.row_number)))
            label = indicator.level3 or indicator.level2 or f"#{indicator.row_number}"
            g.add((node, RDFS.label, Literal(label, lang="zh")))
            for prop, text in (
                (f.level1Name, indicator.level1),
                (f.level2Name, indicator.level2),
                (f.level3Name, indicator.level3),
                (f.targetText, indicator.target_text),
                (f.actualText, indicator.actual_text),
                (f.comparator, indicator.comparator),
                (f.valueUnit, indicator.unit),
            ):
                if text:
                    g.add(
                        (
                            node,
                            prop,
                            Literal(text, lang="zh")
                            if prop in (f.level1Name, f.level2Name, f.level3Name)
                            else Literal(text),
                        )
                    )
            for prop, number in (
                (f.targetValue, indicator.target_value),
                (f.actualValue, indicator.actual_value),
                (f.weight, indicator.weight),
                (f.indicatorScore, indicator.score),
            ):
                if number is not None:
                    g.add((node, prop, decimal_literal(number)))
            g.add((node, PROV.wasDerivedFrom, self.span(indicator.span)))

    def emit(self) -> URIRef:
        self.document()
        self.organisation()
        self.dataset()
        emit_identity(self)
        for figure in self.report.figures:
            self.observation(figure)
        for project in self.report.projects:
            self.project(project)
        self.conversion()
        return self.report_iri


def report_title(report: Report) -> str:
    """ "乐山市市中区经济和信息化局2022年度部门决算"; what is unknown is said to be."""
    from converter.parse.kinds import kind_label

    name = report.organisation.name or "（未识别的单位）"
    year = f"{report.fiscal_year}年度" if report.fiscal_year is not None else "（年度未识别）"
    return f"{name}{year}{kind_label(report.kind, report.phase.value if report.phase else None)}"


def report_graphs(report: Report, uris: UriBuilder) -> tuple[URIRef, dict[URIRef, list[tuple]]]:
    """The report's IRI and the triples of each graph it contributes to: its own graph (named by the report
    IRI, first) and its organisations' graphs (named by their IRIs)."""
    buffer = _TripleBuffer()
    emitter = ReportEmitter(report, uris, buffer)
    iri = emitter.emit()
    graphs: dict[URIRef, list[tuple]] = {iri: list(dict.fromkeys(buffer))}
    for org, triples in emitter.organisations.items():
        graphs[org] = list(dict.fromkeys(triples))
    return iri, graphs


def report_graph(report: Report, uris: UriBuilder, dataset: Dataset | None = None) -> tuple[URIRef, Graph]:
    """Emit ``report`` into its own named graph of ``dataset`` (its organisations' graphs beside it, added
    to: set semantics); without a dataset, the report's graph alone."""
    iri, graphs = report_graphs(report, uris)
    out = None
    for name, triples in graphs.items():
        if dataset is None and name != iri:
            continue
        graph = dataset.graph(name) if dataset is not None else Graph(identifier=name)
        bind_prefixes(graph, uris)
        # the terms are well-formed by construction: add straight to the store, skipping Graph.add's checks
        store_add = graph.store.add
        for triple in triples:
            store_add(triple, graph, quoted=False)
        if name == iri:
            out = graph
    return iri, out


class _TripleBuffer(list):
    """What the emitter writes to: a list (appending is all it needs of a graph)."""

    def add(self, triple: tuple) -> None:
        self.append(triple)
