"""Component ids, in one place so that layout, callbacks and browser tests cannot drift apart."""

PAGE_URL = "page-url"
URL = "url"
PAGE = "page"
PAGE_SEARCH = "page-search"
RELOAD = "reload"
LANG = "lang"
LANG_LINK = "lang-link"
NOTICE = "notice"

METRIC = "metric"
SEX = "sex"
YEAR_FROM = "year-from"
YEAR_TO = "year-to"
CHART = "chart-type"
FREQ = "freq"
VINTAGE = "vintage"
ASOF = "asof"  # the day the series is shown as known on
VS = "vs"  # the vintage drawn against the view
OPTIONS = "options"

CHART_TITLE = "chart-title"
CHART_SUBTITLE = "chart-subtitle"
CHART_KEY = "chart-key"
MAIN_CHART = "main-chart"
VS_FIGURE = "vs-figure"  # the revision per period of a compare view: its figure element
VS_CHART = "vs-chart"
VS_SUMMARY = "vs-summary"
MAIN_SOURCE = "main-source"
MAIN_CAVEATS = "main-caveats"
EVENT_KEY = "event-key"
TABS = "tabs"
TAB_PANELS = "tab-panels"
MAIN_NOTE = "main-note"
MAIN_SUMMARY = "main-summary"
MAIN_CITATION = "main-citation"
MAIN_TABLE = "main-table"

REV_PERIOD = "revision-period"
REV_TITLE = "revision-title"
REV_CHART = "revision-chart"
REV_KEY = "revision-key"
REV_SUMMARY = "revision-summary"
REV_CITATION = "revision-citation"
REV_TABLE = "revision-table"

HEADLINES = "headlines"

# The Download & cite and Share & embed panels
EXPORT_BUTTON = "export-button"
EXPORT_DOWNLOAD = "export-download"
EXPORT_PANEL = "export-panel"
EXPORT_QUOTES = "export-quotes"
EXPORT_CITES = "export-cites"
EXPORT_EMBED = "export-embed"
EXPORT_SIZE = "export-size"
CITE_DOWNLOAD = "cite-download"


def breakdown(dimension: str, part: str) -> str:
    """breakdown-age-chart, breakdown-age-vintage, ...: a part of one breakdown's card."""
    return f"breakdown-{dimension}-{part}"



LOOKUP = "lookup"  # the search field's section: where a number comes from
LOOKUP_QUERY = "lookup-query"
LOOKUP_ANSWERS = "lookup-answers"
