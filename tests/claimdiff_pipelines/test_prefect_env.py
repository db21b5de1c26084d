"""Prefect's environment: local state under the state directory, telemetry off, and what the
user has already set left as it is."""

from __future__ import annotations

import os

from claimdiff_pipelines.prefect_env import configure_prefect_environment

KEYS = (
    "PREFECT_HOME",
    "PREFECT_SERVER_ANALYTICS_ENABLED",
    "DO_NOT_TRACK",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",
    "PREFECT_LOGGING_LEVEL",
)


def test_defaults_go_under_the_state_dir_and_the_users_settings_stay(tmp_path, monkeypatch):
    for key in KEYS:  # set, then removed: monkeypatch restores each whether it was set or not
        monkeypatch.setenv(key, "")
        monkeypatch.delenv(key)
    configure_prefect_environment(tmp_path / "state", "INFO")
    assert os.environ["PREFECT_HOME"] == str((tmp_path / "state" / "prefect").resolve())
    assert (tmp_path / "state" / "prefect").is_dir()
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert os.environ["DO_NOT_TRACK"] == "1"
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "INFO"

    monkeypatch.setenv("PREFECT_HOME", "/somewhere/else")
    monkeypatch.setenv("PREFECT_LOGGING_LEVEL", "DEBUG")
    configure_prefect_environment(tmp_path / "other", "WARNING")
    assert os.environ["PREFECT_HOME"] == "/somewhere/else"
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "DEBUG"
