"""UN COFOG 1999 (linked to the CSIRO SKOS edition) and the hand-written 支出功能分类 -> COFOG mapping."""

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from converter.vocabulary.builder import Builder
from converter.vocabulary.sources import COFOG_CSV, COFOG_TTL, MAPPING, UPSTREAM, code_key


def build_cofog(b: Builder) -> Graph:
    g = b.graph()
    scheme = b.add_scheme(
        g,
        "cofog",
        "政府职能分类（COFOG 1999）",
        "Classification of the Functions of Government (COFOG 1999)",
        "UN COFOG 1999: 10 divisions, 69 groups, 109 classes. Each concept is skos:exactMatch the concept "
        "of the CSIRO SKOS edition (http://linked.data.gov.au/def/cofog).",
        [COFOG_CSV, COFOG_TTL],
        "official",
        upstream=UPSTREAM[COFOG_CSV.name],
    )
    g.add((scheme, SKOS.exactMatch, URIRef("http://linked.data.gov.au/def/cofog")))
    csiro = Graph().parse(COFOG_TTL.path, format="turtle")
    by_notation = {str(n): s for s, n in csiro.subject_objects(SKOS.notation) if isinstance(s, URIRef)}
    rows = {r["code"]: r for r in COFOG_CSV.rows()}
    source = COFOG_CSV.iri()
    for code in sorted(rows, key=code_key):
        row = rows[code]
        concept = b.uris.cofog(code)
        parent = row["parent"]
        b.add_concept(
            g,
            concept,
            scheme,
            code,
            Literal(row["label_en"], lang="en"),
            b.uris.cofog(parent) if parent else None,
            source,
            "official",
        )
        for lang in ("fr", "es"):
            g.add((concept, SKOS.prefLabel, Literal(row[f"label_{lang}"], lang=lang)))
        if code not in by_notation:
            raise ValueError(f"COFOG {code} missing from {COFOG_TTL.name}")
        g.add((concept, SKOS.exactMatch, by_notation[code]))
    return g


def read_mapping() -> list[dict[str, str]]:
    return sorted(MAPPING.rows(), key=lambda r: (code_key(r["function_code"]), code_key(r["cofog_code"])))


def build_mapping(b: Builder, function_graph: Graph, cofog_graph: Graph) -> Graph:
    g = b.graph()
    node = b.add_source(g, MAPPING)
    g.add(
        (
            node,
            DCTERMS.description,
            Literal(
                "Hand-written mapping of 支出功能分类 to COFOG 1999 with a rationale per row.", lang="en"
            ),
        )
    )
    relations = {
        "closeMatch": SKOS.closeMatch,
        "broadMatch": SKOS.broadMatch,
        "narrowMatch": SKOS.narrowMatch,
    }
    for row in read_mapping():
        fn = b.uris.function_concept(row["function_code"])
        cofog = b.uris.cofog(row["cofog_code"])
        if (fn, RDF.type, SKOS.Concept) not in function_graph:
            raise ValueError(f"mapping: unknown function code {row['function_code']}")
        if (cofog, RDF.type, SKOS.Concept) not in cofog_graph:
            raise ValueError(f"mapping: unknown COFOG code {row['cofog_code']}")
        if not row["rationale"]:
            raise ValueError(f"mapping: no rationale for {row['function_code']} -> {row['cofog_code']}")
        g.add((fn, relations[row["relation"]], cofog))
        g.add(
            (
                fn,
                SKOS.editorialNote,
                Literal(f"COFOG {row['cofog_code']} ({row['relation']}): {row['rationale']}", lang="en"),
            )
        )
        g.add((fn, DCTERMS.source, node))
    return g
