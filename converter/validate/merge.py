"""One fact printed twice is one finding: rule results about the same stated error, merged."""

from __future__ import annotations

from converter.validate.findings import Finding


def _first_offset(finding: Finding) -> int:
    starts = [
        span.start
        for ref in finding.figures
        if ref.role == "stated"
        for span in ref.spans
        if span.start is not None
    ]
    return min(starts, default=1 << 62)


def merge_repeated(findings: list[Finding]) -> list[Finding]:
    """The same rule with the same stated and computed values (e.g. "增加0.63万元，增加5.25%" said of
    三公经费 and again of 公务接待费, its only non-zero part) is reported once, naming every place it is
    stated among its figures; the focus is where the document says it first."""
    merged: list[Finding] = []
    first: dict[tuple, Finding] = {}
    for finding in findings:
        if finding.stated is None or finding.computed is None:
            merged.append(finding)
            continue
        key = (
            finding.report,
            finding.rule,
            finding.severity,
            finding.stated,
            finding.computed,
            finding.value,
        )
        kept = first.get(key)
        if kept is None:
            first[key] = finding
            merged.append(finding)
            continue
        if _first_offset(finding) < _first_offset(kept):
            kept.focus_node, finding.focus_node = finding.focus_node, kept.focus_node
            kept.figures, finding.figures = finding.figures, kept.figures
        seen = {(ref.iri, ref.role) for ref in kept.figures}
        kept.figures.extend(ref for ref in finding.figures if (ref.iri, ref.role) not in seen)
        repeats = sum(1 for ref in kept.figures if ref.role == "stated") - 1
        if repeats < 1:
            continue  # two results of one place (a total's score and weight both off by as much)
        base = kept.message.split(" ［", 1)[0]
        kept.message = f"{base} ［同一表述另见 {repeats} 处 / stated again in {repeats} other place(s)］"
    return merged
