"""The two servers a reader meets, for the suites that must hold on both: `make run` and `serve --prod`."""

import pytest

from support.live_server import nk_arrivals_serve

SERVERS = {"make run": (), "serve --prod": ("--prod",)}


@pytest.fixture(scope="session", params=list(SERVERS))
def live(request, tmp_path_factory):
    """The base URL of the dashboard served by `nk-arrivals serve` (development server) or `serve --prod`
    (gunicorn, two workers), over the committed data; one at a time."""
    home = tmp_path_factory.mktemp("home")
    with nk_arrivals_serve(*SERVERS[request.param], env={"HOME": str(home), "WEB_CONCURRENCY": "2"}) as (base, _):
        yield base
