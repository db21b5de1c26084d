from __future__ import annotations

import sqlite3

import pytest

from claimdiff.records import Article, NLIScores, Statement, text_hash
from claimdiff.store import SCHEMA_VERSION, Store, StoreError


def article(n: int) -> Article:
    text = f"Article number {n} says something."
    return Article(
        article_id=f"a{n}",
        url=f"https://example.com/{n}",
        canonical_url=f"https://example.com/{n}",
        outlet="Example",
        role="report",
        lang="en",
        text=text,
        text_hash=text_hash(text),
        metadata={"extra": n},
    )


def test_upserts_are_idempotent(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.upsert_articles([article(1), article(2)]) == 2
        assert store.upsert_articles([article(1), article(2), article(3)]) == 1
        assert store.count("articles") == 3
        stored = store.articles(["a1"])[0]
        assert stored == article(1)
        s = Statement("s1", "a1", 0, 0, 7, "Article", "en", "report")
        assert store.upsert_statements([s]) == 1
        assert store.upsert_statements([s]) == 0


def test_translations_survive_and_caches_roundtrip(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.upsert_articles([article(1)])
        s = Statement("s1", "a1", 0, 0, 7, "기사", "ko", "report")
        store.upsert_statements([s])
        store.set_translations(
            [Statement("s1", "a1", 0, 0, 7, "기사", "ko", "report", "article", "m")]
        )
        assert store.statements_by_id(["s1"])["s1"].text_en == "article"
        store.put_translations("m", [("h1", "hello", False), ("h2", "world", True)])
        assert store.get_translations("m", ["h1", "h2", "h3"]) == {
            "h1": ("hello", False),
            "h2": ("world", True),
        }
        assert store.get_translations("other", ["h1"]) == {}
        scores = NLIScores(0.7, 0.2, 0.1, truncated=True)
        store.put_nli("nli", [("p", "h", scores)])
        assert store.get_nli("nli", [("p", "h"), ("p", "x")]) == {("p", "h"): scores}


def test_http_validators(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.get_http_validators("https://x") is None
        store.put_http_validators("https://x", '"etag"', "Wed, 21 Oct 2026 07:28:00 GMT")
        assert store.get_http_validators("https://x") == {
            "etag": '"etag"',
            "last_modified": "Wed, 21 Oct 2026 07:28:00 GMT",
        }


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_not_a_database(tmp_path):
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable"):
        Store(path)
