"""A Prefect API server for one command, started as a child that dies with it.

Without ``PREFECT_API_URL`` Prefect starts a temporary server itself, but as an ordinary child:
when the command is killed (kill -9, OOM, a lost terminal) that server lives on, holding
~200 MB, forever. The same server started here carries ``PR_SET_PDEATHSIG`` on Linux, so the
kernel stops it the moment its parent dies, however it dies; a normal exit stops it too.

Start-up is most of a small night's cost (speed-evidence: 5-6 s of CPU in the child on a
warm ``PREFECT_HOME``, 12 s more on a fresh one for Prefect's database migrations), so the
child is spawned before this process imports Prefect, and the two start side by side.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_DEFAULT_STARTUP_TIMEOUT_S = 120.0  # Prefect's own default (20 s) is short on a busy machine


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


def api_reachable(url: str, timeout_s: float = 3.0, client: httpx.Client | None = None) -> bool:
    """Whether a Prefect API answers its health check at ``url``. Pass a ``client`` to poll:
    every new httpx client loads the CA bundle (0.2 s of CPU), which a polling loop would
    spend against the very server it waits for."""
    import httpx  # (imported when first polled: the server is spawned before it, it takes a while)

    try:
        if client is None:
            return httpx.get(f"{url.rstrip('/')}/health", timeout=timeout_s).status_code == 200
        return client.get(f"{url.rstrip('/')}/health", timeout=timeout_s).status_code == 200
    except httpx.HTTPError:
        return False


class ChildServer:
    """The server process: spawned by :meth:`start` (nothing of Prefect imported here yet),
    waited for by :meth:`wait`, stopped by :meth:`stop`."""

    def __init__(self, startup_timeout_s: float | None = None) -> None:
        self.startup_timeout_s = startup_timeout_s
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> ChildServer:
        """Spawn the server: the one Prefect itself starts when no API is configured (same app,
        same local database under PREFECT_HOME, UI off). Settings reach it through the
        environment and PREFECT_HOME's profile, as they reach this process."""
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}/api"
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            # No block types registered at start-up: registering (even memoized) first imports
            # every installed Prefect collection, prefect-dask and all of distributed, about a
            # second of the server's start; a night's flow uses no blocks.
            "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
            "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
        }
        env.pop("PREFECT_API_URL", None)
        spec = find_spec("prefect")
        assert spec is not None and spec.origin is not None, "prefect is not installed"
        command = [
            sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent),
            "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
            "--port", str(port), "--log-level", "error", "--lifespan", "on",
        ]  # fmt: skip
        self._process = subprocess.Popen(command, env=env, preexec_fn=_die_with_parent)
        return self

    def wait(self) -> str:
        """Block until the server answers; its API URL."""
        assert self._process is not None, "start() the server first"
        timeout = self.startup_timeout_s
        if timeout is None:
            from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

            timeout = max(
                _DEFAULT_STARTUP_TIMEOUT_S, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
            )
        deadline = time.monotonic() + timeout
        import httpx

        # one client for the whole wait, no proxy or CA lookups: a local plain-HTTP check
        with httpx.Client(trust_env=False, verify=False) as client:
            while not api_reachable(self.url, timeout_s=1.0, client=client):
                if self._process.poll() is not None:
                    code = self._process.returncode
                    raise RuntimeError(f"the Prefect server exited with code {code}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the Prefect server did not start in {timeout:.0f}s")
                time.sleep(0.1)
        return self.url

    def stop(self) -> None:
        """Stop the server (a no-op when it is not running)."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None


@contextmanager
def child_server(startup_timeout_s: float | None = None) -> Iterator[str]:
    """Start a temporary Prefect server tied to this process; yield its API URL and point
    Prefect at it for the block."""
    server = ChildServer(startup_timeout_s).start()
    try:
        with _pointed_at(server.wait()):
            yield server.url
    finally:
        server.stop()


def spawn_unless_configured(startup_timeout_s: float | None = None) -> ChildServer | None:
    """A :class:`ChildServer` spawned now, unless PREFECT_API_URL names an API: a command
    spawns it before its own checks and imports, which then run while the server starts."""
    return None if os.environ.get("PREFECT_API_URL") else ChildServer(startup_timeout_s).start()


@contextmanager
def command_api(
    while_starting: Callable[[], object] = lambda: None,
    startup_timeout_s: float | None = None,
    spawned: ChildServer | None = None,
) -> Iterator[str]:
    """The Prefect API for one command: the configured one, or else a :func:`child_server`.

    Without PREFECT_API_URL in the environment the child is spawned first (or was, by
    :func:`spawn_unless_configured`: pass it as ``spawned``; it is stopped here), and Prefect
    is imported (and ``while_starting`` called: the flow's own imports) while it starts; a
    profile that names an API after all stops the child again."""
    server = spawned or spawn_unless_configured(startup_timeout_s)
    try:
        configured = configured_api_url()  # imports Prefect, side by side with the child
        if configured is not None:
            if server is not None:
                server.stop()
            yield configured
            return
        assert server is not None
        while_starting()
        with _pointed_at(server.wait()):
            yield server.url
    finally:
        if server is not None:
            server.stop()


@contextmanager
def _pointed_at(url: str) -> Iterator[None]:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield
