"""The static site: every chart's default view as interactive HTML, PNG and SVG, its data as CSV, XLSX and JSON,
and the whole dataset with its datapackage.json, in one folder that any static file host or CDN can serve. A place
breakdown carries its tile map beside its bars, as on the live page: on its page and the index, as PNG and SVG.

Every link is relative, so the folder works at a domain's root or under any path. Figures, summaries, data files
and citations come from the same functions the dashboard and its exports use, so the two cannot disagree. Each
page (the index of each language, each chart's page) has its own link preview with its images beside it; Open
Graph wants absolute addresses, which only the site's own address (`site_url`) can make, so without it they are
relative to the page.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import Markup

from dashboard.charts import bundle, figures, regions, style, svg
from dashboard.data import BREAKDOWN_DIMENSIONS, PLACES, Arrivals, View
from dashboard.exports import data_files, feed, images, previews
from dashboard.exports.formats import named
from dashboard.serving.errors import ROBOTS
from dashboard.templates import render
from dashboard.text.catalogue import t
from dashboard.urls import WIDTHS, default_revision, default_view
from etl.errors import ExpectedError
from etl.paths import arrivals_folder

LANGS = ("en", "ko")
MARKER = ".nk-arrivals-site"  # marks a folder this module wrote, so a rebuild may replace it
MAIN = "arrivals"  # the main chart's slug
MAP = "map"  # a place breakdown's tile map: its files are the breakdown's slug, then -map
ASSETS = "assets"  # what pages embed (the plotly.js bundle, preview images, the maps' pictures), named by content
HEADERS = "_headers"  # the caching rules, in the file Netlify and Cloudflare Pages read (docs/performance.md)
IMMUTABLE = "public, max-age=31536000, immutable"  # a fingerprinted file: a new content is a new name
SHORT = "public, max-age=300, must-revalidate"  # the rest: pages, feed, data and downloads keep their addresses


class SiteError(ExpectedError):
    """The output folder cannot be used; nothing was written."""


@dataclass(frozen=True)
class Map:
    """A place breakdown's tile map (charts/regions.py, as on the live page) and its text summary."""

    figure: go.Figure
    summary: str


@dataclass(frozen=True)
class Chart:
    """One chart of the site: its default figure, the rows it shows, its text summary, and its tile map if it
    breaks arrivals down by place."""

    slug: str
    figure: go.Figure
    frame: pd.DataFrame
    summary: str
    tile_map: Map | None = None


def charts(arrivals: Arrivals, lang: str) -> list[Chart]:
    """Every chart of the dashboard's default page, built by the dashboard's own functions."""
    view = replace(default_view(arrivals), lang=lang)
    main = arrivals.series(view)
    found = [Chart(MAIN, figures.main_chart(arrivals, view), main, figures.summary(main, view, lang))]
    for dimension in BREAKDOWN_DIMENSIONS:
        figure, summary, _ = figures.breakdown_figure(arrivals, dimension, lang)
        tile_map = Map(*regions.map_figure(arrivals, dimension, lang)) if dimension in PLACES else None
        found.append(Chart(f"breakdown-{dimension}", figure, arrivals.breakdown(dimension), summary, tile_map))
    year = default_revision(arrivals)
    if year is not None:
        figure, summary = figures.revision_figure(arrivals, year, lang)
        found.append(Chart("revisions", figure, arrivals.revisions(year), summary))
    for chart in found:
        bundle.check_figure(chart.figure)
    return found


def _address(site_url: str | None, path: str, name: str) -> str:
    """A file's address for a preview: absolute under the site's address, else relative to the page in `path`."""
    return f"{site_url}{path}{name}" if site_url else name


def _asset(site: Path, name: str, data: bytes) -> str:
    """Write `data` into the site's assets/ as `name` with its content's fingerprint before the suffix
    (`stem.<first 10 hex of its sha256>.ext`); return its path from the site's root.

    Only what pages embed is fingerprinted: it can then be cached for a year, since a new content is a new name.
    What people cite, bookmark or script against (pages, the feed, data files, downloads) keeps a stable address
    and a short cache."""
    suffix = Path(name).suffix
    named_ = f"{name[:len(name) - len(suffix)]}.{hashlib.sha256(data).hexdigest()[:10]}{suffix}"
    (site / ASSETS).mkdir(exist_ok=True)
    (site / ASSETS / named_).write_bytes(data)
    return f"{ASSETS}/{named_}"


def _embedded(site_url: str | None, up: str, asset: str) -> str:
    """An asset's address from a page `up` (the relative way to the site's root), absolute under `site_url`."""
    return f"{site_url}{asset}" if site_url else f"{up}{asset}"


def _headers(site: Path) -> str:
    """The `_headers` file for the site as written: one rule per top-level folder or file, so that no file matches
    two (hosts apply every rule that matches, and would join two Cache-Control values): assets/ for a year, the
    rest for minutes."""
    rules = [("/", SHORT)]
    for entry in sorted(site.iterdir()):
        if entry.name != HEADERS:
            rules.append((f"/{entry.name}/*" if entry.is_dir() else f"/{entry.name}",
                          IMMUTABLE if entry.name == ASSETS else SHORT))
    return "".join(f"{path}\n  Cache-Control: {value}\n" for path, value in rules)


def _write_chart(chart: Chart, arrivals: Arrivals, lang: str, site: Path, plotly: str, site_url: str | None = None
                 ) -> tuple[dict[str, str], dict[str, str]]:
    """Write one chart's files into the site's charts/<lang>/, its page (loading `plotly`, an asset) with its own
    link preview and its tile map if it has one; return {label: file name} of the chart's files and of its
    map's (none: empty)."""
    folder = site / "charts" / lang
    stem = chart.slug
    names, map_names = {}, {}
    div = pio.to_html(chart.figure, include_plotlyjs=False, full_html=False, default_height="100%",
                      config=style.GRAPH_CONFIG)
    cited = arrivals.citations(chart.frame["source"]) if len(chart.frame) else []
    up = "../../"
    image, square = (_embedded(site_url, up, _asset(site, f"{stem}-{size}.{lang}.png", previews.figure_image(
        arrivals, chart.figure, cited, chart.summary, lang, size))) for size in (previews.SIZE, previews.SQUARE))
    path = f"charts/{lang}/"
    shared = previews.described_figure(chart.figure, chart.summary, lang, _address(site_url, path, f"{stem}.html"),
                                       image, square, subtitled=chart.slug == MAIN)
    tile_map = None
    if chart.tile_map is not None:
        map_names = _write_images(chart.tile_map.figure, f"{stem}-{MAP}", folder)
        picture = _asset(site, f"{stem}-{MAP}.{lang}.svg", (folder / map_names["SVG"]).read_bytes())
        tile_map = {"src": f"{up}{picture}", "alt": figures.plain_title(chart.tile_map.figure),
                    "summary": chart.tile_map.summary, "size": style.SIZES["default"]}
    page = render("site/chart.html", lang=lang, title=shared.title, preview=shared,
                  plotly=f"{up}{plotly}", div=Markup(div), tile_map=tile_map)
    (folder / f"{stem}.html").write_text(page, encoding="utf-8")
    names.update(_write_images(chart.figure, stem, folder))
    provenance = data_files.provenance(arrivals, chart.frame, View(lang=lang))
    for fmt in named("data", site=True):
        (folder / f"{stem}.{fmt}").write_bytes(data_files.export(chart.frame, provenance, fmt))
        names[fmt.upper()] = f"{stem}.{fmt}"
    return names, map_names


def _write_images(figure: go.Figure, stem: str, folder: Path) -> dict[str, str]:
    """Write a figure's images (the site's image formats, its title and source line inside); return {label: name}."""
    names = {}
    for fmt in named("image", site=True):
        (folder / f"{stem}.{fmt}").write_bytes(images.render(figure, fmt))
        names[fmt.upper()] = f"{stem}.{fmt}"
    return names


def _shown(figure: go.Figure, summary: str, links: list[tuple[str, str, bool]]) -> dict:
    """A chart as the index shows it, as the live page does: the SVG the server draws, its words beside it."""
    return {**figures.words(figure), "summary": summary, "links": links,
            "svg": Markup(svg.render(figures.screen(figure), *WIDTHS["760"], title=figures.plain_title(figure)))}


def _preview(arrivals: Arrivals, lang: str, site: Path, site_url: str | None = None) -> previews.Preview:
    """The link preview of a language's index: its images among the assets, absolute under `site_url`."""
    view = View(lang=lang)
    image, square = (_embedded(site_url, "", _asset(site, f"preview-{size}.{lang}.png", previews.image(
        arrivals, view, size))) for size in (previews.SIZE, previews.SQUARE))
    return previews.described(arrivals, view, _address(site_url, "", _index_name(lang)), image, square)


def _index(lang: str, charts: list[dict], resources: list[str], preview: previews.Preview) -> str:
    other = "ko" if lang == "en" else "en"
    data_links = [(t("site_feed", lang), feed.FEED_FILE), (t("site_package", lang), "data/datapackage.json"),
                  (t("site_readme", lang), "data/README.md"),
                  *((name, f"data/{name}") for name in resources)]
    return render("site/index.html", lang=lang, title=t("title", lang), page_title=preview.title, preview=preview,
                  description=t("subtitle", lang), other_href=_index_name(other), other_lang=other,
                  other=t("site_other", lang), charts=charts, download=t("site_download", lang),
                  data_heading=t("site_data", lang), data_links=data_links,
                  footer=t("footer", lang))


def _index_name(lang: str) -> str:
    return "index.html" if lang == LANGS[0] else f"index.{lang}.html"


def write(out: Path, arrivals: Arrivals, folder: Path, base_url: str | None = None,
          site_url: str | None = None) -> None:
    """Write the site into a scratch folder beside `out`, then swap it in whole (a failed build changes nothing).
    `base_url` is the live dashboard the feed's entries link to; without it they link relative to the site.
    `site_url` is where the site itself will be served (ending in /), for its previews' absolute addresses."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise SiteError(f"{out} exists and is not a site this command wrote: choose an empty or new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    scratch.chmod(0o755)  # mkdtemp makes it private; a web server reading as another user needs r-x
    try:
        plotly = _asset(scratch, bundle.PATH.name, bundle.PATH.read_bytes())
        shutil.copy2(bundle.LICENSE, scratch / bundle.LICENSE.name)
        resources = [r["path"] for r in arrivals.package["resources"]]
        (scratch / "data").mkdir()
        for name in ["datapackage.json", "README.md", *resources]:
            shutil.copy2(folder / name, scratch / "data" / name)
        for lang in LANGS:
            charts_dir = scratch / "charts" / lang
            charts_dir.mkdir(parents=True)
            shown = []
            for chart in charts(arrivals, lang):
                names, map_names = _write_chart(chart, arrivals, lang, scratch, plotly, site_url)
                href = f"charts/{lang}/"
                links = [(t("site_interactive", lang), f"{href}{chart.slug}.html", False)]
                links += [(label, f"{href}{name}", True) for label, name in names.items()]
                drawn = _shown(chart.figure, chart.summary, links)
                drawn["tile_map"] = None if chart.tile_map is None else _shown(
                    chart.tile_map.figure, chart.tile_map.summary,
                    [(label, f"{href}{name}", True) for label, name in map_names.items()])
                shown.append({"slug": chart.slug, **drawn})
            shared = _preview(arrivals, lang, scratch, site_url)
            (scratch / _index_name(lang)).write_text(_index(lang, shown, resources, shared), encoding="utf-8")
        changes = arrivals.changes()
        (scratch / feed.FEED_FILE).write_bytes(feed.atom(changes, arrivals.citations(changes["source"]),
                                                         base_url or "./"))
        (scratch / "robots.txt").write_text(ROBOTS, encoding="utf-8")
        (scratch / MARKER).write_text("written by `nk-arrivals site build`; a rebuild replaces this folder\n")
        (scratch / HEADERS).write_text(_headers(scratch), encoding="utf-8")
        _swap(scratch, out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _swap(new: Path, out: Path) -> None:
    """Replace `out` with `new` by renames, so readers see the old site or the new one, never half of one."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        out.rename(old)
    new.rename(out)
    if old is not None:
        shutil.rmtree(old)


def build(out: Path | str, folder: Path | str | None = None, base_url: str | None = None,
          site_url: str | None = None) -> Path:
    """Load the datasets (same resolution as the dashboard) and write the site into `out`."""
    folder = Path(folder or arrivals_folder())
    write(Path(out), Arrivals.load(folder), folder, base_url, site_url)
    return Path(out)
