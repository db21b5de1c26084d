"""Name keys of the align stage: scripts meet, counters after numbers are not names."""

from claimdiff.align.words import name_keys


def test_katakana_hangul_and_latin_spellings_of_a_name_meet():
    latin = name_keys("Analysts expect Helion to grow.", "en")
    assert "n:herion" in latin
    assert "n:herion" in name_keys("ヘリオンは発表した。", "ja")
    assert "n:herion" in name_keys("헬리온은 발표했다.", "ko")


def test_the_counter_after_a_number_is_not_a_name():
    # 195万台以上 ("1.95 million units or more"), 69,500カ所以上, 11,500대, 51,700 장을
    ja = name_keys("ボカは電気自動車195万台以上と充電所69,500カ所以上を供給する。", "ja")
    assert not any("万台" in k or "所以上" in k for k in ja)
    assert "k:電気自動車" in ja  # a kanji word that follows no number still counts
    ko = name_keys("보카는 전기차 11,500대와 GPU 51,700 장을 공급한다.", "ko")
    assert "n:boka" in ko
    assert name_keys("11,500대 51,700 장을", "ko") == set()


def test_a_number_glued_to_a_latin_word_is_not_part_of_the_name():
    assert "n:gpu4" not in name_keys("GPU4,000枚を配備する。", "ja")
    assert "n:hel-22x" in name_keys("HEL-22X, the new chip.", "en")
