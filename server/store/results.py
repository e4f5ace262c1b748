"""Serialising query results with a row cap and a byte cap (pyoxigraph serialises whole iterators only).

Rows beyond the row cap are dropped (and the response says so); results larger than the byte cap are
not sent at all (``ResultTooLarge``, 413): a truncated value would be a wrong one."""

from __future__ import annotations

import io
import json
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from server.store.base import ResultTooLarge

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
BOOLEAN_TYPES = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml"}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_field(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        value = "_:" + term.value
    elif isinstance(term, ox.NamedNode | ox.Literal):
        value = term.value
    else:
        value = str(term)
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def too_large(max_bytes: int) -> ResultTooLarge:
    return ResultTooLarge(
        f"the results are larger than the limit of {max_bytes:,} bytes and were not sent; ask for less "
        "(LIMIT, fewer or shorter values)"
    )


def _term_size(term) -> int:
    """A lower bound of a term's serialised size, cheap to compute."""
    if term is None:
        return 0
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return len(term.value) + 2
    return len(str(term))


def _bounded(items, max_rows: int, max_bytes: int | None, size) -> list:
    """Up to ``max_rows + 1`` items, refusing as soon as their size passes ``max_bytes``."""
    out = []
    total = 0
    for item in islice(items, max_rows + 1):
        if max_bytes is not None:
            total += size(item)
            if total > max_bytes:
                raise too_large(max_bytes)
        out.append(item)
    return out


def _checked(body: bytes, max_bytes: int | None) -> bytes:
    if max_bytes is not None and len(body) > max_bytes:
        raise too_large(max_bytes)
    return body


def serialise_solutions(
    solutions, media_type: str, max_rows: int, max_bytes: int | None = None
) -> tuple[bytes, bool]:
    variables = [v.value for v in solutions.variables]
    rows = _bounded(
        solutions, max_rows, max_bytes, lambda row: sum(_term_size(row[name]) for name in variables) + 8
    )
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    kind = SOLUTION_TYPES[media_type]
    if kind == "json":
        bindings = []
        for row in rows:
            b = {}
            for name in variables:
                term = row[name]
                if term is not None:
                    b[name] = _json_term(term)
            bindings.append(b)
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return _checked(
            json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode(), max_bytes
        ), truncated
    if kind == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        for name in variables:
            out.write(f"<variable name={quoteattr(name)}/>")
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            for name in variables:
                term = row[name]
                if term is not None:
                    out.write(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
        return _checked(out.getvalue().encode(), max_bytes), truncated
    if kind == "csv":
        lines = [",".join(variables)]
        lines += [",".join(_csv_field(row[name]) for name in variables) for row in rows]
        return _checked(("\r\n".join(lines) + "\r\n").encode(), max_bytes), truncated
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if row[n] is None else str(row[n]) for n in variables) for row in rows]
    return _checked(("\n".join(lines) + "\n").encode(), max_bytes), truncated


def serialise_boolean(value: bool, media_type: str) -> bytes:
    if BOOLEAN_TYPES.get(media_type) == "xml":
        word = "true" if value else "false"
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    return json.dumps({"head": {}, "boolean": bool(value)}).encode()


def serialise_triples(
    triples, media_type: str, max_rows: int, prefixes=None, max_bytes: int | None = None
) -> tuple[bytes, bool]:
    items = _bounded(
        triples,
        max_rows,
        max_bytes,
        lambda t: _term_size(t.subject) + _term_size(t.predicate) + _term_size(t.object),
    )
    truncated = len(items) > max_rows
    items = items[:max_rows]
    fmt = GRAPH_TYPES[media_type]
    kwargs = {"prefixes": prefixes} if prefixes and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
    return _checked(ox.serialize(items, format=fmt, **kwargs), max_bytes), truncated
