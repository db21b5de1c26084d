"""Canonical URLs: tracking parameters, mobile hosts and AMP markers removed, the rest ordered."""

from __future__ import annotations

import pytest

from claimdiff.ingest.urls import canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a/1?utm_source=x&utm_medium=y", "https://example.com/a/1"),
        ("http://www.example.com/a/1/", "https://example.com/a/1"),
        ("https://m.example.com/a/1#comments", "https://example.com/a/1"),
        ("https://example.com/a/1/amp", "https://example.com/a/1"),
        ("https://example.com/amp/a/1", "https://example.com/a/1"),
        (
            "https://example.com/news/2025/11/story.amp.html",
            "https://example.com/news/2025/11/story.html",
        ),
        (
            "https://news.example.co.kr/read?oid=001&aid=0002&fbclid=abc",
            "https://news.example.co.kr/read?aid=0002&oid=001",
        ),
        (
            "https://news.example.co.kr/article/1?outputType=amp",
            "https://news.example.co.kr/article/1",
        ),
        ("https://Example.COM:443/A?b=2&a=1", "https://example.com/A?a=1&b=2"),
        ("https://example.jp:8443/x?gclid=1", "https://example.jp:8443/x"),
        ("file:///data/a.txt", "file:///data/a.txt"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
