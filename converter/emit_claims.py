"""The narrative's claims about figures as evidence resources of the report's graph.

Each claim is ``{report}/evidence/claim/<n>`` (n in text order): a fiscal:NarrativeClaim (a comparison:
"决算数小于预算数", "比上年有所增加") or a fiscal:ReasonClaim ("主要原因是…减少"), dcterms:isPartOf the
report, prov:wasDerivedFrom the span of its words, with the direction, basis, stated number and the
observations it speaks of where the converter resolved them. What the text says, never a finding: the
rules of shapes/integrity-claims.ttl compare it with the figures.

An approximate size ("约12万元", "近5%", "10余万元") carries fiscal:approximation (about, nearly,
more-than, less-than) and, where the kind has one, fiscal:relativeTolerance (also on a hedged 基本持平);
a budget the words do not name carries fiscal:baseInference and fiscal:baseAssumed (true: the sentence
states no budget figure, the rules' finding is a Warning); a year read from "上年" fiscal:comparisonYearInferred.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from converter.ntriples import iri, literal, plain, typed
from converter.precision import printed_digits

if TYPE_CHECKING:
    from converter.emit import ReportEmitter
    from converter.model import Figure
    from converter.parse.claims_evidence import NarrativeClaim


UNIT_FACTORS = {"万元": Decimal(10000), "亿元": Decimal(100000000), "千元": Decimal(1000), "元": Decimal(1)}


def half_width(stated: str, unit: str | None) -> Decimal:
    """Half a unit of the last printed digit, in yuan (amounts) or percent points: "12.50"万元 -> 50."""
    decimals = len(printed_digits(stated).partition(".")[2])
    return UNIT_FACTORS.get(unit or "", Decimal(1)) * Decimal(5) / Decimal(10) ** (decimals + 1)


def claim_iri(report_iri: str, number: int) -> str:
    return f"{report_iri}/evidence/claim/{number}"


def emit_claims(emitter: ReportEmitter) -> None:
    from converter.emit import DCTERMS, PROV, RDF, XSD, boolean, decimal_literal

    claims: list[NarrativeClaim] = getattr(emitter.report, "claims", None) or []
    if not claims:
        return
    g, f = emitter.g, emitter.f
    nodes = {id(claim): iri(claim_iri(emitter.iri_text, n)) for n, claim in enumerate(claims, start=1)}

    def observation(figure: Figure) -> str:
        return iri(emitter.uris.observation(emitter.iri_text, list(figure.key())))

    for claim in claims:
        node = nodes[id(claim)]
        g.add((node, RDF.type, f.ReasonClaim if claim.kind == "reason" else f.NarrativeClaim))
        g.add((node, DCTERMS.isPartOf, emitter.report_iri))
        g.add((node, PROV.wasDerivedFrom, emitter.span(claim.span)))
        if claim.direction is not None:  # a reason whose parts point both ways states none
            g.add((node, f.claimedDirection, plain(claim.direction)))
        g.add((node, f.claimWords, literal(claim.words, "zh")))
        g.add((node, f.hedged, boolean(claim.hedged)))
        if claim.basis:
            g.add((node, f.claimBasis, plain(claim.basis)))
        if claim.comparison_year:
            g.add((node, f.comparisonYear, typed(claim.comparison_year, XSD.gYear)))
            # "比上年": the year read as the fiscal year - 1, an inference the data says is one
            g.add((node, f.comparisonYearInferred, boolean(claim.year_inferred)))
        if claim.approximation:  # "约12万元": the rules check the size against a wide envelope only
            g.add((node, f.approximation, plain(claim.approximation)))
            g.add((node, f.approximationWords, literal(claim.approximation_words or "", "zh")))
        if claim.relative_tolerance is not None:
            g.add((node, f.relativeTolerance, decimal_literal(claim.relative_tolerance)))
        if claim.base_inference:
            g.add((node, f.baseInference, literal(claim.base_inference, "en")))
            g.add((node, f.baseAssumed, boolean(claim.base_assumed)))
        if claim.stated_text is not None:
            g.add((node, f.statedValue, literal(claim.stated_text)))
            if claim.stated_unit:
                g.add((node, f.statedUnit, literal(claim.stated_unit)))
        if claim.stated_text is not None:
            g.add(
                (node, f.roundingHalfWidth, decimal_literal(half_width(claim.stated_text, claim.stated_unit)))
            )
        if claim.amount is not None:
            g.add((node, f.claimedAmount, decimal_literal(claim.amount)))
        if claim.percent is not None:
            g.add((node, f.claimedPercentage, decimal_literal(claim.percent)))
        if claim.subject is not None:
            g.add((node, f.claimSubject, observation(claim.subject)))
        if claim.base is not None:
            g.add((node, f.claimBase, observation(claim.base)))
        if claim.subject_inference:  # the figure of another sentence: a link the data says is inferred
            g.add((node, f.subjectInference, literal(claim.subject_inference, "en")))
        if claim.restated_by is not None:  # "项目支出增加，较上一度增加N万元": the change its words restate
            g.add((node, f.restatedBy, observation(claim.restated_by)))
        if claim.direction_words:  # a reason's direction is read from these words of its prose
            g.add((node, f.directionWords, literal(claim.direction_words, "zh")))
        if claim.kind == "reason":
            emit_parts(emitter, claim, node, nodes)
        explained = claim.explains
        if explained is not None:
            target = nodes.get(id(explained)) if hasattr(explained, "kind") else observation(explained)
            if target is not None:
                g.add((node, f.explains, target))


def emit_parts(emitter: ReportEmitter, claim: NarrativeClaim, node: str, nodes: dict[int, str]) -> None:
    """A reason's parts ({claim}/part/<k>), the directions of its words, the earlier reason it repeats."""
    from converter.emit import RDF, boolean, decimal_literal

    g, f = emitter.g, emitter.f
    if claim.word_directions:
        g.add((node, f.wordDirections, plain(claim.word_directions)))
    if claim.repeats is not None and id(claim.repeats) in nodes:
        g.add((node, f.repeatsReason, nodes[id(claim.repeats)]))
    for k, part in enumerate(claim.parts, start=1):
        part_node = iri(f"{node[1:-1]}/part/{k}")
        g.add((node, f.reasonPart, part_node))
        g.add((part_node, RDF.type, f.ReasonPart))
        g.add((part_node, f.partDirection, plain(part.direction)))
        g.add((part_node, f.partWords, literal(part.words, "zh")))
        if part.amount is None:  # the balance of the parts is open
            g.add((part_node, f.directionWithoutAmount, boolean(True)))
            continue
        g.add((part_node, f.partAmount, decimal_literal(part.amount)))
        g.add((part_node, f.statedValue, literal(part.stated_text or "")))
        g.add((part_node, f.statedUnit, literal(part.stated_unit or "")))
