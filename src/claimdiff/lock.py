"""One run per store at a time: an exclusive lock beside the store file.

The lock is an OS file lock (``filelock``: flock on POSIX), so it is released when its holder
exits in any way, kill -9 included: there is never a stale lock to clean up. Who holds it (pid,
start time, run id) is written to a small JSON file next to it, for the message the next run
shows; that file is only informative, the OS lock decides.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from filelock import FileLock, Timeout

from claimdiff.config import Config
from claimdiff.errors import StoreBusyError


def store_location(url: str) -> str:
    """A store as messages name it: the file of a SQLite store, a server URL without password."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


def lock_target(config: Config) -> Path:
    """What the run lock sits beside: the SQLite file, or for a server store a file in the
    state directory (one run per machine; the Prefect deployment's concurrency limit keeps
    machines apart)."""
    if config.store.startswith("sqlite:///"):
        return config.store_path
    return config.state_dir / "server-store"


def lock_path(store_path: Path) -> Path:
    """The lock file of a store: ``<store>.lock`` beside it."""
    return store_path.with_name(store_path.name + ".lock")


def _holder_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock.json")


def holder(store_path: Path) -> str:
    """Who holds the store's lock, in words ("pid 123, started at …"), as far as it is known."""
    try:
        data = json.loads(_holder_path(store_path).read_text(encoding="utf-8"))
        return f"pid {data['pid']}, started at {data['started_at']}"
    except (OSError, ValueError, KeyError):
        return "pid unknown"


@contextmanager
def store_lock(store_path: Path, wait: bool = False, run_id: str = "") -> Iterator[None]:
    """Hold the store's run lock for the duration of the block.

    Raises :class:`StoreBusyError` naming the holder when another run holds it, unless ``wait``:
    then block until it is released.
    """
    store_path = Path(store_path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(store_path), timeout=-1 if wait else 0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusyError(
            f"{store_path}: another run ({holder(store_path)}) holds this store; wait for it to "
            "finish or pass --wait to start when it does"
        ) from None
    try:
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        info = {"pid": os.getpid(), "started_at": started, "run_id": run_id}
        _holder_path(store_path).write_text(json.dumps(info), encoding="utf-8")
        yield
    finally:
        _holder_path(store_path).unlink(missing_ok=True)
        lock.release()
