"""Quantity comparisons: what counts as the same number, the same change, the same estimate."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from tests.facts.statements import st


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        # an estimate reported as exact; a more precise figure, "-odd" and a rough span are not
        (("약 180만 명이 투표했다.", "ko"), ("180万人が投票した。", "ja"), {"qualifier_dropped"}),
        (
            ("About $2.3 billion was raised.", "en"),
            ("23억 달러가 모였다.", "ko"),
            {"qualifier_dropped"},
        ),
        (("About 50,000 people attended.", "en"), ("4万9800人が参加した。", "ja"), set()),
        (("3천여 명이 모였다.", "ko"), ("3,000 people gathered.", "en"), set()),
        (
            ("The outage lasted about three weeks.", "en"),
            ("The outage lasted three weeks.", "en"),
            set(),
        ),
        # written to the same last digit: two numbers; to different digits: rounding
        (("Turnout was 64%.", "en"), ("투표율은 65%였다.", "ko"), {"quantity_mismatch"}),
        (("The app has 1.52 million users.", "en"), ("利用者は150万人だ。", "ja"), set()),
        # a change written new value first
        (
            ("The bank cut its forecast to 1.8% from 2.1%.", "en"),
            ("한은은 전망치를 2.1%에서 1.6%로 낮췄다.", "ko"),
            {"quantity_mismatch"},
        ),
        (
            ("The bank cut its forecast to 1.8% from 2.1%.", "en"),
            ("한은은 전망치를 2.1%에서 1.8%로 낮췄다.", "ko"),
            set(),
        ),
        (
            ("한은은 성장률 전망치를 1.4%에서 1.6%로 소폭 올렸다.", "ko"),
            ("The bank raised its growth forecast to 1.7% from 1.4%.", "en"),
            {"quantity_mismatch"},
        ),
        # N%上回る is a rise of N%, not "more than N%"
        (
            ("出荷は前年を4.2%上回った。", "ja"),
            ("Shipments rose 4.2% from a year earlier.", "en"),
            set(),
        ),
        (
            ("出荷は前年を4.2%上回った。", "ja"),
            ("Shipments fell 4.2% from a year earlier.", "en"),
            {"quantity_mismatch"},
        ),
        (("稼働率は81%まで低下した。", "ja"), ("The utilisation rate fell to 81%.", "en"), set()),
        # the denominator of a rate is no quantity: the rates themselves are compared
        (
            ("患者数は1施設あたり12.4人だった。", "ja"),
            ("Patients averaged 14.2 per facility.", "en"),
            {"quantity_mismatch"},
        ),
        # one number across a space; a model code glued to a particle is a name
        (("가격은 1만 2,500원이다.", "ko"), ("価格は1万2500ウォンだ。", "ja"), set()),
        (("ANA ordered 8 A321-200 jets.", "en"), ("全日空はA321-200を8機発注した。", "ja"), set()),
        # the only quantity moving one way on each side is compared with its like
        (
            ("Patients on the drug lost 11.2% of their weight, against 1.9% on placebo.", "en"),
            ("투약군 체중은 12.1% 줄었다.", "ko"),
            {"quantity_mismatch"},
        ),
        # lengths, data rates, estimates and price levels in all three languages
        (
            ("The storm dumped 35 centimeters of snow.", "en"),
            ("폭설로 53㎝의 눈이 쌓였다.", "ko"),
            {"quantity_mismatch"},
        ),
        (("多い所で50センチの雪が降る。", "ja"), ("Up to 50 cm of snow will fall.", "en"), set()),
        (
            ("The link carries up to 400 gigabits per second.", "en"),
            ("최대 초당 400기가비트를 전송한다.", "ko"),
            set(),
        ),
        (
            ("The dam will cost an estimated 1.8 trillion won.", "en"),
            ("댐 건설비는 1조 8,000억 원으로 추산된다.", "ko"),
            set(),
        ),
        (
            ("환율은 1,350원대로 올랐다.", "ko"),
            ("The won weakened to the 1,350 level.", "en"),
            set(),
        ),
        (
            ("円相場は1ドル=148円台まで下落した。", "ja"),
            ("엔화는 달러당 148엔대까지 떨어졌다.", "ko"),
            set(),
        ),
        # a bound an order below the original is a misread number, not an implied bound
        (
            ("Over 80,000 homes lost power.", "en"),
            ("停電は8000戸を超えた。", "ja"),
            {"quantity_mismatch"},
        ),
        # a reference the subject is measured against is no bound of the number
        (
            ("湖の水位は警戒レベルの3メートルを超えた。", "ja"),
            ("The lake rose past the warning level of 3 meters.", "en"),
            set(),
        ),
        # "for over 80 years" and "more than one way" are what they say
        (
            ("The theatre has staged plays for 82 years.", "en"),
            ("The theatre has staged plays for over 80 years.", "en"),
            set(),
        ),
        (("One way is to ask.", "en"), ("There may be more than one way.", "en"), set()),
    ],
)
def test_quantity_comparisons(original, report, expected, lexicons, facts_config) -> None:
    results = compare_statements(st(*original), st(*report, "report"), lexicons, facts_config)
    assert {r.kind for r in results} == expected, [r.reason for r in results]
