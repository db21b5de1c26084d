"""The engine registry: which engines can run a model stage, and which one ``engine: auto`` picks.

An *engine* is one way to run a stage's model (``transformers``, ``ctranslate2``, ``onnx``);
the ``engine:`` key of the ``translate`` and ``nli`` config sections names one. Each engine's
own module registers it (spaCy-style: no branching on engine names elsewhere), so adding an
engine touches this registry and that module only.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimdiff.errors import ConfigError, ModelLoadError

if TYPE_CHECKING:
    from claimdiff.config import ModelsConfig
    from claimdiff.models.device import DeviceSpec
    from claimdiff.models.resolve import ResolvedModel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadRequest:
    """What an engine's loader gets: the configured name, its checkpoint on disk, the models
    section, the stage's config section and the device."""

    name: str
    resolved: ResolvedModel
    models: ModelsConfig
    cfg: Any  # TranslateConfig or NLIConfig
    spec: DeviceSpec


@dataclass(frozen=True)
class Engine:
    """One registered engine of one stage.

    ``package`` is the import name it needs (None: always installed, the fallback that
    ``auto`` uses on GPUs and when a faster engine cannot load); ``extra`` the pip extra that
    installs it; ``cpu_default`` marks the engine ``auto`` picks on CPU when installed;
    ``prepare`` is the one-time conversion ``claimdiff models pull`` runs (None: nothing);
    ``devices`` the device kinds it runs on (elsewhere the fallback runs, with a warning).
    """

    name: str
    stage: str  # "translate" or "nli"
    loader: Callable[[LoadRequest], Any]
    package: str | None = None
    extra: str | None = None
    cpu_default: bool = False
    prepare: Callable[[ResolvedModel, ModelsConfig, Any], Path] | None = None
    devices: tuple[str, ...] = ("cpu", "cuda", "mps")

    @property
    def installed(self) -> bool:
        """Whether the package this engine needs can be imported."""
        return self.package is None or importlib.util.find_spec(self.package) is not None


ENGINES: dict[tuple[str, str], Engine] = {}


def register(engine: Engine) -> Engine:
    """Add (or replace) an engine in the registry; returns it."""
    ENGINES[(engine.stage, engine.name)] = engine
    return engine


def engines_of(stage: str) -> list[Engine]:
    """The registered engines of a stage, in registration order."""
    return [engine for (s, _), engine in ENGINES.items() if s == stage]


def get_engine(stage: str, name: str) -> Engine:
    """The engine registered under ``name`` for ``stage``; ConfigError naming the known ones."""
    engine = ENGINES.get((stage, name))
    if engine is None:
        known = ", ".join(e.name for e in engines_of(stage))
        raise ConfigError(f"{stage}.engine {name!r} is not a registered engine ({known})")
    return engine


def fallback_engine(stage: str) -> Engine:
    """The stage's always-installed engine (transformers)."""
    return next(e for e in engines_of(stage) if e.package is None)


def choose_engine(stage: str, requested: str, spec: DeviceSpec) -> Engine:
    """``requested``, or for ``auto`` the engine measured fastest on this kind of device: the
    stage's ``cpu_default`` engine on CPU when its package is installed (benchmarks/RESULTS.md),
    the fallback otherwise (on a GPU, bf16/fp16 transformers; the CPU engines are not
    measured there)."""
    fallback = fallback_engine(stage)
    if requested != "auto":
        engine = get_engine(stage, requested)
        if spec.kind in engine.devices:
            return engine
        logger.warning(
            "%s.engine %r is for %s; using %s on %s",
            stage,
            engine.name,
            "/".join(engine.devices),
            fallback.name,
            spec.kind,
        )
        return fallback
    if spec.kind != "cpu":
        return fallback
    fast = next((e for e in engines_of(stage) if e.cpu_default), fallback)
    if not fast.installed:
        logger.warning(
            "%s.engine auto: %s is not installed, using %s on CPU "
            "(pip install 'claimdiff[%s]' for the faster engine)",
            stage,
            fast.package,
            fallback.name,
            fast.extra,
        )
        return fallback
    return fast


def prepare_once(
    prepare: Callable[[ResolvedModel, ModelsConfig, Any], Path],
    done: Path,
    resolved: ResolvedModel,
    models: ModelsConfig,
    cfg: Any,
) -> Path:
    """Run an engine's one-time conversion unless its output ``done`` exists; returns what
    ``prepare`` returns. The conversion runs in a child interpreter: it loads the float32
    checkpoint (and, for ONNX, traces and quantises it), and memory a process has touched
    stays in its peak RSS and mostly in its heap, so the night that converts would otherwise
    carry the converter's gigabytes alongside the models it then loads. A plain subprocess,
    not multiprocessing: that would re-run a calling script that has no ``__main__`` guard."""
    if not done.exists():
        job = {
            "prepare": f"{prepare.__module__}:{prepare.__qualname__}",
            "path": str(resolved.path),
            "model_id": resolved.model_id,
            "models": models.model_dump(mode="json"),
            "cfg_class": f"{type(cfg).__module__}:{type(cfg).__qualname__}",
            "cfg": cfg.model_dump(mode="json"),
        }
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        child = subprocess.run(
            [sys.executable, "-m", "claimdiff.models.registry"],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if child.returncode != 0:
            tail = child.stderr.strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
            raise RuntimeError(f"the conversion process failed: {tail[0]}")
    return prepare(resolved, models, cfg)  # cached now: returns the path without work


def _attribute(qualified: str) -> Any:
    module, _, name = qualified.partition(":")
    return getattr(importlib.import_module(module), name)


def _prepare_from_stdin() -> None:
    """The child side of :func:`prepare_once`: one conversion described as JSON on stdin."""
    from claimdiff.config import ModelsConfig
    from claimdiff.models.resolve import ResolvedModel

    job = json.loads(sys.stdin.read())
    cfg = _attribute(job["cfg_class"]).model_validate(job["cfg"])
    resolved = ResolvedModel(Path(job["path"]), job["model_id"])
    _attribute(job["prepare"])(resolved, ModelsConfig.model_validate(job["models"]), cfg)


def load_engine(stage: str, requested: str, request: LoadRequest) -> tuple[str, Any]:
    """Load a stage's model with the chosen engine (``choose_engine``); returns the engine's
    name and what its loader returned. Under ``auto``, a fast engine that cannot load this
    model (an export or conversion failure) gives way to the fallback with a warning; an
    engine named in the config fails loudly instead."""
    chosen = choose_engine(stage, requested, request.spec)
    try:
        return chosen.name, chosen.loader(request)
    except ModelLoadError as exc:
        fallback = fallback_engine(stage)
        if requested != "auto" or chosen is fallback:
            raise
        logger.warning("%s.engine auto: %s; using %s", stage, exc, fallback.name)
        return fallback.name, fallback.loader(request)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    _prepare_from_stdin()
