"""Worker processes that die with their parent and stay within a memory limit.

A worker forked to convert a document or to run a query must not outlive the process that started it
(``kill -9`` of ``juesuan load`` must not leave conversions running, a stopped server must not leave
query workers holding its port). Two mechanisms, so that every POSIX platform is covered:

* Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the child when the thread that forked it
  ends (so fork from a thread that lives as long as the process).
* everywhere: a watchdog thread in the child that waits on the read end of a pipe whose write end only
  the parent holds; the parent's death closes it, the read returns end-of-file, the child exits. It also
  checks that its parent process is still the one that started it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import select
import signal
import sys
import threading
from dataclasses import dataclass

PR_SET_PDEATHSIG = 1
_PDEATH_SUPPORTED = sys.platform.startswith("linux")


def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name or None, use_errno=True)


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    if not _PDEATH_SUPPORTED:
        return False
    try:
        return _libc().prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


@dataclass(frozen=True)
class Lifeline:
    """Made in the parent before forking; each child calls ``hold()`` first thing."""

    parent_pid: int
    read_fd: int
    write_fd: int

    @classmethod
    def create(cls) -> Lifeline:
        read_fd, write_fd = os.pipe()
        return cls(os.getpid(), read_fd, write_fd)

    def hold(self, poll_seconds: float = 1.0) -> None:
        """In the child: die with the parent (see the module). Forked children only."""
        set_parent_death_signal()
        if os.getppid() != self.parent_pid:  # the parent died before we got here
            os._exit(1)
        try:
            os.close(self.write_fd)  # only the parent may hold it, or its death would go unnoticed
        except OSError:
            pass
        thread = threading.Thread(target=self._watch, args=(poll_seconds,), name="lifeline", daemon=True)
        thread.start()

    def _watch(self, poll_seconds: float) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.read_fd], [], [], poll_seconds)
                if ready and os.read(self.read_fd, 1) == b"":
                    os._exit(1)
            except OSError:
                os._exit(1)
            if os.getppid() != self.parent_pid:
                os._exit(1)

    def close(self) -> None:
        """In the parent, when no more children will be started."""
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass


def fork_context():
    """The start method these workers need (inherited pipe, copy-on-write data); None where absent."""
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - Windows
        return None


def _pool_initializer(lifeline: Lifeline, memory_bytes: int | None) -> None:
    lifeline.hold()
    if memory_bytes:
        limit_memory(memory_bytes)


def worker_pool(max_workers: int, *, memory_bytes: int | None = None):
    """A ProcessPoolExecutor whose workers die with this process (and each stay under ``memory_bytes``
    more than they started with, when given). The caller shuts it down."""
    from concurrent.futures import ProcessPoolExecutor

    context = fork_context()
    if context is None:  # pragma: no cover - no fork: the platform's own start method, no lifeline
        return ProcessPoolExecutor(max_workers=max_workers)
    lifeline = Lifeline.create()
    pool = ProcessPoolExecutor(
        max_workers=max_workers,
        mp_context=context,
        initializer=_pool_initializer,
        initargs=(lifeline, memory_bytes),
    )
    pool._juesuan_lifeline = lifeline  # type: ignore[attr-defined] - kept open as long as the pool
    return pool


# ----------------------------------------------------------------------------------- memory
def address_space_bytes() -> int | None:
    """This process's virtual size now (Linux), None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def limit_memory(extra_bytes: int) -> bool:
    """A hard limit on this process's memory: its address space now plus ``extra_bytes`` (RLIMIT_AS; a
    forked child shares its parent's pages, so the limit is on what it adds). False where unsupported."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return False
    current = address_space_bytes()
    if current is None:  # not Linux: RLIMIT_AS is not enforced there anyway (macOS)
        return False
    limit = current + int(extra_bytes)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):
        return False
    return True
