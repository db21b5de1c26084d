"""Finding, fetching and converting checkpoints; the model registry.

Every engine loads from a *local directory*: :func:`resolve_model_dir` turns a configured
hub name or path into one (``models.local_dir`` first, then the Hugging Face cache, then a
download when the hub answers a quick probe), so ``from_pretrained`` never waits on network
retries. A hub lookup with no network takes about 25 s of retries here before it fails; the
probe fails in milliseconds when DNS fails and within ``models.hub_probe_timeout_s`` otherwise.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from claimdiff.config import Config, ModelsConfig
from claimdiff.datafiles import Strict, read_yaml_mapping, validate
from claimdiff.errors import ConfigError, ModelLoadError

logger = logging.getLogger(__name__)

# What a checkpoint needs for claimdiff: weights as safetensors only (never pickles),
# configs and tokenizer files. Pickled weights are never downloaded, so never loadable.
ALLOW_PATTERNS = ["*.json", "*.safetensors", "*.spm", "*.model", "*.txt"]
META_FILE = "claimdiff-model.json"  # {"name": ..., "revision": ...} written by pull_models
DEFAULT_REGISTRY = Path("models/registry.yaml")


@dataclass(frozen=True)
class ResolvedModel:
    """A checkpoint on local disk and the id that caches and finding ids use."""

    path: Path
    model_id: str  # "name@revision", or "dirname@fingerprint" for an unlabelled local directory


def slug(name: str) -> str:
    """A file-system-safe directory name for a model name or id."""
    return re.sub(r"[^A-Za-z0-9._-]+", "--", name).strip("-")


def _fingerprint(path: Path) -> str:
    """A cheap content fingerprint of a local checkpoint: config, tokenizer config, and the head,
    tail and size of each weights file (hashing gigabytes on every run would be slow)."""
    digest = hashlib.sha256()
    for name in ("config.json", "tokenizer_config.json", "generation_config.json"):
        file = path / name
        if file.exists():
            digest.update(file.read_bytes())
    for weights in sorted(path.glob("*.safetensors")):
        size = weights.stat().st_size
        digest.update(f"{weights.name}:{size}".encode())
        with weights.open("rb") as handle:
            digest.update(handle.read(1 << 20))
            handle.seek(max(size - (1 << 20), 0))
            digest.update(handle.read(1 << 20))
    return digest.hexdigest()[:12]


def _local_model_id(path: Path) -> str:
    meta = path / META_FILE
    if meta.exists():
        data = json.loads(meta.read_text(encoding="utf-8"))
        return f"{data['name']}@{data['revision']}"
    return f"{path.name}@{_fingerprint(path)}"


def _require_safetensors(name: str, path: Path) -> None:
    if not any(path.glob("*.safetensors")):
        raise ModelLoadError(
            name,
            f"{path} has no .safetensors weights (claimdiff never loads pickled weights); if the "
            "hub repository only has pytorch_model.bin on main, pin models.revisions[name] to a "
            "revision with safetensors (often the hub's conversion PR, refs/pr/N)",
        )


def _hub_reachable(timeout_s: float) -> tuple[bool, str]:
    import httpx
    from huggingface_hub import constants

    try:
        httpx.head(constants.ENDPOINT, timeout=timeout_s, follow_redirects=True)
    except httpx.HTTPError as exc:
        return False, f"{constants.ENDPOINT} unreachable ({type(exc).__name__}: {exc})"
    return True, ""


def resolve_model_dir(name_or_path: str, models: ModelsConfig) -> ResolvedModel:
    """Find (or fetch) the local directory of a configured model; raise ModelLoadError if none.

    Order: an existing directory path; ``models.local_dir/<slug>`` (from ``claimdiff models
    pull``); the Hugging Face cache; a download when ``models.download`` is on and the hub
    answers. Only safetensors weights count.
    """
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError

    candidate = Path(name_or_path).expanduser()
    if candidate.is_dir():
        _require_safetensors(name_or_path, candidate)
        return ResolvedModel(candidate, _local_model_id(candidate))
    if (
        candidate.is_absolute()
        or name_or_path.startswith((".", "~"))
        or name_or_path.count("/") > 1
    ):
        raise ModelLoadError(name_or_path, f"no such directory: {candidate}")

    revision = models.revisions.get(name_or_path)
    pulled = models.local_dir / slug(name_or_path)
    if (pulled / "config.json").exists():
        _require_safetensors(name_or_path, pulled)
        return ResolvedModel(pulled, _local_model_id(pulled))

    try:
        cached = Path(
            snapshot_download(
                name_or_path,
                revision=revision,
                local_files_only=True,
                allow_patterns=ALLOW_PATTERNS,
            )
        )
    except (LocalEntryNotFoundError, FileNotFoundError):
        cached = None
    if cached is None or not (cached / "config.json").exists():
        if not models.download or os.environ.get("HF_HUB_OFFLINE", "0") not in ("", "0"):
            raise ModelLoadError(
                name_or_path,
                f"not in {pulled} nor the Hugging Face cache, and downloads are off",
            )
        reachable, why = _hub_reachable(models.hub_probe_timeout_s)
        if not reachable:
            raise ModelLoadError(
                name_or_path, f"not in {pulled} nor the Hugging Face cache, and {why}"
            )
        try:
            cached = Path(
                snapshot_download(name_or_path, revision=revision, allow_patterns=ALLOW_PATTERNS)
            )
        except (HfHubHTTPError, OSError) as exc:
            raise ModelLoadError(name_or_path, f"download failed: {exc}") from exc
    _require_safetensors(name_or_path, cached)
    # The snapshot directory is named by the commit hash: the revision that caches key on.
    return ResolvedModel(cached, f"{name_or_path}@{cached.name}")


# --- registry ---------------------------------------------------------------------------------


class RegistryEntry(Strict):
    name: str
    license: str
    task: str  # "translation" or "nli"
    pair: str | None = None  # "ja-en" for translation
    id2label: dict[int, str] | None = None  # expected label order for NLI models
    notes: str = ""


class Registry(Strict):
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
        _require_safetensors(name, target)
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

    from claimdiff.engine.choice import choose_engine
    from claimdiff.engine.device import device_spec_for

    # the engines this machine's config would run (auto: by this machine's device)
    spec = device_spec_for(models)
    if (
        choose_engine("translate", config.translate.engine, spec, "ctranslate2", "ctranslate2")
        == "ctranslate2"
    ):
        from claimdiff.translate.ct2 import convert_to_ctranslate2, ct2_dir_for

        for name in models.translation.values():
            resolved = resolve_model_dir(name, models)
            paths.append(convert_to_ctranslate2(resolved.path, ct2_dir_for(resolved, models)))
    if choose_engine("nli", config.nli.engine, spec, "onnx", "onnxruntime") == "onnx":
        from claimdiff.nli.onnx import export_onnx, onnx_dir_for

        resolved = resolve_model_dir(models.nli, models)
        paths.append(export_onnx(resolved.path, onnx_dir_for(resolved, models), config.nli))
    return paths


# --- loading ------------------------------------------------------------------------------------


def load_config_and_tokenizer(name: str, path: Path | str) -> tuple[Any, Any]:
    """A checkpoint's config and tokenizer; remote code is never run."""
    from transformers import AutoConfig, AutoTokenizer

    try:
        config = AutoConfig.from_pretrained(path, trust_remote_code=False)
        tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelLoadError(name, f"{path}: {exc}") from exc
    return config, tokenizer


def load_weights(auto_class: Any, name: str, path: Path | str, dtype: Any) -> Any:
    """The one place claimdiff reads model weights: safetensors only, no remote code."""
    try:
        return auto_class.from_pretrained(
            path, use_safetensors=True, trust_remote_code=False, dtype=dtype
        )
    except (OSError, ValueError, RuntimeError) as exc:
        raise ModelLoadError(name, f"{path}: {exc}") from exc
