"""The page as plain HTML, for the first paint: the same Dash component tree the layout builds, written out by the
server, with each chart as an SVG drawn by charts/svg.

A reader sees the whole page before any script runs (and without scripts, and so do crawlers and printers);
Dash's own rendering of the same tree replaces it once the interactive layer has loaded (assets/loader.js), in the
same boxes, so nothing moves. One tree, two renderers: nothing here decides what the page says.

Hand-written rather than a React server renderer: Dash has none, and the tree uses a few dozen element types.
Dash components get the markup Dash 4 gives them (classes included), so one stylesheet draws both; controls
become a GET form whose fields are named by the URL grammar, so the page works without scripts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import parse_qsl

from dash.development.base_component import Component
from markupsafe import escape

from dashboard.page import ids
from dashboard.page.layout import PARAM_OF

# Dash prop -> HTML attribute, where they differ; props not listed pass through as their lower-case names
ATTRIBUTES = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex", "hrefLang": "hreflang",
              "colSpan": "colspan", "rowSpan": "rowspan", "accessKey": "accesskey", "contentEditable": None,
              "n_clicks": None, "n_clicks_timestamp": None, "disable_n_clicks": None, "key": None,
              "loading_state": None, "setProps": None, "children": None, "style": None}
VOID = {"img", "input", "br", "hr", "meta", "link", "source", "wbr"}
BOOLEAN = {"open", "hidden", "disabled", "checked", "selected", "required", "multiple", "readonly"}
TAGS = {"ObjectEl": "object"}  # Dash html components whose class name is not the tag
# Form field names: a control's id -> its URL parameter (urls.PARAMS), so that the form submits the page's URL
FIELDS = {ids.METRIC: "metric", ids.SEX: "sex", ids.CHART: "chart", ids.FREQ: "freq", ids.YEAR_FROM: "from",
          ids.YEAR_TO: "to", ids.VINTAGE: "vintage", ids.ASOF: "asof", ids.VS: "vs", ids.REV_PERIOD: "rev",
          ids.LOOKUP_QUERY: "q"}
SKIP = {"Location", "Store", "Download"}  # nothing to show before scripts run


def render(node, chart: Callable[[Component], str]) -> str:
    """HTML of a component tree; `chart(graph)` gives the markup of each dcc.Graph (an SVG of its figure)."""
    if node is None or node is False:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(render(child, chart) for child in node)
    if not isinstance(node, Component):
        return str(escape(str(node)))
    kind = type(node).__name__
    if node._namespace == "dash_html_components":
        return _element(TAGS.get(kind, kind.lower()), _props(node), render(getattr(node, "children", None), chart))
    if kind in SKIP:
        return ""
    if kind == "Graph":
        return chart(node)
    if kind in ("RadioItems", "Checklist"):
        return _options(node, kind)
    if kind == "Input":
        return _input(node)
    if kind == "Dropdown":
        return _select(node)
    if kind == "Link":
        return _element("a", {"href": node.href, "class": getattr(node, "className", None)},
                        render(node.children, chart))
    raise ValueError(f"no static markup for dash component {node._namespace}.{kind}")


def _props(node: Component) -> dict:
    out = {}
    for name in node._prop_names + [n for n in vars(node) if n.startswith(("aria-", "data-"))]:
        value = getattr(node, name, None)
        if value is None or ATTRIBUTES.get(name, name) is None:
            continue
        out[ATTRIBUTES.get(name, name.lower() if not name.startswith(("aria-", "data-")) else name)] = value
    if isinstance(out.get("id"), dict):  # a pattern-matching id, written as Dash writes it, so the twin is found
        out["id"] = json.dumps(out["id"], sort_keys=True, separators=(",", ":"))
    style = getattr(node, "style", None)
    if style:
        out["style"] = "; ".join(f"{_kebab(k)}: {v}" for k, v in style.items())
    if out.get("data-form"):  # a Dash container that is a GET form before scripts take over (a form is a
        out["method"], out["action"] = out.pop("data-form"), ""  # landmark of its own: no group role)
        out.pop("role", None)
    return out


def _kept_fields(attrs: dict) -> str:
    """A form's hidden fields: the page's parameters it has no field for (layout.kept_params), so that it submits
    the whole view, the language and the open tab included."""
    return "".join(_element("input", {"type": "hidden", "name": name, "value": value})
                   for name, value in parse_qsl(attrs.pop("data-keep", "") or ""))


def _kebab(name: str) -> str:
    return name if name.startswith("--") else re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def _element(tag: str, attrs: dict, inner: str = "") -> str:
    if tag == "div" and "method" in attrs:
        tag, inner = "form", inner + _kept_fields(attrs)
    parts = [tag]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if name in BOOLEAN or value is True:
            parts.append(name)
        else:
            parts.append(f'{name}="{escape(str(value))}"')
    opening = "<" + " ".join(parts) + ">"
    return opening if tag in VOID else f"{opening}{inner}</{tag}>"


def _options(node: Component, kind: str) -> str:
    """Dash 4's markup of a radio or checkbox group: labels around native inputs, named for the URL."""
    chosen = node.value if isinstance(node.value, list) else [node.value]
    kind_class = "dash-radioitems" if kind == "RadioItems" else "dash-checklist"
    labels = []
    for index, option in enumerate(node.options):
        value = option["value"]
        checked = value in chosen
        if kind == "RadioItems":
            field = _element("input", {"type": "radio", "name": FIELDS.get(node.id, node.id), "value": value,
                                       "class": "dash-options-list-option-checkbox", "checked": checked,
                                       "disabled": option.get("disabled")})
        else:  # no name: a box cannot send "0"; the loader sends its flag, and without scripts a yes/no choice does
            field = _element("input", {"type": "checkbox", "data-flag": PARAM_OF.get(value, value), "value": "1",
                                       "checked": checked, "class": "dash-options-list-option-checkbox",
                                       "disabled": option.get("disabled")})
        labels.append(_element("label", {"class": "dash-options-list-option" + (" selected" if checked else ""),
                                         "data-option-index": index},
                               _element("span", {"class": "dash-options-list-option-wrapper"}, field)
                               + _element("span", {"class": "dash-options-list-option-text"},
                                          _element("span", {}, str(escape(option["label"]))))))
    return _element("div", {"id": node.id, "class": f"dash-options-list {kind_class} {node.className or ''}".strip()},
                    "".join(labels))


def _input(node: Component) -> str:
    field = _element("input", {"id": node.id, "class": "dash-input-element", "type": node.type,
                               "name": FIELDS.get(node.id, node.id), "value": node.value,
                               **{name: getattr(node, name, None) for name in ("min", "max", "step", "required")},
                               "maxlength": getattr(node, "maxLength", None),
                               "placeholder": getattr(node, "placeholder", None),
                               "inputmode": "numeric" if node.type == "number" else None})
    return _element("div", {"class": "dash-input-container dash-input"}, field)


def _select(node: Component) -> str:
    """A dropdown as a native select: it works without scripts; Dash's own replaces it."""
    options = "".join(_element("option", {"value": o["value"], "selected": o["value"] == node.value},
                               str(escape(str(o["label"])))) for o in node.options)
    return _element("select", {"id": node.id, "name": FIELDS.get(node.id, node.id), "class": "static-select"},
                    options)
