"""Model resolution: local directories, fail-fast when missing, model ids."""

from __future__ import annotations

import json

import pytest

from claimdiff.config import ModelsConfig
from claimdiff.errors import ModelLoadError
from claimdiff.models.resolve import META_FILE, resolve_model_dir


def test_local_directory_id_is_deterministic(tiny_models, tmp_path):
    models = ModelsConfig(device="cpu", download=False, local_dir=tmp_path)
    first = resolve_model_dir(str(tiny_models.nli), models)
    second = resolve_model_dir(str(tiny_models.nli), models)
    assert first.path == tiny_models.nli and first.model_id == second.model_id
    assert first.model_id.startswith(tiny_models.nli.name + "@")
    # label-order variants share weights but not config: different ids, different caches
    other = resolve_model_dir(
        str(tiny_models.nli_label_orders["contradiction-neutral-entailment"]), models
    )
    assert other.model_id != first.model_id


def test_pulled_model_is_found_by_hub_name_with_its_revision(tiny_models, tmp_path):
    import shutil

    target = tmp_path / "org--tiny-nli"
    shutil.copytree(tiny_models.nli, target)
    (target / META_FILE).write_text(json.dumps({"name": "org/tiny-nli", "revision": "abc123"}))
    models = ModelsConfig(device="cpu", download=False, local_dir=tmp_path)
    resolved = resolve_model_dir("org/tiny-nli", models)
    assert resolved.path == target and resolved.model_id == "org/tiny-nli@abc123"


def test_directory_without_safetensors_is_refused(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "pytorch_model.bin").write_bytes(b"pickle")
    with pytest.raises(ModelLoadError, match="safetensors"):
        resolve_model_dir(str(tmp_path), ModelsConfig(download=False))


def test_missing_path_is_named(tmp_path):
    with pytest.raises(ModelLoadError, match="no such directory"):
        resolve_model_dir(str(tmp_path / "nope"), ModelsConfig(download=False))


def test_unreachable_hub_fails_fast(monkeypatch, tmp_path):
    from huggingface_hub import constants

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(constants, "ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    models = ModelsConfig(download=True, local_dir=tmp_path, hub_probe_timeout_s=2)
    with pytest.raises(ModelLoadError, match="unreachable") as info:
        resolve_model_dir("no-such-org/no-such-model", models)
    # the probe answered, not the hub client's retries: its endpoint and error are named
    assert "127.0.0.1:9" in str(info.value) and "ConnectError" in str(info.value)
