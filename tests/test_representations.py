"""A dereferenced description is built once per version of the data, then served with its ETag."""

from __future__ import annotations

import pyoxigraph as ox
from test_server_fixtures import BASE, REPORT, fixture_trig

from server.app import create_app


def test_description_built_once_per_version(tmp_path, monkeypatch):
    data = tmp_path / "fixture.trig"
    data.write_text(fixture_trig(), encoding="utf-8")
    app = create_app(
        {"testing": True, "load_examples": False, "load_vocabulary": False, "inputs": [str(data)]}
    )
    store = app.extensions["juesuan.store"]
    calls = []
    original = store.describe
    monkeypatch.setattr(store, "describe", lambda *a, **k: calls.append(a) or original(*a, **k))
    client = app.test_client()
    path = "/id/report/511102/%E6%B5%8B%E8%AF%95%E5%B1%80/2022/final"
    first = client.get(path, headers={"Accept": "text/turtle"})
    assert first.status_code == 200 and first.headers["ETag"]
    built = len(calls)
    for _ in range(5):
        again = client.get(path, headers={"Accept": "text/turtle"})
        assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Content-Location"] == first.headers["Content-Location"]
    assert len(calls) == built  # served, not built again
    conditional = client.get(path, headers={"Accept": "text/turtle", "If-None-Match": first.headers["ETag"]})
    assert conditional.status_code == 304
    other = client.get(path, headers={"Accept": "application/ld+json"})
    assert other.status_code == 200 and other.headers["ETag"] != first.headers["ETag"]
    # new data: a new version, the description built again and changed
    store.replace_graphs(
        {REPORT: [ox.Triple(ox.NamedNode(REPORT), ox.NamedNode(BASE + "def/fiscal#x"), ox.Literal("1"))]}
    )
    changed = client.get(path, headers={"Accept": "text/turtle"})
    assert changed.status_code == 200 and changed.data != first.data
    assert len(calls) > built + 1
    store.close()
