"""fact_keys: the same facts in three languages give the same language-neutral keys."""

from __future__ import annotations

import pytest

from claimdiff.facts import fact_keys


@pytest.mark.parametrize(
    ("texts", "shared"),
    [
        (
            [
                ("Nvidia will deploy more than 250,000 GPUs in Korea.", "en"),
                ("엔비디아는 한국에 GPU 25만 장을 공급한다.", "ko"),
                ("エヌビディアは韓国にGPU25万枚を導入する。", "ja"),
            ],
            {"250000", "nvidia", "gpu", "korea"},
        ),
        (
            [
                ("The company will invest $4.1 billion by 2027.", "en"),
                ("회사는 2027년까지 41억 달러를 투자한다.", "ko"),
                ("同社は2027年までに41億ドルを投資する。", "ja"),
            ],
            {"4100000000", "2027"},
        ),
        (
            [
                ("Turnout rose 2.5% to 30,000 to 50,000 voters.", "en"),
                ("투표율은 2.5% 올라 3~5만 명이 투표했다.", "ko"),
                ("投票率は2.5%上昇し、3〜5万人が投票した。", "ja"),
            ],
            {"2.5%", "30000", "50000"},
        ),
    ],
)
def test_keys_shared_across_languages(texts, shared, lexicons) -> None:
    for text, lang in texts:
        keys = fact_keys(text, lang, lexicons)
        assert shared <= keys, (text, keys)


def test_small_counts_and_common_words_are_not_keys(lexicons) -> None:
    keys = fact_keys("The company said it will open 3 stores in Seoul.", "en", lexicons)
    assert "3" not in keys
    assert "the" not in keys and "company" not in keys
    assert "seoul" in keys
    assert "3" in fact_keys("The company said it will open 3 stores.", "en", lexicons, min_value=1)
