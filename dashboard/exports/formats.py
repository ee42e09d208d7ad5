"""The one table of take-away formats: what each carries, its media type, and where it is offered."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One file format: `kind` is data (the view's rows), image (the chart), pack (the newsroom ZIP) or citation
    (a reference of a source or of the dataset); `api` and `site`: also served by the data API, also written into
    the static site; `suffix`: the file name's (and the API path's) suffix, when it is not the name."""

    name: str
    kind: str
    media_type: str
    api: bool = False
    site: bool = False
    suffix: str = ""

    @property
    def extension(self) -> str:
        return self.suffix or self.name


FORMATS = {f.name: f for f in (
    Format("csv", "data", "text/csv; charset=utf-8", api=True, site=True),
    Format("xlsx", "data", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", site=True),
    Format("json", "data", "application/json", api=True, site=True),
    Format("png", "image", "image/png", site=True),
    Format("svg", "image", "image/svg+xml", site=True),
    Format("pdf", "image", "application/pdf"),
    Format("zip", "pack", "application/zip"),
    Format("apa", "citation", "text/plain; charset=utf-8", suffix="txt"),
    Format("chicago", "citation", "text/plain; charset=utf-8", suffix="txt"),
    Format("bibtex", "citation", "text/x-bibtex; charset=utf-8", api=True, suffix="bib"),
    Format("ris", "citation", "application/x-research-info-systems; charset=utf-8", api=True),
    Format("csl-json", "citation", "application/vnd.citationstyles.csl+json", api=True, suffix="json"),
)}
MEDIA_TYPES = {name: f.media_type for name, f in FORMATS.items()}


def named(kind: str | None = None, api: bool = False, site: bool = False) -> tuple[str, ...]:
    """Format names in table order: of one kind, served by the API, or written into the site."""
    return tuple(name for name, f in FORMATS.items()
                 if (kind is None or f.kind == kind) and (f.api or not api) and (f.site or not site))


DATA = named("data")
IMAGES = named("image")
CITATIONS = named("citation")
VIEW_FORMATS = tuple(name for name, f in FORMATS.items() if f.kind != "citation")  # what a view is taken away as

