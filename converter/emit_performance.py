"""A report's performance tables (``Report.projects``) -> RDF, in the report's graph.

Each project is ``{report}/project/{name}`` (fiscal:Project), each indicator row
``{project}/indicator/{n}`` (fiscal:PerformanceIndicator) with its levels, target, actual, weight and
score as printed; the table's total row ("得分 … 100 100", "部门整体自评得分 95") ``{project}/total``
(fiscal:PerformanceTotal). What shapes/integrity-performance.ttl reads: each score's and weight's
fiscal:scoreHalfWidth / fiscal:weightHalfWidth (whole points are exact: points are awarded, not measured),
fiscal:deduction on a 扣分项 row, and fiscal:unreadRows where rows of the table were not understood, so a
total that disagrees with the rows read is not taken for the table's own error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from converter.ntriples import iri, literal, typed

if TYPE_CHECKING:
    from converter.emit import ReportEmitter
    from converter.model import Project


def half_width(value: Decimal) -> Decimal:
    """Half a unit of the last printed decimal of a score or weight ("9.5" -> 0.05); whole points are exact."""
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) and exponent < 0 else Decimal(0)


def _half_widths(emitter: ReportEmitter, node: str, weight: Decimal | None, score: Decimal | None) -> None:
    from converter.emit import decimal_literal

    f = emitter.f
    for prop, value in ((f.weightHalfWidth, weight), (f.scoreHalfWidth, score)):
        if value is not None:
            emitter.g.add((node, prop, decimal_literal(half_width(value))))


def emit_project(emitter: ReportEmitter, project: Project) -> None:
    from converter.emit import DCTERMS, PROV, RDF, RDFS, XSD, boolean, decimal_literal, zh

    g, f, uris = emitter.g, emitter.f, emitter.uris
    text = uris.project(emitter.iri_text, project.name)
    node_of_project = iri(text)
    g.add((node_of_project, RDF.type, f.Project))
    g.add((node_of_project, RDFS.label, zh(project.name)))
    g.add((node_of_project, DCTERMS.isPartOf, emitter.report_iri))
    g.add((node_of_project, PROV.wasDerivedFrom, emitter.span(project.span)))
    if project.overall_target:
        g.add((node_of_project, f.overallTarget, zh(project.overall_target)))
    if project.overall_result:
        g.add((node_of_project, f.overallResult, zh(project.overall_result)))
    if project.unread_rows:
        g.add((node_of_project, f.unreadRows, typed(str(project.unread_rows), XSD.integer)))
    for indicator in project.indicators:
        node = iri(uris.indicator(text, indicator.row_number))
        g.add((node_of_project, f.indicator, node))
        g.add((node, RDF.type, f.PerformanceIndicator))
        g.add((node, f.rowNumber, typed(str(indicator.row_number), XSD.integer)))
        label = indicator.level3 or indicator.level2 or f"#{indicator.row_number}"
        g.add((node, RDFS.label, zh(label)))
        for prop, value, lang in (
            (f.level1Name, indicator.level1, "zh"),
            (f.level2Name, indicator.level2, "zh"),
            (f.level3Name, indicator.level3, "zh"),
            (f.targetText, indicator.target_text, None),
            (f.actualText, indicator.actual_text, None),
            (f.comparator, indicator.comparator, None),
            (f.valueUnit, indicator.unit, None),
        ):
            if value:
                g.add((node, prop, literal(value, lang)))
        for prop, number in (
            (f.targetValue, indicator.target_value),
            (f.actualValue, indicator.actual_value),
            (f.weight, indicator.weight),
            (f.indicatorScore, indicator.score),
        ):
            if number is not None:
                g.add((node, prop, decimal_literal(number)))
        _half_widths(emitter, node, indicator.weight, indicator.score)
        if indicator.deduction:
            g.add((node, f.deduction, boolean(True)))
        g.add((node, PROV.wasDerivedFrom, emitter.span(indicator.span)))
    total = project.total
    if total is not None:
        node = iri(uris.score_total(text))
        g.add((node_of_project, f.scoreTotal, node))
        g.add((node, RDF.type, f.PerformanceTotal))
        g.add((node, f.indicatorScore, decimal_literal(total.score)))
        if total.weight is not None:
            g.add((node, f.weight, decimal_literal(total.weight)))
        _half_widths(emitter, node, total.weight, total.score)
        g.add((node, PROV.wasDerivedFrom, emitter.span(total.span)))
