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


@pytest.mark.parametrize(
    ("texts", "key"),
    [
        # a country's adjective or demonym gives the country's key in every script
        (
            [
                ("Helion plans to work with three Korean telecom operators.", "en"),
                ("Korean officials said talks would resume.", "en"),
                ("Seoul and South Korean carriers signed the deal.", "en"),
                ("同社は韓国の通信事業者3社と協力する計画だ。", "ja"),
                ("헬리온은 한국 통신사 3곳과 협력할 계획이다.", "ko"),
            ],
            "korea",
        ),
        (
            [
                ("Japanese exports fell 3%.", "en"),
                ("日本の輸出は3%減った。", "ja"),
                ("일본 수출이 3% 줄었다.", "ko"),
            ],
            "japan",
        ),
        (
            [
                ("The U.S. will impose tariffs.", "en"),
                ("American chipmakers will invest.", "en"),
                ("米国は関税を課す。", "ja"),
                ("미국은 관세를 부과한다.", "ko"),
            ],
            "us",
        ),
        # number words give the same key as digits, where digits give one
        (
            [
                ("Twelve people suffered minor injuries.", "en"),
                ("The blast injured twelve workers.", "en"),
                ("けが人は12人で、いずれも軽傷だという。", "ja"),
                ("부상자는 12명으로 모두 경상이다.", "ko"),
                ("負傷者は十二人に上った。", "ja"),
            ],
            "12",
        ),
        (
            [
                ("Some twenty-five thousand fans attended.", "en"),
                ("About 25,000 fans attended.", "en"),
                ("約2万5000人のファンが来場した。", "ja"),
                ("팬 2만5천 명이 몰렸다.", "ko"),
            ],
            "25000",
        ),
        (
            [
                ("Nvidia will ship a quarter million GPUs.", "en"),
                ("GPU25万枚超を導入へ", "ja"),
                ("GPU 25만 장 공급 합의", "ko"),
            ],
            "250000",
        ),
    ],
)
def test_same_key_across_forms_and_scripts(texts, key, lexicons) -> None:
    for text, lang in texts:
        assert key in fact_keys(text, lang, lexicons), (text, fact_keys(text, lang, lexicons))


@pytest.mark.parametrize(
    ("text", "lang", "wanted", "unwanted"),
    [
        # a Latin token glued to the digits of a quantity ends where the quantity starts
        ("ヘリオン、韓国にGPU25万枚超を導入へ", "ja", {"gpu", "250000"}, {"gpu25"}),
        ("GPU2万5000枚を確保した。", "ja", {"gpu", "25000"}, {"gpu2"}),
        ("GPU25.5万枚を導入する。", "ja", {"gpu", "255000"}, {"gpu25", "gpu25.5"}),
        ("HBM12만 개를 공급한다.", "ko", {"hbm", "120000"}, {"hbm12"}),
        # model names are not quantities: their digits stay in the name
        ("H100を2万枚導入する。", "ja", {"h100", "20000"}, {"h"}),
        ("RTX4090 3만 대가 팔렸다.", "ko", {"rtx4090", "30000"}, {"rtx"}),
        # small counts in any form are not keys; "US" is a whole word, not part of "bus"
        ("Three Korean carriers and 3 banks joined.", "en", {"korea"}, {"3", "korean"}),
        ("同社は通信事業者3社と協力する。", "ja", set(), {"3"}),
        ("국내 통신사 3곳과 협력한다.", "ko", set(), {"3"}),
        ("The bus operator will add routes.", "en", set(), {"us"}),
    ],
)
def test_key_boundaries(text, lang, wanted, unwanted, lexicons) -> None:
    keys = fact_keys(text, lang, lexicons)
    assert wanted <= keys and not (unwanted & keys), (text, keys)
