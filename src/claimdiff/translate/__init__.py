"""Translation stage: Korean and Japanese statements to English; English passes through."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from claimdiff.budget import in_shards, translation_cost
from claimdiff.config import ModelsConfig, TranslateConfig
from claimdiff.models import CacheStats
from claimdiff.models.device import device_spec_for
from claimdiff.models.registry import LoadRequest, load_engine
from claimdiff.models.resolve import resolve_model_dir
from claimdiff.records import Statement, text_hash
from claimdiff.translate import ct2, transformers  # noqa: F401  # register the engines
from claimdiff.translate.stage import Translation, Translator

if TYPE_CHECKING:
    from claimdiff.store import Store

__all__ = ["Translation", "Translator", "load_translator", "translate_statements"]

logger = logging.getLogger(__name__)


def load_translator(
    name_or_path: str, lang: str, models: ModelsConfig, cfg: TranslateConfig
) -> Translator:
    """Load the translator for ``lang`` -> English with the configured engine; raises
    ModelLoadError naming the model and the fixes when it cannot be found or read."""
    request = LoadRequest(
        name_or_path, resolve_model_dir(name_or_path, models), models, cfg, device_spec_for(models)
    )
    engine, translator = load_engine("translate", cfg.engine, request)
    logger.info("translation %s->en: %s (%s engine)", lang, translator.model_id, engine)
    return translator


def translate_statements(
    statements: list[Statement],
    translators: dict[str, Translator],
    store: Store | None,
) -> tuple[list[Statement], CacheStats]:
    """Fill ``text_en``, ``translation_model`` and ``translation_truncated`` on each statement.

    English passes through (``text_en = text``). Other languages go through ``translators[lang]``;
    results are cached in the store by (model id, source text hash), so a sentence is translated
    once ever; within a night, texts the model cannot tell apart (the same token ids: wire
    copies, repeated boilerplate, width or spacing variants) are translated once, in one batch.
    Returns new statements in input order and the cache counts (per unique source text). A
    language without a translator raises KeyError naming it.
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
        computed = _translate_distinct(translator, {h: sources[h] for h in todo})
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

    return _with_english(statements, results, translators), stats


def _translate_distinct(
    translator: Translator, texts: dict[str, str]
) -> dict[str, tuple[str, bool]]:
    """Translations by source hash; texts with the same model input are translated once."""
    if not texts:
        return {}
    keys = translator.input_keys(list(texts.values()))
    first: dict[tuple[int, ...], str] = {}  # model input -> the hash translated for it
    for h, key in zip(texts, keys, strict=True):
        first.setdefault(key, h)
    # in the shards a Dask worker would take, so either way gives the same text
    fresh = in_shards(
        [texts[h] for h in first.values()],
        translation_cost,
        translator.cfg.shard_tokens,
        translator.translate,
    )
    by_key = {key: (t.text, t.truncated) for key, t in zip(first, fresh, strict=True)}
    if len(first) < len(texts):
        logger.info("translate: %d texts, %d distinct model inputs", len(texts), len(first))
    return {h: by_key[key] for h, key in zip(texts, keys, strict=True)}


def _with_english(
    statements: list[Statement],
    results: dict[tuple[str, str], tuple[str, bool]],
    translators: dict[str, Translator],
) -> list[Statement]:
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
    return out
