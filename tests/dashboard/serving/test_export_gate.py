"""The export gate: an export is made once (the second request costs no Chromium time), and while every slot is
busy a new one is a 429 with Retry-After while pages and the API answer."""

import fcntl
import json
import os

import brotli
import pytest

from dashboard.app import create_app
from dashboard.exports import images
from dashboard.serving import export_gate


def export_request(fmt: str, search: str, size: str = "default") -> dict:
    return {"output": export_gate.EXPORT_OUTPUT,
            "outputs": {"id": {"type": "export-download", "format": fmt}, "property": "data"},
            "inputs": [{"id": {"type": "export-button", "format": fmt}, "property": "n_clicks", "value": 1}],
            "state": [{"id": "url", "property": "search", "value": search},
                      {"id": "export-size", "property": "value", "value": size}],
            "changedPropIds": [json.dumps({"format": fmt, "type": "export-button"}, separators=(",", ":"))
                               + ".n_clicks"]}


@pytest.fixture(scope="module")
def app(arrivals):
    return create_app(arrivals)


@pytest.fixture
def drawings(monkeypatch):
    """How many images Chromium draws (kaleido, called through)."""
    made = []
    real = images.render

    def counted(*args, **kwargs):
        made.append(args[1] if len(args) > 1 else kwargs.get("fmt"))
        return real(*args, **kwargs)

    monkeypatch.setattr(images, "render", counted)
    return made


def test_the_same_export_is_made_once(app, drawings):
    client = app.server.test_client()
    first = client.post("/_dash-update-component", json=export_request("png", "?sex=female&from=2010"))
    assert first.status_code == 200 and drawings == ["png"]
    again = client.post("/_dash-update-component", json=export_request("png", "?sex=female&from=2010"))
    assert again.status_code == 200 and again.data == first.data and drawings == ["png"]  # no Chromium time
    other = client.post("/_dash-update-component", json=export_request("png", "?sex=female&from=2010", "social"))
    assert other.status_code == 200 and other.data != first.data and drawings == ["png", "png"]


def test_a_kept_export_is_sent_as_each_client_accepts_it(app, drawings):
    client = app.server.test_client()
    request = export_request("svg", "?sex=total&from=2005")
    plain = client.post("/_dash-update-component", json=request)
    for _ in range(2):  # compressed for a client that takes brotli, from what was kept
        squeezed = client.post("/_dash-update-component", json=request, headers={"Accept-Encoding": "br"})
        assert squeezed.headers["Content-Encoding"] == "br"
        assert brotli.decompress(squeezed.data) == plain.data
    again = client.post("/_dash-update-component", json=request)
    assert "Content-Encoding" not in again.headers and again.data == plain.data
    assert drawings == ["svg"]


def test_a_new_export_while_every_slot_is_busy_is_a_429_and_the_rest_answers(app, drawings):
    client = app.server.test_client()
    folder = app.server.extensions[export_gate.FOLDER]
    held = []
    try:
        for number in range(export_gate.SLOTS):  # another worker making exports holds every slot
            fd = os.open(folder / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held.append(fd)
        busy = client.post("/_dash-update-component", json=export_request("svg", "?sex=male"))
        assert busy.status_code == 429 and int(busy.headers["Retry-After"]) > 0 and drawings == []
        assert client.get("/api/v1/arrivals.csv").status_code == 200
        assert client.get("/?sex=male").status_code == 200
    finally:
        for fd in held:
            os.close(fd)
    assert client.post("/_dash-update-component", json=export_request("svg", "?sex=male")).status_code == 200
    assert drawings == ["svg"]


def test_a_plain_download_link_waits_for_a_slot_too(app, drawings):
    """/download/<format> (the page's links without scripts) is made under the same slots; an unknown format is 404."""
    client = app.server.test_client()
    folder = app.server.extensions[export_gate.FOLDER]
    fd = os.open(folder / "slot-0.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if export_gate.SLOTS == 1:
            busy = client.get("/download/svg?sex=male")
            assert busy.status_code == 429 and int(busy.headers["Retry-After"]) > 0 and drawings == []
    finally:
        os.close(fd)
    made = client.get("/download/svg?sex=male&from=2010")
    assert made.status_code == 200 and made.mimetype == "image/svg+xml" and drawings == ["svg"]
    assert made.headers["Content-Disposition"].startswith('attachment; filename="') and b"<svg" in made.data
    assert client.get("/download/docx?sex=male").status_code == 404
    assert client.get("/download/apa").status_code == 404  # a reference is not a view's file
