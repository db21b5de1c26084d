"""Attribution: own assertion, a named source's claim, or a claim quoted to be refuted."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.facts import extract_facts
from tests.facts.statements import st

READINGS = [
    ("According to Yonhap, the two firms signed a contract.", "en", "quoted", "Yonhap"),
    ("Local media reports that the plant will close were denied.", "en", "quoted", ""),
    ("That is not true, the ministry said.", "en", "refuted", ""),
    ("日経新聞によると、両社は契約を結んだ。", "ja", "quoted", "日経新聞"),
    ("「両社が契約を締結した」と韓国メディアが報じたが、事実ではない。", "ja", "refuted", ""),
    ("양사가 계약을 체결했다고 연합뉴스가 보도했다.", "ko", "quoted", "연합뉴스"),
    ("이는 사실이 아니다.", "ko", "refuted", ""),
    ("The company said it will build a plant.", "en", "own", ""),
    ("同社は工場を建設すると発表した。", "ja", "own", ""),
]


@pytest.mark.parametrize(("text", "lang", "attribution", "source"), READINGS)
def test_attribution_is_read(text, lang, attribution, source, lexicons) -> None:
    facts = extract_facts(text, lang, lexicons)
    assert facts.attribution == attribution
    if source:
        assert facts.source == source


def test_a_quoted_claim_is_the_sources_claim(lexicons, facts_config) -> None:
    original = st("The two companies signed a memorandum of understanding.", "en")
    report = st("양사가 최종 계약을 체결했다고 연합뉴스가 보도했다.", "ko", "report")
    (result,) = compare_statements(original, report, lexicons, facts_config)
    assert result.kind == "commitment_inflated"
    assert result.reason.startswith("quoted claim of 연합뉴스: ")


def test_a_refuted_claim_is_not_the_outlets_misstatement(lexicons, facts_config) -> None:
    original = st("양사는 배터리 공급 계약을 체결했다.", "ko")
    report = st("両社が契約を締結したとの報道は事実ではない。", "ja", "report")
    assert compare_statements(original, report, lexicons, facts_config) == []
