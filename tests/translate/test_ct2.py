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
        TranslateConfig(engine="ctranslate2", ct2_compute_type="float32", ct2_vmap=False, **common),
    )
    assert fast.model_id.endswith("+ct2-float32") and fast.model_id != reference.model_id
    texts = corpus(lang)
    assert fast.translate(texts) == reference.translate(texts)


def test_ctranslate2_int8_runs(tiny_models, models_cfg):
    cfg = TranslateConfig(engine="ctranslate2", beam_size=2, max_new_tokens_min=4)
    translator = load_translator(str(tiny_models.translation["ja"]), "ja", models_cfg, cfg)
    assert translator.compute_type == "int8"
    assert len(translator.translate(corpus("ja")[:6])) == 6


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_vocabulary_map_only_removes_source_side_outputs(tiny_models, models_cfg, lang):
    """Greedy decoding over the target side's tokens picks the same token at every step where
    the full vocabulary's choice was a target-side token: an output made only of such tokens
    is unchanged; any other output changes, and then only to target-side tokens."""
    from claimdiff.translate.ct2 import target_side_tokens

    common = {"engine": "ctranslate2", "ct2_compute_type": "float32", "beam_size": 1,
              "max_new_tokens_min": 4, "max_new_tokens_ratio": 1.0}  # fmt: skip
    path = str(tiny_models.translation[lang])
    full = load_translator(path, lang, models_cfg, TranslateConfig(ct2_vmap=False, **common))
    mapped = load_translator(path, lang, models_cfg, TranslateConfig(**common))
    assert mapped.model_id == full.model_id + "+vmap"
    allowed = set(target_side_tokens(full.tokenizer))
    assert "<pad>" not in allowed and "</s>" in allowed
    assert len(allowed) < len(full.tokenizer.get_vocab())
    texts = corpus(lang)

    def tokens(translator):
        chunks = translator.preprocess(texts)
        outputs = translator.forward(chunks, worker=0)
        return [translator.tokenizer.convert_ids_to_tokens(o.output_ids) for o in outputs]

    unchanged = 0
    for before, after in zip(tokens(full), tokens(mapped), strict=True):
        assert set(after) <= allowed
        if set(before) <= allowed:
            assert after == before
            unchanged += 1
    assert unchanged > 0  # the property was exercised


def test_int8_stored_conversion_decodes_like_int8_at_load(tiny_models, models_cfg):
    """For int8 decoding the conversion stores int8 weights (smaller file, no float32 copy read
    at load), and decodes exactly as float32 weights quantised at load did."""
    import ctranslate2

    from claimdiff.models.resolve import resolve_model_dir
    from claimdiff.translate.ct2 import MARKER, ct2_dir_for

    path = str(tiny_models.translation["ja"])
    common = {"beam_size": 2, "max_new_tokens_min": 4, "ct2_vmap": False}
    int8 = load_translator(path, "ja", models_cfg, TranslateConfig(**common))
    float32 = load_translator(
        path, "ja", models_cfg, TranslateConfig(ct2_compute_type="float32", **common)
    )
    resolved = resolve_model_dir(path, models_cfg)
    stored_int8 = ct2_dir_for(resolved, models_cfg, int8.cfg) / MARKER
    stored_float32 = ct2_dir_for(resolved, models_cfg, float32.cfg) / MARKER
    assert stored_int8 != stored_float32
    assert stored_int8.stat().st_size < 0.7 * stored_float32.stat().st_size
    # the float32 conversion, quantised at load: what int8 decoding did before
    float32.backends = [
        ctranslate2.Translator(str(stored_float32.parent), device="cpu", compute_type="int8")
    ]
    texts = corpus("ja")
    assert int8.translate(texts) == float32.translate(texts)
