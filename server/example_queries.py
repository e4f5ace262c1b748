"""Example queries of the query page, written against ontology/fiscal.ttl. ``{base}`` is replaced by
the server's base. Every figure is a qb:Observation in its report's qb:DataSet; ``statistic:level``
selects the figure itself (not a change or a share)."""

PREFIXES = """PREFIX fiscal: <{base}def/fiscal#>
PREFIX item: <{base}def/item/>
PREFIX statistic: <{base}def/statistic/>
PREFIX fund: <{base}def/fund/>
PREFIX nature: <{base}def/nature/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

EXAMPLES = [
    {
        "id": "totals-by-region-year",
        "title": "支出总计 by region and year (Total expenditure by region and year)",
        "query": PREFIXES + """
SELECT ?region ?year (COUNT(DISTINCT ?report) AS ?reports) (SUM(?amount) AS ?totalYuan)
WHERE {
  ?report a fiscal:Report ; fiscal:fiscalYear ?year ; dcterms:spatial ?region .
  ?obs qb:dataSet ?report ;
       fiscal:item item:total-expenditure ;
       fiscal:statistic statistic:level ;
       fiscal:fundSource fund:all ;
       fiscal:amount ?amount .
}
GROUP BY ?region ?year
ORDER BY ?region ?year
""",
    },
    {
        "id": "three-public-expenses-by-year",
        "title": "三公经费 by year (the 'three public expenses': travel abroad, vehicles, reception)",
        "query": PREFIXES + """
SELECT ?year (COUNT(DISTINCT ?report) AS ?reports) (SUM(?amount) AS ?totalYuan)
WHERE {
  ?report a fiscal:Report ; fiscal:fiscalYear ?year .
  ?obs qb:dataSet ?report ;
       fiscal:item item:three-public-expenses ;
       fiscal:statistic statistic:level ;
       fiscal:amount ?amount .
}
GROUP BY ?year
ORDER BY ?year
""",
    },
    {
        "id": "function-classes-across-departments",
        "title": "支出功能分类 (类) across departments (Expenditure by function class and department)",
        "query": PREFIXES + """
SELECT ?function (SAMPLE(?label) AS ?name) ?organisation (SUM(?amount) AS ?totalYuan)
WHERE {
  ?report a fiscal:Report ; fiscal:organisation ?organisation .
  ?obs qb:dataSet ?report ;
       fiscal:item item:expenditure ;
       fiscal:statistic statistic:level ;
       fiscal:functionalClassification ?function ;
       fiscal:amount ?amount .
  FILTER(STRLEN(STRAFTER(STR(?function), "/id/function/")) = 3)
  OPTIONAL { ?function skos:prefLabel ?label }
}
GROUP BY ?function ?organisation
ORDER BY ?function DESC(?totalYuan)
LIMIT 200
""",
    },
]


def examples(base: str) -> list[dict]:
    return [{**e, "query": e["query"].replace("{base}", base).strip() + "\n"} for e in EXAMPLES]
