"""Helpers shared by the views: the store and config of the app, IRIs <-> request paths, errors."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from flask import Response, current_app, render_template, request

from server.admission import Admission
from server.config import Config
from server.conneg import negotiate
from server.store import Store

# the characters converter.uris.segment leaves unencoded (besides letters, digits and non-ASCII)
SEGMENT_SAFE = "-._~!$&'()*+,;=:@"
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")


def config() -> Config:
    return current_app.config["JUESUAN"]


def store() -> Store:
    return current_app.extensions["juesuan.store"]


def admission() -> Admission:
    return current_app.extensions["juesuan.admission"]


def canonical_path(raw: str) -> str:
    """A request path as the converter mints it: percent-encoded UTF-8 decoded to characters,
    percent-encoded ASCII decoded only where segment() would not have encoded it, hex in upper case.

    ``raw`` is the path as sent (WSGI gives it as latin-1 text of the bytes)."""
    out: list[str] = []
    pending = bytearray()

    def flush() -> None:
        if pending:
            try:
                out.append(pending.decode("utf-8"))
            except UnicodeDecodeError:
                out.append("".join(f"%{b:02X}" for b in pending))
            pending.clear()

    i = 0
    while i < len(raw):
        ch = raw[i]
        m = _PCT.match(raw, i) if ch == "%" else None
        if m:
            byte = int(m.group(1), 16)
            i += 3
        else:
            byte = ord(ch) if ord(ch) < 0x100 else None
            i += 1
            if byte is None:  # already a character (not a WSGI byte string)
                flush()
                out.append(ch)
                continue
            if byte < 0x80:
                flush()
                out.append(ch if (ch.isalnum() or ch in SEGMENT_SAFE or ch == "/") else f"%{byte:02X}")
                continue
        if byte >= 0x80:
            pending.append(byte)
            continue
        flush()
        c = chr(byte)
        out.append(c if (c.isalnum() or c in SEGMENT_SAFE) else f"%{byte:02X}")
    flush()
    return "".join(out)


def request_path() -> str:
    """The path of this request, percent-encoding as sent when the server tells it."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        path = urlsplit(raw).path if "://" in raw[:10] else raw.split("?", 1)[0]
        return canonical_path(path)
    return "/".join(
        "".join(c if ord(c) > 0x7F else quote(c, safe=SEGMENT_SAFE) for c in part)
        for part in request.path.split("/")
    )


def iri_for_path(path: str) -> str:
    base = config().base
    base_path = urlsplit(base).path or "/"
    rel = path[len(base_path) :] if path.startswith(base_path) else path.lstrip("/")
    return base + rel


def local_href(iri: str) -> str | None:
    """Where an IRI of ours is served here (a path), None for others."""
    base = config().base
    if not iri.startswith(base):
        return None
    return (urlsplit(base).path or "/") + iri[len(base) :]


def safe_href(iri: str) -> str | None:
    """A link target for any IRI: ours as local paths, others only when http(s)."""
    local = local_href(iri)
    if local is not None:
        return local
    return iri if iri.startswith(("http://", "https://")) else None


def wants_html() -> bool:
    return negotiate(request.headers.get("Accept"), ["text/html", "text/plain"]) == "text/html"


def plain_error(status: int, message: str, headers: dict | None = None) -> Response:
    """Errors are plain text: nothing a client sent is ever echoed into HTML."""
    response = Response(message.rstrip() + "\n", status=status, mimetype="text/plain")
    response.headers.update(headers or {})
    return response


def html_or_text_error(status: int, title: str, message: str, **context) -> Response:
    if wants_html():
        body = render_template("error.html", status=status, title=title, message=message, **context)
        return Response(body, status=status, mimetype="text/html")
    return plain_error(status, f"{title}\n{message}")


def uri_text(text: str) -> str:
    """For HTTP headers: non-ASCII characters percent-encoded as UTF-8 (IRI -> URI)."""
    return text if text.isascii() else quote(text, safe=_PRINTABLE_ASCII)


_PRINTABLE_ASCII = "".join(chr(i) for i in range(0x20, 0x7F))
