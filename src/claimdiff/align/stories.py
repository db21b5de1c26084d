"""Group articles into stories: same event, across languages, within a time window."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta, timezone

from claimdiff.align.similarity import english_self_similarity
from claimdiff.config import AlignConfig
from claimdiff.records import Article, Statement, Story

log = logging.getLogger(__name__)

KeysFn = Callable[[Statement], set[str]]


def article_keys(
    articles: Sequence[Article],
    statements: Sequence[Statement],
    keys_fn: KeysFn,
    config: AlignConfig,
) -> dict[str, set[str]]:
    """Shared-fact keys per article, without keys too common in this batch to tie anything."""
    keys: dict[str, set[str]] = {a.article_id: set() for a in articles}
    for statement in statements:
        if statement.article_id in keys:
            keys[statement.article_id] |= keys_fn(statement)
    document_frequency = Counter(k for ks in keys.values() for k in ks)
    limit = max(2, int(config.max_key_share * len(articles)))
    common = {k for k, df in document_frequency.items() if df > limit}
    return {aid: ks - common for aid, ks in keys.items()}


def group_stories(
    articles: Sequence[Article],
    statements: Sequence[Statement],
    keys_fn: KeysFn,
    config: AlignConfig,
) -> list[Story]:
    """Connect articles that share facts or English wording within the time window.

    Two articles are linked when they are published within ``window_days`` of each other (or
    either date is unknown) and either share at least ``min_shared_keys`` keys (numbers, names)
    or their English texts have TF-IDF cosine of at least ``story_similarity``. Stories are the
    connected components with two or more articles.
    """
    articles = list(articles)
    keys = article_keys(articles, statements, keys_fn, config)
    english = _english_texts(articles, statements)
    have_english = [a.article_id for a in articles if english.get(a.article_id)]
    cosine = english_self_similarity([english[i] for i in have_english])
    english_index = {aid: i for i, aid in enumerate(have_english)}
    window = timedelta(days=config.window_days)

    parent = {a.article_id: a.article_id for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, left in enumerate(articles):
        for right in articles[i + 1 :]:
            if not _within(left, right, window):
                continue
            shared = keys[left.article_id] & keys[right.article_id]
            linked = len(shared) >= config.min_shared_keys
            if (
                not linked
                and left.article_id in english_index
                and right.article_id in english_index
            ):
                score = cosine[english_index[left.article_id], english_index[right.article_id]]
                linked = score >= config.story_similarity
            if linked:
                parent[find(left.article_id)] = find(right.article_id)

    components: dict[str, list[str]] = {}
    for article in articles:
        components.setdefault(find(article.article_id), []).append(article.article_id)
    stories = []
    for members in components.values():
        if len(members) < 2:
            continue
        counts = Counter(k for aid in members for k in keys[aid])
        shared_keys = tuple(sorted(k for k, n in counts.items() if n >= 2))
        stories.append(Story(Story.make_id(members), tuple(sorted(members)), shared_keys))
    log.info("grouped %d articles into %d stories", len(articles), len(stories))
    return sorted(stories, key=lambda s: s.story_id)


def _within(left: Article, right: Article, window: timedelta) -> bool:
    if left.published_at is None or right.published_at is None:
        return True  # an undated article may belong to any story
    a, b = left.published_at, right.published_at
    if (a.tzinfo is None) != (b.tzinfo is None):  # naive dates are taken as UTC
        a, b = (x if x.tzinfo else x.replace(tzinfo=timezone.utc) for x in (a, b))
    return abs(a - b) <= window


def _english_texts(articles: Sequence[Article], statements: Sequence[Statement]) -> dict[str, str]:
    by_article: dict[str, list[str]] = {}
    complete: dict[str, bool] = {a.article_id: True for a in articles}
    for statement in statements:
        if statement.article_id not in complete:
            continue
        if statement.text_en is None:
            complete[statement.article_id] = False
        else:
            by_article.setdefault(statement.article_id, []).append(statement.text_en)
    return {aid: " ".join(texts) for aid, texts in by_article.items() if complete[aid]}
