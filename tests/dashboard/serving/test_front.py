"""`serve --prod` as deployed, with Debian's real nginx in front: slow clients held, data reloaded on SIGHUP under
load, and two replicas behind the repository's nginx config surviving the loss of one and a rolling release."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from dashboard.serving import front
from support.live_server import free_port, nk_arrivals_serve
from support.paths import DATASETS, REPO

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
                                reason="Debian's nginx is not installed (Makefile TEST_APT)")
PATHS = ["/", "/api/v1/arrivals.csv", "/api/v1/arrivals.json?sex=female", "/feed.atom", "/api/v1/openapi.json"]
REMOVED = "mou-cn-2020"  # the publication the new release lacks


@pytest.fixture
def datasets(tmp_path):
    """A datasets folder of our own, to rebuild while it is served."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return target


def release_without(datasets: Path, publication: str) -> None:
    """`nk-arrivals build` with one publication's snapshots taken out: the new release a reload must serve."""
    aside = datasets.parent / f"{publication}.aside"
    (datasets / "raw" / publication).rename(aside)
    try:
        subprocess.run([sys.executable, "-m", "etl", "build", "--datasets", str(datasets)], cwd=REPO, check=True,
                       capture_output=True, timeout=120)
    finally:
        aside.rename(datasets / "raw" / publication)


def serves(base: str, publication: str) -> bool:
    """Whether the API takes `publication` as a vintage (400 once the data lack it)."""
    return requests.get(f"{base}/api/v1/arrivals.json?vintage={publication}", timeout=10).status_code == 200


def names(base: str, publication: str) -> tuple[bool, bool, bool]:
    """Whether the API takes `publication` as a vintage, the OpenAPI document lists it among the vintages, and the
    feed has its entry."""
    document = requests.get(base + "/api/v1/openapi.json", timeout=10).json()
    vintages = {value for item in document["paths"].values() for parameter in item["get"].get("parameters", [])
                if parameter["name"] == "vintage" for value in parameter["schema"]["enum"]}
    feed = requests.get(base + "/feed.atom", timeout=10).text
    return serves(base, publication), publication in vintages, f"publication/{publication}</id>" in feed


def every_answer_is_new(base: str, publication: str, times: int = 30) -> bool:
    """Many requests, so that every worker answers some: none names the removed publication."""
    return all(names(base, publication) == (False, False, False) for _ in range(times))


class Load:
    """`connections` clients requesting PATHS in turn until stopped; every answer that is not a 200 is kept."""

    def __init__(self, base: str, connections: int = 16):
        self.base, self.failures, self.done, self.stop = base, [], 0, threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(connections)]

    def _run(self, offset: int) -> None:
        session = requests.Session()
        i = offset
        while not self.stop.is_set():
            path = PATHS[i % len(PATHS)]
            i += 1
            try:
                status = session.get(self.base + path, timeout=15).status_code
            except requests.RequestException as error:
                status = repr(error)
            self.done += 1
            if status != 200:
                self.failures.append((path, status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def slow_clients(port: int, count: int) -> list[socket.socket]:
    """Connections that send a request line and one header, then nothing (a slowloris)."""
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        held.append(sock)
    return held


def test_200_slow_clients_held_20_s_leave_every_answer_quick(tmp_path):
    with nk_arrivals_serve("--prod", env={"HOME": str(tmp_path), "WEB_CONCURRENCY": "2"}) as (base, _):
        held = slow_clients(int(base.rsplit(":", 1)[1]), 200)
        try:
            session, times, statuses = requests.Session(), [], []
            started = time.monotonic()
            for i in range(100):  # spread over the 20 s the slow clients are held
                time.sleep(max(0.0, started + i * 0.2 - time.monotonic()))
                begun = time.monotonic()
                statuses.append(session.get(base + ("/", "/api/v1/arrivals.csv")[i % 2], timeout=10).status_code)
                times.append(time.monotonic() - begun)
        finally:
            for sock in held:
                sock.close()
    times.sort()
    print(f"200 slow clients: 100 answers, p50 {times[49] * 1000:.1f} ms, p99 {times[98] * 1000:.1f} ms")
    assert statuses == [200] * 100
    assert times[98] < 1.0


def test_sighup_after_a_build_serves_the_new_release_on_every_worker_with_no_failed_request(tmp_path, datasets):
    env = {"HOME": str(tmp_path), "WEB_CONCURRENCY": "2"}
    with nk_arrivals_serve("--prod", "--datasets", str(datasets), env=env) as (base, process):
        assert names(base, REMOVED) == (True, True, True)
        with Load(base) as load:
            time.sleep(4)
            release_without(datasets, REMOVED)
            process.send_signal(signal.SIGHUP)  # what docs/watch.md says to do after a round that wrote files
            time.sleep(16)
        assert load.failures == [] and load.done > 100, load.failures[:5]
        assert every_answer_is_new(base, REMOVED)


def descendants(pid: int) -> dict[int, str]:
    """Every process under `pid`, with its command line as `ps` shows it (gunicorn retitles its own)."""
    found, parents = {}, [pid]
    while parents:
        out = subprocess.run(["ps", "--ppid", str(parents.pop()), "-o", "pid=,args="], capture_output=True,
                             text=True).stdout
        for line in out.splitlines():
            child, args = line.strip().split(None, 1)
            found[int(child)] = args
            parents.append(int(child))
    return found


def gone(pids, within: float = 30) -> bool:
    deadline = time.monotonic() + within
    while any(Path(f"/proc/{pid}").exists() for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_serve_prod_forks_gunicorn_and_sigterm_stops_every_process_it_started(tmp_path):
    env = {"HOME": str(tmp_path), "WEB_CONCURRENCY": "2"}
    with nk_arrivals_serve("--prod", env=env) as (_base, process):
        tree = descendants(process.pid)
        masters = [pid for pid, args in tree.items() if args.startswith("gunicorn: master [nk-arrivals]")]
        workers = [pid for pid, args in tree.items() if args.startswith("gunicorn: worker [nk-arrivals]")]
        assert len(masters) == 1 and len(workers) == 2, tree
        # a fork of the CLI, not a second interpreter started by name: the same executable, no exec since
        assert os.readlink(f"/proc/{masters[0]}/exe") == os.readlink(f"/proc/{process.pid}/exe")
        assert any(args.startswith("nginx: master") for args in tree.values()), tree
        process.send_signal(signal.SIGTERM)
        assert process.wait(40) == 0
        assert gone(tree), descendants(process.pid)


def test_serve_prod_stopped_while_gunicorn_loads_the_app_leaves_no_process(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "WEB_CONCURRENCY": "2"}
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--prod", "--port", str(free_port())],
                               env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not (tree := descendants(process.pid)):  # the fork exists, the app not yet loaded
            assert time.monotonic() < deadline
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        assert process.wait(40) == 0
        assert gone(descendants(process.pid) | tree)
    finally:
        if process.poll() is None:
            process.kill()


@contextmanager
def nginx_before(ports: list[int], tmp_path: Path):
    """Debian's nginx with the repository's config in front of replicas on `ports`; yields its base URL."""
    port = free_port()
    temp = Path(tempfile.mkdtemp(dir=tmp_path, prefix="nginx-"))
    temp.chmod(0o755)
    config = front.nginx_config(f"127.0.0.1:{port}", [f"127.0.0.1:{p}" for p in ports], f"127.0.0.1:{port}", temp)
    process = front.start_nginx(config, temp)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(base + "/", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "nginx did not answer"
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(30)


@contextmanager
def replica(datasets: Path, tmp_path: Path):
    """One replica as the recipe runs it: `serve --prod --no-proxy` on its own port, in its own process group."""
    port = free_port()
    env = {**os.environ, "HOME": str(tmp_path), "WEB_CONCURRENCY": "2"}
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--prod", "--no-proxy", "--port",
                                str(port), "--datasets", str(datasets)], env=env, cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the replica did not start"
            time.sleep(0.1)
        yield port, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(30)


def test_two_replicas_behind_nginx_lose_one_mid_load_and_no_request_fails(tmp_path, datasets):
    with replica(datasets, tmp_path) as (one, _), replica(datasets, tmp_path) as (two, doomed):
        with nginx_before([one, two], tmp_path) as base, Load(base) as load:
            time.sleep(6)
            # The replica's gunicorn master dies at once; its workers finish the answer each is writing (no proxy can
            # save a half-sent one: SIGKILL to every worker too cut one answer in a few thousand) and exit, and
            # nginx sends the requests refused meanwhile to the other replica.
            doomed.kill()
            time.sleep(14)
            assert doomed.poll() is not None
        assert load.failures == [] and load.done > 100, load.failures[:5]


def test_a_rolling_release_reload_across_two_replicas_fails_no_request(tmp_path, datasets):
    with replica(datasets, tmp_path) as (one, first), replica(datasets, tmp_path) as (two, second):
        with nginx_before([one, two], tmp_path) as base:
            assert names(base, REMOVED) == (True, True, True)
            with Load(base) as load:
                time.sleep(3)
                release_without(datasets, REMOVED)
                first.send_signal(signal.SIGHUP)
                time.sleep(8)  # one replica at a time: the other serves meanwhile
                second.send_signal(signal.SIGHUP)
                time.sleep(9)
            assert load.failures == [] and load.done > 100, load.failures[:5]
            assert every_answer_is_new(base, REMOVED)
            assert all(not serves(f"http://127.0.0.1:{port}", REMOVED) for port in (one, two))


def test_nginx_answers_503_with_retry_after_while_gunicorn_is_not_listening_yet(tmp_path):
    """serve --prod starts nginx beside gunicorn, not after it: until gunicorn listens, a reader gets a JSON 503 that
    says to retry, never a bare 502."""
    port = free_port()
    temp = Path(tempfile.mkdtemp(dir=tmp_path, prefix="nginx-"))
    temp.chmod(0o755)
    config = front.nginx_config(f"127.0.0.1:{port}", [f"unix:{temp / 'not-yet.sock'}"], f"127.0.0.1:{port}", temp)
    process = front.start_nginx(config, temp)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/api/v1/arrivals.json", timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "nginx did not answer"
                time.sleep(0.1)
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "1"
        assert answer.json()["error"]["status"] == 503 and "retry" in answer.json()["error"]["message"]
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(30)
