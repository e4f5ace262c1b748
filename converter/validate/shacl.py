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

A shapes graph using anything else raises :class:`Unsupported`; the runner then falls back to
pyshacl (``engine="pyshacl"`` forces it; tests check both engines agree on the sample).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

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
    node_kinds: list[Node] = field(default_factory=list)
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
                self.targeted.append((shape, targets))

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
        shape.has_values = p.get(SH.hasValue, [])
        shape.datatypes = p.get(SH.datatype, [])
        shape.classes = p.get(SH["class"], [])
        shape.node_kinds = p.get(SH.nodeKind, [])
        if SH.pattern in p:
            flags = str(first(SH.flags)) if SH.flags in p else ""
            shape.pattern = re.compile(str(first(SH.pattern)), re.I if "i" in flags else 0)
        shape.min_length = int(first(SH.minLength)) if SH.minLength in p else None
        shape.max_length = int(first(SH.maxLength)) if SH.maxLength in p else None
        shape.in_sets = [frozenset(Collection(g, x)) for x in p.get(SH["in"], [])]
        shape.nodes = [self.shape(x) for x in p.get(SH.node, [])]
        shape.nots = [self.shape(x) for x in p.get(SH["not"], [])]
        shape.ors = [self.shapes_list(x) for x in p.get(SH["or"], [])]
        shape.ands = [self.shapes_list(x) for x in p.get(SH["and"], [])]
        shape.xones = [self.shapes_list(x) for x in p.get(SH.xone, [])]
        if SH.qualifiedValueShape in p:
            shape.qualified = self.shape(first(SH.qualifiedValueShape))
            shape.qualified_min = int(first(SH.qualifiedMinCount)) if SH.qualifiedMinCount in p else None
            shape.qualified_max = int(first(SH.qualifiedMaxCount)) if SH.qualifiedMaxCount in p else None
        shape.less_or_equal = p.get(SH.lessThanOrEquals, [])
        shape.less = p.get(SH.lessThan, [])
        shape.equals = p.get(SH.equals, [])
        return shape

    def _path(self, node: Node) -> object:
        g = self.graph
        if isinstance(node, URIRef):
            return node
        inverse = g.value(node, SH.inversePath)
        if inverse is not None:
            return ("inverse", self._path(inverse))
        if g.value(node, RDF.first) is not None:
            return ("sequence", [self._path(p) for p in Collection(g, node)])
        raise Unsupported(f"path {node}")

    def shapes_list(self, node: Node) -> list[Shape]:
        return [self.shape(item) for item in Collection(self.graph, node)]


class DataIndex:
    """The data graph read once into dictionaries (rdflib's store look-ups dominate otherwise)."""

    def __init__(self, data: Graph):
        self.out: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self.inv: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self.by_pred_s: dict[Node, dict[Node, None]] = defaultdict(dict)
        self.by_pred_o: dict[Node, dict[Node, None]] = defaultdict(dict)
        for s, p, o in data:
            self.out[s][p].append(o)
            self.inv[o][p].append(s)
            self.by_pred_s[p][s] = None
            self.by_pred_o[p][o] = None

    def objects(self, s: Node, p: Node) -> list[Node]:
        node = self.out.get(s)
        return node.get(p, []) if node else []

    def subjects(self, p: Node, o: Node) -> list[Node]:
        node = self.inv.get(o)
        return node.get(p, []) if node else []


def path_values(data: DataIndex, focus: Node, path: object) -> list[Node]:
    if isinstance(path, URIRef):
        return data.objects(focus, path)
    kind, inner = path  # type: ignore[misc]
    if kind == "inverse":
        return data.subjects(inner, focus) if isinstance(inner, URIRef) else []
    nodes = [focus]
    for step in inner:
        nodes = [v for n in nodes for v in path_values(data, n, step)]
    return list(dict.fromkeys(nodes))


class Evaluator:
    def __init__(self, shapes: ShapesGraph, data: Graph):
        self.shapes = shapes
        self.data = DataIndex(data)
        self._types: dict[Node, set[Node]] = {}

    # --- targets -------------------------------------------------------------------------------
    def _instances(self, cls: Node) -> list[Node]:
        classes, todo = {cls}, [cls]
        while todo:
            for sub in self.data.subjects(RDFS.subClassOf, todo.pop()):
                if sub not in classes:
                    classes.add(sub)
                    todo.append(sub)
        return [s for c in classes for s in self.data.subjects(RDF.type, c)]

    def focus_nodes(self, targets: list[tuple[URIRef, Node]]) -> list[Node]:
        found: dict[Node, None] = {}
        for pred, obj in targets:
            if pred == _T_CLASS:
                found.update(dict.fromkeys(self._instances(obj)))
            elif pred == _T_SUBJ:
                found.update(self.data.by_pred_s.get(obj, {}))
            elif pred == _T_OBJ:
                found.update(self.data.by_pred_o.get(obj, {}))
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
        for value in values:
            yield from self._value_checks(shape, value, result)
        for prop in shape.properties:
            for v in values:
                yield from self.validate(prop, v)

    def _value_checks(self, shape: Shape, value: Node, result) -> Iterable[Result]:
        for datatype in shape.datatypes:
            if not _has_datatype(value, datatype):
                yield result("datatype", value)
        for cls in shape.classes:
            if not self._is_instance(value, cls):
                yield result("class", value)
        for kind in shape.node_kinds:
            if not _node_kind(value, kind):
                yield result("nodeKind", value)
        if shape.pattern is not None and (isinstance(value, BNode) or not shape.pattern.search(str(value))):
            yield result("pattern", value)
        if shape.min_length is not None and (isinstance(value, BNode) or len(str(value)) < shape.min_length):
            yield result("minLength", value)
        if shape.max_length is not None and (isinstance(value, BNode) or len(str(value)) > shape.max_length):
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
            todo = list(self.data.objects(node, RDF.type))
            while todo:
                t = todo.pop()
                if t not in types:
                    types.add(t)
                    todo.extend(self.data.objects(t, RDFS.subClassOf))
            self._types[node] = types
        return cls in types


def _has_datatype(value: Node, datatype: Node) -> bool:
    if not isinstance(value, Literal):
        return False
    if datatype == RDF.langString:
        return value.language is not None
    if value.datatype is None:
        return datatype == XSD.string and value.language is None
    return value.datatype == datatype and not getattr(value, "ill_typed", False)


def _node_kind(value: Node, kind: Node) -> bool:
    is_iri, is_blank, is_lit = isinstance(value, URIRef), isinstance(value, BNode), isinstance(value, Literal)
    return {
        SH.IRI: is_iri,
        SH.BlankNode: is_blank,
        SH.Literal: is_lit,
        SH.BlankNodeOrIRI: is_iri or is_blank,
        SH.BlankNodeOrLiteral: is_blank or is_lit,
        SH.IRIOrLiteral: is_iri or is_lit,
    }.get(kind, False)


def _compare(a: Node, b: Node) -> int | None:
    if not (isinstance(a, Literal) and isinstance(b, Literal)):
        return None
    try:
        x, y = Decimal(str(a)), Decimal(str(b))
    except InvalidOperation:
        x, y = str(a), str(b)  # type: ignore[assignment]
    return (x > y) - (x < y)


def evaluate(shapes: ShapesGraph, data: Graph) -> list[Result]:
    return Evaluator(shapes, data).run()
