"""The query worker's second wall: no route out, or a route only to the allow-listed endpoints.

pyoxigraph opens its own connections for SERVICE (in native code, not through Python's ``socket``), and
has no hook to refuse them. So the wall is at the system-call level, with a seccomp filter installed in
the worker process (Linux, x86-64 and arm64) before it reads any query:

* ``no_network()``: ``socket()`` of an IP family (AF_INET, AF_INET6, AF_PACKET) fails with EACCES, and
  io_uring (which could open sockets without that call) is unavailable. Local pipes and the worker's
  link to the server were opened before and keep working. Every ordinary worker runs like this.
* ``guarded_network()``: for a query whose SERVICE endpoints are all on the allow-list, a worker of its
  own where every ``connect()`` is stopped and shown to a supervisor in the server process
  (``Supervisor``, through seccomp's user notifications); it lets through only connections to the
  addresses the allowed endpoints resolve to (and to the system's DNS resolvers, when an endpoint is a
  host name), and refuses any other with EACCES. ``sendto`` with an address of its own is refused.

Where seccomp is missing (another OS or architecture, or a kernel or container that refuses filters),
the worker runs without it and the first wall (server/policy.py) stands alone; ``available()`` says
whether this platform has it at all."""

from __future__ import annotations

import ctypes
import ipaddress
import os
import platform
import select
import socket
import struct
import sys
import threading
from collections.abc import Iterable

from server.policy import Endpoint

# linux/audit.h, asm/unistd.h
ARCHES = {
    "x86_64": {"arch": 0xC000003E, "socket": 41, "connect": 42, "sendto": 44, "seccomp": 317},
    "aarch64": {"arch": 0xC00000B7, "socket": 198, "connect": 203, "sendto": 206, "seccomp": 277},
}
IO_URING_SETUP = 425  # the same number on both
X32_SYSCALL_BIT = 0x40000000
# linux/seccomp.h, linux/filter.h
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
RET_USER_NOTIF = 0x7FC00000
SET_MODE_FILTER = 1
FLAG_NEW_LISTENER = 1 << 3
PR_SET_NO_NEW_PRIVS = 38
NOTIF_RECV = 0xC0502100  # _IOWR('!', 0, struct seccomp_notif): 80 bytes
NOTIF_SEND = 0xC0182101  # _IOWR('!', 1, struct seccomp_notif_resp): 24 bytes
NOTIF_ID_VALID = 0x40082102  # _IOW('!', 2, __u64)
NOTIF_FLAG_CONTINUE = 1
LD_W_ABS, JEQ_K, JGE_K, RET_K = 0x20, 0x15, 0x35, 0x06
BLOCKED_FAMILIES = (socket.AF_INET, socket.AF_INET6, 17)  # 17: AF_PACKET
EACCES, ENOSYS = 13, 38


class SandboxError(OSError):
    pass


def _arch() -> dict | None:
    if not sys.platform.startswith("linux"):
        return None
    return ARCHES.get(platform.machine())


def available() -> bool:
    return _arch() is not None


class _Filter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    ]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _program(guarded: bool) -> list[tuple[int, int, int, int]]:
    """The BPF program over struct seccomp_data (nr at 0, arch at 4, args[i] low word at 16 + 8i)."""
    a = _arch()
    assert a is not None
    deny = RET_ERRNO | EACCES
    nosys = RET_ERRNO | ENOSYS
    prog: list[tuple[int, int, int, int]] = [
        (LD_W_ABS, 0, 0, 4),
        (JEQ_K, 1, 0, a["arch"]),
        (RET_K, 0, 0, nosys),  # another ABI (i386 on x86-64): nothing at all
        (LD_W_ABS, 0, 0, 0),
        (JGE_K, 0, 1, X32_SYSCALL_BIT),
        (RET_K, 0, 0, nosys),  # the x32 ABI
        (JEQ_K, 0, 1, IO_URING_SETUP),
        (RET_K, 0, 0, nosys),
    ]
    if not guarded:
        prog += [
            (JEQ_K, 1, 0, a["socket"]),
            (RET_K, 0, 0, RET_ALLOW),
            (LD_W_ABS, 0, 0, 16),  # socket(domain, ...)
        ]
        for family in BLOCKED_FAMILIES:
            prog += [(JEQ_K, 0, 1, int(family)), (RET_K, 0, 0, deny)]
        prog.append((RET_K, 0, 0, RET_ALLOW))
        return prog
    prog += [
        (JEQ_K, 0, 1, a["connect"]),
        (RET_K, 0, 0, RET_USER_NOTIF),
        (JEQ_K, 1, 0, a["sendto"]),
        (RET_K, 0, 0, RET_ALLOW),
        (LD_W_ABS, 0, 0, 16 + 8 * 4),  # sendto(..., dest_addr, ...): only without an address
        (JEQ_K, 1, 0, 0),
        (RET_K, 0, 0, deny),
        (LD_W_ABS, 0, 0, 16 + 8 * 4 + 4),
        (JEQ_K, 1, 0, 0),
        (RET_K, 0, 0, deny),
        (RET_K, 0, 0, RET_ALLOW),
    ]
    return prog


def _install(guarded: bool) -> int | None:
    a = _arch()
    if a is None:
        raise SandboxError("seccomp filters are not available on this platform")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    instructions = _program(guarded)
    array = (_Filter * len(instructions))(*[_Filter(*i) for i in instructions])
    prog = _Program(len(instructions), array)
    libc.syscall.restype = ctypes.c_long
    flags = FLAG_NEW_LISTENER if guarded else 0
    result = libc.syscall(a["seccomp"], SET_MODE_FILTER, flags, ctypes.byref(prog))
    if result < 0:
        raise SandboxError(ctypes.get_errno(), "seccomp(SECCOMP_SET_MODE_FILTER) failed")
    return int(result) if guarded else None


def no_network() -> None:
    """This process (its calling thread and every thread it starts after) can open no IP socket."""
    _install(guarded=False)


def guarded_network() -> int:
    """Every connect() of this thread waits for a supervisor; returns the notification fd to hand to it."""
    fd = _install(guarded=True)
    assert fd is not None
    return fd


# ----------------------------------------------------------------------------------- supervisor
def resolver_addresses(path: str = "/etc/resolv.conf") -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                words = line.split()
                if len(words) >= 2 and words[0] == "nameserver":
                    try:
                        out.add((str(ipaddress.ip_address(words[1].split("%")[0])), 53))
                    except ValueError:
                        continue
    except OSError:
        pass
    return out


def allowed_addresses(endpoints: Iterable[str]) -> set[tuple[str, int]]:
    """The (address, port) pairs the allowed SERVICE endpoints resolve to, plus the DNS resolvers when
    one of them is a host name (the engine resolves it itself)."""
    out: set[tuple[str, int]] = set()
    needs_dns = False
    for iri in endpoints:
        endpoint = Endpoint.parse(iri)
        if endpoint is None:
            continue
        try:
            ipaddress.ip_address(endpoint.host.strip("[]"))
        except ValueError:
            needs_dns = True
        try:
            for info in socket.getaddrinfo(
                endpoint.host.strip("[]"), endpoint.port, proto=socket.IPPROTO_TCP
            ):
                out.add((str(ipaddress.ip_address(info[4][0].split("%")[0])), endpoint.port))
        except OSError:
            continue
    if needs_dns:
        out |= resolver_addresses()
    return out


def _sockaddr(raw: bytes) -> tuple[int, tuple[str, int] | None]:
    """(family, (address, port)) of a struct sockaddr; the address is None for non-IP families."""
    if len(raw) < 2:
        return -1, None
    family = struct.unpack_from("=H", raw)[0]
    if family == socket.AF_INET and len(raw) >= 8:
        port = struct.unpack_from("!H", raw, 2)[0]
        return family, (str(ipaddress.IPv4Address(raw[4:8])), port)
    if family == socket.AF_INET6 and len(raw) >= 24:
        port = struct.unpack_from("!H", raw, 2)[0]
        address = ipaddress.IPv6Address(raw[8:24])
        mapped = address.ipv4_mapped
        return family, (str(mapped if mapped is not None else address), port)
    return family, None


class Supervisor:
    """Answers one guarded worker's connect() calls, in a thread of the server process."""

    def __init__(self, fd: int, allowed: set[tuple[str, int]]):
        self.fd = fd
        self.allowed = allowed
        self.refused: list[tuple[str, int]] = []
        self.permitted: list[tuple[str, int]] = []
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="service-guard", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        try:
            os.close(self.fd)
        except OSError:
            pass

    def _run(self) -> None:
        import fcntl

        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        while not self._stop:
            events = poller.poll(100)
            if not events:
                continue
            if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events):
                return  # the worker is gone
            request = bytearray(80)
            try:
                fcntl.ioctl(self.fd, NOTIF_RECV, request, True)
            except OSError:
                continue  # the call was interrupted or the worker died meanwhile
            notification_id, pid = struct.unpack_from("=QI", request)
            address_ptr, length = struct.unpack_from("=QQ", request, 40)  # data.args[1], data.args[2]
            allowed = self._decide(pid, address_ptr, length)
            try:
                fcntl.ioctl(self.fd, NOTIF_ID_VALID, struct.pack("=Q", notification_id))
            except OSError:
                continue  # the thread that asked is gone: nothing to answer
            response = struct.pack(
                "=QqiI", notification_id, 0, 0 if allowed else -EACCES, NOTIF_FLAG_CONTINUE if allowed else 0
            )
            try:
                fcntl.ioctl(self.fd, NOTIF_SEND, bytearray(response), True)
            except OSError:
                continue

    def _decide(self, pid: int, pointer: int, length: int) -> bool:
        try:
            with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
                mem.seek(pointer)
                raw = mem.read(max(0, min(int(length), 128)))
        except (OSError, ValueError, OverflowError):
            return False
        family, address = _sockaddr(raw)
        if address is None:
            # a local socket (the C library's name service cache), or AF_UNSPEC (a disconnect)
            return family in (socket.AF_UNIX, socket.AF_UNSPEC, socket.AF_NETLINK)
        if address in self.allowed:
            self.permitted.append(address)
            return True
        self.refused.append(address)
        return False
