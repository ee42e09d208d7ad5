"""The one string catalogue: every key in English and Korean, no key defined twice, none missing or unused."""

import re

import pytest

from dashboard.text import catalogue
from support.paths import REPO

CODE = "\n".join(p.read_text(encoding="utf-8") for pattern in ("*.py", "*.html")
                 for p in sorted((REPO / "dashboard").rglob(pattern)))
# t("key", ...) and _text("key") / _t("key") helpers that prefix a catalogue area
LITERAL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")
DYNAMIC = re.compile(r"""\bt\(\s*f["']([a-z0-9_]*)\{""")
PREFIXED = {"_t": "takeaway_", "_text": "quote_", "h": "pack_"}


def used_keys() -> tuple[set[str], set[str]]:
    """Keys named literally in the code, and prefixes of keys built at run time (f"sex_{sex}")."""
    literal = set(LITERAL.findall(CODE))
    prefixes = set(DYNAMIC.findall(CODE))
    for helper, prefix in PREFIXED.items():
        literal |= {prefix + key for key in re.findall(rf"""\b{helper}\(\s*["']([a-z0-9_]+)["']""", CODE)}
        prefixes |= {prefix + key for key in re.findall(rf"""\b{helper}\(\s*f?["']([a-z0-9_]*)\{{""", CODE)}
        prefixes.add(prefix) if re.search(rf"\b{helper}\(\s*[a-z_]+[,)]", CODE) else None
    return literal, prefixes


def test_every_key_has_english_and_korean_text():
    texts = catalogue.strings()
    assert len(texts) > 150
    for key, languages in texts.items():
        assert set(languages) == set(catalogue.LANGS), key
        assert all(text.strip() for text in languages.values()), key
        fields = {lang: set(re.findall(r"\{(\w+)", text)) for lang, text in languages.items()}
        # English is the reference: Korean may leave a field out (the English publisher name), never invent one
        assert fields["ko"] <= fields["en"], f"{key}: Korean fills fields English does not: {fields}"


def test_every_key_the_code_names_exists_and_every_key_is_used():
    literal, prefixes = used_keys()
    texts = catalogue.strings()
    assert literal - set(texts) == set()
    quoted = {key for key in texts if f'"{key}"' in CODE or f"'{key}'" in CODE}  # keys kept in tuples and dicts
    unused = [key for key in texts if key not in literal | quoted and not key.startswith(tuple(prefixes))]
    assert unused == []


def test_a_key_defined_twice_or_missing_a_language_stops_loading(tmp_path, monkeypatch):
    (tmp_path / "a.toml").write_text('[same]\nen = "x"\nko = "y"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('[same]\nen = "x"\nko = "y"\n', encoding="utf-8")
    monkeypatch.setattr(catalogue, "FOLDER", tmp_path)
    catalogue.strings.cache_clear()
    try:
        with pytest.raises(catalogue.CatalogueError, match="already defined"):
            catalogue.strings()
        (tmp_path / "b.toml").write_text('[other]\nen = "x"\n', encoding="utf-8")
        with pytest.raises(catalogue.CatalogueError, match="must give exactly en, ko"):
            catalogue.strings()
    finally:
        catalogue.strings.cache_clear()


def test_every_breakdown_category_is_named_in_both_languages(arrivals):
    """A Korean chart names categories in Korean whatever language the source printed them in (Chinese, Japanese,
    Korean); English keeps the dataset's own name."""
    from dashboard.data import BREAKDOWN_DIMENSIONS
    from dashboard.text.locale import category_name

    named = set()
    for dimension in BREAKDOWN_DIMENSIONS:
        for vintage in arrivals.breakdown_vintages(dimension)["vintage"]:
            for category in arrivals.breakdown(dimension, vintage)["category_en"]:
                assert category_name(category, "en") == category
                korean = category_name(category, "ko")
                assert re.search("[가-힣]", korean) and not re.search("[\u3040-\u30ff\u4e00-\u9fff]", korean), korean
                named.add(category)
    assert len(named) >= 39
