"""SPARQL engines started for the tests (and the store benchmark): Virtuoso Open-Source and the Oxigraph
server, each in a temporary folder, on 127.0.0.1 and a free port, stopped afterwards.

``pytest`` fixtures ``virtuoso`` and ``oxigraph_server`` (session scope) yield a ``Service``; tests that
need one are skipped with a clear message when its binary is missing (``bash .ci/services.sh`` installs
both)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

VIRTUOSO_BINARY = "virtuoso-t"
ISQL_BINARIES = ("isql-vt", "isql")
START_TIMEOUT = 90.0


@dataclass
class Service:
    name: str
    query_url: str
    update_url: str | None
    gsp_url: str | None
    user: str | None = None
    password: str | None = None
    folder: Path | None = None
    process: subprocess.Popen | None = None
    sql_port: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def store_spec(self) -> str:
        return self.query_url

    def environ(self) -> dict[str, str]:
        """The JUESUAN_STORE_* variables that point the factory at this service."""
        out = {"JUESUAN_STORE_URL": self.query_url}
        if self.update_url:
            out["JUESUAN_STORE_UPDATE_URL"] = self.update_url
        if self.gsp_url:
            out["JUESUAN_STORE_GSP_URL"] = self.gsp_url
        if self.user:
            out["JUESUAN_STORE_USER"] = self.user
        if self.password:
            out["JUESUAN_STORE_PASSWORD"] = self.password
        return out

    def store_options(self) -> dict:
        return {
            "query_url": self.query_url,
            "update_url": self.update_url,
            "gsp_url": self.gsp_url,
            "user": self.user,
            "password": self.password,
        }

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            if self.name == "virtuoso" and self.sql_port:
                try:  # a clean shutdown (checkpoint) rather than a kill
                    isql(self, "shutdown;", timeout=30)
                    self.process.wait(timeout=30)
                except Exception:  # noqa: BLE001 - fall back to signals
                    pass
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
        if self.folder is not None and self.extra.get("own_folder"):
            shutil.rmtree(self.folder, ignore_errors=True)


def _die_with_parent() -> None:
    """In the service's child process (Linux): SIGTERM when the test or bench process dies, even killed
    (a pytest run cut short by a closed pipe must not leave engines running)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, process: subprocess.Popen, log: Path | None, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{url}: the service exited with status {process.returncode}\n{detail}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except urllib.error.HTTPError as exc:  # it answers: up
            if exc.code < 500:
                return
            last = exc
        except OSError as exc:
            last = exc
        time.sleep(0.3)
    raise RuntimeError(f"{url}: no answer after {timeout:.0f} s ({last})")


# ----------------------------------------------------------------------------------- oxigraph
def oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    if here.exists():
        return str(here)
    return shutil.which("oxigraph")


def start_oxigraph(folder: Path | None = None, *, timeout_s: int | None = None) -> Service:
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("oxigraph")
    own = folder is None
    folder = Path(tempfile.mkdtemp(prefix="juesuan-oxigraph-")) if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "server.log"
    cmd = [
        binary,
        "serve",
        "--location",
        str(folder / "data"),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    if timeout_s:
        cmd += ["--timeout-s", str(timeout_s)]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent
        )
    root = f"http://127.0.0.1:{port}"
    service = Service(
        "oxigraph",
        f"{root}/query",
        f"{root}/update",
        f"{root}/store",
        folder=folder,
        process=process,
        extra={"own_folder": own},
    )
    try:
        _wait_http(f"{root}/query?query=ASK%7B%7D", process, log)
    except Exception:
        service.stop()
        raise
    return service


# ----------------------------------------------------------------------------------- virtuoso
VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {db}, {data_dirs}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 1G
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = {buffers}
MaxDirtyBuffers          = {dirty}

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {db}/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = 10000000
MaxSortedTopRows           = 10000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
DefaultGraph               = http://localhost/
DeferInferenceRulesInit    = 0
"""


def virtuoso_binary() -> str | None:
    return shutil.which(VIRTUOSO_BINARY)


def isql_binary() -> str | None:
    for name in ISQL_BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


def isql(service: Service, script: str, *, timeout: float = 600) -> str:
    binary = isql_binary()
    if binary is None:
        raise FileNotFoundError("isql-vt")
    result = subprocess.run(
        [binary, f"127.0.0.1:{service.sql_port}", service.user or "dba", service.password or "dba"],
        input=script,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0 or "*** Error" in result.stdout:
        raise RuntimeError(f"isql failed: {result.stdout[-2000:]} {result.stderr[-2000:]}")
    return result.stdout


def start_virtuoso(
    folder: Path | None = None, *, data_dirs: list[Path] = (), memory_mb: int = 256
) -> Service:
    binary = virtuoso_binary()
    if binary is None or isql_binary() is None:
        raise FileNotFoundError("virtuoso-t / isql-vt")
    own = folder is None
    folder = Path(tempfile.mkdtemp(prefix="juesuan-virtuoso-")) if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    buffers = max(2000, memory_mb * 1024 // 8 * 2 // 3)  # 8 kB pages, 2/3 of the memory given
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            db=folder,
            sql_port=sql_port,
            http_port=http_port,
            buffers=buffers,
            dirty=buffers * 3 // 4,
            data_dirs=", ".join(str(d) for d in data_dirs) or str(folder),
        )
    )
    log = folder / "stdout.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    root = f"http://127.0.0.1:{http_port}"
    service = Service(
        "virtuoso",
        f"{root}/sparql",
        f"{root}/sparql-auth",
        f"{root}/sparql-graph-crud-auth",
        user="dba",
        password="dba",
        folder=folder,
        process=process,
        sql_port=sql_port,
        extra={"own_folder": own},
    )
    try:
        _wait_http(f"{root}/sparql?query=ASK%7B%7D", process, folder / "virtuoso.log")
    except Exception:
        service.stop()
        raise
    return service


# ----------------------------------------------------------------------------------- fixtures
def _skip_or_fail(what: str, exc: Exception) -> None:
    if isinstance(exc, FileNotFoundError):
        message = f"{what} is not installed (bash .ci/services.sh installs it)"
        if os.environ.get("JUESUAN_REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    raise exc


@pytest.fixture(scope="session")
def oxigraph_server():
    try:
        service = start_oxigraph()
    except Exception as exc:  # noqa: BLE001
        _skip_or_fail("the Oxigraph server (`oxigraph` from PyPI)", exc)
    yield service
    service.stop()


@pytest.fixture(scope="session")
def virtuoso():
    try:
        service = start_virtuoso()
    except Exception as exc:  # noqa: BLE001
        _skip_or_fail("Virtuoso Open-Source (Debian package virtuoso-opensource)", exc)
    yield service
    service.stop()
