"""What the page's callbacks fill, and the first paint fills with the same functions: the chart card's outputs
(`main_outputs`, `compare_outputs`, the Table tab `main_table`, the Sources tab `sources_children`), the revisions'
and breakdowns' (`revision_outputs`, `breakdown_outputs`), the lookup's answers, and what the URL callback sets
(the language link, notices, tab links, the year boxes, the menus' choices).

Each is pure in (view, immutable data), so the costly ones are cached per process; `page/layout.py` places them
in the page's tree, and callbacks send them as plain JSON (`plain`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd
from dash import html
from plotly.io.json import to_json_plotly

from dashboard import urls
from dashboard.charts import figures
from dashboard.data import CHARTS, SEXES, Arrivals, Status, View
from dashboard.lookup import answers
from dashboard.page import downloads
from dashboard.text import caveats, citations, locale, references
from dashboard.text.catalogue import t
from dashboard.urls import TABS, THEMES, State, encode

FLAGS = ("log", "buckets", "events")  # the options checklist's values: View fields


def lang_href(view: View, revision: int | None, lang: str, theme: str = THEMES[0]) -> str:
    """The same view (and theme) in another language (a full page load, so that <html lang> and every label
    change)."""
    return encode(dataclasses.replace(view, lang=lang), revision, theme=theme)


def notice_children(state: State, lang: str) -> list:
    if not state.notices:
        return []
    return [html.Strong(t("notice_title", lang)),
            html.Ul([html.Li(n.text(lang)) for n in state.notices])]


def tab_links(view: View, revision: int | None, current: str, theme: str = THEMES[0]) -> list:
    """The card's tabs as links: each a URL of the same view (and theme), so they work before and without
    scripts, and the current one marked for screen readers."""
    lang = view.lang
    return [html.A(t(f"tab_{tab}", lang), href=encode(view, revision, tab, theme=theme), className="card-tab",
                   **({"aria-current": "page"} if tab == current else {}), **{"data-tab": tab})
            for tab in TABS]


@lru_cache(maxsize=64)  # pure in (question, lang, immutable data)
def lookup_children(query: str, lang: str, arrivals: Arrivals) -> list:
    """The lookup's answers as the page shows them: what was read, then each figure with its sentence, the view
    that shows it, and its citation in every format, each with a copy button. Nothing for no question."""
    if not query.strip():
        return []
    found = answers.lookup(arrivals, query, lang)
    items = []
    for n, answer in enumerate(found.answers):
        formats = [html.Details([html.Summary(references.STYLE_NAMES[fmt]),
                                 downloads.copyable(answer.citations[fmt], f"lookup-{n}-{fmt}", lang, tag=html.Pre)])
                   for fmt in references.FORMATS]
        items.append(html.Li([
            html.P(answer.text, className="lookup-text"),
            *([html.P(html.A(t("lookup_permalink", lang), href=answer.permalink, className="lookup-permalink"))]
              if answer.permalink else []),
            html.Details([html.Summary(t("lookup_cite", lang)), *formats], className="lookup-cite"),
        ], className=f"lookup-answer lookup-{answer.status}",
            **{"data-measure": answer.measure, "data-sex": answer.sex, "data-period-start": answer.period_start,
               "data-period-end": answer.period_end, "data-value": str(answer.as_dict()["value"]),
               "data-status": answer.status}))
    return [html.P(found.message, className="lookup-message", **{"data-status": found.status}),
            *([html.Ol(items, className="lookup-answers")] if items else [])]


def control_options(view: View) -> tuple[list[dict], list[dict], list[dict]]:
    """The sex, chart type and option choices for `view`, those that would change nothing disabled (the note
    under the controls says why, `unavailable_reasons`): every sex for women's share (one series), side by side
    for it too (nothing to set beside), and the log scale where `View.log_applies` would refuse it."""
    lang, share = view.lang, view.metric == "share"
    log_off = not dataclasses.replace(view, log=True).log_applies
    return ([{"label": t(f"sex_{s}", lang), "value": s, "disabled": share} for s in SEXES],
            [{"label": t(f"chart_{c}", lang), "value": c, "disabled": share and c == "grouped"} for c in CHARTS],
            [{"label": t(f"opt_{o}", lang), "value": o, "disabled": o == "log" and log_off} for o in FLAGS])


def unavailable_reasons(view: View) -> list[str]:
    """Why a control of `view` is disabled (control_options), in words."""
    lang = view.lang
    return [t(key, lang) for key, off in (("share_sex_note", view.metric == "share"),
                                          ("log_unavailable", not dataclasses.replace(view, log=True).log_applies))
            if off]


def vintage_options(arrivals: Arrivals, view: View) -> list[dict]:
    """The vintage menu: the latest figures, then MOU's publications that draw figures for the view's years
    (`Arrivals.vintage_menu`: tables, then announcements, newest first), each named by its kind, publication date
    and the month its figures run to, an announcement also by the outlets that reported it; never by an id or a
    host. A vintage the URL names outside the menu (an old link's) stays listed, so the menu shows what is drawn."""
    lang = view.lang
    menu = arrivals.vintage_menu(lang, view.start, view.end)
    options = [{"label": t("vintage_latest", lang), "value": "latest"},
               *({"label": vintage_label(row, lang), "value": row.publication}
                 for row in menu.itertuples(index=False))]
    if view.vintage not in {o["value"] for o in options}:
        options.append({"label": view.vintage, "value": view.vintage})
    return options


def vs_options(arrivals: Arrivals, view: View) -> list[dict]:
    """What a view may be drawn against: nothing, or one of the vintage menu's publications (the series as known
    the day it appeared); a day the URL names (vs=2012-06-01) is listed as that day."""
    options = [{"label": t("vs_none", view.lang), "value": ""},
               *(o for o in vintage_options(arrivals, view)[1:] if o["value"] in urls.publication_ids(arrivals))]
    if view.vs not in {o["value"] for o in options}:
        options.append({"label": t("series_asof", view.lang, date=locale.date_text(view.vs, view.lang)),
                        "value": view.vs})
    return options


def vintage_label(publication, lang: str) -> str:
    """One menu entry's words, from a row of `Arrivals.publication_list`."""
    group = t(f"vintage_group_{'table' if publication.kind == 'table' else 'announcement'}", lang)
    published = citations.publication(publication.published, publication.published_after, lang)
    covers = locale.date_text(publication.covers_end[:7], lang) if publication.covers_end else "–"
    if publication.kind == "table":
        return t("vintage_entry_titled", lang, group=group, title=publication.title, published=published,
                 covers=covers)
    names = t("vintage_witnesses", lang, names=publication.witnesses) if publication.witnesses else ""
    return t("vintage_entry", lang, group=group, published=published, covers=covers, witnesses=names)


def drawn_years(view: View, arrivals: Arrivals) -> tuple[int, int]:
    """The first and last year the chart of `view` draws, as the year boxes show them: the URL may ask for 1998
    where the series without multi-year totals starts in 2002, or run past a vintage's last year."""
    years = arrivals.series(view)["year"]
    return (int(years.min()), int(years.max())) if len(years) else (view.start, view.end)


@lru_cache(maxsize=32)  # pure in (view, immutable data): each view is built once per process
def main_outputs(view: View, arrivals: Arrivals) -> dict:
    """Everything in the chart card that follows the view: title, subtitle, note, key, figure, summary, source
    line, short caveats, the events' key, the full sources panel, the table, the choices that apply (the vintage
    menu among them: the publications that draw figures for the view's years)."""
    lang = view.lang
    frame = arrivals.series(view)
    cited = arrivals.citations(frame["source"])
    notes = unavailable_reasons(view)
    records = arrivals.caveats(frame, view)
    full = figures.main_chart(arrivals, view)
    shown = shown_rows(view, arrivals)
    return {
        "title": figures.plain_title(full),
        "subtitle": figures.plain_title(full, subtitle=True),
        "note": " ".join(notes),
        "key": chart_key(full.layout.meta.get("key", []), frame, lang),
        "figure": figures.screen(full),
        "summary": figures.summary(frame, view, lang),
        "source": source_children(cited, view, lang),
        "caveats": caveat_lines(records, view, lang),
        "events": [html.Li([html.Span(e["number"], className="event-number"), " ", e["label"], " (",
                            html.A(e["publisher"], href=e["url"], rel="noopener noreferrer"), ")"])
                   for e in full.layout.meta.get("events", [])],
        "sources": sources_children(cited, caveats.texts(records, lang), lang, other_figures(arrivals, view)),
        "table": main_table(shown, view, arrivals),
        **dict(zip(("sex_options", "chart_options", "flag_options"), control_options(view))),
        "vintage_options": vintage_options(arrivals, view),
        "vs_options": vs_options(arrivals, view),
        **compare_outputs(view, arrivals),
    }


def compare_outputs(view: View, arrivals: Arrivals) -> dict:
    """The revision chart of a compare view (vs=), its summary, and whether it is hidden (no vs: nothing to
    compare, and an empty chart says nothing)."""
    if not view.vs:
        return {"vs_figure": figures.screen(figures.placeholder_figure(view.lang)), "vs_summary": "", "vs_hidden": True}
    figure, summary = figures.compare_figure(arrivals, view)
    return {"vs_figure": figures.screen(figure), "vs_summary": summary, "vs_hidden": False}


MEASURE_OF = {"count": "count", "share": "share", "cumulative": "cumulative"}  # metric -> the lookup's measure


def main_table(shown: pd.DataFrame, view: View, arrivals: Arrivals, highlight: str = "") -> list:
    """The Table tab: the view's rows, each linking to the same view with that figure highlighted (hl=); under
    them, the highlighted figure's citation in every format, each with a copy button."""
    lang = view.lang
    keys = [urls.highlight_key(end, sex) for end, sex in zip(shown["period_end"], shown["sex"])]
    links = [encode(view, None, "table", highlight=key) for key in keys]
    columns = ["label", *[c for c in shown.columns if c not in ("year", "label")]]
    out = [data_table(named_sources(shown, arrivals, lang), columns, lang, links=links,
                      current=keys.index(highlight) if highlight in keys else None)]
    if highlight in keys:
        row = shown.iloc[keys.index(highlight)]
        cited = answers.figure_citations(arrivals, MEASURE_OF.get(view.metric, ""), row["period_start"],
                                         row["period_end"], row["sex"], row["value"], row["source"])
        out.append(html.Section([
            html.H4(t("table_cited", lang)),
            *([html.Details([html.Summary(references.STYLE_NAMES[fmt]),
                             downloads.copyable(cited[fmt], f"figure-cite-{fmt}", lang, tag=html.Pre)], open=n == 0)
               for n, fmt in enumerate(references.FORMATS)] if cited else [html.P(t("table_not_printed", lang))]),
        ], className="figure-cite", **{"data-highlight": highlight}))
    return out


def named_sources(shown: pd.DataFrame, arrivals: Arrivals, lang: str) -> pd.DataFrame:
    """A series' rows as a reader reads them: the vintage and the source by name (an MOU table's title, a press
    report's outlet; never an id) and the publication date as the evidence gives it ("on or after 4 Feb 2026" for a
    table stating none), never the ordering date as_of alone."""
    cited = {c.source: c for c in arrivals.citations(shown["source"])}
    return shown.assign(vintage=shown["source"].map(lambda s: citations.name(cited[s], lang)),
                        as_of=shown["source"].map(lambda s: _published_cell(cited[s], lang)),
                        source=shown["source"].map(lambda s: citations.publisher(cited[s], lang)))


def _published_cell(citation, lang: str) -> str:
    """A Table cell's publication date, short: the date the source states, else 'on or after' its lower bound."""
    if citation.published or not citation.published_after:
        return locale.date_text(citation.published, lang) if citation.published else t("date_published_unknown", lang)
    return t("table_on_or_after", lang, date=locale.date_text(citation.published_after, lang))


def chart_key(entries: list[dict], frame: pd.DataFrame, lang: str) -> list:
    """The chart's key as HTML beside it: one swatch per series, and the style of provisional or part-year
    figures when the view shows any. Words that wrap, instead of a legend inside the plot."""
    items = [html.Span([html.Span(className=f"swatch swatch-{e['type']} swatch-{e['sex']}",
                                  style={"--swatch": e["colour"]}), e["name"]], className="key-item")
             for e in entries]
    if (frame["status"] != Status.FINAL).any() if len(frame) else False:
        items.append(html.Span([html.Span(className="swatch swatch-provisional"), t("key_provisional", lang)],
                               className="key-item"))
    return items


def caveat_lines(records, view: View, lang: str) -> list:
    """At most three short caveats under the chart (provisional, multi-year totals, part-year figures), and one
    line counting the revised figures, linking to the revisions view of the newest; the rest is in Sources."""
    lines = [html.Li(text) for text in caveats.headline(records, lang)]
    revised = [c for c in records if c.kind == "revised"]
    if revised:
        year = max(int(end[:4]) for c in revised for _, end, _ in c.periods)
        lines.append(html.Li([t("caveat_short_revised", lang, n=len(revised)), " ",
                              html.A(t("see_revisions", lang), href=encode(view, year) + "#revisions")]))
    return lines


def source_children(cited: list, view: View, lang: str) -> list:
    """The one-line source under the chart, linking to the Sources tab."""
    return [citations.source_line(cited, lang), " ",
            html.A(t("sources_link", lang), href=encode(view, None, "sources"), className="sources-link")]


def sources_children(cited: list, notes: list[str], lang: str, others: Sequence = ()) -> list:
    """The Sources tab: the full citation of each source, every caveat on the view, then `others`, the figures of
    the view's years that are no MOU publication (other_figures)."""
    out = [html.H3(t("citation", lang))]
    for citation in cited:
        items = []
        for label, text in citations.block(citation, lang):
            value = html.A(text, href=text, rel="noopener noreferrer") if text.startswith(("http://", "https://")) \
                else text
            items.extend([html.Dt(label), html.Dd(value)])
        out.append(html.Dl(items, **{"data-source": citation.source}))
    out.append(html.H3(t("cite_caveats", lang)))
    out.append(html.Ul([html.Li(c) for c in notes]) if notes else html.P(t("cite_none", lang)))
    return [*out, *others]


def other_figures(arrivals: Arrivals, view: View) -> list:
    """The short table of figures that are no MOU publication for periods ending in the view's years (Daily NK's,
    ICG's, Kinaforum's and Hanawon's own counts): each with its publisher, what it counts (arrivals, or Hanawon
    admissions, never called arrivals), period, count, the report's publication date and address, apart from MOU's
    figures and never one of their vintages or revisions. Empty when none."""
    lang = view.lang
    rows = arrivals.other_figures()
    rows = rows[rows["period_end"].str[:4].astype(int).between(view.start, view.end)]
    if rows.empty:
        return []
    head = html.Tr([html.Th(t(f"col_{c}", lang), scope="col", className="num" if c == "count" else None)
                    for c in ("publisher", "counted", "period", "count", "published", "url")])
    body = [html.Tr([html.Td(r.publisher_ko if lang == "ko" else r.publisher_en),
                     html.Td(t(f"other_counted_{r.counted}", lang), **{"data-counted": r.counted}),
                     html.Td(r.period if r.kind == "flow" else t("other_cumulative", lang,
                                                                  date=locale.date_text(r.period_end, lang))),
                     html.Td(locale.number(r.count, lang), className="num"),
                     html.Td(citations.publication(r.published or "", r.published_after or "", lang)),
                     html.Td(html.A(t("other_report", lang), href=r.url, rel="noopener noreferrer"))])
            for r in rows.itertuples(index=False)]
    return [html.Div([html.H3(t("other_figures", lang), id="other-figures"), html.P(t("other_figures_note", lang)),
                      html.Table([html.Thead(head), html.Tbody(body)], className="data-table sources-table")],
                     className="other-figures")]


def plain(value):
    """A value as plain JSON: components become {type, namespace, props} dicts, the form Dash sends them in."""
    return json.loads(to_json_plotly(value))


NUMERIC = frozenset({"value", "count", "year", "vs_value", "change"})


def shown_rows(view: View, arrivals: Arrivals) -> pd.DataFrame:
    """The rows a view's Table shows: its series, each period labelled as the chart labels it; in a compare view
    (vs=) also the compared vintage's value and the revision, as its data files carry them (`Arrivals.rows`), but
    not the day and vintage asked for, the same in every row (the subtitle says them)."""
    frame = arrivals.rows(view).drop(columns=["asof", "vs"], errors="ignore")
    return frame.assign(label=figures.labels(frame, view.lang))


def data_table(frame: pd.DataFrame, columns: Sequence[str], lang: str, links: Sequence[str] | None = None,
               current: int | None = None) -> html.Table:
    """The rows of a chart as a plain HTML table, headers in the page's language, numbers right-aligned; with
    `links`, a last column linking each row to its own permalink, and row `current` highlighted.

    Hand-written rather than dash-ag-grid: the grid's scripts weigh more than the rest of the page, for tables
    of at most a few dozen rows, which the CSV/XLSX downloads carry whole (docs/performance.md).
    """
    head = html.Tr([html.Th(t(f"col_{c}", lang), scope="col", className="num" if c in NUMERIC else None)
                    for c in columns] + ([html.Th(t("col_cite", lang), scope="col")] if links else []))
    body = []
    for n, row in enumerate(frame[list(columns)].itertuples(index=False)):
        cells = [html.Td(_cell(value, lang, c), className="num" if c in NUMERIC else None)
                 for c, value in zip(columns, row)]
        if links:
            cells.append(html.Td(html.A(t("table_cite_link", lang), href=links[n], className="figure-link")))
        body.append(html.Tr(cells, **({"className": "highlight", "aria-current": "true"} if n == current else {})))
    return html.Table([html.Thead(head), html.Tbody(body)], className="data-table")


def _cell(value, lang: str, column: str = "") -> str:
    """A cell's text: the dataset's own value (as in the CSV), a figure's status and its sex in words (so a
    provisional or multi-year figure says so, and the Korean table says 남성, not male), yes/no for flags,
    nothing for a missing value."""
    if column == "sex" and value in SEXES:
        return t(f"sex_{value}", lang)
    if isinstance(value, Status):
        return t(f"status_{value.value}", lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


@lru_cache(maxsize=64)  # pure in (dimension, lang, vintage, immutable data)
def breakdown_outputs(dimension: str, lang: str, vintage: str, arrivals: Arrivals) -> dict:
    """One breakdown table (or the comparison of all): title, key, image address, summary, the footnote on
    the protective-facility gap, source line and sources."""
    figure, summary, footnote = figures.breakdown_figure(arrivals, dimension, lang, vintage)
    if vintage == figures.COMPARE:
        cited = arrivals.citations(arrivals.breakdown_vintages(dimension)["source"])
        notes = []
    else:
        frame = arrivals.breakdown(dimension, vintage)
        cited = arrivals.citations(frame["source"])
        notes = caveats.texts(arrivals.breakdown_caveats(frame), lang)
    return {"title": figures.plain_title(figure),
            "key": chart_key(figure.layout.meta.get("key", []), pd.DataFrame({"status": []}), lang),
            "src": urls.chart_image_url("breakdown", lang, dimension=dimension, bv=vintage),
            "narrow": urls.chart_image_url("breakdown", lang, width="360", dimension=dimension, bv=vintage),
            "summary": summary, "footnote": footnote, "source": citations.source_line(cited, lang),
            "sources": sources_children(cited, notes, lang)}


@lru_cache(maxsize=256)  # pure in (year, lang, immutable data)
def revision_outputs(year: int | None, lang: str, arrivals: Arrivals) -> dict:
    """The revisions view of the period ending in `year` (every published value): title, key, image address,
    summary, the values' table, and its sources as one compact table."""
    frame = arrivals.publications(year)
    figure, summary = figures.revision_figure(arrivals, year, lang)
    cited = arrivals.citations(frame["source"])
    named = {c.source: citations.name(c, lang) for c in cited}
    frame = frame.assign(publisher=frame["source"].map(named))   # who published each value, never its id
    columns = ["period", "sex", "count", "provisional", "latest", "publisher"]
    notes = caveats.texts(arrivals.caveats(frame), lang)
    return {"title": figures.plain_title(figure),
            "key": chart_key(figure.layout.meta.get("key", []), pd.DataFrame({"status": []}), lang),
            "src": urls.chart_image_url("revisions", lang, rev=year),
            "narrow": urls.chart_image_url("revisions", lang, width="360", rev=year),
            "summary": summary, "table": data_table(frame, columns, lang),
            "sources": [html.H3(t("revision_sources", lang)), sources_table(cited, lang),
                        *([html.Ul([html.Li(c) for c in notes], className="caveats")] if notes else [])]}


def sources_table(cited: list, lang: str) -> html.Table:
    """Many sources as one compact table: publisher, publication date, link (never a source id)."""
    head = html.Tr([html.Th(t(f"col_{c}", lang), scope="col") for c in ("publisher", "published", "url")])
    rows = [html.Tr([html.Td(citations.name(c, lang)),
                     html.Td(citations.published(c, lang)),
                     html.Td(html.A(c.url, href=c.url, rel="noopener noreferrer") if c.url else "–")])
            for c in cited]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="data-table sources-table")
