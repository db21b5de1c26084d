"""Lexicon lemmas: one dictionary form in YAML matches every inflected form, without code."""

from __future__ import annotations

import re

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.config import FactsConfig
from claimdiff.facts import extract_facts, load_lexicons
from claimdiff.facts.lemmas import english_forms, lemma_pattern
from tests.facts.statements import st


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("shelve", {"shelve", "shelves", "shelved", "shelving"}),
        ("scrap", {"scrap", "scraps", "scrapped", "scrapping"}),
        ("deny", {"deny", "denies", "denied", "denying"}),
        ("withdraw", {"withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing"}),
    ],
)
def test_english_forms(verb, forms) -> None:
    assert forms <= set(english_forms(verb))


@pytest.mark.parametrize(
    ("lemma", "lang", "texts"),
    [
        ("rule out", "en", ["They ruled out a merger.", "It rules it out.", "ruling the plan out"]),
        ("見合わせる", "ja", ["発売を見合わせた。", "発売を見合わせる。", "見合わせない"]),
        ("撤回する", "ja", ["計画を撤回した。", "撤回を決めた。"]),
        ("중단하다", "ko", ["가동을 중단했다.", "중단한다.", "중단하기로 했다."]),
    ],
)
def test_lemma_patterns_match_inflected_forms(lemma, lang, texts) -> None:
    pattern = re.compile(lemma_pattern(lemma, lang))
    assert all(pattern.search(text) for text in texts), texts


def test_a_reviewer_adds_one_lemma_and_every_form_counts(tmp_path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "negation.yaml").write_text("lemmas: [mothball]\n", encoding="utf-8")
    (tmp_path / "ja").mkdir()
    (tmp_path / "ja" / "negation.yaml").write_text("lemmas: [棚上げする]\n", encoding="utf-8")
    bundled, extended = load_lexicons(), load_lexicons(tmp_path)
    for text in ("The firm mothballed the plant.", "The firm mothballs the plant."):
        assert not extract_facts(text, "en", bundled).negated
        assert extract_facts(text, "en", extended).negated
    assert extract_facts("政府は計画を棚上げした。", "ja", extended).negated
    original = st("The firm will restart the plant in May.", "en")
    report = st("The firm mothballed the plant in May.", "en", "report")
    config = FactsConfig()
    assert "negation_flipped" not in {
        r.kind for r in compare_statements(original, report, bundled, config)
    }
    assert "negation_flipped" in {
        r.kind for r in compare_statements(original, report, extended, config)
    }


@pytest.mark.parametrize(
    ("text", "lang", "negated"),
    [
        ("The company shelved its plan to build a plant.", "en", True),
        ("The regulator ruled it out.", "en", True),
        ("メーカーは新型車の発売を見合わせた。", "ja", True),
        ("まず必ず確認してください。", "ja", False),
        ("회사는 공장 가동을 잠정 중단하기로 했다.", "ko", True),
        # refusing, failing and stopping negate what they govern, in all three languages
        ("노조는 회사의 제안을 거절했다.", "ko", True),
        ("위원회는 합의안 도출에 실패했다.", "ko", True),
        # a stem ending in a vowel fuses with the past ending: 멈추다 -> 멈췄다, 그만두다 -> 그만뒀다
        ("공장은 어제 가동을 멈췄다.", "ko", True),
        ("그는 지난달 회사를 그만뒀다.", "ko", True),
        ("協議会は合意の取りまとめに失敗した。", "ja", True),
        ("The union refused the offer.", "en", True),
        # a Korean lexical-negation noun starts a word or carries a verb ending: 부인 (deny) is
        # not the 부인 (wife) inside 공무원의 부인이다
        ("그는 혐의를 전면 부인했다.", "ko", True),
        ("그녀는 시청 공무원의 부인이다.", "ko", False),
        ("시는 생산 중단을 발표했다.", "ko", True),
    ],
)
def test_lexical_negation(text, lang, negated, lexicons) -> None:
    assert extract_facts(text, lang, lexicons).negated is negated
