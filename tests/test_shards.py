"""Shards of the model stages: sized by the token budget, computed with models loaded once per
process, stored back idempotently, and equal to what the stages compute in one piece."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimdiff import shards
from claimdiff.config import NLIConfig, TranslateConfig
from claimdiff.records import Pair, Statement, text_hash
from claimdiff.store import Store

KO = ["헬리온은 GPU 25만 장을 공급하기로 했다.", "회사는 2027년 하반기에 첫 시스템을 가동한다.",
      "매출은 12% 늘었다.", "정부는 이를 환영했다.", "헬리온은 GPU 25만 장을 공급하기로 했다."]  # fmt: skip


@pytest.fixture
def translate_cfg():
    return TranslateConfig(engine="transformers", shard_tokens=16)


def _statements(texts: list[str]) -> list[Statement]:
    return [Statement(f"s{i}", "a1", i, 0, len(t), t, "ko", "report") for i, t in enumerate(texts)]


def test_translation_shards_cover_the_uncached_texts_once(
    tmp_path, tiny_models, models_cfg, translate_cfg
):
    models = models_cfg.model_copy(
        update={"translation": {"ko": str(tiny_models.translation["ko"])}}
    )
    statements = _statements(KO)
    with Store(tmp_path / "s.db") as store:
        store.put_translations("m", [(text_hash(KO[0]), "cached", False)])
        planned = shards.translation_shards(store, statements, {"ko": "m"}, models, budget=20)
        keys = [key for shard in planned for key, _ in shard.items]
        assert sorted(keys) == sorted({(text_hash(t),) for t in KO[1:4]})  # once each, not cached
        assert all(s.tokens <= 20 or len(s.items) == 1 for s in planned)
        assert len(planned) > 1


def test_shards_translate_as_the_stage_does_in_one_process(
    tmp_path, tiny_models, models_cfg, translate_cfg
):
    from claimdiff.translate import load_translator, translate_statements

    name = str(tiny_models.translation["ko"])
    models = models_cfg.model_copy(update={"translation": {"ko": name}})
    translator = load_translator(name, "ko", models, translate_cfg)
    statements = _statements(KO)
    whole, _ = translate_statements(statements, {"ko": translator}, None)
    with Store(tmp_path / "s.db") as store:
        planned = shards.translation_shards(
            store, statements, {"ko": translator.model_id}, models, translate_cfg.shard_tokens
        )
        assert len(planned) > 1
        for shard in planned:
            result = shards.run_translation_shard(shard, models, translate_cfg)
            assert shards.store_results(store, result) == len(shard.items)
            assert shards.store_results(store, result) == len(shard.items)  # replaced, not added
        assert store.count("translations") == len(set(KO))
        # the stage now finds every text in the cache, translated as in one piece
        sharded, stats = translate_statements(statements, {"ko": translator}, store)
    assert stats.misses == 0
    assert [s.text_en for s in sharded] == [s.text_en for s in whole]


def test_nli_shards_score_what_the_stage_scores(tmp_path, tiny_models, models_cfg):
    from claimdiff.nli import classify_pairs, load_nli

    cfg = NLIConfig(engine="transformers", shard_tokens=30)
    models = models_cfg.model_copy(update={"nli": str(tiny_models.nli)})
    classifier = load_nli(models.nli, models, cfg)
    english = ["Helion will deploy more than 250,000 GPUs.", "Helion agreed to supply 250,000 GPUs.",
               "Revenue rose 12%.", "Revenue fell."]  # fmt: skip
    statements = {
        f"s{i}": replace(_statements([t])[0], statement_id=f"s{i}", text_en=t, lang="en")
        for i, t in enumerate(english)
    }
    pairs = [
        Pair(f"p{o}{r}", "st", f"s{o}", f"s{r}", 0.5, "tfidf-en") for o in (0, 2) for r in (1, 3)
    ]
    whole, _ = classify_pairs(pairs, statements, classifier, None)
    with Store(tmp_path / "s.db") as store:
        planned = shards.nli_shards(
            store, pairs, statements, classifier.model_id, models, cfg.shard_tokens
        )
        assert len(planned) > 1
        for shard in planned:
            shards.store_results(store, shards.run_nli_shard(shard, models, cfg))
        sharded, stats = classify_pairs(pairs, statements, classifier, store)
    assert stats.misses == 0
    assert sharded == whole  # the same shards, so the same numbers


def test_a_worker_with_other_model_files_is_refused(tiny_models, models_cfg):
    models = models_cfg.model_copy(update={"nli": str(tiny_models.nli)})
    shard = shards.Shard("nli", models.nli, "some-other-model@abc", "", ((("p", "h"), ("a", "b")),))
    with pytest.raises(shards.ShardModelMismatch, match="same model files"):
        shards.run_nli_shard(shard, models, NLIConfig(engine="transformers"))
