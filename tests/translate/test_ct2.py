"""The CTranslate2 engine: greedy float32 equals transformers greedy; int8 runs."""

from __future__ import annotations

import pytest

from claimdiff.config import TranslateConfig
from claimdiff.translate import load_translator
from models.tiny import corpus


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
