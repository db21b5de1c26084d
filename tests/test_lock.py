"""One run per store: the lock names its holder, waits when asked, and dies with its holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from claimdiff.errors import StoreBusyError
from claimdiff.lock import store_lock

ROOT = Path(__file__).resolve().parents[1]


def test_a_held_store_is_refused_naming_the_holder(tmp_path):
    store = tmp_path / "s.db"
    with (
        store_lock(store, run_id="r1"),
        pytest.raises(StoreBusyError) as refused,
        store_lock(store),
    ):
        pass
    message = str(refused.value)
    assert str(store) in message and f"pid {os.getpid()}, started at" in message
    assert "--wait" in message
    with store_lock(store):  # released after the block
        pass


def test_wait_queues_behind_the_holder(tmp_path):
    store = tmp_path / "s.db"
    order = []
    release = threading.Event()

    def holder():
        with store_lock(store):
            order.append("first")
            release.wait(30)
        order.append("released")

    thread = threading.Thread(target=holder)
    thread.start()
    while not order:
        threading.Event().wait(0.01)
    release.set()
    with store_lock(store, wait=True):
        order.append("second")
    thread.join()
    assert order == ["first", "released", "second"]


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    store = tmp_path / "s.db"
    code = (
        "import sys, time; from claimdiff.lock import store_lock\n"
        f"with store_lock({str(store)!r}):\n    print('held', flush=True); time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(StoreBusyError, match=f"pid {holder.pid}"), store_lock(store):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait(30)
    with store_lock(store):
        pass
