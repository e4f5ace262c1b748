"""Example queries of the query page, written against ontology/fiscal.ttl. ``{base}`` is replaced by
the server's base.

Every figure is a qb:Observation in its report's qb:DataSet with every dimension stated once, so an
example names the value of each dimension it means: the phase (final accounts, not budgets), the fund
source (all funds, the general public budget, appropriations), ``nature:all``, ``fiscal:notClassified``
and ``fiscal:noProject`` where it wants the figure that is not broken down, ``statistic:level`` for the
figure itself (not a change or a share). Each triple is stated in one graph, so a join to a concept's
notation or label, or to a region's hierarchy, never multiplies a sum (tests/test_triples_once.py checks
every example against totals computed from the documents' figures)."""

PREFIXES = """PREFIX fiscal: <{base}def/fiscal#>
PREFIX item: <{base}def/item/>
PREFIX statistic: <{base}def/statistic/>
PREFIX fund: <{base}def/fund/>
PREFIX nature: <{base}def/nature/>
PREFIX phase: <{base}def/phase/>
PREFIX fn: <{base}id/function/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

EXAMPLES = [
    {
        "id": "totals-by-province-year",
        "title": "支出总计 by province and year, final accounts (Total expenditure, all funds)",
        "query": PREFIXES
        + """
SELECT ?province ?name ?year (COUNT(?report) AS ?reports) (SUM(?amount) AS ?totalYuan)
WHERE {
  ?report a fiscal:Report ; fiscal:budgetPhase phase:final ; fiscal:fiscalYear ?year ;
          dcterms:spatial ?place .
  # one pattern for every level: a county, a county-level city, a district of a municipality
  ?place skos:broader* ?province .
  ?province fiscal:regionLevel "province" ; skos:prefLabel ?name .
  ?obs qb:dataSet ?report ;
       fiscal:item item:total-expenditure ; fiscal:statistic statistic:level ;
       fiscal:fundSource fund:all ; fiscal:expenditureNature nature:all ;
       fiscal:functionalClassification fiscal:notClassified ;
       fiscal:economicClassification fiscal:notClassified ; fiscal:project fiscal:noProject ;
       fiscal:amount ?amount .
}
GROUP BY ?province ?name ?year
ORDER BY ?province ?year
""",
    },
    {
        "id": "three-public-expenses-by-year",
        "title": "三公经费 by year, final accounts, appropriations (travel abroad, vehicles, reception)",
        "query": PREFIXES
        + """
SELECT ?year (COUNT(?report) AS ?reports) (SUM(?amount) AS ?totalYuan)
WHERE {
  ?report a fiscal:Report ; fiscal:budgetPhase phase:final ; fiscal:fiscalYear ?year .
  ?obs qb:dataSet ?report ;
       fiscal:item item:three-public-expenses ; fiscal:statistic statistic:level ;
       fiscal:fundSource fund:appropriation ; fiscal:expenditureNature nature:all ;
       fiscal:functionalClassification fiscal:notClassified ;
       fiscal:economicClassification fiscal:notClassified ; fiscal:project fiscal:noProject ;
       fiscal:amount ?amount .
}
GROUP BY ?year
ORDER BY ?year
""",
    },
    {
        "id": "function-classes-across-departments",
        "title": "支出功能分类 (类) across departments, final accounts, general public budget",
        "query": PREFIXES
        + """
SELECT ?code ?label ?organisation (SUM(?amount) AS ?totalYuan)
WHERE {
  ?report a fiscal:Report ; fiscal:budgetPhase phase:final ; fiscal:organisation ?organisation .
  ?obs qb:dataSet ?report ;
       fiscal:item item:expenditure ; fiscal:statistic statistic:level ;
       fiscal:fundSource fund:general-public-budget ; fiscal:expenditureNature nature:all ;
       fiscal:economicClassification fiscal:notClassified ; fiscal:project fiscal:noProject ;
       fiscal:functionalClassification ?function ;
       fiscal:amount ?amount .
  # the national code list: one notation, one Chinese label per concept
  ?function skos:notation ?code ; skos:prefLabel ?label .
  FILTER(STRLEN(?code) = 3 && LANGMATCHES(LANG(?label), "zh"))
}
GROUP BY ?code ?label ?organisation
ORDER BY ?code DESC(?totalYuan)
LIMIT 200
""",
    },
    {
        "id": "share-of-201-in-a-city",
        "title": "Share of 201 一般公共服务支出 in the general public budget expenditure of one city's departments, by year, final accounts",
        "query": PREFIXES
        + """
SELECT ?year (SUM(?general) AS ?in201) (SUM(?total) AS ?allClasses) (SUM(?general) / SUM(?total) AS ?share)
WHERE {
  # 乐山市 and its districts, counties and county-level cities (the end of the path is bound through
  # its code, not written as an IRI: Virtuoso 7 drops rows of `?x skos:broader* <iri>` in a join)
  ?place skos:broader* ?city . ?city skos:notation "511100" .
  ?report dcterms:spatial ?place ; fiscal:budgetPhase phase:final ; fiscal:fiscalYear ?year ;
          fiscal:generalPublicBudgetExpenditure ?total .
  OPTIONAL { ?report fiscal:classGeneralPublicBudgetExpenditure ?line .
             ?line fiscal:functionClass fn:201 ; fiscal:classAmount ?amount201 }
  BIND(COALESCE(?amount201, 0) AS ?general)
}
GROUP BY ?year
ORDER BY ?year
""",
    },
]


def examples(base: str) -> list[dict]:
    return [{**e, "query": e["query"].replace("{base}", base).strip() + "\n"} for e in EXAMPLES]
