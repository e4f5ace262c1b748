"""Lines of no known item (item:unmapped: a row label the template does not know, a text table's row
whose column is left open) take part in no sum (issue #14, no false alarms).

A web page whose tables are flattened to text publishes such lines beside the mapped ones, with the same
dimensions: summed as if they were one breakdown's 类 and 合计, they raised 3-14 false
hierarchy-function(-total) Violations per page on the web-page forms of 101 (tests/variants.py)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from converter.parse.sections import classify
from converter.uris import DEFAULT_BASE, UriBuilder
from converter.validate import validate_graph

URIS = UriBuilder(DEFAULT_BASE)
F = URIS.ontology_namespace
ITEM, AMOUNT = URIRef(f"{F}item"), URIRef(f"{F}amount")
FUNCTION, ECONOMIC = URIRef(f"{F}functionalClassification"), URIRef(f"{F}economicClassification")
NOT_CLASSIFIED = URIRef(f"{F}notClassified")
SOURCE_TABLE = URIRef(f"{F}sourceTable")
UNMAPPED = URIRef(f"{DEFAULT_BASE}def/item/unmapped")


def with_lines(
    graph: Graph, report: URIRef, lines: dict[str, tuple[str | None, str | None, int]], item
) -> Graph:
    """A copy of ``graph`` with lines cloned from the report's personnel expenditure: name ->
    (function code, economic code, amount), all of ``item``."""
    out = Graph()
    out += graph
    template = URIS.observation(
        report, ["expenditure", "fund-general-public-budget", "nature-personnel", "level"]
    )
    assert (template, AMOUNT, None) in graph, f"the sample has no {template}"
    for name, (function, economic, amount) in lines.items():
        clone = URIRef(f"{template}/test-{name}")
        for p, o in graph.predicate_objects(template):
            if p not in (ITEM, AMOUNT, FUNCTION, ECONOMIC):
                out.add((clone, p, o))
        out.add((clone, ITEM, item))
        fc = URIRef(f"{DEFAULT_BASE}id/function/{function}") if function else NOT_CLASSIFIED
        ec = URIRef(f"{DEFAULT_BASE}id/economic/{economic}") if economic else NOT_CLASSIFIED
        out.add((clone, FUNCTION, fc))
        out.add((clone, ECONOMIC, ec))
        out.add((clone, AMOUNT, Literal(Decimal(amount), datatype=XSD.decimal)))
        out.add((clone, SOURCE_TABLE, Literal("final.appropriation_expenditure")))  # lines of a table
    return out


LINES = {  # a 合计, a 类 and its 款, an economic 类 and its 款: none adds up
    "total": (None, None, 5000),
    "class": ("201", None, 2000),
    "kuan": ("20101", None, 700),
    "eclass": (None, "301", 900),
    "ekuan": (None, "30101", 100),
}
RULES = ("hierarchy-function", "hierarchy-function-total", "hierarchy-economic")


def violations(outcome) -> list[str]:
    return sorted(f.rule for f in outcome.findings if f.rule in RULES and f.severity == "Violation")


def test_lines_of_no_known_item_are_not_summed(sample_result):
    graph, report = sample_result.converted[0].graph, sample_result.converted[0].iri
    assert violations(validate_graph(with_lines(graph, report, LINES, UNMAPPED), DEFAULT_BASE)) == []


def test_the_same_lines_of_a_known_item_are(sample_result):
    """The control: the lines are found when they are of an item (the rules can fire on them)."""
    graph, report = sample_result.converted[0].graph, sample_result.converted[0].iri
    item = URIRef(f"{DEFAULT_BASE}def/item/project-funds")
    found = violations(validate_graph(with_lines(graph, report, LINES, item), DEFAULT_BASE))
    assert set(found) == set(RULES)


def test_a_fund_section_heading_is_the_funds_not_the_appropriations_overall():
    """ "八、政府性基金预算财政拨款收入支出决算情况说明" names 财政拨款收入支出 too: it is the government
    fund's section (the completeness check missed it in 102 and in every web form of 101)."""
    assert classify("八、政府性基金预算财政拨款收入支出决算情况说明") == "government-fund"
    assert classify("九、国有资本经营预算财政拨款收入支出决算情况说明") == "state-capital"
    assert classify("四、财政拨款收入支出决算总体情况说明") == "appropriation-overall"


INFERENCE = URIRef(f"{F}columnInference")
COLUMN_UNKNOWN = URIRef(f"{F}columnUnknown")
PROJECT_FUNDS = URIRef(f"{DEFAULT_BASE}def/item/project-funds")


def with_open_figure(graph: Graph, report: URIRef) -> Graph:
    """``graph`` with one more figure whose column the reader left open (as a text table's cell)."""
    out = with_lines(graph, report, {"open": ("229", None, 1300)}, UNMAPPED)
    out.add((URIRef(f"{_template(report)}/test-open"), INFERENCE, COLUMN_UNKNOWN))
    return out


def _template(report: URIRef) -> URIRef:
    return URIS.observation(
        report, ["expenditure", "fund-general-public-budget", "nature-personnel", "level"]
    )


def by_rule(outcome) -> dict[str, str]:
    wanted = (*RULES, "hierarchy-sum-unread")
    return {f.rule: f.severity for f in outcome.findings if f.rule in wanted}


def test_a_shortfall_beside_figures_read_with_an_open_column_is_a_warning(sample_result):
    graph, report = sample_result.converted[0].graph, sample_result.converted[0].iri
    short = {"class": ("201", None, 2000), "kuan": ("20101", None, 700)}
    plain = with_lines(graph, report, short, PROJECT_FUNDS)
    assert by_rule(validate_graph(plain, DEFAULT_BASE)) == {"hierarchy-function": "Violation"}
    unread = with_open_figure(plain, report)
    assert by_rule(validate_graph(unread, DEFAULT_BASE)) == {"hierarchy-sum-unread": "Warning"}


def test_parts_that_add_up_to_more_stay_a_violation_beside_open_figures(sample_result):
    graph, report = sample_result.converted[0].graph, sample_result.converted[0].iri
    over = with_lines(
        graph, report, {"class": ("201", None, 2000), "kuan": ("20101", None, 2700)}, PROJECT_FUNDS
    )
    outcome = validate_graph(with_open_figure(over, report), DEFAULT_BASE)
    assert by_rule(outcome) == {"hierarchy-function": "Violation"}


def test_a_heading_run_into_its_paragraph_is_a_heading():
    """A web page's <p>九、…情况说明上海市…</p>: the heading, then its text (102's 国有资本经营 section, a
    false missing-section Warning in its web forms); a sentence that starts with a numbering stays one."""
    from converter.parse.sections import split_sections

    text = (
        "八、政府性基金预算财政拨款收入支出决算情况说明\n本局2024年度无政府性基金预算财政拨款收入和支出。\n"
        "九、国有资本经营预算财政拨款收入支出决算情况说明本局2024年度无国有资本经营预算财政拨款收入和支出，"
        "故本部分无数据。\n"
        "二、项目支出情况良好，全年项目均按计划完成并通过验收，资金使用符合规定，未发现问题，"
        "年度目标全部实现，服务对象满意度较高，各项工作有序推进。\n"
    )
    sections, _ = split_sections(text)
    assert [s.key for s in sections] == ["government-fund", "state-capital"]
    assert text[sections[1].start : sections[1].body_start].endswith("情况说明")
