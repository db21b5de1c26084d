"""From-to changes and the direction of a change are their own facts, not ranges or numbers."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.facts import extract_facts
from tests.facts.statements import st

# (text, lang, [(value, role, direction)]); both ends of a change move the way a word on either
# end says, else the way the values go
READINGS = [
    (
        "The bank raised the rate from 2.50% to 2.75%.",
        "en",
        [(2.5, "from", "up"), (2.75, "to", "up")],
    ),
    ("The rate was cut from 3.0% to 2.5%.", "en", [(3.0, "from", "down"), (2.5, "to", "down")]),
    (
        "Use is seen rising from 61.5% to 64-66%.",
        "en",
        [(61.5, "from", "up"), (64, "to", "up")],
    ),
    ("Exports fell 1.5% in October.", "en", [(1.5, None, "down")]),
    ("Exports rose 1.5% in October.", "en", [(1.5, None, "up")]),
    ("Shares rose 3% to 5.2%.", "en", [(3, None, "up"), (5.2, "to", None)]),
    ("輸出は1.5%減った。", "ja", [(1.5, None, "down")]),
    ("輸出は前年比1.5%増だった。", "ja", [(1.5, None, "up")]),
    (
        "投資額を約2800億円から約3500億円に増やす。",
        "ja",
        [(2.8e11, "from", "up"), (3.5e11, "to", "up")],
    ),
    ("수출은 1.5% 감소했다.", "ko", [(1.5, None, "down")]),
    ("수출이 1.5%나 늘었다.", "ko", [(1.5, None, "up")]),
    ("생산을 36만 대에서 48만 대로 늘린다.", "ko", [(3.6e5, "from", "up"), (4.8e5, "to", "up")]),
    ("가동률은 61.5%에서 64~66%로 하락한다.", "ko", [(61.5, "from", "down"), (64, "to", "down")]),
    ("성장률은 마이너스 0.3%였다.", "ko", [(0.3, None, "down")]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), READINGS)
def test_changes_are_read(text, lang, expected, lexicons) -> None:
    quantities = extract_facts(text, lang, lexicons).quantities
    assert [(q.value, q.role, q.direction) for q in quantities] == [
        (pytest.approx(v), role, d) for v, role, d in expected
    ]
    # a change is not a range (though its new value may be one: 64-66%)
    assert all(q.high is None or q.role == "to" for q in quantities)


@pytest.mark.parametrize(
    ("original", "report", "expected"),
    [
        # the new value alone is faithful; another new value is not
        (
            ("The bank raised the rate from 2.50% to 2.75%.", "en"),
            ("한국은행은 기준금리를 2.75%로 올렸다.", "ko"),
            set(),
        ),
        (
            ("The bank raised the rate from 2.50% to 2.75%.", "en"),
            ("한국은행은 기준금리를 3.00%로 올렸다.", "ko"),
            {"quantity_mismatch"},
        ),
        (
            ("生産を36万台から48万台に増やす。", "ja"),
            ("생산을 36만 대에서 48만 대로 늘린다.", "ko"),
            set(),
        ),
        # a direction reversed is a changed quantity
        (
            ("Exports fell 1.5% in October.", "en"),
            ("10月の輸出は1.5%増えた。", "ja"),
            {"quantity_mismatch"},
        ),
        (("Exports fell 1.5% in October.", "en"), ("10월 수출은 1.5% 감소했다.", "ko"), set()),
        (("성장률은 마이너스 0.3%였다.", "ko"), ("The economy shrank 0.3%.", "en"), set()),
    ],
)
def test_change_comparisons(original, report, expected, lexicons, facts_config) -> None:
    results = compare_statements(st(*original), st(*report, "report"), lexicons, facts_config)
    assert {r.kind for r in results} == expected
