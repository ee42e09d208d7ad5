"""Save docs/screenshot.png from the running dashboard: `make screenshot` (or `python -m support.screenshot [URL]`
with tests/ on the path).

Without a URL it serves the app itself on a free 127.0.0.1 port. The browser test calls `capture` too, so the
script is exercised by every test run (into a temporary file) and the README picture is never drawn by hand.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from support import headless
from support.paths import REPO

OUTPUT = REPO / "docs" / "screenshot.png"
VIEW = "/?sex=both&b=1"  # men and women, with the multi-year totals: the page's main ideas in one picture
DRAWN = """() => {
  const gd = document.querySelector('#main-chart .js-plotly-plot');
  return gd && gd.data && gd.data.length > 0 && document.querySelector('#takeover.live') !== null;
}"""


def capture(page, base_url: str, path: Path) -> Path:
    """Load the view at desktop size, make it interactive, wait until the chart is drawn, save the top of the
    page (the first screen and a little more: the chart card whole)."""
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.goto(base_url + VIEW)
    page.evaluate("window.nkArrivals.interactive()")
    page.wait_for_function(DRAWN)
    page.screenshot(path=str(path), full_page=False)
    return path


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    server = None
    if len(argv) > 1:
        base_url = argv[1].rstrip("/")
    else:
        from werkzeug.serving import make_server

        from dashboard.app import app

        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base_url = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as pw:
            browser = headless.launch(pw)
            capture(browser.new_page(), base_url, OUTPUT)
            browser.close()
    finally:
        if server is not None:
            server.shutdown()
    print(f"Saved {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
