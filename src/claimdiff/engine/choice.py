"""Which engine a model stage runs when its config says ``engine: auto``."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from claimdiff.engine.device import DeviceSpec
from claimdiff.errors import ModelLoadError

T = TypeVar("T")

logger = logging.getLogger(__name__)


def choose_engine(
    stage: str, requested: str, spec: DeviceSpec, cpu_engine: str, package: str
) -> str:
    """``requested``, or for ``auto`` the engine measured fastest on this kind of device:
    ``cpu_engine`` on CPU when its ``package`` is installed (NLI: ONNX Runtime int8 at
    3.4-4.1x, translation: CTranslate2 int8 at 4.4-6.0x the transformers baseline on 2 cores,
    benchmarks/RESULTS.md), transformers otherwise (on a GPU, bf16/fp16 transformers; the
    CPU engines are not measured there)."""
    if requested != "auto":
        return requested
    if spec.kind != "cpu":
        return "transformers"
    if importlib.util.find_spec(package) is None:
        logger.warning(
            "%s.engine auto: %s is not installed, using transformers on CPU "
            "(pip install 'claimdiff[%s]' for the faster engine)",
            stage,
            package,
            "onnx" if package == "onnxruntime" else "ct2",
        )
        return "transformers"
    return cpu_engine


def load_engine(
    stage: str,
    requested: str,
    spec: DeviceSpec,
    cpu_engine: str,
    package: str,
    loaders: Mapping[str, Callable[..., T]],
    *args: Any,
) -> tuple[str, T]:
    """Load a stage's model with the chosen engine (``choose_engine``); returns the engine's
    name and what its loader returned. Under ``auto``, a fast engine that cannot load this
    model (an export or conversion failure) gives way to transformers with a warning; an
    engine named in the config fails loudly instead."""
    chosen = choose_engine(stage, requested, spec, cpu_engine, package)
    try:
        return chosen, loaders[chosen](*args)
    except ModelLoadError as exc:
        if requested != "auto" or chosen == "transformers":
            raise
        logger.warning("%s.engine auto: %s; using transformers", stage, exc)
        return "transformers", loaders["transformers"](*args)
