"""NLI stage: premise = original statement, hypothesis = report statement, both in English."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from claimdiff.budget import in_shards, nli_cost
from claimdiff.config import ModelsConfig, NLIConfig
from claimdiff.models import CacheStats
from claimdiff.models.device import device_spec_for
from claimdiff.models.registry import LoadRequest, load_engine
from claimdiff.models.resolve import resolve_model_dir
from claimdiff.nli import onnx, transformers  # noqa: F401  # register the engines
from claimdiff.nli.labels import map_labels
from claimdiff.nli.stage import NLIClassifier
from claimdiff.records import NLIScores, Pair, Statement, text_hash

if TYPE_CHECKING:
    from claimdiff.store import Store

__all__ = ["NLIClassifier", "classify_pairs", "load_nli", "map_labels"]

logger = logging.getLogger(__name__)


def load_nli(name_or_path: str, models: ModelsConfig, cfg: NLIConfig) -> NLIClassifier:
    """Load the configured NLI model with the configured engine.

    Raises ModelLoadError (names the model and the fixes) when it cannot be found or read,
    and LabelMappingError when its ``config.id2label`` cannot be mapped by name.
    """
    request = LoadRequest(
        name_or_path, resolve_model_dir(name_or_path, models), models, cfg, device_spec_for(models)
    )
    engine, classifier = load_engine("nli", cfg.engine, request)
    logger.info(
        "NLI model %s (%s engine), labels %s", classifier.model_id, engine, classifier.label_map
    )
    return classifier


def classify_pairs(
    pairs: list[Pair],
    statements: dict[str, Statement],
    classifier: NLIClassifier,
    store: Store | None,
) -> tuple[dict[str, NLIScores], CacheStats]:
    """NLI scores for each pair (premise = original ``text_en``, hypothesis = report ``text_en``),
    keyed by pair_id. Results are cached in the store by (model id, premise hash, hypothesis
    hash); identical pairs are computed once. Counts are per unique (premise, hypothesis)."""
    texts: dict[str, tuple[str, str]] = {}
    keys: dict[str, tuple[str, str]] = {}
    for pair in pairs:
        premise = _english(statements, pair.original_id, pair.pair_id)
        hypothesis = _english(statements, pair.report_id, pair.pair_id)
        key = (text_hash(premise), text_hash(hypothesis))
        keys[pair.pair_id] = key
        texts[key] = (premise, hypothesis)
    unique = list(texts)
    cached = store.get_nli(classifier.model_id, unique) if store is not None and unique else {}
    todo = [key for key in unique if key not in cached]
    # in the shards a Dask worker would take, so either way gives the same scores
    done = in_shards(
        [texts[k] for k in todo], nli_cost, classifier.cfg.shard_tokens, classifier.predict
    )
    computed = dict(zip(todo, done, strict=True))
    if store is not None and computed:
        store.put_nli(classifier.model_id, [(p, h, s) for (p, h), s in computed.items()])
    scores = {**cached, **computed}
    stats = CacheStats(hits=len(unique) - len(todo), misses=len(todo))
    logger.info("NLI: %d pairs, %d unique, %d from cache", len(pairs), len(unique), stats.hits)
    return {pair_id: scores[key] for pair_id, key in keys.items()}, stats


def _english(statements: dict[str, Statement], statement_id: str, pair_id: str) -> str:
    statement = statements.get(statement_id)
    if statement is None:
        raise KeyError(
            f"pair {pair_id}: statement {statement_id} is not among the statements given"
        )
    if statement.text_en is None:
        raise ValueError(
            f"pair {pair_id}: statement {statement_id} has no English text; run translate first"
        )
    return statement.text_en
