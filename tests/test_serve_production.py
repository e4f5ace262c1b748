"""The README's production command under hostile load, on 127.0.0.1 only: slow clients (slowloris), 50
concurrent slow queries from 50 addresses, chunked and raw-byte requests, and SIGTERM leaving nothing
behind. Every loop here is bounded in count and time."""

from __future__ import annotations

import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from test_server_fixtures import fixture_trig

ROOT = Path(__file__).resolve().parents[1]
JUESUAN = ROOT / ".venv" / "bin" / "juesuan"
HOST = "127.0.0.1"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def production_arguments() -> list[str]:
    """The flags of the README's production command (after ``juesuan serve``, without --store DIR)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^\s*(?:\S+=\S+\s+)*juesuan serve --store \S+(.*)# production$", text, re.M)
    assert match, "the README names no production command (a line ending in '# production')"
    words = shlex.split(match.group(1))
    out: list[str] = []
    skip = False
    for word in words:  # the test chooses its own address and port
        if skip:
            skip = False
            continue
        if word in ("--host", "--port"):
            skip = True
            continue
        out.append(word)
    return out


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped by init is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def command() -> list[str]:
    if JUESUAN.exists():
        return [str(JUESUAN)]
    return [sys.executable, "-m", "converter.cli"]


class Server:
    def __init__(self, tmp: Path, **env: str):
        self.port = free_port()
        data = tmp / "fixture.trig"
        data.write_text(fixture_trig(), encoding="utf-8")
        environ = {**os.environ, "JUESUAN_LOAD_VOCABULARY": "0", **env}
        args = [*command(), "serve", "--store", str(tmp / "store"), str(data), *production_arguments()]
        args += ["--host", HOST, "--port", str(self.port), "--base", "http://127.0.0.1:5000/"]
        self.log = open(tmp / "serve.log", "w+b")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(args, cwd=ROOT, env=environ, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise AssertionError(f"juesuan serve stopped: {self.log.read().decode(errors='replace')}")
            try:
                if self.get("/page/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("juesuan serve did not answer within 60 s")

    def get(
        self, path: str, timeout: float = 10, source: str | None = None, **headers
    ) -> tuple[int, bytes, dict]:
        conn = http.client.HTTPConnection(
            HOST, self.port, timeout=timeout, source_address=(source, 0) if source else None
        )
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return response.status, response.read(), dict(response.getheaders())
        finally:
            conn.close()

    def descendants(self) -> set[int]:
        out: set[int] = set()
        todo = [self.process.pid]
        while todo:
            pid = todo.pop()
            children: list[str] = []
            for task in Path(f"/proc/{pid}/task").glob(
                "*"
            ):  # each thread's children (workers are forked by one)
                try:
                    children += (task / "children").read_text().split()
                except OSError:
                    continue
            for child in map(int, children):
                out.add(child)
                todo.append(child)
        return out

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not sys.platform.startswith("linux"):
        pytest.skip("the production server tests read /proc")
    running = Server(tmp_path_factory.mktemp("serve"), JUESUAN_QUERY_TIMEOUT="4", JUESUAN_REQUEST_TIMEOUT="6")
    yield running
    running.stop()


PAGES = ["/page/", "/id/report/511102/%E6%B5%8B%E8%AF%95%E5%B1%80/2022/final", "/id/function/201", "/catalog"]


def test_slow_clients_do_not_starve_the_pages(server):
    """20 slowloris connections (more than a process has threads), one header byte every 2 s."""
    slow = []
    for _ in range(20):
        sock = socket.create_connection((HOST, server.port), timeout=5)
        sock.sendall(b"GET /page/ HTTP/1.1\r\nHost: x\r\n")
        slow.append(sock)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(2.0):
            for sock in slow:
                try:
                    sock.sendall(b"X")
                except OSError:
                    continue

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        latencies = []
        for i in range(40):
            started = time.monotonic()
            status, _, _ = server.get(PAGES[i % len(PAGES)], timeout=5, Accept="text/html, */*;q=0.5")
            latencies.append(time.monotonic() - started)
            assert status == 200
            time.sleep(0.1)
        assert max(latencies) < 3.0, latencies
        # a request that takes longer than the request timeout (6 s here) to arrive is closed
        time.sleep(6)
        closed = 0
        for sock in slow:
            sock.settimeout(3)
            try:
                closed += sock.recv(1) == b""
            except OSError:
                closed += 1
        assert closed == len(slow)
    finally:
        stop.set()
        thread.join()
        for sock in slow:
            sock.close()


def test_fifty_slow_queries_do_not_starve_the_site(server):
    """50 slow queries from 50 addresses at once: each ends within its limits (503 with Retry-After when
    it cannot start or run), and meanwhile every page answers at once."""
    results: list[tuple[int, float, dict]] = []
    lock = threading.Lock()

    def slow(i: int) -> None:
        started = time.monotonic()
        try:
            status, _, headers = server.get(
                "/sparql?query=" + quote(SLOW), timeout=30, source=f"127.0.0.{i + 2}"
            )
        except OSError:
            status, headers = -1, {}
        with lock:
            results.append((status, time.monotonic() - started, headers))

    threads = [threading.Thread(target=slow, args=(i,), daemon=True) for i in range(50)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    page_latencies = []
    cheap = []
    while any(t.is_alive() for t in threads) and len(page_latencies) < 200:
        started = time.monotonic()
        status, _, _ = server.get(
            PAGES[len(page_latencies) % len(PAGES)], timeout=10, Accept="text/turtle, */*;q=0.5"
        )
        page_latencies.append(time.monotonic() - started)
        assert status == 200
        started = time.monotonic()
        status, _, headers = server.get(
            "/sparql?query=" + quote("ASK { ?s ?p ?o }"), timeout=15, source="127.0.1.1"
        )
        cheap.append((status, time.monotonic() - started, "Retry-After" in headers))
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 50
    assert max(page_latencies) < 2.0, page_latencies
    assert all(status in (200, 503) and (status == 200 or retry) for status, _, retry in cheap), cheap
    assert max(elapsed for _, elapsed, _ in cheap) < 3 + 4 + 3  # its wait, a slow query's limit, slack
    for status, elapsed, headers in results:
        assert status == 503 and "Retry-After" in headers, (status, headers)
        assert elapsed < 3 + 4 + 3
    # and the site answers queries again afterwards
    status, body, _ = server.get("/sparql?query=" + quote("ASK { ?s ?p ?o }"))
    assert status == 200 and b"true" in body


def test_chunked_body_over_the_limit_is_413(server):
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        chunk = b" " * 65536
        try:
            for _ in range(6):  # 384 KB > 256 KB
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server may stop reading once it has refused
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


@pytest.mark.parametrize("path", ["/id/测试".encode(), "/id/a\u2028b".encode(), b"/id/\xff", b"/id/%zz"])
def test_raw_paths_are_client_errors(server, path):
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = sock.recv(65536)
    assert re.match(rb"HTTP/1.1 40[04]", answer), answer[:200]


def test_sigterm_leaves_nothing_on_the_port(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    running = Server(tmp_path)
    try:
        status, _, _ = running.get("/sparql?query=" + quote("ASK { ?s ?p ?o }"))
        assert status == 200
        for i in range(4):  # queries on both processes' workers
            running.get("/sparql?query=" + quote(f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {i + 1}"))
        tree = running.descendants()
        assert len(tree) >= 3, tree  # two server processes and at least one query worker
        running.process.send_signal(signal.SIGTERM)
        running.process.wait(timeout=20)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(pid) for pid in tree):
            time.sleep(0.1)
        assert not [pid for pid in tree if alive(pid)]
        with socket.socket() as again:
            again.bind((HOST, running.port))  # the port is free: a new `juesuan serve` can start
    finally:
        running.stop()
