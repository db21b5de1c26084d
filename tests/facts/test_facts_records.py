"""The Facts record as the store keeps it: JSON that reads back to an equal record."""

from __future__ import annotations

import json

import pytest

from claimdiff.facts import extract_facts, keys_of
from claimdiff.facts.records import facts_from_json, facts_to_json

CASES = [
    ("The board raised the rate from 2.50% to 2.75% on June 3-4, 2026.", "en", None),
    ("政府は約7割の世帯に最大3万円を支給する方針を決定したと発表した。", "ja", None),
    (
        "현대차는 2027년까지 미국에 2조 5,000억 원을 투자할 수 있다고 밝혔다.",
        "ko",
        "Hyundai said it may invest 2.5 trillion won in the U.S. by 2027.",
    ),
    ("", "en", None),
]


@pytest.mark.parametrize(("text", "lang", "text_en"), CASES)
def test_json_roundtrip(text, lang, text_en, lexicons) -> None:
    facts = extract_facts(text, lang, lexicons, text_en=text_en)
    stored = facts_to_json(facts)
    assert isinstance(json.loads(stored), dict)
    back = facts_from_json(stored)
    assert back == facts
    assert keys_of(back) == keys_of(facts)
    if text_en:
        assert back.en is not None and back.en.quantities == facts.en.quantities
