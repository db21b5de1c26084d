"""Translators on the tiny Marian checkpoints, loaded through from_pretrained."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from claimdiff.config import TranslateConfig
from claimdiff.records import Statement
from claimdiff.store import Store
from claimdiff.translate import load_translator, translate_statements
from claimdiff.translate.engine import TransformersTranslator
from tests.engines.conftest import corpus


def test_output_order_equals_input_order(ja_translator):
    texts = corpus("ja")
    batched = ja_translator.translate(texts)
    one_by_one = [ja_translator.translate([t])[0] for t in texts[:8]]
    assert batched[:8] == one_by_one
    assert len({t.text for t in batched}) > len(texts) // 2  # outputs differ: order errors show


@pytest.mark.parametrize(
    ("texts", "expected_empty"),
    [
        ([], []),
        (["大臣は報道を確認しなかった。"], [False]),
        ([""], [True]),
        (["  ", "雨"], [True, False]),
    ],
)
def test_empty_and_single_inputs(ja_translator, texts, expected_empty):
    out = ja_translator.translate(texts)
    assert [t.text == "" for t in out] == expected_empty


def test_truncation_is_recorded_when_output_hits_its_budget(tiny_models, models_cfg):
    # The random tiny model rarely emits EOS, so a 1x budget is hit: recorded, not hidden.
    cfg = TranslateConfig(
        engine="transformers", beam_size=1, max_new_tokens_min=1, max_new_tokens_ratio=0.5
    )
    translator = load_translator(str(tiny_models.translation["ja"]), "ja", models_cfg, cfg)
    assert all(t.truncated for t in translator.translate(corpus("ja")[:5]))


def test_over_long_sentences_are_split_not_cut(tiny_models, models_cfg):
    cfg = TranslateConfig(
        engine="transformers", beam_size=1, max_input_tokens=12, max_new_tokens_min=2
    )
    translator = load_translator(str(tiny_models.translation["ko"]), "ko", models_cfg, cfg)
    long = " ".join(corpus("ko")[:4])
    chunks = translator.preprocess([long, "비가 온다."])
    assert len([c for c in chunks if c.text_index == 0]) > 1
    assert all(len(c) <= 12 for c in chunks)
    # every source token survives the split (nothing silently dropped)
    pieces = [
        translator.tokenizer.decode(c.input_ids, skip_special_tokens=True)
        for c in chunks
        if c.text_index == 0
    ]
    assert "".join(pieces).replace(" ", "").replace("▁", "") == long.replace(" ", "")
    out = translator.translate([long, "비가 온다."])
    assert len(out) == 2 and out[0].text


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_ctranslate2_float32_greedy_equals_transformers_greedy(tiny_models, models_cfg, lang):
    common = {"beam_size": 1, "max_new_tokens_min": 4, "max_new_tokens_ratio": 1.0}
    path = str(tiny_models.translation[lang])
    reference = load_translator(
        path, lang, models_cfg, TranslateConfig(engine="transformers", **common)
    )
    fast = load_translator(
        path,
        lang,
        models_cfg,
        TranslateConfig(engine="ctranslate2", ct2_compute_type="float32", **common),
    )
    assert fast.model_id.endswith("+ct2-float32") and fast.model_id != reference.model_id
    texts = corpus(lang)
    assert fast.translate(texts) == reference.translate(texts)


def test_ctranslate2_int8_runs(tiny_models, models_cfg):
    cfg = TranslateConfig(engine="ctranslate2", beam_size=2, max_new_tokens_min=4)
    translator = load_translator(str(tiny_models.translation["ja"]), "ja", models_cfg, cfg)
    assert translator.compute_type == "int8"
    assert len(translator.translate(corpus("ja")[:6])) == 6


class OOMInjectingTranslator(TransformersTranslator):
    ooms = 0

    def forward(self, batch, worker):
        if len(batch) > 3:
            self.ooms += 1
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 800.00 MiB")
        return super().forward(batch, worker)


def test_injected_out_of_memory_loses_nothing(ja_translator):
    flaky = OOMInjectingTranslator(
        ja_translator.replicas[0],
        model_id=ja_translator.model_id,
        tokenizer=ja_translator.tokenizer,
        cfg=ja_translator.cfg,
        spec=ja_translator.spec,
        max_positions=ja_translator.max_positions,
    )
    texts = corpus("ja")[:12]
    assert flaky.translate(texts) == ja_translator.translate(texts)
    assert flaky.ooms > 0


def _statement(i: int, text: str, lang: str) -> Statement:
    sid = Statement.make_id("a1", i, i + len(text), text)
    return Statement(sid, "a1", i, i, i + len(text), text, lang, "report")


def test_translate_statements_fills_english_and_caches(
    tmp_path, tiny_models, models_cfg, ja_translator
):
    ko = load_translator(
        str(tiny_models.translation["ko"]),
        "ko",
        models_cfg,
        TranslateConfig(beam_size=1, max_new_tokens_min=4),
    )
    statements = [
        _statement(0, corpus("ja")[0], "ja"),
        _statement(1, "The company will deploy more than 250,000 GPUs.", "en"),
        _statement(2, corpus("ko")[1], "ko"),
        _statement(3, corpus("ja")[0], "ja"),  # same text: translated once
        _statement(4, corpus("ja")[5], "ja"),
    ]
    translators = {"ja": ja_translator, "ko": ko}
    store = Store(tmp_path / "cache.db")
    first, stats = translate_statements(statements, translators, store)
    assert (stats.hits, stats.misses) == (0, 3)
    assert [s.statement_id for s in first] == [s.statement_id for s in statements]
    assert first[1].text_en == statements[1].text and first[1].translation_model is None
    assert first[0].text_en == first[3].text_en and first[0].text_en
    assert first[0].translation_model == ja_translator.model_id
    assert first[2].translation_model == ko.model_id

    second, stats = translate_statements(statements, translators, store)
    assert (stats.hits, stats.misses) == (3, 0)
    assert second == first
    # without a store: still correct, nothing cached
    third, stats = translate_statements(statements, translators, None)
    assert third == first and stats.hits == 0


def test_translate_statements_without_a_translator_names_the_language(ja_translator):
    statement = _statement(0, "비가 온다.", "ko")
    with pytest.raises(KeyError, match="ko"):
        translate_statements([statement], {"ja": ja_translator}, None)


def test_records_are_not_mutated(ja_translator):
    statement = _statement(0, corpus("ja")[2], "ja")
    out, _ = translate_statements([statement], {"ja": ja_translator}, None)
    assert statement.text_en is None and out[0] == dataclasses.replace(
        statement,
        **{
            "text_en": out[0].text_en,
            "translation_model": ja_translator.model_id,
            "translation_truncated": out[0].translation_truncated,
        },
    )
