"""`juesuan validate --across STORE` (issue #14): one organisation's reports against each other.

A two-year store: the bundled sample (乐山市市中区经济和信息化局 2022) and a SYNTHETIC 2023 of the same
department, built here from the sample's text with every year one later and each change against the
previous year stated in words ("与上年持平": the sample's levels are that year's levels) but the one this
test plants. Never published anywhere; for the tests only. The findings go into the store as data, in
their own graph, replaced on each run."""

from __future__ import annotations

import gc
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SAMPLE

from converter.cli import main
from converter.pipeline import convert_files
from converter.validate.across import audit_graph_name, validate_across
from server.load import load
from server.store.embedded import EmbeddedStore

BASE = "http://across.test/juesuan/"
SH = "http://www.w3.org/ns/shacl#"
TOTAL = "2023年度收、支总计319.72万元。与上年持平"


def second_year(
    folder: Path, total: str = "与上年持平", overseas: str = "0万元", overseas_words: str = "持平"
) -> Path:
    """SYNTHETIC: the sample a year later; ``total`` replaces the change of 收、支总计 against 2022,
    ``overseas`` the amount of 因公出国（境）经费 (which the text then calls 比2022年持平)."""
    text = SAMPLE.read_text(encoding="utf-8")
    for year in ("2023", "2022", "2021"):
        text = text.replace(year, str(int(year) + 1))
    text = re.sub(
        r"(?:与2022年相比，|较上年|比2022年)[^。]*?(?:增加|减少)[\d,.]+万元[，,][^。]*?%", "与上年持平", text
    )
    assert TOTAL in text
    text = text.replace(TOTAL, f"2023年度收、支总计319.72万元。{total}")
    for stated in ("因公出国（境）经费支出", "因公出国（境）费支出决算"):
        text = text.replace(f"{stated}0万元", f"{stated}{overseas}")
    if overseas_words != "持平":  # the words in the sentence that states the amount, as many reports write it
        text = text.replace(
            "因公出国（境）支出决算比2022年持平", f"因公出国（境）支出决算比2022年{overseas_words}"
        )
        text = text.replace(
            f"因公出国（境）经费支出{overseas}，完成预算0%。",
            f"因公出国（境）经费支出{overseas}，比2022年{overseas_words}。",
        )
    path = folder / "000_synthetic_second_year.txt"
    path.write_text(text, encoding="utf-8")
    return path


def nquads(folder: Path, documents: list[Path]) -> list[Path]:
    files = []
    for i, document in enumerate(documents):
        result = convert_files([document], BASE, keep_going=False)
        out = folder / f"{i}-{document.stem}.nq"
        result.dataset.serialize(destination=str(out), format="nquads", encoding="utf-8")
        files.append(out)
    return files


BUDGET = """乐山市市中区经济和信息化局2022年部门预算

第一部分 部门概况

一、主要职能

负责全区工业和信息化工作。

第二部分 2022年部门预算情况说明

一、收支预算总体情况

2022年收入预算319.72万元，支出预算319.72万元。

二、“三公”经费预算情况说明

2022年“三公”经费财政拨款预算{three}万元，其中：因公出国（境）费0万元，公务接待费{three}万元，公务用车购置及运行维护费0万元。
"""


def budget(folder: Path, three: str) -> Path:
    """SYNTHETIC: a 2022 budget of the sample's department (its 三公 budget ``three`` 万元)."""
    path = folder / "000_synthetic_budget_2022.txt"
    path.write_text(BUDGET.format(three=three), encoding="utf-8")
    return path


def across(folder: Path, documents: list[Path] | None = None, **planted: str) -> list:
    store = EmbeddedStore(None, workers=1, base_iri=BASE)
    try:
        documents = documents or [SAMPLE, second_year(folder, **planted)]
        load(store, nquads(folder, documents), BASE, quiet=True)
        return validate_across(store, BASE)
    finally:
        store.close()


def test_years_that_agree_give_no_finding(tmp_path):
    assert across(tmp_path) == []


def test_a_previous_year_figure_against_last_years_report(tmp_path):
    """2023 says 收、支总计 fell by 20.00万元 to 319.72: 339.72 in 2022, where the 2022 report says 319.72."""
    findings = across(tmp_path, total="与2022年相比，收、支总计各减少20.00万元，下降5.9%")
    assert {f.rule.rule for f in findings} == {"across-previous-year"}
    assert all(f.focus.endswith("/2023/final") for f in findings)
    assert {f.value("stated") for f in findings} == {"3397200"}
    assert {f.value("computed") for f in findings} == {"3197200"}
    assert all(f.value("other").split("/obs/")[0].endswith("/2022/final") for f in findings)


def test_a_change_in_words_against_last_years_report(tmp_path):
    """2023 spends 5万元 on 因公出国（境） and calls it 比2022年持平; the 2022 report says 0."""
    findings = across(tmp_path, overseas="5万元")
    assert [(f.rule.rule, f.rule.severity) for f in findings] == [("across-claim-direction", "Violation")]
    assert "持平" in findings[0].message("zh")
    assert findings[0].value("stated") == "50000" and findings[0].value("computed") == "0"


def test_a_hedged_change_in_words_against_last_years_report(tmp_path):
    """2023 says "因公出国（境）经费支出N万元，比2022年基本持平" (or 略有增加, 略有减少), and again "因公出国（境）
    支出决算比2022年…" two sentences on: quiet where the 2022 report's 0 agrees read loosely; 5万元 against 0
    is no 基本持平 and no 略有减少: a Warning of each claim that has a subject, never a Violation; 略有增加
    agrees. The second sentence states no figure: its 基本持平 is of the subject the narrative reader
    resolved from its words (as a plain 持平's), its 略有减少 of none (that reader resolves no subject for
    it). One fact said twice is one finding: 基本持平's two claims give one Warning, at the first
    sentence, naming the other; 略有减少 one of its one claim."""
    assert across(tmp_path, overseas_words="基本持平") == []
    assert across(tmp_path, overseas="5万元", overseas_words="略有增加") == []
    for words, claims in (("基本持平", 2), ("略有减少", 1)):
        findings = across(tmp_path, overseas="5万元", overseas_words=words)
        assert [(f.rule.rule, f.rule.severity) for f in findings] == [("across-claim-hedged", "Warning")]
        (finding,) = findings
        assert len({finding.value("value"), *(v["value"] for v in finding.repeated_at)}) == claims
        assert words in finding.message("zh") and "overseas-travel" in finding.message("en")
        assert ("另见 1 处" in finding.message("zh")) is (claims == 2)


def claims_by_sentence(dataset, text: str, words: str) -> dict[str, list[str | None]]:
    """SYNTHETIC text's claims of ``words`` as the triples state them: the subject's item of each, by the
    sentence of ``text`` their source span begins in."""
    rows = dataset.query(
        """PREFIX fiscal: <http://across.test/juesuan/def/fiscal#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?claim ?words ?start ?item WHERE { GRAPH ?g {
            ?claim a fiscal:NarrativeClaim ; fiscal:claimWords ?words ; prov:wasDerivedFrom ?source .
            ?source oa:hasSelector ?selector . ?selector oa:start ?start .
            OPTIONAL { ?claim fiscal:claimSubject ?subject . ?subject fiscal:item ?item } } }"""
    )
    sentences: dict[str, list[str | None]] = {}
    for _, said, start, item in rows:
        if words not in str(said):
            continue
        lo = max(text.rfind(mark, 0, int(start)) for mark in "。\n") + 1
        sentence = text[lo : text.index("。", int(start)) + 1]
        sentences.setdefault(sentence, []).append(item and str(item).rsplit("/", 1)[-1])
    return sentences


def test_a_hedged_flat_sentence_is_one_claim_of_its_subject(tmp_path):
    """Each "比2022年基本持平" of the synthetic year is one claim in the triples (a hedged flat change
    publishes no change of 0, and the subject the reader resolved completes the claim of its sentence,
    it makes no other), each of 因公出国（境）: the second sentence states no figure, and before the
    reader kept a hedged flat's subject its claim had none."""
    document = second_year(tmp_path, overseas="5万元", overseas_words="基本持平")
    dataset = convert_files([document], BASE, keep_going=False).dataset
    claims = claims_by_sentence(dataset, document.read_text(encoding="utf-8"), "基本持平")
    assert claims == {
        "1. 因公出国（境）经费支出5万元，比2022年基本持平。": ["overseas-travel"],
        "因公出国（境）支出决算比2022年基本持平。": ["overseas-travel"],
    }


def test_a_completion_rate_against_the_same_years_budget(tmp_path):
    """The 2022 决算 spends 0.75万元 on 三公 and calls it 完成预算100%: the 2022 预算 that says 0.75 agrees,
    one that says 1.50 (50%) does not."""
    assert across(tmp_path, [SAMPLE, budget(tmp_path, "0.75")]) == []
    findings = across(tmp_path, [SAMPLE, budget(tmp_path, "1.50")])
    assert {(f.rule.rule, f.rule.severity) for f in findings} == {("across-completion-rate", "Warning")}
    assert {f.value("stated") for f in findings} == {"100"}
    assert {Decimal(f.value("computed")) for f in findings} == {Decimal(50)}
    assert all(f.focus.endswith("/2022/final") for f in findings)


def test_an_initial_budget_against_the_same_years_budget(tmp_path):
    """The 2022 决算 says its 三公 had a 年初预算 of 1.50万元: the 2022 预算 that publishes 1.50 agrees,
    one that publishes 0.75 does not (a Warning: a budget may be republished on another scope)."""
    text = SAMPLE.read_text(encoding="utf-8")
    stated = "2022年“三公”经费财政拨款支出决算为0.75万元，完成预算100%；"
    assert stated in text
    text = text.replace(
        stated, "2022年“三公”经费财政拨款年初预算为1.50万元，支出决算为0.75万元，完成年初预算的50%；"
    )
    accounts = tmp_path / "000_sample_with_initial_budget.txt"
    accounts.write_text(text, encoding="utf-8")
    rule = "across-initial-budget"
    assert [f for f in across(tmp_path, [accounts, budget(tmp_path, "1.50")]) if f.rule.rule == rule] == []
    found = [f for f in across(tmp_path, [accounts, budget(tmp_path, "0.75")]) if f.rule.rule == rule]
    assert [(f.rule.severity, f.value("stated"), f.value("computed")) for f in found] == [
        ("Warning", "15000", "7500")
    ]
    assert found[0].focus.endswith("/2022/final")


def test_command_publishes_findings_in_their_own_graph_replaced_each_run(tmp_path, capsys):
    store_dir = tmp_path / "store"
    files = nquads(tmp_path, [SAMPLE, second_year(tmp_path, overseas="5万元")])
    store = EmbeddedStore(str(store_dir), workers=1, base_iri=BASE)
    load(store, files, BASE, quiet=True)
    store.close()
    del store
    gc.collect()  # the embedded store's RocksDB lock goes with its last reference
    argv = ["validate", "--across", str(store_dir), "--base", BASE, "--format", "json"]
    assert main(argv) == 1  # a Violation
    first = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in first] == ["across-claim-direction"]
    assert main(argv) == 1
    assert json.loads(capsys.readouterr().out) == first
    store = EmbeddedStore(str(store_dir), workers=1, base_iri=BASE)
    try:
        graphs = store.graphs()
        audit = audit_graph_name(BASE)
        assert audit in graphs
        result = store.query(
            f"SELECT ?r ?focus WHERE {{ GRAPH <{audit}> {{ ?r a <{SH}ValidationResult> ; "
            f"<{SH}focusNode> ?focus }} }}",
            formats={"solutions": "application/sparql-results+json"},
        )
        rows = json.loads(result.body)["results"]["bindings"]
        assert len(rows) == 1  # the second run replaced the first: one result, not two
        assert rows[0]["focus"]["value"].endswith("/2023/final")
    finally:
        store.close()


def test_a_single_report_graph_gives_no_across_result(tmp_path):
    """The across rules need another report: over one report's graph they find nothing."""
    pytest.importorskip("pyshacl")
    import pyshacl
    from rdflib.namespace import RDF, SH

    from converter.validate.across import load_rule_file

    graph = convert_files([second_year(tmp_path, overseas="5万元")], BASE).converted[0].graph
    _, results, _ = pyshacl.validate(graph, shacl_graph=load_rule_file("integrity-across.ttl", BASE))
    assert not list(results.subjects(RDF.type, SH.ValidationResult))
