"""Model stages on a Dask cluster through Prefect's DaskTaskRunner (``run.executor: dask``).

Translation and NLI are mapped over the shards of the night's uncached work
(:mod:`claimdiff.shards`, at most ``translate.shard_tokens`` / ``nli.shard_tokens`` each), so one
slow shard does not hold the night. Each worker process loads its models once. A worker that
dies loses only the shard it held: Dask runs it again on another worker, and Prefect retries a
shard that raised. The flow writes each finished shard into the store's caches (ON CONFLICT:
a shard run twice writes nothing twice); the translate and NLI steps then find every result
there and go on exactly as in a single-process run: the same ids, the same rows.

Without ``run.dask_address`` a local cluster is started for the stage: dask-cuda's
``LocalCUDACluster`` (one worker per GPU) when it is installed and GPUs are visible, else a
``distributed.LocalCluster`` of ``run.dask_workers`` processes. The CPU stages (ingest, segment,
facts, align, judge) stay in the flow process.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

from claimdiff import runner
from claimdiff.config import Config, ModelsConfig, NLIConfig, RunConfig, TranslateConfig
from claimdiff.errors import ClaimdiffError
from claimdiff.records import Pair, Statement
from claimdiff.results import Models, RunInfo, StageResult
from claimdiff.shards import (
    Shard,
    ShardResult,
    nli_shards,
    run_nli_shard,
    run_translation_shard,
    store_results,
    translation_shards,
)
from claimdiff.store import Store

log = logging.getLogger(__name__)


@task(name="translate-shard", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def translate_shard(shard: Shard, models: ModelsConfig, cfg: TranslateConfig) -> ShardResult:
    """Translate one shard on a worker (its translator loaded once per worker process)."""
    return run_translation_shard(shard, models, cfg)


@task(name="nli-shard", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def nli_shard(shard: Shard, models: ModelsConfig, cfg: NLIConfig) -> ShardResult:
    """Score one shard on a worker (its NLI model loaded once per worker process)."""
    return run_nli_shard(shard, models, cfg)


@dataclass(frozen=True, slots=True)
class ClusterWork:
    """What one model stage did on the cluster (run.json's ``cluster`` counts)."""

    shards: int
    items: int
    rows_written: int
    seconds: float

    def as_counts(self) -> dict[str, int]:
        """Counts for the run summary."""
        return {"shards": self.shards, "items": self.items, "rows_written": self.rows_written}


def task_runner(run: RunConfig) -> Any:
    """The Dask task runner ``run`` asks for: an existing scheduler, or a local cluster."""
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise ClaimdiffError(
            "run.executor: dask needs prefect-dask and distributed: pip install 'claimdiff[dask]'"
        ) from None
    if run.dask_address:
        return DaskTaskRunner(address=run.dask_address)
    if _gpus() > 0 and importlib.util.find_spec("dask_cuda") is not None:
        # one worker per GPU, each pinned to its device
        return DaskTaskRunner(cluster_class="dask_cuda.LocalCUDACluster")
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": run.dask_workers,
            "threads_per_worker": 1,  # a model stage uses the process's cores itself
            "processes": True,
            "dashboard_address": None,
        }
    )


def _gpus() -> int:
    try:
        import torch
    except ImportError:
        return 0
    return torch.cuda.device_count()


def _run_shards(
    store: Store,
    run: RunConfig,
    shard_task: Task[..., ShardResult],
    shards: Sequence[Shard],
    parameters: dict[str, Any],
) -> ClusterWork:
    """Map ``shard_task`` over the shards on the cluster; write each finished shard's results."""
    started = time.perf_counter()
    written = 0
    if shards:
        with task_runner(run) as runner:
            futures = [
                runner.submit(shard_task, parameters={"shard": shard, **parameters})
                for shard in shards
            ]
            for future in as_completed(futures):
                written += store_results(store, future.result())
    items = sum(len(s.items) for s in shards)
    seconds = time.perf_counter() - started
    log.info("%d shard(s), %d item(s) on the cluster in %.1f s", len(shards), items, seconds)
    return ClusterWork(len(shards), items, written, seconds)


def translate_on_cluster(
    store: Store, config: Config, model_ids: dict[str, str], statements: Sequence[Statement]
) -> ClusterWork:
    """Translate the statements' uncached texts on the cluster into the store's cache
    (``model_ids``: language -> the id of the translator the flow loaded)."""
    budget = config.translate.shard_tokens
    shards = translation_shards(store, statements, model_ids, config.models, budget)
    params = {"models": config.models, "cfg": config.translate}
    return _run_shards(store, config.run, translate_shard, shards, params)


def nli_on_cluster(
    store: Store,
    config: Config,
    model_id: str,
    pairs: Sequence[Pair],
    statements: dict[str, Statement],
) -> ClusterWork:
    """Score the pairs' uncached (premise, hypothesis) texts on the cluster into the store."""
    budget = config.nli.shard_tokens
    shards = nli_shards(store, pairs, statements, model_id, config.models, budget)
    params = {"models": config.models, "cfg": config.nli}
    return _run_shards(store, config.run, nli_shard, shards, params)


# --- the flow's side: one call before the translate step, one before the NLI step -------------


def translate_stage_on_cluster(
    run: RunInfo, config: Config, models: Models, article_ids: Sequence[str]
) -> ClusterWork:
    """The translate step's uncached texts, computed on the cluster into the store's cache;
    the statements in the order the step reads them, so the shards are the step's own."""
    with Store(run.store) as store:
        statements = runner._statements_in_order(store, article_ids)
        return translate_on_cluster(store, config, models.translation_models, statements)


def nli_stage_on_cluster(
    run: RunInfo, config: Config, models: Models, pair_ids: Sequence[str]
) -> ClusterWork:
    """The NLI step's uncached pairs, scored on the cluster into the store's cache."""
    with Store(run.store) as store:
        pairs = store.pairs_by_id(pair_ids)
        by_id = store.statements_by_id(i for p in pairs for i in (p.original_id, p.report_id))
        return nli_on_cluster(store, config, models.nli.model_id, pairs, by_id)


def with_cluster_work(result: StageResult | None, work: ClusterWork | None) -> StageResult | None:
    """The step's result counting what the cluster computed: those items were cache misses
    when the stage began (as in a single-process run), plus the shard counts and time."""
    if result is None or work is None:
        return result
    cache = dict(result.cache or {})
    if cache:
        cache = {
            **cache,
            "hits": cache["hits"] - work.items,
            "misses": cache["misses"] + work.items,
        }
    return dataclasses.replace(
        result,
        counts={**result.counts, "cluster_shards": work.shards, "cluster_items": work.items},
        cache=cache or result.cache,
        seconds=result.seconds + work.seconds,
    )
