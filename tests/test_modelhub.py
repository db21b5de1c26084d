"""The model registry (models/registry.yaml) and ``claimdiff models pull``."""

from __future__ import annotations

from claimdiff.config import ModelsConfig
from claimdiff.modelhub import load_registry
from claimdiff.nli import map_labels


def test_registry_lists_licenses_and_mappable_label_maps():
    registry = load_registry()
    assert registry.models, "models/registry.yaml is empty"
    for entry in registry.models:
        assert entry.license
        if entry.task == "nli":
            assert entry.id2label is not None
            map_labels(entry.id2label, entry.name)  # raises if unmappable
    defaults = ModelsConfig()
    for name in [*defaults.translation.values(), defaults.nli]:
        assert registry.get(name) is not None, f"default model {name} missing from the registry"


def test_pull_prepares_fast_engines_for_local_models(tiny_models, tmp_path):
    from claimdiff.config import parse_config
    from claimdiff.modelhub import pull_models

    config = parse_config(
        {
            "models": {
                "translation": {"ja": str(tiny_models.translation["ja"])},
                "nli": str(tiny_models.nli),
                "device": "cpu",
                "download": False,
                "local_dir": str(tmp_path),
            },
            "translate": {"engine": "ctranslate2"},
            "nli": {"engine": "onnx"},
        }
    )
    paths = pull_models(config)
    assert (paths[-2] / "model.bin").exists()  # CTranslate2 conversion
    assert paths[-1].name == "model.int8.onnx" and paths[-1].exists()
    assert pull_models(config) == paths  # idempotent: conversions are reused
