"""For crawlers: ``/robots.txt`` and ``/sitemap.xml`` (the IRIs and the readable pages of the reports,
their departments and regions; a sitemap index over files of 50,000 URLs when there are more)."""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort

from server.views.catalogue import _cached, reports
from server.views.common import config

bp = Blueprint("crawl", __name__)
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)


@bp.route("/robots.txt", methods=["GET", "HEAD"])
def robots():
    cfg = config()
    root = urlsplit(cfg.base).path or "/"
    lines = [
        "User-agent: *",
        f"Allow: {root}",
        # query results and searches are answered per request: crawl the pages and dumps instead
        f"Disallow: {root}sparql?",
        f"Disallow: {root}page/search",
        f"Disallow: {root}page/for",
        f"Sitemap: {_uri(cfg.base + 'sitemap.xml')}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def sitemap_urls() -> list[str]:
    """Every URL a crawler should know, the readable pages first."""
    from server.views.pages.shared import all_reports

    def make() -> list[str]:
        cfg = config()
        root = urlsplit(cfg.base).path or "/"

        def absolute(href: str | None) -> str | None:
            return cfg.base + href[len(root) :] if href and href.startswith(root) else None

        pages = [cfg.base + "page/"]
        for r in all_reports():
            pages += [absolute(r["href"]), absolute(r["org_href"]), absolute(r["region_href"])]
        urls = [
            cfg.base,
            cfg.base + "sparql",
            cfg.base + "catalog",
            cfg.base + "dumps/",
            cfg.base + "def/fiscal",
        ]
        orgs = set()
        for entry in reports():
            urls.append(entry["iri"])
            if entry.get("publisher"):
                orgs.add(entry["publisher"])
        urls += sorted(o for o in orgs if o.startswith(cfg.base))
        return list(dict.fromkeys(u for u in pages + urls if u))

    return _cached("sitemap-urls", make)


@bp.route("/sitemap.xml", methods=["GET", "HEAD"])
def sitemap():
    urls = sitemap_urls()
    if len(urls) <= SITEMAP_LIMIT:
        return _urlset(urls)
    base = config().base
    parts = (len(urls) + SITEMAP_LIMIT - 1) // SITEMAP_LIMIT
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(
            f"<sitemap><loc>{escape(_uri(f'{base}sitemap-{n}.xml'))}</loc></sitemap>"
            for n in range(1, parts + 1)
        ),
        "</sitemapindex>",
    ]
    return Response("\n".join(lines) + "\n", mimetype="application/xml")


@bp.route("/sitemap-<int:part>.xml", methods=["GET", "HEAD"])
def sitemap_part(part: int):
    urls = sitemap_urls()
    chunk = urls[(part - 1) * SITEMAP_LIMIT : part * SITEMAP_LIMIT] if part >= 1 else []
    if not chunk or len(urls) <= SITEMAP_LIMIT:
        abort(404)
    return _urlset(chunk)


def _urlset(urls: list[str]) -> Response:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"<url><loc>{escape(_uri(u))}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return Response("\n".join(lines) + "\n", mimetype="application/xml")


def _uri(iri: str) -> str:
    """Sitemaps want URIs: non-ASCII characters percent-encoded as UTF-8."""
    return "".join(c if ord(c) < 0x80 else "".join(f"%{b:02X}" for b in c.encode()) for c in iri)
