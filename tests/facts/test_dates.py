"""Dates per language: fields read, times of day, day and month ranges, quarters as months."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.facts import extract_facts
from tests.facts.statements import st

# (text, lang, kind, fields); each text holds exactly one date
DATES = [
    ("The flight left at 7:20 p.m. local time.", "en", "time", {"hour": 19, "minute": 20}),
    ("The quake struck at 18:00.", "en", "time", {"hour": 18, "minute": 0}),
    ("便は午後7時20分に出発した。", "ja", "time", {"hour": 19, "minute": 20}),
    ("式典は午後8時半に始まる。", "ja", "time", {"hour": 20, "minute": 30}),
    ("행사는 오후 8시 30분에 시작한다.", "ko", "time", {"hour": 20, "minute": 30}),
    ("오전 9시 현재 집계다.", "ko", "time", {"hour": 9, "minute": 0}),
    ("Talks are set for June 3–4.", "en", "day", {"month": 6, "day": 3, "day_end": 4}),
    ("会合は12月18〜19日に開く。", "ja", "day", {"month": 12, "day": 18, "day_end": 19}),
    ("회의는 12월 18~19일 열린다.", "ko", "day", {"month": 12, "day": 18, "day_end": 19}),
    ("1–2月の販売が伸びた。", "ja", "month", {"month": 1, "month_end": 2}),
    ("4〜6月期の純利益は増えた。", "ja", "month", {"month": 4, "month_end": 6, "quarter": 2}),
    ("7~9월 영업이익이 늘었다.", "ko", "month", {"month": 7, "month_end": 9, "quarter": 3}),
    ("Profit rose in the third quarter.", "en", "quarter", {"quarter": 3}),
    ("上期の売上高は過去最高だった。", "ja", "half", {"half": 1}),
    ("2026年度の計画だ。", "ja", "fiscal_year", {"year": 2026}),
    # day, month and year ranges
    ("회의는 3~4일 열린다.", "ko", "day", {"day": 3, "day_end": 4}),
    ("総会は27〜28日に開く。", "ja", "day", {"day": 27, "day_end": 28}),
    ("Exports rose between January and October.", "en", "month", {"month": 1, "month_end": 10}),
    ("The plan runs 2026–2030.", "en", "year", {"year": 2026, "year_end": 2030}),
    ("사업은 2026년부터 2030년까지 추진된다.", "ko", "year", {"year": 2026, "year_end": 2030}),
    ("2027〜2031年に調達する。", "ja", "year", {"year": 2027, "year_end": 2031}),
    # early / mid / late in a month, its end: a third of the month as a range of days
    ("Work starts in early November.", "en", "month", {"month": 11, "day": 1, "day_end": 10}),
    (
        "Work starts mid-November 2026.",
        "en",
        "month",
        {"year": 2026, "month": 11, "day": 11, "day_end": 20},
    ),
    ("Work ends by the end of March.", "en", "month", {"month": 3, "day": 21, "day_end": 31}),
    ("工事は11月上旬に始まる。", "ja", "month", {"month": 11, "day": 1, "day_end": 10}),
    (
        "工事は2026年11月下旬に始まる。",
        "ja",
        "month",
        {"year": 2026, "month": 11, "day": 21, "day_end": 31},
    ),
    ("3月末までに終える。", "ja", "month", {"month": 3, "day": 21, "day_end": 31}),
    ("공사는 11월 중순 시작된다.", "ko", "month", {"month": 11, "day": 11, "day_end": 20}),
    ("공사는 3월 말께 끝난다.", "ko", "month", {"month": 3, "day": 21, "day_end": 31}),
    ("공사는 11월 초 시작된다.", "ko", "month", {"month": 11, "day": 1, "day_end": 10}),
    # halves, quarters and fiscal years written without a year or with two digits
    ("하반기 순이익은 사상 최대였다.", "ko", "half", {"half": 2}),
    ("Margins improved in the first half.", "en", "half", {"half": 1}),
    ("3/4분기 영업이익이 늘었다.", "ko", "quarter", {"quarter": 3}),
    ("27年度の計画だ。", "ja", "fiscal_year", {"year": 2027}),
    ("The FY27 plan was approved.", "en", "fiscal_year", {"year": 2027}),
    # a month with its day after a preposition is one day, not the month
    ("Cases were counted in the week through May 9.", "en", "day", {"month": 5, "day": 9}),
]

# (text, lang, bound): open bounds, before or after the date
BOUNDS = [
    ("Boarding closed before 7:00.", "en", "before"),
    ("The fair has run since 1950.", "en", "after"),
    ("It will not open until after the year 2030.", "en", "after"),
    ("공연은 1950년부터 이어졌다.", "ko", "after"),
    ("탑승은 7시 전에 끝났다.", "ko", "before"),
    ("2025年以降に完成する。", "ja", "after"),
    ("7時前に搭乗した。", "ja", "before"),
    ("The fair opened in 1950.", "en", None),
]


@pytest.mark.parametrize(("text", "lang", "bound"), BOUNDS)
def test_bounds_are_read(text, lang, bound, lexicons) -> None:
    (date,) = extract_facts(text, lang, lexicons).dates
    assert date.bound == bound


@pytest.mark.parametrize(("text", "lang", "kind", "fields"), DATES)
def test_dates_are_read(text, lang, kind, fields, lexicons) -> None:
    facts = extract_facts(text, lang, lexicons)
    (date,) = facts.dates
    assert (date.kind, date.fields()) == (kind, fields)
    assert facts.quantities == (), "numbers inside dates are not quantities"


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        (("The flight left at 7:20 p.m.", "en"), ("便は午後7時20分に出発した。", "ja"), set()),
        (
            ("The flight left at 7:20 p.m.", "en"),
            ("항공편은 오후 8시 20분에 출발했다.", "ko"),
            {"date_changed"},
        ),
        (("式典は午後8時半に始まる。", "ja"), ("행사는 오후 8시 30분에 시작한다.", "ko"), set()),
        (
            ("The quake struck at 14:55.", "en"),
            ("지진은 오후 3시 55분에 발생했다.", "ko"),
            {"date_changed"},
        ),
        (("Profit rose in the second quarter.", "en"), ("4〜6月期の利益は増えた。", "ja"), set()),
        (("会合は12月18〜19日に開く。", "ja"), ("The meeting is on Dec. 18-19.", "en"), set()),
        (
            ("会合は12月18〜19日に開く。", "ja"),
            ("The meeting is on Dec. 21.", "en"),
            {"date_changed"},
        ),
    ],
)
def test_date_comparisons(original, report, expected, lexicons, facts_config) -> None:
    results = compare_statements(st(*original), st(*report, "report"), lexicons, facts_config)
    assert {r.kind for r in results} == expected


@pytest.mark.parametrize(
    ("text", "lang", "deadline"),
    [
        ("3月末までに完成させる。", "ja", True),
        ("공사는 3월 말까지 끝난다.", "ko", True),
        ("The work ends by late March.", "en", True),
        # まで / 까지 closing a span of months ends the span: no deadline
        ("期間は2031年2月から8月までだ。", "ja", False),
        ("기간은 2031년 2월부터 8월까지다.", "ko", False),
    ],
)
def test_deadlines_are_read(text, lang, deadline, lexicons) -> None:
    (date,) = extract_facts(text, lang, lexicons).dates
    assert date.deadline is deadline
