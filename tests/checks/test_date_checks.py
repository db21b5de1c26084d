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
        # a month after a relative year is a month (来年3月), not the number 3
        (("来年3月に開業する。", "ja"), ("내년 3월 개업한다.", "ko"), set()),
        (("来年3月に開業する。", "ja"), ("내년 4월 개업한다.", "ko"), {"date_changed"}),
        # early / mid / late in a month holds its days; the other thirds do not
        (("Work starts in early November.", "en"), ("工事は11月3〜4日に始まる。", "ja"), set()),
        (("工事は11月下旬に始まる。", "ja"), ("공사는 11월 말 시작된다.", "ko"), set()),
        (
            ("工事は11月下旬に始まる。", "ja"),
            ("공사는 11월 중순 시작된다.", "ko"),
            {"date_changed"},
        ),
        (
            ("공사는 11월 초순 시작된다.", "ko"),
            ("Work starts on November 20.", "en"),
            {"date_changed"},
        ),
        # a deadline a report adds, in any of its forms; the same deadline kept
        (
            ("The firm will repay the loan.", "en"),
            ("会社は3月末までに返済する。", "ja"),
            {"deadline_added"},
        ),
        (
            ("회사는 대출을 갚는다.", "ko"),
            ("The firm will repay the loan by March.", "en"),
            {"deadline_added"},
        ),
        (
            ("同社は工場を建てる。", "ja"),
            ("회사는 내년 상반기까지 공장을 짓는다.", "ko"),
            {"deadline_added"},
        ),
        (
            ("The city will build 3 bridges.", "en"),
            ("市は今年度中に橋を3本建設する。", "ja"),
            {"deadline_added"},
        ),
        (
            ("同社は3兆円を投じる。", "ja"),
            ("The firm will invest 3 trillion yen over the next five years.", "en"),
            {"deadline_added"},
        ),
        (
            ("同社は今後5年間で3兆円を投じる。", "ja"),
            ("회사는 향후 5년간 3조 엔을 투자한다.", "ko"),
            set(),
        ),
        (
            ("市は27年度までに完成させる。", "ja"),
            ("The city will finish it by fiscal 2027.", "en"),
            set(),
        ),
    ],
)
def test_date_comparisons(original, report, expected, lexicons, facts_config) -> None:
    results = compare_statements(st(*original), st(*report, "report"), lexicons, facts_config)
    assert {r.kind for r in results} == expected, [r.reason for r in results]
