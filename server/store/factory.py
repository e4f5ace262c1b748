"""``open_store(spec, config)``: a folder is the embedded store (persistent, the default), an http(s) URL
a remote SPARQL 1.1 engine.

For a remote engine, the URLs and credentials come from the environment first, then the config object
(attributes or keys of the same names, lower case, without the JUESUAN_ prefix):

    JUESUAN_STORE_URL          the SPARQL 1.1 Protocol query endpoint (the spec, when it is a URL)
    JUESUAN_STORE_UPDATE_URL   SPARQL 1.1 Update endpoint (loading, when there is no Graph Store URL)
    JUESUAN_STORE_GSP_URL      SPARQL 1.1 Graph Store HTTP Protocol endpoint (loading: one PUT per report)
    JUESUAN_STORE_USER / JUESUAN_STORE_PASSWORD   HTTP basic or digest credentials

Known engines need only the query URL: for Virtuoso (``.../sparql``) the Graph Store endpoint is
``.../sparql-graph-crud-auth``; for the Oxigraph server (``.../query``) it is ``.../store``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from server.store.base import Store

ENV = {
    "url": "JUESUAN_STORE_URL",
    "update_url": "JUESUAN_STORE_UPDATE_URL",
    "gsp_url": "JUESUAN_STORE_GSP_URL",
    "user": "JUESUAN_STORE_USER",
    "password": "JUESUAN_STORE_PASSWORD",
}


def is_remote(spec: str | None) -> bool:
    return bool(spec) and str(spec).lower().startswith(("http://", "https://"))


def _setting(config: Any, name: str, environ: Mapping[str, str], default=None):
    if ENV[name] in environ and environ[ENV[name]]:
        return environ[ENV[name]]
    key = "store_" + name
    if isinstance(config, Mapping):
        value = config.get(key)
    else:
        value = getattr(config, key, None)
    return value if value not in (None, "") else default


def _get(config: Any, key: str, default=None):
    if config is None:
        return default
    if isinstance(config, Mapping):
        return config.get(key, default)
    return getattr(config, key, default)


def guess_endpoints(query_url: str) -> dict[str, str | None]:
    """Update and Graph Store URLs of the engines we know, from their query URL."""
    stripped = query_url.rstrip("/")
    if stripped.endswith("/sparql"):  # Virtuoso
        root = stripped[: -len("/sparql")]
        return {"update_url": root + "/sparql-auth", "gsp_url": root + "/sparql-graph-crud-auth"}
    if stripped.endswith("/query"):  # Oxigraph server
        root = stripped[: -len("/query")]
        return {"update_url": root + "/update", "gsp_url": root + "/store"}
    return {"update_url": None, "gsp_url": None}


def remote_options(spec: str | None, config: Any = None, environ: Mapping[str, str] | None = None) -> dict:
    env = os.environ if environ is None else environ
    query_url = spec if is_remote(spec) else _setting(config, "url", env)
    if not query_url:
        raise ValueError("no SPARQL endpoint URL: give --store URL or set JUESUAN_STORE_URL")
    guessed = guess_endpoints(query_url)
    return {
        "query_url": query_url,
        "update_url": _setting(config, "update_url", env, guessed["update_url"]),
        "gsp_url": _setting(config, "gsp_url", env, guessed["gsp_url"]),
        "user": _setting(config, "user", env),
        "password": _setting(config, "password", env),
    }


def open_store(
    spec: str | None,
    config: Any = None,
    *,
    environ: Mapping[str, str] | None = None,
    workers: int | None = None,
    summary: bool | None = None,
) -> Store:
    """``spec``: a folder (created when missing), an http(s) URL, or None/"" (the config's ``store``, else
    an in-memory embedded store). ``summary``: the embedded store's summary index (default: on disk)."""
    from server.rdfout import prefixes_for

    base = _get(config, "base")
    prefixes = prefixes_for(base) if base else None
    max_rows = _get(config, "max_result_rows", 10_000)
    max_bytes = _get(config, "max_result_bytes")
    memory_mb = _get(config, "query_memory_mb")
    worker_memory = int(memory_mb) << 20 if memory_mb else None
    pool_size = workers if workers is not None else _get(config, "query_workers", 2)
    if not spec:
        spec = _get(config, "store")
    env = os.environ if environ is None else environ
    if not spec and env.get(ENV["url"]):
        spec = env[ENV["url"]]
    if is_remote(spec):
        from server.store.remote import RemoteStore

        return RemoteStore(
            **remote_options(spec, config, env),
            base=base,
            prefixes=prefixes,
            max_rows=max_rows,
            max_bytes=max_bytes,
            workers=pool_size,
            worker_memory=worker_memory,
        )
    from server.store.embedded import EmbeddedStore

    if spec:
        os.makedirs(spec, exist_ok=True)
    return EmbeddedStore(
        str(spec) if spec else None,
        workers=pool_size,
        max_rows=max_rows,
        prefixes=prefixes,
        base_iri=base,
        summary=summary,
        max_bytes=max_bytes,
        worker_memory=worker_memory,
    )
