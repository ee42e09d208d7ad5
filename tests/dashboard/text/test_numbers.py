"""The number reader: numbers as English and Korean writers put them, read back to value, precision and qualifier."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.text.numbers import Reading, korean, read

# (phrase, value, unit, qualifier, share)
WRITTEN = [
    ("34,537", 34537, 1, "", False),
    ("34537명", 34537, 1, "", False),
    ("34 537", 34537, 1, "", False),  # French and many style guides: spaces between thousands
    ("34\u202f410 arrivées", 34410, 10, "", False),
    ("3만4천", 34000, 1000, "", False),
    ("3만 4천 537명", 34537, 1, "", False),
    ("2만4천 538명", 24538, 1, "", False),
    ("삼만사천오백삼십칠 명", 34537, 1, "", False),
    ("1천277명", 1277, 1, "", False),
    ("more than 30,000", 30000, 10000, "over", False),
    ("about 34,000", 34000, 1000, "about", False),
    ("nearly 3,000", 3000, 1000, "under", False),
    ("거의 3천 명", 3000, 1000, "under", False),
    ("3만여 명", 30000, 10000, "over", False),
    ("3만 명 이상", 30000, 10000, "over", False),
    ("약 590명", 590, 10, "about", False),
    ("thirty-four thousand", 34000, 1000, "", False),
    ("72%", 72, 1, "", True),
    ("70%", 70, 10, "", True),
    ("100%", 100, 10, "", True),  # a share is never read as 'within 100'

    ("72.2 per cent", 72.2, 0.1, "", True),
    ("80.3 percent", 80.3, 0.1, "", True),
    ("seven in ten", 70, 10, "", True),
    ("7 out of 10", 70, 10, "", True),
    ("10명 중 7명", 70, 10, "", True),
]


@pytest.mark.parametrize("phrase, value, unit, qualifier, share", WRITTEN, ids=[w[0] for w in WRITTEN])
def test_reads_numbers_as_written(phrase, value, unit, qualifier, share):
    reading = read(phrase)
    assert reading is not None
    assert reading.value == pytest.approx(value)
    assert (reading.unit, reading.qualifier, reading.share) == (pytest.approx(unit), qualifier, share)


@pytest.mark.parametrize("phrase, year, sex, cumulative", [
    ("2024년 여성 216명", 2024, "female", False),
    ("216 women in 2024", 2024, "female", False),
    ("2,914 in 2009", 2009, "", False),
    ("88 men in 2025", 2025, "male", False),
    ("누적 3만4천537명", None, "", True),
    ("34,537 defectors so far", None, "", True),
])
def test_words_beside_the_number_narrow_it(phrase, year, sex, cumulative):
    reading = read(phrase)
    assert (reading.year, reading.sex, reading.cumulative) == (year, sex, cumulative)
    assert reading.value not in (2024, 2009, 2025)


@pytest.mark.parametrize("phrase, value, months", [
    ("2025 H1 88 men", 88, (1, 6)), ("2021년 1분기 여성 1명", 1, (1, 3)), ("Q1 2021: 31 arrivals", 31, (1, 3)),
    ("2025년 상반기 96명", 96, (1, 6)), ("third quarter of 2022: 15", 15, (7, 9)),
])
def test_a_part_of_the_year_is_context_not_the_number(phrase, value, months):
    reading = read(phrase)
    assert (reading.value, reading.months) == (value, months)


@pytest.mark.parametrize("phrase", ["", "hello", "탈북민은 몇 명?", "이상한 질문", "    ", "%%%",
                                    "how many defectors arrived?"])
def test_text_without_a_number_reads_as_none(phrase):
    assert read(phrase) is None


def test_a_korean_word_that_begins_with_a_digit_syllable_is_not_a_number():
    """이 of 이상 (more than) is not 2: '3만 이상' is 30,000 or more, not 30,002."""
    assert read("3만 이상").value == 30000


def test_rounding_and_qualifiers_admit_the_figures_they_describe():
    assert read("about 34,000").admits(34078) and not read("about 34,000").admits(36000)
    assert read("more than 30,000").admits(34537) and not read("more than 30,000").admits(29999)
    assert read("nearly 3,000").admits(2914) and not read("nearly 3,000").admits(3010)
    assert read("72%").admits(72.2) and not read("72%").admits(72.6)
    assert read("34,537").admits(34537) and not read("34,537").admits(34538)
    assert not read("34,537").rounded and read("34,000").rounded


@given(st.integers(min_value=1, max_value=10**12 - 1), st.booleans(), st.booleans())
def test_any_integer_in_korean_numerals_reads_back_to_itself(n, spaced, hangul):
    reading = read(korean(n, spaced=spaced, hangul=hangul) + "명")
    assert reading is not None and reading.value == n


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["{:,}", "{}", "{:,}명", "{} people", "{:_}"]))
def test_any_integer_with_or_without_separators_reads_back_to_itself(n, pattern):
    assert read(pattern.format(n).replace("_", " ")).value == n


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    reading = read(text)
    assert reading is None or isinstance(reading, Reading)
