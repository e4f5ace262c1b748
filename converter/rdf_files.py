"""RDF files by extension: the one table every command that reads or writes RDF uses (rdflib names)."""

from __future__ import annotations

from pathlib import Path

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
