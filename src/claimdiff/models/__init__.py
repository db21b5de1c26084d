"""The shared model stage: batching by token budget, devices and replicas, the engine registry,
and finding checkpoints on disk.

Both model stages (translate, nli) follow :class:`~claimdiff.models.stage.ModelStage`:
preprocess -> forward -> postprocess, with the :class:`~claimdiff.models.batching.Batcher` in
between: it sorts the items by length, cuts batches by a token budget, shards the batches over
one worker per device, splits a batch that runs out of memory, and restores input order.

Several GPUs: ``models.device: cuda`` uses every visible GPU (``models.device_count`` limits
it; ``CUDA_VISIBLE_DEVICES`` picks which). The engines load one model replica per GPU and the
Batcher runs one worker thread per replica, each pulling the next batch from a shared queue,
so a faster or less loaded card simply takes more batches; results are scattered back by
index. On CPU, ``device_count: N`` runs N workers over one shared model through the very same
code path, which is how the tests exercise sharding without GPUs.

Batch sizes: ``token_budget`` (CUDA/MPS) and ``cpu_token_budget`` (CPU) bound the padded
tokens per batch (items x longest item, padded to a multiple of 8 on CUDA); ``max_batch_size``
bounds the item count. A CUDA out-of-memory error halves the batch and retries each half.
"""

from __future__ import annotations

from claimdiff.models.batching import Batcher, is_out_of_memory
from claimdiff.models.device import DeviceSpec, resolve_device
from claimdiff.models.stage import ModelStage
from claimdiff.models.stats import CacheStats

__all__ = [
    "Batcher",
    "CacheStats",
    "DeviceSpec",
    "ModelStage",
    "is_out_of_memory",
    "resolve_device",
]
