"""From-to changes and the direction of a change are their own facts, not ranges or numbers."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.facts import extract_facts
from tests.facts.statements import st

# (text, lang, [(value, role, direction)])
READINGS = [
    (
        "The bank raised the rate from 2.50% to 2.75%.",
        "en",
        [(2.5, "from", None), (2.75, "to", None)],
    ),
    ("Exports fell 1.5% in October.", "en", [(1.5, None, "down")]),
    ("Exports rose 1.5% in October.", "en", [(1.5, None, "up")]),
    ("Shares rose 3% to 5.2%.", "en", [(3, None, "up"), (5.2, "to", None)]),
    ("輸出は1.5%減った。", "ja", [(1.5, None, "down")]),
    ("輸出は前年比1.5%増だった。", "ja", [(1.5, None, "up")]),
    (
        "投資額を約2800億円から約3500億円に増やす。",
        "ja",
        [(2.8e11, "from", None), (3.5e11, "to", None)],
    ),
    ("수출은 1.5% 감소했다.", "ko", [(1.5, None, "down")]),
    ("수출이 1.5%나 늘었다.", "ko", [(1.5, None, "up")]),
    ("생산을 36만 대에서 48만 대로 늘린다.", "ko", [(3.6e5, "from", None), (4.8e5, "to", "up")]),
    ("성장률은 마이너스 0.3%였다.", "ko", [(0.3, None, "down")]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), READINGS)
def test_changes_are_read(text, lang, expected, lexicons) -> None:
    quantities = extract_facts(text, lang, lexicons).quantities
    assert [(q.value, q.role, q.direction) for q in quantities] == [
        (pytest.approx(v), role, d) for v, role, d in expected
    ]
    assert all(q.high is None for q in quantities), "a change is not a range"


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
