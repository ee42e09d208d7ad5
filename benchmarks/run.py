"""Benchmarks: nk-arrivals against a stock Dash baseline, measured in the same run, printed as one table.

Run from the repository root with ``make bench`` (``.venv/bin/python benchmarks/run.py``). Needs wrk and
chromium from Debian, and npm for Lighthouse (installed into benchmarks/tools/ on first use). Every server
listens on 127.0.0.1 only, and every load run is bounded in time. Not part of ``make test``.
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
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # headless.py: the one Debian-chromium launch the tests use too
import headless  # noqa: E402

BENCH = ROOT / "benchmarks"
TOOLS = BENCH / "tools"
BIN = Path(sys.executable).parent
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"  # what Chromium sends; wrk sends none unless told
CALLBACK_PATH = "/_dash-update-component"
# Records when the first trace of any chart is in the DOM, in ms since navigation start.
FIRST_CHART = """
window.__firstChart = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('.js-plotly-plot .trace')) {
    window.__firstChart = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""


@dataclass(frozen=True)
class Target:
    """One app under test: a name, the gunicorn arguments that serve it, and the control a reader clicks
    after the page has loaded to redraw the chart (None: the page draws its chart by callback on load)."""

    name: str
    gunicorn_args: tuple[str, ...]
    redraw: str | None = None


TARGETS = (
    # nk-arrivals sends the page whole, so its chart callback is the one that answers a reader's change
    Target("nk-arrivals", ("-c", "python:dashboard.serving.gunicorn_conf", "dashboard.app:server"),
           redraw="#chart-type input[value=line]"),
    Target("baseline", ("--no-control-socket", "--pythonpath", str(BENCH), "baseline_app:server")),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["ps", "--ppid", str(master), "-o", "pid="], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def wait_until(condition, timeout: float, what: str):
    """Poll ``condition`` until it returns a truthy value; bounded."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(0.05)
    return value


@contextmanager
def served(target: Target, workers: int, log_dir: Path):
    """Start gunicorn for ``target``; yield (url, process, seconds from launch to the first 200 on /)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(log_dir / f"{target.name}.log", "wb")
    cmd = [str(BIN / "gunicorn"), *target.gunicorn_args, "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

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
        wait_until(lambda: len(workers_of(proc.pid)) == workers, 60, f"{target.name} workers")
        yield url, proc, cold
    finally:
        proc.terminate()
        proc.wait(60)
        log.close()


def load(browser, url: str, redraw: str | None) -> dict:
    """One cold-cache page load in headless chromium: bytes on the wire, first-chart time, the chart callback
    (sent during the load, or when the reader clicks `redraw` afterwards)."""
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
    seen = {"wire_kb": sum(sizes) / 1024, "requests": len(sizes), "first_chart_ms": first}
    if redraw is not None:
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


def memory(master: int) -> dict:
    """Largest worker RSS and PSS (PSS counts pages shared with the preloaded master once)."""
    rss, pss = [], []
    for pid in workers_of(master):
        status = Path(f"/proc/{pid}/status").read_text()
        rss.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        pss.append(int(re.search(r"Pss:\s+(\d+)", rollup).group(1)) / 1024)
    return {"rss_mb": max(rss), "pss_mb": max(pss)}


def lighthouse(url: str, out_dir: Path) -> dict:
    """Lighthouse desktop category scores, Debian chromium, no network beyond 127.0.0.1."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    report = out_dir / f"lighthouse-{free_port()}.json"
    flags = " ".join(["--headless=new", *headless.ARGS])
    subprocess.run([str(binary), url + "/", "--quiet", "--preset=desktop", "--output=json",
                    f"--output-path={report}", f"--chrome-flags={flags}"],
                   env={**os.environ, "CHROME_PATH": headless.EXECUTABLE}, check=True, timeout=300)
    categories = json.loads(report.read_text())["categories"]
    return {f"lh_{key.replace('-', '_')}": cat["score"] for key, cat in categories.items()}


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
    with ExitStack() as stack:
        urls, procs, bodies = {}, {}, {}
        for target in TARGETS:  # started one after the other: cold start is each app's own
            url, proc, cold = stack.enter_context(served(target, args.workers, scratch))
            urls[target.name], procs[target.name] = url, proc
            results[target.name]["cold_start_s"] = cold
            print(f"[{target.name}] up in {cold:.2f} s", file=sys.stderr)
        print("page loads", file=sys.stderr)
        firsts = {name: [] for name in urls}
        with sync_playwright() as pw:
            browser = headless.launch(pw)
            for i in range(args.loads):
                for target in TARGETS:
                    name, url = target.name, urls[target.name]
                    seen = load(browser, url, target.redraw)
                    firsts[name].append(seen["first_chart_ms"])
                    if i == 0:
                        results[name].update(wire_kb=seen["wire_kb"], requests=seen["requests"])
                        bodies[name] = seen["callback"]
            browser.close()
        for name, url in urls.items():
            results[name]["first_chart_ms"] = statistics.median(firsts[name])
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
            results[name].update(memory(procs[name].pid))
        for label, sig in (("term", signal.SIGTERM), ("kill", signal.SIGKILL)):
            for name, url in urls.items():
                print(f"[{name}] soak, worker {label}", file=sys.stderr)
                r = soak(url, procs[name].pid, args.soak, scratch / f"{name}.json", sig)
                results[name][f"soak_{label}_rps"], results[name][f"soak_{label}_err"] = r["rps"], r["errors"]
        if not args.no_lighthouse:
            for name, url in urls.items():
                print(f"[{name}] lighthouse", file=sys.stderr)
                results[name].update(lighthouse(url, scratch))
    # The baseline first: its stock export must run before this process starts a persistent renderer.
    for target in reversed(TARGETS):
        results[target.name]["png_s"] = png_seconds(bodies[target.name]["figure"], warm=target is TARGETS[0])
    return results


ROWS = (  # key, label, format
    ("wire_kb", "page load on the wire, KB", "{:.0f}"),
    ("requests", "requests in a page load", "{:.0f}"),
    ("first_chart_ms", "first chart drawn, ms (median)", "{:.0f}"),
    ("p50_ms", "callback p50, ms", "{:.1f}"),
    ("p99_ms", "callback p99, ms", "{:.1f}"),
    ("get8_rps", "GET / req/s, 8 conns", "{:.0f}"),
    ("get8_err", "GET / errors, 8 conns", "{:.0f}"),
    ("get64_rps", "GET / req/s, 64 conns", "{:.0f}"),
    ("get64_err", "GET / errors, 64 conns", "{:.0f}"),
    ("post8_rps", "callback req/s, 8 conns", "{:.0f}"),
    ("post8_err", "callback errors, 8 conns", "{:.0f}"),
    ("post64_rps", "callback req/s, 64 conns", "{:.0f}"),
    ("post64_err", "callback errors, 64 conns", "{:.0f}"),
    ("soak_term_rps", "soak 64 conns, worker SIGTERM: req/s", "{:.0f}"),
    ("soak_term_err", "soak 64 conns, worker SIGTERM: errors", "{:.0f}"),
    ("soak_kill_rps", "soak 64 conns, worker SIGKILL: req/s", "{:.0f}"),
    ("soak_kill_err", "soak 64 conns, worker SIGKILL: errors", "{:.0f}"),
    ("rss_mb", "worker RSS, MB (largest)", "{:.0f}"),
    ("pss_mb", "worker PSS, MB (largest)", "{:.0f}"),
    ("cold_start_s", "cold start to first 200, s", "{:.2f}"),
    ("build_s", "nk-arrivals build, s", "{:.2f}"),
    ("png_s", "PNG export, s per image", "{:.2f}"),
    ("lh_performance", "Lighthouse performance", "{:.2f}"),
    ("lh_accessibility", "Lighthouse accessibility", "{:.2f}"),
    ("lh_best_practices", "Lighthouse best practices", "{:.2f}"),
    ("lh_seo", "Lighthouse SEO", "{:.2f}"),
)


def table(ours: dict, base: dict) -> str:
    """A Markdown table: both columns and the ratio nk-arrivals / baseline."""
    lines = ["| measure | nk-arrivals | baseline | ratio |", "|---|---:|---:|---:|"]
    for key, label, fmt in ROWS:
        a, b = ours.get(key), base.get(key)
        cells = [fmt.format(v) if v is not None else "—" for v in (a, b)]
        ratio = f"{a / b:.2f}×" if a is not None and b else "—"
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {ratio} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for both apps (default 2)")
    parser.add_argument("--loads", type=int, default=5, help="cold page loads for the first-chart median (>= 5)")
    parser.add_argument("--callbacks", type=int, default=500, help="sequential callback requests for p50/p99")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per wrk throughput run")
    parser.add_argument("--soak", type=int, default=30, help="seconds of the 64-connection soak with a worker kill")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (needs npm on first run)")
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures as JSON")
    args = parser.parse_args(argv)
    if args.loads < 5:
        parser.error("--loads must be at least 5 (the first-chart figure is a median of at least 5 loads)")
    for tool in ("wrk", headless.EXECUTABLE) + (() if args.no_lighthouse else ("npm",)):
        if not shutil.which(tool):
            parser.error(f"{tool} is missing: apt-get install {Path(tool).name} (or --no-lighthouse for npm)")
    if not args.no_lighthouse and not (TOOLS / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(["npm", "ci", "--no-fund", "--no-audit"], cwd=TOOLS, check=True)  # pinned by the lock

    with tempfile.TemporaryDirectory(prefix="nk-bench-") as scratch:
        results = measure(args, Path(scratch))
    ours, base = (results[t.name] for t in TARGETS)
    ours["build_s"] = build_seconds()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"nk-arrivals benchmarks, {stamp}, {os.cpu_count()} cores, {args.workers} gunicorn workers each\n")
    print(table(ours, base))
    if args.json:
        Path(args.json).write_text(json.dumps({"measured": stamp, "nk-arrivals": ours, "baseline": base}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
