"""Facts of many texts over a process pool: the same outcomes as in one process."""

from __future__ import annotations

import pytest

from claimdiff import parallel
from claimdiff.config import FactsConfig
from claimdiff.facts import load_lexicons

TEXTS = [
    ("en", "Korvane will build a plant for $4.1 billion by 2027.", None),
    ("ko", "코르반은 2027년까지 41억 달러를 들여 공장을 짓는다.", None),
    ("ja", "コルバンは2027年までに41億ドルを投じて工場を建設する。", None),
    ("en", "Shipments did not rise by more than 250,000 units.", None),
    ("xx", "a language without lexicons", None),  # extraction fails: an outcome, not a crash
]


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def test_the_pool_gives_the_facts_one_process_gives(lexicons, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_TEXTS", 2)
    monkeypatch.setattr(parallel, "_BATCH", 2)  # several batches, returned in order
    config = FactsConfig()
    alone = parallel.extract_many(TEXTS, lexicons, config, workers=1)
    pooled = parallel.extract_many(TEXTS, lexicons, config, workers=2)
    assert pooled == alone
    assert list(pooled) == TEXTS
    assert pooled[TEXTS[0]].quantities and pooled[TEXTS[1]].quantities
    assert isinstance(pooled[TEXTS[-1]], str) and "cannot extract facts" in pooled[TEXTS[-1]]


def test_few_texts_stay_in_this_process(lexicons, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for two texts")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    outcomes = parallel.extract_many(TEXTS[:2], lexicons, FactsConfig(), workers=2)
    assert set(outcomes) == set(TEXTS[:2])


def test_workers_default_to_the_available_cpus():
    assert parallel.cpu_workers(3) == 3
    assert parallel.cpu_workers(0) >= 1
