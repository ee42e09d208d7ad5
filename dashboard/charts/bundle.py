"""The vendored partial plotly.js bundle: where it is, which version, which trace types it can draw.

dcc.Graph uses ``window.Plotly`` when a script has already set it, so the ~1.1 MB bundle on the vendor shelf
(``assets/vendor/``, its README says where each file comes from and how it is built) replaces the ~4.8 MB full
bundle: plotly.js's core and its bar trace (the only traces drawn: scatter and bar), at the version plotly.py ships
(``plotly.offline.get_plotlyjs_version()``), named with that version; its MIT licence sits beside it.
"""

import re
from functools import cache
from pathlib import Path

import plotly.graph_objects as go

VENDOR = Path(__file__).resolve().parents[1] / "assets" / "vendor"
PATH = VENDOR / "plotly-core-bar-4.1.1.min.js"
LICENSE = PATH.with_name("plotly-core-bar-4.1.1.LICENSE")
ASSET = f"{VENDOR.name}/{PATH.name}"  # its name under the app's assets URL

# The bundle's banner ("plotly.js (core and bar - minified) v4.1.1") and each trace module's registration
# (`moduleType:"trace",name:"bar"`) are the only machine-readable facts a dist bundle carries.
_VERSION = re.compile(r"plotly\.js \([^)]*\) v(\d+\.\d+\.\d+)")
_TRACE = re.compile(r'moduleType:"trace",name:"([a-z0-9]+)"')


@cache
def _text() -> str:
    return PATH.read_text(encoding="utf-8")


def version() -> str:
    """The bundle's plotly.js version, read from its banner."""
    found = _VERSION.search(_text()[:500])
    if found is None:
        raise ValueError(f"{PATH} has no plotly.js version banner")
    return found.group(1)


def trace_types() -> frozenset[str]:
    """Trace types the bundle registers; a figure with any other type draws nothing in the browser."""
    return frozenset(_TRACE.findall(_text()))


def missing_trace_types(fig: go.Figure) -> set[str]:
    """Trace types in ``fig`` that the bundle cannot draw."""
    return {trace.type for trace in fig.data} - trace_types()


def check_figure(fig: go.Figure) -> go.Figure:
    """Return ``fig`` unchanged, or raise if the bundle cannot draw one of its traces."""
    missing = missing_trace_types(fig)
    if missing:
        raise ValueError(
            f"trace type(s) {sorted(missing)} are not in {PATH.name} "
            f"(it has {sorted(trace_types())}): vendor a bundle that covers them"
        )
    return fig
