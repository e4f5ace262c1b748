"""The observed layer: classification codes and names as published documents attest them.

A table row such as "201 06 08 财政委托业务支出" in a 2024 决算 is a witness that the code and the
name went together that year. Converted reports carry each such pair on an attestation node of the
report, ``{report}/attestation/{scheme}/{code} fiscal:attestsConcept <concept> ; fiscal:attestedLabel
"wording"`` (files of the earlier layout: ``<concept> fiscal:attestedLabel "wording"``); this module
harvests them from RDF files, reconciles them with the national lists and reports conflicts:

- a code attested with a name other than its national label;
- one name attested under different codes (within a scheme and level);
- a code absent from every list (minted provisional by the converter).

    juesuan vocab observe out/examples.trig [-o ontology/vocab/observed.ttl]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from converter.rdf_files import load_dataset
from converter.resolve.classification import economic_classification, function_classification
from converter.resolve.names import normalise_name
from converter.uris import DEFAULT_BASE, UriBuilder, segment


@dataclass
class Attested:
    scheme: str  # "function" | "economic"
    code: str
    label: str
    documents: set[str] = field(default_factory=set)  # report IRIs (named graphs)


@dataclass
class Conflict:
    kind: str  # "name-differs" | "name-on-several-codes" | "not-in-lists"
    scheme: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]
    national_label: str | None
    documents: tuple[str, ...]

    def line(self) -> str:
        docs = len(self.documents)
        national = f" (national: {self.national_label})" if self.national_label else ""
        return f"{self.kind:22} {self.scheme:9} {'/'.join(self.codes):16} {' | '.join(self.labels)}{national} [{docs} doc(s)]"


def harvest(paths: Iterable[Path], base: str = DEFAULT_BASE) -> list[Attested]:
    uris = UriBuilder(base)
    attested_label = URIRef(f"{uris.ontology_namespace}attestedLabel")
    attests = URIRef(f"{uris.ontology_namespace}attestsConcept")
    prefixes = {"function": f"{uris.base}id/function/", "economic": f"{uris.base}id/economic/"}
    found: dict[tuple[str, str, str], Attested] = {}
    for path in paths:
        data = load_dataset(Path(path))
        for graph in data.graphs():
            for node, label in graph.subject_objects(attested_label):
                concept = graph.value(node, attests) or node  # an attestation node, or a concept (old)
                scheme = next((s for s, p in prefixes.items() if str(concept).startswith(p)), None)
                if scheme is None:
                    continue
                code = str(concept)[len(prefixes[scheme]) :]
                key = (scheme, code, normalise_name(str(label)))
                entry = found.setdefault(key, Attested(scheme, code, str(label)))
                entry.documents.add(str(graph.value(node, DCTERMS.isPartOf) or graph.identifier))
    return sorted(found.values(), key=lambda a: (a.scheme, a.code, a.label))


def _national(scheme: str):
    return function_classification() if scheme == "function" else economic_classification()


def _bare(label: str) -> str:
    key = normalise_name(label)
    return key[:-2] if key.endswith("支出") and len(key) > 4 else key


def reconcile(attested: list[Attested]) -> list[Conflict]:
    conflicts: list[Conflict] = []
    by_code: dict[tuple[str, str], list[Attested]] = defaultdict(list)
    by_name: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for entry in attested:
        by_code[(entry.scheme, entry.code)].append(entry)
        by_name[(entry.scheme, len(entry.code), _bare(entry.label))].add(entry.code)
    for (scheme, code), entries in sorted(by_code.items()):
        national = _national(scheme).get(code)
        documents = tuple(sorted({d for e in entries for d in e.documents}))
        labels = tuple(sorted({e.label for e in entries}))
        if national is None:
            conflicts.append(Conflict("not-in-lists", scheme, (code,), labels, None, documents))
            continue
        differing = tuple(label for label in labels if _bare(label) != _bare(national.label))
        if differing:
            conflicts.append(Conflict("name-differs", scheme, (code,), differing, national.label, documents))
    for (scheme, _length, _name), codes in sorted(by_name.items()):
        if len(codes) > 1:
            entries = [e for e in attested if e.scheme == scheme and e.code in codes]
            labels = tuple(sorted({e.label for e in entries if _bare(e.label) == _name}))
            if not labels:
                continue
            documents = tuple(sorted({d for e in entries for d in e.documents}))
            conflicts.append(
                Conflict("name-on-several-codes", scheme, tuple(sorted(codes)), labels, None, documents)
            )
    return conflicts


def observed_graph(attested: list[Attested], base: str = DEFAULT_BASE) -> Graph:
    """The observed layer as RDF: one fiscal:Attestation per (code, name), with its documents."""
    uris = UriBuilder(base)
    fiscal = Namespace(uris.ontology_namespace)
    graph = Graph()
    graph.bind("fiscal", fiscal)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    scheme_iri = uris.scheme("observed")
    graph.add((scheme_iri, RDF.type, SKOS.Collection))
    graph.add((scheme_iri, RDFS.label, Literal("文件所见科目名称", lang="zh")))
    graph.add((scheme_iri, RDFS.label, Literal("Classification names attested by documents", lang="en")))
    for entry in attested:
        concept = (uris.function_concept if entry.scheme == "function" else uris.economic_concept)(entry.code)
        node = URIRef(
            f"{scheme_iri}/{entry.scheme}/{segment(entry.code)}/{segment(normalise_name(entry.label))}"
        )
        graph.add((node, RDF.type, fiscal.Attestation))
        graph.add((node, fiscal.attestsConcept, concept))
        graph.add((node, SKOS.notation, Literal(entry.code)))
        graph.add((node, fiscal.attestedLabel, Literal(entry.label, lang="zh")))
        graph.add((node, fiscal.documentCount, Literal(len(entry.documents), datatype=XSD.integer)))
        for document in sorted(entry.documents):
            graph.add((node, DCTERMS.source, URIRef(document)))
        graph.add((scheme_iri, SKOS.member, node))
    return graph
