"""Benchmarks: nk-arrivals against a stock Dash baseline, measured in the same run, printed as one table with the
issue's targets, and written to benchmarks/results.md and results.json for the README and docs to quote.

Run from the repository root with ``make bench`` (``PYTHONPATH=.:tests .venv/bin/python benchmarks/run.py``: the
browser launch is the tests' own, ``support.headless``). Needs wrk and chromium from Debian, and npm for Lighthouse
(installed into benchmarks/tools/ on first use). Every server listens on 127.0.0.1 only, and every load run is
bounded in time. Not part of ``make test``.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import requests
from playwright.sync_api import sync_playwright

from support import headless  # the one Debian-chromium launch the browser tests use too

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
TOOLS = BENCH / "tools"
BIN = Path(sys.executable).parent
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"  # what Chromium sends; wrk sends none unless told
CALLBACK_PATH = "/_dash-update-component"
# Records, in ms since navigation start, the first animation frame in which a chart's marks are laid out with a
# size: the server-rendered SVG in nk-arrivals' first HTML (#ssr, drawn without script), or a plotly trace. A
# frame callback runs only once the page may render (stylesheets loaded), just before that frame is painted.
FIRST_CHART = """
window.__firstChart = null;
(function watch() {
  for (const mark of document.querySelectorAll('#ssr svg .trace, .js-plotly-plot .trace')) {
    const box = mark.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) { window.__firstChart = performance.now(); return; }
  }
  requestAnimationFrame(watch);
})();
"""
# Bytes (compressed, headers included) of every response that had begun to arrive by the first chart.
BYTES_BY = """(t) => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .filter(e => e.responseStart > 0 && e.responseStart <= t).reduce((sum, e) => sum + e.transferSize, 0)"""
TAKEN_OVER = "#takeover.live"  # assets/loader.js: Dash's page has drawn and replaced the static one


@dataclass(frozen=True)
class Target:
    """One app under test: a name, the command that serves it (before the bind address and worker count), and
    the control a reader clicks after the page has loaded to redraw the chart (None: the page draws its chart
    by callback on load, and loads all its scripts up front)."""

    name: str
    command: tuple[str, ...]
    redraw: str | None = None

    def argv(self, port: int, workers: int) -> list[str]:
        if self.redraw is None:
            return [*self.command, "-b", f"127.0.0.1:{port}", "-w", str(workers)]
        return [*self.command, "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]


TARGETS = (
    # nk-arrivals as deployed (`nk-arrivals serve --prod`: gunicorn, preloaded, warmed before the fork); its page
    # runs no callback on load and loads Dash on the first interaction, so the redraw is a reader's click on "Line"
    Target("nk-arrivals", (str(BIN / "nk-arrivals"), "serve", "--prod"), redraw="#chart-type input[value=line]"),
    Target("baseline", (str(BIN / "gunicorn"), "--no-control-socket", "--pythonpath", str(BENCH),
                        "baseline_app:server")),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["ps", "--ppid", str(master), "-o", "pid="], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def gunicorn_master(pid: int) -> int:
    """The gunicorn master of a served process: itself, or (`serve --prod`: nginx in front) its gunicorn child."""
    if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
        return pid
    out = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid=,args="], capture_output=True, text=True).stdout
    children = [line.split(None, 1) for line in out.splitlines() if line.strip()]
    return next((int(child) for child, args in children if "gunicorn" in args), pid)


def wait_until(condition, timeout: float, what: str):
    """Poll ``condition`` until it returns a truthy value; bounded."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(0.05)
    return value


@contextmanager
def served(target: Target, workers: int, log_dir: Path, port: int | None = None, env: dict | None = None):
    """Start ``target`` (on `port`, else a free one; `env` added to this process's); yield (url, its gunicorn
    master's pid, seconds from launch to the first 200 on /)."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(log_dir / f"{target.name}.log", "ab")
    started = time.perf_counter()
    proc = subprocess.Popen(target.argv(port, workers), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, **(env or {})})

    def answers() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"{target.name}: gunicorn exited {proc.returncode}, see {log.name}")
        try:
            return requests.get(url + "/", timeout=30).status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            return False

    try:
        wait_until(answers, 120, f"{target.name} first 200")
        cold = time.perf_counter() - started
        master = gunicorn_master(proc.pid)
        wait_until(lambda: len(workers_of(master)) == workers, 60, f"{target.name} workers")
        yield url, master, cold
    finally:
        proc.terminate()
        proc.wait(60)
        log.close()


def load(browser, url: str, redraw: str | None) -> dict:
    """One cold-cache page load in headless chromium: the first chart (time, and bytes by then), the whole page's
    bytes as it loads without interaction (and, for a page that loads its interactive layer on the first
    interaction, with that layer too), and the chart callback (sent during the load, or when the reader clicks
    `redraw` once the page is interactive)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: list[int] = []
    cdp.on("Network.loadingFinished", lambda e: sizes.append(e["encodedDataLength"]))
    posts = []
    page.on("request", lambda r: r.method == "POST" and CALLBACK_PATH in r.url and posts.append(r))
    page.add_init_script(FIRST_CHART)
    page.goto(url + "/")
    page.wait_for_function("() => window.__firstChart !== null", timeout=60_000)
    first = page.evaluate("window.__firstChart")
    page.wait_for_load_state("networkidle")
    seen = {"first_chart_ms": first, "first_chart_kib": page.evaluate(BYTES_BY, first) / 1024,
            "page_kib": sum(sizes) / 1024, "requests": len(sizes)}
    if redraw is None:
        seen["interactive_kib"] = seen["page_kib"]
    else:
        page.evaluate("window.nkArrivals.interactive()")  # what a reader's first pointer or key event starts
        page.wait_for_selector(TAKEN_OVER, state="attached", timeout=60_000)
        page.wait_for_load_state("networkidle")
        seen["interactive_kib"] = sum(sizes) / 1024
        page.click(redraw)
        for _ in range(200):  # the URL callback answers first, the chart's next: bounded at 10 s
            if _chart_callback(posts):
                break
            page.wait_for_timeout(50)  # lets playwright deliver the page's events, unlike time.sleep
    seen["callback"] = _chart_callback(posts)
    if seen["callback"] is None:
        raise RuntimeError(f"{url}: no callback answered with a figure")
    context.close()
    return seen


def _chart_callback(posts) -> dict | None:
    """The callback POST whose answer sets the largest ``figure``: the chart a reader waits for."""
    best = None
    for request in posts:
        response = request.response()
        if response is None or response.status != 200:
            continue
        answer = json.loads(response.text()).get("response", {})
        for props in answer.values():
            figure = props.get("figure")
            size = len(json.dumps(figure)) if figure else 0
            if size and (best is None or size > best[0]):
                best = (size, request.post_data, figure)
    return None if best is None else {"body": best[1], "figure": best[2]}


def latency(url: str, body: str, n: int) -> dict:
    """Sequential callback POSTs, as a browser sends them (compressed answers accepted)."""
    times = []
    with requests.Session() as session:
        headers = {"Content-Type": "application/json", "Accept-Encoding": BROWSER_ENCODINGS}
        for _ in range(n):
            start = time.perf_counter()
            response = session.post(url + CALLBACK_PATH, data=body, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
    times.sort()
    return {"p50_ms": statistics.median(times), "p99_ms": times[int(0.99 * (len(times) - 1))]}


def wrk_command(url: str, conns: int, seconds: int, body_file: Path | None) -> list[str]:
    cmd = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--timeout", "5s",
           "-H", f"Accept-Encoding: {BROWSER_ENCODINGS}"]
    if body_file is not None:
        cmd += ["-s", str(BENCH / "post.lua"), url + CALLBACK_PATH]
    else:
        cmd.append(url + "/")
    return cmd


def wrk_result(output: str) -> dict:
    """Requests/s and errors (socket errors plus non-2xx/3xx answers) from wrk's report."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rate, "errors": errors + (int(bad.group(1)) if bad else 0)}


def wrk_env(body_file: Path | None) -> dict:
    """post.lua reads the body from the file named in $WRK_BODY."""
    return {**os.environ, "WRK_BODY": str(body_file or "")}


def wrk(url: str, conns: int, seconds: int, body_file: Path | None) -> dict:
    out = subprocess.run(wrk_command(url, conns, seconds, body_file), capture_output=True, text=True,
                         env=wrk_env(body_file),
                         check=True, timeout=seconds + 60)
    return wrk_result(out.stdout)


def soak(url: str, master: int, seconds: int, body_file: Path, sig: signal.Signals) -> dict:
    """64 connections of callback POSTs; a third of the way in, one worker gets ``sig`` and is respawned."""
    before = workers_of(master)
    traffic = subprocess.Popen(wrk_command(url, 64, seconds, body_file), stdout=subprocess.PIPE, text=True,
                               env=wrk_env(body_file))
    time.sleep(seconds / 3)  # the load is running; this is the moment of the kill, not a wait for a condition
    os.kill(before[0], sig)
    wait_until(lambda: len(now := workers_of(master)) == len(before) and before[0] not in now, 60, "respawn")
    out, _ = traffic.communicate(timeout=seconds + 60)
    return {**wrk_result(out), "respawned": True}


def slow_clients(url: str, count: int, seconds: int) -> dict:
    """`count` connections that send a request line and a header, then nothing, held for `seconds`, while one
    client asks for / and the API 100 times spread over them (5 s timeout each): answers within the timeout, p99."""
    host, port = url.rsplit("/", 1)[-1].split(":")
    held = []
    for _ in range(count):
        try:
            sock = socket.create_connection((host, int(port)), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            held.append(sock)
        except OSError:
            break
    times, answered, session = [], 0, requests.Session()
    started = time.monotonic()
    for i in range(100):
        time.sleep(max(0.0, started + i * seconds / 100 - time.monotonic()))
        begun = time.monotonic()
        try:
            answered += session.get(url + ("/", "/api/v1/arrivals.csv")[i % 2], timeout=5).status_code == 200
        except requests.RequestException:
            pass
        times.append(time.monotonic() - begun)
    for sock in held:
        sock.close()
    times.sort()
    return {"slow_answered": answered, "slow_p99_ms": times[98] * 1000}


def pack_request(search: str) -> dict:
    """The Download button's callback asking for the newsroom ZIP of one view."""
    button = {"type": "export-button", "format": "zip"}
    return {"output": '{"format":["MATCH"],"type":"export-download"}.data',
            "outputs": {"id": {"type": "export-download", "format": "zip"}, "property": "data"},
            "inputs": [{"id": button, "property": "n_clicks", "value": 1}],
            "state": [{"id": "url", "property": "search", "value": search},
                      {"id": "export-size", "property": "value", "value": "default"}],
            "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"]}


def api_beside_exports(url: str, clients: int, seconds: int) -> dict:
    """`clients` clients asking for newsroom packs of ever new views (no cache helps) for `seconds`, waiting as told
    when refused, while one asks for the API: its p99, and how the packs were answered (made, or 429)."""
    stop, statuses = threading.Event(), []

    def packs(offset: int) -> None:
        session, year = requests.Session(), 2000 + offset
        while not stop.is_set():
            year += clients
            search = f"?from={1998 + year % 20}&to={2025 - (year // 20) % 5}&sex={('male', 'female')[year % 2]}"
            answer = session.post(url + CALLBACK_PATH, json=pack_request(search), timeout=60)
            statuses.append(answer.status_code)
            if answer.status_code == 429:  # a polite client waits as told
                stop.wait(float(answer.headers.get("Retry-After", 1)))

    threads = [threading.Thread(target=packs, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    times, session, ends = [], requests.Session(), time.monotonic() + seconds
    while time.monotonic() < ends:
        begun = time.monotonic()
        session.get(url + "/api/v1/arrivals.csv?sex=female", timeout=30)
        times.append(time.monotonic() - begun)
        time.sleep(0.02)
    stop.set()
    for thread in threads:
        thread.join()
    times.sort()
    return {"api_beside_packs_p99_ms": times[int(len(times) * 0.99)] * 1000, "packs_made": statuses.count(200),
            "packs_429": statuses.count(429)}


def memory(master: int) -> dict:
    """Largest worker RSS and PSS (PSS counts pages shared with the preloaded master once)."""
    rss, pss = [], []
    for pid in workers_of(master):
        status = Path(f"/proc/{pid}/status").read_text()
        rss.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        pss.append(int(re.search(r"Pss:\s+(\d+)", rollup).group(1)) / 1024)
    return {"rss_mb": max(rss), "pss_mb": max(pss)}


def lighthouse(url: str, out_dir: Path, runs: int) -> dict:
    """Lighthouse desktop category scores, Debian chromium, no network beyond 127.0.0.1: per category, the median
    of `runs` runs (performance is timed, so it varies from run to run). A run that fails (on a busy machine,
    chromium can miss Lighthouse's protocol deadline on the baseline's 6 MB) is reported and tried again, up to
    `runs` more times; `lh_runs` says how many runs the medians are of."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    flags = " ".join(["--headless=new", *headless.ARGS])
    scores: dict[str, list[float]] = {}
    done = 0
    for _ in range(2 * runs):
        report = out_dir / f"lighthouse-{free_port()}.json"
        try:
            subprocess.run([str(binary), url + "/", "--quiet", "--preset=desktop", "--output=json",
                            f"--output-path={report}", f"--chrome-flags={flags}"],
                           env={**os.environ, "CHROME_PATH": headless.EXECUTABLE}, check=True, timeout=300)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as failure:
            print(f"  lighthouse run failed, not counted: {failure}", file=sys.stderr)
            continue
        for key, category in json.loads(report.read_text())["categories"].items():
            scores.setdefault(f"lh_{key.replace('-', '_')}", []).append(category["score"])
        done += 1
        if done == runs:
            break
    return {"lh_runs": done, **{key: statistics.median(values) for key, values in scores.items()}}


def cold_starts(runs: int, workers: int, log_dir: Path) -> dict[str, float]:
    """Median seconds from spawning each app's server to its first 200 on /, the apps taking turns; each app is
    restarted on one address, as a deploy or a crash restarts it (nk-arrivals' page answers kept on disk are named
    by the site's address among the rest, so a new address starts as a new site)."""
    times: dict[str, list[float]] = {t.name: [] for t in TARGETS}
    ports = {t.name: free_port() for t in TARGETS}
    for _ in range(runs):
        for target in TARGETS:
            with served(target, workers, log_dir, ports[target.name]) as (_url, _proc, cold):
                times[target.name].append(cold)
    return {name: statistics.median(values) for name, values in times.items()}


def empty_cache_start(workers: int, log_dir: Path) -> float:
    """Seconds to nk-arrivals' first 200 when nothing of it is kept on disk yet (a new machine, or a release's
    first start): its page answers and compressed files are made, not read (`NK_ARRIVALS_CACHE`: an empty folder)."""
    ours = TARGETS[0]
    with tempfile.TemporaryDirectory(prefix="nk-bench-cache-") as cache:
        with served(ours, workers, log_dir, env={"NK_ARRIVALS_CACHE": cache}) as (_url, _proc, cold):
            return cold


def png_seconds(figure: dict, warm: bool, n: int = 5) -> float:
    """Median seconds per 1200x675 PNG at 2x: through dashboard.images (one persistent renderer, warmed
    first) for nk-arrivals, or stock ``plotly.io.to_image`` (a renderer per call) for the baseline."""
    fig = go.Figure(figure)
    if warm:
        from dashboard.exports import images
        images.render(fig, "png")  # warm-up: starts the persistent renderer

        def render():
            return images.render(fig, "png")
    else:
        def render():
            return pio.to_image(fig, format="png", width=1200, height=675, scale=2)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_seconds(n: int = 3) -> float:
    """Median wall time of ``nk-arrivals build`` from the committed raw snapshots into a scratch folder."""
    times = []
    for _ in range(n):
        with tempfile.TemporaryDirectory() as scratch:
            shutil.copytree(ROOT / "datasets" / "raw", Path(scratch) / "raw")
            start = time.perf_counter()
            subprocess.run([str(BIN / "nk-arrivals"), "build", "--datasets", scratch], check=True,
                           capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(args, scratch: Path) -> dict[str, dict]:
    """Both apps, served side by side; each step alternates between them, so that a change in the machine's
    load (other processes) falls on both columns alike. Soaks and Lighthouse run one app at a time."""
    results = {t.name: {} for t in TARGETS}
    print("cold starts", file=sys.stderr)
    for name, seconds in cold_starts(args.cold, args.workers, scratch).items():
        results[name]["cold_start_s"] = seconds
        print(f"[{name}] cold start {seconds:.2f} s (median of {args.cold})", file=sys.stderr)
    results[TARGETS[0].name]["cold_start_empty_cache_s"] = empty_cache_start(args.workers, scratch)
    with ExitStack() as stack:
        urls, procs, bodies = {}, {}, {}
        for target in TARGETS:
            url, master, _cold = stack.enter_context(served(target, args.workers, scratch))
            urls[target.name], procs[target.name] = url, master
        print("page loads", file=sys.stderr)
        loads = {name: [] for name in urls}
        with sync_playwright() as pw:
            browser = headless.launch(pw)
            for i in range(args.loads):
                for target in TARGETS:
                    seen = load(browser, urls[target.name], target.redraw)
                    loads[target.name].append(seen)
                    if i == 0:
                        results[target.name]["requests"] = seen["requests"]
                        bodies[target.name] = seen["callback"]
            browser.close()
        for name, url in urls.items():
            for key in ("first_chart_ms", "first_chart_kib", "page_kib", "interactive_kib"):
                results[name][key] = statistics.median(seen[key] for seen in loads[name])
            results[name].update(latency(url, bodies[name]["body"], args.callbacks))
            (scratch / f"{name}.json").write_text(bodies[name]["body"])
        print("wrk", file=sys.stderr)
        for conns in (8, 64):
            for kind in ("get", "post"):
                for name, url in urls.items():
                    body_file = scratch / f"{name}.json" if kind == "post" else None
                    r = wrk(url, conns, args.seconds, body_file)
                    results[name][f"{kind}{conns}_rps"], results[name][f"{kind}{conns}_err"] = r["rps"], r["errors"]
        for name in urls:
            results[name].update(memory(procs[name]))
        for label, sig in (("term", signal.SIGTERM), ("kill", signal.SIGKILL)):
            for name, url in urls.items():
                print(f"[{name}] soak, worker {label}", file=sys.stderr)
                r = soak(url, procs[name], args.soak, scratch / f"{name}.json", sig)
                results[name][f"soak_{label}_rps"], results[name][f"soak_{label}_err"] = r["rps"], r["errors"]
        for name, url in urls.items():
            print(f"[{name}] 200 slow clients for {args.slow} s", file=sys.stderr)
            results[name].update(slow_clients(url, 200, args.slow))
        print("[nk-arrivals] four clients making newsroom packs", file=sys.stderr)
        results["nk-arrivals"].update(api_beside_exports(urls["nk-arrivals"], 4, args.seconds))
        if args.lighthouse:
            for name, url in urls.items():
                print(f"[{name}] lighthouse x{args.lighthouse}", file=sys.stderr)
                results[name].update(lighthouse(url, scratch, args.lighthouse))
    # The baseline first: its stock export must run before this process starts a persistent renderer.
    for target in reversed(TARGETS):
        results[target.name]["png_s"] = png_seconds(bodies[target.name]["figure"], warm=target is TARGETS[0])
    return results


@dataclass(frozen=True)
class Goal:
    """One of the issue's targets: a bound on nk-arrivals' figure itself, or on its ratio to the baseline's."""

    bound: float
    kind: str  # "ratio<=", "ratio>=", "value<=" or "value>="

    def text(self) -> str:
        return {"ratio<=": "≤ {:g}×", "ratio>=": "≥ {:g}×", "value<=": "≤ {:g}", "value>=": "≥ {:g}"}[self.kind].format(
            self.bound)

    def met(self, ours: float | None, base: float | None) -> bool | None:
        if ours is None or (self.kind.startswith("ratio") and not base):
            return None
        if self.kind.startswith("ratio"):
            return ours / base <= self.bound if self.kind == "ratio<=" else ours / base >= self.bound
        return ours <= self.bound if self.kind == "value<=" else ours >= self.bound


ROWS = (  # key, label, format, the target (None: measured for the record)
    ("first_chart_ms", "first chart visible, ms (median)", "{:.0f}", Goal(0.25, "ratio<=")),
    ("first_chart_kib", "bytes before the first chart, KiB", "{:.0f}", Goal(100, "value<=")),
    ("page_kib", "whole page, no interaction, KiB", "{:.0f}", Goal(0.10, "ratio<=")),
    ("interactive_kib", "whole page, interactive layer loaded, KiB", "{:.0f}", Goal(0.10, "ratio<=")),
    ("lh_performance", "Lighthouse performance (median)", "{:.2f}", Goal(0.95, "value>=")),
    ("lh_accessibility", "Lighthouse accessibility (median)", "{:.2f}", Goal(0.95, "value>=")),
    ("cold_start_s", "cold start to first 200, s (median)", "{:.2f}", Goal(1.0, "ratio<=")),
    ("cold_start_empty_cache_s", "cold start with nothing kept on disk (one start), s", "{:.2f}", None),
    ("get8_rps", "GET / req/s, 8 conns", "{:.0f}", Goal(1.0, "ratio>=")),
    ("slow_p99_ms", "200 slow clients held: p99 of 100 requests to / and the API, ms", "{:.0f}", Goal(1000, "value<=")),
    ("slow_answered", "200 slow clients held: of 100 requests, answered within 5 s", "{:.0f}", Goal(100, "value>=")),
    ("api_beside_packs_p99_ms", "4 clients making newsroom packs: API p99, ms", "{:.1f}", Goal(50, "value<=")),
    ("packs_made", "4 clients making newsroom packs: packs made", "{:.0f}", None),
    ("packs_429", "4 clients making newsroom packs: answered 429", "{:.0f}", None),
    ("requests", "requests in a page load, no interaction", "{:.0f}", None),
    ("p50_ms", "callback p50, ms", "{:.1f}", None),
    ("p99_ms", "callback p99, ms", "{:.1f}", None),
    ("get8_err", "GET / errors, 8 conns", "{:.0f}", None),
    ("get64_rps", "GET / req/s, 64 conns", "{:.0f}", None),
    ("get64_err", "GET / errors, 64 conns", "{:.0f}", None),
    ("post8_rps", "callback req/s, 8 conns", "{:.0f}", None),
    ("post8_err", "callback errors, 8 conns", "{:.0f}", None),
    ("post64_rps", "callback req/s, 64 conns", "{:.0f}", None),
    ("post64_err", "callback errors, 64 conns", "{:.0f}", None),
    ("soak_term_rps", "soak 64 conns, worker SIGTERM: req/s", "{:.0f}", None),
    ("soak_term_err", "soak 64 conns, worker SIGTERM: errors", "{:.0f}", None),
    ("soak_kill_rps", "soak 64 conns, worker SIGKILL: req/s", "{:.0f}", None),
    ("soak_kill_err", "soak 64 conns, worker SIGKILL: errors", "{:.0f}", None),
    ("rss_mb", "worker RSS, MB (largest)", "{:.0f}", None),
    ("pss_mb", "worker PSS, MB (largest)", "{:.0f}", None),
    ("build_s", "nk-arrivals build, s", "{:.2f}", None),
    ("png_s", "PNG export, s per image", "{:.2f}", None),
    ("lh_best_practices", "Lighthouse best practices (median)", "{:.2f}", None),
    ("lh_seo", "Lighthouse SEO (median)", "{:.2f}", None),
)


def table(ours: dict, base: dict) -> str:
    """A Markdown table: both columns, the ratio nk-arrivals / stock Dash, the issue's target and whether it is met
    (the issue's targets first)."""
    lines = ["| metric | nk-arrivals | stock Dash | ratio | target | met? |", "|---|---:|---:|---:|---:|:---:|"]
    for key, label, fmt, goal in ROWS:
        a, b = ours.get(key), base.get(key)
        cells = [fmt.format(v) if v is not None else "—" for v in (a, b)]
        ratio = f"{a / b:.2f}×" if a is not None and b else "—"
        met = None if goal is None else goal.met(a, b)
        verdict = "" if goal is None else {True: "yes", False: "**no**", None: "—"}[met]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {ratio} | {goal.text() if goal else ''} | {verdict} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for both apps (default 2)")
    parser.add_argument("--loads", type=int, default=5, help="cold page loads for the first-chart median (>= 5)")
    parser.add_argument("--cold", type=int, default=5, help="server starts for the cold-start median (>= 5)")
    parser.add_argument("--callbacks", type=int, default=500, help="sequential callback requests for p50/p99")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per wrk throughput run")
    parser.add_argument("--soak", type=int, default=30, help="seconds of the 64-connection soak with a worker kill")
    parser.add_argument("--slow", type=int, default=20, help="seconds 200 slow clients are held (default 20)")
    parser.add_argument("--lighthouse", type=int, default=5, metavar="N",
                        help="Lighthouse runs per app for the median (default 5; 0 skips it, and npm)")
    parser.add_argument("--out", type=Path, default=BENCH,
                        help="folder for results.md and results.json (default benchmarks/)")
    args = parser.parse_args(argv)
    if args.loads < 5 or args.cold < 5:
        parser.error("--loads and --cold must be at least 5 (their figures are medians of at least 5 runs)")
    for tool in ("wrk", headless.EXECUTABLE) + (("npm",) if args.lighthouse else ()):
        if not shutil.which(tool):
            parser.error(f"{tool} is missing: apt-get install {Path(tool).name} (or --lighthouse 0 for npm)")
    if args.lighthouse and not (TOOLS / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(["npm", "ci", "--no-fund", "--no-audit"], cwd=TOOLS, check=True)  # pinned by the lock

    with tempfile.TemporaryDirectory(prefix="nk-bench-") as scratch:
        results = measure(args, Path(scratch))
    ours, base = (results[t.name] for t in TARGETS)
    ours["build_s"] = build_seconds()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    heading = (f"nk-arrivals against stock Dash, measured {stamp} in one `make bench` run: {os.cpu_count()} cores, "
               f"{args.workers} gunicorn workers each; timings are medians ({args.loads} page loads, {args.cold} "
               f"cold starts, Lighthouse runs: {ours.get('lh_runs', 0)} for nk-arrivals, {base.get('lh_runs', 0)} "
               "for stock Dash).")
    report = f"{heading}\n\n{table(ours, base)}\n"
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(report, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps({"measured": stamp, "cores": os.cpu_count(),
                                                       "workers": args.workers, "nk-arrivals": ours,
                                                       "baseline": base}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
