"""The nightly schedule: built from the config, checked, and the same in prefect.yaml."""

from __future__ import annotations

from pathlib import Path

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
