from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from claimdiff.records import (
    Article,
    Finding,
    NLIScores,
    Pair,
    Problem,
    Severity,
    Statement,
    Story,
)
from claimdiff.store.schema import MIGRATIONS, SCHEMA_VERSION, TABLES, Review, create_table
from claimdiff.store.sqlite import SQLiteBackend

RECORD_TABLES = {
    Article: "articles", Statement: "statements", Story: "stories", Pair: "pairs",
    Finding: "findings", NLIScores: "nli_cache", Problem: "problems", Review: "reviews",
}  # fmt: skip


@pytest.mark.parametrize(("record", "table"), RECORD_TABLES.items())
def test_every_record_field_has_a_column(record, table):
    fields = {c.field for c in TABLES[table].columns if c.field is not None}
    assert fields == {f.name for f in dataclasses.fields(record)}


def test_column_types_follow_the_annotations():
    articles, statements = TABLES["articles"], TABLES["statements"]
    assert articles.column("published_at").kind == "timestamp"
    assert articles.column("published_at").nullable
    assert not articles.column("url").nullable
    assert articles.column("metadata").kind == "json"
    assert articles.column("lang_detected").kind == "bool"
    assert statements.column("idx").field == "index"
    assert TABLES["findings"].column("reasons").kind == "tuple"
    assert TABLES["findings"].column("severity").kind == "enum"


def test_rows_round_trip_to_records():
    when = datetime(2026, 11, 30, 9, 0, tzinfo=timezone(timedelta(hours=9)))
    article = Article(
        "a1", "u", "u", "Outlet", "report", "ko", "본문", "h", published_at=when,
        lang_detected=True, metadata={"k": ["v", 1]},
    )  # fmt: skip
    finding = Finding("f1", "p", "s", "high", "contradiction", "neutral", ("a", "b"), "o", "r")
    for record, table in ((article, "articles"), (finding, "findings")):
        row = TABLES[table].row(record)
        assert TABLES[table].to_record(row) == record
    assert TABLES["articles"].row(article)["lang_detected"] == 1
    assert TABLES["findings"].to_record(TABLES["findings"].row(finding)).severity is Severity.HIGH


def test_ddl_quotes_keywords_and_keeps_keys_and_references():
    ddl = create_table(TABLES["statements"], SQLiteBackend.types)[0]
    assert '"end" INTEGER NOT NULL' in ddl and '"idx" INTEGER NOT NULL' in ddl
    assert '"text_en" TEXT,' in ddl
    assert "REFERENCES articles(article_id)" in ddl
    assert 'PRIMARY KEY ("statement_id")' in ddl
    assert '"translation_truncated" INTEGER NOT NULL DEFAULT 0' in ddl


def test_migrations_are_numbered_up_to_the_schema_version():
    assert [m.version for m in MIGRATIONS] == list(range(2, SCHEMA_VERSION + 1))
