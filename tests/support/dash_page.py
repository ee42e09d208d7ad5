"""What the dashboard page shows, read in the browser: the view its main chart draws and what every control says.

Every wait is on a condition in the page (the figure's `layout.meta.view` says what is drawn), never a sleep.
"""

GRAPH = "#main-chart .js-plotly-plot"


def wait_view(page, **fields):
    """Wait until the main chart draws a view with these fields; return its traces (type, name, x, y)."""
    test = " && ".join(f"v[{k!r}] === {v!r}" if not isinstance(v, bool) else f"v[{k!r}] === {str(v).lower()}"
                       for k, v in fields.items())
    page.wait_for_function(f"""() => {{
        const gd = document.querySelector('{GRAPH}');
        const v = gd && gd.layout && gd.layout.meta && gd.layout.meta.view;
        return !!v && {test or 'true'};
    }}""")
    return page.evaluate(f"""() => {{
        const gd = document.querySelector('{GRAPH}');
        return {{traces: gd.data.map(t => ({{type: t.type, sex: t.meta.sex, x: t.x, y: t.y}})),
                 barmode: gd._fullLayout.barmode, yaxis: gd._fullLayout.yaxis.type,
                 shapes: (gd.layout.shapes || []).map(s => s.name), lang: gd.layout.meta.lang,
                 title: document.querySelector('#chart-title').textContent, search: window.location.search}};
    }}""")


def controls(page) -> dict:
    """What every control shows, read from the DOM once the lazily loaded dropdown has rendered."""
    page.wait_for_selector("#vintage-value", state="attached")  # also behind a closed "More options"
    return page.evaluate("""() => ({
        metric: document.querySelector('#metric input:checked').value,
        sex: document.querySelector('#sex input:checked').value,
        chart: document.querySelector('#chart-type input:checked').value,
        options: Array.from(document.querySelectorAll('#options input:checked')).map(e => e.value).sort(),
        from: document.querySelector('#year-from').value, to: document.querySelector('#year-to').value,
        vintage: document.querySelector('#vintage-value').textContent,
    })""")


def more_options(page) -> None:
    """Open the control bar's "More options" (vintage, log scale, multi-year totals, events)."""
    if not page.evaluate("document.querySelector('#chart .more').open"):
        page.click("#chart .more summary")


def tab_to(page, selector: str, back: bool = False, presses: int = 80) -> list[str]:
    """Press Tab (Shift+Tab if `back`) until the focus is inside `selector`, as a keyboard user does; return what
    the focus passed through (the id of the element or of its nearest parent with one; a checkbox adds its value).
    Fails if the control is never reached."""
    passed = []
    for _ in range(presses):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        here = page.evaluate("""s => { const el = document.activeElement;
            const name = el.id || el.closest('[id]')?.id || el.tagName;
            return [el.closest(s) !== null, el.type === 'checkbox' ? `${name}:${el.value}` : name]; }""", selector)
        passed.append(here[1])
        if here[0]:
            return passed
    raise AssertionError(f"Tab never reached {selector}; it passed {passed}")
