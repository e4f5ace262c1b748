"""Admission of SPARQL queries: a bounded queue, overall and per client.

At most ``running`` queries run at once (one per query worker); at most ``waiting`` more wait for one,
each at most ``wait`` seconds; one client (its address) has at most ``per_client`` queries running or
waiting. A query that cannot be admitted is answered 503 with Retry-After at once, or after its wait:
it never holds a server thread longer than that, so pages and dereferences (which run no user query)
always find a thread free."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Busy(Exception):
    status = 503

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Admission:
    def __init__(self, running: int, waiting: int, per_client: int, wait: float):
        self.running_limit = max(1, running)
        self.waiting_limit = max(0, waiting)
        self.per_client = max(1, per_client)
        self.wait = max(0.0, wait)
        self._running = 0
        self._waiting = 0
        self._clients: dict[str, int] = {}
        self._changed = threading.Condition()
        self.refused = 0

    def _refuse(self, message: str, retry_after: int) -> Busy:
        self.refused += 1
        return Busy(message, retry_after)

    @contextmanager
    def admit(self, client: str) -> Iterator[None]:
        with self._changed:
            if self._clients.get(client, 0) >= self.per_client:
                raise self._refuse(
                    f"this client already has {self.per_client} queries running or waiting; "
                    "wait for them before sending more",
                    2,
                )
            if self._running >= self.running_limit and self._waiting >= self.waiting_limit:
                raise self._refuse("the query queue is full; try again in a few seconds", 5)
            self._clients[client] = self._clients.get(client, 0) + 1
            try:
                if self._running >= self.running_limit:
                    self._waiting += 1
                    try:
                        admitted = self._changed.wait_for(
                            lambda: self._running < self.running_limit, self.wait
                        )
                    finally:
                        self._waiting -= 1
                    if not admitted:
                        raise self._refuse(
                            f"no query worker became free within {self.wait:g} s; try again in a few seconds",
                            5,
                        )
                self._running += 1
            except BaseException:
                self._release_client(client)
                raise
        try:
            yield
        finally:
            with self._changed:
                self._running -= 1
                self._release_client(client)
                self._changed.notify()

    def _release_client(self, client: str) -> None:
        left = self._clients.get(client, 1) - 1
        if left:
            self._clients[client] = left
        else:
            self._clients.pop(client, None)
