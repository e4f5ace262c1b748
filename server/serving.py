"""``juesuan serve``'s HTTP server: waitress, in one or more processes sharing one listening socket.

Why waitress: it reads every request whole (headers and body) in its event loop before it hands it to a
thread, so a slow client (slowloris: one header byte every few seconds) holds a socket, never one of the
threads that serve pages. Requests that take longer than ``request_timeout`` to arrive, and connections
idle for ``channel_timeout``, are closed; at most ``connection_limit`` connections are open per process.

The application and its store are made once, in the first process (the summary index of an on-disk store
is built once), then ``processes`` children are forked that serve the same socket (as gunicorn's
``--preload``). Children die with the first process (converter/processes.py); SIGTERM or SIGINT to it
stops them all, and so their query workers: nothing is left holding the port."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass

from converter.processes import Lifeline

log = logging.getLogger("juesuan.server")


@dataclass
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 5000
    processes: int = 2
    threads: int = 16
    connection_limit: int = 500
    channel_timeout: float = 30.0
    request_timeout: float = 15.0
    max_request_bytes: int = 256 * 1024

    @classmethod
    def from_config(cls, config, host: str, port: int) -> ServerSettings:
        return cls(
            host=host,
            port=port,
            processes=max(1, int(config.server_processes)),
            threads=max(1, int(config.server_threads)),
            connection_limit=max(1, int(config.connection_limit)),
            channel_timeout=float(config.channel_timeout),
            request_timeout=float(config.request_timeout),
            max_request_bytes=int(config.max_request_bytes),
        )


def _server_class():
    from waitress.channel import HTTPChannel
    from waitress.server import TcpWSGIServer

    class DeadlineChannel(HTTPChannel):
        """Knows since when its current request has been arriving (None between requests)."""

        receiving_since: float | None = None

        def received(self, data):
            if data and self.request is None and self.receiving_since is None:
                self.receiving_since = time.monotonic()
            result = super().received(data)
            if self.request is None:  # nothing half-received
                self.receiving_since = None
            return result

    class DeadlineServer(TcpWSGIServer):
        channel_class = DeadlineChannel
        request_timeout = 15.0

        def maintenance(self, now):
            super().maintenance(now)
            cutoff = time.monotonic() - self.request_timeout
            for channel in list(self.active_channels.values()):
                since = getattr(channel, "receiving_since", None)
                if since is not None and since < cutoff:
                    channel.will_close = True  # a request that takes this long to arrive is not coming

    return DeadlineServer


def _serve_socket(app, sock: socket.socket, settings: ServerSettings) -> None:
    from waitress.adjustments import Adjustments
    from waitress.task import ThreadedTaskDispatcher

    adj = Adjustments(
        sockets=[sock],
        threads=settings.threads,
        connection_limit=settings.connection_limit,
        channel_timeout=max(1, int(settings.channel_timeout)),
        cleanup_interval=max(1, int(min(settings.channel_timeout, settings.request_timeout) / 3)),
        max_request_body_size=settings.max_request_bytes,
        max_request_header_size=64 * 1024,
        ident="juesuan",
        clear_untrusted_proxy_headers=True,
    )
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    server_class = _server_class()
    server_class.request_timeout = settings.request_timeout
    sockinfo = (sock.family, sock.type, sock.proto, sock.getsockname())
    server = server_class(
        app, {}, True, sock, dispatcher=dispatcher, adj=adj, bind_socket=False, sockinfo=sockinfo
    )
    try:
        server.run()
    finally:
        server.close()


def listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=1024)
    sock.setblocking(False)
    return sock


def serve(app, settings: ServerSettings, sock: socket.socket | None = None) -> int:
    """Serve until SIGTERM / SIGINT; returns the exit status."""
    sock = sock if sock is not None else listen(settings.host, settings.port)
    processes = settings.processes if hasattr(os, "fork") else 1
    if processes <= 1:
        signal.signal(signal.SIGTERM, _exit_now)
        try:
            _serve_socket(app, sock, settings)
        except KeyboardInterrupt:
            pass
        finally:
            sock.close()
        return 0
    return _supervise(app, sock, settings, processes)


def _exit_now(signum, frame) -> None:  # noqa: ARG001 - a signal handler
    raise SystemExit(0)


def _start_child(app, sock: socket.socket, settings: ServerSettings, lifeline: Lifeline) -> int:
    pid = os.fork()
    if pid:
        return pid
    status = 0
    try:
        lifeline.hold()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the first process decides
        _serve_socket(app, sock, settings)
    except BaseException:  # noqa: BLE001 - a child never returns into the parent's code
        status = 1
    finally:
        os._exit(status)
    return 0  # not reached


def _supervise(app, sock: socket.socket, settings: ServerSettings, processes: int) -> int:
    lifeline = Lifeline.create()
    stopping = []

    def stop(signum, frame) -> None:  # noqa: ARG001
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    children = {_start_child(app, sock, settings, lifeline) for _ in range(processes)}
    restarts: list[float] = []
    try:
        while not stopping:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid = 0
            if pid in children:
                children.discard(pid)
                now = time.monotonic()
                restarts = [t for t in restarts if now - t < 60] + [now]
                if len(restarts) > 10:
                    print("juesuan serve: server processes keep failing; stopping", file=sys.stderr)
                    return 1
                children.add(_start_child(app, sock, settings, lifeline))
                continue
            time.sleep(0.2)
    finally:
        for pid in children:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while children and time.monotonic() < deadline:
            for pid in list(children):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    children.discard(pid)
            time.sleep(0.05)
        for pid in children:
            _signal(pid, signal.SIGKILL)
        sock.close()
        lifeline.close()
    return 0


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass
