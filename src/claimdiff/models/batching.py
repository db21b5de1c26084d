"""Sort by length, batch by a token budget, shard over devices, split on OOM, restore order.

Hand-written because no library does this for both a seq2seq generator and a cross-encoder
behind one interface: sentence-transformers sorts but batches by count and only for its own
models; CTranslate2 sorts by tokens but only for itself; transformers pipelines keep arrival
order. The batcher knows nothing about models: it calls ``forward(list_of_items)`` and expects
one result per item, in order.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

import torch

if TYPE_CHECKING:
    from claimdiff.config import NLIConfig, TranslateConfig
    from claimdiff.models.device import DeviceSpec

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
Forward = Callable[[list[T]], list[R]]


def is_out_of_memory(exc: BaseException) -> bool:
    """True for a device out-of-memory error (CUDA, MPS, or an ONNX Runtime allocation failure)."""
    if isinstance(exc, torch.OutOfMemoryError):
        return True
    return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()


def _release_cached_memory() -> None:
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


class Batcher(Generic[T, R]):
    """Runs ``forward`` over items in length-sorted batches of at most ``token_budget`` padded
    tokens and ``max_batch_size`` items, and returns the results in input order."""

    def __init__(self, token_budget: int, max_batch_size: int, pad_multiple: int = 1) -> None:
        if token_budget < 1 or max_batch_size < 1 or pad_multiple < 1:
            raise ValueError("token_budget, max_batch_size and pad_multiple must be positive")
        self.token_budget = token_budget
        self.max_batch_size = max_batch_size
        self.pad_multiple = pad_multiple

    @classmethod
    def for_stage(cls, cfg: TranslateConfig | NLIConfig, spec: DeviceSpec) -> Batcher[T, R]:
        """The batcher a stage's config asks for on a device: CPU batches use the smaller
        ``cpu_token_budget`` (CPU inference is compute-bound; padding costs more than it saves)."""
        budget = cfg.token_budget if spec.kind != "cpu" else cfg.cpu_token_budget
        return cls(budget, cfg.max_batch_size, spec.pad_multiple)

    def padded(self, length: int) -> int:
        """The length a sequence is padded to (a multiple of ``pad_multiple``)."""
        length = max(length, 1)
        return -(-length // self.pad_multiple) * self.pad_multiple

    def plan(self, lengths: Sequence[int]) -> list[list[int]]:
        """Batches of item indices: longest first (an OOM shows up in the first batch, not after
        an hour), each within the token budget counted as batch size x padded max length.
        An item longer than the budget on its own gets a batch of one."""
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])  # stable among equals
        batches: list[list[int]] = []
        current: list[int] = []
        current_max = 0
        for i in order:
            length = self.padded(lengths[i])
            widest = max(current_max, length)
            if current and (
                len(current) >= self.max_batch_size
                or widest * (len(current) + 1) > self.token_budget
            ):
                batches.append(current)
                current, widest = [], length
            current.append(i)
            current_max = widest
        if current:
            batches.append(current)
        return batches

    def run(
        self, items: Sequence[T], lengths: Sequence[int], forwards: Sequence[Forward]
    ) -> list[R]:
        """Apply the forwards (one per device worker) to all items; results in input order.

        With several forwards, one thread per worker pulls batches from a shared queue, so a
        fast device takes more batches (PyTorch and ONNX Runtime release the GIL in kernels).
        """
        if len(items) != len(lengths):
            raise ValueError(f"{len(items)} items but {len(lengths)} lengths")
        if not forwards:
            raise ValueError("at least one forward function is needed")
        results: list[R | None] = [None] * len(items)
        batches = self.plan(lengths)

        def process(forward: Forward, batch: list[int]) -> None:
            outputs = self._forward_splitting(forward, [items[i] for i in batch])
            for i, output in zip(batch, outputs, strict=True):
                results[i] = output

        if len(forwards) == 1 or len(batches) <= 1:
            for batch in batches:
                process(forwards[0], batch)
        else:
            self._run_sharded(batches, forwards, process)
        return results  # type: ignore[return-value]  # every slot was filled above

    def _run_sharded(
        self,
        batches: list[list[int]],
        forwards: Sequence[Forward],
        process: Callable[[Forward, list[int]], None],
    ) -> None:
        work: queue.SimpleQueue[list[int]] = queue.SimpleQueue()
        for batch in batches:
            work.put(batch)
        errors: list[BaseException] = []
        failed = threading.Event()

        def worker(forward: Forward) -> None:
            while not failed.is_set():
                try:
                    batch = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    process(forward, batch)
                except BaseException as exc:  # re-raised in the calling thread below
                    errors.append(exc)
                    failed.set()

        threads = [
            threading.Thread(target=worker, args=(f,), name=f"claimdiff-worker-{n}", daemon=True)
            for n, f in enumerate(forwards)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]

    def _forward_splitting(self, forward: Forward, batch: list[T]) -> list[R]:
        """Run one batch; on out-of-memory, halve it and retry each half (down to one item)."""
        oom = False
        try:
            outputs = forward(batch)
        except Exception as exc:
            if not is_out_of_memory(exc) or len(batch) == 1:
                raise
            oom = True  # retry outside the handler so the traceback's tensors can be freed
        if oom:
            logger.warning("out of memory on a batch of %d; retrying in two halves", len(batch))
            _release_cached_memory()
            middle = len(batch) // 2
            return self._forward_splitting(forward, batch[:middle]) + self._forward_splitting(
                forward, batch[middle:]
            )
        if len(outputs) != len(batch):
            raise RuntimeError(f"forward returned {len(outputs)} results for {len(batch)} items")
        return outputs
