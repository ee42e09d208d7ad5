"""The stock baseline for benchmarks/run.py: the same arrivals chart drawn the default Dash way.

plotly.express, the full plotly.js that dcc.Graph loads by default, no compression, no hardening: what a
minimal Dash app looks like before any of nk-arrivals' serving work. Reads the same committed dataset.
"""

from pathlib import Path

import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html

LATEST = Path(__file__).resolve().parents[1] / "datasets" / "arrivals" / "latest.csv"

frame = pd.read_csv(LATEST)
app = Dash(__name__)
app.layout = html.Div([
    html.H1("North Koreans arriving in South Korea"),
    dcc.Dropdown(["total", "male", "female"], "total", id="sex", clearable=False),
    dcc.Graph(id="chart"),
])


@app.callback(Output("chart", "figure"), Input("sex", "value"))
def chart(sex):
    rows = frame[frame["sex"] == sex]
    return px.bar(rows, x="period", y="count", title=f"Arrivals by period ({sex})")


server = app.server
