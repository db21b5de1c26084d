"""The ONNX Runtime NLI engine agrees with the transformers engine on the tiny models."""

from __future__ import annotations

import numpy as np

from claimdiff.config import NLIConfig
from claimdiff.nli import load_nli
from tests.nli.pairs import nli_pairs, probs


def test_onnx_int8_agrees_with_transformers(tiny_models, models_cfg, nli_classifier):
    engine = load_nli(str(tiny_models.nli), models_cfg, NLIConfig(engine="onnx"))
    assert engine.model_id.endswith("+onnx-int8")
    pairs = nli_pairs()
    fast, reference = probs(engine.predict(pairs)), probs(nli_classifier.predict(pairs))
    same = (fast.argmax(axis=1) == reference.argmax(axis=1)).mean()
    assert same >= 0.98
    assert np.abs(fast - reference).max() <= 0.02
