"""One headless Debian chromium for the whole test run, driven from a thread of its own.

Playwright's sync API must stay on the thread that started it, and pytest runs tests on the main thread; so the
browser lives on one worker thread and tests hand it functions to run there.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import sync_playwright

from support import headless


class Browser:
    """`browser.page(fn, **context_options)`: `fn(page)` in a fresh context, whose page records console errors
    and uncaught exceptions in `page.errors`. `browser.session(fn)`: `fn(browser)`, for a scenario that opens
    contexts of its own (downloads, several screen sizes)."""

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._playwright = self._pool.submit(lambda: sync_playwright().start()).result()
        self._browser = self._pool.submit(headless.launch, self._playwright).result()

    def _visit(self, fn, options: dict):
        context = self._browser.new_context(**options)
        try:
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
            return fn(page)
        finally:
            context.close()

    def page(self, fn, timeout: float = 180, **context_options):
        return self._pool.submit(self._visit, fn, context_options).result(timeout=timeout)

    def session(self, fn, timeout: float = 300):
        return self._pool.submit(fn, self._browser).result(timeout=timeout)

    def close(self, timeout: float = 30):
        """Close the browser and playwright; bounded, so that a driver that stopped answering (seen when other
        event loops, such as kaleido's, ran in the same process) cannot hold the test run open."""
        for step in (self._browser.close, self._playwright.stop):
            try:
                self._pool.submit(step).result(timeout=timeout)
            except TimeoutError:
                break
        self._pool.shutdown(wait=False, cancel_futures=True)


def open_page(page, url: str):
    """Load a dashboard page and make it interactive, as a reader's first interaction does (assets/loader.js):
    once this returns, Dash's page has replaced the static first paint."""
    page.goto(url)
    page.evaluate("window.nkArrivals.interactive()")
    page.wait_for_selector("#takeover.live")
