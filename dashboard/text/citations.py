"""Citation text: the source line of every chart and file, and the citation block of the Sources tab.

Generated only from `Citation` records (sources.csv) and datapackage.json, so the words under a chart, inside an
exported image and in a file's notes cannot disagree with the data. Three dates are kept apart everywhere: the
period the figures run to, when the source was published (or the earliest it can have been, where the copy does
not say), and when a copy was seen. The date a copy was seen is never called an "as of" or publication date.
"""

from __future__ import annotations

from dashboard.data import Citation
from dashboard.text import locale
from dashboard.text.catalogue import t

MOU = "통일부"  # publisher_ko of the ministry's own tables; a press copy names its site instead


def publisher(citation: Citation, lang: str) -> str:
    """'Ministry of Unification (MOU), Republic of Korea (통일부)' in English, '통일부' in Korean."""
    if lang == "ko" and citation.publisher_ko:
        return citation.publisher_ko
    if citation.publisher_ko and citation.publisher_ko != citation.publisher_en:
        return f"{citation.publisher_en} ({citation.publisher_ko})"
    return citation.publisher_en or citation.publisher_ko


def name(citation: Citation, lang: str) -> str:
    """What a reader knows a source by, never its id: a press report's outlet, an MOU table's or release's title."""
    if _reporter(citation):
        return (citation.publisher_ko if lang == "ko" else citation.publisher_en) or citation.publisher_en
    return title(citation, lang)


def title(citation: Citation, lang: str) -> str:
    """The table title in the reader's language, falling back to the other one."""
    first, second = (citation.title_ko, citation.title_en) if lang == "ko" else (citation.title_en, citation.title_ko)
    return first or second or citation.url


def covers(citation: Citation, lang: str) -> str:
    """'figures to December 2025 (provisional)': the period the source's figures run to."""
    if not citation.covers_to:
        return ""
    month = locale.date_text(citation.covers_to[:7], lang)
    return t("date_covers_provisional" if citation.provisional else "date_covers", lang, month=month)


def publication(published: str, published_after: str, lang: str) -> str:
    """'published 11 Jan 2012', 'published on or after 4 Feb 2026 (date not stated)' or 'publication date not stated':
    one wording for source lines, citations and feed entries (ISO dates in, "" where unknown)."""
    if published:
        return t("date_published", lang, date=locale.date_text(published, lang))
    if published_after:
        return t("date_published_after", lang, date=locale.date_text(published_after, lang))
    return t("date_published_unknown", lang)


def published(citation: Citation, lang: str) -> str:
    """The publication phrase of a source."""
    return publication(citation.published, citation.published_after, lang)


def seen(citation: Citation, lang: str) -> str:
    """'copy seen 22 Nov 2026': when the copy the figures were read from was obtained."""
    return t("date_seen", lang, date=locale.date_text(citation.retrieved_at[:10], lang)) \
        if citation.retrieved_at else ""


def latest(cited: list[Citation]) -> Citation | None:
    """The main source of a set of rows: the one whose figures run latest, whose dates are the rows' dates."""
    dated = [c for c in cited if c.covers_to]
    return max(dated, key=lambda c: c.covers_to) if dated else None


def date_rows(citation: Citation | None, lang: str) -> list[tuple[str, str]]:
    """(heading, text) rows of a source's three dates, as the Sources tab and a file's notes show them: the month
    its figures run to ('December 2025 (provisional)'), when it was published ('not stated in the source; on or after
    4 Feb 2026') and when its copy was seen ('22 Nov 2026'). Unknown dates are left out, except publication."""
    if citation is None:
        return []
    rows = []
    if citation.covers_to:
        month = locale.date_text(citation.covers_to[:7], lang)
        rows.append((t("dates_figures_to", lang),
                     f"{month} ({t('dates_provisional', lang)})" if citation.provisional else month))
    if citation.published:
        published_text = locale.date_text(citation.published, lang)
    elif citation.published_after:
        published_text = t("dates_published_after", lang, date=locale.date_text(citation.published_after, lang))
    else:
        published_text = t("dates_published_unknown", lang)
    rows.append((t("dates_published", lang), published_text))
    if citation.retrieved_at:
        rows.append((t("dates_copy_seen", lang), locale.date_text(citation.retrieved_at[:10], lang)))
    return rows


def _reporter(citation: Citation) -> bool:
    return citation.publisher_ko != MOU


def short(citation: Citation, lang: str, owner: str = "") -> str:
    """The one line under a chart: 'Source: Ministry of Unification (통일부), figures to Dec 2025 (provisional).'
    A press report names the ministry's figures as reported by its site, with the article's date; a figure that is
    no MOU publication (other_figures.csv) names its `owner` instead, and the report that printed it."""
    if owner:
        reporter = name(citation, lang)
        return (t("source_line_owned", lang, owner=owner, published=published(citation, lang)) if reporter == owner
                else t("source_line_owned_reported", lang, owner=owner, reporter=reporter,
                       published=published(citation, lang)))
    if _reporter(citation):
        return t("source_line_reported", lang, publisher=name(citation, lang),
                 published=published(citation, lang))
    return t("source_line", lang, publisher=t("mou_name", lang), covers=covers(citation, lang))


def long(citation: Citation, lang: str, owner: str = "") -> str:
    """Everything a reader needs to find and date the source: the short line (`short`, with the figure's `owner`
    where it is not MOU), title, publication date, URL, the copy seen, licence and the third-party copy it came
    through, if any."""
    parts = [short(citation, lang, owner), title(citation, lang) + ".",
             locale.sentence(published(citation, lang)) + ("; " + seen(citation, lang) if seen(citation, lang) else "")
             + ".", citation.url, f"{t('cite_licence', lang)}: {citation.licence}."]
    if citation.via:
        parts.append(f"{t('cite_via', lang)}: {citation.via}.")
    return " ".join(p for p in parts if p and p != ".")


def source_line(citations: list[Citation], lang: str) -> str:
    """The line printed with a chart: the first (main) source, and the count of any others."""
    if not citations:
        return ""
    line = short(citations[0], lang)
    return line + t("source_line_more", lang, n=len(citations) - 1) if len(citations) > 1 else line


def block(citation: Citation, lang: str) -> list[tuple[str, str]]:
    """(label, text) rows of the full citation in the Sources tab; the URL row is rendered as a link."""
    dates = date_rows(citation, lang)
    label = [(t("cite_label", lang), citation.as_of_label)] if citation.as_of_label else []
    rows = [
        (t("cite_publisher", lang), publisher(citation, lang)),
        (t("cite_title", lang), " / ".join(name for name in (citation.title_ko, citation.title_en) if name) or "–"),
        (t("cite_url", lang), citation.url),
        *dates[:1], *label, *dates[1:],
        (t("cite_licence", lang), citation.licence),
    ]
    if citation.via:
        rows.append((t("cite_via", lang), citation.via))
    return rows


def dataset_version(package: dict) -> str:
    return str(package.get("version", ""))
