"""JMdict glosses of Japanese and Sino-Korean words (the real jamdict-data database)."""

from __future__ import annotations

from claimdiff.align.glosses import (
    Glossary,
    common_forms,
    korean_readings,
    segment,
    sino_korean_words,
)


def test_a_japanese_word_has_its_english_glosses():
    words = Glossary().english(["続編", "電力"])
    assert "sequel" in words["続編"]
    assert "power" in words["電力"]


def test_a_word_jmdict_lacks_has_no_glosses():
    assert Glossary().english(["橿橿橿"]) == {"橿橿橿": frozenset()}


def test_a_compound_is_read_as_its_dictionary_words():
    assert segment("最終決定", common_forms()) == ["最終", "決定"]
    assert "final" in Glossary().words(["最終決定"], "ja")


def test_a_sino_korean_word_gets_the_glosses_of_the_kanji_word_it_reads():
    assert "続編" in korean_readings()["속편"]
    assert "sequel" in Glossary().words(["속편"], "ko")
    # a stem of two words is read as both (금융 + 정보)
    assert segment("금융정보", korean_readings()) == ["금융", "정보"]
    assert {"financial", "information"} <= Glossary().words(["금융정보"], "ko")


def test_english_and_unknown_scripts_have_no_forms():
    assert Glossary().forms(["plant"], "en") == []


def test_korean_and_japanese_compounds_meet_on_the_sino_korean_words_inside_them():
    # a Japanese compound is read word by word in Korean; a Korean stem likewise
    assert sino_korean_words("早期導入", "ja") == ("조기", "도입")
    assert "도입" in sino_korean_words("도입", "ko")
    assert sino_korean_words("새로운", "ko") == ()  # a native word reads as no kanji word
    assert sino_korean_words("plant", "en") == ()
