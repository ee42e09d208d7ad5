"""The field list of every resource in datasets/arrivals/: the pandera schemas and datapackage.json both come
from here."""

from dataclasses import dataclass

import pandera.pandas as pa

from etl.sources import SOURCE_COLUMNS

DATE = r"^\d{4}-\d{2}-\d{2}$"
DATE_OR_MONTH = r"^\d{4}-\d{2}(-\d{2})?$"
SEX = ["male", "female", "total"]
BREAKDOWN_DIMENSIONS = ("age", "occupation", "education", "residence", "origin")


@dataclass(frozen=True)
class Field:
    name: str
    type: str                 # Frictionless type: string | integer | boolean | date
    description: str
    required: bool = True
    pattern: str | None = None
    enum: tuple | None = None

    def column(self) -> pa.Column:
        checks = []
        if self.pattern:
            checks.append(pa.Check.str_matches(self.pattern))
        if self.enum:
            checks.append(pa.Check.isin(list(self.enum)))
        if self.type == "integer":
            checks.append(pa.Check.ge(0))
        dtype = {"integer": "int64" if self.required else "Int64", "boolean": bool}.get(self.type, str)
        return pa.Column(dtype, checks, nullable=not self.required, coerce=self.type != "boolean")

    def descriptor(self) -> dict:
        d = {"name": self.name, "type": "string" if self.type == "date-or-month" else self.type,
             "description": self.description}
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.pattern and self.type in ("string", "date-or-month"):
            constraints["pattern"] = self.pattern
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.type == "integer":
            constraints["minimum"] = 0
        if self.type == "boolean":
            d.update(trueValues=["true"], falseValues=["false"])
        if constraints:
            d["constraints"] = constraints
        return d


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()   # (field, resource, its field)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def schema(self) -> pa.DataFrameSchema:
        return pa.DataFrameSchema({f.name: f.column() for f in self.fields}, strict=True, ordered=True,
                                  unique=list(self.primary_key) or None, name=self.name)

    def descriptor(self) -> dict:
        schema = {"fields": [f.descriptor() for f in self.fields]}
        required = {f.name for f in self.fields if f.required}
        if self.primary_key and set(self.primary_key) <= required:   # Frictionless keys may not be empty
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [{"fields": f, "reference": {"resource": r, "fields": k}}
                                     for f, r, k in self.foreign_keys]
        return {"name": self.name, "path": self.path, "title": self.title, "description": self.description,
                "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "schema": schema}


def _f(name, type_, description, required=True, pattern=None, enum=None):
    if type_ == "date":
        pattern = DATE
    elif type_ == "date-or-month":
        pattern = DATE_OR_MONTH
    return Field(name, type_, description, required, pattern, enum)


VINTAGE = "id of the publication this figure comes from (one snapshot or article); equals `source`"
AS_OF = ("the ordering date of the figure's publication: the date the source states (ISO date, or year-month where "
         "only the month is known); where it states none, the stand-in its sources.csv row explains (the lower bound "
         "`published_after` for undated press reports and mou-cn-2020, the date the copy was seen for mou-kr-2025); "
         "decides which vintage is latest")
APPROXIMATE = _f("approximate", "boolean", "the source gives the figure as approximate (약 590명, 2만9380여 명, "
                 "about): it is never summed or checked, and never latest over an exact figure")
FLOW_FIELDS = (
    _f("vintage", "string", VINTAGE),
    _f("as_of", "date-or-month", AS_OF),
    _f("period", "string", "the period label as published, e.g. ~'98, '02, '25.12(잠정), 2012 Q1"),
    _f("period_start", "date", "first day of the period; empty for an open start (~'98 = all arrivals up to 1998)",
       required=False),
    _f("period_end", "date", "last day of the period"),
    _f("sex", "string", "male, female or total", enum=tuple(SEX)),
    _f("count", "integer", "number of North Koreans who arrived in South Korea in the period"),
    _f("provisional", "boolean", "provisional by rule (etl/publications.py): its publication marks it (잠정/暂定/"
       "Provisional), or no MOU table or release had yet carried its period unmarked (first announcements, "
       "quarters, half-years)"),
    APPROXIMATE,
    _f("source", "string", "joins sources.csv `source`"),
    _f("publication", "string", "the MOU publication the figure belongs to (joins publications.csv): for a press "
       "report, the announcement it witnesses"),
    _f("realtime_start", "date-or-month", "the first day the figure was MOU's current one for its period: its "
       "publication's realtime_start (see publications.date_bound: a lower bound where MOU states no date)"),
    _f("realtime_end", "date-or-month", "the realtime_start of the next MOU publication holding the period (the "
       "figure was current before that day); empty while current", required=False),
)
FLOW_KEY = ("vintage", "period", "sex")
SOURCE_FK = ("source", "sources", "source")
PUBLICATION_FK = ("publication", "publications", "publication")

RESOURCES = (
    Resource("vintages", "Every published figure (vintage x period x sex)",
             "Yearly, multi-year-bucket and partial-period arrival figures from every MOU table and every press report "
             "of an MOU announcement, including provisional first announcements.", FLOW_FIELDS, FLOW_KEY,
             (SOURCE_FK, PUBLICATION_FK)),
    Resource("latest", "Latest figure for each period",
             "For each (period_start, period_end, sex) the row of vintages.csv with the highest as_of; ties go to an "
             "MOU table over a press report, then to the larger vintage id. Includes single years inside the MOU "
             "buckets (1998-2001, from press reports) and partial periods (quarters, half-years): select the "
             "periods you need by period_start/period_end.", FLOW_FIELDS, FLOW_KEY, (SOURCE_FK, PUBLICATION_FK)),
    Resource("revisions", "Periods whose figure changed between vintages",
             "Every vintage of each period x sex that was published with more than one value, oldest first.",
             (_f("period_start", "date", "first day of the period; empty for an open start", required=False),
              _f("period_end", "date", "last day of the period"),
              _f("sex", "string", "male, female or total", enum=tuple(SEX)),
              _f("period", "string", "the period label as this vintage published it"),
              _f("as_of", "date-or-month", AS_OF),
              _f("count", "integer", "the figure in this vintage"),
              _f("provisional", "boolean", "the source marks the figure provisional"),
              _f("latest", "boolean", "this row is the one latest.csv holds"),
              _f("vintage", "string", VINTAGE),
              _f("source", "string", "joins sources.csv `source`")),
             FLOW_KEY, (SOURCE_FK,)),
    Resource("changes", "Change log: every new or revised figure, by publication",
             "One row per figure that a publication added (change = new: the first exact figure of a period x sex) "
             "or revised (change = revised: an exact figure differing from the exact figure before it, which is "
             "old_*). Period x sex histories are ordered as latest.csv ranks vintages (as_of; on a tie an MOU table "
             "after a press report; then the vintage id). A repeated value is no change. An approximate figure is "
             "new only as a period's very first figure, and never revises or is revised. Built from vintages.csv "
             "alone, so a rebuild gives the same rows.",
             (_f("period", "string", "the period label as the new figure's publication gave it"),
              _f("period_start", "date", "first day of the period; empty for an open start", required=False),
              _f("period_end", "date", "last day of the period"),
              _f("sex", "string", "male, female or total", enum=tuple(SEX)),
              _f("change", "string", "new or revised", enum=("new", "revised")),
              _f("old_count", "integer", "the figure before (revised only)", required=False),
              _f("old_vintage", "string", "the vintage of the figure before (revised only)", required=False),
              _f("old_as_of", "date-or-month", "that vintage's as_of (revised only)", required=False),
              _f("count", "integer", "the new figure"),
              _f("vintage", "string", VINTAGE),
              _f("as_of", "date-or-month", AS_OF),
              _f("published", "date-or-month", "the publication date the source states (sources.csv); empty "
                 "where it states none", required=False),
              _f("provisional", "boolean", "the new figure is provisional"),
              _f("approximate", "boolean", "the new figure is approximate"),
              _f("source", "string", "joins sources.csv `source`")),
             FLOW_KEY, (SOURCE_FK,)),
    Resource("cumulative", "Cumulative totals",
             "Cumulative arrivals as printed in a table's 합계/合计/Total column or as announced (press reports of "
             "MOU announcements).",
             (_f("vintage", "string", VINTAGE),
              _f("as_of", "date-or-month", AS_OF),
              _f("period", "string", "the label as published (합계, Total) or `to <date>` for an announcement"),
              _f("period_end", "date", "the last day the total covers"),
              _f("sex", "string", "male, female or total", enum=tuple(SEX)),
              _f("count", "integer", "cumulative arrivals"),
              _f("provisional", "boolean", "the source marks the figure provisional"),
              APPROXIMATE,
              _f("kind", "string", "printed-total (a table's total column) or announced",
                 enum=("printed-total", "announced")),
              _f("source", "string", "joins sources.csv `source`")),
             ("vintage", "period", "period_end", "sex"), (SOURCE_FK,)),
    Resource("breakdowns", "Breakdowns of cumulative arrivals, every vintage",
             "Age at entry, occupation and education in the North and province of origin, of all arrivals up to "
             "period_end, and residence in the South (residents, not arrivals: the people living in each region on "
             "period_end), by sex where the source splits them: MOU tables and press reports of MOU data, one vintage "
             "per publication. Comparable categories share one category_en across vintages. A breakdown's total "
             "falls short of the arrivals total of the same date: recent arrivals still in protective facilities "
             "are not in it (MOU footnote).",
             (_f("vintage", "string", VINTAGE),
              _f("as_of", "date-or-month", AS_OF),
              _f("period_end", "date", "the last day of the arrivals the breakdown covers (all arrivals up to it)"),
              _f("dimension", "string", "age (at entry), occupation and education (in the North), residence (in the "
                 "South: residents, not arrivals) and origin (province in the North)", enum=BREAKDOWN_DIMENSIONS),
              _f("category", "string", "the category as printed (合计 = the table's row total)"),
              _f("category_en", "string", "English category, the same for comparable categories of every vintage "
                 "(all = the row total)"),
              _f("sex", "string", "male, female or total", enum=tuple(SEX)),
              _f("count", "integer", "people; for a known source typo, the value the table's own sums prove"),
              _f("printed", "string", "the cell as printed (press transcriptions: as the stored copy quotes it)"),
              _f("sex_inferred", "boolean", "the source prints no male/female label; the sex is proved by sums "
                 "(see findings.csv)"),
              _f("partial", "boolean", "the source lists only some categories (the largest): the rows do not add up "
                 "to the breakdown's total; compare shares against the arrivals total"),
              _f("note", "string", "data-quality note on this cell", required=False),
              _f("source", "string", "joins sources.csv `source`")),
             ("vintage", "dimension", "category", "sex"), (SOURCE_FK,)),
    Resource("sources", "Sources and snapshots",
             "One row per source snapshot (one per article for press reports): provenance and citation.",
             tuple(_f(c, "string", d, required=c in ("source", "method", "snapshot", "sha256", "licence"))
                   for c, d in zip(SOURCE_COLUMNS, (
                       "source id (kebab-case)", "publisher (Korean)", "publisher (English; for press, the site)",
                       "title (Korean)", "title (English)", "URL of the page", "language(s)",
                       "the ordering date of its figures (see vintages.as_of)",
                       "the publication date as the source states it (ISO date or year-month); empty when the stored "
                       "copy states none", "a lower bound of the publication date when `published` is empty: the "
                       "source appeared no earlier than this; empty when `published` is known",
                       "the source's own reference label",
                       "when we obtained it (UTC)", "licence", "requests-get, archived-copy or transcribed",
                       "third-party copy it was obtained through, if any", "path of the raw snapshot under datasets/",
                       "sha256 of the snapshot", "size of the snapshot in bytes", "HTTP status, where fetched",
                       "content type, where fetched", "ETag, where fetched", "caveats")))
             , ("source",)),
    Resource("findings", "Data-quality notes",
             "Known source typos, inferred labels, truncated rows, press figures not used and why. A finding never "
             "edits data; fatal findings stop the build instead of being written.",
             (_f("check", "string", "what was checked"), _f("severity", "string", "note", enum=("note",)),
              _f("source", "string", "joins sources.csv `source`"), _f("where", "string", "the cell, row or period"),
              _f("expected", "string", "what the check expected", required=False),
              _f("found", "string", "what the source shows", required=False),
              _f("note", "string", "explanation", required=False)),
             ("check", "source", "where"), (SOURCE_FK,)),
    Resource("misquotes", "Figures that circulate but are not the current MOU figure",
             "Each with the official (latest) value, a short explanation and the URLs where it circulates.",
             (_f("misquote", "string", "id"), _f("claimed_period", "string", "the period the figure is given for"),
              _f("claimed_start", "date", "its first day; empty for an open start: a cumulative total of every "
                 "arrival up to claimed_end", required=False), _f("claimed_end", "date", "its last day"),
              _f("sex", "string", "male, female or total", enum=tuple(SEX)),
              _f("claimed_count", "integer", "the circulating figure"),
              _f("official_period", "string", "the MOU period the official figure belongs to"),
              _f("official_start", "date", "its first day; empty for an open start (a cumulative total)",
                 required=False), _f("official_end", "date", "its last day"),
              _f("official_count", "integer", "the figure in latest.csv (for a cumulative total: the newest exact "
                 "one cumulative.csv holds for official_end); empty when MOU has published none (see official_note)",
                 required=False),
              _f("official_source", "string", "the vintage it is taken from", required=False),
              _f("official_as_of", "date-or-month", "that vintage's as_of", required=False),
              _f("official_note", "string", "empty when there is an official figure; else why there is none (the "
                 "official fields are then empty, never filled in by hand)", required=False),
              _f("explanation", "string", "why the circulating figure differs (English)"),
              _f("explanation_ko", "string", "the same explanation in Korean"),
              _f("urls", "string", "space-separated URLs where the figure circulates or is explained")),
             ("misquote",), (("official_source", "sources", "source"),)),
    Resource("events", "Cited events for chart annotations", "Compiled by the project from the cited pages.",
             (_f("event", "string", "id"), _f("date_start", "date", "first day"), _f("date_end", "date", "last day"),
              _f("label_en", "string", "label (English)"), _f("label_ko", "string", "label (Korean)"),
              _f("url", "string", "cited page"), _f("publisher", "string", "its publisher"),
              _f("title", "string", "its title or a description of it")),
             ("event",)),
    Resource("publications", "MOU's publications: the vintages",
             "One row per MOU publication: a table on MOU's site, or an announcement (briefing or release) known from "
             "the press reports that witness it (witnesses.csv). Every figure of vintages.csv belongs to one.",
             (_f("publication", "string", "id"),
              _f("kind", "string", "table (a statistics table on MOU's site) or announcement (a briefing or "
                 "release, known from MOU's own release or its press witnesses)", enum=("table", "announcement")),
              _f("published", "date-or-month", "the publication date the evidence states (the earliest witness's "
                 "date for an announcement); empty when none states it", required=False),
              _f("published_after", "date-or-month", "when `published` is empty: the publication appeared on or "
                 "after this day (the end of the newest period it covers, or what its copy shows)", required=False),
              _f("date_bound", "string", "exact (a day), month (only the month is stated), on or after (a lower "
                 "bound only), on or before (a live MOU page stating no date, current on the day it was fetched)",
                 enum=("exact", "month", "on or after", "on or before")),
              _f("realtime_start", "date-or-month", "the day its figures became MOU's current ones: `published`, "
                 "else `published_after`; for a live page stating no date (on or before), the day it was fetched, "
                 "the first day it is known current"),
              _f("seen", "date", "the earliest day a copy of it was seen: it was published no later (a copy date, "
                 "never a publication date)"),
              _f("covers_end", "date", "the last day of the newest period it gives figures for", required=False),
              _f("title_en", "string", "title (English)"), _f("title_ko", "string", "title (Korean)"),
              _f("publisher_en", "string", "publisher (English): always MOU"),
              _f("publisher_ko", "string", "publisher (Korean): always 통일부"),
              _f("url", "string", "MOU's page, for a table or release; empty for an announcement known from the "
                 "press", required=False),
              _f("witnesses", "integer", "press reports witnessing it (witnesses.csv)")),
             ("publication",)),
    Resource("witnesses", "Which publication each source witnesses, and by whom",
             "One row per source holding figures: the MOU publication it is (a table) or witnesses (a press "
             "report), named by its outlet; `via` names the kind of copy it was read on, never a publisher.",
             (_f("source", "string", "joins sources.csv `source`"),
              _f("publication", "string", "joins publications.csv `publication`"),
              _f("role", "string", "mou (MOU's own table or release: the publication itself) or witness (a "
                 "press report of it)", enum=("mou", "witness")),
              _f("outlet_en", "string", "the outlet (English): MOU for a table, the news outlet for a witness"),
              _f("outlet_ko", "string", "the outlet (Korean)"),
              _f("url", "string", "the page read", required=False),
              _f("via", "string", "the copy it was read through, if any (provenance, not a publisher)",
                 required=False),
              _f("retrieved_at", "date", "the day the copy was seen (never a publication date)")),
             ("source",), (SOURCE_FK, PUBLICATION_FK)),
    Resource("other_figures", "Figures that are no MOU publication",
             "Another organisation's own counts (Daily NK, the International Crisis Group, Kinaforum) and Hanawon's, "
             "as the report at `url` printed them, with their publisher and what they count (arrivals, or Hanawon "
             "admissions, which are never arrivals): never a vintage of MOU's, never a step in revisions.csv "
             "(etl/other_figures.py).",
             (_f("source", "string", "joins sources.csv `source`: the report the figure was read in"),
              _f("publisher_en", "string", "whose figure it is: an organisation (English)"),
              _f("publisher_ko", "string", "whose figure it is (Korean)"),
              _f("counted", "string", "what the figure counts: arrivals (North Koreans arriving in South Korea) or "
                 "admissions (people admitted to Hanawon, the settlement centre, in the period: not arrivals)",
                 enum=("arrivals", "admissions")),
              _f("kind", "string", "flow (in a period) or cumulative (all up to period_end)",
                 enum=("flow", "cumulative")),
              _f("period", "string", "the period label as printed"),
              _f("period_start", "date", "first day of the period; empty for a cumulative total", required=False),
              _f("period_end", "date", "last day of the period"),
              _f("sex", "string", "male, female or total", enum=tuple(SEX)),
              _f("count", "integer", "the figure"), APPROXIMATE,
              _f("published", "date-or-month", "the date the report printing it states (ISO date or year-month); "
                 "empty when it states none", required=False),
              _f("published_after", "date-or-month", "when `published` is empty: the report appeared no earlier",
                 required=False),
              _f("retrieved_at", "date", "the day the copy holding the figure was seen (never a publication date)"),
              _f("url", "string", "the report's page"),
              _f("why", "string", "why it is not MOU's, per the fact base")),
             ("source", "counted", "kind", "period", "sex"), (SOURCE_FK,)),
)
BY_NAME = {r.name: r for r in RESOURCES}
