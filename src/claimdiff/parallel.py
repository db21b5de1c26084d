"""The facts of many texts on every core: a process pool over batches of distinct texts.

Fact extraction is pure Python, so threads would share one core; processes do not. Workers are
spawned (never forked: the flow's process runs Prefect's threads, and a fork copies their held
locks), load the lexicons once each and return the facts of a batch at a time, in order. A
night with few texts stays in the calling process: starting a worker costs 2-4 s (imports,
lexicons), more than a few thousand texts take. A pool that breaks (a worker killed) is not
fatal: what it had not returned is computed in the calling process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from claimdiff.config import FactsConfig
from claimdiff.facts import extract_facts, load_lexicons
from claimdiff.facts.lexicons import Lexicons
from claimdiff.facts.records import Facts

log = logging.getLogger(__name__)

TextKey = tuple[str, str, str | None]  # (lang, text, English or None): all facts depend on
Outcome = Facts | str  # the facts, or why extraction failed

PARALLEL_MIN_TEXTS = 20_000  # fewer distinct texts: one process (workers cost seconds to start)
_BATCH = 1000  # texts per task: large enough that pickling is small next to extraction

_worker: tuple[Lexicons, FactsConfig] | None = None


def cpu_workers(configured: int) -> int:
    """The number of processes to use: ``configured``, or with 0 one per available CPU."""
    if configured > 0:
        return configured
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_one(key: TextKey, lexicons: Lexicons, config: FactsConfig) -> Outcome:
    """The facts of one text, or the reason they could not be extracted (per-item policy)."""
    lang, text, text_en = key
    try:
        return extract_facts(text, lang, lexicons, config, text_en)
    except Exception as exc:  # per-item policy: the caller records it and goes on
        return f"cannot extract facts: {exc}"


def _start_worker(config: FactsConfig) -> None:
    global _worker
    _worker = (load_lexicons(config.lexicon_dir), config)


def _extract_batch(keys: Sequence[TextKey]) -> list[Outcome]:
    assert _worker is not None, "the worker was not initialised"
    lexicons, config = _worker
    return [extract_one(key, lexicons, config) for key in keys]


def _batches(keys: Sequence[TextKey]) -> Iterator[Sequence[TextKey]]:
    for start in range(0, len(keys), _BATCH):
        yield keys[start : start + _BATCH]


def extract_many(
    keys: Sequence[TextKey], lexicons: Lexicons, config: FactsConfig, workers: int
) -> dict[TextKey, Outcome]:
    """The facts of each distinct text, on ``workers`` processes when there are enough texts
    (:data:`PARALLEL_MIN_TEXTS`), else here; the same results either way."""
    out: dict[TextKey, Outcome] = {}
    if workers >= 2 and len(keys) >= PARALLEL_MIN_TEXTS:
        batches = list(_batches(keys))
        try:
            with ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(config,),
            ) as pool:
                for batch, outcomes in zip(
                    batches, pool.map(_extract_batch, batches), strict=False
                ):
                    out.update(zip(batch, outcomes, strict=True))
        except BrokenProcessPool as exc:
            log.warning("facts: the worker pool broke (%s); finishing in this process", exc)
    for key in keys:
        if key not in out:
            out[key] = extract_one(key, lexicons, config)
    return out
