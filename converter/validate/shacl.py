"""SHACL Core for the structural shapes, fast enough to run per report graph.

pyshacl needs 1.5-3 s for one report of about 6,500 triples (mostly in building the results
of failing ``sh:or`` branches); this evaluator does the same checks in tens of milliseconds. It
implements the part of SHACL Core the shapes in ``shapes/*.ttl`` use:

* targets: sh:targetClass (with rdfs:subClassOf in the data), sh:targetSubjectsOf,
  sh:targetObjectsOf, sh:targetNode;
* paths: a predicate, a sequence path ``( p1 p2 )``, sh:inversePath;
* constraints: sh:minCount, sh:maxCount, sh:datatype, sh:class, sh:nodeKind, sh:pattern
  (with sh:flags), sh:minLength, sh:maxLength, sh:in, sh:hasValue, sh:node, sh:not, sh:or,
  sh:and, sh:xone, sh:qualifiedValueShape + sh:qualifiedMinCount/MaxCount,
  sh:lessThanOrEquals, sh:lessThan, sh:equals;
* sh:deactivated, sh:severity, sh:message.

The data is a :class:`~converter.validate.oxdata.TripleIndex` of pyoxigraph terms (read from a file
by Oxigraph, or an rdflib graph's triples converted); the shapes' constants are compiled to the same
terms, so a look-up is a dictionary access on terms hashed and compared in Rust. Results carry
pyoxigraph terms for the focus node and value, the shapes graph's nodes for the shape and path.

A shapes graph using anything else raises :class:`Unsupported`; the runner then falls back to
pyshacl (``engine="pyshacl"`` forces it; tests check both engines agree on the sample).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from converter.validate.oxdata import TripleIndex, ill_typed, normalised, to_ox

SUPPORTED = {
    SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.path, SH.property,
    SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH.flags,
    SH.minLength, SH.maxLength, SH["in"], SH.hasValue, SH.node, SH["not"], SH["or"], SH["and"],
    SH.xone, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint, SH.lessThanOrEquals, SH.lessThan, SH.equals, SH.deactivated,
    SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.declare, SH.prefixes,
}  # fmt: skip
IGNORED_NAMESPACES = (
    str(RDFS),
    str(RDF),
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2004/02/skos/core#",
)


class Unsupported(Exception):
    """The shapes graph uses a SHACL feature this evaluator does not implement."""


@dataclass
class Result:
    focus: Node
    shape: Node  # the shape holding the failing constraint
    component: URIRef  # sh:...ConstraintComponent
    severity: URIRef
    messages: list[Literal]
    path: Node | None = None
    value: Node | None = None


@dataclass
class Shape:
    node: Node
    path: object | None = None  # None for a node shape
    path_node: Node | None = None  # the sh:path value as written, for results
    params: dict[URIRef, list[Node]] = field(default_factory=dict)
    properties: list[Shape] = field(default_factory=list)
    severity: URIRef = SH.Violation
    messages: list[Literal] = field(default_factory=list)
    deactivated: bool = False
    # compiled parameters
    min_count: int | None = None
    max_count: int | None = None
    has_values: list[Node] = field(default_factory=list)
    datatypes: list[Node] = field(default_factory=list)
    classes: list[Node] = field(default_factory=list)
    node_kinds: list = field(default_factory=list)  # the pyoxigraph term classes a value may be
    pattern: re.Pattern | None = None
    min_length: int | None = None
    max_length: int | None = None
    in_sets: list[frozenset] = field(default_factory=list)
    nodes: list[Shape] = field(default_factory=list)
    nots: list[Shape] = field(default_factory=list)
    ors: list[list[Shape]] = field(default_factory=list)
    ands: list[list[Shape]] = field(default_factory=list)
    xones: list[list[Shape]] = field(default_factory=list)
    qualified: Shape | None = None
    qualified_min: int | None = None
    qualified_max: int | None = None
    less_or_equal: list[Node] = field(default_factory=list)
    less: list[Node] = field(default_factory=list)
    equals: list[Node] = field(default_factory=list)
    checks_values: bool = True  # any constraint on each value (datatype ... xone): most have none
    checks_focus: bool = True  # hasValue, qualified counts, lessThan(OrEquals), equals


_T_CLASS, _T_SUBJ, _T_OBJ, _T_NODE = SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode
_C = {
    name: SH[name[0].upper() + name[1:] + "ConstraintComponent"]
    for name in (
        "minCount maxCount hasValue qualifiedMinCount qualifiedMaxCount lessThanOrEquals lessThan equals "
        "datatype class nodeKind pattern minLength maxLength in node not or and xone"
    ).split()
}


class ShapesGraph:
    """Parsed and compiled shapes, ready to evaluate many data graphs."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        self.targeted: list[tuple[Shape, list[tuple[URIRef, Node]]]] = []
        shape_nodes: set[Node] = set()
        for pred in (_T_CLASS, _T_SUBJ, _T_OBJ, _T_NODE):
            shape_nodes.update(graph.subjects(pred, None))
        shape_nodes.update(graph.subjects(RDF.type, SH.NodeShape))
        shape_nodes.update(graph.subjects(RDF.type, SH.PropertyShape))
        for node in sorted(shape_nodes, key=str):
            shape = self.shape(node)
            targets = [
                (pred, obj)
                for pred in (_T_CLASS, _T_SUBJ, _T_OBJ, _T_NODE)
                for obj in graph.objects(node, pred)
            ]
            if targets and not shape.deactivated:
                self.targeted.append((shape, [(pred, to_ox(obj)) for pred, obj in targets]))

    def shape(self, node: Node) -> Shape:
        if node in self._shapes:
            return self._shapes[node]
        g = self.graph
        shape = Shape(node)
        self._shapes[node] = shape
        for pred, obj in g.predicate_objects(node):
            if pred == RDF.type or str(pred).startswith(IGNORED_NAMESPACES):
                continue
            if str(pred).startswith(str(SH)) and pred not in SUPPORTED:
                raise Unsupported(f"{pred} (in shape {node})")
            if not str(pred).startswith(str(SH)):
                continue  # annotations of other vocabularies
            shape.params.setdefault(pred, []).append(obj)
        p = shape.params
        path = g.value(node, SH.path)
        if path is not None:
            shape.path = self._path(path)
            shape.path_node = path
        shape.severity = g.value(node, SH.severity) or SH.Violation
        shape.messages = list(g.objects(node, SH.message))
        shape.deactivated = g.value(node, SH.deactivated) == Literal(True)
        shape.properties = [self.shape(x) for x in g.objects(node, SH.property)]
        first = lambda key: p[key][0] if key in p else None  # noqa: E731
        shape.min_count = int(first(SH.minCount)) if SH.minCount in p else None
        shape.max_count = int(first(SH.maxCount)) if SH.maxCount in p else None
        # the constants the data is compared with, as pyoxigraph terms (the data's)
        shape.has_values = [_data_term(x) for x in p.get(SH.hasValue, [])]
        shape.datatypes = [to_ox(x) for x in p.get(SH.datatype, [])]
        shape.classes = [to_ox(x) for x in p.get(SH["class"], [])]
        shape.node_kinds = [_KINDS.get(x, ()) for x in p.get(SH.nodeKind, [])]
        if SH.pattern in p:
            flags = str(first(SH.flags)) if SH.flags in p else ""
            shape.pattern = re.compile(str(first(SH.pattern)), re.I if "i" in flags else 0)
        shape.min_length = int(first(SH.minLength)) if SH.minLength in p else None
        shape.max_length = int(first(SH.maxLength)) if SH.maxLength in p else None
        shape.in_sets = [frozenset(_data_term(t) for t in Collection(g, x)) for x in p.get(SH["in"], [])]
        shape.nodes = [self.shape(x) for x in p.get(SH.node, [])]
        shape.nots = [self.shape(x) for x in p.get(SH["not"], [])]
        shape.ors = [self.shapes_list(x) for x in p.get(SH["or"], [])]
        shape.ands = [self.shapes_list(x) for x in p.get(SH["and"], [])]
        shape.xones = [self.shapes_list(x) for x in p.get(SH.xone, [])]
        if SH.qualifiedValueShape in p:
            shape.qualified = self.shape(first(SH.qualifiedValueShape))
            shape.qualified_min = int(first(SH.qualifiedMinCount)) if SH.qualifiedMinCount in p else None
            shape.qualified_max = int(first(SH.qualifiedMaxCount)) if SH.qualifiedMaxCount in p else None
        shape.less_or_equal = [to_ox(x) for x in p.get(SH.lessThanOrEquals, [])]
        shape.less = [to_ox(x) for x in p.get(SH.lessThan, [])]
        shape.equals = [to_ox(x) for x in p.get(SH.equals, [])]
        shape.checks_values = any(
            (shape.datatypes, shape.classes, shape.node_kinds, shape.pattern is not None,
             shape.min_length is not None, shape.max_length is not None, shape.in_sets, shape.nodes,
             shape.nots, shape.ors, shape.ands, shape.xones)
        )  # fmt: skip
        shape.checks_focus = any(
            (shape.has_values, shape.qualified is not None, shape.less_or_equal, shape.less, shape.equals)
        )
        return shape

    def _path(self, node: Node) -> object:
        g = self.graph
        if isinstance(node, URIRef):
            return to_ox(node)
        inverse = g.value(node, SH.inversePath)
        if inverse is not None:
            return ("inverse", self._path(inverse))
        if g.value(node, RDF.first) is not None:
            return ("sequence", [self._path(p) for p in Collection(g, node)])
        raise Unsupported(f"path {node}")

    def shapes_list(self, node: Node) -> list[Shape]:
        return [self.shape(item) for item in Collection(self.graph, node)]


def path_values(data: TripleIndex, focus, path: object) -> list:
    if isinstance(path, ox.NamedNode):
        return data.objects(focus, path)
    kind, inner = path  # type: ignore[misc]
    if kind == "inverse":
        return data.subjects(inner, focus) if isinstance(inner, ox.NamedNode) else []
    nodes = [focus]
    for step in inner:
        nodes = [v for n in nodes for v in path_values(data, n, step)]
    return list(dict.fromkeys(nodes))


class Evaluator:
    def __init__(self, shapes: ShapesGraph, data: TripleIndex | Graph):
        self.shapes = shapes
        if isinstance(data, Graph):  # an rdflib graph: its triples as pyoxigraph terms
            data = TripleIndex((to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data)
        self.data = data
        self._types: dict = {}

    # --- targets -------------------------------------------------------------------------------
    def _instances(self, cls: Node) -> list[Node]:
        classes, todo = {cls}, [cls]
        while todo:
            for sub in self.data.subjects(_SUBCLASS, todo.pop()):
                if sub not in classes:
                    classes.add(sub)
                    todo.append(sub)
        return [s for c in classes for s in self.data.subjects(_TYPE, c)]

    def focus_nodes(self, targets: list[tuple[URIRef, Node]]) -> list[Node]:
        found: dict[Node, None] = {}
        for pred, obj in targets:
            if pred == _T_CLASS:
                found.update(dict.fromkeys(self._instances(obj)))
            elif pred == _T_SUBJ:
                found.update(dict.fromkeys(self.data.subjects_of(obj)))
            elif pred == _T_OBJ:
                found.update(dict.fromkeys(self.data.objects_of(obj)))
            else:
                found[obj] = None
        return list(found)

    def run(self) -> list[Result]:
        results: list[Result] = []
        for shape, targets in self.shapes.targeted:
            for focus in self.focus_nodes(targets):
                results.extend(self.validate(shape, focus))
        return results

    def conforms(self, shape: Shape, node: Node) -> bool:
        for _ in self.validate(shape, node):
            return False
        return True

    # --- constraints ---------------------------------------------------------------------------
    def validate(self, shape: Shape, focus: Node) -> Iterator[Result]:
        if shape.deactivated:
            return
        if shape.path is not None:
            values = path_values(self.data, focus, shape.path)
        else:
            values = [focus]

        def result(component: str, value: Node | None = None) -> Result:
            return Result(
                focus, shape.node, _C[component], shape.severity, shape.messages, shape.path_node, value
            )

        if shape.min_count is not None and len(values) < shape.min_count:
            yield result("minCount")
        if shape.max_count is not None and len(values) > shape.max_count:
            yield result("maxCount")
        if shape.checks_focus:
            yield from self._focus_checks(shape, focus, values, result)
        if shape.checks_values:
            for value in values:
                yield from self._value_checks(shape, value, result)
        for prop in shape.properties:
            for v in values:
                yield from self.validate(prop, v)

    def _focus_checks(self, shape: Shape, focus, values: list, result) -> Iterable[Result]:
        for required in shape.has_values:
            if required not in values:
                yield result("hasValue")
        if shape.qualified is not None:
            count = sum(1 for v in values if self.conforms(shape.qualified, v))
            if shape.qualified_min is not None and count < shape.qualified_min:
                yield result("qualifiedMinCount")
            if shape.qualified_max is not None and count > shape.qualified_max:
                yield result("qualifiedMaxCount")
        for others_pred, component, allowed in (
            (shape.less_or_equal, "lessThanOrEquals", (-1, 0)),
            (shape.less, "lessThan", (-1,)),
        ):
            for other in others_pred:
                for v in values:
                    for o in self.data.objects(focus, other):
                        if _compare(v, o) not in allowed:
                            yield result(component, v)
        for other in shape.equals:
            if set(values) != set(self.data.objects(focus, other)):
                yield result("equals")

    def _value_checks(self, shape: Shape, value: Node, result) -> Iterable[Result]:
        for datatype in shape.datatypes:
            if not _has_datatype(value, datatype):
                yield result("datatype", value)
        for cls in shape.classes:
            if not self._is_instance(value, cls):
                yield result("class", value)
        for kinds in shape.node_kinds:
            if not isinstance(value, kinds):
                yield result("nodeKind", value)
        blank = isinstance(value, ox.BlankNode)
        if shape.pattern is not None and (blank or not shape.pattern.search(value.value)):
            yield result("pattern", value)
        if shape.min_length is not None and (blank or len(value.value) < shape.min_length):
            yield result("minLength", value)
        if shape.max_length is not None and (blank or len(value.value) > shape.max_length):
            yield result("maxLength", value)
        for members in shape.in_sets:
            if value not in members:
                yield result("in", value)
        for node in shape.nodes:
            if not self.conforms(node, value):
                yield result("node", value)
        for node in shape.nots:
            if self.conforms(node, value):
                yield result("not", value)
        for branches in shape.ors:
            if not any(self.conforms(s, value) for s in branches):
                yield result("or", value)
        for branches in shape.ands:
            if not all(self.conforms(s, value) for s in branches):
                yield result("and", value)
        for branches in shape.xones:
            if sum(1 for s in branches if self.conforms(s, value)) != 1:
                yield result("xone", value)

    def _is_instance(self, node: Node, cls: Node) -> bool:
        types = self._types.get(node)
        if types is None:
            types = set()
            todo = list(self.data.objects(node, _TYPE))
            while todo:
                t = todo.pop()
                if t not in types:
                    types.add(t)
                    todo.extend(self.data.objects(t, _SUBCLASS))
            self._types[node] = types
        return cls in types


def _data_term(term):
    """A shapes-graph constant as the data's pyoxigraph term (in rdflib's lexical form, as data is)."""
    return normalised(to_ox(term))


_TYPE, _SUBCLASS = to_ox(RDF.type), to_ox(RDFS.subClassOf)
_LANG_STRING, _STRING = to_ox(RDF.langString), to_ox(XSD.string)
_KINDS = {
    SH.IRI: ox.NamedNode,
    SH.BlankNode: ox.BlankNode,
    SH.Literal: ox.Literal,
    SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode),
    SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
    SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
}


def _has_datatype(value, datatype) -> bool:
    if not isinstance(value, ox.Literal):
        return False
    if datatype == _LANG_STRING:
        return value.language is not None
    return value.datatype == datatype and not ill_typed(value)


def _compare(a, b) -> int | None:
    if not (isinstance(a, ox.Literal) and isinstance(b, ox.Literal)):
        return None
    try:
        x, y = Decimal(a.value), Decimal(b.value)
    except InvalidOperation:
        x, y = a.value, b.value  # type: ignore[assignment]
    return (x > y) - (x < y)


def evaluate(shapes: ShapesGraph, data: TripleIndex | Graph) -> list[Result]:
    return Evaluator(shapes, data).run()
