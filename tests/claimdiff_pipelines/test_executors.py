"""The model stages on a real 2-worker Dask LocalCluster with a real PostgreSQL store give the
findings and rows of a single-process SQLite run (the demo, and synthetic nights from
benchmarks/synthetic.py); a worker killed during NLI loses nothing."""

from __future__ import annotations

import csv
import importlib.util
import os
import signal
import sys
import threading
from pathlib import Path

import pytest
import yaml

from claimdiff.config import RunConfig
from claimdiff.store import Store

# Generous limits (pytest-timeout's default is 600 s per test, set-up included): the first test
# starts the session's Prefect server, PostgreSQL, the cluster and the single-process reference
# run (330 s of set-up at load 7 on 2 cores), and the 3,000-article nights took 173-464 s at
# load 6-8.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples" / "demo.jsonl"
# Small shards: the demo's work spreads over many of them (and so over both workers).
SHARDS = {"translate": {"engine": "transformers", "shard_tokens": 48},
          "nli": {"engine": "transformers", "shard_tokens": 48}}  # fmt: skip
# The full-mode synthetic night: greedy, short outputs and big CPU batches keep the tiny models'
# decoding cheap (the random weights never stop early); a few shards per stage.
CHEAP = {"translate": {"engine": "transformers", "shard_tokens": 2048, "beam_size": 1,
                       "max_new_tokens_ratio": 0.25, "max_new_tokens_min": 4,
                       "cpu_token_budget": 4096},
         "nli": {"engine": "transformers", "shard_tokens": 1024, "max_length": 128,
                 "cpu_token_budget": 4096}}  # fmt: skip
# 3,000 articles checks-only (the size); full mode on fewer: even so, the tiny models
# took ~80 s of translation and NLI per 300 articles and side (2 shared cores), so 3,000 in
# full mode would cost the test suite most of an hour.
SYNTHETIC_CHECKS, SYNTHETIC_FULL = 3000, 40


@pytest.fixture(scope="module")
def cluster():
    """A real distributed.LocalCluster of two worker processes (restarted by their nannies
    when killed), importing this checkout."""
    from distributed import Client, LocalCluster

    path = os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        env={"PYTHONPATH": path},
    ) as c, Client(c) as client:  # fmt: skip
        yield c, client


def _config(tmp_path: Path, name: str, samples: Path, models, store: str, **extra) -> Path:
    data = {
        **SHARDS,
        **extra,
        "sources": [{"type": "files", "path": str(samples)}],
        "models": models,
        "store": store,
        "export": {"dir": str(tmp_path / name / "out")},
        "state_dir": str(tmp_path / name / "state"),
    }
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _rows(tmp_path: Path, name: str) -> list[dict[str, str]]:
    with (tmp_path / name / "out" / "flags.csv").open(encoding="utf-8-sig", newline="") as f:
        return [{k: v for k, v in row.items() if k != "run_id"} for row in csv.DictReader(f)]


def _finding_ids(store: str) -> list[str]:
    with Store(store) as s:
        return sorted(f.finding.finding_id for f in s.findings())


def _synthetic(path: Path, n: int) -> Path:
    """``n`` articles of benchmarks/synthetic.py's night (its one generator, loaded from its
    file: an installed package named ``benchmarks`` shadows the folder)."""
    name = "claimdiff_benchmarks_synthetic"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "synthetic.py")
        assert spec is not None and spec.loader is not None
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    sys.modules[name].write_jsonl(path, n)
    return path


def _tiny(tiny_models) -> dict:
    return {
        "translation": {k: str(v) for k, v in tiny_models.translation.items()},
        "nli": str(tiny_models.nli),
        "device": "cpu",
    }


@pytest.fixture(scope="module")
def single_process(tmp_path_factory, tiny_models):
    """The reference: the demo in full mode, one process, the embedded SQLite store."""
    from claimdiff.config import load_config
    from claimdiff.runner import run_steps

    tmp = tmp_path_factory.mktemp("single")
    config = _config(tmp, "one", SAMPLES, _tiny(tiny_models), f"sqlite:///{tmp / 'one.db'}")
    summary = run_steps(load_config(config))
    assert summary.mode == "full"
    return _rows(tmp, "one")


def test_run_config_defaults_to_one_process():
    assert RunConfig().executor == "local"


def test_cluster_and_postgres_give_the_single_process_rows(
    prefect_harness, tmp_path, samples_path, tiny_models, cluster, postgres_url, single_process
):
    from claimdiff_pipelines.nightly import nightly

    scheduler, client = cluster
    run = {"executor": "dask", "dask_address": scheduler.scheduler_address}
    config = _config(tmp_path, "two", samples_path, _tiny(tiny_models), postgres_url, run=run)
    summary = nightly(config_path=str(config))
    rows = _rows(tmp_path, "two")
    assert rows == single_process
    assert summary.counts["translate"]["cluster_shards"] > 1
    assert summary.counts["nli"]["cluster_shards"] > 1
    with Store(postgres_url) as store:  # every result written once
        assert store.count("nli_cache") == summary.counts["nli"]["cluster_items"]
    # each worker process loaded the NLI model once, however many shards it took
    loads = client.run(lambda: __import__("claimdiff.shards").shards._classifier.cache_info())
    assert all(info.misses <= 1 for info in loads.values())
    assert (
        sum(info.hits + info.misses for info in loads.values())
        == summary.counts["nli"]["cluster_shards"]
    )


def test_checks_only_on_postgres_gives_the_sqlite_rows(
    prefect_harness, tmp_path, samples_path, postgres_url
):
    from claimdiff.config import load_config
    from claimdiff.runner import run_steps
    from claimdiff_pipelines.nightly import nightly

    run_steps(load_config(_config(tmp_path, "a", samples_path, None, f"sqlite:///{tmp_path}/a.db")))
    nightly(config_path=str(_config(tmp_path, "b", samples_path, None, postgres_url)))
    assert _rows(tmp_path, "b") == _rows(tmp_path, "a")


def test_a_worker_killed_during_nli_loses_only_its_shard(
    prefect_harness, tmp_path, samples_path, tiny_models, cluster, single_process
):
    from claimdiff_pipelines.nightly import nightly

    scheduler, client = cluster
    killed: list[str] = []
    done = threading.Event()

    def kill_the_first_worker_scoring_nli() -> None:
        while not done.is_set():
            for worker, keys in client.processing().items():
                if any("nli" in str(key) for key in keys):
                    pid = client.run(os.getpid, workers=[worker])[worker]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(worker)
                    return
            done.wait(0.005)

    killer = threading.Thread(target=kill_the_first_worker_scoring_nli)
    killer.start()
    run = {"executor": "dask", "dask_address": scheduler.scheduler_address}
    store = f"sqlite:///{tmp_path / 'kill.db'}"
    try:
        summary = nightly(
            config_path=str(
                _config(tmp_path, "kill", samples_path, _tiny(tiny_models), store, run=run)
            )
        )
    finally:
        done.set()
        killer.join()
    assert killed, "a worker was killed while it held an NLI shard"
    assert summary.status == "completed"
    assert _rows(tmp_path, "kill") == single_process


def _same_night_on_sqlite_and_cluster(tmp, samples, models, postgres_url, scheduler, **extra):
    """The night in one process on SQLite, then through the flow on the cluster and PostgreSQL:
    (rows, finding ids) of both."""
    from claimdiff.config import load_config
    from claimdiff.runner import run_steps
    from claimdiff_pipelines.nightly import nightly

    sqlite = f"sqlite:///{tmp / 'one.db'}"
    one = run_steps(load_config(_config(tmp, "one", samples, models, sqlite, **extra)))
    run = {"executor": "dask", "dask_address": scheduler.scheduler_address}
    two = nightly(
        config_path=str(_config(tmp, "two", samples, models, postgres_url, run=run, **extra))
    )
    assert one.status == two.status == "completed"
    assert one.mode == two.mode
    return (
        (_rows(tmp, "one"), _finding_ids(sqlite)),
        (_rows(tmp, "two"), _finding_ids(postgres_url)),
        two,
    )


def test_a_synthetic_night_checks_only_on_postgres_gives_the_sqlite_findings(
    prefect_harness, tmp_path, cluster, postgres_url
):
    samples = _synthetic(tmp_path / "night.jsonl", SYNTHETIC_CHECKS)
    scheduler, _ = cluster
    one, two, summary = _same_night_on_sqlite_and_cluster(
        tmp_path, samples, None, postgres_url, scheduler
    )
    assert summary.mode == "checks-only"
    rows, ids = one
    assert len(rows) > 1000 and len(ids) >= len(rows)  # a night with plenty of findings
    assert two == one


def test_a_synthetic_night_in_full_mode_on_the_cluster_gives_the_single_process_findings(
    prefect_harness, tmp_path, tiny_models, cluster, postgres_url
):
    samples = _synthetic(tmp_path / "night.jsonl", SYNTHETIC_FULL)
    scheduler, _ = cluster
    one, two, summary = _same_night_on_sqlite_and_cluster(
        tmp_path, samples, _tiny(tiny_models), postgres_url, scheduler, **CHEAP
    )
    assert summary.mode == "full"
    assert summary.counts["translate"]["cluster_shards"] > 1
    assert summary.counts["nli"]["cluster_shards"] > 1
    rows, _ = one
    assert len(rows) > 50
    assert two == one
