"""The graph helpers every vocabulary builder shares: IRIs, sources, statuses, names."""

from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from converter.uris import UriBuilder, segment
from converter.vocabulary.sources import (
    CSIRO_COFOG,
    ECONOMIC_DEPT_EDITIONS,
    ECONOMIC_GOV_EDITIONS,
    FUNCTION_EDITIONS,
    UPSTREAM,
    SourceFile,
)


# ----------------------------------------------------------------------------------------------
# graph helpers
# ----------------------------------------------------------------------------------------------
class Builder:
    def __init__(self, base: str):
        self.uris = UriBuilder(base)
        self.fiscal = Namespace(self.uris.ontology_namespace)

    def graph(self) -> Graph:
        g = Graph(bind_namespaces="none")
        for prefix, ns in (
            ("rdf", RDF),
            ("rdfs", RDFS),
            ("xsd", XSD),
            ("owl", OWL),
            ("skos", SKOS),
            ("dcterms", DCTERMS),
            ("prov", PROV),
            ("fiscal", self.fiscal),
            ("scheme", f"{self.uris.base}id/scheme/"),
            ("fn", f"{self.uris.base}id/function/"),
            ("ec", f"{self.uris.base}id/economic/"),
            ("region", f"{self.uris.base}id/region/"),
            ("cofog", f"{self.uris.base}id/cofog/"),
            ("csiro", CSIRO_COFOG),
            ("verification", f"{self.uris.base}def/verification/"),
            ("regioncode", f"{self.uris.base}def/region-code/"),
        ):
            g.bind(prefix, Namespace(str(ns)))
        for edition in FUNCTION_EDITIONS + ECONOMIC_DEPT_EDITIONS + ECONOMIC_GOV_EDITIONS:
            g.bind(edition.prefix, Namespace(f"{self.uris.scheme(edition.scheme)}/"))
        return g

    def status(self, key: str) -> URIRef:
        return self.uris.code("verification", key)

    def region_status(self, key: str) -> URIRef:
        return self.uris.code("region-code", key.replace("_", "-"))

    def edition_concept(self, edition: str, code: str) -> URIRef:
        return URIRef(f"{self.uris.scheme(edition)}/{segment(code)}")

    def add_source(self, g: Graph, source: SourceFile) -> URIRef:
        node = source.iri()
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, DCTERMS.identifier, Literal(source.repo_path)))
        g.add((node, DCTERMS.title, Literal(source.name)))
        g.add((node, self.fiscal.sha256, Literal(source.sha256())))
        fmt = "text/turtle" if source.name.endswith(".ttl") else "text/csv"
        g.add((node, DCTERMS.format, Literal(fmt)))
        for url in UPSTREAM.get(source.name, ()):
            g.add((node, PROV.wasDerivedFrom, URIRef(url)))
        return node

    def add_scheme(
        self,
        g: Graph,
        name: str,
        label_zh: str,
        label_en: str,
        definition: str,
        sources: Iterable[SourceFile],
        status: str,
        first_year: int | None = None,
        last_year: int | None = None,
        upstream: Iterable[str] = (),
    ) -> URIRef:
        scheme = self.uris.scheme(name)
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal(label_zh, lang="zh")))
        g.add((scheme, SKOS.prefLabel, Literal(label_en, lang="en")))
        g.add((scheme, SKOS.definition, Literal(definition, lang="en")))
        g.add((scheme, SKOS.notation, Literal(name)))
        g.add((scheme, self.fiscal.verificationStatus, self.status(status)))
        for source in sources:
            g.add((scheme, PROV.wasDerivedFrom, self.add_source(g, source)))
        for url in upstream:
            g.add((scheme, DCTERMS.source, URIRef(url)))
        self.add_years(g, scheme, first_year, last_year)
        return scheme

    def add_years(self, g: Graph, node: URIRef, first: int | None, last: int | None) -> None:
        if first is not None:
            g.add((node, self.fiscal.firstYear, Literal(str(first), datatype=XSD.gYear)))
        if last is not None:
            g.add((node, self.fiscal.lastYear, Literal(str(last), datatype=XSD.gYear)))

    def add_concept(
        self,
        g: Graph,
        concept: URIRef,
        scheme: URIRef,
        code: str,
        label: Literal,
        parent: URIRef | None,
        source: URIRef | Iterable[URIRef],
        status: str,
    ) -> None:
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.notation, Literal(code)))
        g.add((concept, SKOS.prefLabel, label))
        g.add((concept, self.fiscal.verificationStatus, self.status(status)))
        for src in [source] if isinstance(source, URIRef) else source:
            g.add((concept, DCTERMS.source, src))
        if parent is None:
            g.add((concept, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, concept))
        else:
            g.add((concept, SKOS.broader, parent))
            g.add((parent, SKOS.narrower, concept))


def normalise_name(name: str, level: str) -> str:
    name = "".join(name.split()).replace("(", "（").replace(")", "）")
    if level == "1":
        for suffix in ("支出", "事务"):
            name = name.removesuffix(suffix)
    return name


def check_tree(rows: dict[str, dict[str, str]], what: str) -> None:
    for code, row in rows.items():
        parent = row.get("parent_code", "")
        if parent and parent not in rows:
            raise ValueError(f"{what}: parent {parent} of {code} is not in the list")
