"""RDF out: formats, prefixes, the published JSON-LD @context and compaction onto it."""

from __future__ import annotations

import json

import pyoxigraph as ox

FORMATS = {  # media type -> (pyoxigraph format, extension)
    "text/turtle": (ox.RdfFormat.TURTLE, "ttl"),
    "application/ld+json": (ox.RdfFormat.JSON_LD, "jsonld"),
    "application/n-triples": (ox.RdfFormat.N_TRIPLES, "nt"),
    "application/rdf+xml": (ox.RdfFormat.RDF_XML, "rdf"),
}
EXTENSIONS = {ext: media for media, (_, ext) in FORMATS.items()} | {"html": "text/html"}
RDF_MEDIA = list(FORMATS)

COMMON_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "qb": "http://purl.org/linked-data/cube#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "oa": "http://www.w3.org/ns/oa#",
    "dqv": "http://www.w3.org/ns/dqv#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "void": "http://rdfs.org/ns/void#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
}


def prefixes_for(base: str) -> dict[str, str]:
    return {
        **COMMON_PREFIXES,
        "fiscal": f"{base}def/fiscal#",
        "item": f"{base}def/item/",
        "statistic": f"{base}def/statistic/",
        "fund": f"{base}def/fund/",
        "nature": f"{base}def/nature/",
        "phase": f"{base}def/phase/",
        "fn": f"{base}id/function/",
        "ec": f"{base}id/economic/",
        "region": f"{base}id/region/",
    }


def context_document(base: str) -> dict:
    """The @context published at /context.jsonld: the prefixes, and xsd:decimal amounts typed."""
    ctx: dict = dict(prefixes_for(base))
    ctx["label"] = {"@id": "rdfs:label", "@container": "@language"}
    return {"@context": ctx}


def serialise(triples, media_type: str, base: str, context_url: str | None = None) -> bytes:
    fmt, _ = FORMATS[media_type]
    triples = list(triples)
    if fmt == ox.RdfFormat.JSON_LD:
        return json.dumps(to_jsonld(triples, base, context_url), ensure_ascii=False, indent=1).encode()
    kwargs = {}
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        kwargs["prefixes"] = prefixes_for(base)
    return ox.serialize(triples, format=fmt, **kwargs)


def compact(expanded: list, base: str, context_url: str | None) -> dict:
    """Expanded JSON-LD (pyoxigraph's) -> the same data with property IRIs as prefixed names of our
    context. Only keys are shortened: values stay absolute, so the meaning cannot change."""
    pairs = sorted(prefixes_for(base).items(), key=lambda kv: -len(kv[1]))

    def short(iri: str) -> str:
        for prefix, ns in pairs:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns) :]
                if "/" not in local and "#" not in local and not local.startswith("//"):
                    return f"{prefix}:{local}"
        return iri

    def walk(node):
        if isinstance(node, list):
            return [walk(n) for n in node]
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                new_key = key if key.startswith("@") else short(key)
                out[new_key] = walk(value)
            return out
        return node

    # inline, the same object as the one published at /context.jsonld: a harvester parses the
    # response without fetching anything (a remote @context needs a network hop and a loader)
    ctx = context_document(base)["@context"]
    # "label" is a term of the context: keep full rdfs:label keys away from it
    return {"@context": ctx, "@graph": walk(expanded)}


def to_jsonld(triples, base: str, context_url: str | None = None) -> dict:
    raw = ox.serialize(list(triples), format=ox.RdfFormat.JSON_LD)
    return compact(json.loads(raw), base, context_url)


def jsonld_script(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> block: '<', '>' and '&' escaped so that no
    literal can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
