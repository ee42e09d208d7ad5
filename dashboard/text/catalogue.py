"""The one string catalogue: every piece of interface text in English and Korean.

A missing translation is a KeyError in tests, never a blank.
"""

from __future__ import annotations

LANGS = ("en", "ko")
NAMES = {"en": "English", "ko": "한국어"}

STRINGS: dict[str, dict[str, str]] = {
    "title": {"en": "North Koreans arriving in South Korea", "ko": "북한이탈주민 입국 현황"},
    "subtitle": {
        "en": "Exact, cited figures from the Ministry of Unification (통일부), every vintage and revision",
        "ko": "통일부가 공표한 수치를 출처와 함께: 모든 공표 시점(빈티지)과 수정 내역",
    },
    "lang_switch": {"en": "한국어", "ko": "English"},
    "lang_switch_label": {"en": "Switch language", "ko": "언어 바꾸기"},
    "skip": {"en": "Skip to the main chart", "ko": "주 차트로 건너뛰기"},
    # headline figures
    "headlines": {"en": "Headline figures", "ko": "주요 수치"},
    "hl_latest": {"en": "Arrivals in {year}", "ko": "{year}년 입국"},
    "hl_cumulative": {"en": "All arrivals up to {last}", "ko": "{last}년까지 누적 입국"},
    "hl_share": {"en": "Women among all arrivals", "ko": "전체 입국 중 여성 비율"},
    "hl_peak": {"en": "Peak year: {year}", "ko": "최다 입국 연도: {year}년"},
    "hl_as_of": {"en": "as of {date}", "ko": "{date} 기준"},
    "provisional_badge": {"en": "provisional", "ko": "잠정"},
    # controls
    "controls": {"en": "Chart controls", "ko": "차트 설정"},
    "metric": {"en": "Measure", "ko": "지표"},
    "metric_count": {"en": "Arrivals", "ko": "입국 인원"},
    "metric_share": {"en": "Women's share (%)", "ko": "여성 비율(%)"},
    "metric_cumulative": {"en": "Cumulative arrivals", "ko": "누적 입국 인원"},
    "metric_yoy": {"en": "Change on previous year", "ko": "전년 대비 증감"},
    "sex": {"en": "Sex", "ko": "성별"},
    "sex_total": {"en": "Total", "ko": "합계"},
    "sex_male": {"en": "Men", "ko": "남성"},
    "sex_female": {"en": "Women", "ko": "여성"},
    "sex_both": {"en": "Men and women", "ko": "남성과 여성"},
    "years": {"en": "Years", "ko": "연도"},
    "year_from": {"en": "From", "ko": "시작"},
    "year_to": {"en": "To", "ko": "끝"},
    "chart": {"en": "Chart type", "ko": "차트 유형"},
    "chart_bar": {"en": "Bars (stacked)", "ko": "막대(누적)"},
    "chart_grouped": {"en": "Bars (side by side)", "ko": "막대(나란히)"},
    "chart_line": {"en": "Line", "ko": "선"},
    "vintage": {"en": "Vintage (publication)", "ko": "공표 시점(빈티지)"},
    "vintage_latest": {"en": "Latest figures", "ko": "최신 수치"},
    "options": {"en": "Options", "ko": "옵션"},
    "opt_log": {"en": "Log scale", "ko": "로그 척도"},
    "opt_buckets": {"en": "Show multi-year totals (up to 1998, 1999–2001)", "ko": "다년 합계 표시(~1998, 1999–2001)"},
    "opt_events": {"en": "Show events", "ko": "사건 표시"},
    "log_unavailable": {
        "en": "Log scale applies to counts and cumulative counts only, and not to stacked bars.",
        "ko": "로그 척도는 인원·누적 인원에만, 누적 막대가 아닐 때만 적용됩니다.",
    },
    "share_sex_note": {
        "en": "Women's share is always women as a percentage of all arrivals; the sex choice does not apply.",
        "ko": "여성 비율은 전체 입국 인원 중 여성의 백분율이므로 성별 선택은 적용되지 않습니다.",
    },
    "notice_title": {"en": "Some link settings were not understood", "ko": "링크의 일부 설정을 이해하지 못했습니다"},
    "notice_bad": {
        "en": "“{name}” = “{value}” is not valid; the default ({default}) is shown instead.",
        "ko": "“{name}” = “{value}” 값은 올바르지 않아 기본값({default})을 표시합니다.",
    },
    "notice_unknown": {"en": "“{name}” is not a setting of this page and was ignored.", "ko": "“{name}”은(는) 이 페이지의 설정이 아니어서 무시했습니다."},
    "notice_order": {"en": "“from” was after “to”; the two were swapped.", "ko": "“from”이 “to”보다 늦어 두 값을 바꾸었습니다."},
    # charts
    "main_chart": {"en": "Arrivals by year", "ko": "연도별 입국 인원"},
    "chart_title_count": {"en": "North Koreans arriving in South Korea", "ko": "북한이탈주민 입국 인원"},
    "chart_title_share": {"en": "Women's share of North Koreans arriving in South Korea", "ko": "북한이탈주민 입국 인원 중 여성 비율"},
    "chart_title_cumulative": {"en": "North Koreans arrived in South Korea, cumulative", "ko": "북한이탈주민 누적 입국 인원"},
    "chart_title_yoy": {"en": "Change in arrivals on the previous year", "ko": "북한이탈주민 입국 인원 전년 대비 증감"},
    "subtitle_view": {"en": "{sex}, {first}–{last}; {vintage}", "ko": "{sex}, {first}–{last}년; {vintage}"},
    "vintage_as_of": {"en": "figures published {date}", "ko": "{date} 공표 수치"},
    "axis_count": {"en": "persons", "ko": "명"},
    "axis_share": {"en": "% women", "ko": "여성 %"},
    "axis_yoy": {"en": "persons, change on previous year", "ko": "명, 전년 대비"},
    "source_line": {
        "en": "Source: {publisher} ({publisher_ko}), {title}, as of {as_of}; retrieved {retrieved}.",
        "ko": "출처: {publisher_ko}, {title}, {as_of} 기준; {retrieved} 수집.",
    },
    "source_line_more": {"en": " (+{n} more)", "ko": " 외 {n}건"},
    "style_note": {
        "en": "Faded, outlined: provisional or part-year figure.",
        "ko": "흐리고 테두리 있는 표시: 잠정 또는 연중 일부 기간 수치.",
    },
    "no_data": {"en": "No figures in this view.", "ko": "이 보기에는 수치가 없습니다."},
    "status_final": {"en": "final", "ko": "확정"},
    "status_provisional": {"en": "provisional (MOU may revise it)", "ko": "잠정(통일부가 수정할 수 있음)"},
    "status_bucket": {"en": "multi-year total, not a single year", "ko": "다년 합계(단일 연도 아님)"},
    "status_partial": {"en": "part of the year only", "ko": "연중 일부 기간"},
    "bucket_up_to": {"en": "up to {end}", "ko": "~{end}"},
    "partial_label": {"en": "{year} (to {month})", "ko": "{year}({month}까지)"},
    "hover_as_of": {"en": "published {date}", "ko": "{date} 공표"},
    # summaries for screen readers
    "summary": {
        "en": "{kind} of {what}, {sex}, {first} to {last}: {n} periods. Highest {hi_period} ({hi}); lowest {lo_period} ({lo}); last {last_period} ({last_value}).",
        "ko": "{what} {kind}, {sex}, {first}–{last}: {n}개 기간. 최고 {hi_period}({hi}), 최저 {lo_period}({lo}), 마지막 {last_period}({last_value}).",
    },
    "summary_breakdown": {"en": "{kind} of {dimension}. {parts}.", "ko": "{dimension} {kind}. {parts}."},
    "summary_breakdown_part": {
        "en": "{sex}: most in {category} ({count} of {total})",
        "ko": "{sex}: {category}이(가) 가장 많음({total} 중 {count})",
    },
    "summary_revisions": {"en": "{kind} of every published figure for {period}. {parts}.", "ko": "{period}의 공표 수치 {kind}. {parts}."},
    "summary_empty": {"en": "{kind} of {what}: no figures in this view.", "ko": "{what} {kind}: 이 보기에는 수치가 없습니다."},
    "summary_provisional": {"en": " Provisional: {periods}.", "ko": " 잠정: {periods}."},
    "summary_partial": {"en": " Part of the year only: {periods}.", "ko": " 연중 일부 기간: {periods}."},
    "summary_bucket": {"en": " Multi-year totals: {periods}.", "ko": " 다년 합계: {periods}."},
    "kind_bar": {"en": "Bar chart", "ko": "막대 차트"},
    "kind_line": {"en": "Line chart", "ko": "선 차트"},
    # caveats
    "caveat_provisional": {
        "en": "{periods}: provisional (잠정); MOU may still revise the figure.",
        "ko": "{periods}: 잠정 수치로, 통일부가 수정할 수 있습니다.",
    },
    "caveat_partial": {"en": "{periods}: covers part of the year only.", "ko": "{periods}: 연중 일부 기간만 포함합니다."},
    "caveat_bucket": {
        "en": "{periods}: MOU publishes arrivals before 2002 only as multi-year totals (~'98 = up to 1998, ~'01 = 1999–2001); they are not single years.",
        "ko": "{periods}: 통일부는 2002년 이전 입국 인원을 다년 합계(~'98 = 1998년까지, ~'01 = 1999–2001년)로만 공표합니다. 단일 연도가 아닙니다.",
    },
    "caveat_buckets_hidden": {
        "en": "Arrivals up to 2001 ({count} persons) are published only as multi-year totals and are left out; tick “Show multi-year totals” to show them.",
        "ko": "2001년까지의 입국 인원({count}명)은 다년 합계로만 공표되어 제외했습니다. “다년 합계 표시”를 선택하면 볼 수 있습니다.",
    },
    "caveat_buckets_summed": {
        "en": "The cumulative totals include the arrivals up to 2001 ({count} persons), which are published only as multi-year totals; tick “Show multi-year totals” to draw them.",
        "ko": "누적 합계에는 다년 합계로만 공표된 2001년까지의 입국 인원({count}명)이 포함되어 있습니다. “다년 합계 표시”를 선택하면 표시됩니다.",
    },
    "caveat_revised": {
        "en": "{period} ({sex}) was revised: {history}.",
        "ko": "{period}({sex}) 수치가 수정되었습니다: {history}.",
    },
    "caveat_cumulative_gap": {
        "en": "This vintage does not cover every period from the start, so no cumulative total can be computed from it.",
        "ko": "이 빈티지는 처음부터 모든 기간을 포함하지 않아 누적 합계를 계산할 수 없습니다.",
    },
    "caveat_yoy": {
        "en": "Change on the previous year is shown only where both years are whole single years.",
        "ko": "전년 대비 증감은 두 해 모두 온전한 단일 연도일 때만 표시합니다.",
    },
    "caveat_source": {"en": "{source}: {text}", "ko": "{source}: {text}"},
    # citation block
    "citation": {"en": "Source and citation", "ko": "출처 및 인용"},
    "cite_publisher": {"en": "Publisher", "ko": "발행처"},
    "cite_title": {"en": "Table", "ko": "표"},
    "cite_url": {"en": "URL", "ko": "URL"},
    "cite_as_of": {"en": "As of", "ko": "기준일"},
    "cite_retrieved": {"en": "Retrieved", "ko": "수집일"},
    "cite_licence": {"en": "Licence", "ko": "이용 허락"},
    "cite_via": {"en": "Obtained via", "ko": "입수 경로"},
    "cite_caveats": {"en": "Caveats for this view", "ko": "이 보기에 대한 유의 사항"},
    "cite_none": {"en": "none", "ko": "없음"},
    # table
    "table": {"en": "Data shown in the chart", "ko": "차트에 표시된 데이터"},
    "col_period": {"en": "Period (as published)", "ko": "기간(공표 표기)"},
    "col_label": {"en": "Period", "ko": "기간"},
    "col_sex": {"en": "Sex", "ko": "성별"},
    "col_value": {"en": "Value", "ko": "값"},
    "col_count": {"en": "Count", "ko": "인원"},
    "col_status": {"en": "Status", "ko": "상태"},
    "col_vintage": {"en": "Vintage", "ko": "빈티지"},
    "col_as_of": {"en": "Published", "ko": "공표일"},
    "col_source": {"en": "Source", "ko": "출처"},
    "col_category": {"en": "Category", "ko": "구분"},
    "col_period_start": {"en": "From", "ko": "시작일"},
    "col_period_end": {"en": "To", "ko": "종료일"},
    "col_provisional": {"en": "Provisional", "ko": "잠정치"},
    "col_latest": {"en": "Latest", "ko": "최신값"},
    "yes": {"en": "yes", "ko": "예"},
    "no": {"en": "no", "ko": "아니요"},
    "revision_table": {"en": "Every published value of this period", "ko": "이 기간에 공표된 모든 값"},
    # breakdowns
    "breakdowns": {"en": "Who arrived: breakdowns by sex", "ko": "입국자 구성: 성별 분포"},
    "dim_age": {"en": "Age at entry", "ko": "입국 당시 연령"},
    "dim_occupation": {"en": "Occupation in the North", "ko": "북한에서의 직업"},
    "dim_education": {"en": "Education in the North", "ko": "북한에서의 학력"},
    "breakdown_title": {"en": "{dimension}, all arrivals to {as_of}", "ko": "{dimension}, {as_of}까지 전체 입국자"},
    "breakdown_footnote": {
        "en": "Breakdown totals ({breakdown}) exclude recent arrivals still in protective facilities, so they fall short of the arrivals total ({arrivals}) of the same table (MOU footnote).",
        "ko": "분포 합계({breakdown}명)에는 입국 후 보호시설 등에 수용 중인 최근 입국자가 포함되지 않아 같은 표의 입국 인원 합계({arrivals}명)보다 적습니다(통일부 주석).",
    },
    "breakdown_footnote_plain": {
        "en": "Breakdown totals exclude recent arrivals still in protective facilities (MOU footnote).",
        "ko": "분포 합계에는 입국 후 보호시설 등에 수용 중인 최근 입국자가 포함되지 않습니다(통일부 주석).",
    },
    "breakdown_missing": {
        "en": "No {dimension} table is in the dataset yet.",
        "ko": "데이터셋에 아직 {dimension} 표가 없습니다.",
    },
    # revisions
    "revisions": {"en": "Revisions: how a year's figure changed", "ko": "수정 내역: 연도별 수치의 변화"},
    "revision_period": {"en": "Period", "ko": "기간"},
    "revised": {"en": "revised", "ko": "수정됨"},
    "revision_title": {"en": "{period}: every published figure", "ko": "{period}: 공표된 모든 수치"},
    "revision_axis": {"en": "publication date", "ko": "공표일"},
    "revision_none": {
        "en": "{period}: every vintage gives the same figures.",
        "ko": "{period}: 모든 빈티지의 수치가 같습니다.",
    },
    # events
    "event_source": {"en": "Event source: {publisher}", "ko": "사건 출처: {publisher}"},
    # terminology
    "terms": {"en": "About the words", "ko": "용어 설명"},
    "terms_text": {
        "en": "북한이탈주민 (“residents who left North Korea”) is the legal term of the 1997 settlement-support act; "
        "탈북민 is its everyday short form; 북향민 (“people whose home is in the North”) is the newer term the Ministry "
        "of Unification began to use in late 2025, because many dislike the “escape” (탈) in the older words. "
        "The figures are the same whichever word is used: MOU counts arrivals in South Korea by year of arrival.",
        "ko": "북한이탈주민은 1997년 「북한이탈주민의 보호 및 정착지원에 관한 법률」의 법률 용어이고, 탈북민은 그 줄임말입니다. "
        "북향민(北鄕民, 고향이 북쪽인 사람)은 ‘탈(脫)’이라는 표현을 꺼리는 의견에 따라 통일부가 2025년 말부터 쓰기 시작한 용어입니다. "
        "어느 용어를 쓰든 수치는 같습니다. 통일부는 남한 입국 연도별로 입국 인원을 집계합니다.",
    },
    "footer": {
        "en": "nk-arrivals: open data and code. Figures © Ministry of Unification, KOGL Type 1 (attribution).",
        "ko": "nk-arrivals: 공개 데이터와 코드. 수치 출처 통일부, 공공누리 제1유형(출처 표시).",
    },
}


def t(key: str, lang: str, **values) -> str:
    """The text for `key` in `lang`, with `values` filled in (str.format, so no markup is ever interpreted)."""
    return STRINGS[key][lang].format(**values)
