"""The human-readable pages (server/views/pages.py) on the bundled sample: every kind of page answers,
as HTML, JSON and CSV, and the numbers it shows are the published observations."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from conftest import SAMPLE

from server.app import create_app
from server.views import pages

BASE = "http://127.0.0.1:5000/"
REPORT = BASE + "id/report/511102/乐山市市中区经济和信息化局/2022/final"
ORG = BASE + "id/org/511102/乐山市市中区经济和信息化局"
REPORT_PAGE = "/page/report/511102/乐山市市中区经济和信息化局/2022/final"
ORG_PAGE = "/page/org/511102/乐山市市中区经济和信息化局"
PAGES = {
    "index": "/page/",
    "report": REPORT_PAGE,
    "department": ORG_PAGE,
    "region": "/page/region/511102",
    "region-above": "/page/region/511100",
    "class": "/page/function/201",
    "item": "/page/function/2011301",
    "search": "/page/search?q=" + quote("经济和信息化"),
}


@pytest.fixture(scope="module")
def app():
    application = create_app({"testing": True, "inputs": [str(SAMPLE)], "query_workers": 1})
    if "pages" not in application.blueprints:  # server/app.py registers it; older trees may not
        application.register_blueprint(pages.bp)
    yield application
    application.extensions["juesuan.store"].close()


@pytest.fixture()
def client(app):
    return app.test_client()


def observations(app) -> dict[str, Decimal]:
    """Every amount of the report straight from the store: observation IRI -> yuan."""
    store = app.extensions["juesuan.store"]
    result = store.query(f"SELECT ?o ?a WHERE {{ GRAPH <{REPORT}> {{ ?o <{BASE}def/fiscal#amount> ?a }} }}")
    rows = json.loads(result.body)["results"]["bindings"]
    return {r["o"]["value"]: Decimal(r["a"]["value"]) for r in rows}


def path(url: str, ext: str) -> str:
    stem, _, query = url.partition("?")
    if stem.endswith("/"):
        stem += "index"
    return f"{stem}.{ext}" + (f"?{query}" if query else "")


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_each_page_html_json_csv(client, kind):
    url = PAGES[kind]
    html = client.get(url)
    assert html.status_code == 200, html.get_data(as_text=True)[:500]
    assert html.mimetype == "text/html"
    body = html.get_data(as_text=True)
    assert 'name="q"' in body  # the search box is in every page's header
    assert "<script" not in body  # nothing the Content-Security-Policy would block
    assert ' style="' not in body
    as_json = client.get(path(url, "json"))
    assert as_json.status_code == 200 and as_json.mimetype == "application/json"
    assert as_json.get_json()["kind"]
    as_csv = client.get(path(url, "csv"))
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows and rows[0]
    # Accept works as well as the extension
    assert client.get(url, headers={"Accept": "application/json"}).mimetype == "application/json"
    assert client.get(url, headers={"Accept": "text/csv"}).mimetype == "text/csv"


def test_report_headline_and_charts_match_observations(client, app):
    amounts = observations(app)
    model = client.get(REPORT_PAGE + ".json").get_json()
    # 收、支总计319.72万元 ... 各减少1,644.52万元 (sample, 第二部分 一)
    head = {h["key"]: h for h in model["headline"]}
    assert head["total_income"]["level"]["yuan"] == "3197200"
    assert head["total_income"]["level"]["wan"] == "319.72"
    assert head["total_income"]["previous"]["wan"] == "1,964.24"  # derived: 319.72 + 1,644.52
    assert head["total_income"]["previous"]["derived"] is True
    assert head["total_income"]["change"]["wan"] == "-1,644.52"
    assert head["three_public"]["level"]["wan"] == "0.75"  # “三公”经费 ... 0.75万元 (第二部分 七)
    charts = {c["id"]: c for c in model["charts"]}
    assert sorted(charts) == [f"fig{i}" for i in range(1, 8)]
    for chart in charts.values():
        for series in chart["series_values"]:
            for value in series:
                if value is not None:  # every drawn number is an observation's amount
                    assert amounts[value["obs"]] == Decimal(value["yuan"])
    fig6 = charts["fig6"]
    by_code = {
        c["zh"].split()[0]: v for c, v in zip(fig6["category_labels"], fig6["series_values"][0], strict=True)
    }
    assert by_code["201"]["wan"] == "247.57" and by_code["208"]["wan"] == "38.04"  # 图6 text, 第二部分 五(二)
    fig3 = charts["fig3"]
    assert [v["wan"] for v in fig3["series_values"][0]][:2] == ["269.28", "50.44"]  # 基本支出 / 项目支出
    assert charts["fig7"]["series_values"][0][2]["wan"] == "0.75"  # 公务接待费


def test_report_chart_marks_carry_observation_values(client, app):
    amounts = set(observations(app).values())
    body = client.get(REPORT_PAGE).get_data(as_text=True)
    for fig in range(1, 8):
        figure = re.search(rf'<figure class="chart-box" id="fig{fig}".*?</figure>', body, re.S).group(0)
        marks = re.findall(r'class="mark[^"]*"[^>]*data-value="([^"]+)"', figure)
        assert marks, f"fig{fig} has no marks"
        assert all(Decimal(v) in amounts for v in marks)
        assert "<table" in figure  # the text alternative


def test_classification_drilldown_with_wording(client):
    body = client.get(REPORT_PAGE).get_data(as_text=True)
    assert "<details" in body
    model = client.get(REPORT_PAGE + ".json").get_json()
    tree = {n["code"]: n for n in model["classification"]}
    assert tree["201"]["label"]["zh"] == "一般公共服务支出"
    assert tree["201"]["wording"] == ["一般公共预算服务支出"]  # the document's own wording
    kuan = tree["201"]["children"][0]
    assert kuan["code"] == "20113" and kuan["sum_of_children"]["wan"] == "247.57"
    xiang = {n["code"]: n for n in kuan["children"]}
    assert xiang["2011301"]["amount"]["wan"] == "197.13"  # 1. ...行政运行（项）：197.13万元
    assert "一般公共服务（类）商贸事务（款）行政运行（项）" in body


def test_findings_beside_figures_link_to_source(client):
    model = client.get(REPORT_PAGE + ".json").get_json()
    rules = {f["rule"] for f in model["findings"]}
    assert "yoy-percent" in rules  # 增加0.63万元，增加5.25% cannot both hold
    three = next(h for h in model["headline"] if h["key"] == "three_public")
    assert any(f["rule"] == "yoy-percent" for f in three["findings"])
    body = client.get(REPORT_PAGE).get_data(as_text=True)
    for f in model["findings"]:
        assert f'id="{f["id"]}"' in body
        assert f["spans"] and all(s["href"] for s in f["spans"])
        # a finding about the text (an evidence node: a share's precision) has no figure to sit beside
        beside = "/evidence/" not in f["focus"] and f["rule"] != "hierarchy-parts-rounding"
        assert f'href="#{f["id"]}"' in body or not beside


def test_downloads(client):
    model = client.get(REPORT_PAGE + ".json").get_json()
    d = model["downloads"]
    assert {x["format"] for x in d["description"]} == {"ttl", "jsonld", "nt", "rdf"}
    assert d["source"]["name"] == "000_0e72b94d2a371e9d.txt"
    assert re.fullmatch(r"[0-9a-f]{64}", d["source"]["sha256"])
    for x in d["description"] + d["graph"]:
        assert client.get(x["href"]).status_code == 200, x
    rows = list(
        csv.DictReader(io.StringIO(client.get(REPORT_PAGE + ".csv").get_data(as_text=True).lstrip("\ufeff")))
    )
    assert len(rows) == len(model["figures"])
    total = next(r for r in rows if r["observation"] == REPORT + "/obs/total-income/level")
    assert total["amount_yuan"] == "3197200" and total["amount_wan"] == "319.72"


def test_language_switch(client):
    zh = client.get(REPORT_PAGE).get_data(as_text=True)
    assert "主要数据" in zh and 'lang="zh-CN"' in zh
    en = client.get(REPORT_PAGE + "?lang=en")
    assert "Headline figures" in en.get_data(as_text=True)
    assert "lang=en" in en.headers.get("Set-Cookie", "")
    again = client.get(ORG_PAGE)  # the cookie is remembered
    assert "Main figures over the years" in again.get_data(as_text=True)
    client.get(ORG_PAGE + "?lang=zh")


def test_amounts_in_wan_with_yuan_on_hover(client):
    body = client.get(REPORT_PAGE + "?lang=zh").get_data(as_text=True)
    assert 'title="3,197,200 元"' in body
    assert ">1,964.24<" in body  # thousands separator, two decimals


def test_department_region_concept_and_search(client):
    dep = client.get(ORG_PAGE + ".json").get_json()
    assert dep["label"] == "乐山市市中区经济和信息化局"
    assert [r["year"] for r in dep["reports"]] == ["2022"]
    assert dep["reports"][0]["figures"]["total_expenditure"]["wan"] == "319.72"
    region = client.get("/page/region/511100.json").get_json()  # 乐山市 includes 市中区
    assert region["label"]["zh"] == "乐山市"
    assert [d["org_label"] for d in region["departments"]] == ["乐山市市中区经济和信息化局"]
    concept = client.get("/page/function/208.json").get_json()
    assert concept["reports"][0]["amount"]["wan"] == "38.04"
    assert any(m["iri"].startswith(BASE + "id/cofog/") for m in concept["matches"])
    item = client.get("/page/function/2080505.json").get_json()
    assert item["reports"][0]["amount"]["wan"] == "16.60"
    found = client.get("/page/search.json?q=" + quote("经济和信息化")).get_json()
    assert [d["iri"] for d in found["departments"]] == [ORG]
    by_code = client.get("/page/search.json?q=2011301").get_json()
    assert by_code["concepts"][0]["code"] == "2011301"
    by_region = client.get("/page/search.json?q=" + quote("乐山")).get_json()
    assert any(r["code"] == "511100" and r["has_data"] for r in by_region["regions"])


def test_unknown_pages_404(client):
    assert client.get("/page/report/511102/没有/2022/final").status_code == 404
    assert client.get("/page/org/511102/没有").status_code == 404
    assert client.get("/page/region/999999").status_code == 404
    assert client.get("/page/function/abc").status_code == 404
    assert client.get(REPORT_PAGE, headers={"Accept": "image/png"}).status_code == 406


def test_search_input_is_not_injected(client):
    nasty = '"}) <script>alert(1)</script> \\'
    r = client.get("/page/search?q=" + quote(nasty))
    assert r.status_code == 200
    assert "<script>alert" not in r.get_data(as_text=True)


def test_report_page_weight(client):
    body = client.get(REPORT_PAGE).data
    css = client.get("/static/pages.css").data
    assert len(body) + len(css) <= 500_000


def test_page_for_any_iri(client):
    r = client.get("/page/for?iri=" + quote(REPORT))
    assert r.status_code == 303
    assert client.get(r.headers["Location"]).status_code == 200
    assert client.get("/page/for?iri=" + quote(BASE + "def/fiscal")).status_code == 404
