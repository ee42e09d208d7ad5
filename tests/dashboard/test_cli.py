"""`nk-arrivals serve` (what `make run` runs) answers on 127.0.0.1 from the committed data, with no network."""

import subprocess
import sys

import pytest
import requests
from urllib3.util.retry import Retry

from support.live_server import free_port
from support.paths import REPO


@pytest.fixture
def served():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--port", str(port)], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    session = requests.Session()
    # connection refused while the app loads: retry with backoff until it listens (about 30 s at most)
    session.mount("http://", requests.adapters.HTTPAdapter(max_retries=Retry(connect=12, backoff_factor=0.1)))
    try:
        yield session, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_answers_with_the_dashboard(served):
    session, base = served
    page = session.get(base + "/?lang=ko", timeout=30)
    assert page.status_code == 200 and '<html lang="ko" data-theme="auto">' in page.text
    assert session.get(base + "/no-such-page", timeout=30).status_code == 404


def test_serve_help_names_its_options():
    out = subprocess.run([sys.executable, "-m", "dashboard", "serve", "--help"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    for option in ("--host", "--port", "--prod", "--workers"):
        assert option in out


def run(*args: str, cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_python_m_etl_builds_and_verifies_with_the_etl_alone(datasets_copy, digest):
    before = digest(datasets_copy)
    for command in ("build", "verify"):
        done = run("-m", "etl", command, "--datasets", str(datasets_copy))
        assert done.returncode == 0, done.stderr
    assert digest(datasets_copy) == before
    assert "OK: all snapshots match" in done.stdout


def test_an_etl_command_loads_no_dashboard_library(datasets_copy):
    probe = ("import sys; from dashboard.cli import main; code = main(['verify', '--datasets', sys.argv[1]]); "
             "print(code, sorted(m for m in ('dash', 'plotly', 'kaleido', 'openpyxl', 'flask') if m in sys.modules))")
    done = run("-c", probe, str(datasets_copy))
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stderr


def test_help_lists_every_command_and_loads_none(datasets_copy):
    probe = ("import sys; from dashboard import cli\ntry: cli.main(['--help'])\nexcept SystemExit: pass\n"
             "print(sorted(m for m in ('etl.package', 'dashboard.app', 'dashboard.exports.commands', 'pandas') "
             "if m in sys.modules))")
    done = run("-c", probe)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
    for command in ("fetch", "build", "verify", "serve", "export", "site"):
        assert f"    {command} " in done.stdout


@pytest.mark.parametrize("args, code, said", [
    (["export", "data", "--format", "docx"], 2, "invalid choice"),  # argparse's own refusal
    (["export", "data", "--sex", "woman"], 2, "error: --sex 'woman' is not valid: use one of total, male"),
    (["export", "data", "--from", "²"], 2, "error: --from '²' is not valid"),
    (["build", "--datasets", "/no/such/folder"], 1, "error: /no/such/folder/raw does not exist"),
])
def test_errors_map_to_one_set_of_exit_codes(args, code, said):
    done = run("-m", "dashboard", *args)
    assert done.returncode == code and said in done.stderr and "Traceback" not in done.stderr
