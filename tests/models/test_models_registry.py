"""The engine registry: ``engine: auto`` picks the engine measured fastest for the device, and
never fails for it."""

from __future__ import annotations

import logging

import pytest
import torch

from claimdiff.config import NLIConfig, TranslateConfig
from claimdiff.errors import ModelLoadError
from claimdiff.models.device import DeviceSpec
from claimdiff.models.registry import ENGINES, Engine, choose_engine, engines_of
from claimdiff.nli import load_nli
from claimdiff.translate import load_translator

CPU = DeviceSpec((torch.device("cpu"),), torch.float32)
CUDA = DeviceSpec((torch.device("cuda", 0),), torch.bfloat16, pad_multiple=8)


def _without_package(monkeypatch, stage: str, name: str) -> None:
    """Register the stage's engine ``name`` as needing a package that is not installed."""
    import dataclasses

    engine = ENGINES[(stage, name)]
    missing = dataclasses.replace(engine, package="no_such_package_claimdiff")
    monkeypatch.setitem(ENGINES, (stage, name), missing)


@pytest.mark.parametrize(
    ("stage", "requested", "spec", "expected"),
    [
        ("nli", "auto", CPU, "onnx"),
        ("translate", "auto", CPU, "ctranslate2"),
        ("nli", "auto", CUDA, "transformers"),  # GPU: bf16 transformers
        ("translate", "auto", CUDA, "transformers"),
        ("nli", "transformers", CPU, "transformers"),  # an explicit choice stands
        ("nli", "onnx", CUDA, "transformers"),  # ONNX Runtime int8 is the CPU engine
        ("translate", "ctranslate2", CUDA, "ctranslate2"),
    ],
)
def test_choose_engine(stage, requested, spec, expected):
    assert choose_engine(stage, requested, spec).name == expected


def test_every_stage_has_one_fallback_and_one_cpu_default():
    for stage in ("translate", "nli"):
        engines = engines_of(stage)
        assert sum(e.package is None for e in engines) == 1
        assert sum(e.cpu_default for e in engines) == 1
        assert all(e.extra for e in engines if e.package is not None)


def test_missing_package_falls_back_and_names_the_install_command(monkeypatch, caplog):
    _without_package(monkeypatch, "translate", "ctranslate2")
    with caplog.at_level(logging.WARNING):
        chosen = choose_engine("translate", "auto", CPU)
    assert chosen.name == "transformers"
    assert "pip install 'claimdiff[ct2]'" in caplog.text


def test_an_unregistered_engine_is_a_config_error_naming_the_known_ones():
    from claimdiff.errors import ConfigError

    with pytest.raises(
        ConfigError, match=r"'tensorrt' is not a registered engine \(onnx, transformers\)"
    ):
        choose_engine("nli", "tensorrt", CPU)


def test_a_registered_engine_is_loaded_by_name(tiny_models, models_cfg, monkeypatch):
    from claimdiff.nli import transformers

    seen = []

    def load(request):
        seen.append(request.name)
        return transformers.load(request)

    monkeypatch.setitem(ENGINES, ("nli", "mine"), Engine("mine", "nli", load, package="torch"))
    engine = load_nli(str(tiny_models.nli), models_cfg, NLIConfig(engine="mine"))
    assert seen == [str(tiny_models.nli)] and engine.predict([("a b", "c d")])


def test_auto_on_cpu_loads_the_fast_engines(tiny_models, models_cfg):
    nli = load_nli(str(tiny_models.nli), models_cfg, NLIConfig())
    assert nli.model_id.endswith("+onnx-int8")
    ja = str(tiny_models.translation["ja"])
    translator = load_translator(ja, "ja", models_cfg, TranslateConfig(beam_size=1))
    assert translator.model_id.endswith("+ct2-int8+vmap")


def test_auto_falls_back_to_transformers_when_the_fast_engine_cannot_load(
    tiny_models, models_cfg, monkeypatch, caplog
):
    def export_fails(request):
        raise ModelLoadError(request.name, "ONNX export failed: unsupported operator")

    import dataclasses

    onnx = ENGINES[("nli", "onnx")]
    monkeypatch.setitem(ENGINES, ("nli", "onnx"), dataclasses.replace(onnx, loader=export_fails))
    with caplog.at_level(logging.WARNING):
        nli = load_nli(str(tiny_models.nli), models_cfg, NLIConfig())
    assert "+onnx" not in nli.model_id
    assert "unsupported operator" in caplog.text and "using transformers" in caplog.text
    with pytest.raises(ModelLoadError, match="unsupported operator"):
        load_nli(str(tiny_models.nli), models_cfg, NLIConfig(engine="onnx"))
