"""``kill -9`` of ``juesuan load DIR`` (and of ``juesuan convert DIR``): no conversion worker outlives
it, what was converted before the kill is in the store, and a rerun loads only the rest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[1]
JUESUAN = ROOT / ".venv" / "bin" / "juesuan"
BASE = "http://127.0.0.1:5000/"
SHA = f"<{BASE}def/fiscal#sha256>"
NAMES = "甲乙丙丁戊己庚辛壬癸"
DOCUMENTS = 40  # enough that a loaded machine still catches the run half-way

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def documents(folder: Path) -> Path:
    """DOCUMENTS reports of distinct organisations (the sample's, renamed)."""
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(DOCUMENTS):
        name = NAMES[i % 10] + NAMES[i // 10] + "务"
        (folder / f"d{i:02d}.txt").write_text(text.replace("经济和信息化", name), encoding="utf-8")
    return folder


def command(*args: str) -> list[str]:
    exe = [str(JUESUAN)] if JUESUAN.exists() else [sys.executable, "-m", "converter.cli"]
    return [*exe, *args]


def descendants(pid: int) -> set[int]:
    out: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in out:
                    out.add(child)
                    todo.append(child)
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def complete_reports(folder: Path, *, live: bool = False) -> int:
    """Reports whose completion marker is written. ``live``: read while the loader writes, where a
    read-only open can race a compaction that removes the files it lists (RocksDB says "Corruption"):
    nothing known yet, polled again. A stopped loader's store must open."""
    try:
        store = ox.Store.read_only(str(folder))
    except OSError:
        return 0
    except RuntimeError:
        if live:
            return 0
        raise
    rows = store.query(f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?d {SHA} ?sha }} }}")
    return int(next(iter(rows))["n"].value)


def kill_when(process: subprocess.Popen, ready, seconds: float = 120) -> set[int]:
    """SIGKILL ``process`` as soon as ``ready()``; returns its descendants just before."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        workers = descendants(process.pid)
        if workers and ready():
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            return workers
        time.sleep(0.2)
    process.kill()
    raise AssertionError("the run ended (or never got ready) before it could be killed")


def assert_all_gone(pids: set[int]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    assert not [p for p in pids if alive(p)], "conversion workers outlived the killed run"


def test_kill_9_of_load_loses_only_the_unwritten_part(tmp_path):
    folder = documents(tmp_path / "docs")
    store = tmp_path / "store"
    process = subprocess.Popen(
        command("load", str(folder), "--store", str(store), "-j", "2", "-q"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = kill_when(process, lambda: complete_reports(store, live=True) >= 1)
    assert len(workers) >= 2  # its conversion processes were running
    assert_all_gone(workers)
    written = complete_reports(store)
    assert 1 <= written < DOCUMENTS
    again = subprocess.run(
        command("load", str(folder), "--store", str(store), "-j", "2", "-q"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert f"loaded {DOCUMENTS - written} report(s)" in again.stderr
    assert f"{written} already loaded" in again.stderr
    assert complete_reports(store) == DOCUMENTS


def test_kill_9_of_convert_leaves_no_worker(tmp_path):
    folder = documents(tmp_path / "docs")
    output = tmp_path / "out.nq"
    process = subprocess.Popen(
        command("convert", str(folder), "-o", str(output), "-j", "2", "-q"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = kill_when(process, lambda: output.exists() and output.stat().st_size > 0)
    assert len(workers) >= 2
    assert_all_gone(workers)
