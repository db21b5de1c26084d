"""Stories and pairing on hand-made statements (keys given directly, not from the fact lexicons)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from claimdiff.align import group_stories, pair_statements
from claimdiff.config import AlignConfig
from claimdiff.records import Article, Statement, text_hash

T0 = datetime(2026, 10, 31, 9, tzinfo=timezone.utc)


def make_article(aid, role, lang, when=T0):
    return Article(
        aid,
        f"https://x/{aid}",
        f"https://x/{aid}",
        "o",
        role,
        lang,
        "t",
        text_hash(aid),
        published_at=when,
    )


def make_statement(aid, i, text, role, lang, text_en=None):
    return Statement(f"{aid}-{i}", aid, i, 0, len(text), text, lang, role, text_en)


def digit_keys(statement: Statement) -> set[str]:
    return set(re.findall(r"\d{3,}", statement.text.replace(",", "")))


CONFIG = AlignConfig(window_days=7, story_similarity=0.25, top_k=2, min_similarity=0.05)


def test_cross_lingual_story_by_shared_numbers_and_pairs_by_keys():
    articles = [
        make_article("en", "original", "en"),
        make_article("ko", "report", "ko"),
        make_article("ja", "report", "ja"),
        make_article("other", "report", "en"),
    ]
    statements = [
        make_statement("en", 0, "Helion will deploy more than 250000 GPUs.", "original", "en"),
        make_statement("en", 1, "The first systems arrive in 2027.", "original", "en"),
        make_statement("ko", 0, "헬리온은 GPU 250000장을 공급하기로 합의했다.", "report", "ko"),
        make_statement("ja", 0, "最初のシステムは2027年に稼働する。", "report", "ja"),
        make_statement("other", 0, "The city approved a budget of 9000 dollars.", "report", "en"),
    ]
    stories = group_stories(articles, statements, digit_keys, CONFIG)
    assert len(stories) == 1
    assert set(stories[0].article_ids) == {"en", "ko", "ja"}
    pairs = pair_statements(stories, statements, digit_keys, CONFIG)
    by_report = {p.report_id: p.original_id for p in pairs}
    assert by_report == {"ko-0": "en-0", "ja-0": "en-1"}
    assert all(p.basis == "shared-facts" for p in pairs)


def test_time_window_separates_stories():
    articles = [
        make_article("a", "original", "en"),
        make_article("b", "report", "en", T0 + timedelta(days=30)),
    ]
    statements = [
        make_statement("a", 0, "Sales rose to 12000 units.", "original", "en"),
        make_statement("b", 0, "Sales rose to 12000 units.", "report", "en"),
    ]
    assert group_stories(articles, statements, digit_keys, CONFIG) == []


def test_english_similarity_links_and_ranks_in_full_mode():
    articles = [make_article("o", "original", "en"), make_article("r", "report", "ko")]
    statements = [
        make_statement(
            "o",
            0,
            "The ministry is considering digital textbooks.",
            "original",
            "en",
            "The ministry is considering digital textbooks.",
        ),
        make_statement(
            "o",
            1,
            "The schedule has not been set.",
            "original",
            "en",
            "The schedule has not been set.",
        ),
        make_statement(
            "r",
            0,
            "교육부는 디지털 교과서 도입을 결정했다.",
            "report",
            "ko",
            "The ministry decided to introduce digital textbooks.",
        ),
    ]
    stories = group_stories(articles, statements, lambda s: set(), CONFIG)
    assert len(stories) == 1
    pairs = pair_statements(stories, statements, lambda s: set(), CONFIG)
    assert pairs[0].original_id == "o-0" and pairs[0].basis == "tfidf-en"
    assert pairs[0].similarity > (pairs[1].similarity if len(pairs) > 1 else 0)


def test_ids_are_deterministic():
    articles = [make_article("a", "original", "en"), make_article("b", "report", "en")]
    statements = [
        make_statement("a", 0, "Profit was 5000 won.", "original", "en"),
        make_statement("b", 0, "Profit was 5000 won.", "report", "en"),
    ]
    first = pair_statements(
        group_stories(articles, statements, digit_keys, CONFIG), statements, digit_keys, CONFIG
    )
    second = pair_statements(
        group_stories(articles[::-1], statements[::-1], digit_keys, CONFIG),
        statements,
        digit_keys,
        CONFIG,
    )
    assert [p.pair_id for p in first] == [p.pair_id for p in second]
    assert first[0].story_id == second[0].story_id


def test_common_keys_tie_nothing():
    # "2026" appears in every article: it must not merge unrelated stories.
    articles = [make_article(str(i), "report" if i else "original", "en") for i in range(6)]
    statements = [
        make_statement(
            str(i), 0, f"In 2026 item {1000 + i} happened.", "report" if i else "original", "en"
        )
        for i in range(6)
    ]
    assert group_stories(articles, statements, digit_keys, CONFIG) == []


def test_rare_shared_keys_weigh_more_than_common_ones():
    from claimdiff.align.similarity import key_overlap, key_weights

    key_sets = [{"korea", "250000"}, {"korea"}, {"korea", "3"}, {"korea", "250000"}, {"korea"}]
    weights = key_weights(key_sets)
    assert weights["korea"] == 0.0
    assert weights["250000"] > weights.get("3", 0) * 0.5 > 0
    assert key_overlap({"korea"}, {"korea"}, weights) == 0.0
    assert key_overlap({"korea", "250000"}, {"korea", "250000"}, weights) == weights["250000"]
    assert key_overlap({"a"}, {"b"}, weights) == 0.0
