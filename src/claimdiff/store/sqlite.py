"""The embedded default: one SQLite file in WAL mode (one writer on one machine)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimdiff.store.backend import Backend, StoreError

# SQLite's compile-time default before 3.32; newer builds report theirs through getlimit.
_OLD_VARIABLE_LIMIT = 999


class SQLiteBackend(Backend):
    """A SQLite file (or ``:memory:``)."""

    dialect = "sqlite"
    insertion_order = "rowid"

    def __init__(self, path: str | Path) -> None:
        self.location = str(path)
        if self.location != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.location, timeout=30, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            # WAL with synchronous=NORMAL syncs at checkpoints, not at every commit: a crash of
            # the process loses nothing, a power cut at most the last commits (never the file's
            # integrity), and every run resumes what no run finished. A 64 MB page cache
            # (default 2 MB) keeps a night's id lookups, which are random, off the disk.
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA cache_size=-65536")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a usable claimdiff store: {exc}") from None
        getlimit = getattr(self.conn, "getlimit", None)  # Python >= 3.11
        self.max_variables = (
            getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if getlimit else _OLD_VARIABLE_LIMIT
        )

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        """Rows of a SELECT."""
        return self.conn.execute(sql, params).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the rows it changed."""
        return self.conn.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run one statement per parameter row; returns the rows changed in all."""
        return self.conn.executemany(sql, rows).rowcount if rows else 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A block whose writes commit together or not at all."""
        with self.conn:
            yield

    def julian_day(self, expression: str) -> str:
        """SQLite's julianday() reads ISO-8601 with or without an offset (naive = UTC)."""
        return f"julianday({expression})"

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
