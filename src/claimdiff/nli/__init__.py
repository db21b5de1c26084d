"""NLI stage: premise = original statement, hypothesis = report statement, both in English."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from claimdiff.config import ModelsConfig, NLIConfig
from claimdiff.engine import CacheStats, DeviceSpec
from claimdiff.engine.choice import load_engine
from claimdiff.engine.device import device_spec_for
from claimdiff.errors import ModelLoadError
from claimdiff.modelhub import (
    ResolvedModel,
    load_config_and_tokenizer,
    load_weights,
    resolve_model_dir,
)
from claimdiff.nli.engine import NLIEngine, TransformersNLIEngine
from claimdiff.nli.labels import map_labels
from claimdiff.records import NLIScores, Pair, Statement, text_hash

if TYPE_CHECKING:
    from claimdiff.store import Store

__all__ = ["NLI_ENGINES", "NLIEngine", "classify_pairs", "load_nli", "map_labels"]

logger = logging.getLogger(__name__)


def _common(resolved: ResolvedModel, name: str, cfg: NLIConfig) -> tuple[Any, Any, dict[str, int]]:
    config, tokenizer = load_config_and_tokenizer(name, resolved.path)
    # Labels first: an unmappable model is refused before its weights are read.
    return config, tokenizer, map_labels(config.id2label, name)


def _load_transformers(
    name: str, resolved: ResolvedModel, models: ModelsConfig, cfg: NLIConfig, spec: DeviceSpec
) -> NLIEngine:
    from transformers import AutoModelForSequenceClassification

    from claimdiff.nli.onnx import _input_names

    config, tokenizer, label_map = _common(resolved, name, cfg)
    model = load_weights(AutoModelForSequenceClassification, name, resolved.path, spec.dtype)
    return TransformersNLIEngine(
        model,
        model_id=resolved.model_id,
        tokenizer=tokenizer,
        label_map=label_map,
        cfg=cfg,
        spec=spec,
        input_names=_input_names(tokenizer, config),
    )


def _load_onnx(
    name: str, resolved: ResolvedModel, models: ModelsConfig, cfg: NLIConfig, spec: DeviceSpec
) -> NLIEngine:
    from claimdiff.nli.onnx import OnnxNLIEngine, _input_names, export_onnx, onnx_dir_for

    if spec.kind != "cpu":
        # int8 ONNX Runtime is the CPU fast path; on a GPU the transformers engine in bf16 wins.
        logger.warning(
            "nli.engine 'onnx' is for CPU; using the transformers engine on %s", spec.kind
        )
        return _load_transformers(name, resolved, models, cfg, spec)
    config, tokenizer, label_map = _common(resolved, name, cfg)
    try:
        path = export_onnx(resolved.path, onnx_dir_for(resolved, models), cfg)
    except (OSError, ValueError, RuntimeError) as exc:
        raise ModelLoadError(name, f"ONNX export of {resolved.path} failed: {exc}") from exc
    suffix = "+onnx-int8" if cfg.onnx_quantize else "+onnx"
    return OnnxNLIEngine(
        path,
        cfg.onnx_threads,
        model_id=resolved.model_id + suffix,
        tokenizer=tokenizer,
        label_map=label_map,
        cfg=cfg,
        spec=spec,
        input_names=_input_names(tokenizer, config),
    )


# Engines by config name (spaCy-style registry; no branching on model names).
NLI_ENGINES: dict[str, Callable[..., NLIEngine]] = {
    "transformers": _load_transformers,
    "onnx": _load_onnx,
}


def load_nli(name_or_path: str, models: ModelsConfig, cfg: NLIConfig) -> NLIEngine:
    """Load the configured NLI model with the configured engine.

    Raises ModelLoadError (names the model and the fixes) when it cannot be found or read,
    and LabelMappingError when its ``config.id2label`` cannot be mapped by name.
    """
    resolved = resolve_model_dir(name_or_path, models)
    spec = device_spec_for(models)
    chosen, engine = load_engine(
        "nli", cfg.engine, spec, "onnx", "onnxruntime", NLI_ENGINES,
        name_or_path, resolved, models, cfg, spec,
    )  # fmt: skip
    logger.info("NLI model %s (%s engine), labels %s", engine.model_id, chosen, engine.label_map)
    return engine


def classify_pairs(
    pairs: list[Pair],
    statements: dict[str, Statement],
    engine: NLIEngine,
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
    cached = store.get_nli(engine.model_id, unique) if store is not None and unique else {}
    todo = [key for key in unique if key not in cached]
    computed = dict(zip(todo, engine.predict([texts[k] for k in todo]), strict=True))
    if store is not None and computed:
        store.put_nli(engine.model_id, [(p, h, s) for (p, h), s in computed.items()])
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
