"""The scheduling instructions of docs/operations.md, run for real against a loopback server.

A Prefect server is started on 127.0.0.1 (free port, PREFECT_HOME in a temporary directory) and
stopped by its PID. The flow runs claimdiff in checks-only mode on the bundled sample articles,
so no model is needed. Then, without a server: the schedule built from the config, checked, and
the same in prefect.yaml.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from claimdiff.config import ScheduleConfig, parse_config
from claimdiff.errors import ConfigError
from claimdiff_pipelines.deploy import (
    CONCURRENCY_LIMIT,
    DEPLOYMENT_NAME,
    nightly_parameters,
    nightly_schedule,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples" / "demo.jsonl"
BIN = Path(sys.executable).parent
PREFECT = BIN / "prefect"
# The CLI as a module: runs this checkout's code whatever the installed entry point points at.
CLAIMDIFF = (sys.executable, "-m", "claimdiff_pipelines.cli")
DEPLOYMENT = "claimdiff-nightly/nightly"
SERVER_START_TIMEOUT_S = 300  # a loaded 2-core machine can take minutes
RUN_TIMEOUT_S = 120

# the tests that start a Prefect server
server = pytest.mark.skipif(not PREFECT.exists(), reason=f"no prefect executable at {PREFECT}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen[bytes], grace_s: float = 20) -> None:
    """Stop a process we started, and its children, by its PID (it leads its own group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(grace_s)


@dataclass
class LocalPrefect:
    """A Prefect server of our own on loopback, and helpers to talk to it."""

    api_url: str
    env: dict[str, str]
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def cli(self, *args: str, cwd: Path = ROOT, timeout: float = 90) -> str:
        done = subprocess.run(
            [str(PREFECT), *args], cwd=cwd, env=self.env, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            pytest.fail(f"prefect {' '.join(args)} failed ({done.returncode}):\n"
                        f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")  # fmt: skip
        return done.stdout

    def spawn(self, name: str, *command: str | Path, cwd: Path) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [str(c) for c in command], cwd=cwd, env=self.env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")[-4000:]

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        response = httpx.request(method, f"{self.api_url}{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()

    def deployment(self) -> dict[str, Any]:
        return self.api("GET", f"/deployments/name/{DEPLOYMENT}")

    def flow_runs(self, deployment_id: str) -> list[dict[str, Any]]:
        body = {"deployments": {"id": {"any_": [deployment_id]}}}
        return self.api("POST", "/flow_runs/filter", json=body)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPrefect]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        # No cron runs are created during the test: runs are triggered by hand.
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
    }
    local = LocalPrefect(api_url=api_url, env=env, logs=home)
    server = local.spawn(
        "server", PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port), cwd=home
    )
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if server.poll() is not None:
            pytest.fail(f"prefect server exited ({server.returncode}):\n{local.log('server')}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            _stop(server)
            pytest.fail(
                f"prefect server not up in {SERVER_START_TIMEOUT_S}s:\n{local.log('server')}"
            )
        time.sleep(0.5)
    try:
        yield local
    finally:
        for process in reversed(local.processes):
            _stop(process)


def _checks_only_config(tmp_path: Path, **extra: Any) -> Path:
    config = {
        "sources": [],
        "models": None,
        "store": f"sqlite:///{tmp_path / 'claimdiff.db'}",
        "export": {"dir": str(tmp_path / "out")},
        "state_dir": str(tmp_path / "state"),
        **extra,
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _trigger_and_check(local: LocalPrefect, config: Path | None, out: Path) -> dict[str, Any]:
    """`prefect deployment run` by hand, watched to the end; returns run.json."""
    deployment_id = local.deployment()["id"]
    before = {r["id"] for r in local.flow_runs(deployment_id)}
    params = ["-p", f"input_path={SAMPLES}", "-p", f"out_dir={out}", "-p", "no_models=true"]
    if config is not None:
        params += ["-p", f"config_path={config}"]
    local.cli(
        "deployment", "run", DEPLOYMENT, *params,
        "--watch", "--watch-timeout", str(RUN_TIMEOUT_S),
        timeout=RUN_TIMEOUT_S + 30,
    )  # fmt: skip
    runs = [r for r in local.flow_runs(deployment_id) if r["id"] not in before]
    assert [r["state_type"] for r in runs] == ["COMPLETED"], runs
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    articles = sum(1 for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip())
    assert summary["mode"] == "checks-only"
    assert summary["status"] in ("completed", "completed_with_warnings")
    assert summary["counts"]["ingest"]["new"] == articles
    with (out / "flags.csv").open(encoding="utf-8-sig") as handle:
        assert sum(1 for _ in handle) > 1  # header plus at least one flagged pair
    return summary


@pytest.mark.slow
@server
def test_prefect_yaml_deploy_worker_and_manual_run(
    prefect_server: LocalPrefect, tmp_path: Path
) -> None:
    local = prefect_server
    local.cli("work-pool", "create", "claimdiff", "--type", "process")
    # The worker starts elsewhere: the deployment's pull step moves runs into the checkout.
    worker = local.spawn("worker", PREFECT, "worker", "start", "--pool", "claimdiff", cwd=tmp_path)
    local.cli("--no-prompt", "deploy", "--name", "nightly", cwd=ROOT)

    deployment = local.deployment()
    (schedule,) = deployment["schedules"]
    assert schedule["schedule"]["cron"] == "0 2 * * *"
    assert schedule["schedule"]["timezone"] == "Asia/Seoul"
    assert schedule["active"] is True
    assert deployment["global_concurrency_limit"]["limit"] == 1
    assert deployment["work_pool_name"] == "claimdiff"
    assert deployment["entrypoint"] == "pipelines/nightly.py:nightly"
    assert deployment["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}
    ]
    pool = local.api("GET", "/work_pools/claimdiff")
    assert pool["type"] == "process"

    config = _checks_only_config(tmp_path)
    try:
        _trigger_and_check(local, config, tmp_path / "out")
    finally:
        _stop(worker)
    assert worker.returncode is not None


@pytest.mark.slow
@server
def test_claimdiff_serve_uses_the_config_schedule_and_runs(
    prefect_server: LocalPrefect, tmp_path: Path
) -> None:
    local = prefect_server
    config = _checks_only_config(
        tmp_path, schedule={"cron": "30 3 * * 1-5", "timezone": "Asia/Tokyo"}
    )
    serve = local.spawn("serve", *CLAIMDIFF, "serve", "--config", config, cwd=ROOT)
    deadline = time.monotonic() + 60
    while True:
        if serve.poll() is not None:
            pytest.fail(f"claimdiff serve exited ({serve.returncode}):\n{local.log('serve')}")
        try:
            deployment = local.deployment()
            if deployment["schedules"] and deployment["schedules"][0]["schedule"]["cron"] == (
                "30 3 * * 1-5"
            ):
                break
        except httpx.HTTPStatusError:
            pass  # not registered yet
        if time.monotonic() > deadline:
            pytest.fail(f"claimdiff serve did not register:\n{local.log('serve')}")
        time.sleep(0.5)
    (schedule,) = deployment["schedules"]
    assert schedule["schedule"]["timezone"] == "Asia/Tokyo"
    assert deployment["parameters"] == {"config_path": str(config.resolve())}
    assert deployment["global_concurrency_limit"]["limit"] == 1

    try:
        # No config_path: the served deployment's own parameter points at the config.
        _trigger_and_check(local, None, tmp_path / "out")
    finally:
        _stop(serve)
    # pause_on_shutdown=False: the schedule survives the serving process.
    assert local.deployment()["paused"] is False


# --- the schedule and parameters the deployments get (no server) ------------------------------


@pytest.mark.parametrize(
    ("schedule", "cron", "timezone"),
    [
        ({}, "0 2 * * *", "Asia/Seoul"),
        ({"cron": "30 3 * * 1-5", "timezone": "Asia/Tokyo"}, "30 3 * * 1-5", "Asia/Tokyo"),
        ({"timezone": "UTC"}, "0 2 * * *", "UTC"),
    ],
)
def test_schedule_comes_from_the_config(schedule: dict, cron: str, timezone: str) -> None:
    built = nightly_schedule(parse_config({"schedule": schedule}))
    assert (built.cron, built.timezone) == (cron, timezone)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "schedule.timezone: unknown time zone 'Mars/Olympus'"),
        ({"timezone": "../etc/passwd"}, "schedule.timezone: unknown time zone"),
        ({"cron": "every night"}, "schedule.cron: Invalid cron string"),
        ({"cron": "0 25 * * *"}, "schedule.cron: Invalid cron string"),
    ],
)
def test_bad_schedule_is_refused_naming_the_key(schedule: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        nightly_schedule(parse_config({"schedule": schedule}))


def test_parameters_use_an_absolute_config_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert nightly_parameters(Path("configs/x.yaml")) == {
        "config_path": str(tmp_path / "configs" / "x.yaml")
    }


def test_prefect_yaml_matches_the_flow_and_the_config_defaults() -> None:
    """prefect.yaml is static: this catches it drifting from the code and the defaults."""
    from claimdiff_pipelines.nightly import nightly

    project = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = project["deployments"]
    assert deployment["name"] == DEPLOYMENT_NAME
    path, function = deployment["entrypoint"].split(":")
    assert (ROOT / path).exists() and function == nightly.fn.__name__
    (schedule,) = deployment["schedules"]
    defaults = ScheduleConfig()
    assert (schedule["cron"], schedule["timezone"]) == (defaults.cron, defaults.timezone)
    assert deployment["concurrency_limit"] == CONCURRENCY_LIMIT
    assert set(deployment["parameters"]) <= set(nightly.parameters.properties)
    assert (ROOT / deployment["parameters"]["config_path"]).exists()
