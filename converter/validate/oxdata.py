"""Report data as pyoxigraph terms: read from a file by Oxigraph's parser, indexed once in dictionaries.

`juesuan validate FILE` never builds an rdflib graph (rdflib parses a 35,000-triple report in about
2 s, Oxigraph in 0.1 s): the file's quads are read here, the integrity rules run on an Oxigraph store
of them and the structural shapes on a :class:`TripleIndex` of the same terms. Literals are given the
lexical form rdflib gives them (rdflib normalises "01"^^xsd:integer to "1", "1"^^xsd:boolean to
"true" ...), so that the findings are the ones of ``validate_graph`` on the file parsed by rdflib and
of pyshacl.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
QB_DATASET = ox.NamedNode("http://purl.org/linked-data/cube#DataSet")
QB_DATASET_PROP = ox.NamedNode("http://purl.org/linked-data/cube#dataSet")
DCT_PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
Triple = tuple  # (subject, predicate, object) of pyoxigraph terms

# --- terms ---------------------------------------------------------------------------------------
# Lexical forms rdflib keeps as they are: canonical ones need no rdflib Literal to tell.
_CANONICAL = {
    XSD + "string": re.compile(r"(?s:.*)"),
    XSD + "decimal": re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?"),
    XSD + "integer": re.compile(r"0|-?[1-9][0-9]*"),
    XSD + "nonNegativeInteger": re.compile(r"0|[1-9][0-9]*"),
    XSD + "boolean": re.compile(r"true|false"),
    XSD + "gYear": re.compile(r"-?[0-9]{4,}"),
}


@lru_cache(maxsize=65536)
def rdflib_lexical(value: str, datatype: str) -> tuple[str, bool]:
    """The lexical form rdflib gives a typed literal, and whether rdflib finds it ill-typed."""
    pattern = _CANONICAL.get(datatype)
    if pattern is not None and pattern.fullmatch(value):
        return value, False
    literal = Literal(value, datatype=URIRef(datatype))
    return str(literal), bool(literal.ill_typed)


def normalised(term):
    """``term`` with rdflib's lexical form (the same object when it has it already)."""
    if not isinstance(term, ox.Literal) or term.language is not None:
        return term
    datatype = term.datatype.value
    lexical, _ = rdflib_lexical(term.value, datatype)
    return term if lexical == term.value else ox.Literal(lexical, datatype=term.datatype)


def ill_typed(term: ox.Literal) -> bool:
    return term.language is None and rdflib_lexical(term.value, term.datatype.value)[1]


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def text(term) -> str:
    """What ``str()`` of the rdflib term is: the IRI, the blank node id, the lexical form."""
    return term.value


# --- the index -----------------------------------------------------------------------------------
class TripleIndex:
    """One report's triples in dictionaries: subject -> predicate -> objects, and per predicate."""

    def __init__(self, triples: Iterable[Triple]):
        self.triples: list[Triple] = triples if isinstance(triples, list) else list(triples)
        self.out: dict = {}
        self.by_pred: dict = {}
        out, by_pred = self.out, self.by_pred
        for s, p, o in self.triples:
            props = out.get(s)
            if props is None:
                out[s] = {p: [o]}
            else:
                values = props.get(p)
                if values is None:
                    props[p] = [o]
                else:
                    values.append(o)
            pairs = by_pred.get(p)
            if pairs is None:
                by_pred[p] = [(s, o)]
            else:
                pairs.append((s, o))
        self._inverse: dict = {}

    def __len__(self) -> int:
        return len(self.triples)

    def objects(self, s, p) -> list:
        props = self.out.get(s)
        return props.get(p, []) if props else []

    def subjects(self, p, o) -> list:
        inverse = self._inverse.get(p)
        if inverse is None:
            inverse = {}
            for s, obj in self.by_pred.get(p, ()):
                inverse.setdefault(obj, []).append(s)
            self._inverse[p] = inverse
        return inverse.get(o, [])

    def subjects_of(self, p) -> list:
        return list(dict.fromkeys(s for s, _ in self.by_pred.get(p, ())))

    def objects_of(self, p) -> list:
        return list(dict.fromkeys(o for _, o in self.by_pred.get(p, ())))


class GraphView:
    """The part of rdflib's Graph API the findings' describer uses, answered from a TripleIndex
    (rdflib terms in and out)."""

    def __init__(self, index: TripleIndex):
        self.index = index

    def value(self, subject=None, predicate=None, object=None):  # noqa: A002 - rdflib's names
        p = to_ox(predicate)
        if subject is not None:
            found = self.index.objects(to_ox(subject), p)
        else:
            found = self.index.subjects(p, to_ox(object))
        return to_rdflib(found[0]) if found else None

    def objects(self, subject, predicate):
        return [to_rdflib(o) for o in self.index.objects(to_ox(subject), to_ox(predicate))]

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        found = self.index.objects(to_ox(s), to_ox(p))
        return bool(found) if o is None else to_ox(o) in found


# --- reports in the data -------------------------------------------------------------------------
def bases_of(index: TripleIndex) -> list[str]:
    """Every base the index's reports were minted with (from the IRI of their fiscal:Report class)."""
    suffix = "def/fiscal#Report"
    return sorted({c.value[: -len(suffix)] for c in index.objects_of(RDF_TYPE) if c.value.endswith(suffix)})


def reports_of(index: TripleIndex, base: str) -> list:
    report_class = ox.NamedNode(f"{base}def/fiscal#Report")
    found = set(index.subjects(RDF_TYPE, report_class))
    if not found and not bases_of(index):  # plain Data Cube data sets, no fiscal:Report at all
        found = set(index.subjects(RDF_TYPE, QB_DATASET))
    return sorted((r for r in found if isinstance(r, ox.NamedNode)), key=text)


def split(index: TripleIndex, base: str) -> list[tuple[ox.NamedNode, TripleIndex]]:
    """One index per report: the report, its observations and everything reachable from them
    (never another report's observations)."""
    reports = reports_of(index, base)
    if len(reports) <= 1 and len(set(index.subjects(RDF_TYPE, QB_DATASET)) | set(reports)) <= 1:
        return [(r, index) for r in reports]  # the graph holds this one report only
    report_set = set(reports)
    observation_of = {o: r for o, r in index.by_pred.get(QB_DATASET_PROP, ()) if r in report_set}
    out = []
    for report in reports:
        triples: dict[Triple, None] = {}
        todo = [report] + [o for o, r in observation_of.items() if r == report]
        todo += index.subjects(DCT_PART_OF, report)
        seen = set(todo)
        while todo:
            node = todo.pop()
            for p, objects in index.out.get(node, {}).items():
                for o in objects:
                    triples[(node, p, o)] = None
                    if not isinstance(o, ox.Literal) and o not in seen and o not in report_set:
                        if observation_of.get(o, report) != report:
                            continue  # never walk into another report's observations
                        seen.add(o)
                        todo.append(o)
        out.append((report, TripleIndex(list(triples))))
    return out


# --- files ---------------------------------------------------------------------------------------
def read_file_pending(path: Path, fmt: str) -> tuple[dict[object, list[Triple]], PendingStore]:
    """The file's triples per graph name (ox.DefaultGraph() for triples), in the order the graphs
    first appear, literals in rdflib's lexical form; and a store of them, graph by graph, still
    loading on its thread: the caller asks for it (``result()``) when the rules need it, so that the
    load runs beside the index and the structural shapes. Raises SyntaxError / ValueError / OSError
    as Oxigraph's parser does."""
    base_iri = Path(path).resolve().as_uri()  # relative IRIs resolve against the file, as rdflib does
    loading = _StoreLoad(path, FORMATS[fmt], base_iri)  # Oxigraph fills its store while Python reads
    try:
        graphs, renamed, blank = _parse_quads(path, FORMATS[fmt], base_iri)
    except BaseException:
        loading.result()  # the same error, or none: either way the parse's error is the one to tell
        raise
    read = {name: list(triples) for name, triples in graphs.items() if triples}
    return read, PendingStore(loading, read, renamed, blank)


class PendingStore:
    """The store of a file Oxigraph is loading; ``result()`` waits for it and gives it the index's
    terms (rdflib's lexical forms; the index's own blank nodes, which a second parse names anew)."""

    def __init__(self, loading: _StoreLoad, graphs: dict, renamed: list, blank: bool):
        self.loading, self.graphs, self.renamed, self.blank = loading, graphs, renamed, blank
        self.store: ox.Store | None = None

    def result(self) -> ox.Store:
        if self.store is not None:
            return self.store
        store = self.loading.result()
        if store is None or self.blank:
            store = ox.Store()
            store.bulk_extend(
                ox.Quad(s, p, o, g) for g, triples in self.graphs.items() for s, p, o in triples
            )
        else:
            for original, lexical in self.renamed:
                store.remove(original)
                store.add(lexical)
        self.store = store
        return store


def _parse_quads(path: Path, fmt: ox.RdfFormat, base_iri: str):
    """The triples per graph name (a dict as an ordered set), the quads whose literal rdflib writes
    otherwise (as read, as rdflib writes it), and whether any term is a blank node."""
    graphs: dict[object, dict[Triple, None]] = {}
    renamed: list[tuple[ox.Quad, ox.Quad]] = []
    blank = False
    for quad in ox.parse(path=str(path), format=fmt, base_iri=base_iri):
        name, subject, predicate, value = quad.graph_name, quad.subject, quad.predicate, quad.object
        triples = graphs.get(name)
        if triples is None:
            triples = graphs[name] = {}
            blank = blank or isinstance(name, ox.BlankNode)
        if isinstance(value, ox.Literal):
            lexical = normalised(value)
            if lexical is not value:
                renamed.append((quad, ox.Quad(subject, predicate, lexical, name)))
                value = lexical
        elif isinstance(value, ox.BlankNode):
            blank = True
        if isinstance(subject, ox.BlankNode):
            blank = True
        triples[(subject, predicate, value)] = None
    return graphs, renamed, blank


class _StoreLoad:
    """Oxigraph's own parse of a file into a store, on a thread: the parser and the store run in Rust
    without the interpreter's lock, so the load costs no time beside the Python read of the same file.
    ``result()``: the store, or None where Oxigraph refused the file (the Python read says why)."""

    def __init__(self, path: Path, fmt: ox.RdfFormat, base_iri: str):
        self.store: ox.Store | None = ox.Store()
        self.thread = threading.Thread(target=self._load, args=(str(path), fmt, base_iri), daemon=True)
        self.thread.start()

    def _load(self, path: str, fmt: ox.RdfFormat, base_iri: str) -> None:
        try:
            self.store.load(path=path, format=fmt, base_iri=base_iri)
        except (SyntaxError, ValueError, OSError):
            self.store = None

    def result(self) -> ox.Store | None:
        self.thread.join()
        return self.store


def store_of(triples: Iterable[Triple]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(s, p, o) for s, p, o in triples)
    return store
