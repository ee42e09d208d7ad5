"""Jinja2 templates of every HTML page outside Dash: the embed page, the static site, error pages.

Autoescaped: every value is escaped unless a caller marks it as markup it built itself (a figure's JSON, a
plotly div). Missing values are errors, never blanks.
"""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from dashboard.charts.style import EMBED_HEIGHT, FONT
from dashboard.text.catalogue import t


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("dashboard", "templates"),
                             autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.globals["font"] = Markup(FONT)  # our own constant, read as CSS inside <style> (where entities are not)
    env.globals["t"] = t
    return env


def render(name: str, **context) -> str:
    """The page `name` (a file under templates/) filled with `context`."""
    return environment().get_template(name).render(**context)


def embed_snippet(url: str, title: str) -> str:
    """The iframe to paste into a story: full width, fixed height, lazy, titled for screen readers."""
    return render("embed_snippet.html", url=url, title=title, height=EMBED_HEIGHT)
