"""What every backend shares: statements cut to the parameters one statement may bind."""

from __future__ import annotations

import pytest

from claimdiff.store.sqlite import SQLiteBackend


@pytest.fixture
def backend():
    db = SQLiteBackend(":memory:")
    yield db
    db.close()


def test_chunks_keep_every_item_once_in_order_within_the_limit(backend):
    backend.max_variables = 10
    items = list(range(23))
    chunks = list(backend.chunks(items, per_item=3, reserved=1))  # (10 - 1) // 3 = 3 per chunk
    assert [x for chunk in chunks for x in chunk] == items
    assert {len(chunk) for chunk in chunks[:-1]} == {3} and len(chunks[-1]) == 2
    assert list(backend.chunks([], per_item=3)) == []
    assert [len(c) for c in backend.chunks(range(5), per_item=20)] == [1] * 5  # never empty


def test_a_chunk_binds_as_many_parameters_as_the_database_allows(backend):
    # the real limit: one IN (...) list per chunk runs on this SQLite build
    backend.execute("CREATE TABLE t (x INTEGER)")
    backend.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(3000)])
    found = 0
    for chunk in backend.chunks(range(3000)):
        marks = ",".join("?" * len(chunk))
        found += len(backend.query(f"SELECT x FROM t WHERE x IN ({marks})", chunk))
    assert found == 3000
