"""A pool of query worker processes that can be killed.

pyoxigraph evaluates a query in native code that no Python thread can interrupt, so each query runs in
a worker process forked from the process that holds the store (it shares the loaded data copy-on-write).
When the wall-clock limit passes the worker is SIGKILLed: the work really stops, and a fresh worker is
forked for the next query. Other requests (dereferencing, other queries) are not held up: the caller
only waits on a pipe."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from server.store.base import QueryBusy, QueryError, QueryTimeout


@dataclass
class _Worker:
    process: Any
    conn: Any
    generation: int


def _worker_main(conn, handler: Callable[[dict], tuple], opener: Callable[[], Any] | None) -> None:
    # A forked child of a (possibly threaded) server: no logging, no locks, just the loop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
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
        except Exception as exc:  # noqa: BLE001 - reported to the client as text
            reply = ("error", "QueryError", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, EOFError):
            break
    os._exit(0)


class QueryPool:
    def __init__(self, handler: Callable[[dict], tuple], size: int = 2, opener: Callable[[], Any] | None = None):
        self._handler = handler
        self._opener = opener
        self._size = max(1, size)
        self._slots = threading.BoundedSemaphore(self._size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._generation = 0
        self._pid = os.getpid()
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

    def _spawn(self) -> _Worker:
        ctx = multiprocessing.get_context("fork")
        multiprocessing.active_children()  # reap workers stopped earlier
        parent, child = ctx.Pipe(duplex=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process: handled
            process = ctx.Process(target=_worker_main, args=(child, self._handler, self._opener), daemon=True)
            process.start()
        child.close()
        return _Worker(process, parent, self._generation)

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

    def run(self, request: dict, timeout: float) -> tuple:
        if os.getpid() != self._pid:  # inherited through a fork (gunicorn --preload): start afresh
            self.__init__(self._handler, self._size, self._opener)
        started = time.monotonic()
        if not self._slots.acquire(timeout=timeout):
            raise QueryBusy("all query workers are busy; try again later")
        worker = None
        try:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None:
                worker = self._spawn()
            remaining = max(0.0, timeout - (time.monotonic() - started))
            try:
                worker.conn.send(request)
                ready = worker.conn.poll(remaining)
                reply = worker.conn.recv() if ready else None
            except (EOFError, OSError) as exc:
                self._stop(worker, kill=True)
                worker = None
                raise QueryError("the query worker stopped unexpectedly") from exc
            if reply is None:
                self._stop(worker, kill=True)
                worker = None
                self.killed += 1
                raise QueryTimeout(f"the query did not finish within the limit of {timeout:g} s and was stopped")
            return reply
        finally:
            if worker is not None:
                with self._lock:
                    if worker.generation == self._generation and worker.process.is_alive():
                        self._idle.append(worker)
                        worker = None
                if worker is not None:
                    self._stop(worker)
            self._slots.release()
