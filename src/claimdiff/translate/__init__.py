"""Translation stage: Korean and Japanese statements to English; English passes through."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from claimdiff.config import ModelsConfig, TranslateConfig
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
from claimdiff.records import Statement, text_hash
from claimdiff.translate.ct2 import CT2Translator, convert_to_ctranslate2, ct2_dir_for
from claimdiff.translate.engine import TransformersTranslator, Translation, Translator

if TYPE_CHECKING:
    from claimdiff.store import Store

__all__ = [
    "TRANSLATION_ENGINES",
    "Translation",
    "Translator",
    "convert_to_ctranslate2",
    "load_translator",
    "translate_statements",
]

logger = logging.getLogger(__name__)


def _tokenizer_and_limit(name: str, resolved: ResolvedModel) -> tuple[Any, Any, int]:
    config, tokenizer = load_config_and_tokenizer(name, resolved.path)
    if not getattr(config, "is_encoder_decoder", False):
        raise ModelLoadError(name, f"{resolved.path} is not a seq2seq (encoder-decoder) model")
    limit = getattr(config, "max_position_embeddings", None) or tokenizer.model_max_length
    return config, tokenizer, int(limit)


def _load_transformers(
    name: str, resolved: ResolvedModel, models: ModelsConfig, cfg: TranslateConfig, spec: DeviceSpec
) -> Translator:
    from transformers import AutoModelForSeq2SeqLM

    _, tokenizer, limit = _tokenizer_and_limit(name, resolved)
    model = load_weights(AutoModelForSeq2SeqLM, name, resolved.path, spec.dtype)
    return TransformersTranslator(
        model,
        model_id=resolved.model_id,
        tokenizer=tokenizer,
        cfg=cfg,
        spec=spec,
        max_positions=limit,
    )


def _load_ct2(
    name: str, resolved: ResolvedModel, models: ModelsConfig, cfg: TranslateConfig, spec: DeviceSpec
) -> Translator:
    from claimdiff.translate.ct2 import compute_type_for

    _, tokenizer, limit = _tokenizer_and_limit(name, resolved)
    try:
        ct2_dir = convert_to_ctranslate2(resolved.path, ct2_dir_for(resolved, models))
    except (OSError, ValueError, RuntimeError) as exc:
        raise ModelLoadError(
            name, f"CTranslate2 conversion of {resolved.path} failed: {exc}"
        ) from exc
    compute = compute_type_for(cfg.ct2_compute_type, spec.kind)
    return CT2Translator(
        ct2_dir,
        cfg.ct2_threads,
        model_id=f"{resolved.model_id}+ct2-{compute}",
        tokenizer=tokenizer,
        cfg=cfg,
        spec=spec,
        max_positions=limit,
    )


# Engines by config name (spaCy-style registry; no branching on model names).
TRANSLATION_ENGINES: dict[str, Callable[..., Translator]] = {
    "transformers": _load_transformers,
    "ctranslate2": _load_ct2,
}


def load_translator(
    name_or_path: str, lang: str, models: ModelsConfig, cfg: TranslateConfig
) -> Translator:
    """Load the translator for ``lang`` -> English with the configured engine; raises
    ModelLoadError naming the model and the fixes when it cannot be found or read."""
    resolved = resolve_model_dir(name_or_path, models)
    spec = device_spec_for(models)
    engine, translator = load_engine(
        "translate", cfg.engine, spec, "ctranslate2", "ctranslate2", TRANSLATION_ENGINES,
        name_or_path, resolved, models, cfg, spec,
    )  # fmt: skip
    logger.info("translation %s->en: %s (%s engine)", lang, translator.model_id, engine)
    return translator


def translate_statements(
    statements: list[Statement],
    translators: dict[str, Translator],
    store: Store | None,
) -> tuple[list[Statement], CacheStats]:
    """Fill ``text_en``, ``translation_model`` and ``translation_truncated`` on each statement.

    English passes through (``text_en = text``). Other languages go through ``translators[lang]``;
    results are cached in the store by (model id, source text hash), and identical texts are
    translated once. Returns new statements in input order and the cache counts (per unique
    source text). A language without a translator raises KeyError naming it.
    """
    by_lang: dict[str, dict[str, str]] = {}  # lang -> source hash -> text
    for statement in statements:
        if statement.lang == "en":
            continue
        if statement.lang not in translators:
            raise KeyError(
                f"statement {statement.statement_id}: no translator for {statement.lang!r} "
                f"(configured: {sorted(translators)})"
            )
        by_lang.setdefault(statement.lang, {})[text_hash(statement.text)] = statement.text

    results: dict[tuple[str, str], tuple[str, bool]] = {}
    stats = CacheStats()
    for lang, sources in by_lang.items():
        translator = translators[lang]
        hashes = list(sources)
        cached = store.get_translations(translator.model_id, hashes) if store is not None else {}
        todo = [h for h in hashes if h not in cached]
        fresh = translator.translate([sources[h] for h in todo])
        computed = {h: (t.text, t.truncated) for h, t in zip(todo, fresh, strict=True)}
        if store is not None and computed:
            store.put_translations(
                translator.model_id, [(h, text, cut) for h, (text, cut) in computed.items()]
            )
        for h, value in {**cached, **computed}.items():
            results[(lang, h)] = value
        stats = stats + CacheStats(hits=len(hashes) - len(todo), misses=len(todo))
        logger.info(
            "translate %s: %d unique texts, %d from cache",
            lang,
            len(hashes),
            len(hashes) - len(todo),
        )

    out: list[Statement] = []
    for statement in statements:
        if statement.lang == "en":
            out.append(
                dataclasses.replace(statement, text_en=statement.text, translation_model=None)
            )
            continue
        text_en, truncated = results[(statement.lang, text_hash(statement.text))]
        out.append(
            dataclasses.replace(
                statement,
                text_en=text_en,
                translation_model=translators[statement.lang].model_id,
                translation_truncated=truncated,
            )
        )
    return out, stats
