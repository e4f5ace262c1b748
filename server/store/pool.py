"""A pool of query worker processes that can be killed, are bounded in memory and have no route out.

pyoxigraph evaluates a query in native code that no Python thread can interrupt, so each query runs in
a worker process forked from the process that holds the store (it shares the loaded data copy-on-write).
When the wall-clock limit passes the worker is SIGKILLed: the work really stops, and a fresh worker is
forked for the next query. Other requests (dereferencing, other queries) are not held up: the caller
only waits on a pipe.

Each worker, before it reads a query:

* dies with the server (converter/processes.py: the parent-death signal on Linux, a lifeline pipe
  everywhere), and closes every socket it inherited but its own link to the pool (the server's listening
  socket among them, so a stopped server leaves nothing on its port);
* gets a hard memory limit (RLIMIT_AS: what it may add to what it shares with the server); a query that
  needs more is stopped and reported (``QueryMemory``);
* can open no IP socket (server/sandbox.py). A query whose SERVICE endpoints the policy allowed is sent
  back by such a worker and run in a worker of its own, whose connections a supervisor in this process
  checks against those endpoints.

Workers are forked by one thread that lives as long as the pool: Linux's parent-death signal follows the
thread that forked, not the process."""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import socket
import stat
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from converter.processes import Lifeline, limit_memory
from server import sandbox
from server.store.base import ERRORS, QueryBusy, QueryError, QueryMemory, QueryTimeout

log = logging.getLogger("juesuan.server")
_mode: str | None = None  # in a worker: "none" (no network), "guarded", or "open" (no sandbox here)


def network_mode() -> str | None:
    """None in the server process itself (trusted internal queries), else the worker's network mode."""
    return _mode


@dataclass
class _Worker:
    process: Any
    conn: Any
    generation: int
    supervisor: sandbox.Supervisor | None = None


@dataclass
class WorkerLimits:
    memory_bytes: int | None = None  # what a worker may add to what it shares with the server
    sandbox: bool = True  # the seccomp wall where the platform has it
    stats: dict = field(default_factory=dict)


def _close_inherited_sockets(keep: int) -> None:
    """Sockets the server held when this worker was forked: its listening socket, client connections,
    other workers' links. None of them is this worker's business (and the listener would keep the port)."""
    folder = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    try:
        fds = [int(name) for name in os.listdir(folder)]
    except OSError:
        fds = list(range(3, 1024))
    for fd in fds:
        if fd == keep or fd < 3:
            continue
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            continue


def _worker_main(conn, handler, opener, lifeline: Lifeline, limits: WorkerLimits, guarded: bool) -> None:
    # A forked child of a (possibly threaded) server: no logging, no locks, just the loop.
    global _mode
    import faulthandler

    faulthandler.disable()  # a query stopped at its memory limit aborts: that is reported, not dumped
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    lifeline.hold()
    _close_inherited_sockets(conn.fileno())
    if limits.memory_bytes:
        limit_memory(limits.memory_bytes)
    _mode = "open"
    if limits.sandbox and sandbox.available():
        # a kernel without seccomp (or a container that forbids it): the policy stands alone
        if guarded:
            from multiprocessing.reduction import sendfds

            try:
                fds = [sandbox.guarded_network()]
                _mode = "guarded"
            except OSError:
                fds = []  # the pool then runs this worker without a supervisor
            with socket.socket(fileno=os.dup(conn.fileno())) as link:
                sendfds(link, fds)
            for fd in fds:
                os.close(fd)
        else:
            try:
                sandbox.no_network()
                _mode = "none"
            except OSError:
                pass
    if opener is not None:
        opener()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            break
        if request is None:
            break
        try:
            reply = handler(request)
        except QueryError as exc:
            reply = ("error", type(exc).__name__, str(exc))
        except SyntaxError as exc:
            reply = ("error", "QueryError", f"malformed query: {exc}")
        except MemoryError:
            reply = ("error", "QueryMemory", "")
        except Exception as exc:  # noqa: BLE001 - reported to the client as text
            reply = ("error", "QueryError", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("error", "QueryMemory", ""))
        except (OSError, EOFError):
            break
    os._exit(0)


class _Forker:
    """One long-lived thread that forks every worker (see the module)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="query-worker-forker", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job, box, done = self._jobs.get()
            try:
                box["value"] = job()
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller
                box["error"] = exc
            done.set()

    def call(self, job: Callable[[], Any]) -> Any:
        box: dict = {}
        done = threading.Event()
        self._jobs.put((job, box, done))
        done.wait()
        if "error" in box:
            raise box["error"]
        return box["value"]


class QueryPool:
    def __init__(
        self,
        handler: Callable[[dict], tuple],
        size: int = 2,
        opener: Callable[[], Any] | None = None,
        limits: WorkerLimits | None = None,
    ):
        self._handler = handler
        self._opener = opener
        self._size = max(1, size)
        self.limits = limits or WorkerLimits()
        self._slots = threading.BoundedSemaphore(self._size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._generation = 0
        self._pid = os.getpid()
        self._forker: _Forker | None = None
        self._lifeline: Lifeline | None = None
        self.killed = 0  # workers stopped because of the time limit

    def restart(self) -> None:
        """Forget the current workers (the data changed): idle ones stop now, busy ones when done."""
        with self._lock:
            self._generation += 1
            idle, self._idle = self._idle, []
        for worker in idle:
            self._stop(worker)

    def close(self) -> None:
        self.restart()

    def _spawn(self, guarded: bool = False, allowed: set | None = None) -> _Worker:
        with self._lock:
            if self._forker is None:
                self._forker = _Forker()
                self._lifeline = Lifeline.create()
            forker, lifeline = self._forker, self._lifeline

        def fork() -> _Worker:
            ctx = multiprocessing.get_context("fork")
            multiprocessing.active_children()  # reap workers stopped earlier
            parent, child = ctx.Pipe(duplex=True)
            args = (child, self._handler, self._opener, lifeline, self.limits, guarded)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process: handled
                process = ctx.Process(target=_worker_main, args=args, daemon=True)
                process.start()
            child.close()
            return _Worker(process, parent, self._generation)

        worker = forker.call(fork)
        if guarded and self.limits.sandbox and sandbox.available():
            from multiprocessing.reduction import recvfds

            try:
                with socket.socket(fileno=os.dup(worker.conn.fileno())) as link:
                    link.settimeout(10)
                    fds = recvfds(link, 1)
            except RuntimeError:  # no filter could be installed there: nothing to supervise
                fds = []
            except (OSError, EOFError) as exc:
                self._stop(worker, kill=True)
                raise QueryError("the federated query worker could not be started") from exc
            if fds:
                worker.supervisor = sandbox.Supervisor(fds[0], allowed or set())
        return worker

    def _stop(self, worker: _Worker, kill: bool = False) -> None:
        try:
            if kill:
                os.kill(worker.process.pid, signal.SIGKILL)
            else:
                worker.conn.send(None)
        except (OSError, ValueError):
            pass
        worker.conn.close()
        worker.process.join(timeout=0 if not kill else 5)
        if worker.supervisor is not None:
            worker.supervisor.close()

    def _death(self, worker: _Worker) -> QueryError:
        """Why a worker stopped answering: its memory limit, or something else."""
        worker.process.join(timeout=2)
        code = worker.process.exitcode
        if self.limits.memory_bytes and code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
            return QueryMemory(memory_message(self.limits.memory_bytes))
        return QueryError(f"the query worker stopped unexpectedly (exit status {code})")

    def _exchange(self, worker: _Worker, request: dict, deadline: float, timeout: float) -> tuple:
        remaining = max(0.0, deadline - time.monotonic())
        try:
            worker.conn.send(request)
            ready = worker.conn.poll(remaining)
            reply = worker.conn.recv() if ready else None
        except (EOFError, OSError) as exc:
            self._stop(worker, kill=True)
            raise self._death(worker) from exc
        if reply is None:
            self._stop(worker, kill=True)
            self.killed += 1
            raise QueryTimeout(f"the query did not finish within the limit of {timeout:g} s and was stopped")
        return reply

    def run(self, request: dict, timeout: float, wait: float | None = None) -> tuple:
        """``wait``: how long to wait for a free worker (default: the whole ``timeout``)."""
        if os.getpid() != self._pid:  # inherited through a fork (a server's worker process): start afresh
            self.__init__(self._handler, self._size, self._opener, self.limits)
        started = time.monotonic()
        deadline = started + timeout
        if not self._slots.acquire(timeout=timeout if wait is None else min(wait, timeout)):
            raise QueryBusy("all query workers are busy; try again later")
        worker = None
        try:
            with self._lock:
                while self._idle and worker is None:
                    candidate = self._idle.pop()
                    if candidate.process.is_alive():
                        worker = candidate
                    else:
                        self._stop(candidate)
            if worker is None:
                worker = self._spawn()
            reply = self._exchange(worker, request, deadline, timeout)
            if reply[0] != "federate":
                return reply
            return self._federated(request, reply[1], deadline, timeout)
        except QueryError:
            worker = None if worker is None or not worker.process.is_alive() else worker
            raise
        finally:
            if worker is not None:
                with self._lock:
                    if worker.generation == self._generation and worker.process.is_alive():
                        self._idle.append(worker)
                        worker = None
                if worker is not None:
                    self._stop(worker)
            self._slots.release()

    def _federated(self, request: dict, endpoints: list[str], deadline: float, timeout: float) -> tuple:
        """A query the policy allowed to call ``endpoints``: in a worker of its own, guarded."""
        allowed = sandbox.allowed_addresses(endpoints)
        worker = self._spawn(guarded=True, allowed=allowed)
        try:
            reply = self._exchange(worker, {**request, "federated": list(endpoints)}, deadline, timeout)
        finally:
            self._stop(worker, kill=True)
        if reply[0] == "federate":
            raise QueryError("the federated query could not be run")
        return reply


def memory_message(limit: int) -> str:
    return (
        f"the query needed more memory than the limit of {limit // (1 << 20)} MB for one query and was "
        "stopped; ask for less (LIMIT, fewer or shorter values)"
    )


def raise_reply(reply: tuple, memory_limit: int | None) -> None:
    """A worker's ("error", kind, message) as the exception it stands for."""
    kind, message = reply[1], reply[2]
    cls = ERRORS.get(kind, QueryError)
    if cls is QueryMemory and not message:
        message = memory_message(memory_limit or 0)
    raise cls(message)
