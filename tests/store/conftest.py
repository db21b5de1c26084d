"""Fixtures of the store tests: each store test runs on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdiff.store import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path: Path):
    if request.param == "sqlite":
        target = str(tmp_path / "s.db")
    else:
        target = request.getfixturevalue("postgres_url")
    with Store(target) as s:
        yield s
