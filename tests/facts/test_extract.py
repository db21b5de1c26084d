"""extract_facts_with: an English phrase quoted in a Korean or Japanese sentence is read for
its qualifiers and units with the English lexicon (sentences written for this test)."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.config import FactsConfig
from claimdiff.facts import extract_facts
from tests.facts.statements import st


@pytest.mark.parametrize(
    ("text", "lang", "qualifier", "unit"),
    [
        ("同社は「more than 250,000 GPUs」を供給すると述べた。", "ja", "more_than", None),
        ('회사는 "about 3,000 workers"를 고용한다고 밝혔다.', "ko", "about", "people"),
        ("同社は25万枚超のGPUを供給する。", "ja", "more_than", "flat"),  # its own words: kept
        ("同社はH200を2万5000個供給する。", "ja", None, "item"),  # a model code is no phrase
    ],
)
def test_english_phrases_in_korean_and_japanese(text, lang, qualifier, unit, lexicons) -> None:
    (quantity,) = extract_facts(text, lang, lexicons).quantities
    assert (quantity.qualifier, quantity.unit) == (qualifier, unit)
    assert text[quantity.start : quantity.end] == quantity.text


def test_a_quoted_english_qualifier_is_compared(lexicons) -> None:
    config = FactsConfig()
    original = st("Nvidia will supply more than 250,000 GPUs to Korea.", "en")
    kept = st("エヌビディアは「more than 250,000 GPUs」を韓国に供給する。", "ja", "report")
    dropped = st("エヌビディアは「250,000 GPUs」を韓国に供給する。", "ja", "report")
    kinds = {r.kind for r in compare_statements(original, kept, lexicons, config)}
    assert "qualifier_dropped" not in kinds
    kinds = {r.kind for r in compare_statements(original, dropped, lexicons, config)}
    assert "qualifier_dropped" in kinds
