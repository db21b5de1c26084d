"""Keep Prefect quiet and self-contained: local state, no telemetry, a patient local server.

Must run before the first ``import prefect`` in a process: Prefect reads these settings at
import time. Values the user has already set are respected.
"""

from __future__ import annotations

import os
from pathlib import Path

EPHEMERAL_STARTUP_TIMEOUT_S = "60"


def configure_prefect_environment(
    state_dir: Path | str = ".state", log_level: str = "WARNING"
) -> None:
    """Point PREFECT_HOME into the project's state directory and turn telemetry off."""
    home = Path(state_dir).resolve() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault(
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", EPHEMERAL_STARTUP_TIMEOUT_S
    )
    # The CLI shows its own progress and errors; Prefect's run logs stay in its UI and API.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", log_level)
