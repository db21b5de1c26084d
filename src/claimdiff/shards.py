"""The model stages cut into shards that can run anywhere (one worker process per GPU, on any
machine) and whose results the store takes back.

A shard is the uncached work of one model, at most a token budget of it
(``translate.shard_tokens`` / ``nli.shard_tokens``), as plain data: source texts to translate or
(premise, hypothesis) texts to score, each with the cache key it is stored under. The stages
compute their uncached work in the same shards when they run in one process
(:func:`claimdiff.budget.in_shards`, a leaf both import): a batch never spans two shards,
so a shard gives the same numbers wherever it runs, and a distributed run the same findings as
a single-process one. :func:`run_translation_shard` / :func:`run_nli_shard` compute one shard
with models loaded once per process; :func:`store_results` writes a finished shard into the
store's caches (ON CONFLICT: a shard computed twice writes nothing twice). The translate and NLI
stages then find every result in the cache. Where the shards run is the orchestration's
business (``claimdiff_pipelines.executors``: Dask through Prefect).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimdiff.budget import by_budget, estimated_tokens, nli_cost, translation_cost
from claimdiff.config import ModelsConfig, NLIConfig, TranslateConfig
from claimdiff.errors import ClaimdiffError
from claimdiff.records import NLIScores, Pair, Statement, text_hash
from claimdiff.store import Store


class ShardModelMismatch(ClaimdiffError):
    """A worker loaded a different model than the flow (its files differ)."""


@dataclass(frozen=True, slots=True)
class Shard:
    """Uncached work of one model: ``items`` are (cache key, input texts)."""

    stage: str  # "translate" or "nli"
    model_name: str  # as configured: what a worker loads
    model_id: str  # what the flow loaded: the cache key's model part
    lang: str  # the source language of a translation shard ("" for NLI)
    items: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]

    @property
    def tokens(self) -> int:
        """Estimated tokens of the shard's inputs."""
        return sum(_item_tokens(item) for item in self.items)


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What a worker computed for a shard, keyed as the store caches it."""

    shard: Shard
    model_id: str  # what the worker loaded
    translations: tuple[tuple[str, str, bool], ...] = ()  # (source hash, English, truncated)
    scores: tuple[tuple[str, str, NLIScores], ...] = ()  # (premise hash, hypothesis hash, scores)


_Item = tuple[tuple[str, ...], tuple[str, ...]]  # (cache key, input texts)


def _split(
    stage: str, model_name: str, model_id: str, lang: str, items: list[_Item], budget: int
) -> list[Shard]:
    # the stage's own cost of an input, so the shards are the ones in_shards cuts
    cost = (lambda item: translation_cost(item[1][0])) if stage == "translate" else _nli_item_cost
    return [
        Shard(stage, model_name, model_id, lang, tuple(run))
        for run in by_budget(items, cost, budget)
    ]


def _nli_item_cost(item: _Item) -> int:
    return nli_cost((item[1][0], item[1][1]))


def _item_tokens(item: _Item) -> int:
    return sum(estimated_tokens(text) for text in item[1])


def translation_shards(
    store: Store,
    statements: Sequence[Statement],
    model_ids: Mapping[str, str],
    models: ModelsConfig,
    budget: int,
) -> list[Shard]:
    """Shards of the source texts no translation is cached for, per language (``model_ids``:
    language -> the loaded translator's model id)."""
    shards: list[Shard] = []
    for lang, model_id in model_ids.items():
        sources = {text_hash(s.text): s.text for s in statements if s.lang == lang}
        cached = store.get_translations(model_id, sources)
        todo = [((h,), (text,)) for h, text in sources.items() if h not in cached]
        shards += _split("translate", models.translation[lang], model_id, lang, todo, budget)
    return shards


def nli_shards(
    store: Store,
    pairs: Sequence[Pair],
    statements: Mapping[str, Statement],
    model_id: str,
    models: ModelsConfig,
    budget: int,
) -> list[Shard]:
    """Shards of the (premise, hypothesis) texts no NLI scores are cached for; the keys are the
    NLI stage's (hashes of the original's and the report's English)."""
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    for pair in pairs:
        premise = statements[pair.original_id].text_en or ""
        hypothesis = statements[pair.report_id].text_en or ""
        texts[(text_hash(premise), text_hash(hypothesis))] = (premise, hypothesis)
    cached = store.get_nli(model_id, texts)
    todo = [(key, value) for key, value in texts.items() if key not in cached]
    return _split("nli", models.nli, model_id, "", todo, budget)


@functools.lru_cache(maxsize=8)
def _translator(name: str, lang: str, models_json: str, cfg_json: str):
    # One load per worker process and model: the arguments are the configuration as JSON.
    # Imported here (no cycle: the stages import models.budget, not this module) because torch
    # takes seconds to import and the flow imports this module in checks-only runs too.
    from claimdiff.translate import load_translator

    models = ModelsConfig.model_validate_json(models_json)
    return load_translator(name, lang, models, TranslateConfig.model_validate_json(cfg_json))


@functools.lru_cache(maxsize=4)
def _classifier(name: str, models_json: str, cfg_json: str):
    from claimdiff.nli import load_nli  # as in _translator

    models = ModelsConfig.model_validate_json(models_json)
    return load_nli(name, models, NLIConfig.model_validate_json(cfg_json))


def run_translation_shard(shard: Shard, models: ModelsConfig, cfg: TranslateConfig) -> ShardResult:
    """Translate one shard with this process's translator (loaded on first use)."""
    translator = _translator(
        shard.model_name, shard.lang, models.model_dump_json(), cfg.model_dump_json()
    )
    _same_model(shard, translator.model_id)
    done = translator.translate([texts[0] for _, texts in shard.items])
    rows = tuple(
        (key[0], t.text, t.truncated) for (key, _), t in zip(shard.items, done, strict=True)
    )
    return ShardResult(shard, translator.model_id, translations=rows)


def run_nli_shard(shard: Shard, models: ModelsConfig, cfg: NLIConfig) -> ShardResult:
    """Score one shard with this process's NLI model (loaded on first use)."""
    classifier = _classifier(shard.model_name, models.model_dump_json(), cfg.model_dump_json())
    _same_model(shard, classifier.model_id)
    done = classifier.predict([(texts[0], texts[1]) for _, texts in shard.items])
    rows = tuple((key[0], key[1], s) for (key, _), s in zip(shard.items, done, strict=True))
    return ShardResult(shard, classifier.model_id, scores=rows)


def _same_model(shard: Shard, loaded: str) -> None:
    if loaded != shard.model_id:
        raise ShardModelMismatch(
            f"{shard.stage} shard: this worker loaded {shard.model_name} as {loaded}, the flow "
            f"as {shard.model_id}; give every machine the same model files (claimdiff models "
            "pull, then copy models.local_dir)"
        )


def store_results(store: Store, result: ShardResult) -> int:
    """Write a finished shard into the store's caches; returns the rows written."""
    if result.shard.stage == "translate":
        return store.put_translations(result.model_id, result.translations)
    return store.put_nli(result.model_id, result.scores)
