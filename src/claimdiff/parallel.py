"""Per-item CPU work of the segment and facts steps on every core: a pool of processes.

Segmentation and fact extraction are pure Python, so threads would share one core; processes
do not. Workers are spawned (never forked: the flow's process runs Prefect's threads, and a
fork copies the locks they hold), set up once each (the lexicons) and return a batch of
results at a time, in order. A night with few items stays in the calling process: starting a
worker costs 1-4 s (imports, lexicons), more than a few thousand items take. A pool that
breaks (a worker killed) is not fatal: what it had not returned is computed in the calling
process. Either way the results are the same: each item's result depends on the item alone.

As with any use of multiprocessing's spawn, a spawned worker imports the program's main
module: a script that calls :func:`claimdiff.runner.run_steps` must keep its top level under
``if __name__ == "__main__":`` (the ``claimdiff`` command does). An unguarded one does no harm
beyond the wasted start: the worker's copy of the night stops at the store's run lock, the
pool breaks and the step finishes in the calling process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from claimdiff.config import FactsConfig, SegmentConfig
from claimdiff.facts import extract_facts, load_lexicons
from claimdiff.facts.lexicons import Lexicons
from claimdiff.facts.records import Facts
from claimdiff.records import Article, Statement
from claimdiff.text import segment_article

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

TextKey = tuple[str, str, str | None]  # (lang, text, English or None): what facts depend on
Outcome = Facts | str  # the facts, or why extraction failed
Segments = list[Statement] | str  # an article's statements, or why segmentation failed

PARALLEL_MIN_TEXTS = 20_000  # fewer distinct texts: facts in one process
PARALLEL_MIN_ARTICLES = 10_000  # fewer articles: segmentation in one process
_BATCH = 500  # items per task: large enough that pickling is small next to the work

_state: dict[str, Any] = {}  # a worker's setup (lexicons, configuration)


def cpu_workers(configured: int) -> int:
    """The number of processes to use: ``configured``, or with 0 one per available CPU."""
    if configured > 0:
        return configured
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _ordered_map(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int,
    setup: Callable[..., None],
    setup_args: tuple[Any, ...],
) -> list[R]:
    """``work`` over batches of ``items`` on ``workers`` spawned processes, in order; the
    results of the batches the pool returned before it broke (the caller does the rest)."""
    batches = [items[i : i + _BATCH] for i in range(0, len(items), _BATCH)]
    out: list[R] = []
    try:
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=setup,
            initargs=setup_args,
        ) as pool:
            for results in pool.map(work, batches):
                out.extend(results)
    except BrokenProcessPool as exc:
        log.warning("the worker pool broke (%s); finishing in this process", exc)
    return out


# --- facts ----------------------------------------------------------------------------------


def extract_one(key: TextKey, lexicons: Lexicons, config: FactsConfig) -> Outcome:
    """The facts of one text, or the reason they could not be extracted (per-item policy)."""
    lang, text, text_en = key
    try:
        return extract_facts(text, lang, lexicons, config, text_en)
    except Exception as exc:  # per-item policy: the caller records it and goes on
        return f"cannot extract facts: {exc}"


def _setup_facts(config: FactsConfig) -> None:
    _state["facts"] = (load_lexicons(config.lexicon_dir), config)


def _facts_batch(keys: Sequence[TextKey]) -> list[Outcome]:
    lexicons, config = _state["facts"]
    return [extract_one(key, lexicons, config) for key in keys]


def extract_many(
    keys: Sequence[TextKey], lexicons: Lexicons, config: FactsConfig, workers: int
) -> dict[TextKey, Outcome]:
    """The facts of each distinct text, on ``workers`` processes when there are enough texts
    (:data:`PARALLEL_MIN_TEXTS`), else here."""
    done: list[Outcome] = []
    if workers >= 2 and len(keys) >= PARALLEL_MIN_TEXTS:
        done = _ordered_map(_facts_batch, keys, workers, _setup_facts, (config,))
    out = dict(zip(keys, done, strict=False))
    for key in keys[len(done) :]:
        out[key] = extract_one(key, lexicons, config)
    return out


# --- segmentation -----------------------------------------------------------------------------


def segment_one(article: Article, config: SegmentConfig) -> Segments:
    """An article's statements, or the reason it could not be segmented (per-item policy)."""
    try:
        return segment_article(article, config)
    except Exception as exc:  # per-item policy: the caller records it and goes on
        return f"cannot segment: {exc}"


def _setup_segment(config: SegmentConfig) -> None:
    _state["segment"] = config


def _segment_batch(articles: Sequence[Article]) -> list[Segments]:
    return [segment_one(article, _state["segment"]) for article in articles]


def segment_many(
    articles: Sequence[Article], config: SegmentConfig, workers: int
) -> list[Segments]:
    """Each article's statements (in the articles' order), on ``workers`` processes when there
    are enough articles (:data:`PARALLEL_MIN_ARTICLES`), else here."""
    done: list[Segments] = []
    if workers >= 2 and len(articles) >= PARALLEL_MIN_ARTICLES:
        done = _ordered_map(_segment_batch, articles, workers, _setup_segment, (config,))
    return done + [segment_one(article, config) for article in articles[len(done) :]]
