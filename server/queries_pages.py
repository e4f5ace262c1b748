"""The SPARQL the human-readable pages (server/views/pages.py) run, in one place.

Each query is a template filled by ``build(name, base, **iris)``: ``%(base)s`` is the server's base,
other placeholders are IRIs checked by ``iri_ref`` (nothing a client sends reaches a query unchecked)
or string literals escaped by ``literal``. The queries run as trusted internal queries against the
union of the named graphs and the vocabulary (default graph).

Each triple is in one graph (converter/emit.py): a report's graph holds the report, its observations
and what is under its IRI; an organisation's names are in the organisation's own graph (``GRAPH ?org``);
concepts and regions are the vocabulary's, and a code the national lists lack is known only from the
reports' attestations (``fiscal:attestsConcept``), which the concept queries fall back to."""

from __future__ import annotations

import re

PREFIXES = """PREFIX fiscal: <%(base)sdef/fiscal#>
PREFIX item: <%(base)sdef/item/>
PREFIX statistic: <%(base)sdef/statistic/>
PREFIX fund: <%(base)sdef/fund/>
PREFIX nature: <%(base)sdef/nature/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')


def iri_ref(iri: str) -> str:
    """``<iri>`` for a query, refusing anything that could break out of the IRI."""
    if not iri or _BAD_IRI.search(iri):
        raise ValueError(f"not usable as an IRI in a query: {iri!r}")
    return f"<{iri}>"


def literal(text: str) -> str:
    """A SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def build(template: str, base: str, **values: str) -> str:
    return (PREFIXES + template) % {"base": base, **values}


# --------------------------------------------------------------------------------------- reports
#: every report: organisation, year, phase, region (the index and search)
REPORTS = """
SELECT ?g ?title ?org ?orgLabel ?year ?phase ?spatial WHERE {
  GRAPH ?g { ?g a fiscal:Report .
    OPTIONAL { ?g dcterms:title ?title }
    OPTIONAL { ?g fiscal:organisation ?org . OPTIONAL { GRAPH ?org { ?org skos:prefLabel ?orgLabel } } }
    OPTIONAL { ?g fiscal:fiscalYear ?year }
    OPTIONAL { ?g fiscal:budgetPhase ?phase }
    OPTIONAL { ?g dcterms:spatial ?spatial }
  }
} ORDER BY ?orgLabel ?year
"""

#: one report: what it is, who, when, where, from which document
REPORT_META = """
SELECT ?title ?org ?orgLabel ?year ?phase ?spatial ?issued ?doc ?docName ?sha256 ?bytes ?format WHERE {
  GRAPH %(g)s { %(g)s a fiscal:Report .
    OPTIONAL { %(g)s dcterms:title ?title }
    OPTIONAL { %(g)s fiscal:organisation ?org . OPTIONAL { GRAPH ?org { ?org skos:prefLabel ?orgLabel } } }
    OPTIONAL { %(g)s fiscal:fiscalYear ?year }
    OPTIONAL { %(g)s fiscal:budgetPhase ?phase }
    OPTIONAL { %(g)s dcterms:spatial ?spatial }
    OPTIONAL { %(g)s dcterms:issued ?issued }
    OPTIONAL { %(g)s fiscal:sourceDocument ?doc .
      OPTIONAL { ?doc dcterms:title ?docName } OPTIONAL { ?doc fiscal:sha256 ?sha256 }
      OPTIONAL { ?doc fiscal:byteSize ?bytes } OPTIONAL { ?doc dcterms:format ?format } }
  }
}
"""

#: every observation of one report with its dimensions, measures and source spans (one row per span)
REPORT_OBSERVATIONS = """
SELECT ?obs ?item ?stat ?fund ?nature ?fc ?ec ?project ?amount ?pct ?count ?stated ?unit ?derived
       ?wording ?statedLabel ?comparisonYear ?span ?text ?start ?end WHERE {
  GRAPH %(g)s {
    ?obs qb:dataSet %(g)s ; fiscal:item ?item ; fiscal:statistic ?stat .
    OPTIONAL { ?obs fiscal:fundSource ?fund }
    OPTIONAL { ?obs fiscal:expenditureNature ?nature }
    OPTIONAL { ?obs fiscal:functionalClassification ?fc }
    OPTIONAL { ?obs fiscal:economicClassification ?ec }
    OPTIONAL { ?obs fiscal:project ?project }
    OPTIONAL { ?obs fiscal:amount ?amount }
    OPTIONAL { ?obs fiscal:percentage ?pct }
    OPTIONAL { ?obs fiscal:count ?count }
    OPTIONAL { ?obs fiscal:statedValue ?stated }
    OPTIONAL { ?obs fiscal:statedUnit ?unit }
    OPTIONAL { ?obs fiscal:derived ?derived }
    OPTIONAL { ?obs fiscal:classificationWording ?wording }
    OPTIONAL { ?obs fiscal:statedLabel ?statedLabel }
    OPTIONAL { ?obs fiscal:comparisonYear ?comparisonYear }
    OPTIONAL { ?obs prov:wasDerivedFrom ?span . ?span fiscal:sourceText ?text .
      OPTIONAL { ?span oa:hasSelector ?sel . OPTIONAL { ?sel oa:start ?start } OPTIONAL { ?sel oa:end ?end } } }
  }
}
"""

#: labels (zh / en) of the ontology's own code lists (items, statistics, funds, natures, phases)
CODE_LABELS = """
SELECT ?s ?label WHERE {
  ?s skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?s), "%(base)sdef/"))
}
"""

#: classification concepts (and all their ancestors): notation, label, parent; a code the vocabulary
#: lacks, with the code and wording the reports attest (no parent: nothing says where it belongs)
CONCEPTS_WITH_ANCESTORS = """
SELECT DISTINCT ?c ?notation ?label ?parent WHERE {
  VALUES ?start { %(concepts)s }
  { ?start skos:broader* ?c .
    ?c skos:notation ?notation .
    OPTIONAL { ?c skos:prefLabel ?label }
    OPTIONAL { ?c skos:broader ?parent } }
  UNION
  { FILTER NOT EXISTS { ?start skos:notation ?any }
    ?attestation fiscal:attestsConcept ?start ; fiscal:attestedCode ?notation .
    OPTIONAL { ?attestation fiscal:attestedLabel ?label }
    BIND(?start AS ?c) }
}
"""

# ------------------------------------------------------------------------- key figures of reports
#: the main figures of many reports at once (department and region pages): ``filter`` restricts the
#: reports inside their graph, ``outside`` joins them with the vocabulary (the default graph)
KEY_FIGURES = """
SELECT ?g ?org ?orgLabel ?year ?phase ?spatial ?item ?fund ?amount WHERE {
  GRAPH ?g { ?g a fiscal:Report ; fiscal:organisation ?org .
    %(filter)s
    OPTIONAL { GRAPH ?org { ?org skos:prefLabel ?orgLabel } }
    OPTIONAL { ?g fiscal:fiscalYear ?year }
    OPTIONAL { ?g fiscal:budgetPhase ?phase }
    OPTIONAL { ?g dcterms:spatial ?spatial }
    OPTIONAL {
      VALUES (?item ?fund) {
        (item:total-income fund:all) (item:total-expenditure fund:all)
        (item:income fund:all) (item:expenditure fund:all)
        (item:expenditure fund:general-public-budget) (item:three-public-expenses fund:appropriation)
      }
      ?obs qb:dataSet ?g ; fiscal:item ?item ; fiscal:statistic statistic:level ; fiscal:fundSource ?fund ;
           fiscal:expenditureNature nature:all ; fiscal:functionalClassification fiscal:notClassified ;
           fiscal:amount ?amount .
    }
  }
  %(outside)s
}
"""

KEY_FIGURES_OF_ORG = "FILTER(?org = %(org)s)"
#: reports in a region or any region below it
#: (the path's end is bound through its notation: Virtuoso 7 drops rows of `?x skos:broader* <iri>` joined
#: with other patterns)
KEY_FIGURES_IN_REGION = (
    "?spatial skos:broader* ?region . ?region skos:notation ?code . FILTER(?region = %(region)s)"
)

#: one organisation: its name and region (also when it has no report of its own)
ORG_META = """
SELECT ?label ?region ?parent ?parentLabel WHERE {
  OPTIONAL { %(org)s skos:prefLabel ?label }
  OPTIONAL { %(org)s fiscal:region ?region }
  OPTIONAL { ?parent <http://www.w3.org/ns/org#hasSubOrganization> %(org)s .
             OPTIONAL { ?parent skos:prefLabel ?parentLabel } }
}
"""

#: one concept (region, classification): notation, labels, parent and children, matches; for a code the
#: vocabulary lacks, what the reports attest (the code and their wording)
CONCEPT_META = """
SELECT ?notation ?label ?broader ?broaderLabel ?broaderNotation ?narrower ?narrowerLabel ?narrowerNotation
       ?matchKind ?match ?matchLabel ?matchNotation ?attestedCode ?attestedLabel WHERE {
  { %(c)s skos:notation ?notation }
  UNION { ?attestation fiscal:attestsConcept %(c)s ; fiscal:attestedCode ?attestedCode .
          OPTIONAL { ?attestation fiscal:attestedLabel ?attestedLabel }
          FILTER NOT EXISTS { %(c)s skos:notation ?any } }
  UNION { %(c)s skos:prefLabel ?label }
  UNION { %(c)s skos:broader ?broader . OPTIONAL { ?broader skos:prefLabel ?broaderLabel }
          OPTIONAL { ?broader skos:notation ?broaderNotation } }
  UNION { ?narrower skos:broader %(c)s . OPTIONAL { ?narrower skos:prefLabel ?narrowerLabel }
          OPTIONAL { ?narrower skos:notation ?narrowerNotation } }
  UNION { VALUES ?matchKind { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch skos:relatedMatch }
          %(c)s ?matchKind ?match .
          OPTIONAL { ?match skos:prefLabel ?matchLabel } OPTIONAL { ?match skos:notation ?matchNotation } }
}
"""

#: spending booked under a classification code or any code below it, across reports
SPENDING_UNDER = """
SELECT ?g ?org ?orgLabel ?year ?phase ?spatial ?fc ?fcNotation ?fund ?amount ?obs WHERE {
  { SELECT DISTINCT ?fc WHERE {
      { ?fc skos:broader* ?top . ?top skos:notation ?code . FILTER(?top = %(c)s) }  # (see KEY_FIGURES_IN_REGION)
      UNION { BIND(%(c)s AS ?fc) } } }  # a code the vocabulary lacks: its own lines
  GRAPH ?g {
    ?obs fiscal:functionalClassification ?fc ; qb:dataSet ?g ; fiscal:item item:expenditure ;
         fiscal:statistic statistic:level ; fiscal:amount ?amount .
    OPTIONAL { ?obs fiscal:fundSource ?fund }
    ?g fiscal:organisation ?org .
    OPTIONAL { GRAPH ?org { ?org skos:prefLabel ?orgLabel } }
    OPTIONAL { ?g fiscal:fiscalYear ?year }
    OPTIONAL { ?g fiscal:budgetPhase ?phase }
    OPTIONAL { ?g dcterms:spatial ?spatial }
  }
  OPTIONAL { ?fc skos:notation ?fcNotation }
}
"""

#: labels of some IRIs (regions of the reports found ...)
LABELS_OF = """
SELECT ?s ?label WHERE { VALUES ?s { %(iris)s } ?s skos:prefLabel ?label }
"""

# --------------------------------------------------------------------------------------- search
SEARCH_ORGS = """
SELECT DISTINCT ?org ?label ?spatial WHERE {
  GRAPH ?g { ?g fiscal:organisation ?org . OPTIONAL { ?g dcterms:spatial ?spatial } }
  GRAPH ?org { ?org skos:prefLabel ?label }
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(%(q)s)))
} ORDER BY ?label LIMIT 50
"""

#: concepts of a scheme by code or name; with the codes of that classification the national lists lack,
#: by the code and wording the reports attest
SEARCH_CONCEPTS = """
SELECT DISTINCT ?c ?notation ?label WHERE {
  { ?c skos:inScheme %(scheme)s ; skos:notation ?notation .
    OPTIONAL { ?c skos:prefLabel ?label } }
  UNION
  { ?attestation fiscal:verificationStatus ?status ; fiscal:attestsConcept ?c ; fiscal:attestedCode ?notation .
    OPTIONAL { ?attestation fiscal:attestedLabel ?label }
    FILTER(STRSTARTS(STR(?c), REPLACE(STR(%(scheme)s), "/id/scheme/", "/id/"))) }
  FILTER(STRSTARTS(STR(?notation), %(q)s) || CONTAINS(STR(?label), %(q)s))
} ORDER BY STRLEN(STR(?notation)) ?notation LIMIT 50
"""
