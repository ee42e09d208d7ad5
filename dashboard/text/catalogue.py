"""The one string catalogue: every piece of interface text, in English and Korean.

The texts live in `strings/*.toml`, one file per area (the page, the charts, caveats, citations, take-aways,
quotes, the static site) so that a translator edits text, not code. Keys are unique across the files and every key
has both languages: loading checks both, so a missing translation stops the app at start, never shows a blank.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGS = ("en", "ko")
NAMES = {"en": "English", "ko": "한국어"}
FOLDER = Path(__file__).resolve().parent / "strings"


class CatalogueError(ValueError):
    """A strings file repeats a key, or gives a key without exactly the languages in LANGS."""


@cache
def strings() -> dict[str, dict[str, str]]:
    """Every key of every strings/*.toml file: key -> {lang: text}."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(FOLDER.glob("*.toml")):
        for key, texts in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in found:
                raise CatalogueError(f"{path.name}: key {key!r} is already defined in another strings file")
            if not isinstance(texts, dict) or sorted(texts) != sorted(LANGS):
                raise CatalogueError(f"{path.name}: [{key}] must give exactly {', '.join(LANGS)}")
            found[key] = texts
    return found


def t(key: str, lang: str, **values) -> str:
    """The text for `key` in `lang`, with `values` filled in (str.format, so no markup is ever interpreted)."""
    return strings()[key][lang].format(**values)
