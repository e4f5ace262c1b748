"""``juesuan validate --across STORE``: the rules that compare one organisation's reports with each other.

The rules are the SHACL-SPARQL shapes of shapes/integrity-across.ttl (this year's 上年 figures against
last year's report, a 决算's 年初预算 against the same year's 预算, a change in words against last
year's level). Each rule's SELECT is run once over the union of the store's graphs, ``$this`` left free
(it is bound by the query itself to every report that has a match: the results SHACL gives for all
focus nodes together). The findings are published into the store as data, as a sh:ValidationReport in
their own named graph ``{base}id/audit/across``, replaced on each run: one statement in one graph.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH, XSD

from converter.resources import shapes_dir
from converter.uris import DEFAULT_BASE, normalise_base

ACROSS_FILE = "integrity-across.ttl"
RESULTS_JSON = "application/sparql-results+json"
_VAR = re.compile(r"\{[?$](\w+)\}")
_ABSOLUTE = re.compile(r"^[a-zA-Z][\w+.-]*:")
SH_NS = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def load_rule_file(name: str, base: str = DEFAULT_BASE) -> Graph:
    """A shapes file parsed with ``base``, its relative sh:namespace literals resolved against it (as a
    publisher hands them to pyshacl or any SHACL engine)."""
    base = normalise_base(base)
    graph = Graph()
    graph.parse(shapes_dir() / name, format="turtle", publicID=base)
    for declaration, namespace in list(graph.subject_objects(SH.namespace)):
        if not _ABSOLUTE.match(str(namespace)):
            graph.set((declaration, SH.namespace, Literal(base + str(namespace), datatype=XSD.anyURI)))
    return graph


@dataclass(frozen=True)
class AcrossRule:
    shape: str
    rule: str
    severity: str  # Violation | Warning | Info
    messages: tuple[tuple[str, str], ...]
    query: str


@cache
def across_rules(base: str = DEFAULT_BASE) -> tuple[AcrossRule, ...]:
    graph = load_rule_file(ACROSS_FILE, base)
    rules = []
    for shape, constraint in graph.subject_objects(SH.sparql):
        prefixes = sorted(
            {
                f"PREFIX {graph.value(d, SH.prefix)}: <{graph.value(d, SH.namespace)}>"
                for holder in graph.objects(constraint, SH.prefixes)
                for d in graph.objects(holder, SH.declare)
            }
        )
        select = str(graph.value(constraint, SH.select))
        severity = str(graph.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
        messages = tuple(sorted((m.language or "", str(m)) for m in graph.objects(shape, SH.message)))
        query = "\n".join(prefixes) + "\n" + select.replace("$this", "?this")
        rules.append(AcrossRule(str(shape), str(graph.value(shape, RDFS.label)), severity, messages, query))
    return tuple(sorted(rules, key=lambda r: r.rule))


@dataclass
class AcrossFinding:
    rule: AcrossRule
    focus: str
    bindings: dict[str, dict] = field(default_factory=dict)
    # the same finding of other statements of the report (one wording printed twice): merged into this
    repeated_at: list[dict] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        term = self.bindings.get(name)
        return None if term is None else term["value"]

    def message(self, lang: str) -> str:
        template = dict(self.rule.messages).get(lang) or next(iter(dict(self.rule.messages).values()), "")
        text = _VAR.sub(lambda m: self.value(m.group(1)) or "", template)
        if self.repeated_at:  # the note of the in-report audit (converter/validate/merge.py)
            n = len(self.repeated_at)
            text += (
                f" ［同一表述另见 {n} 处］" if lang == "zh" else f" ［stated again in {n} other place(s)］"
            )
        return text

    def fact(self) -> tuple:
        """What the finding is about, wherever the report states it: the rule, the report, the figure
        compared with and both values."""
        return (self.rule.rule, self.focus, *(self.value(v) for v in ("other", "stated", "computed", "item")))


def run_rules(store, base: str) -> list[AcrossFinding]:
    findings = []
    for rule in across_rules(normalise_base(base)):
        result = store.query(rule.query, formats={"solutions": RESULTS_JSON}, max_rows=1_000_000)
        for row in json.loads(result.body)["results"]["bindings"]:
            if "this" in row:
                findings.append(AcrossFinding(rule, row["this"]["value"], row))
    return merge_repeated(sorted(findings, key=lambda f: (f.focus, f.rule.rule, _in_order(f.value("value")))))


def _in_order(iri: str | None) -> tuple:
    """claim/9 before claim/10: the statements of a report in the order it makes them."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", iri or ""))


def merge_repeated(findings: list[AcrossFinding]) -> list[AcrossFinding]:
    """One fact printed twice is one finding: two statements of a report that say the same of the same
    figure against the same one of the other report ("比2022年基本持平" printed in the 三公经费 paragraph and
    again under 因公出国（境）费) are reported once, at the first, with the others named."""
    kept: dict[tuple, AcrossFinding] = {}
    out: list[AcrossFinding] = []
    for finding in findings:
        first = kept.setdefault(finding.fact(), finding)
        if first is finding:
            out.append(finding)
        elif "value" in finding.bindings:
            first.repeated_at.append(finding.bindings["value"])
    return out


def audit_graph_name(base: str) -> str:
    return f"{normalise_base(base)}id/audit/across"


def _term(binding: dict) -> ox.NamedNode | ox.Literal:
    if binding["type"] == "uri":
        return ox.NamedNode(binding["value"])
    datatype = binding.get("datatype")
    if datatype:
        return ox.Literal(binding["value"], datatype=ox.NamedNode(datatype))
    return ox.Literal(binding["value"], language=binding.get("xml:lang"))


def audit_triples(findings: list[AcrossFinding], base: str) -> list[ox.Triple]:
    """The findings as a sh:ValidationReport: {base}id/audit/across and its results .../result/<n>."""
    shape_ns = f"{normalise_base(base)}def/shapes#"
    name = ox.NamedNode(audit_graph_name(base))
    sh = lambda local: ox.NamedNode(SH_NS + local)  # noqa: E731
    triples = [
        ox.Triple(name, ox.NamedNode(RDF_TYPE), sh("ValidationReport")),
        ox.Triple(
            name,
            sh("conforms"),
            ox.Literal(
                str(not any(f.rule.severity == "Violation" for f in findings)).lower(),
                datatype=ox.NamedNode(str(XSD.boolean)),
            ),
        ),
    ]
    for n, finding in enumerate(findings, start=1):
        node = ox.NamedNode(f"{name.value}/result/{n}")
        triples += [
            ox.Triple(name, sh("result"), node),
            ox.Triple(node, ox.NamedNode(RDF_TYPE), sh("ValidationResult")),
            ox.Triple(node, sh("focusNode"), ox.NamedNode(finding.focus)),
            ox.Triple(node, sh("sourceShape"), ox.NamedNode(finding.rule.shape)),
            ox.Triple(node, sh("resultSeverity"), sh(finding.rule.severity)),
            ox.Triple(node, sh("sourceConstraintComponent"), sh("SPARQLConstraintComponent")),
        ]
        for lang, _ in finding.rule.messages:
            triples.append(
                ox.Triple(node, sh("resultMessage"), ox.Literal(finding.message(lang), language=lang or None))
            )
        if "value" in finding.bindings:
            triples.append(ox.Triple(node, sh("value"), _term(finding.bindings["value"])))
        for again in finding.repeated_at:
            triples.append(ox.Triple(node, ox.NamedNode(shape_ns + "statedAgainAt"), _term(again)))
        if "other" in finding.bindings:
            triples.append(
                ox.Triple(node, ox.NamedNode(shape_ns + "involves"), _term(finding.bindings["other"]))
            )
        for var, prop in (
            ("stated", "statedValue"),
            ("computed", "computedValue"),
            ("tolerance", "tolerance"),
        ):
            if var in finding.bindings:
                value = Decimal(finding.bindings[var]["value"])
                triples.append(
                    ox.Triple(
                        node,
                        ox.NamedNode(shape_ns + prop),
                        ox.Literal(format(value, "f"), datatype=ox.NamedNode(str(XSD.decimal))),
                    )
                )
    return triples


def validate_across(store, base: str) -> list[AcrossFinding]:
    """Run the rules over the store's union and publish the findings, replacing the previous run's."""
    findings = run_rules(store, base)
    store.replace_graphs({audit_graph_name(base): audit_triples(findings, base)})
    return findings


def run_across(args: argparse.Namespace) -> int:
    from server.store.factory import open_store

    base = args.base or DEFAULT_BASE
    store = open_store(args.across, workers=1)
    try:
        findings = validate_across(store, base)
    finally:
        store.close()
        del store
        gc.collect()  # the embedded store's RocksDB lock goes with its last reference
    out = sys.stdout
    if getattr(args, "format", "text") == "json":
        rows = [
            {"rule": f.rule.rule, "severity": f.rule.severity, "focus_node": f.focus, "value": f.value("value"),
             "other": f.value("other"), "stated": f.value("stated"), "computed": f.value("computed"),
             "tolerance": f.value("tolerance"), "message": {"zh": f.message("zh"), "en": f.message("en")}}
            for f in findings
        ]  # fmt: skip
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(f"{len(findings)} finding(s) across reports, published in <{audit_graph_name(base)}>\n")
        for f in findings:
            out.write(f"  {f.rule.severity} [{f.rule.rule}] {f.message('zh')}\n      at {f.focus}\n")
    return 1 if any(f.rule.severity == "Violation" for f in findings) else 0
