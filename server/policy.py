"""What a query may do here, decided before it runs.

A small SPARQL tokenizer (IRIs, strings, comments, prefixed names, variables, keywords) finds the query
form, SERVICE calls, FROM / FROM NAMED and update operations, without being fooled by keywords inside
strings, IRIs or comments. pyoxigraph itself would open a connection for SERVICE; nothing else in a
query reaches the network (FROM names a graph of this store, it is never fetched)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w\-.:%\\\u00B7\u00C0-\uFFFF]*[\w\-:%\u00B7\u00C0-\uFFFF])?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
FORMS = {"SELECT": "solutions", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


class PolicyError(Exception):
    status = 400


class Refused(PolicyError):
    status = 403


@dataclass
class QueryInfo:
    form: str | None = None
    services: list[str] = field(default_factory=list)
    dataset: list[str] = field(default_factory=list)  # FROM and FROM NAMED IRIs (prefixes expanded)
    update_words: list[str] = field(default_factory=list)


def tokens(text: str):
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        yield kind, m.group()


def analyse(text: str) -> QueryInfo:
    info = QueryInfo()
    prefixes: dict[str, str] = {}
    toks = list(tokens(text))

    def resolve(kind: str, value: str) -> str | None:
        if kind == "iri":
            return value[1:-1]
        if kind == "pname":
            prefix, _, local = value.partition(":")
            return prefixes.get(prefix, "") + local if prefix in prefixes else value
        return None

    i = 0
    while i < len(toks):
        kind, value = toks[i]
        upper = value.upper() if kind == "word" else ""
        if upper == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
            i += 3
            continue
        if upper in FORMS and info.form is None:
            info.form = FORMS[upper]
        elif upper in UPDATE_WORDS:
            info.update_words.append(upper)
        elif upper == "SERVICE":
            j = i + 1
            if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
                j += 1
            target = toks[j] if j < len(toks) else ("other", "")
            info.services.append(resolve(*target) or target[1])
        elif upper == "FROM":
            j = i + 1
            if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "NAMED":
                j += 1
            if j < len(toks):
                info.dataset.append(resolve(*toks[j]) or toks[j][1])
        i += 1
    return info


def check_query(text: str, *, service_allowlist=(), known_graph=lambda iri: False, dataset_allowlist=()) -> QueryInfo:
    """Raise Refused / PolicyError for what this read-only endpoint will not run."""
    info = analyse(text)
    if info.form is None:
        if info.update_words:
            raise Refused("this endpoint is read-only: SPARQL Update is not accepted")
        raise PolicyError("malformed query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    for endpoint in info.services:
        if not any(endpoint.startswith(allowed) for allowed in service_allowlist if allowed):
            raise Refused(
                f"SERVICE <{endpoint}> refused: federated queries are only sent to endpoints on the "
                "server's allow-list"
            )
    for iri in info.dataset:
        if known_graph(iri) or any(iri.startswith(a) for a in dataset_allowlist if a):
            continue
        raise Refused(f"FROM <{iri}> refused: only graphs of this store can be named, nothing is fetched")
    return info
