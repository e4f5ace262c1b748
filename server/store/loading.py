"""Reading the server's inputs into graphs: RDF files as they are, source documents through the converter."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

QUAD_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}
TRIPLE_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
REFUSED = {".rdf", ".owl", ".xml"}  # RDF/XML: never parsed here (entity expansion and friends)
QB_DATASET = ox.NamedNode("http://purl.org/linked-data/cube#DataSet")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

Graphs = dict[str | None, list[ox.Triple]]


class InputError(Exception):
    pass


def expand(paths: list[str | Path]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        elif path.is_file():
            out.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return out


def is_rdf(path: Path) -> bool:
    return path.suffix.lower() in QUAD_FORMATS or path.suffix.lower() in TRIPLE_FORMATS


def read_rdf(path: Path, base: str, into: Graphs) -> None:
    suffix = path.suffix.lower()
    if suffix in QUAD_FORMATS:
        for quad in ox.parse(path=str(path), format=QUAD_FORMATS[suffix], base_iri=base):
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
            into[name].append(quad.triple)
        return
    triples = [q.triple for q in ox.parse(path=str(path), format=TRIPLE_FORMATS[suffix], base_iri=base)]
    for name, part in graphs_of_triples(triples, base).items():
        into[name].extend(part)


def graphs_of_triples(triples: list[ox.Triple], base: str) -> dict[str | None, list[ox.Triple]]:
    """The graphs a triple file's triples go to, by the rule the converter writes quads by
    (``UriBuilder.home_graph``): a report and what is under its IRI to the report's graph, an
    organisation to its own graph. Any other subject goes to the default graph (the vocabulary), or, when
    the file holds exactly one report, to that report's graph (a file of the earlier layout then stays
    recognisable as such, see server/store/layout.py, instead of adding to the vocabulary)."""
    from converter.uris import UriBuilder

    uris = UriBuilder(base)
    reports = {
        t.subject.value
        for t in triples
        if t.predicate == RDF_TYPE
        and t.object == QB_DATASET
        and isinstance(t.subject, ox.NamedNode)
        and t.subject.value.startswith(uris.base + "id/report/")
    }
    rest = reports.pop() if len(reports) == 1 else None
    out: dict[str | None, list[ox.Triple]] = defaultdict(list)
    homes: dict[ox.NamedNode | ox.BlankNode, str | None] = {}
    for t in triples:
        home = homes.get(t.subject, ...)
        if home is ...:
            home = homes[t.subject] = (
                uris.home_graph(t.subject.value) if isinstance(t.subject, ox.NamedNode) else None
            )
        out[home if home is not None else rest].append(t)
    return dict(out)


def write_graphs(store, graphs: Mapping[str | None, Iterable[ox.Triple]], base: str) -> None:
    """Write graphs as their kind wants: an organisation's graph (shared by the organisation's reports) is
    added to, every other graph replaced (the default graph: added to)."""
    from converter.uris import UriBuilder

    uris = UriBuilder(base)
    shared = {name: triples for name, triples in graphs.items() if uris.is_organisation_graph(name)}
    own = {name: triples for name, triples in graphs.items() if name not in shared}
    if own:
        store.replace_graphs(own)
    if shared:
        store.add_graphs(shared)


def convert_documents(paths: list[Path], base: str, into: Graphs) -> list[str]:
    """Source documents through converter.pipeline; returns the failure messages."""
    try:
        from converter.pipeline import convert_files
    except ImportError as exc:  # the converter of this build cannot read documents
        raise InputError(f"cannot convert documents in this build ({exc}); give RDF files instead") from exc
    result = convert_files(paths, base)
    for quad in result.quads():  # the converter's N-Quads, read by pyoxigraph: no rdflib graph is built
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
        into[name].append(quad.triple)
    return [f"{p}: {msg}" for p, msg in getattr(result, "failures", [])]


def read_inputs(paths: list[str | Path], base: str) -> tuple[Graphs, list[str]]:
    graphs: Graphs = defaultdict(list)
    documents: list[Path] = []
    for path in expand(paths):
        suffix = path.suffix.lower()
        if suffix in REFUSED:
            raise InputError(f"{path}: RDF/XML input is not accepted; convert it to Turtle or N-Triples")
        if is_rdf(path):
            read_rdf(path, base, graphs)
        elif suffix.endswith(".json") and path.name.endswith(".expected.json"):
            continue  # test expectations beside the bundled examples
        else:
            documents.append(path)
    problems = convert_documents(documents, base, graphs) if documents else []
    return graphs, problems


def read_vocabulary(base: str) -> Graphs:
    """The ontology and the SKOS code lists, when this installation has them (default graph)."""
    graphs: Graphs = defaultdict(list)
    try:
        from converter.resources import resource_dir

        folder = resource_dir("ontology")
    except (ImportError, FileNotFoundError):
        return graphs
    from converter.uris import DEFAULT_BASE

    for path in [folder / "fiscal.ttl", *sorted((folder / "vocab").glob("*.ttl"))]:
        if not path.is_file():
            continue
        data = path.read_bytes()
        if base != DEFAULT_BASE:  # the generated vocabularies are written under the default base
            data = data.replace(DEFAULT_BASE.encode(), base.encode())
        graphs[None].extend(q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=base))
    return graphs


def examples_dir() -> Path | None:
    """The bundled examples: examples/ in a checkout, converter/_resources/examples in a wheel."""
    here = Path(__file__).resolve().parents[2]
    candidates = [here / "converter" / "_resources" / "examples", here / "examples"]
    try:
        from converter.resources import examples_dir as converter_examples

        candidates.insert(0, converter_examples())
    except (ImportError, FileNotFoundError):
        pass
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None
