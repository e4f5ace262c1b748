"""The README's researcher sessions run as written against a live server: the Python one (SPARQLWrapper
into a pandas DataFrame) always, the R one (Debian's r-cran-sparql) when R and the package are installed."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import socket
import subprocess
import threading
from decimal import Decimal

import pytest
from conftest import ROOT, SAMPLE

README = (ROOT / "README.md").read_text(encoding="utf-8")
DEFAULT = "http://127.0.0.1:5000/"


def block(marker: str, language: str) -> str:
    found = re.search(rf"<!-- {marker}[^>]*-->\s*```{language}\n(.*?)```", README, re.S)
    assert found, f"README has no {marker} block"
    return found.group(1)


@pytest.fixture(scope="module")
def live():
    """A server on a free port whose base is that port (the sessions' IRIs must match the data)."""
    from werkzeug.serving import make_server

    from server.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = f"http://127.0.0.1:{port}/"
    app = create_app({"testing": True, "inputs": [str(SAMPLE)], "query_workers": 1, "base": root})
    httpd = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root
    httpd.shutdown()
    app.extensions["juesuan.store"].close()


def test_python_session(live):
    code = block("Python session", "python").replace(DEFAULT, live)
    out = io.StringIO()
    scope: dict = {}
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md (Python session)", "exec"), scope)  # noqa: S102 - our own README
    df = scope["df"]
    assert list(df.columns) == ["report", "title", "year", "total"] and len(df) == 1
    assert df["total"].iloc[0] == Decimal("3197200") and isinstance(df["total"].iloc[0], Decimal)
    assert "乐山市市中区经济和信息化局" in out.getvalue()


def _r_missing() -> str | None:
    if shutil.which("Rscript") is None:
        return "R is not installed: apt-get install r-base-core r-cran-sparql"
    probe = subprocess.run(["Rscript", "-e", "library(SPARQL)"], capture_output=True, timeout=60)
    return (
        None
        if probe.returncode == 0
        else "the R package SPARQL is not installed: apt-get install r-cran-sparql"
    )


@pytest.mark.skipif(_r_missing() is not None, reason=_r_missing() or "")
def test_r_session(live, tmp_path):
    script = tmp_path / "session.R"
    script.write_text(block("R session", "r").replace(DEFAULT, live), encoding="utf-8")
    run = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "一般公共服务支出 2475700" in re.sub(r" +", " ", run.stdout)
    assert "[1] 3197200" in run.stdout


def test_r_get_with_chinese_is_refused_so_the_readme_posts(live):
    """Why the R session POSTs: a GET whose URL carries raw UTF-8 (what SPARQL() sends) is refused."""
    request = 'GET /sparql?query=SELECT%20*%20WHERE%20{?s%20?p%20"三公"} HTTP/1.1\r\nHost: x\r\n\r\n'
    host, port = live.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(request.encode("utf-8"))
        status = s.recv(200).split(b"\r\n", 1)[0]
    assert b" 400 " in status
