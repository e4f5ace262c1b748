"""Model-level consolidation of a report's figures, before emitting.

- The same fact stated twice (same dimensions) becomes one figure with further
  statements; a disagreeing statement keeps its own value (integrity rules report it).
- Figures the document implies but does not state are derived, marked as derived,
  with the method recorded: the previous year's level from this year's level and the
  stated increase or decrease.
"""

from __future__ import annotations

from converter.model import Figure, Measure, Report


def merge_statements(figures: list[Figure]) -> list[Figure]:
    by_key: dict[tuple[str, ...], Figure] = {}
    for figure in figures:
        first = by_key.get(figure.key())
        if first is None:
            by_key[figure.key()] = figure
            continue
        same_place = first.span.start == figure.span.start and first.value == figure.value
        if not same_place:
            first.other_statements.append(figure)
    return list(by_key.values())


def derive_previous_year(figures: list[Figure]) -> list[Figure]:
    by_key = {f.key(): f for f in figures}
    derived: list[Figure] = []
    for figure in figures:
        if (
            figure.statistic not in {"increase-amount", "decrease-amount"}
            or figure.measure is not Measure.AMOUNT
        ):
            continue
        level_key = figure.key()[:-1] + ("level",)
        level = by_key.get(level_key)
        if level is None:
            continue
        previous_key = figure.key()[:-1] + ("previous-year-level",)
        if previous_key in by_key:
            continue
        if figure.statistic == "decrease-amount":
            value, method = level.value + figure.value, "previous-year-level = level + decrease-amount"
        else:
            value, method = level.value - figure.value, "previous-year-level = level - increase-amount"
        previous = Figure(
            item=figure.item,
            statistic="previous-year-level",
            measure=Measure.AMOUNT,
            value=value,
            span=figure.span,
            stated_text=format(value, "f"),
            stated_unit="元",
            fund=figure.fund,
            nature=figure.nature,
            function=figure.function,
            economic=figure.economic,
            project=figure.project,
            comparison_year=figure.comparison_year,
            context_unread=level.context_unread or figure.context_unread,
            derived=True,
            method=method,
            derived_from=(level, figure),
        )
        by_key[previous_key] = previous
        derived.append(previous)
    return figures + derived


def consolidate(report: Report) -> Report:
    report.figures = derive_previous_year(merge_statements(report.figures))
    return report
