"""``juesuan serve``: the argument hooks converter/cli.py calls, and the production server (waitress in one
or more processes, server/serving.py): the command the README gives for production."""

from __future__ import annotations

import argparse
import sys

from converter.uris import DEFAULT_BASE


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="RDF files (.ttl .nt .nq .trig .jsonld) or source documents; none: the bundled examples",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    parser.add_argument(
        "--base",
        default=None,
        help=f"base of the IRIs served (default {DEFAULT_BASE}, "
        "or http://HOST:PORT/ when --host/--port differ)",
    )
    parser.add_argument(
        "--store",
        default=None,
        metavar="DIR|URL",
        help="on-disk Oxigraph store folder, or a SPARQL endpoint URL (default: in memory)",
    )
    parser.add_argument("--config", default=None, metavar="FILE", help="configuration file (JSON or TOML)")
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="hard limit of one SPARQL query (default 10)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        metavar="N",
        help="server processes sharing the port (default 2; JUESUAN_SERVER_PROCESSES)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        metavar="N",
        help="threads per server process (default 16; JUESUAN_SERVER_THREADS)",
    )


def run_serve(args: argparse.Namespace) -> int:
    from server.app import create_app
    from server.config import Config

    overrides: dict = {}
    config = Config.load(args.config)
    if args.base:
        overrides["base"] = args.base
    elif (args.host, args.port) != ("127.0.0.1", 5000) and config.base == DEFAULT_BASE:
        overrides["base"] = f"http://{args.host}:{args.port}/"
    if args.store:
        overrides["store"] = args.store
    if args.inputs:
        overrides["inputs"] = list(args.inputs)
    if args.query_timeout is not None:
        overrides["query_timeout"] = args.query_timeout
    if args.processes is not None:
        overrides["server_processes"] = args.processes
    if args.threads is not None:
        overrides["server_threads"] = args.threads
    for key, value in overrides.items():
        setattr(config, key, value)
    config.__post_init__()
    from server.serving import ServerSettings, listen, serve

    settings = ServerSettings.from_config(config, args.host, args.port)
    try:
        sock = listen(args.host, args.port)  # first: a port in use is said before minutes of loading
    except OSError as exc:
        print(
            f"juesuan serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr
        )
        return 2
    try:
        store = None
        if config.store:  # a folder or a SPARQL endpoint URL (server/store/factory.py)
            from server.app import load_into
            from server.store.factory import open_store

            store = open_store(config.store, config)
            load_into(store, config)
        app = create_app(config, store=store)
    except Exception as exc:  # noqa: BLE001 - a message, not a traceback, for the command line
        sock.close()
        print(f"juesuan serve: {exc}", file=sys.stderr)
        return 2
    store = app.extensions["juesuan.store"]
    from converter.uris import UriBuilder

    reports = [g for g in store.graphs() if UriBuilder(config.base).is_report_graph(g)]  # not organisations'
    print(
        f"serving {len(reports)} report graph(s) at {config.base} (listening on http://{args.host}:{args.port}/, "
        f"{settings.processes} process(es) x {settings.threads} threads)",
        file=sys.stderr,
    )
    elsewhere = [g for g in store.graphs() if "/id/report/" in g and not g.startswith(config.base)]
    if elsewhere:  # converted under another --base: their IRIs do not dereference here
        other = elsewhere[0].split("/id/report/", 1)[0] + "/"
        print(
            f"juesuan serve: warning: {len(elsewhere)} report graph(s) have IRIs under {other}, not {config.base}: "
            f"convert with --base {config.base} or serve with --base {other}",
            file=sys.stderr,
        )
    print(f"SPARQL: {config.base}sparql   catalogue: {config.base}catalog   Ctrl-C stops", file=sys.stderr)
    sys.stderr.flush()
    try:
        return serve(app, settings, sock)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="juesuan serve", description="serve the data: IRIs and SPARQL")
    add_serve_arguments(parser)
    return run_serve(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
