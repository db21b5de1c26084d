"""Device and dtype resolution."""

from __future__ import annotations

import pytest
import torch

from claimdiff.errors import ConfigError
from claimdiff.models import resolve_device

NO_CUDA = not torch.cuda.is_available()


def test_cpu_is_float32_without_padding():
    spec = resolve_device("cpu", "auto")
    assert spec.devices == (torch.device("cpu"),)
    assert spec.dtype == torch.float32
    assert spec.pad_multiple == 1


@pytest.mark.skipif(not NO_CUDA, reason="checks the CPU fallback of auto")
def test_auto_without_cuda_falls_back():
    spec = resolve_device("auto", "auto")
    assert spec.kind in ("cpu", "mps")


def test_cpu_workers_for_the_sharding_path():
    spec = resolve_device("cpu", "auto", 3)
    assert len(spec.devices) == 3


@pytest.mark.parametrize(
    ("name", "dtype"), [("float32", torch.float32), ("bfloat16", torch.bfloat16)]
)
def test_explicit_dtype(name, dtype):
    assert resolve_device("cpu", name).dtype == dtype


def test_float16_on_cpu_is_refused():
    with pytest.raises(ConfigError, match="float16"):
        resolve_device("cpu", "float16")


@pytest.mark.skipif(not NO_CUDA, reason="needs a machine without CUDA")
def test_cuda_requested_without_cuda_is_a_config_error():
    with pytest.raises(ConfigError, match="cuda"):
        resolve_device("cuda", "auto")


@pytest.mark.gpu
@pytest.mark.skipif(NO_CUDA, reason="needs CUDA")
def test_cuda_auto_uses_half_precision_and_pads_to_8():
    spec = resolve_device("cuda", "auto")
    assert spec.dtype in (torch.bfloat16, torch.float16)
    assert spec.pad_multiple == 8
