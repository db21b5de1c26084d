"""Language identification of ko / ja / en text, and no answer without a signal."""

from __future__ import annotations

import pytest

from claimdiff.ingest.langid import detect_language
from tests.ingest.texts import CFG, JA, KO


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (KO, "ko"),
        (JA, "ja"),
        ("Nvidia will deploy more than 250,000 GPUs across the country's sovereign clouds.", "en"),
        ("GPU 25만 장", "ko"),
        ("GPU25万枚を導入する", "ja"),
        ("삼성전자는 3분기 영업이익이 9조 원을 넘었다고 발표했다.", "ko"),
        ("政府は来年度から補助金を拡充する方針だ。", "ja"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    detected, confidence, _ = detect_language(text, CFG.lang_detect_max_chars)
    assert detected == lang and confidence > 0.5


def test_no_language_signal() -> None:
    assert detect_language("12,345 / 67.8%", CFG.lang_detect_max_chars)[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "Nvidia will deploy more than 250,000 GPUs, the company said on Monday.",
        "Café Müller reopened in São Paulo after the 2027 renovation.",  # Latin-1 letters
        "Der Hund läuft schnell über die Straße.",  # not English, but of ko/ja/en only English
        "GPU 25만 장",  # Hangul with Latin: the statistical models decide
        "Toyota (トヨタ) will open a plant.",
        "12,345 / 67.8%",
    ],
)
def test_latin_only_shortcut_matches_the_models(text: str) -> None:
    """A text whose letters are all Latin is answered without the statistical models; the
    answer must be the one lingua gives."""
    from claimdiff.ingest.langid import load_detector

    values = load_detector().compute_language_confidence_values(text)
    scores = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}
    expected = max(scores, key=lambda k: scores[k]) if values[0].value > 0 else None
    detected, confidence, got = detect_language(text, CFG.lang_detect_max_chars)
    assert detected == expected
    assert got == pytest.approx(scores)
    if expected is not None:
        assert confidence == pytest.approx(scores[expected])
