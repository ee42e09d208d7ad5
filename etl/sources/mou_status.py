"""MOU 최근현황 page (live): its first HTML table, periods across, rows 남/여/합계/여성비율."""

import re

import lxml.html
from lxml.etree import ParserError

from etl.errors import SourceFormatError
from etl.origin import Snapshot
from etl.sources import Parsed, records, source_row
from etl.tables import read_grid

SOURCE = "mou-status"
URL = "https://www.unikorea.go.kr/web/unikorea/contents/status_lately"
ORIGIN = {  # the hand-written part of every snapshot's provenance record
    "source": SOURCE, "publisher_ko": "통일부", "publisher_en": "Ministry of Unification (MOU), Republic of Korea",
    "title_ko": "북한이탈주민 최근현황", "title_en": "Recent status of North Korean defectors",
    "language": "ko", "method": "requests-get", "via": "",
    "published": "", "published_after": "",   # the page states no date; Last-Modified is not a publication date
    "licence": "KOGL Type 1 (공공누리 제1유형: source attribution)",
    "caveats": "as_of is the date the page was fetched: the page does not state when it was last updated. "
               "The newest column is provisional (잠정).",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_ALIASES = {"euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "x-windows-949": "cp949"}


def decode(data: bytes, content_type: str = "") -> str:
    """Declared charset (HTTP header, then <meta>) first, else UTF-8, else CP949 (a superset of EUC-KR)."""
    declared = re.search(r"charset=([A-Za-z0-9_-]+)", content_type or "", re.IGNORECASE)
    meta = _META_CHARSET.search(data[:4096])
    names = [m.group(1).decode() if isinstance(m.group(1), bytes) else m.group(1) for m in (declared, meta) if m]
    for name in [*names, "utf-8", "cp949"]:
        codec = _ALIASES.get(name.lower(), name.lower())
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    raise SourceFormatError(SOURCE, "page", content_type, "is neither UTF-8 nor EUC-KR/CP949 text")


def grid(html: str) -> list[list[str]]:
    """Cell texts of the first <table>, as printed. lxml directly rather than pandas.read_html: read_html infers
    types (turning '02 into 2 and 1,142 into a float) where we must see exactly what the page shows."""
    try:
        doc = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        raise SourceFormatError(SOURCE, "page", html[:60], "is not HTML") from None
    tables = doc.xpath("//table")
    if not tables:
        raise SourceFormatError(SOURCE, "page", "<table>", "not found: the page has no table")
    return [[" ".join(cell.text_content().split()) for cell in tr.xpath("./th|./td")]
            for tr in tables[0].xpath(".//tr") if tr.xpath("./th|./td")]


def parse(snapshot: Snapshot) -> Parsed:
    html = decode(snapshot.data, snapshot.origin.get("content_type") or "")
    vintage = f"{SOURCE}-{snapshot.origin['as_of']}-{snapshot.origin['sha256'][:8]}"
    parsed = records(read_grid(grid(html), SOURCE), vintage, snapshot.origin["as_of"], "합계")
    parsed.sources.append(source_row(snapshot, f"raw/{SOURCE}/{snapshot.path.name}", source=vintage))
    return parsed
