"""The NLI model stage (claimdiff.nli.stage) through the transformers engine on the tiny
DeBERTa-v2 checkpoints: order, empty inputs, truncation."""

from __future__ import annotations

import numpy as np
import pytest

from claimdiff.config import NLIConfig
from claimdiff.nli import load_nli
from models.tiny import corpus


def _pairs(n_hyp: int = 4) -> list[tuple[str, str]]:
    en = corpus("en")
    return [(en[i], en[(i + k) % len(en)]) for i in range(len(en)) for k in range(n_hyp)]


def _probs(scores) -> np.ndarray:
    return np.array([[s.entailment, s.neutral, s.contradiction] for s in scores])


def test_scores_are_probabilities_in_input_order(nli_classifier):
    pairs = _pairs()
    batched = nli_classifier.predict(pairs)
    one_by_one = [nli_classifier.predict([pair])[0] for pair in pairs[:20]]
    assert len(batched) == len(pairs)
    np.testing.assert_allclose(_probs(batched[:20]), _probs(one_by_one), atol=1e-4)
    assert np.allclose(_probs(batched).sum(axis=1), 1.0, atol=1e-4)
    # the tiny model does tell pairs apart: order mistakes would show
    assert len({round(s.entailment, 4) for s in batched}) > len(pairs) // 2


@pytest.mark.parametrize(
    "pairs", [[], [("The minister did not confirm the report.", "It was confirmed.")]]
)
def test_empty_and_single_input(nli_classifier, pairs):
    out = nli_classifier.predict(pairs)
    assert len(out) == len(pairs)
    assert all(isinstance(s.entailment, float) for s in out)


def test_truncation_is_recorded(tiny_models, models_cfg):
    engine = load_nli(
        str(tiny_models.nli), models_cfg, NLIConfig(engine="transformers", max_length=16)
    )
    long = " ".join(corpus("en")[:3])
    out = engine.predict([(long, "Exports fell."), ("Rain.", "Exports fell.")])
    assert [s.truncated for s in out] == [True, False]
