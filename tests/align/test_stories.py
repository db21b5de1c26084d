"""Stories: specific shared evidence links articles, generic evidence does not chain them."""

from __future__ import annotations

import logging
import random

import pytest

from claimdiff.align import group_stories
from claimdiff.align.sounds import CROWDED, bridge
from claimdiff.align.stories import (
    article_keys,
    candidate_edges,
    concepts,
    key_prior,
    key_weights,
    stories_from_keys,
)
from claimdiff.align.words import fold, romanize_hangul
from claimdiff.config import AlignConfig
from claimdiff.records import Article
from tests.align.worlds import aliases, article, background, keys, statements_of

CONFIG = AlignConfig()


def _stories(articles, config=CONFIG, existing=None):
    return group_stories(
        articles, statements_of(articles), keys, config, existing=existing, aliases=aliases()
    )


def _members(stories):
    return sorted(sorted(s.article_ids) for s in stories)


def two_companies():
    """Two releases of one day, same city, same year, each with a faithful Korean report."""
    return [
        article(
            "a-release",
            "original",
            "en",
            "Korvane today announced that it will build a battery plant in Incheon by 2027. "
            "Korvane will invest $1.35 billion and hire 660 workers for the KV-7 line.",
        ),
        article(
            "a-report",
            "report",
            "ko",
            "코르바네는 2027년까지 인천에 배터리 공장을 짓는다. "
            "코르바네는 13억5천만 달러를 투자하고 660명을 고용한다.",
            hours=3,
        ),
        article(
            "b-release",
            "original",
            "en",
            "Milotek said it would open a robot research center in Incheon in 2027. "
            "Milotek expects 2,340 robots a year from the MT-41 program.",
            hours=1,
        ),
        article(
            "b-report",
            "report",
            "ko",
            "밀로텍은 2027년 인천에 로봇 연구센터를 연다. 밀로텍은 MT-41 프로그램에서 연간 "
            "로봇 2,340대를 기대한다.",
            hours=4,
        ),
    ]


def test_two_companies_same_day_same_city_stay_two_stories():
    stories = _stories(two_companies() + background())
    assert _members(stories) == [["a-release", "a-report"], ["b-release", "b-report"]]


def test_two_companies_stay_apart_even_without_background():
    # the year and the city are generic by kind, not only by count
    assert _members(_stories(two_companies())) == [
        ["a-release", "a-report"],
        ["b-release", "b-report"],
    ]


def test_wire_copy_with_a_dropped_sentence_joins_the_story():
    report = two_companies()[1]
    copy = article("a-wire", "report", "ko", "(서울=통신) " + report.text.split(". ")[1], 5)
    stories = _stories([*two_companies(), copy, *background()])
    assert ["a-release", "a-report", "a-wire"] in _members(stories)


def test_cross_script_names_link():
    articles = [
        article("en", "original", "en", "NVIDIA will ship 48,200 Rubin systems to Daewon Telecom."),
        article(
            "ko", "report", "ko", "엔비디아는 대원텔레콤에 루빈 시스템 48,200대를 공급한다.", 2
        ),
        article("ja", "report", "ja", "エヌビディアはルビン・システム4万8200台を出荷する。", 3),
        article("other", "report", "en", "Hanmi Foods sold 48,200 boxes of noodles.", 1),
    ]
    stories = _stories(articles + background())
    assert _members(stories) == [["en", "ja", "ko"]]


def test_input_order_does_not_change_stories():
    articles = two_companies() + background()
    first = _stories(articles)
    rng = random.Random(3)
    for _ in range(3):
        shuffled = articles[:]
        rng.shuffle(shuffled)
        again = group_stories(
            shuffled, statements_of(shuffled)[::-1], keys, CONFIG, aliases=aliases()
        )
        assert again == first


def _late_report() -> Article:
    """A report on company A's story that arrives a night after the two releases."""
    return article(
        "a-late",
        "report",
        "en",
        "Korvane's KV-7 line in Incheon will employ 660 workers, the company said.",
        hours=30,
    )


def test_story_keeps_its_id_when_an_article_joins():
    first = _stories(two_companies())
    a_story = next(s for s in first if "a-release" in s.article_ids)
    existing = {aid: s.story_id for s in first for aid in s.article_ids}
    late = _late_report()
    second = _stories([*two_companies(), late], existing=existing)
    grown = next(s for s in second if "a-late" in s.article_ids)
    assert grown.story_id == a_story.story_id
    assert set(grown.article_ids) == {"a-release", "a-report", "a-late"}


def test_a_later_night_reclusters_only_what_its_new_articles_touch():
    first = _stories(two_companies() + background())
    existing = {aid: s.story_id for s in first for aid in s.article_ids}
    late = _late_report()
    window = [*two_companies(), *background(), late]
    keys_of = article_keys(window, statements_of(window), keys, aliases())
    again = stories_from_keys(window, keys_of, CONFIG, existing, new_article_ids={"a-late"})
    a_story = next(s for s in first if "a-release" in s.article_ids)
    # Milotek's story is not touched tonight: it is not returned (it stays as stored)
    assert [(s.story_id, set(s.article_ids)) for s in again] == [
        (a_story.story_id, {"a-release", "a-report", "a-late"})
    ]


def test_time_window_separates_stories():
    release, report = two_companies()[:2]
    late = article("a-report", "report", "ko", report.text, hours=24 * 30)
    assert _stories([release, late]) == []


def test_components_chain_where_leiden_does_not():
    def group(prefix, name, base):
        text = f"On Monday {name} shipped {{}} kits of the {name[:2].upper()}-77 line."
        return [
            article(f"{prefix}{i}", "report", "en", text.format(f"{base + i}1,{i}31"))
            for i in range(5)
        ]

    bridge = article("bridge", "report", "en", "On Monday Orsolo met Pevana in a room.")
    articles = [*group("a", "Orsolo", 1), *group("b", "Pevana", 6), bridge]
    loose = {"min_shared_keys": 1, "story_min_score": 0.5}
    chained = _stories(articles, AlignConfig(story_method="components", **loose))
    leiden = _stories(articles, AlignConfig(story_resolution=1.0, **loose))
    assert len(chained) == 1
    assert len(leiden) == 2  # and neither mixes the two groups
    for story in leiden:
        assert len({aid[0] for aid in story.article_ids if aid != "bridge"}) == 1


def test_oversized_story_is_split_with_a_warning(caplog):
    articles = [
        article(f"x{i}", "report", "en", f"Quorra Labs shipped the QL-{i % 2} robot kit {i}.")
        for i in range(12)
    ]
    config = AlignConfig(max_story_articles=5, min_shared_keys=1, story_min_score=1.0)
    with caplog.at_level(logging.WARNING):
        stories = _stories(articles, config)
    assert stories and all(len(s.article_ids) <= 5 for s in stories)
    assert "max_story_articles" in caplog.text


@pytest.mark.parametrize(
    ("key", "expected"),
    [("2027", 0.2), ("10%", 0.2), ("7", 0.2), ("50000", 1 / 3), ("650000000", 2 / 3),
     ("560", 2 / 3), ("251000", 1.0), ("12.5%", 1.0), ("n:herion", 1.0), ("n:inkheon", 0.2), ("k:仁川", 0.2), ("k:投資", 0.5)],
)  # fmt: skip
def test_key_prior(key, expected):
    assert key_prior(key, 0.2) == expected


def test_weights_ignore_keys_of_one_article_and_generic_counts():
    df = {"n:a1": 1, "n:b2": 2, "n:c3": 39, "n:d4": 40}
    weights = key_weights(df, CONFIG, 5_000)
    assert set(weights) == {"n:b2", "n:c3"}
    assert weights["n:b2"] > weights["n:c3"] > 0
    # in a window of 100,000 a key of 40 articles is still rare, one of 400 is not
    large = key_weights(df | {"n:e5": 400}, CONFIG, 100_000)
    assert set(large) == {"n:b2", "n:c3", "n:d4"}
    assert large["n:b2"] == weights["n:b2"]  # a key of two articles weighs the same in any window
    # in a night of 200 articles, a key of 20 is common
    assert set(key_weights(df | {"n:e5": 19}, CONFIG, 200)) == {"n:b2", "n:e5"}


def test_candidates_never_join_articles_without_shared_rare_keys():
    articles = background(30)
    found = candidate_edges(articles, article_keys(articles, statements_of(articles), keys), CONFIG)
    assert len(found[0]) == 0


def test_a_word_that_starts_one_sentence_is_not_a_name():
    text = "Analysts said demand was strong. Korvane said it would grow. Korvane will hire."
    found = article_keys([article("x", "report", "en", text)], statements_of(
        [article("x", "report", "en", text)]), keys)["x"]  # fmt: skip
    assert "n:" + fold("Korvane") in found
    assert "n:" + fold("Analysts") not in found


def test_a_later_night_with_no_articles_has_no_stories():
    assert stories_from_keys([], {}, CONFIG, {}, set()) == []


def test_a_kanji_word_and_its_readings_are_one_piece_of_evidence():
    """A kanji word carries its readings (to meet Korean and Latin spellings); two Japanese
    articles that share one ordinary word and the city are not one story on it."""
    articles = [
        article("a", "original", "ja", "ミロテックは横浜で新しい調査を始めると述べた。", 0),
        article("b", "report", "ja", "ハルナ電機は横浜で品質の調査を行う方針だ。", 2),
        *background(),
    ]
    assert _members(_stories(articles)) == []


def test_concepts_merge_only_the_spellings_of_one_word():
    found = {
        "ja": {"k:調査", "n:josa", "n:khousa", "n:mirotek"},
        "ko": {"n:josa", "n:mirotek"},
        "en": {"n:mirotek"},
    }
    merged, priors = concepts(found)
    assert merged["ja"] == {"k:調査", "n:mirotek"}  # the smallest spelling stands for all
    assert merged["ko"] == {"k:調査", "n:mirotek"}  # the Korean reading meets the kanji
    assert merged["en"] == {"n:mirotek"}
    assert priors == {"k:調査": key_prior("k:調査", 0.2)}


def _korean_window(with_english: bool):
    """Korean articles sharing two Hangul words (each in four articles); optionally the same
    two keys in an English article's Latin spelling."""
    arts = [article(f"ko{n}", "report", "ko", "기사", n) for n in range(4)]
    found = {a.article_id: {"n:hanwol", "n:sorimun", f"n:own{n}x"} for n, a in enumerate(arts)}
    filler = [article(f"f{n}", "report", "ko", "기사", n) for n in range(16)]
    found |= {a.article_id: {f"n:fill{n}x"} for n, a in enumerate(filler)}
    if with_english:
        arts.append(article("en", "original", "en", "Hanwol Sorimun", 1))
        found["en"] = {"n:hanwol", "n:sorimun"}
    return arts + filler, found


@pytest.mark.parametrize("with_english", [False, True])
def test_hangul_words_only_korean_articles_carry_weigh_as_ordinary_words(with_english):
    """Korean has no capitals: a Hangul word is a possible name, most are ordinary words; a
    key also spelled in Latin letters elsewhere in the window is a name and weighs in full."""
    arts, found = _korean_window(with_english)
    i, _j, _w = candidate_edges(arts, found, CONFIG)
    assert (len(i) > 0) == with_english


def test_a_kanji_name_read_as_a_latin_name_weighs_as_a_name():
    found = {
        "ja": {"k:調査", "n:josa", "n:khousa", "k:日立", "n:hitakhi", "n:irip"},
        "en": {"n:hitakhi"},
    }
    _merged, ordinary = concepts(found)
    _merged, named = concepts(found, named=found["en"])
    assert ordinary["k:日立"] == key_prior("k:日立", 0.2)  # a kanji word, as far as we know
    assert named["k:日立"] == 1.0  # its reading is spelled in Latin letters: a name
    assert named["k:調査"] == ordinary["k:調査"]


def _triple(name_en: str, name_ja: str, name_ko: str) -> list[Article]:
    """One factory opening in three languages; the company is in no names lexicon and each
    language spells it its own way. The number and the year are the only other evidence."""
    return [
        article(
            "t-en",
            "original",
            "en",
            f"{name_en} will open a drone factory in 2028. The plant will employ 730 people, "
            f"{name_en} said.",
        ),
        article(
            "t-ja",
            "report",
            "ja",
            f"{name_ja}は2028年にドローン工場を開く。工場では730人が働く。",
            2,
        ),
        article(
            "t-ko",
            "report",
            "ko",
            f"{name_ko}는 2028년 드론 공장을 연다. 공장은 730명을 고용한다.",
            3,
        ),
    ]


@pytest.mark.parametrize(
    ("name_en", "name_ja", "name_ko"),
    [
        # an English name: silent r, v for b, the vowels the scripts add, Hangul compounds
        ("Talvery Dynamics", "タルベリー・ダイナミクス", "탈베리다이내믹스"),
        ("Quenmore Optics", "クエンモア・オプティクス", "퀜모어옵틱스"),
        # a Japanese name: Korean writes its k as g; 工業 is read in Korean
        ("Morisaki Kogyo", "森崎工業", "모리사키공업"),
        # a Korean name in katakana, with the Korean reading of 農協
        ("Pureunsol Farm Cooperative", "プルンソル農協", "푸른솔농협"),
    ],
)
def test_a_name_in_latin_katakana_and_hangul_is_one_story(name_en, name_ja, name_ko):
    stories = _stories(_triple(name_en, name_ja, name_ko) + background())
    assert _members(stories) == [["t-en", "t-ja", "t-ko"]]


def test_names_that_only_sound_similar_stay_apart():
    """Same consonants, other vowels (Merant / 마론트), and the same count: two companies."""
    articles = [
        article("m-en", "original", "en", "Merant Logistics will buy 2,400 electric trucks. "
                "Merant Logistics said deliveries start soon."),
        article("m-ko", "report", "ko", "마론트는 전기 트럭 2,400대를 구매한다. 마론트는 곧 인도를 시작한다.", 2),
        *background(),
    ]  # fmt: skip
    assert _members(_stories(articles)) == []
    found = article_keys(articles, statements_of(articles), keys, aliases())
    plain, same, stats = bridge(found, CONFIG.story_key_df_max)
    assert "s:H:마론트는" not in stats.renames
    merged, _priors = concepts(plain, (), same)
    assert merged["m-ko"] & merged["m-en"] == {"2400"}  # the count, not the name


def test_a_place_with_its_suffix_meets_its_latin_and_hangul_spelling():
    found = {
        "en": {"n:" + fold("Kanazawa"), "s:L:Kanazawa"},
        "ja": {"k:金沢市", "s:K:金沢市"},
        "ko": {"n:ganaja", "s:H:가나자와"},
        "ko2": {"n:ganaja"},  # the same word, its carrier in another article
    }
    plain, same, _stats = bridge(found, CONFIG.story_key_df_max)
    merged, _priors = concepts(plain, found["en"], same)
    assert merged["ja"] == merged["ko"] == merged["ko2"] == merged["en"] == {"k:金沢市"}


def test_a_compound_is_the_name_and_the_word_it_ends_with():
    """모리사키공업: Morisaki and 工業, in every article that writes it."""
    found = {
        "en": {"n:" + fold("Morisaki"), "s:L:Morisaki"},
        "ko": {"n:" + romanize_hangul("모리사키공업"), "s:H:모리사키공업은"},
        "ko2": {"n:" + romanize_hangul("모리사키공업")},
    }
    plain, _same, _stats = bridge(found, CONFIG.story_key_df_max)
    expected = {"n:" + fold("Morisaki"), "n:" + romanize_hangul("공업")}
    assert plain["ko"] == plain["ko2"] == expected
    assert plain["en"] == {"n:" + fold("Morisaki")}


def test_a_skeleton_many_names_share_bridges_nothing():
    """Ten English names of one consonant skeleton (k-s): a katakana k-s name is none of them."""
    vowels = "aeiou"
    names = [f"K{a}s{b}" for a in vowels for b in vowels[:2]]
    found = {f"en{n}": {f"s:L:{name}", "n:" + fold(name)} for n, name in enumerate(names)}
    found["ja"] = {"s:J:カセ", "n:kase"}
    _plain, _same, stats = bridge(found, CONFIG.story_key_df_max)
    assert stats.renames == {}


def _syllables(rng: random.Random, n: int) -> str:
    """Hangul syllables of any initial and vowel, with no final or a simple one (ㄴ ㄹ ㅁ ㅇ)."""
    return "".join(
        chr(
            0xAC00
            + 588 * rng.randrange(19)
            + 28 * rng.randrange(21)
            + rng.choice([0, 4, 8, 16, 21])
        )
        for _ in range(n)
    )


@pytest.mark.parametrize("size", [200, 400])
def test_bridging_work_is_linear_in_the_carriers(size):
    """Each candidate spelling is one index lookup (whole word, stem, prefixes), each lookup
    compares at most CROWDED names: no pass over all pairs of names."""
    rng = random.Random(size)
    found: dict[str, set[str]] = {}
    syllables = 0
    for n in range(size):
        word = _syllables(rng, rng.randrange(2, 7))
        syllables += len(word)
        found[f"ko{n}"] = {f"s:H:{word}"}
        latin = "".join(rng.choice("bdgklmnprstv") + rng.choice("aeio") for _ in range(3))
        found[f"en{n}"] = {f"s:L:{latin.capitalize()}", "n:" + fold(latin)}
    _plain, _same, stats = bridge(found, CONFIG.story_key_df_max)
    assert stats.lookups <= 2 * (syllables + 2 * size)
    assert stats.compared <= CROWDED * stats.lookups


def test_a_word_in_more_articles_than_the_name_is_not_that_name():
    """A Hangul word of three Korean articles that sounds like a name of one English article is
    an ordinary word (or another name): one story's name is spelled about as often per script."""
    found = {"en": {"n:" + fold("Delmar"), "s:L:Delmar"}}
    found |= {f"ko{n}": {"n:" + romanize_hangul("델마"), "s:H:델마는"} for n in range(3)}
    _plain, _same, stats = bridge(found, CONFIG.story_key_df_max)
    assert stats.renames == {}
    found = {k: v for k, v in found.items() if k in ("en", "ko0")}
    _plain, same, _stats = bridge(found, CONFIG.story_key_df_max)
    assert same == [("n:" + romanize_hangul("델마"), "n:" + fold("Delmar"))]
