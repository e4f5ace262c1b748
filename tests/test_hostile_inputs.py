"""The generated hostile corpus (tests/hostile_corpus.py): every case converts or stops with one clear
line, within 60 s and 1 GB (the process and every child it waited for), whatever it expands to."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hostile_corpus import CASES, write

ROOT = Path(__file__).resolve().parents[1]
JUESUAN = ROOT / ".venv" / "bin" / "juesuan"
SECONDS = 60
MEMORY = 1 << 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write(folder)
    return folder


def _safety_net() -> None:  # a regression must fail the test, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run_measured(args: list[str]) -> tuple[int, str, float, int]:
    """(exit status, stderr, CPU seconds, peak resident bytes) of the process and every child it waited
    for (Linux's wait4 adds up their times and reports the largest resident size); killed after twice
    the time limit of wall clock."""
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_safety_net
    )
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(process.stderr.read()), daemon=True)
    reader.start()
    killer = threading.Timer(SECONDS * 2, process.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        killer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=10)
    process.stderr.close()
    return (
        process.returncode,
        b"".join(chunks).decode("utf-8", "replace"),
        usage.ru_utime + usage.ru_stime,  # wall time depends on what else the machine runs
        usage.ru_maxrss * 1024,
    )


def convert(path: Path, output: Path) -> tuple[int, str, float, int]:
    exe = [str(JUESUAN)] if JUESUAN.exists() else [sys.executable, "-m", "converter.cli"]
    return run_measured([*exe, "convert", str(path), "-o", str(output), "-q"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory figure is Linux's ru_maxrss")
@pytest.mark.parametrize(
    ("name", "words"), [(name, words) for name, _, words in CASES], ids=[c[0] for c in CASES]
)
def test_hostile_case_is_bounded(corpus, tmp_path, name, words):
    path = corpus / name
    code, err, elapsed, peak = convert(path, tmp_path / "out.ttl")
    assert "Traceback" not in err, err
    assert elapsed < SECONDS, f"{name}: {elapsed:.1f} s of CPU"
    assert peak < MEMORY, f"{name}: {peak / 2**20:.0f} MB"
    if words is None:
        assert code == 0, err
        assert (tmp_path / "out.ttl").stat().st_size > 0
        return
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1, err
    assert str(path) in lines[0] and all(w in lines[0] for w in words), lines[0]


def test_the_memory_figure_sees_a_large_child():
    """The measure above must be able to fail: a grandchild that takes 300 MB is seen as at least that."""
    probe = (
        "import subprocess, sys\n"
        "subprocess.run([sys.executable, '-c', 'b = bytearray(300 << 20)\\nfor i in range(0, len(b), 4096): b[i] = 1'])"
    )
    code, _, _, peak = run_measured([sys.executable, "-c", probe])
    assert code == 0 and peak >= 300 << 20
