"""Integrity rules that audit the accounts, computed in Python over one report graph.

The arithmetic (sums with a rounding envelope, percentages with the precision the document
printed) cannot be said in SHACL-SPARQL without per-focus-node queries that pyshacl runs in
quadratic time, so the figures are read once into an index and every rule is a few dictionary
look-ups. Each result is still a ``sh:ValidationResult`` in the report (see findings.py), with
``sh:sourceShape`` the rule's shape in shapes/integrity.ttl, where every rule is documented.

Rounding: a value published to 0.01万元 carries ±0.005万元 (the standard template's precision; a
value printed with fewer decimals, "7万元", is taken as 7.00); a printed zero is exact. A sum of n
rounded parts may differ from its rounded total by n × 0.005万元 + 0.005万元: a difference inside
that envelope is an Info (rounding), beyond it a Violation. A percentage carries half a unit of
its last printed digit ("84%" ±0.5, "5.25%" ±0.005) plus what the rounding of the amounts it is
computed from propagates: within its own half unit it is simply correct, within the envelope an
Info, beyond it a Violation.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from converter.resources import vocab_source
from converter.uris import UriBuilder
from converter.validate.findings import FigureRef, Finding, SpanRef, number, rounded

QB = Namespace("http://purl.org/linked-data/cube#")
OA = Namespace("http://www.w3.org/ns/oa#")
HUNDRED = Decimal(100)
UNIT_FACTORS = {"万元": Decimal(10000), "元": Decimal(1), "亿元": Decimal(100000000), "千元": Decimal(1000)}

# rule id -> (severity when beyond tolerance, 中文, English)
RULES: dict[str, tuple[str, str, str]] = {
    "totals-balance": ("Violation", "收入总计与支出总计不等", "total income and total expenditure differ"),
    "totals-income": (
        "Violation",
        "收入总计 ≠ 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
        "total income ≠ income of the year + use of non-appropriation balance + opening carry-over",
    ),
    "totals-expenditure": (
        "Violation",
        "支出总计 ≠ 本年支出合计 + 结余分配 + 年末结转和结余",
        "total expenditure ≠ expenditure of the year + balance distribution + closing carry-over",
    ),
    "totals-income-by-fund": (
        "Violation",
        "本年收入合计 ≠ 各资金来源收入之和",
        "income of the year ≠ sum of income by fund source",
    ),
    "totals-expenditure-by-nature": (
        "Violation",
        "本年支出合计 ≠ 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出",
        "expenditure of the year ≠ basic + project + remittance to superior + business + subsidies to affiliates",
    ),
    "hierarchy-function": (
        "Violation",
        "支出功能分类上级科目 ≠ 下级科目之和（类 = Σ款，款 = Σ项）",
        "a functional-classification line ≠ the sum of its sub-lines (类 = Σ款, 款 = Σ项)",
    ),
    "hierarchy-function-total": (
        "Violation",
        "合计 ≠ 各类支出之和",
        "the total ≠ the sum of its functional classes (类)",
    ),
    "hierarchy-basic": (
        "Violation",
        "基本支出 ≠ 人员经费 + 公用经费",
        "basic expenditure ≠ personnel + public funds",
    ),
    "hierarchy-three-public": (
        "Violation",
        "“三公”经费 ≠ 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
        "three public expenses ≠ travel abroad + official vehicles + official reception",
    ),
    "hierarchy-vehicles": (
        "Violation",
        "公务用车购置及运行维护费 ≠ 购置费 + 运行维护费",
        "official vehicles ≠ purchase + operation",
    ),
    "hierarchy-reception": (
        "Violation",
        "公务接待费 ≠ 国内公务接待 + 外事接待",
        "official reception ≠ domestic + foreign reception",
    ),
    "hierarchy-projects": (
        "Violation",
        "各项目支出之和与项目支出不符",
        "the projects do not add up to project expenditure",
    ),
    "share": ("Violation", "占比与金额不符", "a stated share disagrees with amount / base"),
    "yoy-percent": (
        "Violation",
        "增减百分比与增减额和上年数不符",
        "a year-on-year percentage disagrees with the change and the previous level",
    ),
    "yoy-change-amount": (
        "Violation",
        "本年数 − 上年数 ≠ 增减额",
        "level − previous level ≠ the stated change",
    ),
    "completion-rate": ("Violation", "完成率 ≠ 决算数 / 预算数", "completion rate ≠ executed / budget"),
    "completion-zero-budget": (
        "Warning",
        "预算数为零时的完成率无意义",
        "a completion rate over a zero budget is undefined",
    ),
    "cross-source": (
        "Violation",
        "同一数字在不同位置的表述不一致",
        "the same figure is stated differently in two places",
    ),
    "classification-code-unknown": (
        "Warning",
        "科目编码不在该年度的国家分类中",
        "code not in the national classification for the document's year",
    ),
    "classification-code-unverified": (
        "Info",
        "科目编码仅见于其他版本的分类表（代码表尚不完整）",
        "code found only in another edition's code list (the code lists are incomplete)",
    ),
    "classification-label-variant": (
        "Warning",
        "科目名称与国家分类名称不符",
        "the document's wording differs from the national label",
    ),
    "classification-levels-swapped": (
        "Warning",
        "科目层级表述有误（款/项名称错位）",
        "the wording names the wrong levels (款 / 项 swapped or mislabelled)",
    ),
    "classification-parent-differs": (
        "Warning",
        "科目上级名称与国家分类不符",
        "the wording names a parent that differs from the national classification",
    ),
    "classification-label-differs": (
        "Warning",
        "科目名称与国家分类明显不同",
        "the wording differs substantially from the national label",
    ),
    "classification-legacy-edition-only": (
        "Warning",
        "科目名称仅见于旧版分类",
        "the wording matches only an older edition of the classification",
    ),
    "classification-wording": (
        "Warning",
        "科目表述与国家分类不符",
        "the classification wording disagrees with the national classification",
    ),
    "completeness-missing-section": (
        "Warning",
        "缺少公开模板规定的章节或表",
        "sections or tables of the national template are missing",
    ),
}


# --- the figures of one report ------------------------------------------------------------------------


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
    """One error printed twice is one finding: the same rule with the same stated and computed
    values and the same reasoning (e.g. "增加0.63万元，增加5.25%" said of 三公经费 and again of 公务接待费,
    its only non-zero part) is reported once, every place it is stated among its figures."""
    merged: list[Finding] = []
    first: dict[tuple, Finding] = {}
    for finding in findings:
        if finding.stated is None or finding.computed is None:
            merged.append(finding)
            continue
        detail = finding.message.split("：", 1)[-1]
        key = (finding.rule, finding.severity, finding.stated, finding.computed, detail)
        kept = first.get(key)
        if kept is None:
            first[key] = finding
            merged.append(finding)
            continue
        if _first_offset(finding) < _first_offset(kept):  # the focus is where the document says it first
            kept.focus_node, finding.focus_node = finding.focus_node, kept.focus_node
            kept.figures, finding.figures = finding.figures, kept.figures
        seen = {(ref.iri, ref.role) for ref in kept.figures}
        kept.figures.extend(ref for ref in finding.figures if (ref.iri, ref.role) not in seen)
        repeats = sum(1 for ref in kept.figures if ref.role == "stated") - 1
        base = kept.message.split(" ［", 1)[0]
        kept.message = f"{base} ［同一表述另见 {repeats} 处 / stated again in {repeats} other place(s)］"
    return merged


@dataclass
class Statement:
    iri: URIRef
    value: Decimal | None
    stated: str | None
    unit: str | None
    spans: list[URIRef]


@dataclass
class Obs:
    iri: URIRef
    item: str
    statistic: str
    fund: str
    nature: str
    fc: str | None
    ec: str | None
    project: str | None
    measure: str
    value: Decimal | None
    stated: str | None
    unit: str | None
    derived: bool
    label: str | None = None
    share_of: str | None = None
    discrepancies: list[str] = field(default_factory=list)
    wording: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    sources: list[URIRef] = field(default_factory=list)  # prov:wasDerivedFrom (spans, or observations)

    @property
    def dims(self) -> tuple:
        return (self.fund, self.nature, self.fc, self.ec, self.project)


def _local(iri: object, marker: str) -> str:
    text = str(iri)
    return text.rsplit(marker, 1)[-1] if marker in text else text


def _decimal(node: object) -> Decimal | None:
    if node is None:
        return None
    try:
        return Decimal(str(node))
    except InvalidOperation:
        return None


def half_unit(stated: str | None, unit: str | None, measure: str, value: Decimal | None) -> Decimal:
    """Half a unit of the last printed digit, in the measure's unit (yuan, percent points)."""
    text = (stated or "").replace(",", "").replace("，", "").replace("%", "").strip()
    match = re.fullmatch(r"[-+]?\d*(?:\.(\d*))?", text)
    decimals = len(match.group(1) or "") if match else 2
    if measure == "amount":
        if value == 0:
            return Decimal(0)  # a printed zero is exact
        factor = UNIT_FACTORS.get(unit or "元", Decimal(1))
        return Decimal(5).scaleb(-(max(decimals, 2) + 1)) * factor
    half = Decimal(5).scaleb(-(decimals + 1))
    if measure == "percentage" and unit != "%" and "%" not in (stated or ""):
        # a ratio printed as 1 or 0.95 means 100% or 95%; ratios are printed to 2 decimals at least
        return (
            Decimal(5).scaleb(-(max(decimals, 2) + 1)) * HUNDRED
        )  # a ratio printed as 1 or 0.95 means 100% or 95%
    return half


class Figures:
    """The observations of one report, indexed by their dimensions."""

    def __init__(self, graph: Graph, report: URIRef, base: str):
        uris = UriBuilder(base)
        self.graph = graph
        self.report = report
        self.f = f = Namespace(uris.ontology_namespace)
        self.item_ns, self.stat_ns = f"{uris.base}def/item/", f"{uris.base}def/statistic/"
        self.fund_ns, self.nature_ns = f"{uris.base}def/fund/", f"{uris.base}def/nature/"
        self.year = _decimal(graph.value(report, f.fiscalYear))
        self.obs: dict[URIRef, Obs] = {}
        self.index: dict[tuple, Obs] = {}
        self._spans: dict[URIRef, SpanRef] = {}
        measures = {f.amount: "amount", f.percentage: "percentage", f.count: "count", f.score: "score"}
        for iri in graph.subjects(QB.dataSet, report):
            po: dict = defaultdict(list)
            for p, o in graph.predicate_objects(iri):
                po[p].append(o)
            if QB.Observation not in po[RDF.type]:
                continue
            mtype = po[QB.measureType][0] if po[QB.measureType] else None
            measure = measures.get(mtype, "")
            value = _decimal(po[mtype][0]) if mtype is not None and po[mtype] else None
            fc = po[f.functionalClassification][0] if po[f.functionalClassification] else None
            ec = po[f.economicClassification][0] if po[f.economicClassification] else None
            project = po[f.project][0] if po[f.project] else None
            obs = Obs(
                iri=iri,
                item=_local(po[f.item][0], "/def/item/") if po[f.item] else "",
                statistic=_local(po[f.statistic][0], "/def/statistic/") if po[f.statistic] else "",
                fund=_local(po[f.fundSource][0], "/def/fund/") if po[f.fundSource] else "all",
                nature=_local(po[f.expenditureNature][0], "/def/nature/")
                if po[f.expenditureNature]
                else "all",
                fc=self._notation(fc),
                ec=self._notation(ec),
                project=None if project is None or project == f.noProject else str(project),
                measure=measure,
                value=value,
                stated=str(po[f.statedValue][0]) if po[f.statedValue] else None,
                unit=str(po[f.statedUnit][0]) if po[f.statedUnit] else None,
                derived=bool(po[f.derived]) and po[f.derived][0] == Literal(True),
                label=str(po[RDFS.label][0]) if po[RDFS.label] else None,
                share_of=_local(po[f.shareOf][0], "/def/item/") if po[f.shareOf] else None,
                discrepancies=sorted(str(x) for x in po[f.wordingDiscrepancy]),
                wording=sorted(str(x) for x in po[f.classificationWording]),
                sources=list(po[PROV.wasDerivedFrom]),
            )
            for st in po[f.alsoStatedIn]:
                obs.statements.append(
                    Statement(
                        iri=st,
                        value=_decimal(graph.value(st, mtype)) if mtype is not None else None,
                        stated=_str(graph.value(st, f.statedValue)),
                        unit=_str(graph.value(st, f.statedUnit)),
                        spans=list(graph.objects(st, PROV.wasDerivedFrom)),
                    )
                )
            self.obs[iri] = obs
            if obs.statistic and obs.item != "unmapped":
                self.index[(obs.item, obs.statistic, *obs.dims)] = obs

    def _notation(self, concept: object) -> str | None:
        if concept is None or concept == self.f.notClassified:
            return None
        notation = self.graph.value(concept, SKOS.notation)  # type: ignore[arg-type]
        return str(notation) if notation is not None else _local(concept, "/")

    def get(
        self,
        item: str,
        statistic: str = "level",
        fund: str = "all",
        nature: str = "all",
        fc: str | None = None,
        ec: str | None = None,
        project: str | None = None,
    ) -> Obs | None:
        obs = self.index.get((item, statistic, fund, nature, fc, ec, project))
        return obs if obs is not None and obs.value is not None else None

    def half(self, obs: Obs) -> Decimal:
        if obs.derived:
            parents = [self.obs[s] for s in obs.sources if s in self.obs]
            return sum((self.half(p) for p in parents), Decimal(0))
        return half_unit(obs.stated, obs.unit, obs.measure, obs.value)

    # --- provenance of findings -------------------------------------------------------------------
    def span(self, iri: URIRef) -> SpanRef:
        if iri not in self._spans:
            g = self.graph
            selector = g.value(iri, OA.hasSelector)
            start = g.value(selector, OA.start) if selector is not None else None
            end = g.value(selector, OA.end) if selector is not None else None
            page = g.value(iri, self.f.page)
            self._spans[iri] = SpanRef(
                iri=str(iri),
                text=_str(g.value(iri, self.f.sourceText)),
                start=int(start) if start is not None else None,
                end=int(end) if end is not None else None,
                page=int(page) if page is not None else None,
                locator=_str(g.value(iri, self.f.locator)),
            )
        return self._spans[iri]

    def spans_of(self, obs: Obs, depth: int = 0) -> list[SpanRef]:
        out: list[SpanRef] = []
        for source in obs.sources:
            if source in self.obs:
                if depth < 3:
                    out.extend(self.spans_of(self.obs[source], depth + 1))
            else:
                out.append(self.span(source))
        return out

    def ref(self, obs: Obs, role: str) -> FigureRef:
        return FigureRef(
            iri=str(obs.iri),
            role=role,
            value=obs.value,
            stated=obs.stated,
            unit=obs.unit,
            label=obs.label,
            spans=self.spans_of(obs),
        )

    def statement_ref(self, st: Statement) -> FigureRef:
        return FigureRef(
            iri=str(st.iri),
            role="statement",
            value=st.value,
            stated=st.stated,
            unit=st.unit,
            spans=[self.span(s) for s in st.spans],
        )


def _str(node: object) -> str | None:
    return None if node is None else str(node)


# --- the checks --------------------------------------------------------------------------------------------


def wan(value: Decimal | None) -> str:
    """Yuan shown in 万元 for messages."""
    return "?" if value is None else number(rounded(value / 10000, 6)) + "万元"


def pct(value: Decimal | None) -> str:
    return "?" if value is None else number(rounded(value, 4)) + "%"


class Auditor:
    def __init__(self, figures: Figures):
        self.x = figures
        self.findings: list[Finding] = []

    def emit(
        self,
        rule: str,
        severity: str,
        focus: Obs | None,
        detail: str,
        figures: list[FigureRef],
        *,
        stated: Decimal | None = None,
        computed: Decimal | None = None,
        tolerance: Decimal | None = None,
        unit: str | None = None,
        value: str | None = None,
        path: str | None = None,
        focus_iri: str | None = None,
    ) -> None:
        _, zh, en = RULES[rule]
        message = f"{zh}：{detail} / {en}"
        if severity == "Info" and stated is not None:
            message = f"[舍入 rounding] {message}"
        if focus is not None and path is None:
            path = str(self.x.f[focus.measure]) if focus.measure else None
        self.findings.append(
            Finding(
                severity=severity,
                rule=rule,
                message=message,
                report=str(self.x.report),
                focus_node=focus_iri or str(focus.iri if focus is not None else self.x.report),
                path=path,
                value=value if value is not None else (focus.stated if focus is not None else None),
                stated=stated,
                computed=None if computed is None else rounded(computed, 6).normalize(),
                tolerance=None if tolerance is None else rounded(tolerance, 6).normalize(),
                unit=unit,
                figures=figures,
            )
        )

    # generic comparison of a stated total with the sum of its parts --------------------------------
    def check_sum(
        self,
        rule: str,
        total: Obs,
        parts: list[Obs],
        what: str,
        *,
        incomplete: bool = False,
        one_sided: str | None = None,
    ) -> None:
        if total.derived or total.value is None or not parts:
            return
        computed = sum((p.value for p in parts if p.value is not None), Decimal(0))
        diff = total.value - computed
        if diff == 0:
            return
        tol = self.x.half(total) + sum((self.x.half(p) for p in parts), Decimal(0))
        if abs(diff) <= tol:
            severity = "Info"
        else:
            severity = RULES[rule][0]
            if incomplete:
                severity = "Warning"
            if one_sided == "parts-may-be-fewer" and diff > 0:
                severity = "Warning"
        shown = " + ".join(wan(p.value) for p in parts[:12]) + (" + …" if len(parts) > 12 else "")
        detail = (
            f"{what} 原文 {wan(total.value)}，分项之和 {shown} = {wan(computed)}，差 {wan(diff)}"
            f"（舍入容差 ±{wan(tol)}）"
        )
        if incomplete:
            detail += "（部分分项未列示 some parts are not stated）"
        self.emit(
            rule,
            severity,
            total,
            detail,
            [self.x.ref(total, "total")] + [self.x.ref(p, "part") for p in parts],
            stated=total.value,
            computed=computed,
            tolerance=tol,
            unit="元",
        )

    def check_percent(
        self,
        rule: str,
        stated: Obs,
        computed: Decimal,
        input_tolerance: Decimal,
        detail: str,
        inputs: list[FigureRef],
    ) -> None:
        if stated.value is None or stated.derived:
            return
        diff = stated.value - computed
        own = self.x.half(stated)
        if abs(diff) <= own:
            return
        tol = own + input_tolerance
        severity = "Info" if abs(diff) <= tol else RULES[rule][0]
        self.emit(
            rule,
            severity,
            stated,
            f"{detail}：原文 {pct(stated.value)}，计算 {pct(computed)}（容差 ±{pct(tol)}）",
            [self.x.ref(stated, "stated")] + inputs,
            stated=stated.value,
            computed=computed,
            tolerance=tol,
            unit="%",
        )

    # --- the rules -----------------------------------------------------------------------------------------
    def run(self) -> list[Finding]:
        for check in (
            self.totals,
            self.by_fund_and_nature,
            self.function_hierarchy,
            self.basic,
            self.three_public,
            self.projects,
            self.shares,
            self.year_on_year,
            self.completion,
            self.cross_source,
            self.classification,
            self.completeness,
        ):
            check()
        return merge_repeated(self.findings)

    def amounts(self) -> Iterable[Obs]:
        return (o for o in self.x.obs.values() if o.measure == "amount" and o.value is not None)

    def totals(self) -> None:
        x = self.x
        for fund in ("all", "appropriation"):
            for total_item, first, others in (
                ("total-income", "income", ("use-of-non-appropriation-balance", "opening-carry-over")),
                ("total-expenditure", "expenditure", ("balance-distribution", "closing-carry-over")),
            ):
                total = x.get(total_item, fund=fund)
                head = x.get(first, fund=fund)
                if total is None or head is None:
                    continue
                rest = [o for o in (x.get(i, fund=fund) for i in others) if o is not None]
                incomplete = len(rest) < len(others)
                rule = "totals-income" if total_item == "total-income" else "totals-expenditure"
                self.check_sum(rule, total, [head, *rest], total_item, incomplete=incomplete)
            ti, te = x.get("total-income", fund=fund), x.get("total-expenditure", fund=fund)
            if ti is not None and te is not None and not ti.derived:
                self.check_sum("totals-balance", ti, [te], "收入总计 = 支出总计")

    def by_fund_and_nature(self) -> None:
        x = self.x
        income = x.get("income")
        if income is not None:
            appropriation_parts = [
                o
                for o in (
                    x.get("income", fund=f)
                    for f in ("general-public-budget", "government-fund", "state-capital")
                )
                if o
            ]
            if x.get("income", fund="appropriation"):
                # 财政拨款收入 printed whole: a budget printed under it ("其中：政府性基金…") is part of it
                appropriation_parts = [x.get("income", fund="appropriation")]  # type: ignore[list-item]
            others = [
                o
                for o in (
                    x.get("income", fund=f)
                    for f in ("superior-subsidy", "operations", "business", "affiliated-remittance", "other")
                )
                if o
            ]
            parts = appropriation_parts + others
            if len(parts) >= 2:
                self.check_sum(
                    "totals-income-by-fund", income, parts, "本年收入合计", incomplete=len(parts) < 8
                )
        natures = (
            "basic",
            "project",
            "remittance-to-superior",
            "business",
            "subsidy-to-affiliates",
            "reserve",  # 江苏: 三、单位预留机动经费 beside 基本支出 and 项目支出
        )
        for fund in sorted({o.fund for o in self.amounts() if o.item == "expenditure"}):
            total = x.get("expenditure", fund=fund)
            if total is None:
                continue
            parts = [o for o in (x.get("expenditure", fund=fund, nature=n) for n in natures) if o]
            if x.get("expenditure", fund=fund, nature="basic") and x.get(
                "expenditure", fund=fund, nature="project"
            ):
                self.check_sum(
                    "totals-expenditure-by-nature",
                    total,
                    parts,
                    f"本年支出合计（{fund}）",
                    incomplete=len(parts) < 2,
                )

    def function_hierarchy(self) -> None:
        groups: dict[tuple, dict[str, Obs]] = defaultdict(dict)
        for o in self.amounts():
            if o.fc is not None:
                groups[(o.item, o.statistic, o.fund, o.nature, o.ec, o.project)][o.fc] = o
        for key, codes in groups.items():
            for code, obs in sorted(codes.items()):
                if len(code) not in (3, 5):
                    continue
                children = [codes[c] for c in sorted(codes) if len(c) == len(code) + 2 and c.startswith(code)]
                if not children and len(code) == 3:
                    children = [codes[c] for c in sorted(codes) if len(c) == 7 and c.startswith(code)]
                if children:
                    level = "类" if len(code) == 3 else "款"
                    self.check_sum("hierarchy-function", obs, children, f"{level} {code}")
            classes = [codes[c] for c in sorted(codes) if len(c) == 3]
            item, statistic, fund, nature, ec, project = key
            total = self.x.get(item, statistic, fund, nature, None, ec, project)
            # a narrative names the main changes by 类, not every one (and a previous year derived from
            # them covers only those): only the levels a table or the text states must add up to the total
            stated = total is not None and not (total.derived or any(c.derived for c in classes))
            changes = ("increase", "decrease", "change")
            if stated and classes and not statistic.startswith(changes):
                self.check_sum("hierarchy-function-total", total, classes, f"{item}（{fund}）")

    def basic(self) -> None:
        x = self.x
        for o in list(self.amounts()):
            if o.nature != "basic":
                continue
            parts = [
                x.get(o.item, o.statistic, o.fund, n, o.fc, o.ec, o.project)
                for n in ("personnel", "public-funds")
            ]
            found = [p for p in parts if p is not None]
            if found:
                self.check_sum("hierarchy-basic", o, found, "基本支出", incomplete=len(found) < 2)

    def three_public(self) -> None:
        x = self.x
        families = (
            (
                "hierarchy-three-public",
                "three-public-expenses",
                ("overseas-travel", "official-vehicles", "official-reception"),
            ),
            ("hierarchy-vehicles", "official-vehicles", ("vehicle-purchase", "vehicle-operation")),
            ("hierarchy-reception", "official-reception", ("domestic-reception", "foreign-reception")),
        )
        for rule, parent, children in families:
            for o in list(self.amounts()):
                if o.item != parent or o.statistic in ("increase-amount", "decrease-amount", "change-amount"):
                    continue
                found = [
                    p
                    for p in (
                        x.get(c, o.statistic, o.fund, o.nature, o.fc, o.ec, o.project) for c in children
                    )
                    if p
                ]
                if found:
                    self.check_sum(rule, o, found, parent, incomplete=len(found) < len(children))

    def projects(self) -> None:
        x = self.x
        for statistic in ("level", "full-year-budget"):
            for fund in ("all", "appropriation"):
                lines = [
                    o
                    for o in self.amounts()
                    if o.item == "project-funds" and o.project and o.statistic == statistic and o.fund == fund
                ]
                if not lines:
                    continue
                if statistic == "level":
                    total = x.get("expenditure", "level", "all", "project") or x.get(
                        "project-funds", "level", fund
                    )
                else:
                    total = x.get("project-funds", statistic, fund) or x.get(
                        "project-funds", statistic, "all"
                    )
                if total is not None:
                    self.check_sum(
                        "hierarchy-projects",
                        total,
                        sorted(lines, key=lambda o: str(o.iri)),
                        "项目支出",
                        one_sided="parts-may-be-fewer",
                    )
                break  # fund "all" when present, else appropriation

    def share_base(self, o: Obs) -> Obs | None:
        """The amount a share is taken of: item fiscal:shareOf, the share's own breakdown made coarser."""
        x = self.x
        item = o.share_of or o.item
        candidates = []
        for fc in dict.fromkeys((o.fc, None)):
            for ec in dict.fromkeys((o.ec, None)):
                for fund in dict.fromkeys((o.fund, "all")):
                    for nature in dict.fromkeys((o.nature, "all")):
                        dims = (fund, nature, fc, ec, o.project)
                        if item == o.item and dims == o.dims:
                            continue
                        base = x.get(item, "level", *dims)
                        if base is not None:
                            # a classified share is of the unclassified total: coarsen the
                            # classification before the fund or the nature
                            generalised = (
                                (fc != o.fc) + (ec != o.ec) + 10 * ((fund != o.fund) + (nature != o.nature))
                            )
                            candidates.append((generalised, base))
        return min(candidates, key=lambda c: c[0])[1] if candidates else None

    def shares(self) -> None:
        x = self.x
        for o in list(x.obs.values()):
            if o.statistic != "share" or o.value is None or o.derived:
                continue
            part = x.get(o.item, "level", *o.dims)
            base = self.share_base(o)
            if part is None or base is None:
                continue
            refs = [x.ref(part, "numerator"), x.ref(base, "base")]
            if base.value == 0:
                if part.value != 0 or o.value != 0:
                    self.emit("share", "Violation", o, f"基数为零，原文占比 {pct(o.value)} / base is zero", refs,
                              stated=o.value, unit="%")  # fmt: skip
                continue
            computed = HUNDRED * part.value / base.value  # type: ignore[operator]
            tol = HUNDRED * (x.half(part) / abs(base.value) + abs(part.value) * x.half(base) / base.value**2)  # type: ignore[operator]
            self.check_percent("share", o, computed, tol, f"{wan(part.value)} / {wan(base.value)}", refs)

    def year_on_year(self) -> None:
        x = self.x
        for o in list(x.obs.values()):
            if o.statistic not in ("increase-percent", "decrease-percent") or o.value is None or o.derived:
                continue
            dims = o.dims
            level = x.get(o.item, "level", *dims)
            inc = x.get(o.item, "increase-amount", *dims)
            dec = x.get(o.item, "decrease-amount", *dims)
            chg = x.get(o.item, "change-amount", *dims)
            prev_obs = x.get(o.item, "previous-year-level", *dims)
            stated_prev = prev_obs if prev_obs is not None and not prev_obs.derived else None
            change_obs = inc or dec or chg
            refs = [x.ref(r, "input") for r in (level, change_obs, stated_prev) if r is not None]
            if change_obs is not None:
                sign = -1 if change_obs is dec else 1
                change = sign * change_obs.value  # type: ignore[operator]
                dchange = x.half(change_obs)
                if stated_prev is not None:
                    prev, dprev = stated_prev.value, x.half(stated_prev)
                elif level is not None:
                    prev, dprev = level.value - change, x.half(level) + dchange  # type: ignore[operator]
                else:
                    continue
            elif stated_prev is not None and level is not None:
                change = level.value - stated_prev.value  # type: ignore[operator]
                dchange = x.half(level) + x.half(stated_prev)
                prev, dprev = stated_prev.value, x.half(stated_prev)
            else:
                continue
            if prev is None or prev <= 0:
                self.emit("yoy-percent", "Violation", o, f"上年数为 {wan(prev)}，百分比无意义 / previous level is {prev}",
                          refs, stated=o.value, unit="%")  # fmt: skip
                continue
            computed_signed = HUNDRED * change / prev
            tol = HUNDRED * (dchange / prev + abs(change) * dprev / prev**2)
            computed = computed_signed if o.statistic == "increase-percent" else -computed_signed
            detail = f"变动 {wan(change)} / 上年 {wan(prev)}"
            self.check_percent("yoy-percent", o, computed, tol, detail, refs)
            if stated_prev is not None and level is not None and change_obs is not None and not level.derived:
                # level - previous = change, with the change as the "total"
                diff = (level.value - stated_prev.value) - change  # type: ignore[operator]
                tol_amount = x.half(level) + x.half(stated_prev) + dchange
                if diff != 0:
                    severity = "Info" if abs(diff) <= tol_amount else "Violation"
                    self.emit("yoy-change-amount", severity, change_obs,
                              f"{wan(level.value)} − {wan(stated_prev.value)} ≠ {wan(change)}",
                              [x.ref(change_obs, "stated"), x.ref(level, "input"), x.ref(stated_prev, "input")],
                              stated=change, computed=level.value - stated_prev.value,  # type: ignore[operator]
                              tolerance=tol_amount, unit="元")  # fmt: skip

    def completion(self) -> None:
        x = self.x
        for o in list(x.obs.values()):
            if o.statistic not in ("completion-rate", "execution-rate") or o.value is None or o.derived:
                continue
            level = x.get(o.item, "level", *o.dims)
            budget = x.get(o.item, "full-year-budget", *o.dims) or x.get(o.item, "initial-budget", *o.dims)
            if level is None or budget is None:
                continue
            refs = [x.ref(level, "executed"), x.ref(budget, "budget")]
            if budget.value == 0:
                if level.value != 0:
                    self.emit("completion-zero-budget", "Violation", o,
                              f"预算数为零而决算数为 {wan(level.value)}，原文完成率 {pct(o.value)}", refs,
                              stated=o.value, unit="%")  # fmt: skip
                elif o.value != 0:
                    self.emit("completion-zero-budget", "Warning", o,
                              f"预算数与决算数均为零，原文完成率 {pct(o.value)}", refs, stated=o.value, unit="%")  # fmt: skip
                continue
            computed = HUNDRED * level.value / budget.value  # type: ignore[operator]
            tol = HUNDRED * (x.half(level) / budget.value + level.value * x.half(budget) / budget.value**2)  # type: ignore[operator]
            self.check_percent(
                "completion-rate", o, computed, tol, f"{wan(level.value)} / {wan(budget.value)}", refs
            )

    def cross_source(self) -> None:
        x = self.x
        for o in x.obs.values():
            if o.value is None:
                continue
            for st in o.statements:
                if st.value is None or st.value == o.value:
                    continue
                diff = st.value - o.value
                # two printings of one value: equal when printed to the same precision, else
                # within half a unit of the coarser one (319.72万元 vs 3197238.46元)
                tol = max(x.half(o), half_unit(st.stated, st.unit, o.measure, st.value))
                severity = "Info" if abs(diff) <= tol else "Violation"
                shown = wan if o.measure == "amount" else pct if o.measure == "percentage" else number
                self.emit(
                    "cross-source",
                    severity,
                    o,
                    f"此处 {shown(o.value)}，另处 {shown(st.value)}",
                    [x.ref(o, "stated"), x.statement_ref(st)],
                    stated=st.value,
                    computed=o.value,
                    tolerance=tol,
                    unit="元" if o.measure == "amount" else "%" if o.measure == "percentage" else None,
                    value=st.stated,
                )

    def classification(self) -> None:
        x = self.x
        seen: set[tuple[str, str]] = set()
        year = int(x.year) if x.year is not None else None
        # statistic "level" first, so a finding names the amount rather than its share
        ordered = sorted(x.obs.values(), key=lambda o: (o.statistic != "level", str(o.iri)))
        for o in ordered:
            for scheme, code in (("function", o.fc), ("economic", o.ec)):
                if code is None or (scheme, code) in seen:
                    continue
                seen.add((scheme, code))
                status = code_status(scheme, code, year)
                if status != "known":
                    rule = (
                        "classification-code-unknown"
                        if status == "unknown"
                        else "classification-code-unverified"
                    )
                    self.emit(rule, RULES[rule][0], o, f"{scheme} {code}（{year}年度）", [x.ref(o, "classified")],
                              value=code, path=str(x.f.functionalClassification if scheme == "function"
                                                   else x.f.economicClassification))  # fmt: skip
            for kind in o.discrepancies:
                code = o.fc or o.ec or ""
                if (kind, code) in seen:
                    continue
                seen.add((kind, code))
                rule = (
                    f"classification-{kind}"
                    if f"classification-{kind}" in RULES
                    else "classification-wording"
                )
                national = national_label("function" if o.fc else "economic", code) if code else None
                wording = "；".join(o.wording)
                self.emit(rule, RULES[rule][0], o,
                          f"{code} 原文“{wording}”，国家分类“{national or '?'}”（{kind}）",
                          [x.ref(o, "classified")], value=kind, path=str(x.f.wordingDiscrepancy))  # fmt: skip

    def completeness(self) -> None:
        x = self.x
        missing = sorted(str(s) for s in x.graph.objects(x.report, x.f.missingSection))
        if missing:
            self.emit("completeness-missing-section", "Warning", None, "、".join(missing), [],
                      value="、".join(missing), path=str(x.f.missingSection))  # fmt: skip


# --- national code lists -----------------------------------------------------------------------------------


@cache
def _codes(file_name: str) -> frozenset[str]:
    try:
        with open(vocab_source(file_name), encoding="utf-8") as handle:
            return frozenset(row["code"].strip() for row in csv.DictReader(handle) if row.get("code"))
    except (FileNotFoundError, KeyError):
        return frozenset()


CODE_LISTS = {
    # scheme: [(first year, last year, file)]
    "function": [
        (2019, 2100, "function_classification_seed_unverified.csv"),
        (2007, 2018, "function_classification_legacy_vendor.csv"),
    ],
    "economic": [
        (2018, 2100, "economic_classification_dept_2018_seed_unverified.csv"),
        (2018, 2100, "economic_classification_gov_2018_seed_unverified.csv"),
        (2007, 2017, "economic_classification_legacy_pre2018.csv"),
    ],
}


def national_label(scheme: str, code: str) -> str | None:
    """The code's name in the national lists (a report graph never restates it: the vocabulary's)."""
    from converter.resolve.classification import economic_classification, function_classification

    return (function_classification() if scheme == "function" else economic_classification()).label(code)


def code_status(scheme: str, code: str, year: int | None) -> str:
    """ "known" (in an edition covering the year), "other-edition", or "unknown"."""
    editions = CODE_LISTS.get(scheme, [])
    if not any(_codes(f) for _, _, f in editions):
        return "known"  # no code list installed: nothing to check against
    for first, last, file_name in editions:
        if (year is None or first <= year <= last) and code in _codes(file_name):
            return "known"
    if any(code in _codes(f) for _, _, f in editions):
        return "other-edition"
    return "unknown"


def audit(graph: Graph, report: URIRef, base: str) -> list[Finding]:
    return Auditor(Figures(graph, report, base)).run()
