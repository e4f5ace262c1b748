"""Identity (organisation, year, phase, kind, region) from wherever a document states it.

The expected values are written by hand from ../shared/corpus/web/README.md, the corpus README and
the documents themselves. Every excerpt is read under a neutral file name ("page.txt") so that only
its text can identify it; the file-name rule has its own test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Namespace, URIRef

from converter.cli import main
from converter.model import IdentitySource
from converter.parse.document import identify_document
from converter.parse.identity import HintError, IdentityHints
from converter.parse.normalise import matching_text
from converter.pipeline import convert_files
from converter.read.dispatch import read_bytes
from converter.resolve.region import regions
from converter.uris import UriBuilder
from tests.conftest import SAMPLE, shared_path

URIS = UriBuilder()
F = Namespace(URIS.ontology_namespace)
HEADING = {IdentitySource.HEADING, IdentitySource.COVER}
RUNNING = {IdentitySource.RUNNING_TEXT}


def identity_of(path: Path, name: str = "page.txt"):
    return identify_document(read_bytes(path.read_bytes(), name))


# file prefix -> (organisation, region, year, phase, kind, where the organisation is stated)
WEB = {
    "001": ("泸州市中医医院", "510500", 2023, "final", "unit", HEADING),
    "002": ("曾都区河道堤防建设管理处", "421303", 2021, "final", "department", HEADING),
    "003": ("柞水县审计局", "611026", 2020, "final", "department", HEADING),
    "005": ("杭州市钱塘区综合行政执法局", "330114", 2021, "final", "department", HEADING),
    "006": ("湛江市人民政府行政服务中心", "440800", 2021, "final", "department", HEADING),
    "011": ("西畴县审计局", "532623", 2020, "final", "department", HEADING),
    "015": ("腾冲市水务局水利水电勘测设计队", "530581", 2017, "final", "department", HEADING),
    "016": ("上海市松江区水利建设项目管理服务中心", "310117", 2021, "final", None, HEADING),
    "022": ("大英县司法局", "510923", 2017, "final", "department", RUNNING),
    "027": ("随州市公安局曾都区分局", "421303", 2019, "final", "department", HEADING),
    "028": ("甘肃省人大常委会办公厅", "620000", 2019, "final", "consolidated", HEADING),
    "033": ("上高县第五中学", "360923", 2025, "budget", "unit", HEADING),
    "034": ("平昌县涵水镇人民政府", "511923", 2019, "final", "department", HEADING),
    "037": ("玉田县散水头镇人民政府", "130229", 2019, "final", "department", HEADING),
    # 禄丰县 became 禄丰市 (532302) in 2021; a 2019 document is the county's, under its code of then
    "038": ("禄丰县金山镇人民政府", "532331", 2019, "final", "department", HEADING),
    "042": ("北海市城市照明管理处", "450500", 2023, "final", "unit", HEADING),
    "044": ("融安县板榄镇人民政府", "450224", 2019, "budget", "department", HEADING),
    "052": ("厦门市集美区灌口镇中心卫生院", "350211", 2024, "final", "unit", HEADING),
    "058": ("大余县樟斗镇卫生院", "360723", 2020, "final", "unit", HEADING),
    "063": ("中共北京市委网络安全和信息化委员会办公室", "110000", 2022, "final", "department", RUNNING),
}


def web_excerpt(prefix: str) -> Path:
    folder = shared_path("corpus", "web")
    matches = sorted(folder.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"web excerpt {prefix} is not in ../shared/corpus/web")
    return matches[0]


@pytest.mark.parametrize("prefix", sorted(WEB))
def test_web_excerpt_identity(prefix):
    organisation, region, year, phase, kind, where = WEB[prefix]
    ident = identity_of(web_excerpt(prefix))
    assert ident.organisation == organisation
    assert ident.region is not None and ident.region.code == region
    assert ident.year == year
    assert ident.phase is not None and ident.phase.value == phase
    if kind is None:  # 016's text never says 部门 or 单位: the kind is the template's default, flagged
        assert ident.fields["kind"].inferred
    else:
        assert ident.kind == kind
    assert ident.fields["organisation"].source in where
    assert ident.fields["organisation"].span is not None
    # the span quotes the document's own characters
    span = ident.fields["year"].span
    assert span is not None and str(year) in span.text


def test_second_name_in_parentheses_is_an_alternative_name():
    ident = identity_of(web_excerpt("005"))
    assert ident.alternatives == ("杭州市钱塘区城市管理局",)


def test_title_and_body_disagree_the_body_decides_and_it_is_flagged():
    """034: the page title says 部门预算, the 目录 is a 决算's; posted 2019-03-04, before 2019 ended."""
    ident = identity_of(web_excerpt("034"))
    phase = ident.fields["phase"]
    assert phase.value == "final" and phase.source is IdentitySource.CONTENT
    assert "预算" in (phase.method or "")
    codes = {w.code for w in ident.warnings}
    assert {"identity-conflict", "identity-date-conflict"} <= codes


def test_traditional_characters_pinyin_and_mojibake_read_simplified():
    text = web_excerpt("063").read_text(encoding="utf-8")
    scan = matching_text(text)
    assert len(scan) == len(text)
    assert "（一） C构设置、职责" in scan  # "?。ㄒ唬C構設置" restored where the numeral survives
    assert "?。" not in scan
    glossed = web_excerpt("015").read_text(encoding="utf-8")
    assert "水務(wù)局" in glossed
    assert "腾冲市水务局" in "".join(matching_text(glossed).split())  # gloss blanked, simplified


def test_blanks_are_alike():
    assert matching_text("上海市\u00a0松江区\u3000水利") == "上海市 松江区 水利"


def test_excerpts_without_figures_are_refused_only_for_that(tmp_path, capsys):
    """A page's beginning that states no figure is not a report yet; it is never refused for its title."""
    for prefix in sorted(WEB):
        code = main(["convert", str(web_excerpt(prefix)), "-o", str(tmp_path / "o.ttl"), "-q"])
        err = capsys.readouterr().err
        if code == 2:
            message = err.split(".txt: ", 1)[-1]
            assert "no figures found" in message and WEB[prefix][0][:4] in message, err
            assert "title" not in message
        else:
            assert code == 0


# --- corpus PDFs --------------------------------------------------------------------------------


def corpus_pdf(prefix: str) -> Path:
    folder = shared_path("corpus", "pdf")
    matches = sorted(folder.glob(f"{prefix}_*.pdf"))
    if not matches:
        pytest.skip(f"corpus document {prefix} is not in ../shared/corpus/pdf")
    return matches[0]


PDFS = {
    "101": ("上海市普陀区财政局", "310107", 2024, "final"),
    "102": ("上海市普陀区规划和自然资源局", "310107", 2024, "final"),
    "108": ("上海市普陀区人民政府万里街道办事处", "310107", 2024, "budget"),
    "109": ("上海市普陀区商务委员会", "310107", 2025, "budget"),
    "201": ("西南大学", "500109", 2023, "final"),
    "204": ("江苏省高级人民法院", "320000", 2017, "budget"),
    "210": ("西南大学", "500109", 2021, "budget"),
    "211": ("江苏省委办公厅", "320000", 2018, "budget"),
    # a tables-only PDF on rotated pages: its cover says 江苏省2018年度省级部门预算 / 部门:中共江苏省委办公厅
    "212": ("中共江苏省委办公厅", "320000", 2018, "budget"),
    # no title: "附件：江苏省政协办公厅2019年度部门预算公开表" in the running text
    "213": ("江苏省政协办公厅", "320000", 2019, "budget"),
}


@pytest.mark.parametrize("prefix", sorted(PDFS))
def test_corpus_pdf_identity(prefix):
    organisation, region, year, phase = PDFS[prefix]
    ident = identity_of(corpus_pdf(prefix), "document.pdf")
    assert (ident.organisation, ident.region.code, ident.year, ident.phase.value) == (
        organisation,
        region,
        year,
        phase,
    )


def test_central_university_region_is_inferred_from_where_it_says_it_is():
    region = identity_of(corpus_pdf("201"), "document.pdf").fields["region"]
    assert region.inferred and region.source is IdentitySource.RUNNING_TEXT
    assert "北碚区" in region.span.text


def test_tables_only_pdf_organisation_from_its_table_header_year_from_its_file_name():
    path = corpus_pdf("214")
    alone = identity_of(path, "document.pdf")
    assert alone.organisation == "江苏省政协办公厅"
    assert alone.fields["organisation"].source is IdentitySource.TABLE_HEADER
    assert alone.year is None  # nothing in its text states the year
    named = identity_of(path, path.name)
    assert named.year == 2019
    year = named.fields["year"]
    assert year.source is IdentitySource.FILE_NAME and year.inferred and path.name in year.method


# --- synthetic documents from real wording --------------------------------------------------------------


def _html(head: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()
    )


SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
# the sample's 三公 section, as a page of its own would publish it
THREE_PUBLIC = SAMPLE_TEXT[
    SAMPLE_TEXT.index("七、“三公”经费财政拨款支出决算情况说明") : SAMPLE_TEXT.index(
        "八、", SAMPLE_TEXT.index("七、“三公”经费财政拨款支出决算情况说明")
    )
]


def test_title_only_in_html_title_and_canonical_url(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in THREE_PUBLIC.splitlines() if line.strip())
    page = _html(
        "<title>乐山市市中区经济和信息化局2022年度部门决算_乐山市市中区人民政府</title>"
        "<link rel='canonical' href='http://www.shizhong.gov.cn/zwgk/2023/1017/1.html'>",
        "<div>首页 &gt; 政务公开 &gt; 财政预决算</div>" + body,
    )
    path = tmp_path / "1.html"
    path.write_bytes(page)
    converted = convert_files([path]).converted[0]
    report = converted.report
    assert report.organisation.name == "乐山市市中区经济和信息化局"
    assert report.organisation.region.code == "511102"
    assert report.fiscal_year == 2022
    assert report.identity["organisation"].source is IdentitySource.HEADING
    assert report.source_url == "http://www.shizhong.gov.cn/zwgk/2023/1017/1.html"
    document = URIS.source_document(converted.iri)
    assert (document, URIRef("http://purl.org/dc/terms/source"), URIRef(report.source_url)) in converted.graph


def test_identity_statements_in_the_data(sample_result):
    converted = sample_result.converted[0]
    graph, iri = converted.graph, converted.iri
    statements = {
        str(graph.value(node, F.identityProperty)): node for node in graph.objects(iri, F.identityStatement)
    }
    assert set(statements) >= {str(F.organisation), str(F.fiscalYear), str(F.budgetPhase), str(F.reportKind)}
    org = statements[str(F.organisation)]
    assert str(graph.value(org, F.identityValue)) == "乐山市市中区经济和信息化局"
    assert graph.value(org, F.identitySource) == URIS.identity_source("heading")
    assert graph.value(org, F.inferred).toPython() is False
    assert graph.value(iri, F.reportKind) == URIS.report_kind("department")
    assert not list(graph.objects(iri, F.missingIdentity))


def test_unidentified_document_with_figures_is_converted_and_flagged(tmp_path, capsys):
    """The 三公 section alone, with no title and no year: converted, flagged, IRI from its sha256."""
    text = THREE_PUBLIC.replace("2022年", "").replace("2021年", "")
    path = tmp_path / "section.txt"
    path.write_text(text, encoding="utf-8")
    code = main(["convert", str(path), "-o", str(tmp_path / "o.trig"), "-q"])
    err = capsys.readouterr().err
    assert code == 0 and "[unidentified]" in err and "organisation, year" in err
    converted = convert_files([path]).converted[0]
    report = converted.report
    assert report.unidentified and report.missing_identity[:2] == ["organisation", "year"]
    assert report.figures and not all(f.derived for f in report.figures)
    sha = report.source.sha256
    assert str(converted.iri) == f"{URIS.base}id/report/000000/unidentified~{sha[:16]}/unknown/final"
    assert str(convert_files([path]).converted[0].iri) == str(converted.iri)  # deterministic
    missing = {str(o) for o in converted.graph.objects(converted.iri, F.missingIdentity)}
    assert {"organisation", "fiscalYear"} <= missing
    from converter.validate.runner import validate_report

    findings = validate_report(converted.graph, converted.iri, URIS.base)
    assert findings  # the section's own 三公 arithmetic is audited as usual ...
    assert not [f.rule for f in findings if f.rule.startswith("structure")]  # ... and the report conforms


def test_news_is_refused_as_no_disclosure(tmp_path, capsys):
    path = tmp_path / "news.txt"
    path.write_text("今天上午，某地举行秋季运动会，共有1200名运动员参加，比去年增加15%。", encoding="utf-8")
    assert main(["convert", str(path)]) == 2
    assert "not a 决算/预算 disclosure" in capsys.readouterr().err


# --- supplied identity: options and manifests override, with provenance ---------------------------------


def test_options_override_what_the_document_states(tmp_path, capsys):
    out = tmp_path / "o.trig"
    code = main(
        ["convert", str(SAMPLE), "-o", str(out), "--organisation", "乐山市市中区经信局", "--year", "2023",
         "--region", "511102", "--kind", "单位", "--source-url", "http://example.gov.cn/1.html"]
    )  # fmt: skip
    assert code == 0
    assert "[identity-override]" in capsys.readouterr().err
    result = convert_files(
        [SAMPLE],
        hints=IdentityHints.of(
            IdentitySource.OPTION, organisation="乐山市市中区经信局", year="2023", kind="单位"
        ),
    )
    report = result.converted[0].report
    assert report.organisation.name == "乐山市市中区经信局" and report.fiscal_year == 2023
    assert report.kind == "unit"
    org = report.identity["organisation"]
    assert org.source is IdentitySource.OPTION and "乐山市市中区经济和信息化局" in org.method
    assert report.identity["phase"].source is IdentitySource.HEADING  # what no option gives stays read


def test_bad_option_values_are_one_clear_line(tmp_path, capsys):
    for option, value in (("--year", "3021"), ("--region", "999999"), ("--phase", "draft"), ("--kind", "x")):
        assert main(["convert", str(SAMPLE), option, value]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and value in err
    with pytest.raises(HintError):
        IdentityHints.of(IdentitySource.OPTION, year="20x1")


def test_manifest_supplies_identity_and_url(tmp_path):
    page = tmp_path / "pages" / "a.txt"
    page.parent.mkdir()
    page.write_text(THREE_PUBLIC, encoding="utf-8")  # no title: the manifest says who and when
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,source_url,organisation,region,year,phase,kind\n"
        "pages/a.txt,http://example.gov.cn/a.html,乐山市市中区经济和信息化局,511102,2022,决算,三公\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.nq"
    assert main(["convert", "--manifest", str(manifest), "-o", str(out), "-q"]) == 0
    from converter.manifest import read_manifest

    report = convert_files([], jobs=read_manifest(manifest)).converted[0].report
    assert not report.unidentified
    assert report.organisation.name == "乐山市市中区经济和信息化局" and report.fiscal_year == 2022
    assert report.kind == "three-public" and report.source_url == "http://example.gov.cn/a.html"
    assert {f.source for f in report.identity.values()} == {IdentitySource.MANIFEST}
    assert "http://example.gov.cn/a.html" in out.read_text(encoding="utf-8")


# --- regions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "confidence"),
    [
        ("曾都区河道堤防建设管理处", "421303", 0.9),  # a county's unique name alone
        ("随州市公安局曾都区分局", "421303", 0.9),  # a city bureau's county branch
        ("中共北京市委网络安全和信息化委员会办公室", "110000", 1.0),  # after the party's prefix
        ("禄丰县金山镇人民政府", "532331", 0.9),  # the county's name and code before 2021
        ("上海市松江区水利建设项目管理服务中心", "310117", 1.0),
    ],
)
def test_region_from_the_organisation_name(name, code, confidence):
    ref = regions().resolve_prefix(name)
    assert ref is not None and ref.code == code and ref.confidence == confidence


def test_region_from_where_the_text_says_the_body_is():
    found = regions().resolve_location("学校主体位于重庆市北碚区，坐落于缙云山麓")
    assert found is not None and found[0].code == "500109"


# --- the title grammar on wordings the excerpts do not reach ---------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("关于柞水县财政局2019年度部门决算公开的说明", ("柞水县财政局", 2019, "final", "department")),
        # the organisation before 关于 and its year: the run before the year ends in 关于, not a name
        ("柞水县财政局关于2019年度部门决算公开的说明", ("柞水县财政局", 2019, "final", "department")),
        ("柞水县财政局2018年部门决算(本级)", ("柞水县财政局", 2018, "final", "unit")),
        ("2018年度柞水县财政局(汇总)部门决算", ("柞水县财政局", 2018, "final", "department")),
        ("首页>信息公开>柞水县审计局2020年部门决算", ("柞水县审计局", 2020, "final", "department")),
        ("平昌县2019年度部门“三公”经费决算汇总", ("平昌县", 2019, "final", "three-public-summary")),
        ("平昌县人民政府2019年度财政总决算", ("平昌县人民政府", 2019, "final", "government")),
        ("柞水县审计局2020年度部门整体支出绩效自评报告", ("柞水县审计局", 2020, None, "performance")),
        ("江苏省委办公厅2018年度收入、支出预算总计", None),  # a sentence, not a title
        ("2021年度一般公共预算财政拨款“三公”经费支出决算情况说明", (None, 2021, "final", "three-public")),
    ],
)
def test_title_grammar(title, expected):
    from converter.parse.titles import read_titles

    found = read_titles(title)
    if expected is None:
        assert found == []
        return
    first = found[0]
    assert (first.name.name if first.name else None, first.year, first.phase, first.kind) == expected
