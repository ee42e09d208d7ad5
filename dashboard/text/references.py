"""Reference formats (APA, Chicago, BibTeX, RIS) for the MOU source and for the nk-arrivals dataset version.

Every field comes from a `Citation` (sources.csv) or from datapackage.json; nothing here is typed in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

STYLES = ("apa", "chicago", "bibtex", "ris")


@dataclass(frozen=True)
class Reference:
    """One citable thing in the neutral shape every style is written from."""

    key: str
    author: str
    title: str
    translated_title: str  # English rendering of a non-English title ("" when the title is English)
    issued: date
    url: str
    accessed: date | None
    kind: str  # "Data set" for both: MOU tables and the dataset are data
    version: str = ""
    note: str = ""


def source_reference(citation) -> Reference:
    """A MOU table (one row of sources.csv); its own reference label and any third-party copy go in the note."""
    note = ". ".join(part for part in (
        f"Table label {citation.as_of_label}" if citation.as_of_label else "",
        f"Via {citation.via}" if citation.via else "",
    ) if part)
    return Reference(
        key=citation.source,
        author=citation.publisher_en,
        title=citation.title_ko or citation.title_en,
        translated_title=citation.title_en if citation.title_ko else "",
        issued=date.fromisoformat(str(citation.as_of)[:10]),
        url=citation.url,
        accessed=date.fromisoformat(str(citation.retrieved_at)[:10]) if citation.retrieved_at else None,
        kind="Data set",
        note=note,
    )


def dataset_reference(package: dict, issued: str) -> Reference:
    """The nk-arrivals dataset at the version in datapackage.json; `issued` is its latest as-of (ISO date)."""
    authors = [c["title"] for c in package.get("contributors", []) if c.get("title")]
    return Reference(
        key=f"{package['name']}-{package['version']}",
        author=", ".join(authors) or f"{package['name']} contributors",
        title=package.get("title", package["name"]),
        translated_title="",
        issued=date.fromisoformat(issued[:10]),
        url=package.get("homepage", ""),
        accessed=None,
        kind="Data set",
        version=package["version"],
    )


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _title(ref: Reference) -> str:
    return f"{ref.title} [{ref.translated_title}]" if ref.translated_title else ref.title


def apa(ref: Reference) -> str:
    """APA 7: a non-English title keeps its language, with the English in square brackets."""
    version = f" (Version {ref.version})" if ref.version else ""
    retrieved = f"Retrieved {_long_date(ref.accessed)}, from " if ref.accessed else ""
    note = f" {ref.note}." if ref.note else ""
    link = f" {retrieved}{ref.url}" if ref.url else ""
    issued = f"{ref.issued.year}, {ref.issued:%B} {ref.issued.day}"
    return f"{ref.author}. ({issued}). {_title(ref)}{version} [{ref.kind}].{note}{link}"


def chicago(ref: Reference) -> str:
    """Chicago 17 bibliography entry."""
    version = f" Version {ref.version}." if ref.version else ""
    accessed = f" Accessed {_long_date(ref.accessed)}." if ref.accessed else ""
    note = f" {ref.note}." if ref.note else ""
    link = f" {ref.url}." if ref.url else ""
    return f'{ref.author}. "{_title(ref)}."{version} {ref.kind}. {_long_date(ref.issued)}.{note}{accessed}{link}'


def _bibtex_escape(text: str) -> str:
    for char in "\\{}&%$#_":
        text = text.replace(char, "\\" + char)
    return text


def bibtex(ref: Reference) -> str:
    """biblatex-friendly @misc (bibtex has no data type); the author is braced so it stays a corporate name."""
    fields = {
        "author": "{" + _bibtex_escape(ref.author) + "}",
        "title": _bibtex_escape(_title(ref)),
        "year": str(ref.issued.year),
        "date": ref.issued.isoformat(),
        "version": ref.version,
        "url": ref.url,
        "urldate": ref.accessed.isoformat() if ref.accessed else "",
        "note": _bibtex_escape(ref.note),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{ref.key},\n{body}\n}}"


def ris(ref: Reference) -> str:
    """RIS (DATA record): one tag per line, closed by ER."""
    tags = [
        ("TY", "DATA"),
        ("AU", ref.author),
        ("TI", ref.title),
        ("TT", ref.translated_title),
        ("PY", str(ref.issued.year)),
        ("DA", f"{ref.issued:%Y/%m/%d}"),
        ("ET", ref.version),
        ("UR", ref.url),
        ("Y2", f"{ref.accessed:%Y/%m/%d}" if ref.accessed else ""),
        ("N1", ref.note),
        ("ER", ""),
    ]
    return "\n".join(f"{tag}  - {value}" for tag, value in tags if value or tag == "ER")


FORMATTERS = {"apa": apa, "chicago": chicago, "bibtex": bibtex, "ris": ris}


def formats(ref: Reference) -> dict[str, str]:
    """All four styles for one reference, in STYLES order."""
    return {style: FORMATTERS[style](ref) for style in STYLES}
