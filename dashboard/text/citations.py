"""Citation text: the source line baked into every chart and the citation block under it.

Generated only from `Citation` objects (rows of sources.csv) and datapackage.json, so the words under a chart,
inside an exported image and in a file's notes cannot disagree with the data they describe.
"""

from __future__ import annotations

from dashboard.data import Citation
from dashboard.text import locale
from dashboard.text.catalogue import t


def publisher(citation: Citation, lang: str) -> str:
    """'Ministry of Unification (MOU), Republic of Korea (통일부)' in English, '통일부' in Korean."""
    if lang == "ko" and citation.publisher_ko:
        return citation.publisher_ko
    if citation.publisher_ko and citation.publisher_ko != citation.publisher_en:
        return f"{citation.publisher_en} ({citation.publisher_ko})"
    return citation.publisher_en or citation.publisher_ko


def title(citation: Citation, lang: str) -> str:
    """The table title in the reader's language, falling back to the other one."""
    first, second = (citation.title_ko, citation.title_en) if lang == "ko" else (citation.title_en, citation.title_ko)
    return first or second or citation.url


def as_of(citation: Citation, lang: str) -> str:
    """The publication date, with the table's own reference label where it has one ('25.12(잠정))."""
    when = locale.date_text(citation.as_of, lang)
    return f"{when} ({citation.as_of_label})" if citation.as_of_label else when


def retrieved(citation: Citation, lang: str) -> str:
    return locale.date_text(citation.retrieved_at[:10], lang) if citation.retrieved_at else "–"


def short(citation: Citation, lang: str) -> str:
    """One line: publisher, title, as-of and retrieval date."""
    return t("source_line", lang, publisher=citation.publisher_en or citation.publisher_ko,
                  publisher_ko=citation.publisher_ko or citation.publisher_en, title=title(citation, lang),
                  as_of=as_of(citation, lang), retrieved=retrieved(citation, lang))


def long(citation: Citation, lang: str) -> str:
    """The short line plus URL, licence and the third-party copy it came through, if any."""
    parts = [short(citation, lang), citation.url, f"{t('cite_licence', lang)}: {citation.licence}"]
    if citation.via:
        parts.append(f"{t('cite_via', lang)}: {citation.via}")
    return " ".join(p for p in parts if p)


def source_line(citations: list[Citation], lang: str) -> str:
    """The line printed inside a chart: the first (main) source in full, the count of any others."""
    if not citations:
        return ""
    line = short(citations[0], lang)
    return line + t("source_line_more", lang, n=len(citations) - 1) if len(citations) > 1 else line


def block(citation: Citation, lang: str) -> list[tuple[str, str]]:
    """(label, text) rows of the citation block under a chart; the URL row is rendered as a link."""
    rows = [
        (t("cite_publisher", lang), publisher(citation, lang)),
        (t("cite_title", lang), " / ".join(title for title in (citation.title_ko, citation.title_en) if title) or "–"),
        (t("cite_url", lang), citation.url),
        (t("cite_as_of", lang), as_of(citation, lang)),
        (t("cite_retrieved", lang), retrieved(citation, lang)),
        (t("cite_licence", lang), citation.licence),
    ]
    if citation.via:
        rows.append((t("cite_via", lang), citation.via))
    return rows


def dataset_version(package: dict) -> str:
    return str(package.get("version", ""))
