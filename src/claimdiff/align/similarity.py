"""Text similarity used by story grouping and pairing.

TF-IDF cosine is enough here: pairing only has to put the right original among the top-k
candidates, and the NLI model and fact checks do the fine judgement. It needs no model
download, so it works the same in checks-only mode and offline.
"""

from __future__ import annotations

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


def key_overlap(left: set[str], right: set[str]) -> float:
    """Jaccard overlap of two key sets (shared numbers and names)."""
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)
