"""``claimdiff models pull`` and the model registry (models/registry.yaml: licenses, label maps).

Finding checkpoints on disk is :mod:`claimdiff.models.resolve`; converting them for a fast
engine is that engine's ``prepare`` step in :mod:`claimdiff.models.registry`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pydantic import Field

from claimdiff.config import Config
from claimdiff.datafiles import Strict, read_yaml_mapping, validate
from claimdiff.errors import ConfigError, ModelLoadError
from claimdiff.models.resolve import (
    ALLOW_PATTERNS,
    META_FILE,
    require_safetensors,
    resolve_model_dir,
    slug,
)

logger = logging.getLogger(__name__)

DEFAULT_REGISTRY = Path("models/registry.yaml")


# --- registry ---------------------------------------------------------------------------------


class RegistryEntry(Strict):
    """One model of models/registry.yaml: its license, task and expected labels."""

    name: str
    license: str
    task: str  # "translation" or "nli"
    pair: str | None = None  # "ja-en" for translation
    id2label: dict[int, str] | None = None  # expected label order for NLI models
    notes: str = ""


class Registry(Strict):
    """models/registry.yaml: the models claimdiff knows the licenses and label maps of."""

    models: list[RegistryEntry] = Field(default_factory=list)

    def get(self, name: str) -> RegistryEntry | None:
        """The entry for a model name, if the registry knows it."""
        return next((entry for entry in self.models if entry.name == name), None)


def load_registry(path: Path = DEFAULT_REGISTRY) -> Registry:
    """Read and validate ``models/registry.yaml``; an empty registry when the file is absent
    (an installed package run outside the repository)."""
    if not path.exists():
        return Registry()
    return validate(
        Registry, read_yaml_mapping(path, "model registry"), str(path), "model registry"
    )


# --- pull ---------------------------------------------------------------------------------------


def pull_models(config: Config, registry_path: Path = DEFAULT_REGISTRY) -> list[Path]:
    """``claimdiff models pull``: download every configured model into ``models.local_dir``
    (safetensors only), record its revision, check NLI label maps against the registry, and
    prepare the configured fast engines (CTranslate2 conversion, ONNX export)."""
    from huggingface_hub import HfApi, snapshot_download

    models = config.models
    if models is None:
        raise ConfigError("models is null (checks-only): there is nothing to pull")
    registry = load_registry(registry_path)
    names = [*models.translation.values(), models.nli]
    paths: list[Path] = []
    for name in names:
        if Path(name).expanduser().is_dir():
            logger.info("%s is a local directory; nothing to pull", name)
            paths.append(Path(name).expanduser())
            continue
        revision = models.revisions.get(name)
        target = models.local_dir / slug(name)
        try:
            sha = HfApi().model_info(name, revision=revision).sha or (revision or "main")
            snapshot_download(name, revision=sha, local_dir=target, allow_patterns=ALLOW_PATTERNS)
        except Exception as exc:  # hub client raises many types; all mean the same to the user
            raise ModelLoadError(name, f"pull failed: {exc}") from exc
        require_safetensors(name, target)
        (target / META_FILE).write_text(
            json.dumps({"name": name, "revision": sha}, indent=2), encoding="utf-8"
        )
        entry = registry.get(name)
        if entry is None:
            logger.warning("%s is not in %s: check its license yourself", name, registry_path)
        else:
            logger.info("%s@%s pulled into %s (license: %s)", name, sha, target, entry.license)
            if entry.id2label is not None:
                found = json.loads((target / "config.json").read_text(encoding="utf-8"))
                actual = {int(k): v for k, v in found.get("id2label", {}).items()}
                if actual != entry.id2label:
                    raise ModelLoadError(
                        name, f"id2label {actual} differs from the registry's {entry.id2label}"
                    )
        paths.append(target)

    paths.extend(prepare_engines(config))
    return paths


def prepare_engines(config: Config) -> list[Path]:
    """Run the one-time step (conversion, export) of each engine this machine's config would
    run (``auto``: by this machine's device); returns what each step wrote."""
    import claimdiff.nli
    import claimdiff.translate  # noqa: F401  # the stages register their engines on import
    from claimdiff.models.device import device_spec_for
    from claimdiff.models.registry import choose_engine

    models = config.models
    if models is None:
        return []
    spec = device_spec_for(models)
    names = {"translate": list(models.translation.values()), "nli": [models.nli]}
    stages = {"translate": config.translate, "nli": config.nli}
    paths: list[Path] = []
    for stage, cfg in stages.items():
        engine = choose_engine(stage, cfg.engine, spec)
        if engine.prepare is None:
            continue
        for name in names[stage]:
            paths.append(engine.prepare(resolve_model_dir(name, models), models, cfg))
    return paths
