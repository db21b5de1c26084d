"""Text similarity used by story grouping and pairing.

TF-IDF cosine is enough here: pairing only has to put the right original among the top-k
candidates, and the NLI model and fact checks do the fine judgement. It needs no model
download, so it works the same in checks-only mode and offline.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity


def _english_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)


def english_similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine similarity matrix (len(left) x len(right)) of English texts, word uni+bigrams."""
    return _similarity(left, right, _english_vectorizer())


def english_self_similarity(texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity of every English text with every other (fitted once on the texts)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    try:
        matrix = _english_vectorizer().fit_transform(texts)
    except ValueError:
        return np.zeros((len(texts), len(texts)), dtype=np.float32)
    return cosine_similarity(matrix).astype(np.float32)


def character_similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine similarity of texts in the same language by character 2-3-grams (works for ko/ja)."""
    return _similarity(
        left, right, TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True)
    )


def _similarity(
    left: Sequence[str], right: Sequence[str], vectorizer: TfidfVectorizer
) -> np.ndarray:
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform([*left, *right])
    except ValueError:  # every text was stop words or empty: nothing to compare
        return np.zeros((len(left), len(right)), dtype=np.float32)
    return cosine_similarity(matrix[: len(left)], matrix[len(left) :]).astype(np.float32)


def key_weights(key_sets: Sequence[set[str]]) -> dict[str, float]:
    """Weight in [0, 1] of each key by how rare it is among the given statements (normalised IDF).

    A key that most statements of a story share ("korea" in a story about Korea) says little
    about which original a report statement is reporting on; a number shared by few says a lot.
    """
    n = len(key_sets)
    document_frequency = Counter(k for keys in key_sets for k in keys)
    if n < 2:
        return dict.fromkeys(document_frequency, 1.0)
    return {
        k: math.log(n / df) / math.log(n) if df < n else 0.0 for k, df in document_frequency.items()
    }


def key_overlap(left: set[str], right: set[str], weights: dict[str, float]) -> float:
    """Evidence in [0, 1] that two statements are about the same thing, from their shared keys.

    Noisy-or over the shared keys' weights: one rare shared number is strong evidence, a shared
    common name is weak, and several weak keys add up.
    """
    missing = 1.0
    for key in left & right:
        missing *= 1.0 - weights.get(key, 1.0)
    return 1.0 - missing
