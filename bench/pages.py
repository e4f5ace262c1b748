"""Server time of the pages on the bundled sample, against the plain resource page in the same run.

    .venv/bin/python bench/pages.py [N]        (default N = 50 requests per measurement)

Times requests through the Flask test client (server time: no network, no browser). The report page
is measured three ways: warm (page model cached, rendering only: what a reader sees after the first
visit), rebuilt (model rebuilt from SPARQL, the integrity findings cached) and cold (everything
rebuilt, including validating the report graph). Also prints the page weight (HTML + CSS; no
scripts, no images: the charts are inline SVG)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.app import create_app  # noqa: E402
from server.views import pages  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "000_0e72b94d2a371e9d.txt"
REPORT_PAGE = "/page/report/511102/乐山市市中区经济和信息化局/2022/final"
RESOURCE_PAGE = "/id/report/511102/乐山市市中区经济和信息化局/2022/final.html"
OTHERS = {
    "department": "/page/org/511102/乐山市市中区经济和信息化局",
    "region": "/page/region/511100",
    "classification": "/page/function/201",
    "search": "/page/search?q=经济",
}


def timed(client, url: str, n: int, before=None) -> list[float]:
    out = []
    for _ in range(n):
        if before:
            before()
        start = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def summary(name: str, ms: list[float]) -> float:
    p50 = statistics.median(ms)
    p90 = sorted(ms)[int(len(ms) * 0.9) - 1]
    print(f"  {name:<34} p50 {p50:7.1f} ms   p90 {p90:7.1f} ms")
    return p50


def main(n: int = 50) -> None:
    app = create_app({"inputs": [str(SAMPLE)], "query_workers": 1})
    if "pages" not in app.blueprints:
        app.register_blueprint(pages.bp)
    client = app.test_client()
    cache = app.extensions

    def drop_models():
        items = cache.get("juesuan.pages", {}).get("items", {})
        for key in [k for k in items if k[0] != "findings"]:
            del items[key]

    def drop_all():
        cache.pop("juesuan.pages", None)

    print(f"server time, {n} requests each (Flask test client, sample report)")
    resource = summary("resource page (/id/... .html)", timed(client, RESOURCE_PAGE, n))
    cold = summary("report page, cold (validates)", timed(client, REPORT_PAGE, max(5, n // 10), drop_all))
    rebuilt = summary("report page, model rebuilt", timed(client, REPORT_PAGE, n, drop_models))
    client.get(REPORT_PAGE)
    warm = summary("report page, warm", timed(client, REPORT_PAGE, n))
    for name, url in OTHERS.items():
        client.get(url)
        summary(f"{name} page, warm", timed(client, url, n))
    print(
        f"ratio report/resource: warm {warm / resource:.2f}, rebuilt {rebuilt / resource:.2f}, "
        f"cold {cold / resource:.2f}"
    )
    html = client.get(REPORT_PAGE).data
    css = client.get("/static/pages.css").data
    print(
        f"report page weight: HTML {len(html) / 1024:.0f} kB + CSS {len(css) / 1024:.0f} kB = "
        f"{(len(html) + len(css)) / 1024:.0f} kB (no scripts)"
    )
    print(
        f"budget: warm p50 {'OK' if warm <= 200 else 'OVER'} (<= 200 ms), weight "
        f"{'OK' if len(html) + len(css) <= 500_000 else 'OVER'} (<= 500 kB)"
    )
    app.extensions["juesuan.store"].close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
