"""The transformers NLI engine: dtypes, sharded workers, out-of-memory splitting."""

from __future__ import annotations

import numpy as np
import torch

from claimdiff.config import NLIConfig
from claimdiff.nli import load_nli
from claimdiff.nli.transformers import TransformersNLI
from tests.models.oom import out_of_memory_above
from tests.nli.pairs import nli_pairs, probs

TORCH = NLIConfig(engine="transformers")


def test_bfloat16_on_cpu(tiny_models, models_cfg, nli_classifier):
    cfg = models_cfg.model_copy(update={"dtype": "bfloat16"})
    engine = load_nli(str(tiny_models.nli), cfg, TORCH)
    assert next(engine.replicas[0].parameters()).dtype == torch.bfloat16
    pairs = nli_pairs(1)
    out = probs(engine.predict(pairs))
    assert out.dtype == np.float64 and np.allclose(out.sum(axis=1), 1.0, atol=1e-3)
    assert np.abs(out - probs(nli_classifier.predict(pairs))).max() < 0.1


def test_sharded_workers_match_one_worker(tiny_models, models_cfg, nli_classifier):
    cfg = models_cfg.model_copy(update={"device_count": 2})
    engine = load_nli(
        str(tiny_models.nli), cfg, NLIConfig(engine="transformers", cpu_token_budget=128)
    )
    assert engine.workers == 2
    pairs = nli_pairs()
    np.testing.assert_allclose(
        probs(engine.predict(pairs)), probs(nli_classifier.predict(pairs)), atol=1e-4
    )


def test_injected_out_of_memory_loses_nothing(nli_classifier):
    assert isinstance(nli_classifier, TransformersNLI)
    flaky = out_of_memory_above(nli_classifier, 2)
    pairs = nli_pairs(2)
    out = flaky.predict(pairs)
    assert flaky.ooms > 0
    np.testing.assert_allclose(probs(out), probs(nli_classifier.predict(pairs)), atol=1e-4)
