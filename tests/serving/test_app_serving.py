"""The real dashboard under the production command: headers, 404s, robots.txt, and a clean page under the CSP."""

import pytest
import requests

from dashboard import bundle
from dashboard.server import EMBED_PREFIXES

from live_server import gunicorn, watch

@pytest.fixture(scope="module")
def url(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with gunicorn(env={"HOME": str(home), "WEB_CONCURRENCY": "2"}) as (base, _):  # the config's own app
        yield base


@pytest.mark.parametrize("path", ["/nope", "/index.php", "/assets/nope.css", "/en/", "/embed-nope"])
def test_unknown_paths_are_404(url, path):
    r = requests.get(url + path)
    assert r.status_code == 404, path
    assert "_dash-config" not in r.text


def test_known_paths_answer_with_security_headers(url):
    for path, frameable in (("/", False), ("/?lang=ko&sex=female", False), ("/robots.txt", False),
                            (EMBED_PREFIXES[0], True)):
        r = requests.get(url + path)
        assert r.status_code == 200, path
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        policy = r.headers["Content-Security-Policy"]
        assert ("frame-ancestors *" in policy) == frameable, path
        assert ("frame-ancestors 'none'" in policy) != frameable, path


@pytest.mark.parametrize("path", ["/", EMBED_PREFIXES[0] + "?sex=both&lang=ko"])
def test_pages_render_under_the_csp_with_only_the_basic_bundle(url, path, chromium):
    seen = chromium.run(lambda page: watch(page, url + path, ".js-plotly-plot .trace"))
    assert seen["csp"] == [] and seen["errors"] == []
    assert seen["plotly"] == bundle.version()
    plotly_files = [u for u in seen["requested"] if "plotly" in u]
    assert plotly_files and all(bundle.PATH.name in u for u in plotly_files), plotly_files
