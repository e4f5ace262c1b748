"""What a reader sees, on the bundled sample: one site (every HTML page with the same layout, search box
and language switch), readable titles, plain decimals, charts that do not cut their words, the phase's
name, 类 names in English where COFOG gives one (never French), search results told apart by their
path, and CSVW metadata beside every CSV."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

import pytest
from conftest import SAMPLE

from server.app import create_app

BASE = "http://127.0.0.1:5000/"
REPORT_PATH = "/id/report/511102/乐山市市中区经济和信息化局/2022/final"
REPORT_PAGE = "/page/report/511102/乐山市市中区经济和信息化局/2022/final"
ORG_PAGE = "/page/org/511102/乐山市市中区经济和信息化局"


@pytest.fixture(scope="module")
def app():
    application = create_app({"testing": True, "inputs": [str(SAMPLE)], "query_workers": 1})
    yield application
    application.extensions["juesuan.store"].close()


@pytest.fixture()
def client(app):
    return app.test_client()


def html(client, path: str, lang: str = "zh") -> str:
    sep = "&" if "?" in path else "?"
    r = client.get(f"{path}{sep}lang={lang}", headers={"Accept": "text/html"})
    assert r.mimetype == "text/html", path
    return r.get_data(as_text=True)


def h1(text: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", text, re.S).group(1)).strip()


@pytest.mark.parametrize(
    "path", ["/", "/sparql", "/dumps/", REPORT_PATH, "/id/no/such/thing", "/page/", ORG_PAGE]
)
def test_one_layout_everywhere(client, path):
    zh = html(client, path)
    for part in (
        '<header class="top">',
        'name="q"',
        'id="lang-switch"',
        "pages.css",
        '<footer class="bottom">',
    ):
        assert part in zh, (path, part)
    assert ">English<" in zh and 'lang="zh-CN"' in zh
    en = html(client, path, "en")
    assert ">中文<" in en and '<html lang="en">' in en


def test_home_links_to_the_report_pages(client):
    text = html(client, "/")
    assert f'href="{REPORT_PAGE}"' in text


def test_language_switch_keeps_the_query(client):
    text = html(client, "/sparql?query=" + quote("ASK {}"))
    link = re.search(r'id="lang-switch" href="([^"]+)"', text).group(1)
    assert "query=ASK" in link.replace("+", " ").replace("%7B", "{") and "lang=en" in link


def test_observation_title_is_a_sentence(client):
    obs = REPORT_PATH + "/obs/expenditure/fund-general-public-budget/fc-201/level"
    assert h1(html(client, obs)) == "2022年 一般公共预算财政拨款支出 · 201 一般公共服务支出：247.57万元"
    english = h1(html(client, obs, "en"))
    assert english.startswith("2022 ") and "General public services (COFOG 01)" in english
    assert "247.57 万元 (2,475,700 yuan)" in english
    assert "/" not in h1(html(client, REPORT_PATH + "/obs/total-income/previous-year-level"))


def test_source_span_title_is_readable(client):
    text = html(client, REPORT_PATH + "/source/3968-4030")
    assert h1(text) == "原文片段（第1页，字符 3968–4030）《000_0e72b94d2a371e9d.txt》"
    assert '<blockquote class="source-text">2022年一般公共预算财政拨款支出319.72万元' in text
    assert not h1(text).startswith("http")


def test_decimals_without_exponent(client):
    model = client.get(REPORT_PAGE + ".json").get_json()
    basic = next(f for f in model["findings"] if f["rule"] == "hierarchy-parts-rounding")
    assert basic["computed"] == "2692900" and basic["stated"] == "2692800"
    text = html(client, REPORT_PAGE)
    assert "269.29万元（2,692,900元）" in text
    assert not re.search(r"\d[eE][+-]\d", re.sub(r"<[^>]+>", " ", text))


def svgs(text: str) -> list[str]:
    return re.findall(r"<svg class=\"chart.*?</svg>", text, re.S)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_readable(client, lang):
    text = html(client, REPORT_PAGE, lang)
    charts = svgs(text)
    assert len(charts) == 7
    for svg in charts:
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        assert width <= 400  # drawn at about phone width: type is not scaled down to 6 px
        sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', svg)]
        assert sizes and min(sizes) >= 12
        words = re.sub(r"<title>.*?</title>", "", svg, flags=re.S)
        assert "…" not in re.sub(r"<[^>]+>", "", words)  # nothing cut off
    fig2 = next(s for s in charts if 'aria-labelledby="fig2-title"' in s)
    legend = "".join(re.findall(r">([^<>]+)</tspan>", fig2))
    assert ("General public budget appropriation" if lang == "en" else "一般公共预算财政拨款") in legend


def test_derived_bars_explained_in_the_legend(client):
    for lang, words in (("zh", "浅色：推算值"), ("en", "lighter: derived")):
        fig1 = next(s for s in svgs(html(client, REPORT_PAGE, lang)) if 'aria-labelledby="fig1-title"' in s)
        faded = re.search(r'class="mark derived"[^>]*fill-opacity="([\d.]+)"', fig1).group(1)
        assert re.search(rf'class="swatch"[^>]*fill-opacity="{faded}"', fig1)
        assert words in "".join(re.findall(r">([^<>]+)</tspan>", fig1))


def test_phase_named_on_the_department_page(client):
    zh = html(client, ORG_PAGE)
    phase = re.search(r'<td class="phase">([^<]*)</td>', zh).group(1)
    assert phase and phase != "final" and re.search(r"[\u4e00-\u9fff]", phase)


def test_search_shows_each_codes_path(client):
    model = client.get("/page/search.json?q=" + quote("行政运行")).get_json()
    same = [c for c in model["concepts"] if c["label"] == "行政运行"]
    assert len(same) > 10
    paths = [tuple(p["code"] for p in c["path"]) for c in same]
    assert len(set(paths)) == len(paths)  # told apart by their 类 / 款
    assert all(len(p) == 2 and c["code"].startswith(p[1]) for p, c in zip(paths, same, strict=True))
    text = html(client, "/page/search?q=" + quote("行政运行"))
    assert "201 一般公共服务支出</a> › <a" in text


def test_english_names_of_classes_from_cofog_never_french(client):
    model = client.get(REPORT_PAGE + ".json?lang=en").get_json()
    tree = {n["code"]: n for n in model["classification"]}
    assert tree["201"]["label"]["en"] == "General public services (COFOG 01)"
    kuan = tree["201"]["children"][0]
    assert "en" not in kuan["label"]  # no English name is published for 20113: none is invented
    en = html(client, REPORT_PAGE, "en")
    assert "The national functional classification is published in Chinese only" in en
    concept = html(client, "/page/function/201", "en")
    matches = re.search(r'id="h-match".*?</section>', concept, re.S).group(0)
    assert "General public services" in matches and "Services généraux" not in matches
    assert h1(html(client, "/id/cofog/01")) == "General public services"


def _valid(value: str, spec) -> bool:
    datatype = spec if isinstance(spec, str) else spec["base"]
    if value == "":
        return True
    if datatype == "decimal":
        text = value.replace(",", "") if not isinstance(spec, str) else value
        try:
            Decimal(text)
        except InvalidOperation:
            return False
        return "," not in value or isinstance(spec, dict)
    if datatype == "anyURI":
        return value.startswith(("http://", "https://"))
    if datatype == "boolean":
        return value in ("true", "false")
    if datatype == "gYear":
        return bool(re.fullmatch(r"\d{4}", value))
    return datatype == "string"


@pytest.mark.parametrize(
    "page", ["/page/index", REPORT_PAGE, ORG_PAGE, "/page/region/511100", "/page/function/201"]
)
def test_csv_has_csvw_metadata(client, page):
    r = client.get(page + ".csv")
    link = r.headers["Link"]
    target = re.search(r'<([^>]+)>; rel="describedby"; type="application/csvm\+json"', link).group(1)
    meta = client.get(target)
    assert meta.status_code == 200 and meta.mimetype == "application/csvm+json"
    m = meta.get_json()
    assert "http://www.w3.org/ns/csvw" in m["@context"] and m["url"].endswith(".csv")
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    columns = m["tableSchema"]["columns"]
    assert [c["name"] for c in columns] == rows[0]
    for c in columns:
        assert c["dc:description"]
        if c["name"].endswith("_yuan"):
            assert c["datatype"] == "decimal" and "元" in c["schema:unitText"]
    for row in rows[1:]:
        for value, c in zip(row, columns, strict=True):
            assert _valid(value, c["datatype"]), (c["name"], value)
