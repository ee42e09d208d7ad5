"""The one table of take-away formats: what each carries, its media type, and where it is offered."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One file format: `kind` is data (the view's rows), image (the chart) or pack (the newsroom ZIP); `api`
    and `site`: also served by the data API, also written into the static site."""

    name: str
    kind: str
    media_type: str
    api: bool = False
    site: bool = False


FORMATS = {f.name: f for f in (
    Format("csv", "data", "text/csv; charset=utf-8", api=True, site=True),
    Format("xlsx", "data", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", site=True),
    Format("json", "data", "application/json", api=True, site=True),
    Format("png", "image", "image/png", site=True),
    Format("svg", "image", "image/svg+xml", site=True),
    Format("pdf", "image", "application/pdf"),
    Format("zip", "pack", "application/zip"),
)}
MEDIA_TYPES = {name: f.media_type for name, f in FORMATS.items()}


def named(kind: str | None = None, api: bool = False, site: bool = False) -> tuple[str, ...]:
    """Format names in table order: of one kind, served by the API, or written into the site."""
    return tuple(name for name, f in FORMATS.items()
                 if (kind is None or f.kind == kind) and (f.api or not api) and (f.site or not site))


DATA = named("data")
IMAGES = named("image")

