"""Fixtures of the store tests: one store per backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdiff.store import Store


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "s.db") as s:
        yield s
