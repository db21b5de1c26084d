"""segment_article: statements with offsets into the article, headline, boilerplate, limits."""

from __future__ import annotations

import pytest

from claimdiff.config import SegmentConfig
from claimdiff.records import Article, text_hash
from claimdiff.text import TITLE_OFFSET, segment_article

KO_TEXT = """(서울=연합뉴스) 홍길동 기자 = 엔비디아가 한국에 GPU 25만장을 공급하기로 합의했다.
젠슨 황 CEO는 "한국은 핵심 파트너다. 협력을 넓히겠다"고 말했다.공급은 내년에 시작된다.

▶ 엔비디아 주가 급등
홍길동 기자 hong@yna.co.kr
<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>
"""

JA_TEXT = """【ワシントン=山田太郎】米エヌビディアは25日、25万枚を超えるGPUを導入すると発表した。
広告
フアン氏は「日本はAIをリードする。基盤を支える」と述べた。
おススメ記事
タイトルとURLをコピーしました
"""

EN_TEXT = """SEOUL, Nov 25 (Reuters) - Nvidia will deploy more than 250,000 GPUs, the company said.
Share this article
Mr. Huang said the U.S. company was "ready." Shares rose 2.5%.
Related: Chip stocks rally
Copyright © 2026 Example News
"""


def make_article(text: str, lang: str, title: str | None = None, role: str = "report") -> Article:
    return Article(
        article_id=f"a-{lang}",
        url=f"https://example.com/{lang}",
        canonical_url=f"https://example.com/{lang}",
        outlet="Example",
        role=role,  # type: ignore[arg-type]
        lang=lang,  # type: ignore[arg-type]
        text=text,
        text_hash=text_hash(text),
        title=title,
    )


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            KO_TEXT,
            "ko",
            [
                "엔비디아가 한국에 GPU 25만장을 공급하기로 합의했다.",
                '젠슨 황 CEO는 "한국은 핵심 파트너다. 협력을 넓히겠다"고 말했다.',
                "공급은 내년에 시작된다.",
            ],
        ),
        (
            JA_TEXT,
            "ja",
            [
                "米エヌビディアは25日、25万枚を超えるGPUを導入すると発表した。",
                "フアン氏は「日本はAIをリードする。基盤を支える」と述べた。",
            ],
        ),
        (
            EN_TEXT,
            "en",
            [
                "Nvidia will deploy more than 250,000 GPUs, the company said.",
                'Mr. Huang said the U.S. company was "ready."',
                "Shares rose 2.5%.",
            ],
        ),
    ],
)
def test_body_statements_without_boilerplate(text: str, lang: str, expected: list[str]) -> None:
    article = make_article(text, lang)
    statements = segment_article(article, SegmentConfig())
    assert [s.text for s in statements] == expected
    for index, statement in enumerate(statements):
        assert article.text[statement.start : statement.end] == statement.text
        assert statement.index == index
        assert statement.article_id == article.article_id
        assert (statement.lang, statement.role) == (lang, "report")


def test_title_is_statement_zero_with_title_offsets() -> None:
    article = make_article(KO_TEXT, "ko", title="엔비디아, 한국에 GPU 25만장 공급 합의")
    statements = segment_article(article, SegmentConfig())
    title = statements[0]
    assert (title.index, title.start, title.end) == (0, TITLE_OFFSET, TITLE_OFFSET)
    assert title.text == "엔비디아, 한국에 GPU 25만장 공급 합의"
    assert [s.index for s in statements] == list(range(len(statements)))
    assert all(s.start >= 0 for s in statements[1:])


def test_title_left_out_when_disabled_or_repeated_as_first_line() -> None:
    article = make_article(KO_TEXT, "ko", title="엔비디아, 한국에 GPU 25만장 공급 합의")
    without = segment_article(article, SegmentConfig(include_title=False))
    assert all(s.start >= 0 for s in without)
    repeated = make_article(
        "GPU 25만장 공급 합의\n엔비디아가 합의했다고 밝혔다.", "ko", title="GPU 25만장 공급 합의"
    )
    statements = segment_article(repeated, SegmentConfig())
    assert [s.text for s in statements] == ["GPU 25만장 공급 합의", "엔비디아가 합의했다고 밝혔다."]
    assert statements[0].start == 0


def test_ids_are_stable_and_distinct() -> None:
    article = make_article(EN_TEXT, "en", title="Nvidia to deploy 250,000 GPUs")
    first = segment_article(article, SegmentConfig())
    second = segment_article(article, SegmentConfig())
    assert [s.statement_id for s in first] == [s.statement_id for s in second]
    assert len({s.statement_id for s in first}) == len(first)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("", "en"),
        ("\n\n  \n", "ja"),
        ("広告\nおススメ記事\nタイトルとURLをコピーしました", "ja"),
        ("홍길동 기자 hong@yna.co.kr\n무단 전재 및 재배포 금지", "ko"),
        ("Share this article\nRelated: Markets\nCopyright © 2026 Example", "en"),
    ],
)
def test_empty_or_only_boilerplate_gives_no_statements(text: str, lang: str) -> None:
    assert segment_article(make_article(text, lang), SegmentConfig()) == []


def test_fragments_shorter_than_min_chars_are_skipped() -> None:
    article = make_article("Why? Nvidia will deploy GPUs in Korea.", "en")
    texts = [s.text for s in segment_article(article, SegmentConfig(min_chars=8))]
    assert texts == ["Nvidia will deploy GPUs in Korea."]
    texts = [s.text for s in segment_article(article, SegmentConfig(min_chars=1))]
    assert texts == ["Why?", "Nvidia will deploy GPUs in Korea."]


def test_sentence_longer_than_max_chars_is_cut_into_statements() -> None:
    text = "、".join(["政府はGPUの導入を進める方針で"] * 12) + "と発表した。"
    article = make_article(text, "ja")
    statements = segment_article(article, SegmentConfig(max_chars=60))
    assert len(statements) > 1
    assert all(len(s.text) <= 60 for s in statements)
    assert all(text[s.start : s.end] == s.text for s in statements)
    assert all(s.text.endswith("、") for s in statements[:-1])


def test_one_sentence_without_final_punctuation() -> None:
    article = make_article("엔비디아 GPU 25만장 공급 합의", "ko")
    [statement] = segment_article(article, SegmentConfig())
    assert (statement.start, statement.end) == (0, len(article.text))


def test_extra_boilerplate_dir_is_used(tmp_path) -> None:
    (tmp_path / "en.yaml").write_text(
        "lang: en\nboilerplate:\n  line:\n    - {pattern: '^Listen to this story'}\n",
        encoding="utf-8",
    )
    article = make_article("Listen to this story, 4 min.\nNvidia will deploy GPUs.", "en")
    assert len(segment_article(article, SegmentConfig())) == 2
    texts = [s.text for s in segment_article(article, SegmentConfig(boilerplate_dir=tmp_path))]
    assert texts == ["Nvidia will deploy GPUs."]
