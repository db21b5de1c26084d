"""Premise / hypothesis pairs from the tiny models' corpus, and scores as an array: what the NLI
engine tests compare."""

from __future__ import annotations

import numpy as np

from models.tiny import corpus


def nli_pairs(n_hyp: int = 4) -> list[tuple[str, str]]:
    """Each English corpus line with the ``n_hyp`` lines from it on as hypotheses."""
    en = corpus("en")
    return [(en[i], en[(i + k) % len(en)]) for i in range(len(en)) for k in range(n_hyp)]


def probs(scores) -> np.ndarray:
    """(entailment, neutral, contradiction) per pair."""
    return np.array([[s.entailment, s.neutral, s.contradiction] for s in scores])
