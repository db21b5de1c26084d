"""The one batching engine shared by translation and NLI, plus device/dtype resolution.

Both model stages follow the transformers ``Pipeline`` shape: *preprocess* (pure CPU code:
tokenise, record truncation), *forward* (the only code that touches the device) and
*postprocess* (pure CPU code over the forward's CPU float32 output). :class:`BatchEngine`
sits between preprocess and forward: it sorts the items by length, cuts batches by a token
budget, shards the batches over one worker per device, splits a batch that runs out of
memory, and restores input order.

Several GPUs: ``models.device: cuda`` uses every visible GPU (``models.device_count`` limits
it; ``CUDA_VISIBLE_DEVICES`` picks which). The engines load one model replica per GPU and the
BatchEngine runs one worker thread per replica, each pulling the next batch from a shared
queue, so a faster or less loaded card simply takes more batches; results are scattered back
by index. On CPU, ``device_count: N`` runs N workers over one shared model through the very
same code path, which is how the tests exercise sharding without GPUs.

Batch sizes: ``token_budget`` (CUDA/MPS) and ``cpu_token_budget`` (CPU) bound the padded
tokens per batch (items x longest item, padded to a multiple of 8 on CUDA); ``max_batch_size``
bounds the item count. A CUDA out-of-memory error halves the batch and retries each half.
"""

from __future__ import annotations

from claimdiff.engine.batching import BatchEngine, is_out_of_memory
from claimdiff.engine.device import DeviceSpec, resolve_device
from claimdiff.engine.stats import CacheStats

__all__ = ["BatchEngine", "CacheStats", "DeviceSpec", "is_out_of_memory", "resolve_device"]
