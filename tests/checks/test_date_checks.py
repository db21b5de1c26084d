"""Date comparisons: open bounds, ranges of days, months and years, time-zone slack."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from tests.facts.statements import st


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        # a point on the right side of a bound agrees with it; one on the wrong side does not
        (("탑승은 오전 6시 40분에 끝났다.", "ko"), ("Boarding closed before 7:00.", "en"), set()),
        (
            ("搭乗は午前6時40分に終わった。", "ja"),
            ("Boarding closed before 6:00.", "en"),
            {"date_changed"},
        ),
        (
            ("The fair has run since 1950.", "en"),
            ("The fair added a food hall in 1988.", "en"),
            set(),
        ),
        (("工事は2027年以降に終わる。", "ja"), ("공사는 2025년에 끝난다.", "ko"), {"date_changed"}),
        (
            ("The works end by 2031.", "en"),
            ("The works will end after the year 2030.", "en"),
            set(),
        ),
        # two bounds the same way compare as dates (Korea and Japan share a time zone)
        (
            ("販売は15日以降に始まる。", "ja"),
            ("판매는 16일 이후 시작된다.", "ko"),
            {"date_changed"},
        ),
        (("Sales start on March 15.", "en"), ("판매는 3월 16일 시작된다.", "ko"), set()),
        (("販売は3月15日に始まる。", "ja"), ("판매는 3월 16일 시작된다.", "ko"), {"date_changed"}),
        # ranges: equal ends agree, a point inside agrees, other ends do not
        (
            ("2026〜2030年に調達する。", "ja"),
            ("2026년부터 2032년까지 조달한다.", "ko"),
            {"date_changed"},
        ),
        (("The plan runs from 2026 to 2030.", "en"), ("계획은 2026~2030년 추진된다.", "ko"), set()),
        (("Deliveries run 2026-2030.", "en"), ("첫 인도는 2027년이다.", "ko"), set()),
        (
            ("Exports rose between January and October.", "en"),
            ("1~10월 수출이 늘었다.", "ko"),
            set(),
        ),
        (
            ("患者数は11月3〜9日の週に増えた。", "ja"),
            ("Cases rose in the week through November 9.", "en"),
            set(),
        ),
    ],
)
def test_date_comparisons(original, report, expected, lexicons, facts_config) -> None:
    results = compare_statements(st(*original), st(*report, "report"), lexicons, facts_config)
    assert {r.kind for r in results} == expected, [r.reason for r in results]
