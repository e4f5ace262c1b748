"""Build the national classification vocabularies (SKOS) from the CSV code lists.

    python -m converter.vocabulary.build [--base URL] [--out DIR]

Inputs: ``ontology/vocab/sources/*.csv`` (see SOURCES.md there), ``cofog_skos.ttl`` and the
hand-written ``ontology/vocab/cofog_mapping.csv``. Output (default ``ontology/vocab/``)::

    function.ttl        支出功能分类: edition-independent scheme + one scheme per edition
    economic.ttl        支出经济分类: 部门 (3xx) and 政府 (5xx) schemes + editions (incl. pre-2018)
    region.ttl          行政区划 GB/T 2260 + NBS statistical codes
    cofog.ttl           UN COFOG 1999, linked to the CSIRO SKOS edition
    function-cofog.ttl  支出功能分类 -> COFOG mapping (from cofog_mapping.csv)
    meta.ttl            the status code lists and the few fiscal: terms these files use

Design (also written into each file's header):

* IRIs come from :class:`converter.uris.UriBuilder`. The concept a document uses is the
  edition-independent one, ``{base}id/function/{code}`` / ``{base}id/economic/{code}``: one per code
  seen in any edition, labelled with the newest edition's name, hierarchy by parent code.
* Classification codes are re-used and renamed between editions (216 meant 粮油物资储备及金融监管等事务
  in the legacy list and 商业服务业等支出 since; economic 311 贷款转贷及产权参股 became
  对企业补助（基本建设）in 2018), and each edition has its own names, years, source and
  reliability. So each edition also gets its own concepts, ``{scheme IRI}/{code}`` (the edition
  scheme is ``{base}id/scheme/{edition}``), linked to the edition-independent concept with
  ``skos:exactMatch`` when the name is the same (class names compared without a trailing 支出/事务),
  ``skos:closeMatch`` for a known rename with the same scope (RENAMES in sources.py), and not at all when
  the code was re-used for something else (a ``skos:editorialNote`` says so).
* Regions are not split by edition: under GB/T 2260 a change of status or boundary gets a new code,
  so one code is one concept ``{base}id/region/{code}``; it is ``skos:inScheme`` the union scheme
  ``region`` and each edition scheme that lists it (``region-mca-2020``, ``region-nbs-2023``).
* ``skos:notation`` is a plain string literal (``"2011301"``, ``"01.1.1"``): SPARQL can match it
  without knowing a datatype, and ``skos:inScheme`` already says which code list it belongs to.
* Years: ``fiscal:firstYear`` / ``fiscal:lastYear`` (xsd:gYear) on edition schemes and edition
  concepts (open-ended when unknown); not on edition-independent concepts, whose editions say it.
* Every concept has ``dcterms:source`` (the CSV file, named by its hash as an RFC 6920 ``ni:``
  IRI) and ``fiscal:verificationStatus`` (official / vendor / corroborated / unverified); schemes
  have ``prov:wasDerivedFrom`` that file, which carries ``fiscal:sha256`` and its repository path.

Output is deterministic: rows are sorted, no blank nodes, no timestamps, and rdflib's Turtle
serializer sorts subjects and predicate/object lists.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from converter.uris import DEFAULT_BASE
from converter.vocabulary.builder import Builder
from converter.vocabulary.classification import build_economic, build_function
from converter.vocabulary.cofog import build_cofog, build_mapping
from converter.vocabulary.regions import build_region
from converter.vocabulary.sources import (
    COFOG_CSV,
    COFOG_TTL,
    COMMAND,
    ECONOMIC_DEPT_EDITIONS,
    ECONOMIC_GOV_EDITIONS,
    FUNCTION_EDITIONS,
    MAPPING,
    REGION_CODE_STATUS,
    REGION_MCA,
    REGION_NBS,
    VERIFICATION,
    VOCAB_DIR,
    SourceFile,
)


def build_meta(b: Builder) -> Graph:
    g = b.graph()
    f = b.fiscal
    terms = {
        "verificationStatus": (
            "verification status",
            "How far a code, name or scheme has been checked "
            "against an authoritative source (values: the scheme {base}def/verification).",
            RDF.Property,
        ),
        "regionCodeStatus": (
            "region code status",
            "Whether a region code is a GB/T 2260 code or an NBS "
            "statistical code (values: the scheme {base}def/region-code).",
            RDF.Property,
        ),
        "regionLevel": ("region level", "province, prefecture or county.", OWL.DatatypeProperty),
        "firstYear": (
            "first year",
            "First (fiscal) year an edition or an edition's code applies to.",
            OWL.DatatypeProperty,
        ),
        "lastYear": (
            "last year",
            "Last (fiscal) year an edition or an edition's code applies to.",
            OWL.DatatypeProperty,
        ),
        "firstListed": (
            "first listed",
            "Year of the first source edition that lists the code (it may be older).",
            OWL.DatatypeProperty,
        ),
        "lastListed": (
            "last listed",
            "Year of the last source edition that lists the code (it may be valid longer).",
            OWL.DatatypeProperty,
        ),
        "sha256": ("SHA-256", "Hex SHA-256 digest of a source file.", OWL.DatatypeProperty),
    }
    for name, (label, comment, kind) in sorted(terms.items()):
        g.add((f[name], RDF.type, kind))
        g.add((f[name], RDFS.label, Literal(label, lang="en")))
        g.add((f[name], RDFS.comment, Literal(comment.replace("{base}", b.uris.base), lang="en")))
        g.add((f[name], RDFS.isDefinedBy, b.uris.ontology))
    for scheme_name, table, iri in (
        ("verification", VERIFICATION, b.status),
        ("region-code", REGION_CODE_STATUS, b.region_status),
    ):
        scheme = URIRef(f"{b.uris.base}def/{scheme_name}")
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal(scheme_name, lang="en")))
        for key, (en, zh, definition) in sorted(table.items()):
            concept = iri(key)
            g.add((concept, RDF.type, SKOS.Concept))
            g.add((concept, SKOS.inScheme, scheme))
            g.add((concept, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, concept))
            g.add((concept, SKOS.notation, Literal(str(concept).rsplit("/", 1)[1])))
            g.add((concept, SKOS.prefLabel, Literal(en, lang="en")))
            g.add((concept, SKOS.prefLabel, Literal(zh, lang="zh")))
            g.add((concept, SKOS.definition, Literal(definition, lang="en")))
    return g


HEADERS = {
    "function.ttl": "支出功能分类 (expenditure functional classification) as SKOS.",
    "economic.ttl": "支出经济分类 (expenditure economic classification, 部门 3xx and 政府 5xx) as SKOS.",
    "region.ttl": "Administrative divisions (GB/T 2260 and NBS statistical codes) as SKOS.",
    "cofog.ttl": "UN COFOG 1999 as SKOS, linked to the CSIRO SKOS edition.",
    "function-cofog.ttl": "Mapping 支出功能分类 -> COFOG (skos:closeMatch / broadMatch / narrowMatch).",
    "meta.ttl": "Status code lists and fiscal: terms used by the vocabulary files.",
}
EDITION_NOTE = """\
# Concepts documents use are edition-independent: {base}id/function/{code}, {base}id/economic/{code},
# one per code seen in any edition, labelled with the newest edition's name, skos:broader by parent
# code. Codes are renamed and even re-used with another meaning between editions (function 216,
# 21007; economic 30311, 311 ...), and names, years, source and reliability differ per edition, so
# each edition also has its own scheme {base}id/scheme/{edition} and concepts {scheme}/{code}, linked
# to the edition-independent concept with skos:exactMatch (same code, same name: meaning unchanged),
# skos:closeMatch (known rename, skos:changeNote says what changed) or not at all (code re-used).
# Years (fiscal:firstYear/lastYear) are on edition schemes and edition concepts only.
# skos:notation is a plain string literal. fiscal:verificationStatus says how far each row is checked:
# the 2019-2024 and 2018 seeds are hand-compiled and largely UNVERIFIED (see skos:editorialNote).
"""


def header(filename: str, base: str, sources: Iterable[SourceFile]) -> str:
    lines = [
        f"# {HEADERS[filename]}",
        "# GENERATED FILE - do not edit. Rebuild with:",
        f"#   {COMMAND} --base {base} --out ontology/vocab",
        "# from (sha256):",
    ]
    lines += [f"#   {s.repo_path}  {s.sha256()}" for s in sources]
    text = "\n".join(lines) + "\n"
    if filename in ("function.ttl", "economic.ttl"):
        text += EDITION_NOTE
    return text + "\n"


def build_all(base: str = DEFAULT_BASE, out_dir: Path = VOCAB_DIR) -> dict[str, int]:
    """Write the vocabulary files into ``out_dir``; return the triple count per file."""
    b = Builder(base)
    function = build_function(b)
    cofog = build_cofog(b)
    graphs = {
        "function.ttl": (function, [e.source for e in FUNCTION_EDITIONS]),
        "economic.ttl": (
            build_economic(b),
            [e.source for e in ECONOMIC_DEPT_EDITIONS + ECONOMIC_GOV_EDITIONS],
        ),
        "region.ttl": (build_region(b), [REGION_MCA, REGION_NBS]),
        "cofog.ttl": (cofog, [COFOG_CSV, COFOG_TTL]),
        "function-cofog.ttl": (build_mapping(b, function, cofog), [MAPPING]),
        "meta.ttl": (build_meta(b), []),
    }
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for filename, (graph, sources) in sorted(graphs.items()):
        body = graph.serialize(format="turtle")
        text = header(filename, b.uris.base, sources) + body
        (out_dir / filename).write_text(text, encoding="utf-8", newline="\n")
        counts[filename] = len(graph)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"IRI base (default {DEFAULT_BASE})")
    parser.add_argument(
        "--out", type=Path, default=VOCAB_DIR, help="output directory (default ontology/vocab)"
    )
    args = parser.parse_args(argv)
    counts = build_all(args.base, args.out)
    for filename, count in counts.items():
        print(f"{filename}\t{count}")
    print(f"total\t{sum(counts.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
