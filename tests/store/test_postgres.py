"""PostgreSQL-only behaviour, on the real server the test session starts."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from claimdiff.store import SCHEMA_VERSION, Store, StoreError
from claimdiff.store.postgres import PostgresBackend


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def test_connection_errors_name_the_host_and_the_fix():
    port = _closed_port()
    with pytest.raises(StoreError) as info:
        Store(f"postgresql://someone:secret@127.0.0.1:{port}/claimdiff")
    message = str(info.value)
    assert f"127.0.0.1:{port}" in message and "database claimdiff" in message
    assert "Fix:" in message and "createdb" in message
    assert "secret" not in message


def test_a_missing_database_names_createdb(postgres_server):
    url = f"postgresql://claimdiff@127.0.0.1:{postgres_server.port}/no_such_db"
    with pytest.raises(StoreError, match="no_such_db"):
        Store(url)


def test_the_password_stays_out_of_the_location(postgres_url):
    with_password = postgres_url.replace("claimdiff@", "claimdiff:hunter2@")
    with Store(with_password) as store:
        assert "hunter2" not in store.location and "claimdiff@127.0.0.1" in store.location


def test_floats_keep_double_precision(postgres_url):
    assert PostgresBackend.types["real"] == "DOUBLE PRECISION"
    with Store(postgres_url) as store:
        from claimdiff.records import NLIScores

        scores = NLIScores(0.1234567890123, 0.2, 0.6765432109877)
        store.put_nli("m", [("p", "h", scores)])
        assert store.get_nli("m", [("p", "h")])[("p", "h")] == scores


def test_an_older_store_is_migrated(postgres_url):
    Store(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP INDEX findings_created_at")
        conn.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    with Store(postgres_url) as store:
        assert store.schema_version == SCHEMA_VERSION
    with psycopg.connect(postgres_url) as conn:
        names = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes")}
    assert "findings_created_at" in names


def test_newer_schema_is_refused(postgres_url):
    Store(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE meta SET value=%s WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),)
        )
    with pytest.raises(StoreError, match="newer"):
        Store(postgres_url)


def test_processes_opening_a_fresh_store_at_once_agree(postgres_url):
    def open_and_count(_: int) -> int:
        with Store(postgres_url) as store:
            return store.schema_version

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(open_and_count, range(4))) == [SCHEMA_VERSION] * 4
