"""The one data layer: loads datasets/arrivals/ once and answers every question a view asks.

Pure pandas, no Dash. The dashboard, the exporters, the API and the static site all call these methods, so a
chart, a download and an API answer for the same `View` cannot disagree. Nothing here re-parses the sources or
re-runs the ETL's checks; loading only confirms that each file has its contracted columns, so that a damaged
dataset fails at start-up with a message naming the file, not with a KeyError inside a callback.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, cached_property, lru_cache
from pathlib import Path

import pandas as pd

from etl.errors import ExpectedError
from etl.paths import ENV, arrivals_folder

METRICS = ("count", "share", "cumulative", "yoy")  # share = female share %, yoy = change on the previous year
SEXES = ("total", "male", "female", "both")  # both = male and female rows (stacked or side by side)
CHARTS = ("bar", "grouped", "line")  # bar stacks men and women; grouped puts them side by side
FREQS = ("year", "half", "quarter")  # the periods a chart draws: whole years, half-years or quarters
SHARE_DECIMALS = 1  # women's share, as MOU prints its 여성비율
SUBYEAR_METRICS = ("count", "share")  # a sum or a change of sub-year figures would be a figure no one published
# The calendar slots of each sub-year frequency, as (first day, last day) "MM-DD" pairs.
SLOTS = {"half": (("01-01", "06-30"), ("07-01", "12-31")),
         "quarter": (("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30"), ("10-01", "12-31"))}
DIMENSIONS = ("age", "occupation", "education")
BREAKDOWN_DIMENSIONS = (*DIMENSIONS, "residence", "origin")  # residence in the South, province of origin in the North
RESIDENTS = "residence"  # the breakdown that counts residents (people living in each region), not arrivals
PLACES = ("residence", "origin")  # breakdowns by place: a tile map beside ranked bars (charts/regions.py)
SEX_ORDER = {"male": 0, "female": 1, "total": 2}
OPEN_START = ""  # period_start of a bucket with an open start (~'98 = every arrival up to 1998)

# The tables this layer answers from; their columns and types are datapackage.json's, the one contract.
TABLES = ("vintages", "latest", "revisions", "changes", "cumulative", "breakdowns", "sources", "findings", "misquotes",
          "events", "publications", "witnesses", "other_figures")
PERIOD_KEY = ["period_start", "period_end", "sex"]
REALTIME_COLUMNS = ["period", "period_start", "period_end", "sex", "count", "provisional", "approximate",
                    "realtime_start", "realtime_end", "publication", "witnesses"]
MAJOR_VERSION = 3  # the datasets' SemVer major version this layer reads: a schema change is a new major version
MINOR_VERSION = 2  # ... and the oldest minor version holding every table it reads (3.2: other_figures.counted)
SERIES_COLUMNS = ["period", "period_start", "period_end", "year", "sex", "value", "count", "status", "vintage",
                  "as_of", "source"]


class DatasetError(ExpectedError):
    """datasets/arrivals/ is missing a file or a contracted column, or a question names something unknown."""


class Status(StrEnum):
    """What kind of figure a period holds; one enum drives the chart styles, hover text and caveats."""

    FINAL = "final"
    PROVISIONAL = "provisional"
    BUCKET = "bucket"  # a multi-year total: ~'98 (up to 1998), ~'01 (1999-2001)
    PARTIAL = "partial"  # part of a year, from 1 January (e.g. '20.09 = January-September 2020)


# The columns this layer adds to the package's tables, as Table Schema fields (the package types the others).
DERIVED_FIELDS = {f["name"]: f for f in (
    {"name": "year", "type": "integer", "constraints": {"required": True},
     "description": "the year the period ends in (1998 for ~'98, all arrivals up to 1998)"},
    {"name": "value", "type": "number",
     "description": "the metric: count, women's share (%), cumulative count or change on the previous year; "
                    "empty where it cannot be computed (a gap before it, or no previous whole year)"},
    {"name": "status", "type": "string", "constraints": {"required": True, "enum": [s.value for s in Status]},
     "description": "final, provisional, bucket (a multi-year total) or partial (part of a year, from 1 January)"},
    {"name": "witnesses", "type": "string",
     "description": "the outlets that printed the figure, by name, joined by '; ' (empty for an MOU table's own)"},
    {"name": "asof", "type": "date",
     "description": "the day the row's figure is MOU's as known on (asof=); empty for the latest figures"},
    {"name": "vs", "type": "string",
     "description": "the vintage the view is compared with (vs=): a publication id or a day"},
    {"name": "vs_value", "type": "number",
     "description": "the metric in vintage `vs`; empty where it holds no figure for the period"},
    {"name": "change", "type": "number",
     "description": "the revision: value minus vs_value; empty where either is missing"},
)}


@dataclass(frozen=True)
class View:
    """Everything a chart shows; mirrors the URL query string. start/end 0/9999 mean the whole series."""

    metric: str = "count"
    sex: str = "total"
    start: int = 0
    end: int = 9999
    vintage: str = "latest"
    chart: str = "bar"
    log: bool = False
    buckets: bool = False
    events: bool = True
    lang: str = "en"
    asof: str = ""  # YYYY-MM-DD: the series as MOU had published it on that day ("" = the latest figures)
    vs: str = ""  # a publication id or YYYY-MM-DD: the vintage drawn against this one ("" = none)

    freq: str = "year"  # year | half | quarter: the periods drawn (half-years and quarters from 2015)

    @property
    def basis(self) -> tuple[str, str]:
        """Where the view's figures come from: ("asof", day) or ("vintage", id or "latest")."""
        return ("asof", self.asof) if self.asof else ("vintage", self.vintage)

    @property
    def stacked(self) -> bool:
        return self.chart == "bar" and self.sex == "both" and self.metric != "share"

    @property
    def log_applies(self) -> bool:
        """A log axis is honest only for positive counts, and a stacked bar on a log axis misreads its parts."""
        return self.log and self.metric in ("count", "cumulative") and not self.stacked


@dataclass(frozen=True)
class Citation:
    """One source snapshot as sources.csv records it, with the three dates kept apart: the period its figures run
    to (`covers_to`, with `provisional`), when it was published (`published`, or only a lower bound,
    `published_after`, where the copy does not say), and when a copy was seen (`retrieved_at`). `as_of` orders
    vintages; it is never shown as a publication date."""

    source: str
    publisher_ko: str
    publisher_en: str
    title_ko: str
    title_en: str
    url: str
    as_of: str
    retrieved_at: str
    licence: str
    method: str
    via: str
    caveats: str
    as_of_label: str = ""
    published: str = ""
    published_after: str = ""
    covers_to: str = ""  # the last day of the newest period of the source's figures (ISO date; "" for none)
    provisional: bool = False  # that newest period's figure is provisional
    language: str = ""  # the language the source is written in (BCP 47, as sources.csv records it)


@dataclass(frozen=True)
class Headline:
    """One headline figure with what it covers and the sources it is computed from."""

    key: str
    value: float
    period: str  # label as published (latest, peak) or the covered span (cumulative, share)
    period_start: str
    period_end: str
    status: Status
    as_of: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Caveat:
    """One caveat on what a view shows, as data; `text/caveats.py` words it in the reader's language.

    kind: provisional | partial | bucket (periods shown with that status) | buckets_hidden | buckets_summed
    (multi-year totals left out of the chart, or summed into a cumulative; `count` persons) | cumulative_gap |
    yoy_gap | subyear_gaps (half-years or quarters inside the shown span with no published figure, `count` of
    them, left empty) | revised (`history`: each value when first published, as (count, vintage, Citation)) |
    finding (a failed non-fatal check, in the ETL's words) | source (a source's own caveat) | misquote (a figure
    that circulates for a period and sex shown, `count` as claimed; `history` holds what MOU printed instead, as
    (count, source, Citation), empty where MOU published none)."""

    kind: str
    periods: tuple[tuple[str, str, str], ...] = ()  # (period_start, period_end, status)
    count: int | None = None
    sex: str = ""
    history: tuple[tuple[int, str, Citation], ...] = ()
    source: str = ""
    text: str = ""
    cited: Citation | None = None  # the source of a `source` caveat, which its wording names


def _periods(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(zip(frame["period_start"], frame["period_end"], frame["status"]))


class Tables(Mapping):
    """The package's tables by name: each file is checked when the package loads (present, the sha256 and the header
    datapackage.json give) and parsed only when first asked for, so that a server's start parses what its first
    page needs and no more (the preflight has checked every value's type for this release). Two threads asking
    for one table at once may both parse it; the answer is the same, so no lock."""

    def __init__(self, folder: Path, resources: dict[str, dict]):
        self._raw = {name: _checked(folder, resource) for name, resource in resources.items()}
        self._parsed: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._parsed:
            path, data, fields = self._raw[name]
            self._parsed[name] = _typed(path, data, fields)
        return self._parsed[name]

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _checked(folder: Path, resource: dict) -> tuple[Path, bytes, list[dict]]:
    """One resource's file, its bytes and fields, once its bytes (sha256) and header are the ones built."""
    path = folder / resource["path"]
    if not path.is_file():
        raise DatasetError(f"{path} is missing: run `nk-arrivals build` (or point {ENV} at a datasets folder)")
    data = path.read_bytes()
    if resource.get("hash") and resource["hash"] != "sha256:" + hashlib.sha256(data).hexdigest():
        raise DatasetError(f"{path} is not the file datapackage.json describes (its sha256 differs): it was edited "
                           "after `nk-arrivals build`; rebuild, or restore it")
    fields = resource["schema"]["fields"]
    expected = [f["name"] for f in fields]
    header = next(csv.reader([data.decode("utf-8-sig").partition("\n")[0].rstrip("\r")]), [])
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        raise DatasetError(f"{path} does not have the columns datapackage.json promises (missing: "
                           f"{', '.join(missing) or 'none'}; unexpected: {', '.join(extra) or 'none'})")
    return path, data, fields


def _typed(path: Path, data: bytes, fields: list[dict]) -> pd.DataFrame:
    """A checked file as a frame typed by its descriptor's field types."""
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    for field in fields:
        if field["type"] == "integer":  # Int64 (empty = NA) only where a file leaves a count empty
            try:
                values = pd.to_numeric(frame[field["name"]].replace("", None), errors="raise")
            except ValueError as error:
                raise DatasetError(f"{path}: column {field['name']} is not all integers ({error})") from None
            frame[field["name"]] = values.astype("Int64" if values.isna().any() else "int64")
        elif field["type"] == "boolean":
            frame[field["name"]] = frame[field["name"]].str.lower().eq("true")
    return frame


def _kind(start: str, end: str) -> str:
    """year | bucket | partial (from 1 January) | other (a quarter, a second half: not drawn on a yearly chart)."""
    if start == OPEN_START or start[:4] != end[:4]:
        return "bucket"
    if start[5:] == "01-01":
        return "year" if end[5:] == "12-31" else "partial"
    return "other"


def _next_day(iso: str) -> str:
    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()


def chartable(flows: pd.DataFrame, group: str | None = None) -> pd.DataFrame:
    """The periods of one vintage (or of latest.csv) that a yearly chart can draw, each with its Status; with
    `group` (a column: "vintage"), of every table it names at once, each kept by these rules on its own.

    Buckets and whole years are kept; a year inside a bucket is dropped (it would be counted twice); a
    part-year figure is kept only for a year that has no whole-year figure, and then only the longest one. An
    approximate figure (약 590명) is never drawn, summed or compared.
    """
    table = group or "_table"
    kinds = [_kind(s, e) for s, e in zip(flows["period_start"], flows["period_end"])]
    frame = flows.assign(_kind=kinds, **({} if group else {table: ""}))
    frame = frame[(frame["_kind"] != "other") & ~frame["approximate"]]
    buckets = frame.loc[frame["_kind"] == "bucket", [table, "period_start", "period_end"]].drop_duplicates()
    pairs = frame[frame["_kind"] != "bucket"].reset_index().merge(buckets, on=table, suffixes=("", "_bucket"))
    inside = pairs.loc[(pairs["period_start"] >= pairs["period_start_bucket"])
                       & (pairs["period_end"] <= pairs["period_end_bucket"]), "index"]
    frame = frame[~frame.index.isin(inside)]
    frame = frame.assign(_year=frame["period_end"].str[:4].astype(int))
    whole = set(zip(frame.loc[frame["_kind"] == "year", table], frame.loc[frame["_kind"] == "year", "_year"]))
    has_whole = pd.Series([key in whole for key in zip(frame[table], frame["_year"])], index=frame.index, dtype=bool)
    partial = frame["_kind"] == "partial"
    longest = (frame[partial].groupby([table, "_year"])["period_end"].transform("max")
               .reindex(frame.index, fill_value=""))
    frame = frame[~(partial & (has_whole | (frame["period_end"] < longest)))]
    status = frame["_kind"].map({"bucket": Status.BUCKET, "partial": Status.PARTIAL, "year": Status.FINAL})
    status = status.where(~((frame["_kind"] == "year") & frame["provisional"]), Status.PROVISIONAL)
    out = frame.assign(status=status.astype(str), year=frame["_year"])
    out = out.drop(columns=["_kind", "_year"] + ([] if group else [table]))
    return out.sort_values(["period_end", "sex"], key=_sort_key, kind="stable").reset_index(drop=True)


def slots(freq: str, first: int, last: int) -> list[tuple[str, str]]:
    """Every (period_start, period_end) of a sub-year frequency from `first` to `last` year: the axis a sub-year
    chart draws, on which a slot no one published a figure for stays a gap."""
    return [(f"{year}-{s}", f"{year}-{e}") for year in range(first, last + 1) for s, e in SLOTS[freq]]


def subyear(flows: pd.DataFrame, freq: str, first: int) -> pd.DataFrame:
    """The exact half-years or quarters of one table (latest.csv or one vintage) from `first` year on, each with
    its Status (final or provisional); an approximate figure is never drawn, and nothing is summed or split."""
    wanted = {(s, e) for s, e in SLOTS[freq]}
    keep = [start[:4] == end[:4] and (start[5:], end[5:]) in wanted and int(end[:4]) >= first
            for start, end in zip(flows["period_start"], flows["period_end"])]
    frame = flows[pd.Series(keep, index=flows.index, dtype=bool) & ~flows["approximate"]]
    status = frame["provisional"].map({True: str(Status.PROVISIONAL), False: str(Status.FINAL)})
    out = frame.assign(status=status.astype(str), year=frame["period_end"].str[:4].astype(int))
    return out.sort_values(["period_end", "sex"], key=_sort_key, kind="stable").reset_index(drop=True)


def subyear_first(latest: pd.DataFrame) -> int:
    """The first year whose four quarters all have a published total: sub-year charts start there (2015), since
    before it only a scattered quarter or half-year was reported and a chart would be mostly gaps."""
    quarters = subyear(latest, "quarter", 0)
    counts = quarters[quarters["sex"] == "total"].groupby("year")["period_start"].nunique()
    full = counts[counts == len(SLOTS["quarter"])]
    return int(full.index.min()) if len(full) else int(quarters["year"].min()) if len(quarters) else 0


def _sort_key(column: pd.Series) -> pd.Series:
    return column.map(SEX_ORDER) if column.name == "sex" else column


def _cumulative(group: pd.DataFrame) -> pd.Series:
    """Running total from the first (open-start) period; NaN from the first gap on, since a sum with a hole lies."""
    contiguous = []
    previous_end = None
    for start, end in zip(group["period_start"], group["period_end"]):
        ok = start == OPEN_START if previous_end is None else start == _next_day(previous_end)
        contiguous.append(ok and (not contiguous or contiguous[-1]))
        previous_end = end
    running = group["count"].cumsum().astype("Int64")
    return running.where(pd.Series(contiguous, index=group.index), pd.NA)


def _revision(frame: pd.DataFrame) -> pd.Series:
    """value − vs_value, to the decimals the values have: a share's revision is -0.2, never -0.20000000000000284
    (nor -0.0: adding 0.0 turns a rounded negative zero into 0.0)."""
    change = frame["value"] - frame["vs_value"]
    return change.round(SHARE_DECIMALS) + 0.0 if pd.api.types.is_float_dtype(change) else change


def _change(group: pd.DataFrame) -> pd.Series:
    """Change on the previous year, only between two whole consecutive single years."""
    whole = group["status"].isin([Status.FINAL, Status.PROVISIONAL])
    consecutive = group["year"].diff().eq(1) & whole & whole.shift(fill_value=False)
    return (group["count"] - group["count"].shift()).astype("Int64").where(consecutive, pd.NA)


def publications_own(rows: pd.DataFrame) -> pd.DataFrame:
    """vintages.csv rows as their MOU publications printed them: per period and sex, the first witness's figure
    (vintage order) where several reports of one publication print one."""
    return rows.sort_values("vintage", kind="stable").drop_duplicates([*PERIOD_KEY, "publication"])


class Drawable(Mapping):
    """What a yearly chart can draw (`chartable`) of latest.csv, of each vintage and of each MOU publication, by
    name, worked out when first asked for: every vintage at once, since one pass over the table is what 90-odd
    passes would cost one."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]):
        self._tables = tables

    @cached_property
    def _latest(self) -> pd.DataFrame:
        return chartable(self._tables["latest"])

    @cached_property
    def _vintages(self) -> dict[str, pd.DataFrame]:
        rows = self._tables["vintages"]
        every = chartable(rows, group="vintage")
        drawn = dict(tuple(every.groupby("vintage", sort=False)))
        found = {vintage: drawn.get(vintage, every.iloc[:0]).reset_index(drop=True)
                 for vintage in rows["vintage"].unique()}
        # an MOU publication is a vintage too: its own figures, its first witness's where several print one
        flows = publications_own(rows)
        own = chartable(flows[~flows["publication"].isin(set(found))], group="publication")
        for publication, group in own.groupby("publication", sort=False):
            found[publication] = group.reset_index(drop=True)
        return found

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._latest if name == "latest" else self._vintages[name]

    def __iter__(self):
        return iter(["latest", *self._vintages])

    def __len__(self) -> int:
        return 1 + len(self._vintages)


class Arrivals:
    """The datasets of one build, loaded once per process and never changed; every answer is a fresh frame."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], package: dict):
        self._tables = tables
        self.package = package
        self._chartable = Drawable(tables)
        self._series = lru_cache(maxsize=512)(self._compute_series)
        self._dated = lru_cache(maxsize=64)(self._compute_dated)

    @classmethod
    def load(cls, folder: Path | str | None = None) -> Arrivals:
        """Read datasets/arrivals/ (or `folder`) as its datapackage.json describes it; raises DatasetError naming
        what is wrong."""
        folder = Path(folder or arrivals_folder())
        package_path = folder / "datapackage.json"
        if not package_path.is_file():
            raise DatasetError(f"{package_path} is missing: run `nk-arrivals build` (or point {ENV} at a datasets "
                               "folder)")
        package = json.loads(package_path.read_text(encoding="utf-8"))
        version = str(package.get("version", ""))
        major, _, rest = version.partition(".")
        minor = rest.partition(".")[0]
        if major != str(MAJOR_VERSION) or not minor.isdigit() or int(minor) < MINOR_VERSION:
            raise DatasetError(f"{package_path}: datasets version {version or '(none)'} is not one this dashboard "
                               f"reads ({MAJOR_VERSION}.{MINOR_VERSION} or a later {MAJOR_VERSION}.x): its tables "
                               "differ; use a matching nk-arrivals release")
        resources = {r["name"]: r for r in package.get("resources", [])}
        lacking = [name for name in TABLES if name not in resources]
        if lacking:
            raise DatasetError(f"{package_path} describes no {', '.join(lacking)} resource")
        return cls(Tables(folder, resources), package)

    # --- what exists --------------------------------------------------------------------------------------
    def vintages(self, lang: str = "en") -> pd.DataFrame:
        """Every vintage, newest first: vintage, as_of, label (source title in `lang` where the source has one,
        and its own as-of label), periods (how many periods a yearly chart can draw from it)."""
        return self._vintages(lang).copy()

    @cache  # noqa: B019 (one Arrivals per process, never freed) every URL is checked against the vintages
    def _vintages(self, lang: str) -> pd.DataFrame:
        frame = self._tables["vintages"][["vintage", "as_of", "source"]].drop_duplicates("vintage")
        sources = self._tables["sources"].set_index("source")
        first, second = ("title_ko", "title_en") if lang == "ko" else ("title_en", "title_ko")
        names = sources[first].where(sources[first] != "", sources[second])
        names = names.where(names != "", sources["publisher_en"])
        own = sources["as_of_label"]
        label = [f"{a} — {names.get(s, s)}" + (f" ({own[s]})" if own.get(s) else "")
                 for a, s in zip(frame["as_of"], frame["source"])]
        periods = [len(set(zip(self._chartable[v]["period_start"], self._chartable[v]["period_end"])))
                   for v in frame["vintage"]]  # a set of pairs: pandas' drop_duplicates costs 1 ms a vintage
        own = frame["vintage"].isin(set(self._tables["publications"]["publication"]))  # MOU's own first on a tie
        out = frame.assign(label=label, periods=periods, _own=own).drop(columns="source")
        out = out.sort_values(["as_of", "_own", "vintage"], ascending=False, kind="stable")
        return out.drop(columns="_own").reset_index(drop=True)

    def years(self) -> tuple[int, int]:
        """First and last year a period of the latest series ends in (1998 for the ~'98 bucket)."""
        years = self._chartable["latest"]["year"]
        return int(years.min()), int(years.max())

    def as_of(self) -> str:
        """The newest as_of among the latest figures: what 'as of' means for the dataset as a whole."""
        return str(self._tables["latest"]["as_of"].max())

    def source_ids(self) -> tuple[str, ...]:
        """Every source id of sources.csv, in its order: what a citation can be asked for."""
        return tuple(self._tables["sources"]["source"])

    def reference_month(self, source_ids) -> str:
        """The month the newest period of these sources' tables ends ('2025-12' for the '25.12 table): what a
        quote means by "figures as of", since a table's as_of may only be the date its archived copy was seen."""
        rows = self._tables["vintages"]
        return str(rows.loc[rows["source"].isin(list(source_ids)), "period_end"].max())[:7]

    # --- the main question -----------------------------------------------------------------------------------
    def series(self, view: View) -> pd.DataFrame:
        """The rows a chart of `view` draws: period, period_start, period_end, year, sex, value, count, status,
        vintage, as_of, source. `value` is the metric; `count` the published count it comes from."""
        key = (view.metric, view.sex, view.start, view.end, view.basis, view.buckets, view.freq)
        return self._series(key).copy()

    def rows(self, view: View) -> pd.DataFrame:
        """What a view's data file holds: `series(view)`, and for a view as known on a day (asof) or compared with
        another vintage (vs) the columns that say so: asof, then vs, vs_value and change (value − vs_value)."""
        frame = self.series(view)
        if view.asof:
            frame = frame.assign(asof=view.asof)
        if view.vs:
            frame = frame.merge(self._vs_values(view), on=PERIOD_KEY, how="left").assign(vs=view.vs)
            frame = frame[[c for c in frame.columns if c != "vs_value"] + ["vs_value"]]
            frame["change"] = _revision(frame)
        return frame

    def vs_series(self, view: View) -> pd.DataFrame:
        """The rows of vintage `view.vs` (`vintage_of`) in the view's metric, sex and years, as `series` gives
        them: what a compare chart draws against the view; empty when the view names no `vs`."""
        if not view.vs:
            return self.series(view).iloc[:0]
        key = (view.metric, view.sex, view.start, view.end, ("vs", view.vs), view.buckets, FREQS[0])
        return self._series(key).copy()

    def revision_by_period(self, view: View) -> pd.DataFrame:
        """ALFRED's revision per period of a compare view: period, period_start, period_end, year, sex, status,
        value (the view's), vs_value (vintage `vs`'s) and change = value − vs_value, for the periods both hold."""
        new = self.series(view)
        both = new[["period", *PERIOD_KEY, "year", "status", "value"]].merge(self._vs_values(view), on=PERIOD_KEY,
                                                                             how="inner")
        both = both.dropna(subset=["value", "vs_value"])
        return both.assign(change=_revision(both)).reset_index(drop=True)

    def _vs_values(self, view: View) -> pd.DataFrame:
        """The compared vintage's value of each period and sex (period_start, period_end, sex, vs_value)."""
        return self.vs_series(view)[[*PERIOD_KEY, "value"]].rename(columns={"value": "vs_value"})

    def _rows(self, basis: tuple[str, str]) -> pd.DataFrame:
        """The chartable rows of a view's basis (`View.basis`, or ("vs", vintage))."""
        kind, name = basis
        if kind == "vintage":
            if name not in self._chartable:
                raise DatasetError(f"unknown vintage {name!r}")
            return self._chartable[name]
        return self._dated(kind, name)

    def _compute_dated(self, kind: str, name: str) -> pd.DataFrame:
        return chartable(self.known_on(name) if kind == "asof" else self.vintage_of(name))

    def _compute_series(self, key: tuple) -> pd.DataFrame:
        metric, sex, start, end, basis, buckets, freq = key
        if metric not in METRICS or sex not in SEXES or freq not in FREQS:
            raise DatasetError(f"unknown metric {metric!r}, sex {sex!r} or frequency {freq!r}")
        if freq != "year" and metric not in SUBYEAR_METRICS:
            raise DatasetError(f"metric {metric!r} has no {freq} figures: use one of {', '.join(SUBYEAR_METRICS)}")
        if freq == "year":
            rows = self._rows(basis)
        elif basis[0] != "vintage" or not (basis[1] in self._chartable or basis[1] in self._publication_ids):
            raise DatasetError(f"half-years and quarters are drawn of a vintage, not of {basis[0]} {basis[1]!r}")
        else:
            rows = self._subyear(basis[1], freq)
        if metric == "share":
            frame = self._share(rows)
        else:
            sexes = ["male", "female"] if sex == "both" else [sex]
            frame = rows[rows["sex"].isin(sexes)]
            derive = {"count": lambda group: group["count"], "cumulative": _cumulative, "yoy": _change}[metric]
            parts = [derive(group) for _, group in frame.groupby("sex", sort=False)]
            value = pd.concat(parts).reindex(frame.index) if parts else frame["count"]
            frame = frame.assign(value=value.astype("Int64"))
        shown = frame["year"].between(start, end) & (buckets | (frame["status"] != Status.BUCKET))
        return frame[shown][SERIES_COLUMNS].reset_index(drop=True)

    @cached_property
    def _publication_ids(self) -> frozenset[str]:
        """Every MOU publication: a vintage of its own figures, though it may print no whole year to draw."""
        return frozenset(self._tables["publications"]["publication"])

    @cached_property
    def _subyear_first(self) -> int:
        return subyear_first(self._tables["latest"])

    @cache  # noqa: B019 (one Arrivals per process, never freed) each sub-year view reads them
    def _subyear(self, vintage: str, freq: str) -> pd.DataFrame:
        return subyear(self._flows(vintage), freq, self._subyear_first)

    def _flows(self, name: str) -> pd.DataFrame:
        """The published figures of `name`: latest.csv, one vintage's rows, or an MOU publication's own (its first
        witness's where several print one, as `Drawable` reads them)."""
        if name == "latest":
            return self._tables["latest"]
        rows = self._tables["vintages"]
        if name in set(rows["vintage"]):
            return rows[rows["vintage"] == name]
        return publications_own(rows[rows["publication"] == name])

    def subyear_years(self) -> tuple[int, int]:
        """First and last year a sub-year chart of the latest figures can draw (2015, and the newest quarter's)."""
        years = self._subyear("latest", "quarter")["year"]
        return self._subyear_first, int(years.max()) if len(years) else self._subyear_first

    @staticmethod
    def _share(rows: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
        """Women as a percentage of all arrivals in each period (of each publication `by` names), to one decimal
        as MOU prints its 여성비율."""
        keys = [*by, "period_start", "period_end"]
        female = rows[rows["sex"] == "female"].set_index(keys)
        total = rows[rows["sex"] == "total"].set_index(keys)["count"]
        both = female.join(total.rename("_total"), how="inner")
        share = (both["count"] / both["_total"] * 100).round(SHARE_DECIMALS)
        return both.assign(value=share).reset_index().drop(columns="_total")

    # --- headline figures ------------------------------------------------------------------------------------
    def headline(self) -> dict[str, Headline]:
        """Latest year, cumulative total, women's share of all arrivals and the peak year, from latest.csv."""
        rows = self._chartable["latest"]
        total = rows[rows["sex"] == "total"]
        female = rows[rows["sex"] == "female"]
        single = total[total["status"].isin([Status.FINAL, Status.PROVISIONAL])]
        last = single.iloc[-1]
        peak = single.loc[single["count"].idxmax()]
        cumulative = self.series(View(metric="cumulative", buckets=True))
        span = f"{cumulative['period'].iloc[0]}–{cumulative['period'].iloc[-1]}"  # as published: ~98–25.12(잠정)
        every = tuple(dict.fromkeys(total["source"]))
        provisional = Status.PROVISIONAL if (total["status"] == Status.PROVISIONAL).any() else Status.FINAL

        def one(key, row):
            return Headline(key, float(row["count"]), row["period"], row["period_start"], row["period_end"],
                            Status(row["status"]), row["as_of"], (row["source"],))

        end = total["period_end"].max()
        return {
            "latest": one("latest", last),
            "cumulative": Headline("cumulative", float(cumulative["value"].iloc[-1]), span, OPEN_START, end,
                                   provisional, self.as_of(), every),
            "female_share": Headline("female_share",
                                     round(float(female["count"].sum() / total["count"].sum() * 100), 1),
                                     span, OPEN_START, end, provisional, self.as_of(),
                                     tuple(dict.fromkeys([*female["source"], *total["source"]]))),
            "peak": one("peak", peak),
        }

    # --- provenance ------------------------------------------------------------------------------------------
    def citations(self, source_ids) -> list[Citation]:
        """Citations for the given source ids, in order of first appearance, from sources.csv only."""
        known = self._citations()
        wanted = list(dict.fromkeys(source_ids))
        unknown = [s for s in wanted if s not in known]
        if unknown:
            raise DatasetError(f"sources.csv has no row for {', '.join(unknown)}")
        return [known[s] for s in wanted]

    @cache  # noqa: B019 (one Arrivals per process, never freed) a page cites its sources dozens of times
    def _citations(self) -> dict[str, Citation]:
        """Every source's citation, built once."""
        sources = self._tables["sources"]
        names = [f.name for f in fields(Citation) if f.name in sources.columns and f.name != "source"]
        flows = self._tables["vintages"][["source", "period_end", "provisional"]]
        tables = self._tables["breakdowns"]  # a source of breakdowns only: its figures run to the table's date
        tables = tables[~tables["source"].isin(set(flows["source"]))].assign(provisional=False)
        newest = pd.concat([flows, tables[flows.columns]]).sort_values("period_end").groupby("source").tail(1)
        covers = dict(zip(newest["source"], zip(newest["period_end"], newest["provisional"])))
        out = {}
        for row in sources.to_dict("records"):
            end, provisional = covers.get(row["source"], ("", False))
            out[row["source"]] = Citation(source=row["source"], **{n: str(row[n]) for n in names},
                                          covers_to=str(end), provisional=bool(provisional))
        return out

    def caveats(self, frame: pd.DataFrame, view: View | None = None) -> list[Caveat]:
        """Every caveat on a shown frame, as records (text/caveats.py words them): provisional, part-year and
        multi-year periods, buckets left out or summed, gaps in a derived metric, revisions of the shown periods,
        failed non-fatal checks and the sources' own caveats."""
        found = [Caveat(kind, periods=periods) for kind, periods in (
            (kind, tuple(dict.fromkeys(_periods(frame[frame["status"] == status]))))
            for status, kind in ((Status.PROVISIONAL, "provisional"), (Status.PARTIAL, "partial"),
                                 (Status.BUCKET, "bucket"))) if periods]
        if view is not None and not view.buckets and view.freq == FREQS[0]:  # a sub-year chart has no buckets
            hidden = self._rows(view.basis)
            hidden = hidden[(hidden["status"] == Status.BUCKET) & (hidden["sex"] == "total")]
            if len(hidden):
                kind = "buckets_summed" if view.metric == "cumulative" else "buckets_hidden"
                found.append(Caveat(kind, periods=tuple(_periods(hidden)), count=int(hidden["count"].sum())))
        if view is not None and view.metric in ("cumulative", "yoy") and frame["value"].isna().any():
            found.append(Caveat("cumulative_gap" if view.metric == "cumulative" else "yoy_gap"))
        if view is not None and view.freq != FREQS[0] and len(frame):
            held = set(zip(frame["period_start"], frame["period_end"]))
            grid = slots(view.freq, int(frame["year"].min()), int(frame["year"].max()))
            inside = [p for p in grid if frame["period_start"].min() <= p[0] <= frame["period_start"].max()]
            gaps = tuple((s, e, str(Status.FINAL)) for s, e in inside if (s, e) not in held)
            if gaps:
                found.append(Caveat("subyear_gaps", periods=gaps, count=len(gaps)))
        found += self._revision_caveats(frame)
        if view is not None:
            found += self._misquote_caveats(frame, view)
        return found + self._findings(frame["source"]) + self._source_caveats(frame["source"])

    def _misquote_caveats(self, frame: pd.DataFrame, view: View) -> list[Caveat]:
        """One record per circulating misquote of a count (or, on a cumulative chart, a cumulative total) for a
        period and sex the view shows, with the figure MOU printed instead."""
        if view.metric not in ("count", "cumulative") or frame.empty:
            return []
        cumulative = view.metric == "cumulative"
        shown = {(("" if cumulative else s), e, sex): st for s, e, sex, st in
                 zip(frame["period_start"], frame["period_end"], frame["sex"], frame["status"])}
        found = []
        for m in self._tables["misquotes"].to_dict("records"):
            status = shown.get((m["claimed_start"], m["claimed_end"], m["sex"]))
            if status is None or (m["claimed_start"] == "") != cumulative:
                continue
            official = () if is_missing(m["official_count"]) else (
                (int(m["official_count"]), m["official_source"], self.citations([m["official_source"]])[0]),)
            found.append(Caveat("misquote", periods=((m["claimed_start"], m["claimed_end"], status),), sex=m["sex"],
                                count=int(m["claimed_count"]), history=official))
        return found

    def _findings(self, source_ids, dimension: str | None = None) -> list[Caveat]:
        """findings.csv notes (failed non-fatal checks, typos) on the given sources, in the ETL's own words:
        those on one breakdown table, or (dimension None) those on the arrival figures."""
        findings = self._tables["findings"]
        on_table = findings["where"].str.startswith(BREAKDOWN_DIMENSIONS)
        mine = findings[findings["source"].isin(set(source_ids))
                        & (findings["where"].str.startswith(dimension) if dimension else ~on_table)]
        return [Caveat("finding", source=row.source, text=f"{row.check} ({row.where}): "
                       f"{row.note or ' / '.join(filter(None, (row.expected, row.found)))}")
                for row in mine.itertuples(index=False)]

    def _source_caveats(self, source_ids) -> list[Caveat]:
        return [Caveat("source", source=c.source, text=c.caveats, cited=c) for c in self.citations(source_ids)
                if c.caveats]

    def breakdown_caveats(self, frame: pd.DataFrame) -> list[Caveat]:
        """The data-quality notes on a breakdown table (inferred sexes, typos, cut-off rows) and its sources'
        caveats; the notes are the ETL's own words from findings.csv, in English."""
        if frame.empty:
            return []
        return self._findings(frame["source"], frame["dimension"].iloc[0]) + self._source_caveats(frame["source"])

    def _revision_caveats(self, frame: pd.DataFrame) -> list[Caveat]:
        """One record per shown period x sex whose figure was revised: each value when first published."""
        keys = ["period_start", "period_end", "sex"]
        shown = frame[keys + ["status"]].drop_duplicates(keys)
        revised = first_publications(self._tables["revisions"].merge(shown, on=keys), by=keys)
        cited = {c.source: c for c in self.citations(revised["source"])}
        histories: dict[tuple, list[dict]] = {}  # rows, not pandas groups: a page shows a few dozen histories
        for row in revised.to_dict("records"):
            histories.setdefault((row["period_start"], row["period_end"], row["sex"]), []).append(row)
        return [Caveat("revised", periods=((start, end, rows[0]["status"]),), sex=sex,
                       history=tuple((int(r["count"]), r["vintage"], cited[r["source"]]) for r in rows))
                for (start, end, sex), rows in histories.items()]

    # --- the other tables --------------------------------------------------------------------------------------
    def breakdown(self, dimension: str, vintage: str = "latest") -> pd.DataFrame:
        """One breakdown table (age | occupation | education | residence) by sex, without its printed total row.
        `vintage` names any vintage of `breakdown_vintages(dimension)`; "latest" is the newest one that splits men
        and women (what the page's charts compare), else the newest."""
        if dimension not in BREAKDOWN_DIMENSIONS:
            raise DatasetError(f"unknown breakdown {dimension!r}: use one of {', '.join(BREAKDOWN_DIMENSIONS)}")
        return self._breakdown(dimension, vintage).copy()

    @cache  # noqa: B019 (one Arrivals per process, never freed) a page asks for each table several times
    def _breakdown(self, dimension: str, vintage: str) -> pd.DataFrame:
        rows = self._tables["breakdowns"]
        rows = rows[rows["dimension"] == dimension]
        if vintage == "latest" and len(rows):
            listed = self.breakdown_vintages(dimension)
            by_sex = listed[[bool({"male", "female"} & set(sexes.split())) for sexes in listed["sexes"]]]
            vintage = (by_sex if len(by_sex) else listed)["vintage"].iloc[0]
        rows = rows[(rows["vintage"] == vintage) & (rows["category_en"] != "all")]
        return rows.reset_index(drop=True)

    def breakdown_gap(self, dimension: str, vintage: str = "latest") -> tuple[int | None, int | None]:
        """(breakdown total, arrivals total of the same date): the protective-facility footnote's shortfall, from
        data. The breakdown total is None where the source lists only some categories or prints no total for all
        arrivals; the arrivals total is the table's own printed total, else the newest announced cumulative for
        the same day, else None."""
        rows = self.breakdown(dimension, vintage)
        if rows.empty:
            return None, None
        listed = self.breakdown_vintages(dimension).set_index("vintage")
        row = listed.loc[rows["vintage"].iloc[0]]
        return (None if is_missing(row["breakdown_total"]) else int(row["breakdown_total"]),
                None if is_missing(row["arrivals_total"]) else int(row["arrivals_total"]))

    def publications(self, year: int) -> pd.DataFrame:
        """Every published value of the latest series' period ending in `year` (that whole year, or the bucket
        ending then), for every vintage and sex, oldest first; `latest` marks the row latest.csv holds."""
        keys = ["period_start", "period_end", "sex", "vintage"]
        latest = self._chartable["latest"]
        latest = latest[latest["year"] == year]
        rows = self._tables["vintages"].merge(latest[keys[:2] + ["status"]].drop_duplicates(keys[:2]), on=keys[:2])
        rows = rows.merge(latest[keys].assign(latest=True), how="left", on=keys)
        rows["latest"] = rows["latest"].notna()
        rows = rows.sort_values(["sex", "as_of", "vintage"], key=_sort_key, kind="stable")
        return rows.assign(year=year).reset_index(drop=True)

    def revisions(self, year: int | None = None) -> pd.DataFrame:
        """Every published value of each revised period x sex, oldest first, with `year` (the year it ends in);
        only periods ending in `year` when given."""
        rows = self._tables["revisions"]
        rows = rows.assign(year=rows["period_end"].str[:4].astype(int))
        if year is not None:
            rows = rows[rows["year"] == year]
        return rows.reset_index(drop=True)

    def revision_periods(self) -> pd.DataFrame:
        """The distinct revised periods a yearly chart can name (period_start, period_end, year, status)."""
        return self._revision_periods().copy()

    @cache  # noqa: B019 (one Arrivals per process, never freed) every URL's default revisions year reads them
    def _revision_periods(self) -> pd.DataFrame:
        rows = self.revisions()
        periods = rows[["period_start", "period_end", "year"]].drop_duplicates()
        kinds = [_kind(s, e) for s, e in zip(periods["period_start"], periods["period_end"])]
        periods = periods.assign(status=[Status.BUCKET if k == "bucket" else Status.PARTIAL if k != "year"
                                         else Status.FINAL for k in kinds])
        periods["status"] = periods["status"].astype(str)
        return periods.sort_values(["period_end", "period_start"]).reset_index(drop=True)

    def events(self) -> pd.DataFrame:
        """Cited events for annotations; an event without a source URL is left out."""
        rows = self._tables["events"]
        return rows[rows["url"].str.strip() != ""].reset_index(drop=True)

    def misquotes(self) -> pd.DataFrame:
        """Figures that circulate but are not the current MOU figure, with the official value (for quotes)."""
        return self._tables["misquotes"].copy()

    def figures(self) -> pd.DataFrame:
        """Every figure the record holds, for a reverse lookup: one row per publication x measure x period x sex,
        with measure (count | share | cumulative), vintage, as_of, period, period_start, period_end (a cumulative
        has an open start), sex, value, provisional, approximate, source, and `current`: the value that stands for
        the same measure, period and sex (latest.csv's; for a cumulative, the newest exact one announced for its
        end date; NA where none). A share is women's share of all arrivals (%, one decimal) wherever a publication
        gives women and the total for the same period."""
        return self._figures().copy()

    @cache  # noqa: B019 (one Arrivals per process, never freed) a lookup index is built from it once
    def _figures(self) -> pd.DataFrame:
        columns = ["vintage", "as_of", "period", "period_start", "period_end", "sex", "count", "provisional",
                   "approximate", "source"]
        counts = self._tables["vintages"][columns]
        totals = self._tables["cumulative"].assign(period_start=OPEN_START)[columns]
        exact = totals[~totals["approximate"]].sort_values(["as_of", "vintage"], kind="stable")
        standing = {"count": self._tables["latest"][~self._tables["latest"]["approximate"]],
                    "cumulative": exact.drop_duplicates(["period_end", "sex"], keep="last")}
        parts = []
        for measure, rows in (("count", counts), ("cumulative", totals)):
            for kind, frame, now in ((measure, rows, standing[measure]),
                                     ("share", self._share(rows, ("vintage",)), self._share(standing[measure]))):
                value = frame["count"] if kind != "share" else frame["value"]
                current = now.set_index(["period_start", "period_end", "sex"])["count" if kind != "share" else "value"]
                keys = pd.MultiIndex.from_frame(frame[["period_start", "period_end", "sex"]])
                parts.append(frame[columns[:6] + columns[7:]].assign(
                    measure=kind, value=value.astype(float), current=current.reindex(keys).to_numpy(dtype=float)))
        out = pd.concat(parts, ignore_index=True)
        return out[["measure", *columns[:6], "value", "current", *columns[7:]]]

    # --- breakdown vintages -------------------------------------------------------------------------------------
    def breakdown_vintages(self, dimension: str) -> pd.DataFrame:
        """Every vintage of one breakdown, newest first (by the date it covers): vintage, as_of, period_end,
        source, partial (only some categories listed), sexes ("male female total", or "total" where the source
        gives no split), breakdown_total (the printed total for all arrivals, else the categories' sum when all
        are listed; NA for a partial list) and arrivals_total (the table's printed total, else the newest
        exact cumulative announced for period_end; NA when none was published)."""
        if dimension not in BREAKDOWN_DIMENSIONS:
            raise DatasetError(f"unknown breakdown {dimension!r}: use one of {', '.join(BREAKDOWN_DIMENSIONS)}")
        return self._breakdown_vintages(dimension).copy()

    def _breakdown_vintages(self, dimension: str) -> pd.DataFrame:
        return self._every_breakdown_vintages()[dimension]

    @cache  # noqa: B019 (one Arrivals per process, never freed) each breakdown card asks for them several times
    def _every_breakdown_vintages(self) -> dict[str, pd.DataFrame]:
        # Plain Python over the rows, every breakdown in one pass: the tables hold a few hundred rows, and pandas'
        # cost per call (a filter of the cumulative table per vintage) made this a fifth of the default page's
        # build, which a new server pays before it answers.
        cumulative = [r for r in self._tables["cumulative"].to_dict("records")
                      if r["sex"] == "total" and not r["approximate"]]
        tables: dict[str, dict[str, list[dict]]] = {dimension: {} for dimension in BREAKDOWN_DIMENSIONS}
        for row in self._tables["breakdowns"].to_dict("records"):
            tables.setdefault(row["dimension"], {}).setdefault(row["vintage"], []).append(row)
        return {dimension: _vintage_listing(vintages, cumulative) for dimension, vintages in tables.items()}

    @cache  # noqa: B019 (one Arrivals per process, never freed) every chart address is checked against them
    def breakdown_vintage_ids(self) -> tuple[str, ...]:
        """Every vintage id of any breakdown, newest first."""
        rows = self._tables["breakdowns"].sort_values(["as_of", "vintage"], ascending=False)
        return tuple(dict.fromkeys(rows["vintage"]))

    # --- the change log ----------------------------------------------------------------------------------------
    def changes(self) -> pd.DataFrame:
        """changes.csv: one row per new or revised figure (period, period_start, period_end, sex, change,
        old_count/old_vintage/old_as_of for a revision, count, vintage, as_of, published, provisional,
        approximate, source), oldest publication first, plus `year` (the year the period ends in) and the source's
        `published_after` (sources.csv). `published` is empty where the source states no date, and
        `published_after` then gives its lower bound; `old_count` is NA for a new figure."""
        rows = self._tables["changes"]
        after = self._tables["sources"].set_index("source")["published_after"]
        return rows.assign(year=rows["period_end"].str[:4].astype(int),
                           published_after=rows["source"].map(after).fillna("")).reset_index(drop=True)

    # --- the record as ALFRED keeps it: publications, real-time periods, the series as known on a day ------------
    def publication_list(self, lang: str = "en") -> pd.DataFrame:
        """publications.csv in `lang`, oldest first: publication, kind (table / announcement), realtime_start,
        date_bound (exact, month, on or after, on or before), published, published_after, covers_end, title, url,
        and `witnesses`, the outlets that reported it (names, never hosts or ids), joined by "; "."""
        return self._publication_list(lang).copy()

    @cache  # noqa: B019 (one Arrivals per process, never freed) every menu and citation reads it
    def _publication_list(self, lang: str) -> pd.DataFrame:
        pubs = self._tables["publications"]
        outlet = "outlet_ko" if lang == "ko" else "outlet_en"
        w = self._tables["witnesses"]
        names = w[w["role"] == "witness"].groupby("publication")[outlet].agg(lambda n: "; ".join(dict.fromkeys(n)))
        out = pubs.assign(title=pubs["title_ko" if lang == "ko" else "title_en"],
                          witnesses=pubs["publication"].map(names).fillna(""))
        out = out[["publication", "kind", "realtime_start", "date_bound", "published", "published_after",
                   "covers_end", "title", "url", "witnesses"]]
        return out.sort_values(["realtime_start", "publication"], kind="stable").reset_index(drop=True)

    def vintage_menu(self, lang: str = "en", start: int | None = None, end: int | None = None) -> pd.DataFrame:
        """The vintages a reader may choose: MOU publications only, MOU tables first, then announcements, each
        newest first, and only those holding a figure for a period ending in the years start..end (all when not
        given) that a yearly chart draws (a publication of quarters alone would draw nothing). Columns as
        `publication_list`; the caller words `kind` as the group heading."""
        pubs = self.publication_list(lang)
        empty = pd.Series(dtype=int)
        held = [p for p in pubs["publication"]
                if self._chartable.get(p, {"year": empty})["year"].between(start or 0, 9999 if end is None else end)
                .any()]
        pubs = pubs[pubs["publication"].isin(held)]
        pubs = pubs.assign(_table=pubs["kind"] != "table")
        pubs = pubs.sort_values(["_table", "realtime_start", "publication"], ascending=[True, False, False])
        return pubs.drop(columns="_table").reset_index(drop=True)

    def known_on(self, day: str) -> pd.DataFrame:
        """The series as MOU had published it on `day` (YYYY-MM-DD; ALFRED's real-time question): for every
        period x sex, the figure whose real-time period holds the day (realtime_start <= day < realtime_end, or
        still current), an exact figure over an approximate one, an MOU table over an announcement's witness.
        Columns as vintages.csv; periods MOU had not yet published are absent."""
        rows = self._tables["vintages"]
        valid = (rows["realtime_start"] <= day) & ((rows["realtime_end"] == "") | (rows["realtime_end"] > day))
        rows = rows[valid]
        kinds = self._tables["publications"].set_index("publication")["kind"]
        rows = rows.assign(_exact=~rows["approximate"], _table=rows["publication"].map(kinds) == "table")
        rows = rows.sort_values(["_exact", "realtime_start", "_table", "vintage"], kind="stable")
        newest = rows.groupby(PERIOD_KEY, sort=False, dropna=False).tail(1)
        newest = newest.assign(_sex=newest["sex"].map(SEX_ORDER))
        newest = newest.sort_values(["period_end", "period_start", "_sex"], kind="stable")
        return newest.drop(columns=["_exact", "_table", "_sex"]).reset_index(drop=True)

    def vintage_of(self, vs: str) -> pd.DataFrame:
        """The series of vintage `vs`: a publication id (the series as known on the day it was published, that
        publication's figures winning its own day) or a date YYYY-MM-DD (the series as known that day)."""
        pubs = self._tables["publications"].set_index("publication")
        if vs not in pubs.index:
            if not _is_iso_day(vs):
                raise DatasetError(f"no publication or date {vs!r}")
            return self.known_on(vs)
        day = pubs.loc[vs, "realtime_start"]
        series = self.known_on(day)
        own = self._tables["vintages"]
        own = own[(own["publication"] == vs) & ~own["approximate"]].drop_duplicates(PERIOD_KEY)
        rest = series.merge(own[PERIOD_KEY], on=PERIOD_KEY, how="left", indicator=True)
        rest = series[(rest["_merge"] == "left_only").to_numpy()]
        return pd.concat([rest, own]).sort_values(["period_end", "period_start"], kind="stable").reset_index(drop=True)

    def compare(self, vs: str, asof: str | None = None) -> pd.DataFrame:
        """Two vintages side by side, as ALFRED's compare graph: per period x sex held by either, `count` (the series
        known on `asof`, today when not given) and `vs_count` (vintage `vs`), their publications and the revision
        `change` = count − vs_count (NA where either lacks the period)."""
        new = self.known_on(asof or date.today().isoformat())
        old = self.vintage_of(vs)
        cols = PERIOD_KEY + ["period", "count", "provisional", "publication"]
        both = new[cols].merge(old[cols], on=PERIOD_KEY, how="outer", suffixes=("", "_vs"))
        both = both.rename(columns={"count_vs": "vs_count", "publication_vs": "vs_publication",
                                    "provisional_vs": "vs_provisional"})
        both["period"] = both["period"].fillna(both.pop("period_vs"))
        both["count"] = both["count"].astype("Int64")
        both["vs_count"] = both["vs_count"].astype("Int64")
        both["change"] = both["count"] - both["vs_count"]
        both = both.assign(_sex=both["sex"].map(SEX_ORDER)).sort_values(["period_end", "period_start", "_sex"])
        return both.drop(columns="_sex").reset_index(drop=True)

    def revision_triangle(self, sex: str = "total") -> pd.DataFrame:
        """ALFRED's revision triangle: one row per period (period_start, period_end, period as the newest
        publication labels it), one column per MOU publication holding exact figures, oldest first, with the
        figure that publication gave (its first witness's where witnesses differ); NA where it gave none."""
        rows = self._tables["vintages"]
        rows = rows[(rows["sex"] == sex) & ~rows["approximate"]]
        order = self.publication_list()["publication"]
        rows = rows.sort_values(["publication", "vintage"]).drop_duplicates(["period_start", "period_end",
                                                                             "publication"])
        wide = rows.pivot(index=["period_start", "period_end"], columns="publication", values="count")
        wide = wide[[p for p in order if p in wide.columns]].astype("Int64")
        labels = rows.sort_values("realtime_start").groupby(["period_start", "period_end"])["period"].last()
        wide.insert(0, "period", labels)
        wide.columns.name = None
        return wide.reset_index().sort_values(["period_end", "period_start"], kind="stable").reset_index(drop=True)

    def realtime(self, lang: str = "en") -> pd.DataFrame:
        """The long real-time table: one row per figure of each MOU publication (period, period_start, period_end,
        sex, count, provisional, approximate, realtime_start, realtime_end, publication, witnesses = the outlets
        that printed it, by name), oldest first; witnesses of one publication giving the same figure are one row."""
        rows = self._tables["vintages"]
        outlet = self._tables["witnesses"].set_index("source")["outlet_ko" if lang == "ko" else "outlet_en"]
        rows = rows.assign(witnesses=rows["source"].map(outlet))
        keys = PERIOD_KEY + ["publication", "count", "approximate"]
        named = rows.groupby(keys, dropna=False, sort=False)["witnesses"].agg(lambda n: "; ".join(dict.fromkeys(n)))
        rows = rows.drop_duplicates(keys).drop(columns="witnesses").merge(named.reset_index(), on=keys)
        rows = rows.assign(_sex=rows["sex"].map(SEX_ORDER))
        rows = rows.sort_values(["period_end", "period_start", "_sex", "realtime_start", "publication"],
                                kind="stable")
        return rows[REALTIME_COLUMNS].reset_index(drop=True)

    def other_figures(self) -> pd.DataFrame:
        """other_figures.csv: figures that are no MOU publication, never a vintage or a revision, each with its
        publisher (an organisation: publisher_en, publisher_ko), what it counts (counted: arrivals, or Hanawon
        admissions, never arrivals), kind (flow / cumulative), period, period_start, period_end, sex, count,
        approximate, the date the report printing it states (published, else the lower bound published_after), the
        day its copy was seen (retrieved_at), its url, why it is not MOU's, and its source; oldest period first."""
        return self._tables["other_figures"].copy()

    # --- what an answer holds -----------------------------------------------------------------------------------
    def fields(self, columns, resource: str = "latest") -> list[dict]:
        """Table Schema fields of an answer's columns, as datapackage.json types them: the field of that name in
        `resource` (a chart series takes its columns from latest.csv), else the field this layer derives."""
        described = {f["name"]: f for r in self.package["resources"] if r["name"] == resource
                     for f in r["schema"]["fields"]}
        published = set(self._tables["publications"]["publication"])  # the revision triangle's columns
        unknown = [c for c in columns if c not in described and c not in DERIVED_FIELDS and c not in published]
        if unknown:
            raise DatasetError(f"{resource} has no column {', '.join(unknown)}")
        return [described.get(c) or DERIVED_FIELDS.get(c) or
                {"name": c, "type": "integer", "description": f"the figure MOU publication {c} gave for the period "
                                                              "(its first witness's); empty where it gave none"}
                for c in columns]

    def witness_sources(self) -> dict[str, str]:
        """Each MOU publication's first witness (a table is its own): the source that cites it, by publication."""
        rows = self._tables["vintages"].sort_values("vintage", kind="stable").drop_duplicates("publication")
        return dict(zip(rows["publication"], rows["source"]))



def _vintage_listing(vintages: dict[str, list[dict]], cumulative: list[dict]) -> pd.DataFrame:
    """`Arrivals.breakdown_vintages` of one breakdown, from its rows by vintage and the exact total cumulatives."""
    out = []
    for vintage, group in vintages.items():
        first = group[0]
        partial = any(r["partial"] for r in group)
        printed = [r["count"] for r in group if r["sex"] == "total" and r["category_en"] == "all"]
        parts = [r["count"] for r in group if r["sex"] == "total" and r["category_en"] != "all"]
        same = [r for r in cumulative if r["vintage"] == vintage and r["kind"] == "printed-total"]
        dated = sorted((r for r in cumulative if r["period_end"] == first["period_end"]),
                       key=lambda r: (r["as_of"], r["vintage"]))
        arrivals = same[:1] or dated[-1:]
        sexes = {r["sex"] for r in group}
        out.append({"vintage": vintage, "as_of": first["as_of"], "period_end": first["period_end"],
                    "source": first["source"], "partial": partial,
                    "sexes": " ".join(s for s in SEX_ORDER if s in sexes),
                    "breakdown_total": printed[0] if printed else sum(parts) if parts and not partial else pd.NA,
                    "arrivals_total": arrivals[0]["count"] if arrivals else pd.NA})
    frame = pd.DataFrame(out, columns=["vintage", "as_of", "period_end", "source", "partial", "sexes",
                                       "breakdown_total", "arrivals_total"])
    frame = frame.astype({"breakdown_total": "Int64", "arrivals_total": "Int64"})
    return frame.sort_values(["period_end", "as_of", "vintage"], ascending=False).reset_index(drop=True)


def first_publications(rows: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """The rows of one period x sex history (oldest first), or of each history of the columns `by`, where its
    value changed: each value once, when it was first published."""
    previous = rows.groupby(by, sort=False)["count"].shift() if by else rows["count"].shift()
    return rows[rows["count"].ne(previous)]


def _is_iso_day(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def is_missing(value) -> bool:
    """True for None, NaN and pandas' NA, which a shown frame uses for values that cannot be computed."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
