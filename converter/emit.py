"""Model -> RDF: the only place that maps the model onto the ontology.

One report becomes one named graph (graph name = the report's IRI) holding the
qb:DataSet, its observations, the organisation, the source document, the spans every
figure was read from, and minimal descriptions of the national concepts it uses.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from converter.model import ALL, ConceptRef, Figure, Measure, Project, Report, Span
from converter.resolve.names import line_name
from converter.uris import UriBuilder

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
    def __init__(self, report: Report, uris: UriBuilder, graph: Graph) -> None:
        self.report = report
        self.uris = uris
        self.g = graph
        self.f = terms(uris.ontology_namespace)
        org = report.organisation
        region_code = org.region.code if org.region else None
        self.report_iri = uris.report(region_code, org.name, report.fiscal_year, report.phase.value)
        self.org_iri = uris.organisation(region_code, org.name)
        self.document_iri = uris.source_document(self.report_iri)
        self._spans: set[URIRef] = set()

    def code(self, scheme: str, code: str) -> URIRef:
        return self.uris.code(scheme, code)

    # --- provenance -----------------------------------------------------------------------------
    def span(self, span: Span) -> URIRef:
        iri = self.uris.source_span(self.report_iri, span.start, span.end)
        if iri in self._spans:
            return iri
        self._spans.add(iri)
        g, f = self.g, self.f
        g.add((iri, RDF.type, f.SourceSpan))
        g.add((iri, OA.hasSource, self.document_iri))
        g.add((iri, f.sourceText, Literal(span.text)))
        selector = URIRef(f"{iri}#position")
        g.add((iri, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextPositionSelector))
        g.add((selector, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((selector, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        if span.page is not None:
            g.add((iri, f.page, Literal(span.page, datatype=XSD.positiveInteger)))
        if span.locator:
            g.add((iri, f.locator, Literal(span.locator, lang="zh")))
        return iri

    def document(self) -> None:
        source, g, f = self.report.source, self.g, self.f
        doc = self.document_iri
        g.add((doc, RDF.type, f.SourceDocument))
        g.add((doc, DCTERMS.title, Literal(source.file_name)))
        g.add((doc, f.sha256, Literal(source.sha256)))
        g.add((doc, DCTERMS.format, Literal(source.media_type)))
        g.add((doc, f.byteSize, Literal(source.size, datatype=XSD.nonNegativeInteger)))
        if source.encoding:
            g.add((doc, f.textEncoding, Literal(source.encoding)))

    # --- concepts -------------------------------------------------------------------------------------
    def concept(self, ref: ConceptRef) -> URIRef:
        iri = (self.uris.function_concept if ref.scheme == "function" else self.uris.economic_concept)(
            ref.code
        )
        g, f = self.g, self.f
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, SKOS.notation, Literal(ref.code)))
        g.add((iri, SKOS.inScheme, self.uris.scheme(ref.scheme)))
        # the observed layer: this document attests the code with this wording (the named graph
        # says which document); the SKOS vocabulary reconciles such attestations with the lists
        g.add((iri, f.attestedLabel, Literal(line_name(ref.wording), lang="zh")))
        if ref.national_label:
            g.add((iri, SKOS.prefLabel, Literal(ref.national_label, lang="zh")))
        else:
            g.add((iri, SKOS.prefLabel, Literal(line_name(ref.wording), lang="zh")))
            g.add((iri, f.verificationStatus, self.code("verification", "provisional")))
            g.add(
                (
                    iri,
                    SKOS.editorialNote,
                    Literal(
                        "Provisional: seen in a published document, absent from the national code lists known here.",
                        lang="en",
                    ),
                )
            )
        return iri

    # --- organisation and report ---------------------------------------------------------------
    def organisation(self) -> None:
        org, g, f = self.report.organisation, self.g, self.f
        g.add((self.org_iri, RDF.type, ORG.Organization))
        g.add((self.org_iri, SKOS.prefLabel, Literal(org.name, lang="zh")))
        g.add((self.org_iri, RDFS.label, Literal(org.name, lang="zh")))
        g.add((self.org_iri, PROV.wasDerivedFrom, self.span(org.span)))
        if org.region:
            region = self.uris.region(org.region.code)
            g.add((self.org_iri, f.region, region))
            g.add((region, RDF.type, SKOS.Concept))
            g.add((region, SKOS.notation, Literal(org.region.code)))
            g.add((region, SKOS.prefLabel, Literal(org.region.name, lang="zh")))
            g.add((region, SKOS.inScheme, self.uris.scheme("region")))
        region_code = org.region.code if org.region else None
        for unit in org.subordinate_units:
            sub = self.uris.organisation(region_code, unit.text)
            g.add((self.org_iri, ORG.hasSubOrganization, sub))
            g.add((sub, RDF.type, ORG.Organization))
            g.add((sub, SKOS.prefLabel, Literal(unit.text, lang="zh")))
            g.add((sub, RDFS.label, Literal(unit.text, lang="zh")))
            g.add((sub, PROV.wasDerivedFrom, self.span(unit.span)))
        for offices in org.internal_offices:
            g.add((self.org_iri, f.internalOffices, Literal(offices.text, lang="zh")))
        for duty in org.responsibilities:
            g.add((self.org_iri, f.responsibility, Literal(duty.text, lang="zh")))

    def dataset(self) -> None:
        report, g, f = self.report, self.g, self.f
        iri = self.report_iri
        phase_zh = "决算" if report.phase.value == "final" else "预算"
        title = f"{report.organisation.name}{report.fiscal_year}年度部门{phase_zh}"
        g.add((iri, RDF.type, f.Report))
        g.add((iri, RDF.type, QB.DataSet))
        g.add((iri, QB.structure, f.dsd))
        g.add((iri, RDFS.label, Literal(title, lang="zh")))
        g.add((iri, DCTERMS.title, Literal(title, lang="zh")))
        g.add((iri, f.organisation, self.org_iri))
        g.add((iri, DCTERMS.publisher, self.org_iri))
        g.add((iri, f.fiscalYear, Literal(str(report.fiscal_year), datatype=XSD.gYear)))
        g.add((iri, f.budgetPhase, self.code("phase", report.phase.value)))
        g.add((iri, f.sourceDocument, self.document_iri))
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
        for figure in self.report.figures:
            self.observation(figure)
        for project in self.report.projects:
            self.project(project)
        return self.report_iri


def report_graph(report: Report, uris: UriBuilder, dataset: Dataset | None = None) -> tuple[URIRef, Graph]:
    """Emit ``report`` into its own named graph (of ``dataset`` when given)."""
    buffer = _TripleBuffer()
    iri = ReportEmitter(report, uris, buffer).emit()
    graph = dataset.graph(iri) if dataset is not None else Graph(identifier=iri)
    bind_prefixes(graph, uris)
    # the terms are well-formed by construction: add straight to the store, skipping Graph.add's checks
    store_add = graph.store.add
    for triple in dict.fromkeys(buffer):
        store_add(triple, graph, quoted=False)
    return iri, graph


class _TripleBuffer(list):
    """What the emitter writes to: a list (appending is all it needs of a graph)."""

    def add(self, triple: tuple) -> None:
        self.append(triple)
