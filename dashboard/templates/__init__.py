"""Jinja2 templates of every HTML page outside Dash: the embed page, the static site, error pages.

Autoescaped: every value is escaped unless a caller marks it as markup it built itself (a figure's JSON, a
plotly div). Missing values are errors, never blanks.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from dashboard.charts.style import COLOURS, EMBED_HEIGHT, FONT
from dashboard.text.catalogue import t

# The tab icon: three rising bars in the chart's colour, inline (no request; Dash's favicon.ico is 4.8 KiB of a
# page's first bytes), as a data: URL, which the CSP's img-src allows.
ICON = "data:image/svg+xml," + quote(
    f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><path fill='{COLOURS['total']}' "
    "d='M1 9h4v7H1zM6 4h4v12H6zM11 1h4v15h-4z'/></svg>", safe="/:=' ")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("dashboard", "templates"),
                             autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.globals["font"] = Markup(FONT)  # our own constant, read as CSS inside <style> (where entities are not)
    env.globals["t"] = t
    env.globals["icon"] = ICON
    return env


def render(name: str, **context) -> str:
    """The page `name` (a file under templates/) filled with `context`."""
    return environment().get_template(name).render(**context)


def embed_snippet(url: str, title: str) -> str:
    """The iframe to paste into a story: full width, fixed height, lazy, titled for screen readers."""
    return render("embed_snippet.html", url=url, title=title, height=EMBED_HEIGHT)
