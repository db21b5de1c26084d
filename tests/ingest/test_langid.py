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
