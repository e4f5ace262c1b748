"""Server configuration: defaults, overridden by a file (JSON or TOML), then by JUESUAN_* variables.

Nothing here is global: ``create_app`` receives a Config (or something ``Config.load`` accepts)."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from converter.uris import DEFAULT_BASE, normalise_base

ENV_PREFIX = "JUESUAN_"


@dataclass
class Config:
    base: str = DEFAULT_BASE
    #: folder of an on-disk Oxigraph store; None keeps the data in memory
    store: str | None = None
    #: RDF files or source documents loaded at start (none: the bundled examples, when the store is empty)
    inputs: list[str] = field(default_factory=list)
    load_examples: bool = True
    #: the ontology and SKOS code lists of this installation, loaded into the default graph
    load_vocabulary: bool = True
    #: hard wall-clock limit of a SPARQL query, seconds
    query_timeout: float = 10.0
    #: number of killable query worker processes per server process (queries running at once)
    query_workers: int = 2
    #: memory one query worker may use beyond what it shares with the server (MB; 503 beyond)
    query_memory_mb: int = 1024
    #: queries waiting for a worker, per server process; more are answered 503 at once
    query_queue: int = 8
    #: queries one client (address) may have running or waiting at once; more: 503
    query_per_client: int = 2
    #: seconds a query may wait for a worker before it is answered 503 (Retry-After)
    query_wait: float = 3.0
    max_result_rows: int = 10_000
    #: the serialised results of one query (413 beyond: a value is never cut)
    max_result_bytes: int = 16 * 1024 * 1024
    max_request_bytes: int = 256 * 1024
    #: `juesuan serve`: server processes, threads in each, open connections in each
    server_processes: int = 2
    server_threads: int = 16
    connection_limit: int = 500
    #: seconds a connection may stay idle, and a request may take to arrive whole (headers and body)
    channel_timeout: float = 30.0
    request_timeout: float = 15.0
    #: links shown per page of a resource description (incoming links of a report ...)
    page_size: int = 200
    #: SERVICE endpoints (IRI prefixes) a query may call; empty: SERVICE refused
    service_allowlist: list[str] = field(default_factory=list)
    #: FROM / FROM NAMED IRIs accepted although no such graph exists here (never fetched)
    dataset_allowlist: list[str] = field(default_factory=list)
    licence: str = "https://creativecommons.org/licenses/by/4.0/"
    publisher_name: str = "juesuan"
    #: the publisher's kind, an ADMS publisher type (DCAT-AP); its e-mail for the catalogue's contact point
    publisher_type: str = "http://purl.org/adms/publishertype/NonProfitOrganisation"
    contact_email: str = ""
    catalogue_title: str = "决算 (final accounts) of Chinese public-sector bodies as linked data"
    #: triples a /catalog request may serialise to measure the dumps' sizes and checksums (smallest
    #: first); the rest are measured in the background and listed once known
    catalogue_digest_budget: int = 500_000
    cors: bool = True
    testing: bool = False

    def __post_init__(self) -> None:
        self.base = normalise_base(self.base)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, source: Config | dict | str | os.PathLike | None = None, *, environ=None) -> Config:
        """A Config from an object, a mapping, or a file, then JUESUAN_* variables on top.

        ``JUESUAN_CONFIG`` names a file when ``source`` is None."""
        env = os.environ if environ is None else environ
        if isinstance(source, Config):
            return source
        values: dict[str, Any] = {}
        if source is None and env.get(ENV_PREFIX + "CONFIG"):
            source = env[ENV_PREFIX + "CONFIG"]
        if isinstance(source, dict):
            values.update(source)
        elif source is not None:
            values.update(_read_file(Path(source)))
        values.update(_from_env(env))
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown configuration keys: {', '.join(sorted(unknown))}")
        return cls(**values)


def _read_file(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    return {k.replace("-", "_"): v for k, v in data.items()}


def _convert(kind: str, raw: str) -> Any:
    if kind in ("float",):
        return float(raw)
    if kind in ("int",):
        return int(raw)
    if kind in ("bool",):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if kind.startswith("list"):
        return [p for p in (s.strip() for s in raw.replace(",", " ").split()) if p]
    return raw


def _from_env(env) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(Config):
        key = ENV_PREFIX + f.name.upper()
        if key in env:
            kind = str(f.type).split(" ")[0].split("[")[0]
            out[f.name] = _convert(kind, env[key])
    return out
