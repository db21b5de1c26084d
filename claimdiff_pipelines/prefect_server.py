"""A Prefect API server for one command, started as a child that dies with it.

Without ``PREFECT_API_URL`` Prefect starts a temporary server itself, but as an ordinary child:
when the command is killed (kill -9, OOM, a lost terminal) that server lives on, holding
~200 MB, forever. The same server started here carries ``PR_SET_PDEATHSIG`` on Linux, so the
kernel stops it the moment its parent dies, however it dies; a normal exit stops it too.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent() -> None:
    """Runs in the child between fork and exec: SIGKILL when the parent dies (Linux only)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configured_api_url() -> str | None:
    """The Prefect API this process is configured for (PREFECT_API_URL), or None."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def api_reachable(url: str, timeout_s: float = 3.0) -> bool:
    """Whether a Prefect API answers its health check at ``url``."""
    try:
        return httpx.get(f"{url.rstrip('/')}/health", timeout=timeout_s).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def child_server(startup_timeout_s: float | None = None) -> Iterator[str]:
    """Start a temporary Prefect server tied to this process; yield its API URL and point
    Prefect at it for the block. The server is the one Prefect itself starts when no API is
    configured (same app, same local database under PREFECT_HOME, UI off)."""
    import prefect
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        get_current_settings,
        temporary_settings,
    )

    if startup_timeout_s is None:  # Prefect's own setting, but patient on a busy machine
        startup_timeout_s = max(120.0, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())

    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        **get_current_settings().to_environment_variables(exclude_unset=True),
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    env.pop("PREFECT_API_URL", None)
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent),
        "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, preexec_fn=_die_with_parent)
    try:
        deadline = time.monotonic() + startup_timeout_s
        while not api_reachable(url, timeout_s=1.0):
            if process.poll() is not None:
                raise RuntimeError(f"the Prefect server exited with code {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Prefect server did not start in {startup_timeout_s:.0f}s")
            time.sleep(0.2)
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
