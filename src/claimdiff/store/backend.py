"""What the store asks of a database: a connection that runs SQL with ``?`` placeholders, returns
rows addressable by column name, and says how many parameters one statement may bind."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from claimdiff.errors import ClaimdiffError
from claimdiff.store.schema import Kind

T = TypeVar("T")


class StoreError(ClaimdiffError):
    """The store cannot be opened or used; the message names it and the fix."""


class Backend(ABC):
    """One database connection in one dialect."""

    dialect: str
    # The SQL type of each column kind (SQLite's names); a dialect overrides where it differs.
    types: Mapping[Kind, str] = {
        "text": "TEXT", "integer": "INTEGER", "real": "REAL", "bool": "INTEGER",
        "timestamp": "TEXT", "json": "TEXT", "tuple": "TEXT", "enum": "TEXT",
    }  # fmt: skip
    # An expression giving rows in insertion order (SQLite's rowid, a sequence elsewhere).
    insertion_order: str
    # Extra DDL per table (a column holding the insertion order where there is no rowid).
    table_extra: str = ""
    max_variables: int
    location: str  # what messages call the store (a path, or a URL without its password)

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        """Rows of a SELECT."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the rows it changed."""

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run one statement per parameter row; returns the rows changed in all."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """A block whose writes commit together or not at all."""

    def lock_schema(self) -> None:  # noqa: B027 - a no-op unless several processes share the store
        """Inside a transaction: keep other processes from creating or migrating the schema
        at the same time."""

    @abstractmethod
    def julian_day(self, expression: str) -> str:
        """SQL for the Julian day number (UTC) of an ISO-8601 text expression."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def chunks(self, items: Iterable[T], per_item: int = 1, reserved: int = 0) -> Iterator[list[T]]:
        """``items`` in lists small enough that ``per_item`` parameters each, plus ``reserved``
        others, fit into one statement."""
        items = list(items)
        size = max(1, (self.max_variables - reserved) // per_item)
        for i in range(0, len(items), size):
            yield items[i : i + size]
