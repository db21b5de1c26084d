"""Segmentation and facts over a process pool: the same results as in one process."""

from __future__ import annotations

import pytest

from claimdiff import parallel
from claimdiff.config import FactsConfig, SegmentConfig
from claimdiff.facts import load_lexicons
from claimdiff.records import Article, text_hash

TEXTS = [
    ("en", "Korvane will build a plant for $4.1 billion by 2027.", None),
    ("ko", "코르반은 2027년까지 41억 달러를 들여 공장을 짓는다.", None),
    ("ja", "コルバンは2027年までに41億ドルを投じて工場を建設する。", None),
    ("en", "Shipments did not rise by more than 250,000 units.", None),
    ("xx", "a language without lexicons", None),  # extraction fails: an outcome, not a crash
]


def _article(n: int, lang: str, text: str) -> Article:
    return Article(
        f"a{n}", f"https://x/{n}", f"https://x/{n}", "outlet", "report", lang, text,
        text_hash(text), title=f"Title {n}",
    )  # fmt: skip


ARTICLES = [
    _article(0, "en", "Korvane will build a plant. It costs $4.1 billion.\n\nShares rose 3%."),
    _article(1, "ko", "코르반은 공장을 짓는다. 투자액은 41억 달러다."),
    _article(2, "ja", "コルバンは工場を建設する。投資額は41億ドル。"),
    _article(3, "xx", "A language segmentation does not know."),  # fails: an outcome
]


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


@pytest.fixture
def small_pool(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_TEXTS", 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setattr(parallel, "_BATCH", 2)  # several batches, returned in order


def test_the_pool_gives_the_facts_one_process_gives(lexicons, small_pool):
    config = FactsConfig()
    alone = parallel.extract_many(TEXTS, lexicons, config, workers=1)
    pooled = parallel.extract_many(TEXTS, lexicons, config, workers=2)
    assert pooled == alone
    assert list(pooled) == TEXTS
    assert pooled[TEXTS[0]].quantities and pooled[TEXTS[1]].quantities
    assert isinstance(pooled[TEXTS[-1]], str) and "cannot extract facts" in pooled[TEXTS[-1]]


def test_the_pool_gives_the_statements_one_process_gives(small_pool):
    config = SegmentConfig()
    alone = parallel.segment_many(ARTICLES, config, workers=1)
    pooled = parallel.segment_many(ARTICLES, config, workers=2)
    assert pooled == alone
    assert [s.article_id for s in pooled[0]] == ["a0"] * len(pooled[0]) and len(pooled[0]) >= 3
    failed = [r for r in pooled if isinstance(r, str)]
    assert all("cannot segment" in r for r in failed)


def test_few_items_stay_in_this_process(lexicons, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a handful of items")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    outcomes = parallel.extract_many(TEXTS[:2], lexicons, FactsConfig(), workers=2)
    assert set(outcomes) == set(TEXTS[:2])
    assert len(parallel.segment_many(ARTICLES[:2], SegmentConfig(), workers=2)) == 2


def test_workers_default_to_the_available_cpus():
    assert parallel.cpu_workers(3) == 3
    assert parallel.cpu_workers(0) >= 1
