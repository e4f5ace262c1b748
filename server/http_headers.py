"""Headers every response carries, decided in one place (an after_request hook, run after the app's own):

- ``Cache-Control``: content-addressed dumps are immutable (set by server/views/dumps.py), static files a
  day, query results a minute, everything else (pages, descriptions, the catalogue, dumps under their
  stable names) five minutes, then revalidated by ETag / Last-Modified; errors and responses that set
  a cookie are not stored by shared caches.
- CORS: ``Access-Control-Allow-Origin: *``, the custom headers exposed to scripts, and every preflight
  (``OPTIONS``, on any resource) answered with the methods of that route and the headers a client may send.
- The Content-Security-Policy of the one page that runs scripts (the SPARQL editor, server/static/editor):
  scripts and connections to this origin only, no inline script or style."""

from __future__ import annotations

from flask import Flask, Response, request

CACHE_PAGES = "public, max-age=300"
CACHE_QUERIES = "public, max-age=60"
CACHE_STATIC = "public, max-age=86400"
NOT_STORED = "no-store"
EXPOSE = (
    "ETag, Link, Content-Location, Location, Content-Disposition, Content-Range, Accept-Ranges, "
    "Retry-After, Juesuan-Results-Truncated"
)
ALLOW_HEADERS = "Accept, Accept-Language, Content-Type, Range, If-None-Match, If-Modified-Since, If-Range"
#: The editor's page. YASGUI's table plugin sizes its columns with column-resizer, which inserts two
#: fixed <style> elements (its grip rules, and a col-resize cursor while a column is dragged); their
#: SHA-256 hashes admit exactly those two texts, nothing else inline (no 'unsafe-inline', no style
#: attributes: the library sets styles through the CSSOM, which the policy does not restrict).
RESIZER_STYLES = (
    "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='",  # .grip-resizable{table-layout:fixed;} ...
    "'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='",  # *{cursor:col-resize!important}
)
EDITOR_CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; "
    f"style-src 'self' {' '.join(RESIZER_STYLES)}; img-src 'self' data:; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SCRIPTED_ENDPOINTS = {"sparql.endpoint"}


def cache_control(response: Response) -> str:
    if response.status_code >= 500:
        return NOT_STORED
    if response.status_code >= 400:
        return "no-cache"
    if "Set-Cookie" in response.headers:  # the language switch: this answer is one reader's
        return "private, no-cache"
    if request.endpoint == "static":
        return CACHE_STATIC
    if request.endpoint == "sparql.endpoint" and request.method == "POST":
        return "no-cache"
    if request.endpoint == "sparql.endpoint" and "query" in request.args:
        return CACHE_QUERIES
    return CACHE_PAGES


def install(app: Flask, *, cors: bool = True) -> None:
    """Register the hook (call before the app's own after_request hooks: Flask runs them in reverse)."""

    @app.after_request
    def _http_headers(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 206, 304):
            response.headers["Cache-Control"] = CACHE_STATIC  # Flask's own is no-cache
        response.headers.setdefault("Cache-Control", cache_control(response))
        if cors:
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = EXPOSE
        if request.method == "OPTIONS":
            rule = request.url_rule
            methods = (
                sorted(rule.methods) if rule is not None and rule.methods else ["GET", "HEAD", "OPTIONS"]
            )
            response.headers["Access-Control-Allow-Methods"] = ", ".join(methods)
            response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
            response.headers["Access-Control-Max-Age"] = "86400"
        if request.endpoint in SCRIPTED_ENDPOINTS and response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = EDITOR_CSP
        return response
