"""``engine: auto`` picks the engine measured fastest for the device, and never fails for it."""

from __future__ import annotations

import logging

import pytest
import torch

from claimdiff.config import NLIConfig, TranslateConfig
from claimdiff.engine.choice import choose_engine
from claimdiff.engine.device import DeviceSpec
from claimdiff.errors import ModelLoadError
from claimdiff.nli import NLI_ENGINES, load_nli
from claimdiff.translate import load_translator

CPU = DeviceSpec((torch.device("cpu"),), torch.float32)
CUDA = DeviceSpec((torch.device("cuda", 0),), torch.bfloat16, pad_multiple=8)


@pytest.mark.parametrize(
    ("requested", "spec", "package", "expected"),
    [
        ("auto", CPU, "onnxruntime", "onnx"),
        ("auto", CUDA, "onnxruntime", "transformers"),  # GPU: bf16 transformers
        ("auto", CPU, "no_such_package_claimdiff", "transformers"),  # extra not installed
        ("transformers", CPU, "onnxruntime", "transformers"),  # an explicit choice stands
        ("onnx", CUDA, "onnxruntime", "onnx"),
    ],
)
def test_choose_engine(requested, spec, package, expected):
    assert choose_engine("nli", requested, spec, "onnx", package) == expected


def test_missing_package_is_named_with_the_install_command(caplog):
    with caplog.at_level(logging.WARNING):
        choose_engine("translate", "auto", CPU, "ctranslate2", "no_such_package_claimdiff")
    assert "pip install 'claimdiff[ct2]'" in caplog.text


def test_auto_on_cpu_loads_the_fast_engines(tiny_models, models_cfg):
    nli = load_nli(str(tiny_models.nli), models_cfg, NLIConfig())
    assert nli.model_id.endswith("+onnx-int8")
    ja = str(tiny_models.translation["ja"])
    translator = load_translator(ja, "ja", models_cfg, TranslateConfig(beam_size=1))
    assert translator.model_id.endswith("+ct2-int8")


def test_auto_falls_back_to_transformers_when_the_fast_engine_cannot_load(
    tiny_models, models_cfg, monkeypatch, caplog
):
    def export_fails(name, *args):
        raise ModelLoadError(name, "ONNX export failed: unsupported operator")

    monkeypatch.setitem(NLI_ENGINES, "onnx", export_fails)
    with caplog.at_level(logging.WARNING):
        nli = load_nli(str(tiny_models.nli), models_cfg, NLIConfig())
    assert "+onnx" not in nli.model_id
    assert "unsupported operator" in caplog.text and "using transformers" in caplog.text
    with pytest.raises(ModelLoadError, match="unsupported operator"):
        load_nli(str(tiny_models.nli), models_cfg, NLIConfig(engine="onnx"))
