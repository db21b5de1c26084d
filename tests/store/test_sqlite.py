from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimdiff.records import Article, text_hash
from claimdiff.store import SCHEMA_VERSION, Store, StoreError

V1_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "store_v1.sql"


def test_url_and_path_open_the_same_file(tmp_path):
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.start_run("run-1", "full")
    with Store(tmp_path / "s.db") as store:
        assert store.count("runs") == 1 and store.schema_version == SCHEMA_VERSION


def test_a_version_1_store_is_migrated_and_keeps_its_data(tmp_path):
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA.read_text(encoding="utf-8"))
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.execute(
        "INSERT INTO articles VALUES ('a1','u','u','O','report','ko',NULL,'2026-11-30T09:00:00+09:00',"
        "'본문','h','x.jsonl:1',0,NULL,NULL,NULL,'{}','run-1')"
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        (article,) = store.articles()
        assert (article.article_id, article.text, article.published_at.utcoffset().seconds) == (
            "a1", "본문", 9 * 3600,
        )  # fmt: skip
    conn = sqlite3.connect(path)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "findings_created_at" in indexes


def test_the_progress_migration_resumes_only_articles_of_runs_that_never_finished(tmp_path):
    path = tmp_path / "v2.db"
    with Store(path) as store:
        store.db.execute("DROP TABLE progress")
        store.db.execute("UPDATE meta SET value='2' WHERE key='schema_version'")
        store.start_run("finished", "full")
        store.finish_run("finished", "completed", {"mode": "full"})
        store.start_run("killed", "full")
        store.add_articles([_article("a1")], "finished")
        store.add_articles([_article("a2")], "killed")
        store.db.conn.commit()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.articles_lacking("export") == ["a2"]


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


def test_statements_need_their_article(tmp_path):
    from claimdiff.records import Statement

    with Store(tmp_path / "s.db") as store, pytest.raises(sqlite3.IntegrityError):
        store.add_statements([Statement("s1", "missing", 0, 0, 1, "x", "en", "report")])


def test_the_parameter_limit_is_the_librarys(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.db.max_variables >= 999


def _article(article_id: str) -> Article:
    return Article(article_id, f"https://x/{article_id}", f"https://x/{article_id}", "O",
                   "report", "en", article_id, text_hash(article_id))  # fmt: skip


def test_a_version_3_store_gets_the_facts_table(tmp_path):
    path = tmp_path / "v3.db"
    with Store(path) as store:
        store.db.execute("DROP TABLE facts")
        store.db.execute("UPDATE meta SET value='3' WHERE key='schema_version'")
        store.db.conn.commit()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.count("facts") == 0 and store.facts_by_id(["s1"]) == {}
