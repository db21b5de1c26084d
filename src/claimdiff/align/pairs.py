"""Pair each report statement with the top-k original statements of its story."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np

from claimdiff.align.similarity import (
    character_similarity,
    english_similarity,
    key_overlap,
    key_weights,
)
from claimdiff.config import AlignConfig
from claimdiff.records import Pair, Statement, Story

log = logging.getLogger(__name__)

# Share of the score that comes from shared numbers and names when text similarity is available.
_KEY_WEIGHT = 0.3


def pair_statements(
    stories: Sequence[Story],
    statements: Sequence[Statement],
    keys_fn: Callable[[Statement], set[str]],
    config: AlignConfig,
) -> list[Pair]:
    """Top-k original statements for every report statement, within each story.

    Similarity is TF-IDF cosine on the English text when both sides have it, character
    n-gram cosine when both are in the same language, and otherwise (checks-only mode across
    languages) the rarity-weighted overlap of shared numbers and names; shared keys add to the
    first two.
    """
    by_article: dict[str, list[Statement]] = {}
    for statement in statements:
        by_article.setdefault(statement.article_id, []).append(statement)
    pairs: list[Pair] = []
    for story in stories:
        members = [s for aid in story.article_ids for s in by_article.get(aid, [])]
        originals = [s for s in members if s.role == "original"]
        reports = [s for s in members if s.role == "report"]
        if originals and reports:
            pairs.extend(_pair_story(story, originals, reports, keys_fn, config))
    log.info("paired statements of %d stories into %d pairs", len(stories), len(pairs))
    return pairs


def _pair_story(
    story: Story,
    originals: list[Statement],
    reports: list[Statement],
    keys_fn: Callable[[Statement], set[str]],
    config: AlignConfig,
) -> list[Pair]:
    original_keys = [keys_fn(s) for s in originals]
    report_keys = [keys_fn(s) for s in reports]
    weights = key_weights(original_keys + report_keys)
    english = _english_scores(originals, reports)
    same_language = _same_language_scores(originals, reports)
    pairs = []
    for j, report in enumerate(reports):
        scored = []
        for i, original in enumerate(originals):
            overlap = key_overlap(original_keys[i], report_keys[j], weights)
            if original.text_en is not None and report.text_en is not None:
                score, basis = english[i, j], "tfidf-en"
            elif original.lang == report.lang:
                score, basis = same_language[(original.lang, i, j)], "tfidf-char"
            else:
                score, basis = None, "shared-facts"
            if score is None:
                similarity = overlap
            else:
                similarity = (1 - _KEY_WEIGHT) * float(score) + _KEY_WEIGHT * overlap
            threshold = config.min_key_evidence if score is None else config.min_similarity
            if similarity >= threshold:
                scored.append((similarity, i, basis))
        scored.sort(key=lambda item: (-item[0], item[1]))
        for similarity, i, basis in scored[: config.top_k]:
            original = originals[i]
            pairs.append(
                Pair(
                    pair_id=Pair.make_id(original.statement_id, report.statement_id),
                    story_id=story.story_id,
                    original_id=original.statement_id,
                    report_id=report.statement_id,
                    similarity=round(similarity, 4),
                    basis=basis,
                )
            )
    return pairs


def _english_scores(originals: list[Statement], reports: list[Statement]) -> np.ndarray:
    left = [s.text_en or "" for s in originals]
    right = [s.text_en or "" for s in reports]
    if not any(left) or not any(right):
        return np.zeros((len(originals), len(reports)), dtype=np.float32)
    return english_similarity(left, right)


def _same_language_scores(
    originals: list[Statement], reports: list[Statement]
) -> dict[tuple[str, int, int], float]:
    scores: dict[tuple[str, int, int], float] = {}
    for lang in {s.lang for s in originals} & {s.lang for s in reports}:
        left = [(i, s) for i, s in enumerate(originals) if s.lang == lang]
        right = [(j, s) for j, s in enumerate(reports) if s.lang == lang]
        matrix = character_similarity([s.text for _, s in left], [s.text for _, s in right])
        for a, (i, _) in enumerate(left):
            for b, (j, _) in enumerate(right):
                scores[(lang, i, j)] = float(matrix[a, b])
    return scores
