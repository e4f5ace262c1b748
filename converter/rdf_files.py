"""RDF files by extension: the one table every command that reads or writes RDF uses (rdflib names)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
# formats that carry named graphs (one per report)
QUAD_FORMATS = {"nquads", "trig", "json-ld"}


def rdf_format(path: Path) -> str | None:
    return RDF_FORMATS.get(Path(path).suffix.lower())


def load_dataset(path: Path) -> Dataset:
    """Quads as they are; triples go into a graph named after the file. RDF/XML is never read
    (untrusted XML is a risk we do not take). Raises ValueError for an unknown extension."""
    path = Path(path)
    fmt = rdf_format(path)
    if fmt is None:
        raise ValueError(f"{path}: not an RDF file this command reads ({', '.join(sorted(RDF_FORMATS))})")
    data = Dataset()
    if fmt in QUAD_FORMATS:
        data.parse(path, format=fmt)
    else:
        data.graph(URIRef(path.resolve().as_uri())).parse(path, format=fmt)
    return data


# ----------------------------------------------------------------------------------- writing
# rdflib's Turtle-family writers take minutes on a large report (the sample repeated 50 times: over
# 120 s): every format but JSON-LD is written by pyoxigraph, from N-Quads text (the converter's own, or
# rdflib's for a graph read elsewhere)
_OXIGRAPH_WRITES = {"turtle", "trig"}  # of an rdflib graph (its own N-Triples / N-Quads writers are fast)
_OXIGRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
}


def _prefixes(graph) -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}


def _used_prefixes_only(data: bytes, prefixes: dict[str, str]) -> bytes:
    """pyoxigraph declares every prefix it is given: keep (sorted) the @prefix lines the body uses."""
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    body = b"\n".join(lines[head:])
    used = set(_PREFIXED.findall(body))
    kept = sorted(line for line in lines[:head] if line[len(b"@prefix ") :].split(b":", 1)[0] in used)
    return b"\n".join([*kept, *lines[head:]])


# every name-like token before a colon: a superset of the prefixes used (keeping an unused one is harmless)
_PREFIXED = re.compile(rb"([A-Za-z][\w.-]*):")


def _sorted_quads(quads) -> list:
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate)))


def serialise_nquads(nquads: str | bytes, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """N-Quads text as ``fmt`` (rdflib names: turtle, trig, nt, nquads), UTF-8, by pyoxigraph. A triple
    format gets every graph's triples, each once; Turtle and TriG are sorted by subject, with the
    ``prefixes`` their body uses."""
    if fmt == "nquads":
        return nquads.encode("utf-8") if isinstance(nquads, str) else nquads
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    if fmt == "trig":
        return _used_prefixes_only(
            ox.serialize(_sorted_quads(quads), format=ox.RdfFormat.TRIG, prefixes=prefixes or {}),
            prefixes or {},
        )
    triples = list(dict.fromkeys(q.triple for q in quads))
    if fmt == "nt":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate)))
    data = ox.serialize(triples, format=_OXIGRAPH_FORMATS[fmt], prefixes=prefixes or {})
    return _used_prefixes_only(data, prefixes or {})


def serialise_graph(graph, fmt: str) -> bytes:
    """An rdflib Graph as ``fmt`` (rdflib names), UTF-8."""
    if fmt not in _OXIGRAPH_WRITES:
        return graph.serialize(format=fmt, encoding="utf-8")
    return serialise_nquads(graph.serialize(format="nt", encoding="utf-8"), fmt, _prefixes(graph))


def serialise_dataset(dataset, fmt: str) -> bytes:
    """An rdflib Dataset as ``fmt`` (rdflib names), UTF-8; Turtle gets every graph's triples."""
    if fmt not in _OXIGRAPH_WRITES:
        return dataset.serialize(format=fmt, encoding="utf-8")
    return serialise_nquads(dataset.serialize(format="nquads", encoding="utf-8"), fmt, _prefixes(dataset))


def write_rdf(data, destination: Path, fmt: str) -> None:
    """Serialise an rdflib Graph or Dataset to a file (see ``serialise_graph``)."""
    from rdflib import Dataset as RdflibDataset

    body = serialise_dataset(data, fmt) if isinstance(data, RdflibDataset) else serialise_graph(data, fmt)
    Path(destination).write_bytes(body)
