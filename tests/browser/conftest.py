"""The real dashboard on a free 127.0.0.1 port and one headless Debian chromium for the whole folder.

Playwright's sync API must stay on the thread that started it, and other test folders start browsers of their
own; so this folder's browser lives on one worker thread and tests hand it functions to run there.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

import headless


@pytest.fixture(scope="session")
def app_url():
    """The production app object (create_app over the committed data) behind a threaded werkzeug server."""
    from dashboard.app import app

    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def in_browser():
    """`in_browser(fn, **context_options)` runs `fn(page)` in a fresh context of the shared browser and returns
    its result; the page records console errors and uncaught exceptions in `page.errors`."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
    playwright = pool.submit(lambda: sync_playwright().start()).result()
    browser = pool.submit(headless.launch, playwright).result()

    def visit(fn, **options):
        context = browser.new_context(**options)
        try:
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
            return fn(page)
        finally:
            context.close()

    yield lambda fn, **options: pool.submit(visit, fn, **options).result(timeout=180)
    pool.submit(browser.close).result()
    pool.submit(playwright.stop).result()
    pool.shutdown()
