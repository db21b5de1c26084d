"""A loaded engine whose device runs out of memory on large batches: the real engine otherwise,
for the tests that the model stage splits such a batch and loses nothing."""

from __future__ import annotations

import copy
from typing import Any

import torch


def out_of_memory_above(engine: Any, max_items: int) -> Any:
    """A shallow copy of ``engine`` (same weights, tokenizer, config) whose forward raises CUDA's
    out-of-memory error on batches of more than ``max_items``; ``.ooms`` counts those."""

    class OutOfMemoryAbove(type(engine)):
        ooms = 0

        def forward(self, batch, worker):
            if len(batch) > max_items:
                self.ooms += 1
                raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 1.50 GiB")
            return super().forward(batch, worker)

    flaky = copy.copy(engine)
    flaky.__class__ = OutOfMemoryAbove
    return flaky
