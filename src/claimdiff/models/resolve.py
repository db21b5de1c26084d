"""Finding a checkpoint on local disk, and reading its config, tokenizer and weights.

A leaf module (it imports no model stage), so every engine can use it and
``claimdiff.modelhub`` can prepare every engine without an import cycle.

Every engine loads from a *local directory*: :func:`resolve_model_dir` turns a configured
hub name or path into one (``models.local_dir`` first, then the Hugging Face cache, then a
download when the hub answers a quick probe), so ``from_pretrained`` never waits on network
retries. A hub lookup with no network takes about 25 s of retries here before it fails; the
probe fails in milliseconds when DNS fails and within ``models.hub_probe_timeout_s`` otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdiff.config import ModelsConfig
from claimdiff.errors import ModelLoadError

# What a checkpoint needs for claimdiff: weights as safetensors only (never pickles),
# configs and tokenizer files. Pickled weights are never downloaded, so never loadable.
ALLOW_PATTERNS = ["*.json", "*.safetensors", "*.spm", "*.model", "*.txt"]
META_FILE = "claimdiff-model.json"  # {"name": ..., "revision": ...} written by pull_models


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


def require_safetensors(name: str, path: Path) -> None:
    """Refuse a checkpoint directory without safetensors weights (pickles are never loaded)."""
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
        require_safetensors(name_or_path, candidate)
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
        require_safetensors(name_or_path, pulled)
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
    require_safetensors(name_or_path, cached)
    # The snapshot directory is named by the commit hash: the revision that caches key on.
    return ResolvedModel(cached, f"{name_or_path}@{cached.name}")


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
