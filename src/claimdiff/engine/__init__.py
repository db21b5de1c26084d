"""The one batching engine shared by translation and NLI, plus device/dtype resolution.

Both model stages follow the transformers ``Pipeline`` shape: *preprocess* (pure CPU code:
tokenise, record truncation), *forward* (the only code that touches the device) and
*postprocess* (pure CPU code over the forward's CPU float32 output). :class:`BatchEngine`
sits between preprocess and forward: it sorts the items by length, cuts batches by a token
budget, shards the batches over one worker per device, splits a batch that runs out of
memory, and restores input order.
"""

from __future__ import annotations

from claimdiff.engine.batching import BatchEngine, is_out_of_memory
from claimdiff.engine.device import DeviceSpec, resolve_device
from claimdiff.engine.stats import CacheStats

__all__ = ["BatchEngine", "CacheStats", "DeviceSpec", "is_out_of_memory", "resolve_device"]
