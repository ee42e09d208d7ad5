"""The page state in the URL: short, stable query parameters to and from a `View` (plus the revisions period).

Parsing never fails: each value that cannot be honoured falls back to its default and yields a `Notice`, whose
text the page shows as plain text (Dash escapes it), so nothing from a URL is ever rendered as HTML.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from dashboard.data import CHARTS, METRICS, SEXES, Arrivals, View
from dashboard.text import catalogue

# parameter -> View field; booleans are 1/0. `rev` (the revisions view's year) is not part of a View.
PARAMS = {"from": "start", "to": "end", "sex": "sex", "metric": "metric", "vintage": "vintage", "lang": "lang",
          "chart": "chart", "log": "log", "b": "buckets", "ev": "events"}
REVISION = "rev"
SHOWN_VALUE = 40  # characters of a bad value quoted back in a notice


@dataclass(frozen=True)
class Notice:
    """One parameter that was not honoured: `kind` is bad (value), unknown (name) or order (from > to)."""

    kind: str
    name: str = ""
    value: str = ""
    default: str = ""

    def text(self, lang: str) -> str:
        return catalogue.t(f"notice_{self.kind}", lang, name=self.name, value=self.value, default=self.default)


@dataclass(frozen=True)
class State:
    """A parsed page URL; `search` is the query string as the browser has it ("" or "?..."), None when the
    state was made in code."""

    view: View
    revision: int | None
    notices: tuple[Notice, ...] = ()
    search: str | None = None


def default_view(arrivals: Arrivals) -> View:
    """The dashboard's default view: the latest figures over every year (buckets off, so from 2002)."""
    first, last = arrivals.years()
    return View(start=first, end=last)


def default_revision(arrivals: Arrivals) -> int | None:
    years = arrivals.revision_periods()["year"]
    return int(years.max()) if len(years) else None


def _short(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE else value[:SHOWN_VALUE] + "…"


def parse(search: str | None, arrivals: Arrivals) -> State:
    """A State from a query string ('?from=2002&sex=female'); bad or unknown parameters become Notices."""
    default = default_view(arrivals)
    first, last = arrivals.years()
    choices = {"sex": SEXES, "metric": METRICS, "chart": CHARTS, "lang": catalogue.LANGS,
               "vintage": ("latest", *arrivals.vintages()["vintage"])}
    values: dict = {}
    notices: list[Notice] = []
    revision = default_revision(arrivals)
    revision_years = set(arrivals.series(View(buckets=True))["year"])
    for name, raw in parse_qsl((search or "").lstrip("?"), keep_blank_values=True):
        field = PARAMS.get(name)
        if name == REVISION:
            if raw.isdigit() and int(raw) in revision_years:
                revision = int(raw)
            else:
                notices.append(Notice("bad", name, _short(raw), str(revision)))
        elif field is None:
            notices.append(Notice("unknown", _short(name)))
        elif field in ("start", "end"):
            if raw.isdigit() and first <= int(raw) <= last:
                values[field] = int(raw)
            else:
                notices.append(Notice("bad", name, _short(raw), str(getattr(default, field))))
        elif field in ("log", "buckets", "events"):
            if raw in ("0", "1"):
                values[field] = raw == "1"
            else:
                notices.append(Notice("bad", name, _short(raw), "1" if getattr(default, field) else "0"))
        elif raw in choices[name]:
            values[field] = raw
        else:
            notices.append(Notice("bad", name, _short(raw), str(getattr(default, field))))
    view = dataclasses.replace(default, **values)
    if view.start > view.end:
        view = dataclasses.replace(view, start=view.end, end=view.start)
        notices.append(Notice("order"))
    return State(view, revision, tuple(notices), search or "")


def encode(view: View, revision: int | None) -> str:
    """The query string of a state, every parameter spelled out so that a shared link survives new defaults."""
    params = {}
    for name, field in PARAMS.items():
        value = getattr(view, field)
        params[name] = int(value) if isinstance(value, bool) else value
    if revision is not None:
        params[REVISION] = revision
    return "?" + urlencode(params)
