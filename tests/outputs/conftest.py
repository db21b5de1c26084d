"""Fixtures of the operations tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdiff.store import Store
from tests.outputs.storedata import populate


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "claimdiff.db") as s:
        populate(s)
        yield s
