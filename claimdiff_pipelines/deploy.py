"""Scheduling the nightly flow: `claimdiff serve` (flow.serve) and the schedule both ways share.

Two ways to run claimdiff every night, both with the schedule of the config's ``schedule:``
section (cron 02:00, Asia/Seoul by default) and at most one run at a time:

- ``claimdiff serve --config PATH``: one long-running process that schedules and runs the flow
  itself (:func:`serve_nightly`). Simplest; needs a Prefect server to register with.
- ``prefect deploy --name nightly`` from the repository root (prefect.yaml) plus a worker of a
  process work pool: the server schedules, any number of machines can host the worker.

The caller sets up Prefect's environment first (claimdiff_pipelines.prefect_env) — Prefect reads it at import.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from claimdiff.config import Config
from claimdiff.errors import ConfigError

log = logging.getLogger(__name__)

DEPLOYMENT_NAME = "nightly"
# One night's run at a time: a slow night must not overlap the next one on the same store.
CONCURRENCY_LIMIT = 1


def nightly_schedule(config: Config) -> Any:
    """The Prefect schedule of the nightly run, from ``config.schedule``.

    Raises ConfigError for a cron expression or time zone Prefect would not run as meant (Prefect
    itself accepts an unknown time zone silently).
    """
    from prefect.schedules import Cron

    schedule = config.schedule
    try:
        ZoneInfo(schedule.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"schedule.timezone: unknown time zone {schedule.timezone!r}; use an IANA name such "
            "as Asia/Seoul, Asia/Tokyo or UTC"
        ) from None
    try:
        return Cron(schedule.cron, timezone=schedule.timezone)
    except ValueError as exc:
        raise ConfigError(
            f"schedule.cron: {exc}; expected five fields, e.g. '0 2 * * *' for 02:00 daily"
        ) from None


def nightly_parameters(config_path: Path) -> dict[str, Any]:
    """Flow parameters of a scheduled run: the config by absolute path, so the working directory
    of the process that runs the flow does not matter."""
    return {"config_path": str(Path(config_path).resolve())}


def serve_nightly(config_path: Path, config: Config) -> None:
    """Register the ``nightly`` deployment and run it on its schedule until interrupted.

    Blocks. On shutdown the schedule stays active (``pause_on_shutdown=False``): a restarted
    process, or a worker, picks the next night up.
    """
    from claimdiff_pipelines.nightly import nightly

    schedule = nightly_schedule(config)
    log.info(
        "serving %s/%s: cron %r in %s, config %s",
        nightly.name,
        DEPLOYMENT_NAME,
        config.schedule.cron,
        config.schedule.timezone,
        config_path,
    )
    nightly.serve(
        name=DEPLOYMENT_NAME,
        schedules=[schedule],
        parameters=nightly_parameters(config_path),
        global_limit=CONCURRENCY_LIMIT,
        pause_on_shutdown=False,
    )
