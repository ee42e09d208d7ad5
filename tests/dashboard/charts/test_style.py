"""The style table is the one owner of the font stack: the page's stylesheets, which cannot import Python, must
name the same stack, or the HTML around a chart and the chart itself would pick different fonts."""

import re
from pathlib import Path

import dashboard
from dashboard.charts import style
from dashboard.charts.style import FONT

ASSETS = Path(dashboard.__file__).parent / "assets"
DECLARATION = re.compile(r"font-family\s*:\s*([^;}]+)")


def _stack(value: str) -> list[str]:
    return [name.strip().strip("'\"") for name in value.split(",")]


def test_every_stylesheet_names_the_charts_font_stack():
    found = {(sheet.name, value.strip()) for sheet in sorted(ASSETS.glob("*.css"))
             for value in DECLARATION.findall(sheet.read_text(encoding="utf-8"))}
    assert found, "no font-family in the page's stylesheets: the page would use the browser's default font"
    drifted = {(name, value) for name, value in found if value != "inherit" and _stack(value) != _stack(FONT)}
    assert not drifted, f"font stacks that are not charts/style.FONT ({FONT}): {drifted}"


def test_interactive_charts_offer_none_of_plotlys_own_tools():
    """The camera and the cloud buttons would go around the exports that carry the source line."""
    assert style.GRAPH_CONFIG["displayModeBar"] is False
