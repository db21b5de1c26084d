"""Device and dtype, resolved in one place and logged once (STYLE.md point 6)."""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from claimdiff.errors import ConfigError

if TYPE_CHECKING:
    from claimdiff.config import ModelsConfig

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceSpec:
    """Where the forward passes run: one worker per entry of ``devices``, all in ``dtype``."""

    devices: tuple[torch.device, ...]
    dtype: torch.dtype
    pad_multiple: int = 1  # pad sequence length to a multiple of this (8 on CUDA)

    @property
    def kind(self) -> str:
        """ "cuda", "mps" or "cpu"."""
        return self.devices[0].type


# CPU features that decide which int8 / bf16 kernels run (Linux /proc/cpuinfo flag -> name)
ISA_FLAGS = {
    "avx2": "AVX2",
    "avx512f": "AVX-512",
    "avx512_vnni": "AVX-512 VNNI",
    "avx_vnni": "AVX-VNNI",
    "avx512_bf16": "AVX-512 BF16",
    "amx_tile": "AMX",
}


@functools.cache
def cpu_isa() -> tuple[str, ...]:
    """The CPU's ISA extensions among ISA_FLAGS (empty where /proc/cpuinfo is not readable)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return ()
    line = next((ln for ln in text.splitlines() if ln.startswith("flags")), "")
    flags = set(line.partition(":")[2].split())
    return tuple(name for flag, name in ISA_FLAGS.items() if flag in flags)


_DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


@functools.cache
def resolve_device(
    device: str = "auto",
    dtype: str = "auto",
    device_count: int | None = None,
    cuda_pad_multiple: int = 8,
) -> DeviceSpec:
    """Resolve ``models.device`` / ``models.dtype`` / ``models.device_count`` to a DeviceSpec.

    ``auto`` picks CUDA (bf16 where the card supports it, else fp16), then MPS (fp16), then
    CPU (fp32). Cached, so the choice is logged once per process whichever stage asks first.
    """
    kind = device
    if kind == "auto":
        if torch.cuda.is_available():
            kind = "cuda"
        elif torch.backends.mps.is_available():
            kind = "mps"
        else:
            kind = "cpu"
    if kind == "cuda" and not torch.cuda.is_available():
        raise ConfigError("models.device is 'cuda' but torch sees no CUDA device; use auto or cpu")
    if kind == "mps" and not torch.backends.mps.is_available():
        raise ConfigError("models.device is 'mps' but MPS is not available; use auto or cpu")

    if kind == "cuda":
        visible = torch.cuda.device_count()
        count = visible if device_count is None else device_count
        if count > visible:
            raise ConfigError(f"models.device_count is {count} but only {visible} GPUs are visible")
        devices = tuple(torch.device("cuda", i) for i in range(count))
    else:
        # CPU / MPS: several workers on the same device exercise the sharding path (tests).
        devices = tuple(torch.device(kind) for _ in range(device_count or 1))

    if dtype != "auto":
        resolved = _DTYPES[dtype]
    elif kind == "cuda":
        resolved = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    elif kind == "mps":
        resolved = torch.float16
    else:
        resolved = torch.float32
    if kind == "cpu" and resolved == torch.float16:
        raise ConfigError("models.dtype float16 is not supported on CPU; use float32 or bfloat16")

    spec = DeviceSpec(devices, resolved, cuda_pad_multiple if kind == "cuda" else 1)
    names = ", ".join(
        torch.cuda.get_device_name(d) if d.type == "cuda" else str(d) for d in devices
    )
    isa = f", CPU ISA: {', '.join(cpu_isa()) or 'unknown'}" if kind == "cpu" else ""
    logger.info("models run on %d worker(s) [%s] in %s%s", len(devices), names, resolved, isa)
    return spec


def device_spec_for(models: ModelsConfig) -> DeviceSpec:
    """The DeviceSpec of a ModelsConfig section."""
    return resolve_device(
        models.device, models.dtype, models.device_count, models.cuda_pad_multiple
    )


def replicate(model: torch.nn.Module, spec: DeviceSpec) -> list[torch.nn.Module]:
    """One model per worker, in eval mode: CPU workers share one model (read-only inference),
    each GPU gets its own copy."""
    replicas: list[torch.nn.Module] = []
    for device in spec.devices:
        same = next((r for r in replicas if next(r.parameters()).device == device), None)
        replica = same or (model if not replicas else copy.deepcopy(model)).to(device)
        replicas.append(replica.eval())
    return replicas


def to_device(
    features: Mapping[str, torch.Tensor], device: torch.device
) -> dict[str, torch.Tensor]:
    """Host-to-device copy of a padded batch; on CUDA from pinned memory, so the copy overlaps
    with the previous batch's compute."""
    if device.type == "cuda":
        return {k: v.pin_memory().to(device, non_blocking=True) for k, v in features.items()}
    return {k: v.to(device) for k, v in features.items()}
