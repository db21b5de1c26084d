"""Scale-out throughput: the translation and NLI shards on a Dask cluster of 1 worker (the
baseline) vs 2 workers, through the executor the nightly flow uses (Prefect's DaskTaskRunner,
claimdiff_pipelines.executors), on random-initialised real-size models: opus-mt-ja-en (Marian)
and DeBERTa-v3-base.

The machine's cores are split between the workers (1 worker: all cores; 2 workers: half each),
so the ratio measures what a second worker adds on the same hardware, not a second machine.
Models are loaded (once per worker) before the timed pass; the timed pass includes Prefect's
per-shard bookkeeping and the flow's writes into the store.

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
from common import ROOT, make_sentences, news_lengths, report

QUICK_SENTENCES, QUICK_PAIRS = 48, 96


def cpu_name() -> str:
    """The CPU model and the ISA extensions that matter for inference kernels."""
    model, flags = "unknown CPU", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
    except OSError:
        pass
    wanted = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8")
    return f"{model} ({' '.join(f for f in wanted if f in flags) or 'no AVX2'})"


def _config(workers: int, address: str, args: argparse.Namespace, mt: Path, nli: Path) -> Any:
    from claimdiff.config import Config

    shard_tokens = args.shard_tokens
    return Config.model_validate(
        {
            "models": {"device": args.device, "download": False, "translation": {"ja": str(mt)},
                       "nli": str(nli), "local_dir": str(ROOT / ".cache" / "benchmarks" / "converted")},
            "translate": {"engine": "transformers", "beam_size": 1, "shard_tokens": shard_tokens},
            "nli": {"engine": "transformers", "shard_tokens": shard_tokens},
            "run": {"executor": "dask", "dask_address": address, "dask_workers": workers},
        }
    )  # fmt: skip


def _inputs(mt_dir: Path, nli_dir: Path, sentences: int, pairs: int) -> tuple[list, list, dict]:
    from transformers import AutoTokenizer

    from claimdiff.records import Pair, Statement

    ja = make_sentences(
        AutoTokenizer.from_pretrained(mt_dir), "ja", news_lengths(sentences, 28, 0.5, 6, 120, 7), 7
    )
    statements = [Statement(f"t{i}", "a", i, 0, len(t), t, "ja", "report") for i, t in enumerate(ja)]
    en = make_sentences(
        AutoTokenizer.from_pretrained(nli_dir), "en", news_lengths(2 * pairs, 24, 0.5, 6, 120, 11), 11
    )
    by_id = {
        f"e{i}": Statement(f"e{i}", "a", i, 0, len(t), t, "en", "report", text_en=t)
        for i, t in enumerate(en)
    }
    nli_pairs = [Pair(f"p{i}", "s", f"e{2 * i}", f"e{2 * i + 1}", 1.0, "bench") for i in range(pairs)]
    return statements, nli_pairs, by_id


def measure(workers: int, args: argparse.Namespace, mt_dir: Path, nli_dir: Path) -> dict[str, Any]:
    """Throughput of both stages on a fresh local cluster of ``workers`` processes."""
    from distributed import LocalCluster
    from prefect import flow

    from claimdiff.models.resolve import resolve_model_dir
    from claimdiff.store import Store
    from claimdiff_pipelines import executors

    threads = str(max(1, (os.cpu_count() or 1) // workers))
    env = {"OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads,
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    statements, pairs, by_id = _inputs(mt_dir, nli_dir, args.sentences, args.pairs)
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, env=env
    ) as cluster:
        config = _config(workers, cluster.scheduler_address, args, mt_dir, nli_dir)
        mt_id = resolve_model_dir(str(mt_dir), config.models).model_id
        nli_id = resolve_model_dir(str(nli_dir), config.models).model_id

        @flow(name="scale-out-benchmark")
        def stages(store_url: str, warm: int) -> dict[str, float]:
            with Store(store_url) as store:
                # warm-up: enough shards that every worker loads both models
                executors.translate_on_cluster(store, config, {"ja": mt_id}, statements[:warm])
                executors.nli_on_cluster(store, config, nli_id, pairs[:warm], by_id)
                start = time.perf_counter()
                mt = executors.translate_on_cluster(store, config, {"ja": mt_id}, statements[warm:])
                mt_s = time.perf_counter() - start
                start = time.perf_counter()
                nl = executors.nli_on_cluster(store, config, nli_id, pairs[warm:], by_id)
                return {"mt_s": mt_s, "mt_items": mt.items, "mt_shards": mt.shards,
                        "nli_s": time.perf_counter() - start, "nli_items": nl.items,
                        "nli_shards": nl.shards}  # fmt: skip

        with tempfile.TemporaryDirectory() as tmp:
            out = stages(f"sqlite:///{tmp}/bench.db", warm=4 * workers)
    return {**out, "workers": workers, "threads_per_worker": int(threads)}


def main(argv: list[str] | None = None) -> float:
    """Run 1 worker, then 2 workers; print both stages' throughput and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sentences", type=int, default=256)
    parser.add_argument("--pairs", type=int, default=512)
    parser.add_argument("--shard-tokens", type=int, default=256)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)
    if args.quick:
        args.sentences, args.pairs = QUICK_SENTENCES, QUICK_PAIRS
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="scale-out-prefect-"))
    from prefect.testing.utilities import prefect_test_harness

    from nli import build_model as build_nli
    from translate import build_model as build_mt

    mt_dir, nli_dir = build_mt(), build_nli("base")
    with prefect_test_harness(server_startup_timeout=300):
        runs = {w: measure(w, args, mt_dir, nli_dir) for w in (1, 2)}
    extra = {"cpu": cpu_name(), "cores": os.cpu_count(), "shard_tokens": args.shard_tokens}
    ratios = []
    for stage, unit, name in (("mt", "sentences", "translation"), ("nli", "pairs", "NLI")):
        rows = {
            side: {
                "label": f"{runs[w]['workers']} worker(s) x {runs[w]['threads_per_worker']} threads, "
                f"{runs[w][stage + '_shards']} shards",
                "throughput": runs[w][stage + "_items"] / runs[w][stage + "_s"],
                "seconds": runs[w][stage + "_s"],
                "items": runs[w][stage + "_items"],
                "peak_rss_mib": 0.0,
            }
            for side, w in (("baseline", 1), ("claimdiff", 2))
        }
        ratios.append(report(f"{name} on Dask: 1 vs 2 workers", unit, rows, extra))
    return min(ratios)


if __name__ == "__main__":
    main()
