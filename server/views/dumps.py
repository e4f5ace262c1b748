"""Dumps: the whole store as gzipped N-Quads, each report graph as Turtle and gzipped N-Triples.

Every dump is also served under a content-addressed URL, ``/dumps/sha256/{hex}/{name}``, whose bytes
never change (``Cache-Control: immutable``); the stable URL (``/dumps/all.nq.gz``) follows the data,
with the SHA-256 as its strong ETag and a ``Link: <...>; rel="duplicate"`` to the content-addressed
copy (RFC 6249). Both answer byte ranges (``Range`` -> 206). The catalogue (server/views/dcat.py)
gives each dump's size and checksum from ``digest()``, which hashes the bytes as they are written
and keeps only the digest."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request

from server.views.catalogue import _cache, _cached, reports, with_pages
from server.views.common import iri_for_path, plain_error, request_path, store

bp = Blueprint("dumps", __name__)

DUMP_FORMATS = {  # extension -> (media type, pyoxigraph format, gzip)
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE, False),
    "nt.gz": ("application/n-triples", ox.RdfFormat.N_TRIPLES, True),
}
ALL = "all.nq.gz"
IMMUTABLE = "public, max-age=31536000, immutable"
_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Digest:
    size: int
    sha256: str


class _Hashing(io.RawIOBase):
    """A sink that keeps only the length and SHA-256 of what is written to it."""

    def __init__(self) -> None:
        self.size = 0
        self.hash = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        self.hash.update(data)
        return len(data)


def _write(name: str, out) -> None:
    """The bytes of the dump ``name`` ("all.nq.gz" or "report/{region}/{org}/{year}/{phase}.{ext}")."""
    if name == ALL:
        iri, fmt, gz = None, ox.RdfFormat.N_QUADS, True
    else:
        iri, ext = _report_dump(name)
        _, fmt, gz = DUMP_FORMATS[ext]
    if gz:  # one writer for the served bytes and for the digest: the same bytes
        with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as zipped:
            store().dump(zipped, fmt, graph=iri)
    else:
        store().dump(out, fmt, graph=iri)


def _report_dump(name: str) -> tuple[str, str]:
    """("report/…/final.ttl") -> (the report graph's IRI, extension); KeyError when there is none."""
    ext = next((e for e in DUMP_FORMATS if name.endswith("." + e)), None)
    if ext is None or not name.startswith("report/"):
        raise KeyError(name)
    iri = iri_for_path("/id/" + name[: -len(ext) - 1])
    if iri not in store().graphs():
        raise KeyError(name)
    return iri, ext


def body(name: str) -> bytes:
    def make() -> bytes:
        raw = io.BytesIO()
        _write(name, raw)
        return raw.getvalue()

    return _cached(("dump", name), make)


def digest(name: str) -> Digest:
    """Size and SHA-256 of a dump, without keeping its bytes (a catalogue of many reports)."""
    return _cached(("digest", name), lambda: _hashed(name))


def _hashed(name: str) -> Digest:
    data = _cache().get(("dump", name))
    if data is not None:  # already made for a download
        return Digest(len(data), hashlib.sha256(data).hexdigest())
    sink = _Hashing()
    _write(name, sink)
    return Digest(sink.size, sink.hash.hexdigest())


def known_digest(name: str) -> Digest | None:
    """The dump's digest if this data version's has been computed (or its bytes made), else None."""
    items = _cache()
    found = items.get(("digest", name))
    if found is None and (data := items.get(("dump", name))) is not None:
        found = items.setdefault(("digest", name), Digest(len(data), hashlib.sha256(data).hexdigest()))
    return found


def catalogue_digests(costs: dict[str, int], budget: int) -> dict[str, Digest]:
    """The digests of the dumps ``costs`` names (dump -> the triples it holds) that the catalogue can give
    now: those known, and, smallest first, those whose dumps add up to at most ``budget`` triples; the rest
    are computed in the background (one thread per server process and data version) and given once known.
    So a catalogue request never serialises the whole store, and never states a size it has not measured."""
    out: dict[str, Digest] = {}
    missing: list[str] = []
    spent = 0
    for name in sorted(costs, key=lambda n: (costs[n], n)):
        found = known_digest(name)
        if found is None and spent + costs[name] <= budget:
            spent += costs[name]
            found = _cache().setdefault(("digest", name), _hashed(name))  # no lock held while it is written
        if found is None:
            missing.append(name)
        else:
            out[name] = found
    if missing:
        _in_background(missing)
    return out


def digests_complete_at() -> float | None:
    """When this data version's last dump was measured in the background (None: none was needed)."""
    return _cache().get("digests-complete-at")


def _in_background(names: list[str]) -> None:
    """Digest ``names`` in a thread of this process, unless one already does for this data version."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    version = store().version
    state = app.extensions.setdefault("juesuan.digesting", {"lock": threading.Lock(), "version": None})
    with state["lock"]:
        if state["version"] == version:
            return
        state["version"] = version

    def run() -> None:
        with app.app_context():
            for name in names:
                if store().version != version:
                    break  # the data changed: the next catalogue request starts over
                if known_digest(name) is None:
                    try:
                        _cache().setdefault(("digest", name), _hashed(name))
                    except KeyError:  # the report was dropped meanwhile
                        continue
            _cache()["digests-complete-at"] = time.time()

    threading.Thread(target=run, name="juesuan-dump-digests", daemon=True).start()


def dump_names() -> list[str]:
    """Every dump served now: the whole store, then each report graph in each format."""
    names = [ALL]
    for entry in reports():
        if entry.get("dump"):
            rel = entry["dump"][len("dumps/") :]
            names += [f"{rel}.{ext}" for ext in DUMP_FORMATS]
    return names


# ----------------------------------------------------------------------------------- routes
@bp.route("/dumps/", methods=["GET", "HEAD"])
def dumps_index():
    return render_template("dumps.html", reports=with_pages(reports()))


@bp.route("/dumps/all.nq.gz", methods=["GET", "HEAD"])
def dump_all():
    return _serve(ALL, immutable=False)


@bp.route("/dumps/report/<path:rest>", methods=["GET", "HEAD"])
def dump_report(rest: str):
    name = _name_after(request_path(), "/dumps/")
    try:
        _report_dump(name)
    except KeyError:
        return plain_error(404, f"no report dump {name}")
    return _serve(name, immutable=False)


@bp.route("/dumps/sha256/<hexdigest>/<path:rest>", methods=["GET", "HEAD"])
def dump_by_digest(hexdigest: str, rest: str):
    """The dump whose bytes have this SHA-256, while they are the current ones (404 after a change)."""
    name = _name_after(request_path(), f"/dumps/sha256/{hexdigest}/")
    if not _HEX.fullmatch(hexdigest):
        abort(404)
    if name != ALL:
        try:
            _report_dump(name)
        except KeyError:
            return plain_error(404, f"no report dump {name}")
    if digest(name).sha256 != hexdigest:
        return plain_error(404, f"{name} has other content now: see /dumps/{quote(name)}")
    return _serve(name, immutable=True)


def _name_after(path: str, marker: str) -> str:
    i = path.find(marker)
    return path[i + len(marker) :] if i >= 0 else ""


def _serve(name: str, *, immutable: bool) -> Response:
    data = body(name)
    sha = hashlib.sha256(data).hexdigest()
    filename = name.rsplit("/", 1)[-1]
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}",
        "Accept-Ranges": "bytes",
    }
    if immutable:
        headers["Cache-Control"] = IMMUTABLE
    else:
        headers["Link"] = f'</dumps/sha256/{sha}/{quote(name)}>; rel="duplicate"'
    if name.endswith(".gz"):
        response = Response(data, content_type="application/gzip", headers=headers)
    else:
        response = Response(data, mimetype="text/turtle", headers=headers)
    response.set_etag(sha)
    # Range / If-Range / If-None-Match (werkzeug answers 206 with Content-Range, or 416)
    response.make_conditional(request, accept_ranges=True, complete_length=len(data))
    return response
