"""Small worlds for the align tests: real segmentation, real fact keys from the bundled lexicons."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from functools import cache

from claimdiff.align import measure_keys
from claimdiff.align.words import alias_map
from claimdiff.config import SegmentConfig
from claimdiff.facts import extract_facts, fact_keys, load_lexicons
from claimdiff.records import Article, Statement, text_hash
from claimdiff.text import segment_article

T0 = datetime(2026, 11, 16, 9, tzinfo=timezone.utc)


@cache
def lexicons():
    return load_lexicons(None)


def article(aid: str, role: str, lang: str, text: str, hours: float = 0.0) -> Article:
    return Article(
        article_id=aid,
        url=f"https://news.example/{aid}",
        canonical_url=f"https://news.example/{aid}",
        outlet="Example",
        role=role,
        lang=lang,
        text=text,
        text_hash=text_hash(text),
        published_at=T0 + timedelta(hours=hours),
    )


def statements_of(articles: list[Article]) -> list[Statement]:
    """Segmented statements; English ones carry their text as English (checks-only mode)."""
    out = []
    for a in articles:
        for s in segment_article(a, SegmentConfig(include_title=False)):
            out.append(replace(s, text_en=s.text) if s.lang == "en" else s)
    return out


def keys(statement: Statement) -> set[str]:
    return fact_keys(statement.text, statement.lang, lexicons())


def measures(statement: Statement) -> set[str]:
    facts = extract_facts(statement.text, statement.lang, lexicons())
    return measure_keys(facts.quantities, facts.dates)


def aliases() -> dict[str, str]:
    return alias_map(lexicons())


def background(n: int = 12) -> list[Article]:
    """What a real night also has: unrelated articles that mention the same cities, year and
    country, so that the window can count how common these words are."""
    cities = ["Incheon", "Seoul", "Busan"]
    return [
        article(
            f"bg{i}",
            "report",
            "en",
            f"Officials in {cities[i % 3]} said exports rose in 2027 plans. "
            f"The AI market in Korea is expected to grow in 2027. "
            f"Company number {i} reported {1_000 + 37 * i} new orders.",
            hours=i,
        )
        for i in range(n)
    ]
