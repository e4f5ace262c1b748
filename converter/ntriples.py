"""RDF terms as their N-Triples text: what the emitter writes, and how it is read back as rdflib terms.

An IRI is ``<iri>``, a literal ``"text"``, ``"text"@zh`` or ``"5"^^<datatype>``, with the four escapes
N-Triples requires (``\\\\``, ``\\"``, ``\\n``, ``\\r``: the characters a string may not hold raw) and
nothing else, as rdflib and pyoxigraph write them. A line of N-Quads is then four terms joined, and a
report's N-Quads text a join of lines: no term object is built while a document is converted, which was
two thirds of a conversion's time (bench/convert.py). Whatever reads the text (pyoxigraph for the stores
and the writers) validates it; ``rdflib_term`` reads a term back for the graphs built on demand."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Node

XSD = "http://www.w3.org/2001/XMLSchema#"
_MUST_ESCAPE = re.compile(r'[\\"\n\r]')
_ESCAPED = re.compile(r'\\([\\"nr])')
_UNESCAPE = {"\\": "\\", '"': '"', "n": "\n", "r": "\r"}


def iri(text: str) -> str:
    return f"<{text}>"


def _quoted(text: str) -> str:
    if _MUST_ESCAPE.search(text) is not None:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{text}"'


def plain(text: str) -> str:
    """A plain literal (xsd:string)."""
    return _quoted(text)


def tagged(text: str, lang: str) -> str:
    """A language-tagged literal (the tag lower-cased, as rdflib and RDF 1.1 compare them)."""
    return f"{_quoted(text)}@{lang.lower()}"


def typed(lexical: object, datatype: str) -> str:
    """A typed literal: ``lexical`` (a number, or a date's ISO text) of ``datatype`` (an ``iri()``)."""
    return f"{_quoted(str(lexical))}^^{datatype}"


@lru_cache(maxsize=65536)
def literal(text: str, lang: str | None = None) -> str:
    """A plain or language-tagged literal, built once per distinct value (units, wordings, labels)."""
    return tagged(text, lang) if lang else _quoted(text)


def xsd(name: str) -> str:
    return iri(XSD + name)


def unquote(body: str) -> str:
    """The string a quoted literal's body (between its quotes) holds."""
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(1)], body) if "\\" in body else body


@lru_cache(maxsize=65536)
def rdflib_term(text: str) -> Node:
    """An ``iri()`` or literal's text as rdflib's term (a plain literal has no datatype in rdflib)."""
    from rdflib import Literal, URIRef

    if text[0] == "<":
        return URIRef(text[1:-1])
    end = text.rindex('"')
    value = unquote(text[1:end])
    suffix = text[end + 1 :]
    if not suffix:
        return Literal(value)
    if suffix[0] == "@":
        return Literal(value, lang=suffix[1:])
    return Literal(value, datatype=URIRef(suffix[3:-1]))
