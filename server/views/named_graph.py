"""A report IRI names a graph: besides its description it is served as that graph, in TriG or N-Quads
(``Accept: application/trig`` / ``application/n-quads``, or the extensions ``.trig`` / ``.nq``)."""

from __future__ import annotations

import io

import pyoxigraph as ox
from flask import Response

from server.rdfout import prefixes_for
from server.views.common import config, store, uri_text

GRAPH_FORMATS = {  # media type -> (pyoxigraph format, extension)
    "application/trig": (ox.RdfFormat.TRIG, "trig"),
    "application/n-quads": (ox.RdfFormat.N_QUADS, "nq"),
}
GRAPH_EXTENSIONS = {ext: media for media, (_, ext) in GRAPH_FORMATS.items()}


def is_graph(iri: str) -> bool:
    return iri in store().graphs()


def graph_response(iri: str, media: str, path: str) -> Response:
    """The quads of the named graph ``iri``, with the graph name, as ``media``."""
    fmt, ext = GRAPH_FORMATS[media]
    raw = io.BytesIO()
    store().dump(raw, ox.RdfFormat.N_TRIPLES, graph=iri)
    name = ox.NamedNode(iri)
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, name)
        for t in ox.parse(raw.getvalue(), format=ox.RdfFormat.N_TRIPLES)
    ]
    kwargs = {"prefixes": prefixes_for(config().base)} if fmt == ox.RdfFormat.TRIG else {}
    body = ox.serialize(quads, format=fmt, **kwargs)
    response = Response(body, mimetype=media)
    response.headers["Content-Location"] = uri_text(f"{path}.{ext}")
    return response
