from __future__ import annotations

import pytest

from claimdiff.config import FactsConfig
from claimdiff.facts import Lexicons, load_lexicons


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    return load_lexicons()


@pytest.fixture(scope="session")
def facts_config() -> FactsConfig:
    return FactsConfig()
