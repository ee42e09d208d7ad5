"""The vendored plotly.js bundle matches plotly.py and can draw every trace type the dashboard builds."""

import ast
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline
import pytest
from plotly.basedatatypes import BaseTraceType

from dashboard.charts import bundle

DASHBOARD = Path(bundle.__file__).parent


ALL_TRACE_TYPES = {
    cls().type for cls in (getattr(go, name) for name in dir(go))  # dir(): plotly loads classes lazily
    if isinstance(cls, type) and issubclass(cls, BaseTraceType) and cls is not BaseTraceType
}


def _trace_type_named(node: ast.AST) -> str | None:
    """The trace type a node names: ``go.Bar(...)``, ``{"type": "bar"}`` or ``type="bar"``."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "go":
        cls = getattr(go, node.attr, None)
        if isinstance(cls, type) and issubclass(cls, BaseTraceType):
            return cls().type
    pairs = []
    if isinstance(node, ast.Dict):
        pairs = zip(node.keys, node.values)
    elif isinstance(node, ast.keyword):
        pairs = [(ast.Constant(node.arg), node.value)]
    for key, value in pairs:
        if (isinstance(key, ast.Constant) and key.value == "type" and isinstance(value, ast.Constant)
                and value.value in ALL_TRACE_TYPES):
            return value.value
    return None


def _trace_types_used() -> dict[str, set[str]]:
    """Trace type -> dashboard modules that build it."""
    used: dict[str, set[str]] = {}
    for module in DASHBOARD.glob("**/*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if kind := _trace_type_named(node):
                used.setdefault(kind, set()).add(module.name)
    return used


def test_bundle_version_equals_the_plotly_js_that_plotly_py_ships():
    assert bundle.version() == plotly.offline.get_plotlyjs_version()


def test_bundle_licence_is_beside_it():
    text = bundle.LICENSE.read_text(encoding="utf-8")
    assert "MIT License" in text and "Plotly" in text


def test_bundle_registers_the_basic_trace_types():
    assert {"bar", "scatter"} <= bundle.trace_types()


def test_every_trace_type_the_dashboard_builds_is_in_the_bundle():
    used = _trace_types_used()
    assert used, "found no trace built in dashboard/: the scan is broken"
    missing = {kind: sorted(mods) for kind, mods in used.items() if kind not in bundle.trace_types()}
    assert not missing, f"trace types not in {bundle.PATH.name}: {missing}"


@pytest.mark.parametrize("trace", [go.Scattergl(x=[1], y=[1]), go.Heatmap(z=[[1]]), go.Choropleth()])
def test_a_figure_with_a_trace_type_outside_the_bundle_fails(trace):
    fig = go.Figure([go.Bar(x=[1], y=[1]), trace])
    assert bundle.missing_trace_types(fig) == {trace.type}
    with pytest.raises(ValueError, match=trace.type):
        bundle.check_figure(fig)


@pytest.mark.parametrize("source", ['go.Heatmap(z=z)', '{"type": "heatmap", "z": z}', 'go.Figure(type="heatmap")'])
def test_the_source_scan_sees_every_way_of_naming_a_trace(source):
    assert {_trace_type_named(node) for node in ast.walk(ast.parse(source))} - {None} == {"heatmap"}


def test_a_figure_inside_the_bundle_passes():
    fig = go.Figure([go.Bar(x=[1], y=[1]), go.Scatter(x=[1], y=[1])])
    assert bundle.check_figure(fig) is fig
