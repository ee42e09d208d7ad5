"""The Atom 1.0 feed of new and revised figures, made with feedgen from the change log (changes.csv).

One entry per publication (vintage) that added or revised figures, newest first. Each entry names the periods and
figures in English and in Korean: the title carries both ("English · 한국어"), the summary is the English text then
the Korean one, and the content is HTML with an English and a Korean section (`lang` attributes), so a reader that
shows any one of the three shows both languages. Links: the dashboard view of the entry's years (English and Korean
`alternate`s), the revisions view (`related`, `rev=` the newest revised year, else the newest year) and the source
(`via`). `updated` is the publication date the source states, else its lower bound, else the date the figure was
first seen (live pages state no date); never the build time, so the same data always gives the same bytes.

Pure: `atom(changes, citations, base_url)` -> bytes. `base_url` is the dashboard's address ending in "/"; the
default "./" makes every link relative to the feed's own location (a feed reader resolves them against the feed's
URL, RFC 4287 §2, so no xml:base is needed).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pandas as pd

from dashboard import urls
from dashboard.data import Citation, View
from dashboard.templates import render
from dashboard.text import locale
from dashboard.text.catalogue import t
from dashboard.text.citations import publication

TAG = "tag:nk-arrivals,2026:"   # RFC 4151 tag URIs: stable ids that depend on nothing but the vintage id
LIMIT = 50                      # newest publications in the feed
FEED_FILE = urls.FEED_ROUTE.lstrip("/")  # the site writes the feed where the app serves it
MEDIA_TYPE = "application/atom+xml"
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}
BUCKETS_END = 2001  # a view reaching back to the multi-year totals shows them


def _count(value, approximate: bool, lang: str) -> str:
    text = locale.number(int(value), lang, unit=True)
    return t("feed_about", lang, n=text) if approximate else text


def figures_line(rows: pd.DataFrame, lang: str) -> str:
    """'2025 — total 224 → 223, men 26 → 25 (revised)' for one period's changes in one publication."""
    parts = []
    for r in rows.itertuples():
        was = f"{_count(r.old_count, False, lang)} → " if r.change == "revised" else ""
        parts.append(f"{t(f'feed_sex_{r.sex}', lang)} {was}{_count(r.count, r.approximate, lang)}")
    flags = [t(f"feed_{k}", lang) for k in dict.fromkeys(rows["change"])]
    flags += [t(f"feed_{k}", lang) for k in ("provisional", "approximate") if rows[k].any()]
    return f"{locale.period_name(rows['period_start'].iloc[0], rows['period_end'].iloc[0], lang)} — " \
           f"{', '.join(parts)} ({', '.join(flags)})"


def _date_line(first: pd.Series, lang: str) -> str:
    if first["published"] or first["published_after"]:
        return locale.sentence(publication(first["published"], first["published_after"], lang)) + "."
    return t("feed_seen", lang, date=locale.date_text(first["as_of"], lang))


def _updated(first: pd.Series) -> datetime:
    """The publication date, else its lower bound, else the date first seen; a year-month is its first day."""
    text = first["published"] or first["published_after"] or first["as_of"]
    parts = [int(p) for p in text.split("-")] + [1]
    return datetime(parts[0], parts[1], parts[2], tzinfo=UTC)


def _source_name(citation: Citation | None, source: str, lang: str) -> str:
    if citation is None:
        return source
    publisher = citation.publisher_ko if lang == "ko" and citation.publisher_ko else citation.publisher_en
    return publisher or source


def _links(rows: pd.DataFrame, base_url: str) -> dict[str, str]:
    """The dashboard views of an entry's years (the URL grammar's own addresses), in both languages, and the
    revisions view of the newest revised year (else the newest year), in both languages too."""
    years = sorted({int(e[:4]) for e in rows["period_end"]})
    revised = sorted({int(e[:4]) for e in rows.loc[rows["change"] == "revised", "period_end"]})
    view = View(start=years[0], end=years[-1], sex="both", buckets=years[0] <= BUCKETS_END)
    korean = replace(view, lang="ko")
    year = (revised or years)[-1]
    return {"en": urls.page_url(view, base=base_url), "ko": urls.page_url(korean, base=base_url),
            "revisions": urls.page_url(view, year, base=base_url),
            "revisions_ko": urls.page_url(korean, year, base=base_url)}


def _entry_text(rows: pd.DataFrame, citation: Citation | None, lang: str) -> tuple[str, list[str]]:
    """(title, lines) of one publication's entry in one language."""
    periods = list(dict.fromkeys(zip(rows["period_start"], rows["period_end"])))
    names = [locale.period_name(s, e, lang) for s, e in periods]
    named = ", ".join(names[:3]) + (f" {t('feed_more', lang, n=len(names) - 3)}" if len(names) > 3 else "")
    kinds = set(rows["change"])
    kind = t("feed_both_title", lang) if len(kinds) == 2 else t(f"feed_{kinds.pop()}_title", lang)
    title = f"{named}: {kind} — {_source_name(citation, rows['source'].iloc[0], lang)}"
    lines = publication_lines(rows, lang)
    return title, lines


def atom(changes: pd.DataFrame, citations: list[Citation], base_url: str = "./", limit: int = LIMIT) -> bytes:
    """The feed of the `limit` newest publications in `changes` (Arrivals.changes()), as Atom 1.0 bytes."""
    cited = {c.source: c for c in citations}
    frame = changes.fillna({"published": "", "published_after": ""}).copy()
    for column in ("published", "published_after", "period_start"):
        frame[column] = frame[column].fillna("")
    order = newest_first(frame)
    from feedgen.feed import FeedGenerator  # here, not at the top: feedgen and lxml are a server's start for one route

    fg = FeedGenerator()
    fg.id(TAG + "feed")
    fg.title(f"{t('feed_title', 'en')} · {t('feed_title', 'ko')}")
    fg.subtitle("North Koreans arriving in South Korea, Ministry of Unification figures: each publication that added "
                "or revised a figure · 통일부 북한이탈주민 입국 수치: 수치를 새로 내거나 수정한 발표")
    fg.author({"name": "nk-arrivals"})
    fg.link(href=base_url, rel="alternate", type="text/html")
    fg.link(href=base_url + FEED_FILE, rel="self", type=MEDIA_TYPE)
    fg.rights("Figures: Ministry of Unification (통일부), KOGL Type 1 (source attribution); press reports are cited "
              "for their figures only.")
    newest = None
    entry_links: dict[str, list[dict]] = {}
    for vintage in order["vintage"].head(limit):
        rows = frame[frame["vintage"] == vintage]
        rows = rows.sort_values(["period_end", "period_start"], kind="stable")
        first = rows.iloc[0]
        citation = cited.get(first["source"])
        updated = _updated(first)
        newest = max(newest or updated, updated)
        links = _links(rows, base_url)
        text = {lang: _entry_text(rows, citation, lang) for lang in ("en", "ko")}
        dated = {lang: _date_line(first, lang) for lang in ("en", "ko")}
        entry = fg.add_entry(order="append")
        entry.id(TAG + "publication/" + vintage)
        entry.title(f"{text['en'][0]} · {text['ko'][0]}")
        entry.updated(updated)
        entry.published(updated)
        # the Korean alternate first: feed readers (feedparser, and the readers built on it) take the last
        # alternate as the entry's link, which should be the feed's first language
        entry_links[TAG + "publication/" + vintage] = [
            {"href": links["ko"], "rel": "alternate", "type": "text/html", "hreflang": "ko",
             "title": t("feed_view", "ko")},
            {"href": links["en"], "rel": "alternate", "type": "text/html", "hreflang": "en",
             "title": t("feed_view", "en")},
            {"href": links["revisions"], "rel": "related", "type": "text/html", "hreflang": "en",
             "title": t("feed_revisions", "en")},
            {"href": links["revisions_ko"], "rel": "related", "type": "text/html", "hreflang": "ko",
             "title": t("feed_revisions", "ko")}]
        if citation is not None and citation.url.startswith(("http://", "https://")):
            entry_links[TAG + "publication/" + vintage].append(
                {"href": citation.url, "rel": "via", "title": _source_name(citation, vintage, "en")})
        for link in entry_links[TAG + "publication/" + vintage]:
            entry.link(**link)
        entry.summary("\n".join(text["en"][1] + [dated["en"], ""] + text["ko"][1] + [dated["ko"]]))
        entry.content(_content(text, dated, links, citation), type="html")
    fg.updated(newest or datetime(2026, 1, 1, tzinfo=UTC))
    return _with_entry_links(fg.atom_str(pretty=False), entry_links)


def newest_first(changes: pd.DataFrame) -> pd.DataFrame:
    """The publications in a change log, newest first: vintage, as_of."""
    return changes[["vintage", "as_of"]].drop_duplicates("vintage").sort_values(["as_of", "vintage"],
                                                                                ascending=False)


def publication_lines(rows: pd.DataFrame, lang: str) -> list[str]:
    """One line per period of one publication's changes: '2025 — total 224 → 223, men 26 → 25 (revised)'."""
    rows = rows.sort_values(["period_end", "period_start"], kind="stable")
    return [figures_line(group, lang) for _, group in rows.groupby(["period_start", "period_end"], sort=False)]


def _with_entry_links(document: bytes, entry_links: dict[str, list[dict]]) -> bytes:
    """feedgen 1.0.0 writes an entry's links with their href only (its loop variable shadows the link's data), so
    rel, type, hreflang and title are set again here, in the order they were given."""
    from lxml import etree  # with feedgen, which needs it too

    root = etree.fromstring(document, etree.XMLParser(remove_blank_text=True))
    for element in root.findall("atom:entry", ATOM_NS):
        wanted = entry_links[element.findtext("atom:id", namespaces=ATOM_NS)]
        found = element.findall("atom:link", ATOM_NS)
        assert [e.get("href") for e in found] == [link["href"] for link in wanted]
        for link_element, link in zip(found, wanted):
            for name, value in link.items():
                link_element.set(name, value)
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _content(text: dict, dated: dict, links: dict, citation: Citation | None) -> str:
    """The entry as HTML (templates/feed_entry.html): an English and a Korean section, each with its figures, date,
    source and links."""
    sections = []
    for lang in ("en", "ko"):
        source = None
        if citation is not None:
            title = citation.title_ko if lang == "ko" and citation.title_ko else citation.title_en
            source = {"name": " — ".join(filter(None, [_source_name(citation, citation.source, lang), title])),
                      "url": citation.url}
        sections.append({"lang": lang, "lines": text[lang][1], "dated": dated[lang], "source": source,
                         "view": links[lang], "revisions": links["revisions" if lang == "en" else "revisions_ko"]})
    return render("feed_entry.html", sections=sections)
