"""What a drawn chart measures in the browser: the plot area, every bar and marker, line vertices, tick labels,
annotations, event spans and grid lines, in CSS pixels from the chart's top-left corner.

Three sources, one shape of answer, so that a test can compare them item by item:
- `plotly_geometry(page, figures)`: plotly.js (the vendored bundle) draws each figure at its size, static;
- `svg_geometry(page, svgs)`: each SVG string (`dashboard.charts.svg`'s, or an exported one) in a box of its
  viewBox size;
- `drawn_texts(page, selector)`: the texts of the charts a live page has drawn.
Many charts per page load keep the browser part of a test suite short. `text_problems` says what is wrong with a
chart's texts: outside its box, over another, Hangul turned.
"""

from __future__ import annotations

import json
import math
import re

from dashboard.charts import bundle

# Every text of a chart: its axis-aligned box, its turned box and the axis whose tick it is ("x", "y" or "").
_TEXTS = """
const box = (el, root) => { const r = el.getBoundingClientRect(), o = root.getBoundingClientRect();
  return [r.left - o.left, r.top - o.top, r.right - o.left, r.bottom - o.top]; };
const corners = (el, root) => {  // the four corners of an element's own box, turned as it is drawn
  const b = el.getBBox(), m = el.getScreenCTM(), o = root.getBoundingClientRect();
  return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
    .map(([x, y]) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x - o.left, p.y - o.top]; });
};
const tick = t => { const g = t.closest('.xtick, .ytick'); return g ? g.getAttribute('class').trim()[0] : ''; };
// [text, left, top, right, bottom, corners, axis]: the axis-aligned box, the turned one, whose tick label it is
const texts = (els, root) => Array.from(els).filter(t => getComputedStyle(t).display !== 'none')
  .map(t => [t.textContent, ...box(t, root), corners(t, root), tick(t)]);
"""

# One measuring function for both sides; `sel` names where each kind of mark is in that side's markup.
_MEASURE = _TEXTS + """
const vertices = (path, root) => {  // the absolute M/L/H/V commands of a path, in the root's pixels
  const m = path.getScreenCTM(), o = root.getBoundingClientRect();
  const tokens = (path.getAttribute('d') || '').match(/[MLHVZ]|-?[\\d.]+(?:e-?\\d+)?/gi) || [];
  const segments = []; let seg = null, cmd = null, x = 0, y = 0, i = 0;
  const put = () => { const p = new DOMPoint(x, y).matrixTransform(m); seg.push([p.x - o.left, p.y - o.top]); };
  while (i < tokens.length) {
    const t = tokens[i];
    if (/[MLHVZ]/i.test(t)) { cmd = t.toUpperCase(); i++; if (cmd === 'Z') continue; }
    if (cmd === 'M') { x = +tokens[i]; y = +tokens[i + 1]; i += 2; seg = []; segments.push(seg); put(); cmd = 'L'; }
    else if (cmd === 'L') { x = +tokens[i]; y = +tokens[i + 1]; i += 2; put(); }
    else if (cmd === 'H') { x = +tokens[i]; i += 1; put(); }
    else if (cmd === 'V') { y = +tokens[i]; i += 1; put(); }
    else i++;
  }
  return segments;
};
const centre = (el, root) => { const b = box(el, root); return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]; };
const measure = (root, scope, sel) => {
  const all = s => Array.from(scope.querySelectorAll(s));
  const traces = all(sel.traces);
  const of = (kind, s) => traces.filter(t => t.matches(kind)).map(t => Array.from(t.querySelectorAll(s)));
  return {
    bars: of(sel.bars, sel.bar).map(ps => ps.filter(p => p.getAttribute('d') !== 'M0,0Z').map(p => box(p, root))),
    points: of(sel.lines, sel.point).map(ps => ps.map(p => centre(p, root))),
    lines: of(sel.lines, sel.line).map(ps => ps.flatMap(p => vertices(p, root))),
    xticks: texts(all(sel.xticks), root), yticks: texts(all(sel.yticks), root),
    annotations: texts(all(sel.annotations), root), texts: texts(all('text'), root),
    shapes: all(sel.shapes).map(p => box(p, root)), grid: all(sel.grid).map(p => box(p, root)),
  };
};
"""

_PLOTLY = _MEASURE + """
async ([figures, textsOnly]) => {
  const sel = {traces: '.cartesianlayer .trace', bars: '.bars', bar: '.point path', lines: '.scatter',
    point: '.points path.point', line: 'path.js-line', xticks: '.xaxislayer-above .xtick text',
    yticks: '.yaxislayer-above .ytick text', annotations: '.annotation text.annotation-text',
    shapes: '.shapelayer path', grid: '.gridlayer path, .zerolinelayer path'};
  const out = [];
  for (const f of figures) {
    const div = document.createElement('div');
    div.style.cssText = `position:absolute;left:0;top:0;width:${f.width}px;height:${f.height}px`;
    document.body.appendChild(div);
    const layout = Object.assign({}, f.figure.layout, {width: f.width, height: f.height});
    await Plotly.newPlot(div, f.figure.data, layout, {staticPlot: true});
    const xa = div._fullLayout.xaxis, ya = div._fullLayout.yaxis;  // as drawn (_size may since have moved 1 px)
    out.push(textsOnly ? {texts: texts(div.querySelectorAll('text'), div), size: [f.width, f.height]}
      : Object.assign(measure(div, div, sel), {plot: [xa._offset, ya._offset, xa._length, ya._length],
                                               size: [f.width, f.height]}));
    Plotly.purge(div); div.remove();
  }
  return out;
}
"""

_SVG = _MEASURE + """
([svgs, textsOnly]) => {
  const sel = {traces: '.trace', bars: '.bars', bar: 'rect, path', lines: '.lines', point: '.points path',
    line: '.line', xticks: '.xtick text', yticks: '.ytick text', annotations: '.annotation text',
    shapes: '.shape', grid: '.grid'};
  const out = [];
  for (const markup of svgs) {
    const div = document.createElement('div');
    div.innerHTML = markup;
    const svg = div.firstElementChild;
    const [, , w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
    div.style.cssText = `position:absolute;left:0;top:0;width:${w}px;height:${h}px`;
    svg.style.cssText = `display:block;width:${w}px;height:${h}px`;
    document.body.appendChild(div);
    const clip = svg.querySelector('clipPath rect');
    out.push(textsOnly ? {texts: texts(svg.querySelectorAll('text'), div), size: [w, h]}
      : Object.assign(measure(div, svg, sel), {
      plot: clip ? ['x', 'y', 'width', 'height'].map(a => +clip.getAttribute(a)) : null, size: [w, h]}));
    div.remove();
  }
  return out;
}
"""


def plotly_geometry(page, figures: list[tuple[dict, int, int]], texts_only: bool = False) -> list[dict]:
    """plotly.js's drawing of each (figure, width, height), measured; `page` is a blank playwright page.
    `texts_only`: only `texts` and `size`, for a test of many charts' words (a third of the time)."""
    if not page.evaluate("typeof Plotly !== 'undefined'"):
        page.add_script_tag(path=str(bundle.PATH))
    payload = [{"figure": json.loads(json.dumps(fig)), "width": w, "height": h} for fig, w, h in figures]
    return page.evaluate(_PLOTLY, [payload, texts_only])


def svg_geometry(page, svgs: list[str], texts_only: bool = False) -> list[dict]:
    """Each SVG string (ours, or an exported one) drawn by the browser at its viewBox size, measured the same
    way."""
    return page.evaluate(_SVG, [svgs, texts_only])


_DRAWN = _TEXTS + """
(selector) => Array.from(document.querySelectorAll(selector)).map(chart => {
  const r = chart.getBoundingClientRect();
  return {texts: texts(chart.querySelectorAll('text'), chart), size: [r.width, r.height]};
})
"""


def drawn_texts(page, selector: str) -> list[dict]:
    """The texts of every chart the page has drawn where `selector` matches (a plotly.js graph's div), each
    measured from its own box: `texts` and `size` as `plotly_geometry` gives them."""
    return page.evaluate(_DRAWN, selector)


def separated(a, b, slack: float = 0.5) -> bool:
    """Whether two turned rectangles (four corners each) are apart, or overlap by no more than `slack` px
    (separating axis test)."""
    for poly in (a, b):
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
            nx, ny = y0 - y1, x1 - x0
            norm = math.hypot(nx, ny) or 1.0
            pa = [(x * nx + y * ny) / norm for x, y in a]
            pb = [(x * nx + y * ny) / norm for x, y in b]
            if min(max(pa), max(pb)) - max(min(pa), min(pb)) <= slack:
                return True
    return False


HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def text_problems(geometry: dict, slack: float = 0.5) -> set[tuple]:
    """Texts reaching outside the chart's box, pairs of texts whose turned boxes overlap by more than `slack` px
    (two tick labels of one axis excepted: plotly thins or turns them itself), and Hangul drawn turned."""
    w, h = geometry["size"]
    texts = [t for t in geometry["texts"] if t[0].strip()]
    found = {("outside", t[0]) for t in texts
             if t[1] < -slack or t[2] < -slack or t[3] > w + slack or t[4] > h + slack}
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if not (a[6] and a[6] == b[6]) and not separated(a[5], b[5], slack):
                found.add(("overlap",) + tuple(sorted((a[0], b[0]))))
    found |= {("turned", t[0]) for t in texts if HANGUL.search(t[0]) and abs(t[5][0][1] - t[5][1][1]) > 0.5}
    return found
