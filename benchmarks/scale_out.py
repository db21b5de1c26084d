"""Scale-out throughput: the translation and NLI shards on a Dask cluster of 1 worker (the
baseline) vs 2 workers, through the executor the nightly flow uses (Prefect's DaskTaskRunner,
claimdiff_pipelines.executors), on random-initialised real-size models (opus-mt-ja-en Marian,
DeBERTa-v3-base; ``--size tiny``: the test suite's tiny checkpoints).

The machine's cores are split between the workers (1 worker: all cores as torch threads;
2 workers: half each), so the ratio measures what a second worker adds on the same hardware,
not a second machine. A third cluster, 1 worker with 1 thread, shows what one core does alone
(so how far threads inside one process already scale). Every worker loads both models and
scores one shard of each before the timed pass (the models' load is not timed); the timed pass
includes Prefect's per-shard bookkeeping, the shards' trip to the workers and back, and the
flow's writes into the store. Each worker reports the torch threads it actually runs with.

    python benchmarks/scale_out.py --quick       # a few minutes on 2 CPU cores
    python benchmarks/scale_out.py --sentences 512 --pairs 1024 --device cuda
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, cpu_description, make_sentences, news_lengths, report

QUICK_SENTENCES, QUICK_PAIRS = 64, 128


def _config(address: str, args: argparse.Namespace, mt: Path, nli: Path) -> Any:
    from claimdiff.config import Config

    shard_tokens = args.shard_tokens
    return Config.model_validate(
        {
            "models": {"device": args.device, "download": False, "translation": {"ja": str(mt)},
                       "nli": str(nli), "local_dir": str(ROOT / ".cache" / "benchmarks" / "converted")},
            "translate": {"engine": "transformers", "beam_size": 1, "shard_tokens": shard_tokens},
            "nli": {"engine": "transformers", "shard_tokens": shard_tokens},
            "run": {"executor": "dask", "dask_address": address},
        }
    )  # fmt: skip


def _inputs(mt_dir: Path, nli_dir: Path, sentences: int, pairs: int) -> tuple[list, list, dict]:
    from transformers import AutoTokenizer

    from claimdiff.records import Pair, Statement

    ja = make_sentences(
        AutoTokenizer.from_pretrained(mt_dir), "ja", news_lengths(sentences, 28, 0.5, 6, 120, 7), 7
    )
    statements = [
        Statement(f"t{i}", "a", i, 0, len(t), t, "ja", "report") for i, t in enumerate(ja)
    ]
    en = make_sentences(
        AutoTokenizer.from_pretrained(nli_dir),
        "en",
        news_lengths(2 * pairs, 24, 0.5, 6, 120, 11),
        11,
    )
    by_id = {
        f"e{i}": Statement(f"e{i}", "a", i, 0, len(t), t, "en", "report", text_en=t)
        for i, t in enumerate(en)
    }
    nli_pairs = [
        Pair(f"p{i}", "s", f"e{2 * i}", f"e{2 * i + 1}", 1.0, "bench") for i in range(pairs)
    ]
    return statements, nli_pairs, by_id


def _warm_every_worker(client: Any, store: Any, config: Any, ids: tuple[str, str], inputs) -> None:
    """Load both models on every worker (one shard of each there), outside the timed pass."""
    from claimdiff import shards

    statements, pairs, by_id = inputs
    mt_id, nli_id = ids
    models = config.models
    mt = shards.translation_shards(store, statements[:4], {"ja": mt_id}, models, 1 << 20)[0]
    nl = shards.nli_shards(store, pairs[:4], by_id, nli_id, models, 1 << 20)[0]
    client.run(shards.run_translation_shard, mt, models, config.translate)
    client.run(shards.run_nli_shard, nl, models, config.nli)


def _worker_threads() -> dict[str, Any]:
    import torch

    return {
        "torch_threads": torch.get_num_threads(),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
    }


def measure(workers: int, threads: int, args: argparse.Namespace, dirs: tuple[Path, Path]) -> dict:
    """Throughput of both stages on a fresh local cluster of ``workers`` x ``threads``."""
    from distributed import Client, LocalCluster
    from prefect import flow

    from claimdiff.models.resolve import resolve_model_dir
    from claimdiff.store import Store
    from claimdiff_pipelines import executors

    mt_dir, nli_dir = dirs
    env = {"OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    inputs = _inputs(mt_dir, nli_dir, args.sentences, args.pairs)
    statements, pairs, by_id = inputs
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, env=env
        ) as cluster,
        Client(cluster) as client,
    ):
        config = _config(cluster.scheduler_address, args, mt_dir, nli_dir)
        mt_id = resolve_model_dir(str(mt_dir), config.models).model_id
        nli_id = resolve_model_dir(str(nli_dir), config.models).model_id

        with tempfile.TemporaryDirectory() as tmp:
            store_url = f"sqlite:///{tmp}/bench.db"
            started = time.perf_counter()
            with Store(store_url) as store:  # outside the flow: Prefect ships its closure
                _warm_every_worker(client, store, config, (mt_id, nli_id), inputs)
            warm_s = time.perf_counter() - started

            @flow(name="scale-out-benchmark")
            def stages(store_url: str) -> dict[str, float]:
                with Store(store_url) as store:
                    start = time.perf_counter()
                    mt = executors.translate_on_cluster(store, config, {"ja": mt_id}, statements)
                    mt_s = time.perf_counter() - start
                    start = time.perf_counter()
                    nl = executors.nli_on_cluster(store, config, nli_id, pairs, by_id)
                    return {"warm_s": warm_s, "mt_s": mt_s, "mt_items": mt.items,
                            "mt_shards": mt.shards, "nli_s": time.perf_counter() - start,
                            "nli_items": nl.items, "nli_shards": nl.shards}  # fmt: skip

            out = stages(store_url)
        seen = list(client.run(_worker_threads).values())
    print(f"{workers} worker(s) x {threads} thread(s): {out}; workers report {seen}", flush=True)
    return {**out, "workers": workers, "threads": threads, "torch_threads": seen}


def _rows(runs: dict[str, dict], stage: str) -> dict[str, dict[str, Any]]:
    return {
        side: {
            "label": f"{run['workers']} worker(s) x {run['threads']} torch thread(s) "
            f"(measured {[w['torch_threads'] for w in run['torch_threads']]}), "
            f"{run[stage + '_shards']} shards",
            "throughput": run[stage + "_items"] / run[stage + "_s"],
            "seconds": run[stage + "_s"],
            "items": run[stage + "_items"],
            "peak_rss_mib": 0.0,
        }
        for side, run in runs.items()
    }


def main(argv: list[str] | None = None) -> float:
    """1 worker x all cores (baseline), 2 workers x half, 1 worker x 1 core; both stages."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sentences", type=int, default=256)
    parser.add_argument("--pairs", type=int, default=512)
    parser.add_argument("--shard-tokens", type=int, default=128)
    parser.add_argument("--size", choices=("real", "tiny"), default="real")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)
    if args.quick:
        args.sentences, args.pairs = QUICK_SENTENCES, QUICK_PAIRS
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="scale-out-prefect-"))
    from prefect.testing.utilities import prefect_test_harness

    if args.size == "real":
        from nli import build_model as build_nli
        from translate import build_model as build_mt

        dirs = (build_mt(), build_nli("base"))
    else:
        from models.tiny import build_tiny_models

        tiny = build_tiny_models(ROOT / ".cache" / "benchmarks" / "tiny")
        dirs = (tiny.translation["ja"], tiny.nli)
    cores = os.cpu_count() or 1
    with prefect_test_harness(server_startup_timeout=600):
        one = measure(1, cores, args, dirs)
        two = measure(2, max(1, cores // 2), args, dirs)
        single = measure(1, 1, args, dirs) if cores > 1 else one
    extra = {"cpu": cpu_description(), "model_size": args.size, "shard_tokens": args.shard_tokens}
    ratios = []
    for stage, unit, name in (("mt", "sentences", "translation"), ("nli", "pairs", "NLI")):
        rows = _rows({"baseline": one, "claimdiff": two}, stage)
        ratios.append(report(f"{name} on Dask: 1 vs 2 workers", unit, rows, extra))
        per_core = single[stage + "_items"] / single[stage + "_s"]
        print(
            f"{name}: 1 worker x 1 thread {per_core:.2f} {unit}/s; 1 worker x {cores} threads "
            f"= {rows['baseline']['throughput'] / per_core:.2f}x of it, 2 workers = "
            f"{rows['claimdiff']['throughput'] / per_core:.2f}x"
        )
    return min(ratios)


if __name__ == "__main__":
    main()
