"""The production command: gunicorn with dashboard/serving/gunicorn_conf.py, configurable workers, no control
socket, debug off."""

import json
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from support import tiny_app
from support.live_server import gunicorn

SUPPORT = Path(tiny_app.__file__).parent


def _workers(master_pid: int) -> list[int]:
    out = subprocess.run(["ps", "--ppid", str(master_pid), "-o", "pid="], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def _wait_for_workers(master_pid: int, count: int, timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while len(pids := _workers(master_pid)) != count:
        assert time.monotonic() < deadline, f"expected {count} workers, have {pids}"
        time.sleep(0.1)
    return pids


@pytest.fixture(scope="module")
def prod(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    env = {"HOME": str(home), "WEB_CONCURRENCY": "3", "XDG_RUNTIME_DIR": str(home / "run")}
    with gunicorn("--pythonpath", str(SUPPORT), "tiny_app:server", env=env) as (url, proc):
        yield url, proc, home


def test_workers_come_from_web_concurrency_and_no_control_socket_is_opened(prod):
    url, proc, home = prod
    _wait_for_workers(proc.pid, 3)
    assert list(home.rglob("*gunicorn*")) == []  # the default would be ~/.gunicorn/gunicorn.ctl


def test_debug_is_off_in_production(prod):
    url, _, _ = prod
    page = requests.get(url + "/").text
    found = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page, re.S)
    config = json.loads(found.group(1))
    assert config["ui"] is False and config["props_check"] is False
    assert "hot_reload" not in config
    broken = requests.post(url + "/_dash-update-component", json={"output": "nothing.children"})
    assert broken.status_code == 400  # refused before Dash's dispatcher (guard.callback_fault), not a 500
    assert "Traceback" not in broken.text and "Werkzeug Debugger" not in broken.text


def collectors(url: str, workers: set[int], timeout: float = 30) -> dict[int, dict]:
    """The collector's state in each of `workers`, asked on new connections until every one has answered."""
    seen, deadline = {}, time.monotonic() + timeout
    while set(seen) != workers:
        assert time.monotonic() < deadline, f"workers {workers - set(seen)} never answered"
        answer = requests.get(url + "/collector", headers={"Connection": "close"}).json()
        seen[answer["pid"]] = answer
    return seen


def test_the_collector_is_on_in_every_worker_with_the_app_frozen_before_the_fork(prod):
    """gunicorn_conf turns garbage collection off while the master loads and warms the app: each worker must have
    it on again, also the workers a reload (SIGHUP) forks without calling `when_ready` (the config module is
    not run again)."""
    url, proc, _ = prod
    first = set(_wait_for_workers(proc.pid, 3))
    for state in collectors(url, first).values():
        assert state["enabled"] and state["frozen"] > 10_000  # the preloaded app, shared copy-on-write
    proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 30
    while set(pids := _workers(proc.pid)) & first or len(pids) != 3:
        assert time.monotonic() < deadline, f"workers not replaced after SIGHUP: {pids}"
        time.sleep(0.1)
    assert all(state["enabled"] for state in collectors(url, set(pids)).values())


def test_a_killed_worker_is_replaced(prod):
    url, proc, _ = prod
    victim = _wait_for_workers(proc.pid, 3)[0]
    subprocess.run(["kill", "-KILL", str(victim)], check=True)
    deadline = time.monotonic() + 30
    while victim in (pids := _workers(proc.pid)) or len(pids) != 3:
        assert time.monotonic() < deadline, f"worker {victim} not replaced: {pids}"
        time.sleep(0.1)
    assert requests.get(url + "/").status_code == 200
