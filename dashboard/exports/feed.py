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

import calendar
import html
from datetime import UTC, date, datetime
from urllib.parse import urlencode

import pandas as pd
from feedgen.feed import FeedGenerator
from lxml import etree

from dashboard.data import Citation
from dashboard.text import locale

TAG = "tag:nk-arrivals,2026:"   # RFC 4151 tag URIs: stable ids that depend on nothing but the vintage id
LIMIT = 50                      # newest publications in the feed
FEED_FILE = "feed.atom"
MEDIA_TYPE = "application/atom+xml"
SEX = {"en": {"total": "total", "male": "men", "female": "women"},
       "ko": {"total": "합계", "male": "남성", "female": "여성"}}
WORDS = {
    "en": {"new": "new", "revised": "revised", "provisional": "provisional", "approximate": "approximate",
           "new_title": "new figures", "revised_title": "revised figures", "both_title": "new and revised figures",
           "more": "and {n} more periods", "source": "Source", "published": "Published {date}.",
           "after": "Publication date not stated (no earlier than {date}).",
           "seen": "Publication date not stated; first seen on {date}.", "view": "Dashboard view",
           "revisions": "Revisions view", "feed": "nk-arrivals: new and revised figures",
           "about": "about {n}"},
    "ko": {"new": "신규", "revised": "수정", "provisional": "잠정", "approximate": "근사치",
           "new_title": "신규 수치", "revised_title": "수정된 수치", "both_title": "신규·수정 수치",
           "more": "외 {n}개 기간", "source": "출처", "published": "{date} 발표.",
           "after": "발표일 미상({date} 이후).", "seen": "발표일 미상, {date} 처음 확인.", "view": "대시보드 보기",
           "revisions": "수정 내역 보기", "feed": "nk-arrivals: 새로 나오거나 수정된 수치", "about": "약 {n}"},
}
QUARTERS = {(1, 3): 1, (4, 6): 2, (7, 9): 3, (10, 12): 4}
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}


def period_name(start: str, end: str, lang: str) -> str:
    """'2025', '2026 H1' / '2026년 상반기', '2022 Q3' / '2022년 3분기', '2022 Jan–Sep' / '2022년 1~9월',
    'up to 1998' / '1998년까지', '1999–2001' / '1999~2001년', '1 Jan–15 Sep 2005' / '2005년 1월 1일~9월 15일'."""
    e = date.fromisoformat(end)
    if not start:
        return f"up to {e.year}" if lang == "en" else f"{e.year}년까지"
    s = date.fromisoformat(start)
    if s.year != e.year:
        return f"{s.year}–{e.year}" if lang == "en" else f"{s.year}~{e.year}년"
    whole_months = s.day == 1 and e.day == calendar.monthrange(e.year, e.month)[1]
    months = (s.month, e.month)
    if not whole_months:
        if lang == "en":
            return f"{s.day} {locale.MONTHS_EN[s.month - 1]}–{e.day} {locale.MONTHS_EN[e.month - 1]} {e.year}"
        return f"{e.year}년 {s.month}월 {s.day}일~{e.month}월 {e.day}일"
    if months == (1, 12):
        return f"{e.year}" if lang == "en" else f"{e.year}년"
    if months in ((1, 6), (7, 12)):
        half = months == (1, 6)
        return f"{e.year} {'H1' if half else 'H2'}" if lang == "en" else f"{e.year}년 {'상반기' if half else '하반기'}"
    if months in QUARTERS:
        return f"{e.year} Q{QUARTERS[months]}" if lang == "en" else f"{e.year}년 {QUARTERS[months]}분기"
    if s.month == e.month:
        return f"{locale.MONTHS_EN[s.month - 1]} {e.year}" if lang == "en" else f"{e.year}년 {s.month}월"
    if lang == "en":
        return f"{e.year} {locale.MONTHS_EN[s.month - 1]}–{locale.MONTHS_EN[e.month - 1]}"
    return f"{e.year}년 {s.month}~{e.month}월"


def _count(value, approximate: bool, lang: str) -> str:
    text = locale.number(int(value), lang, unit=True)
    return WORDS[lang]["about"].format(n=text) if approximate else text


def _figures(rows: pd.DataFrame, lang: str) -> str:
    """'2025 — total 224 → 223, men 26 → 25 (revised)' for one period's changes in one publication."""
    words, parts = WORDS[lang], []
    for r in rows.itertuples():
        was = f"{_count(r.old_count, False, lang)} → " if r.change == "revised" else ""
        parts.append(f"{SEX[lang][r.sex]} {was}{_count(r.count, r.approximate, lang)}")
    flags = [words[k] for k in dict.fromkeys(rows["change"])]
    flags += [words[k] for k in ("provisional", "approximate") if rows[k].any()]
    return f"{period_name(rows['period_start'].iloc[0], rows['period_end'].iloc[0], lang)} — " \
           f"{', '.join(parts)} ({', '.join(flags)})"


def _date_line(first: pd.Series, lang: str) -> str:
    words = WORDS[lang]
    if first["published"]:
        return words["published"].format(date=locale.date_text(first["published"], lang))
    if first["published_after"]:
        return words["after"].format(date=locale.date_text(first["published_after"], lang))
    return words["seen"].format(date=locale.date_text(first["as_of"], lang))


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
    years = sorted({int(e[:4]) for e in rows["period_end"]})
    revised = sorted({int(e[:4]) for e in rows.loc[rows["change"] == "revised", "period_end"]})
    view = {"from": years[0], "to": years[-1], "sex": "both"}
    return {"en": base_url + "?" + urlencode(view), "ko": base_url + "?" + urlencode({**view, "lang": "ko"}),
            "revisions": base_url + "?" + urlencode({**view, "rev": (revised or years)[-1]})}


def _entry_text(rows: pd.DataFrame, citation: Citation | None, lang: str) -> tuple[str, list[str]]:
    """(title, lines) of one publication's entry in one language."""
    words = WORDS[lang]
    periods = list(dict.fromkeys(zip(rows["period_start"], rows["period_end"])))
    names = [period_name(s, e, lang) for s, e in periods]
    named = ", ".join(names[:3]) + (f" {words['more'].format(n=len(names) - 3)}" if len(names) > 3 else "")
    kinds = set(rows["change"])
    kind = words["both_title"] if len(kinds) == 2 else words[f"{kinds.pop()}_title"]
    title = f"{named}: {kind} — {_source_name(citation, rows['source'].iloc[0], lang)}"
    lines = [_figures(group, lang) for _, group in rows.groupby(["period_start", "period_end"], sort=False)]
    return title, lines


def atom(changes: pd.DataFrame, citations: list[Citation], base_url: str = "./", limit: int = LIMIT) -> bytes:
    """The feed of the `limit` newest publications in `changes` (Arrivals.changes()), as Atom 1.0 bytes."""
    cited = {c.source: c for c in citations}
    frame = changes.fillna({"published": "", "published_after": ""}).copy()
    for column in ("published", "published_after", "period_start"):
        frame[column] = frame[column].fillna("")
    order = frame[["vintage", "as_of"]].drop_duplicates("vintage").sort_values(["as_of", "vintage"], ascending=False)
    fg = FeedGenerator()
    fg.id(TAG + "feed")
    fg.title(f"{WORDS['en']['feed']} · {WORDS['ko']['feed']}")
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
        entry_links[TAG + "publication/" + vintage] = [
            {"href": links["en"], "rel": "alternate", "type": "text/html", "hreflang": "en",
             "title": WORDS["en"]["view"]},
            {"href": links["ko"], "rel": "alternate", "type": "text/html", "hreflang": "ko",
             "title": WORDS["ko"]["view"]},
            {"href": links["revisions"], "rel": "related", "type": "text/html", "title": WORDS["en"]["revisions"]}]
        if citation is not None and citation.url.startswith(("http://", "https://")):
            entry_links[TAG + "publication/" + vintage].append(
                {"href": citation.url, "rel": "via", "title": _source_name(citation, vintage, "en")})
        for link in entry_links[TAG + "publication/" + vintage]:
            entry.link(**link)
        entry.summary("\n".join(text["en"][1] + [dated["en"], ""] + text["ko"][1] + [dated["ko"]]))
        entry.content(_content(text, dated, links, citation), type="html")
    fg.updated(newest or datetime(2026, 1, 1, tzinfo=UTC))
    return _with_entry_links(fg.atom_str(pretty=False), entry_links)


def _with_entry_links(document: bytes, entry_links: dict[str, list[dict]]) -> bytes:
    """feedgen 1.0.0 writes an entry's links with their href only (its loop variable shadows the link's data), so
    rel, type, hreflang and title are set again here, in the order they were given."""
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
    """The entry as HTML: an English and a Korean section, each with its figures, date, source and links."""
    sections = []
    for lang in ("en", "ko"):
        words = WORDS[lang]
        items = "".join(f"<li>{html.escape(line)}</li>" for line in text[lang][1])
        source = ""
        if citation is not None:
            title = citation.title_ko if lang == "ko" and citation.title_ko else citation.title_en
            name = html.escape(" — ".join(filter(None, [_source_name(citation, citation.source, lang), title])))
            url = html.escape(citation.url, quote=True)
            source = f"<p>{words['source']}: " + (f'<a href="{url}">{name}</a>' if url else name) + "</p>"
        sections.append(
            f'<section lang="{lang}"><ul>{items}</ul><p>{html.escape(dated[lang])}</p>{source}'
            f'<p><a href="{html.escape(links[lang], quote=True)}">{words["view"]}</a> · '
            f'<a href="{html.escape(links["revisions"], quote=True)}">{words["revisions"]}</a></p></section>')
    return "".join(sections)
