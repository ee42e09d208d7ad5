"""The smallest hardened Dash app with what nk-arrivals uses: the vendored bundle, a graph, server and clientside
callbacks.

Importable by gunicorn (``--pythonpath tests/support tiny_app:server``) as well as by the tests.
"""

import gc
import os

import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

from dashboard.charts import bundle
from dashboard.serving.hardening import EMBED_PREFIXES, harden


def tiny_app() -> Dash:
    # The app's assets but its loader, as app.py serves them (LOADER is left out of Dash's list; importing it would
    # build the whole app): the loader is for the dashboard's own index, and on a Dash index its `interactive()`
    # starts a second renderer and waits for a takeover twin that never comes.
    app = Dash(__name__, assets_folder=str(bundle.VENDOR.parent), assets_ignore=r"loader\.js")
    app.layout = html.Div([
        dcc.Input(id="word", value="a"),
        html.Div(id="echo"),
        html.Div(id="client"),
        dcc.Graph(id="chart", figure=go.Figure(go.Bar(x=["2001", "2002"], y=[3, 4]))),
    ])

    @app.callback(Output("echo", "children"), Input("word", "value"))
    def echo(word):
        return f"echo:{word}" * 100  # long enough to be compressed

    app.clientside_callback("function(w) { return 'client:' + w; }", Output("client", "children"),
                            Input("word", "value"))
    embed = EMBED_PREFIXES[0]
    app.server.add_url_rule(f"{embed}/chart", "embed_chart", lambda: "<!doctype html><title>chart</title>")
    app.server.add_url_rule("/collector", "collector", lambda: {  # what gunicorn_conf left to this worker's GC
        "pid": os.getpid(), "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()})
    return harden(app)


server = tiny_app().server
