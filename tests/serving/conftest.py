"""Fixtures for the serving tests."""

import pytest

from live_server import Chromium


@pytest.fixture(scope="session")
def chromium():
    browser = Chromium()
    yield browser
    browser.close()
