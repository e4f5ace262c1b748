"""The README's rule table, generated from the rule shapes (shapes/integrity*.ttl): one row per shape.

python -m converter.validate.rule_table        (prints the Markdown table)
"""

from __future__ import annotations

from rdflib import URIRef

from converter.uris import DEFAULT_BASE
from converter.validate.engine import rule_files, rule_shapes, rules
from converter.validate.rule_examples import examples

BEGIN, END = "<!-- rule-table:begin -->", "<!-- rule-table:end -->"


def _file_of(shape: URIRef) -> str:
    for path in rule_files():
        text = path.read_text(encoding="utf-8")
        if f"shape:{str(shape).rsplit('#', 1)[-1]} a sh:NodeShape" in text:
            return path.name
    return "?"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(base: str = DEFAULT_BASE) -> str:
    graph = rule_shapes(base)
    del graph  # parsed once, cached: the rules below read it
    found_by = examples(base)
    # one row per shape: a shape may hold several constraints (hierarchy-sum-unread: one per sum)
    found = sorted({r.shape: r for r in rules(base)}.values(), key=lambda r: (r.family or "", r.rule))
    lines = [
        "| family | rule (SHACL shape) | file | severity | example finding (a test made it) | message |",
        "|---|---|---|---|---|---|",
    ]
    for rule in found:
        template = rule.messages.get("zh", "") + " / " + rule.messages.get("en", "")
        example = found_by.get(rule.rule, {})
        shown = example.get("zh", "") + " / " + example.get("en", "") if example else "—"
        lines.append(
            f"| {rule.family} | `shape:{rule.rule}` | {_file_of(rule.shape)} | {rule.severity} "
            f"| {_cell(shown)} | {_cell(template)} |"
        )
    return "\n".join([BEGIN, *lines, END])


if __name__ == "__main__":
    print(table())
