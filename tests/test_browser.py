"""The pages in a real browser (Debian's Chromium, headless, driven by Selenium and chromedriver):
no console error on any kind of page, every chart has its marks with the observations' numbers,
search finds the sample's department, the language switch works, the layout fits a phone.

Saves screenshots of the report page and the query editor to docs/ when JUESUAN_SCREENSHOTS=1.

Needs: ``apt-get install -y chromium chromium-driver fonts-noto-cjk`` and ``pip install selenium``;
skips with a message otherwise. Nothing is downloaded at run time (no browser download, no CDN)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, SAMPLE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
BASE = "http://127.0.0.1:5000/"
REPORT = BASE + "id/report/511102/乐山市市中区经济和信息化局/2022/final"
REPORT_PAGE = "/page/report/511102/乐山市市中区经济和信息化局/2022/final"
ORG_PAGE = "/page/org/511102/乐山市市中区经济和信息化局"
PAGES = [
    "/page/",
    REPORT_PAGE,
    ORG_PAGE,
    "/page/region/511100",
    "/page/function/201",
    "/page/search?q=" + quote("乐山"),
]
#: the rest of the site, in the same layout (and /sparql with its editor, under its own policy)
SITE = ["/", "/sparql", "/dumps/", REPORT[len(BASE) - 1 :], REPORT[len(BASE) - 1 :] + "/source/3968-4030"]


def _missing() -> str | None:
    if not Path(CHROMIUM).exists() or not Path(CHROMEDRIVER).exists():
        return "Chromium not installed: apt-get install -y chromium chromium-driver fonts-noto-cjk"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed: .venv/bin/pip install selenium"
    return None


if _missing() is not None and os.environ.get("JUESUAN_REQUIRE_BROWSER"):
    raise RuntimeError(f"JUESUAN_REQUIRE_BROWSER is set but {_missing()}")  # CI installs it: never skip there

pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture(scope="module")
def server():
    from werkzeug.serving import make_server

    from server.app import create_app
    from server.views import pages

    app = create_app({"testing": True, "inputs": [str(SAMPLE)], "query_workers": 1})
    if "pages" not in app.blueprints:
        app.register_blueprint(pages.bp)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    app.extensions["juesuan.store"].close()


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="juesuan-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_window_size(1280, 900)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _amounts(app) -> set[Decimal]:
    result = app.extensions["juesuan.store"].query(
        f"SELECT ?a WHERE {{ GRAPH <{REPORT}> {{ ?o <{BASE}def/fiscal#amount> ?a }} }}"
    )
    return {Decimal(r["a"]["value"]) for r in json.loads(result.body)["results"]["bindings"]}


@pytest.mark.parametrize("url", PAGES + SITE)
def test_page_loads_without_console_errors(server, browser, url):
    _, root = server
    browser.get(root + url)
    _errors(browser)  # drain anything from earlier pages
    browser.get(root + url + ("&" if "?" in url else "?") + "lang=zh")
    assert browser.find_element("css selector", "input[name=q]")
    assert _errors(browser) == []


def test_report_charts_have_marks_with_observation_values(server, browser):
    app, root = server
    amounts = _amounts(app)
    browser.get(root + REPORT_PAGE + "?lang=zh")
    figures = browser.find_elements("css selector", "figure.chart-box")
    assert len(figures) == 7
    for figure in figures:
        status = figure.get_attribute("data-status")
        marks = figure.find_elements("css selector", "svg .mark")
        if status == "not-stated":
            continue
        assert marks, f"{figure.get_attribute('id')} has no marks"
        for mark in marks:
            assert Decimal(mark.get_attribute("data-value")) in amounts
            box = mark.rect
            assert box["width"] > 0 and box["height"] > 0  # drawn, not just present
    fig1 = browser.find_element("id", "fig1")
    values = sorted(
        Decimal(m.get_attribute("data-value")) for m in fig1.find_elements("css selector", ".mark")
    )
    assert values == [Decimal(3197200), Decimal(3197200), Decimal(19642400), Decimal(19642400)]
    # the drill-down opens without JavaScript
    kuan = browser.find_element("css selector", "details#fc-general-public-budget-20805 > summary")
    kuan.click()
    assert browser.find_element("id", "fc-general-public-budget-2080505").is_displayed()
    _full_page_screenshot(browser, _screenshot_target("report-page.png"))


def test_search_finds_the_department(server, browser):
    _, root = server
    browser.get(root + "/page/?lang=zh")
    box = browser.find_element("css selector", "header input[name=q]")
    box.send_keys("经济和信息化")
    box.submit()
    # the results page loads after submit returns: wait for it (a busy machine took longer than none)
    _wait(browser, "document.querySelector('ul.departments a')")
    link = browser.find_element("css selector", "ul.departments a")
    assert link.text == "乐山市市中区经济和信息化局"
    link.click()
    assert browser.find_element("tag name", "h1").text == "乐山市市中区经济和信息化局"


def test_language_switch(server, browser):
    _, root = server
    browser.get(root + REPORT_PAGE + "?lang=zh")
    assert browser.find_element("id", "h-headline").text.startswith("主要数据")
    browser.find_element("id", "lang-switch").click()
    assert browser.find_element("id", "h-headline").text.startswith("Headline figures")
    browser.get(root + ORG_PAGE)  # remembered by the cookie
    assert "Main figures over the years" in browser.find_element("id", "h-series").text
    browser.find_element("id", "lang-switch").click()
    assert "主要数据历年变化" in browser.find_element("id", "h-series").text


def test_phone_sized_screen(server, browser):
    _, root = server
    browser.set_window_size(390, 844)
    try:
        browser.get(root + REPORT_PAGE + "?lang=zh")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1
        width = browser.find_element("css selector", "#fig1 svg").rect["width"]
        assert 200 < width <= 390
    finally:
        browser.set_window_size(1280, 900)


def _screenshot_target(name: str) -> Path:
    """docs/{name} when JUESUAN_SCREENSHOTS=1 (to refresh the README's pictures), else a scratch file:
    a test run never changes the checkout."""
    if os.environ.get("JUESUAN_SCREENSHOTS") == "1":
        return ROOT / "docs" / name
    return Path(tempfile.gettempdir()) / "juesuan-screenshots" / name


def _full_page_screenshot(driver, target: Path) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(int(height) + 100, 8000))
    target.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(target))
    driver.set_window_size(1280, 900)


# ----------------------------------------------------------------------------------- the query editor
EDITOR_QUERY = (
    "PREFIX fiscal: <http://127.0.0.1:5000/def/fiscal#>\n"
    "SELECT ?item (SUM(?amount) AS ?total) WHERE {\n"
    "?o fiscal:item ?item ; fiscal:amount ?amount .\n"
    "} GROUP BY ?item ORDER BY DESC(?total) LIMIT 8"
)


def _wait(driver, script: str, timeout: float = 20.0):
    """Poll a JavaScript expression until it is truthy; return its value."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script("return " + script)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {script}")


def _editor_value(driver) -> str:
    return driver.execute_script("return document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()")


def test_query_editor(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _, root = server
    browser.get(root + "/sparql?lang=en")
    _errors(browser)
    _wait(browser, "document.querySelector('.yasqe .CodeMirror')")
    assert not browser.find_element("id", "sparql-form").is_displayed()  # the editor replaced the form
    # typed, as a person does: select all, then type the query line by line
    browser.find_element("css selector", ".yasqe .CodeMirror").click()
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys(
        Keys.DELETE
    ).perform()
    typing = browser.switch_to.active_element
    for line in EDITOR_QUERY.split("\n"):
        typing.send_keys(line)
        typing.send_keys(Keys.ENTER)
    typed = _editor_value(browser)
    # the editor may close brackets as they are typed: what matters is the query it holds
    compact = lambda q: "".join(q.split())  # noqa: E731
    assert compact(typed).startswith(compact(EDITOR_QUERY)[:60]), typed
    if compact(typed) != compact(EDITOR_QUERY):
        browser.execute_script(
            "document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue(arguments[0])", EDITOR_QUERY
        )
    # syntax highlighting: keywords, variables and prefixed names are told apart
    assert browser.find_elements("css selector", ".yasqe .cm-keyword")
    assert browser.find_elements("css selector", ".yasqe .cm-atom, .yasqe .cm-variable-2")
    browser.find_element("css selector", ".yasqe_queryButton").click()
    rows = _wait(browser, "document.querySelectorAll('.yasr table.dataTable tbody tr').length")
    assert rows == 8
    cells = browser.find_elements("css selector", ".yasr table.dataTable tbody tr td a[href*='/def/item/']")
    assert cells, "IRIs in the results are links"
    # sortable: sorting by ?total ascending puts the smallest first
    totals = lambda: [  # noqa: E731
        Decimal(t.text.split('"')[1] if '"' in t.text else t.text)
        for t in browser.find_elements("css selector", ".yasr table.dataTable tbody tr td:nth-child(3)")
    ]
    before = totals()
    assert before == sorted(before, reverse=True)
    header = browser.find_elements("css selector", ".yasr table.dataTable thead th")[2]
    header.click()
    _wait(browser, "true")
    after = totals()
    assert sorted(after) == sorted(before) and after != before
    # a chart of the numeric results
    browser.find_element("css selector", ".yasr .select_chart").click()
    marks = _wait(browser, "document.querySelectorAll('.result-chart svg .mark').length")
    assert marks == 8
    values = sorted(
        Decimal(m.get_attribute("data-value"))
        for m in browser.find_elements("css selector", ".result-chart .mark")
    )
    assert values == sorted(before)
    # downloads in every result format, and the permalink
    formats = {
        a.get_attribute("data-format"): a.get_attribute("href")
        for a in browser.find_elements("css selector", "#downloads a")
    }
    assert set(formats) == {"json", "xml", "csv", "tsv"}
    import urllib.request

    with urllib.request.urlopen(formats["csv"]) as r:
        assert (
            r.headers["Content-Type"].startswith("text/csv")
            and r.read().decode().splitlines()[0] == "item,total"
        )
    permalink = browser.find_element("id", "permalink").get_attribute("href")
    assert "/sparql?query=" in permalink
    _editor_screenshot(browser)
    assert _errors(browser) == []  # no CSP violation, nothing blocked
    # the permalink reopens the editor with the query, and runs it
    browser.get("about:blank")
    browser.get(permalink)
    _wait(browser, "document.querySelector('.yasqe .CodeMirror')")
    assert compact(_editor_value(browser)) == compact(EDITOR_QUERY)
    assert _wait(browser, "document.querySelectorAll('.yasr table.dataTable tbody tr').length") == 8
    assert _errors(browser) == []


def test_prefix_completion_from_the_ontology(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _, root = server
    browser.get(root + "/sparql")
    _wait(browser, "document.querySelector('.yasqe .CodeMirror')")
    browser.find_element("css selector", ".yasqe .CodeMirror").click()
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys(
        Keys.DELETE
    ).perform()
    browser.switch_to.active_element.send_keys("PREFIX fis")
    hints = _wait(
        browser, "Array.from(document.querySelectorAll('.CodeMirror-hints li')).map(e => e.textContent)"
    )
    assert any(h.startswith("fiscal:") and "/def/fiscal#" in h for h in hints), hints
    assert _errors(browser) == []


def test_query_page_without_javascript(server):
    """The plain form still posts and shows a table (what a browser without scripts gets)."""
    import urllib.parse
    import urllib.request

    _, root = server
    data = urllib.parse.urlencode({"query": EDITOR_QUERY, "format": "html"}).encode()
    with urllib.request.urlopen(urllib.request.Request(root + "/sparql", data=data)) as r:
        text = r.read().decode()
    assert '<table class="results">' in text and "/def/item/" in text


def _editor_screenshot(driver) -> None:
    driver.set_window_size(1280, 1100)
    try:
        driver.execute_script("window.scrollTo(0, 0)")
        target = _screenshot_target("sparql-editor.png")
        target.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(target))
    finally:
        driver.set_window_size(1280, 900)


# ----------------------------------------------------------------------------------- readable at 390 px
READABLE = [
    REPORT_PAGE,
    ORG_PAGE,
    "/page/region/511100",
    "/page/function/201",
    "/page/search?q=" + quote("行政运行"),
]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_readable(server, browser, width, lang):
    """Chart text at least 10 px as drawn, no name broken one character per line, nothing wider than
    the screen; the English legends are whole words."""
    _, root = server
    browser.set_window_size(width, 900)
    try:
        for url in READABLE:
            browser.get(root + url + ("&" if "?" in url else "?") + "lang=" + lang)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, url
            smallest = browser.execute_script(
                """let min = 1e9;
                for (const svg of document.querySelectorAll('svg.chart')) {
                  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                  for (const t of svg.querySelectorAll('text')) {
                    min = Math.min(min, parseFloat(t.getAttribute('font-size')) * scale);
                  }
                }
                return min;"""
            )
            assert smallest >= 10, (url, smallest)
            squeezed = browser.execute_script(
                """const out = [];
                for (const el of document.querySelectorAll('main td, main th, main li, .card .label, .tree .name')) {
                  const text = el.textContent.trim();
                  if (text.length < 3 || el.offsetParent === null) continue;
                  const size = parseFloat(getComputedStyle(el).fontSize);
                  const lines = Math.round(el.getBoundingClientRect().height / (size * 1.2));
                  if (el.getBoundingClientRect().width < 1.6 * size && lines >= 3) out.push(text);
                }
                return out;"""
            )
            assert squeezed == [], (url, squeezed)
            assert "…" not in "".join(
                t.text for t in browser.find_elements("css selector", "svg.chart tspan")
            )
    finally:
        browser.set_window_size(1280, 900)
