"""What a restart reuses: page answers kept on disk (answers.Shelf) and the preflight's stamp of a checked release.

Each app here is a new `create_app()` over the committed datasets, as a restarted server makes it, with its own cache
folder; a page built where it should have come off the shelf fails the test.
"""

import json
import re
import shutil

import pytest

from dashboard import app as app_module
from dashboard.data import Arrivals
from dashboard.page import layout
from dashboard.serving import answers, preflight
from support.paths import DATASETS

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture
def production(monkeypatch, tmp_path):
    """Settings as gunicorn_conf.py leaves them; the cache folder is the test's own."""
    monkeypatch.setenv(answers.SHELF_ENV, "1")
    monkeypatch.setenv("NK_ARRIVALS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NK_ARRIVALS_BASE_URL", "https://nk-arrivals.example.org")
    return tmp_path / "cache"


def no_page_builds(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("a page was built although its answer was on the shelf")

    monkeypatch.setattr(layout, "page", refuse)


def test_a_restarted_app_answers_its_first_page_from_the_shelf_without_building_it(production, monkeypatch):
    before = app_module.create_app().server.test_client()
    first = before.get("/?sex=female&from=2010", headers=BROWSER)
    assert first.status_code == 200 and "X-Answer-Cache" not in first.headers
    page = before.get("/?sex=female&from=2010").get_data(as_text=True)
    script = re.findall(r'(?:src|href)="(/_dash-component-suites/[^"?]+)', page)[0]
    no_page_builds(monkeypatch)
    restarted = app_module.create_app().server.test_client()
    again = restarted.get("/?sex=female&from=2010", headers=BROWSER)
    assert again.status_code == 200 and again.headers["X-Answer-Cache"] == "hit"
    assert again.get_data() == first.get_data()
    assert again.headers["Content-Encoding"] == first.headers["Content-Encoding"]
    assert again.headers["X-Content-Type-Options"] == "nosniff"  # hardened like any answer
    # Dash's index never ran in this app: the scripts its page names are served all the same.
    assert restarted.get(script).status_code == 200


def test_a_new_release_new_code_or_new_settings_get_a_new_shelf(production, monkeypatch, tmp_path):
    arrivals = Arrivals.load(DATASETS / "arrivals")
    name = answers.fingerprint(arrivals)
    assert answers.fingerprint(Arrivals.load(DATASETS / "arrivals")) == name  # a restart: the same shelf
    monkeypatch.setenv("NK_ARRIVALS_BASE_URL", "https://elsewhere.example.org")
    assert answers.fingerprint(arrivals) != name  # the site's address is in the page
    monkeypatch.setenv("NK_ARRIVALS_BASE_URL", "https://nk-arrivals.example.org")
    package = arrivals.package
    arrivals.package = {**package, "version": "99.0.0"}
    assert answers.fingerprint(arrivals) != name  # a new release
    arrivals.package = package
    code = tmp_path / "dashboard"
    shutil.copytree(answers.DASHBOARD, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(answers, "DASHBOARD", code)
    assert answers.fingerprint(arrivals) == name
    template = code / "templates" / "index.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert answers.fingerprint(arrivals) != name  # new code


def test_a_torn_answer_is_not_served_and_old_shelves_are_cleared(production, monkeypatch):
    app_module.create_app().server.test_client().get("/", headers=BROWSER)
    shelves = list((production / "pages").iterdir())
    assert len(shelves) == 1
    (kept,) = list(shelves[0].iterdir())
    kept.write_bytes(kept.read_bytes()[:-10])  # a write cut short
    restarted = app_module.create_app().server.test_client().get("/", headers=BROWSER)
    assert restarted.status_code == 200 and "X-Answer-Cache" not in restarted.headers
    for n in range(answers.SHELVES_KEPT + 2):
        (production / "pages" / f"old-{n}").mkdir()
    app_module.create_app()
    assert len(list((production / "pages").iterdir())) == answers.SHELVES_KEPT
    assert shelves[0].exists()  # this release's own shelf stays


def test_no_shelf_outside_production(monkeypatch, tmp_path):
    monkeypatch.delenv(answers.SHELF_ENV, raising=False)
    monkeypatch.setenv("NK_ARRIVALS_CACHE", str(tmp_path / "cache"))
    app_module.create_app().server.test_client().get("/", headers=BROWSER)
    assert not (tmp_path / "cache" / "pages").exists()


def test_a_checked_release_is_not_checked_again_and_a_changed_one_is(monkeypatch, tmp_path, datasets_copy):
    monkeypatch.setenv("NK_ARRIVALS_CACHE", str(tmp_path / "cache"))
    folder = datasets_copy / "arrivals"
    checked = []
    real = preflight._check_rows
    monkeypatch.setattr(preflight, "_check_rows", lambda *args: checked.append(1) or real(*args))
    preflight.check(folder)
    preflight.check(folder)
    assert checked == [1]
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["description"] = package["resources"][0].get("description", "") + " "
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    preflight.check(folder)
    assert checked == [1, 1]
