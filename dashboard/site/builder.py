"""The static site: every chart's default view as interactive HTML, PNG and SVG, its data as CSV, XLSX and JSON,
and the whole dataset with its datapackage.json, in one folder that any static file host or CDN can serve.

Every link is relative, so the folder works at a domain's root or under any path. Figures, summaries, data files
and citations come from the same functions the dashboard and its exports use, so the two cannot disagree.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.charts import bundle, figures
from dashboard.data import DIMENSIONS, Arrivals, View
from dashboard.exports import data_files, feed, images
from dashboard.page import layout
from dashboard.serving.hardening import ROBOTS
from dashboard.text import catalogue
from dashboard.urls import default_revision, default_view
from etl.errors import ExpectedError
from etl.paths import arrivals_folder

LANGS = ("en", "ko")
IMAGE_FORMATS = ("png", "svg")
MARKER = ".nk-arrivals-site"  # marks a folder this module wrote, so a rebuild may replace it
# `data:,` as the icon: a site below a host's root cannot answer the browser's /favicon.ico.
HEAD = """\
<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
"""
LINK_TEXT = {
    "en": {"interactive": "interactive chart", "download": "Download", "data": "The dataset",
           "package": "datapackage.json (Frictionless descriptor: fields, sources, licences)", "other": "한국어",
           "readme": "README: how to cite, caveats"},
    "ko": {"interactive": "인터랙티브 차트", "download": "내려받기", "data": "데이터셋",
           "package": "datapackage.json (Frictionless 설명 파일: 필드, 출처, 이용 조건)", "other": "English",
           "readme": "README: 인용 방법, 유의 사항"},
}
PAGE = HEAD + """\
<meta name="description" content="{description}">
<style>
body {{ margin: 0 auto; max-width: 1100px; padding: 0 16px 48px; font-family: NanumGothic, "Noto Sans CJK KR",
  Arial, sans-serif; color: #1a1a1a; line-height: 1.5; }}
iframe {{ width: 100%; height: 600px; border: 1px solid #ddd; }}
.summary {{ color: #333; }}
a {{ color: #0a58a5; }}
</style>
</head>
<body>
<header><h1>{title}</h1><p>{description}</p><p><a href="{other_href}" hreflang="{other_lang}">{other}</a></p></header>
<main>
{sections}
<section id="data"><h2>{data_heading}</h2><ul>{data_links}</ul></section>
</main>
<footer><p>{footer}</p></footer>
</body>
</html>
"""
SECTION = """\
<section id="{slug}">
<h2>{title}</h2>
<iframe src="{html_href}" title="{title}" loading="lazy"></iframe>
<p class="summary">{summary}</p>
<p>{download}: {links}</p>
</section>"""
CHART_PAGE = HEAD + """\
<style>html, body {{ margin: 0; height: 100%; }}</style>
<script src="{plotly}"></script>
</head>
<body>
{div}
</body>
</html>
"""


class SiteError(ExpectedError):
    """The output folder cannot be used; nothing was written."""


@dataclass(frozen=True)
class Chart:
    """One chart of the site: its default figure, the rows it shows, and its text summary."""

    slug: str
    figure: go.Figure
    frame: pd.DataFrame
    summary: str


def charts(arrivals: Arrivals, lang: str) -> list[Chart]:
    """Every chart of the dashboard's default page, built by the dashboard's own functions."""
    view = replace(default_view(arrivals), lang=lang)
    main = arrivals.series(view)
    found = [Chart("arrivals", data_files.chart(arrivals, view), main, figures.summary(main, view, lang))]
    for dimension in DIMENSIONS:
        figure, summary = layout.breakdown_outputs(dimension, lang, arrivals)[:2]
        found.append(Chart(f"breakdown-{dimension}", figure, arrivals.breakdown(dimension), summary))
    year = default_revision(arrivals)
    if year is not None:
        figure, summary = layout.revision_outputs(year, lang, arrivals)[:2]
        found.append(Chart("revisions", go.Figure(figure), arrivals.revisions(year), summary))
    for chart in found:
        bundle.check_figure(chart.figure)
    return found


def _title(fig: go.Figure) -> str:
    """The figure's own title as plain text (figures escape it for plotly's pseudo-HTML)."""
    return html.unescape(fig.layout.title.text or "")


def _write_chart(chart: Chart, arrivals: Arrivals, lang: str, folder: Path) -> dict[str, str]:
    """Write one chart's files into `folder`; return {label: file name}."""
    stem = chart.slug
    names = {}
    page = CHART_PAGE.format(
        lang=lang, title=html.escape(_title(chart.figure)), plotly=f"../../{bundle.PATH.name}",
        div=pio.to_html(chart.figure, include_plotlyjs=False, full_html=False, default_height="100%",
                        config=layout.GRAPH_CONFIG))
    (folder / f"{stem}.html").write_text(page, encoding="utf-8")
    for fmt in IMAGE_FORMATS:
        (folder / f"{stem}.{fmt}").write_bytes(images.render(chart.figure, fmt))
        names[fmt.upper()] = f"{stem}.{fmt}"
    provenance = data_files.provenance(arrivals, chart.frame, View(lang=lang))
    for fmt in data_files.FORMATS:
        (folder / f"{stem}.{fmt}").write_bytes(data_files.export(chart.frame, provenance, fmt))
        names[fmt.upper()] = f"{stem}.{fmt}"
    return names


def _index(arrivals: Arrivals, lang: str, sections: list[str], data_files: list[str]) -> str:
    words = LINK_TEXT[lang]
    other = "ko" if lang == "en" else "en"
    data_links = [f'<li><a href="{feed.FEED_FILE}" type="{feed.MEDIA_TYPE}">Atom feed · 새 수치 알림</a></li>',
                  f'<li><a href="data/datapackage.json">{html.escape(words["package"])}</a></li>',
                  f'<li><a href="data/README.md">{html.escape(words["readme"])}</a></li>']
    data_links += [f'<li><a href="data/{html.escape(name)}">{html.escape(name)}</a></li>' for name in data_files]
    return PAGE.format(
        lang=lang, title=html.escape(catalogue.t("title", lang)), description=html.escape(catalogue.t("subtitle", lang)),
        other_href=_index_name(other), other_lang=other, other=words["other"], sections="\n".join(sections),
        data_heading=html.escape(words["data"]), data_links="".join(data_links),
        footer=html.escape(catalogue.t("footer", lang)))


def _index_name(lang: str) -> str:
    return "index.html" if lang == LANGS[0] else f"index.{lang}.html"


def write(out: Path, arrivals: Arrivals, folder: Path, base_url: str | None = None) -> None:
    """Write the site into a scratch folder beside `out`, then swap it in whole (a failed build changes nothing).
    `base_url` is the live dashboard the feed's entries link to; without it they link relative to the site."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise SiteError(f"{out} exists and is not a site this command wrote: choose an empty or new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    scratch.chmod(0o755)  # mkdtemp makes it private; a web server reading as another user needs r-x
    try:
        shutil.copy2(bundle.PATH, scratch / bundle.PATH.name)
        shutil.copy2(bundle.LICENSE, scratch / bundle.LICENSE.name)
        resources = [r["path"] for r in arrivals.package["resources"]]
        (scratch / "data").mkdir()
        for name in ["datapackage.json", "README.md", *resources]:
            shutil.copy2(folder / name, scratch / "data" / name)
        for lang in LANGS:
            charts_dir = scratch / "charts" / lang
            charts_dir.mkdir(parents=True)
            sections = []
            for chart in charts(arrivals, lang):
                names = _write_chart(chart, arrivals, lang, charts_dir)
                href = f"charts/{lang}/"
                links = [f'<a href="{href}{chart.slug}.html">{LINK_TEXT[lang]["interactive"]}</a>']
                links += [f'<a href="{href}{name}" download>{label}</a>' for label, name in names.items()]
                sections.append(SECTION.format(
                    slug=chart.slug, title=html.escape(_title(chart.figure)), html_href=f"{href}{chart.slug}.html",
                    summary=html.escape(chart.summary), download=LINK_TEXT[lang]["download"], links=" · ".join(links)))
            (scratch / _index_name(lang)).write_text(_index(arrivals, lang, sections, resources), encoding="utf-8")
        changes = arrivals.changes()
        (scratch / feed.FEED_FILE).write_bytes(feed.atom(changes, arrivals.citations(changes["source"]),
                                                         base_url or "./"))
        (scratch / "robots.txt").write_text(ROBOTS, encoding="utf-8")
        (scratch / MARKER).write_text("written by `nk-arrivals site build`; a rebuild replaces this folder\n")
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


def build(out: Path | str, folder: Path | str | None = None, base_url: str | None = None) -> Path:
    """Load the datasets (same resolution as the dashboard) and write the site into `out`."""
    folder = Path(folder or arrivals_folder())
    write(Path(out), Arrivals.load(folder), folder, base_url)
    return Path(out)
