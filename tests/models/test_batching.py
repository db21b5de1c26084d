"""The shared batching engine: plans within budget, input order restored, sharding, OOM splits."""

from __future__ import annotations

import random
import threading

import pytest
import torch

from claimdiff.models import Batcher, is_out_of_memory


def _lengths(n: int, seed: int = 0) -> list[int]:
    rng = random.Random(seed)
    return [rng.randint(1, 120) for _ in range(n)]


@pytest.mark.parametrize(
    ("budget", "max_batch", "pad"), [(256, 64, 1), (512, 8, 1), (300, 64, 8), (64, 64, 8)]
)
def test_plan_covers_every_item_once_within_budget(budget, max_batch, pad):
    engine = Batcher(budget, max_batch, pad)
    lengths = _lengths(300)
    batches = engine.plan(lengths)
    flat = [i for batch in batches for i in batch]
    assert sorted(flat) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= max_batch
        widest = max(engine.padded(lengths[i]) for i in batch)
        # a single over-long item may exceed the budget alone, never with company
        assert len(batch) == 1 or widest * len(batch) <= budget
        assert widest % pad == 0


def test_plan_is_sorted_longest_first():
    lengths = _lengths(100, seed=3)
    batches = Batcher(400, 16).plan(lengths)
    flat = [lengths[i] for batch in batches for i in batch]
    assert flat == sorted(flat, reverse=True)


def test_run_restores_input_order():
    items = [f"item-{i}" for i in range(200)]
    lengths = _lengths(200, seed=1)
    out = Batcher(256, 32).run(items, lengths, [lambda batch: [s.upper() for s in batch]])
    assert out == [s.upper() for s in items]


@pytest.mark.parametrize("items", [[], ["only"]])
def test_run_empty_and_single(items):
    out = Batcher(64, 4).run(items, [len(s) for s in items], [lambda b: [s * 2 for s in b]])
    assert out == [s * 2 for s in items]


def test_sharded_workers_share_the_batches_and_keep_order():
    seen: dict[int, int] = {0: 0, 1: 0}
    lock = threading.Lock()
    barrier = threading.Barrier(2, timeout=5)

    def make(worker: int):
        def forward(batch: list[int]) -> list[int]:
            with lock:
                first = seen[worker] == 0
                seen[worker] += len(batch)
            if first:
                barrier.wait()  # both workers must be running at once
            return [x * 10 for x in batch]

        return forward

    items = list(range(100))
    out = Batcher(40, 4).run(items, [1 + i % 9 for i in items], [make(0), make(1)])
    assert out == [x * 10 for x in items]
    assert seen[0] > 0 and seen[1] > 0 and seen[0] + seen[1] == 100


def test_worker_error_is_raised_not_swallowed():
    def broken(batch):
        raise ValueError("bad batch")

    with pytest.raises(ValueError, match="bad batch"):
        Batcher(16, 2).run(list(range(10)), [3] * 10, [broken, broken])


class OOMOnLargeBatches:
    """A forward that runs out of memory above ``limit`` items, like a GPU would."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.ooms = 0
        self.calls: list[int] = []

    def __call__(self, batch: list[int]) -> list[int]:
        self.calls.append(len(batch))
        if len(batch) > self.limit:
            self.ooms += 1
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return [x + 1 for x in batch]


def test_out_of_memory_splits_the_batch_and_loses_nothing():
    forward = OOMOnLargeBatches(limit=3)
    items = list(range(50))
    out = Batcher(10_000, 16).run(items, [5] * 50, [forward])
    assert out == [x + 1 for x in items]
    assert forward.ooms > 0
    assert max(n for n in forward.calls if n <= 3) <= 3


def test_out_of_memory_on_a_single_item_is_raised():
    with pytest.raises(torch.OutOfMemoryError):
        Batcher(100, 8).run([1], [5], [OOMOnLargeBatches(limit=0)])


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (torch.OutOfMemoryError("x"), True),
        (RuntimeError("CUDA error: out of memory"), True),
        (RuntimeError("MPS backend out of memory"), True),
        (RuntimeError("shape mismatch"), False),
        (ValueError("out of memory"), False),
    ],
)
def test_is_out_of_memory(exc, expected):
    assert is_out_of_memory(exc) is expected
