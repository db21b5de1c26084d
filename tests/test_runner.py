"""Run steps without Prefect: the window of stored articles a night's new articles are compared with."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from claimdiff.records import Article, text_hash
from claimdiff.runner import _window_articles

T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)


def article(aid, url, when, duplicate_of=None):
    return Article(
        aid,
        url,
        url,
        "o",
        "report",
        "en",
        aid,
        text_hash(aid),
        published_at=when,
        duplicate_of=duplicate_of,
    )


def test_window_selects_recent_undated_and_skips_superseded_and_duplicates():
    new = [article("n1", "https://x/a", T0)]
    known = [
        article("old-version", "https://x/a", T0 - timedelta(days=1)),  # same URL: superseded
        article("recent", "https://x/b", T0 - timedelta(days=3)),
        article("stale", "https://x/c", T0 - timedelta(days=30)),
        article("undated", "https://x/d", None),
        article("copy", "https://x/e", T0, duplicate_of="recent"),
        article("naive", "https://x/f", datetime(2026, 10, 30)),  # naive dates are UTC
    ]
    selected = {a.article_id for a in _window_articles(new, known, window_days=7)}
    assert selected == {"recent", "undated", "naive"}
