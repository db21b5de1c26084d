"""Caps and ceilings read as "up to" in all three languages (added after held-out set 3)."""

from __future__ import annotations

import pytest

from claimdiff.facts import extract_facts, load_lexicons

LEXICONS = load_lexicons()


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("県は10万円を上限に補助金を支給する。", "ja", 100_000),
        ("支給額は1人あたり5万円を上限とする。", "ja", 50_000),
        ("가구당 최대 10만 원까지 지원한다.", "ko", 100_000),
        ("지원금은 상한 30만 원이다.", "ko", 300_000),
        ("1인당 50만 원을 한도로 지급한다.", "ko", 500_000),
        ("Payments are capped at $5,000 per household.", "en", 5_000),
        ("The fund sets a cap of 100,000 yen per person.", "en", 100_000),
        ("It imposed a ceiling of 2,000 tons on imports.", "en", 2_000_000),  # in kg
    ],
)
def test_caps_are_up_to(text, lang, value):
    quantities = [q for q in extract_facts(text, lang, LEXICONS).quantities if q.value == value]
    assert quantities, text
    assert quantities[0].qualifier == "up_to"
