"""NLI engines on the tiny DeBERTa-v2 checkpoints, loaded through from_pretrained."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest
import torch

from claimdiff.config import NLIConfig
from claimdiff.errors import LabelMappingError, ModelLoadError
from claimdiff.nli import classify_pairs, load_nli
from claimdiff.nli.engine import TransformersNLIEngine
from tests.engines.conftest import corpus

TORCH = NLIConfig(engine="transformers")


def _pairs(n_hyp: int = 4) -> list[tuple[str, str]]:
    en = corpus("en")
    return [(en[i], en[(i + k) % len(en)]) for i in range(len(en)) for k in range(n_hyp)]


def _probs(scores) -> np.ndarray:
    return np.array([[s.entailment, s.neutral, s.contradiction] for s in scores])


def test_scores_are_probabilities_in_input_order(nli_engine):
    pairs = _pairs()
    batched = nli_engine.predict(pairs)
    one_by_one = [nli_engine.predict([pair])[0] for pair in pairs[:20]]
    assert len(batched) == len(pairs)
    np.testing.assert_allclose(_probs(batched[:20]), _probs(one_by_one), atol=1e-4)
    assert np.allclose(_probs(batched).sum(axis=1), 1.0, atol=1e-4)
    # the tiny model does tell pairs apart: order mistakes would show
    assert len({round(s.entailment, 4) for s in batched}) > len(pairs) // 2


@pytest.mark.parametrize(
    "pairs", [[], [("The minister did not confirm the report.", "It was confirmed.")]]
)
def test_empty_and_single_input(nli_engine, pairs):
    out = nli_engine.predict(pairs)
    assert len(out) == len(pairs)
    assert all(isinstance(s.entailment, float) for s in out)


@pytest.mark.parametrize(
    "order", ["contradiction-entailment-neutral", "contradiction-neutral-entailment"]
)
def test_label_orders_give_the_same_named_scores(tiny_models, models_cfg, nli_engine, order):
    engine = load_nli(str(tiny_models.nli_label_orders[order]), models_cfg, TORCH)
    assert list(engine.label_map) == ["entailment", "neutral", "contradiction"]
    assert engine.label_map != nli_engine.label_map
    pairs = _pairs(2)
    np.testing.assert_allclose(
        _probs(engine.predict(pairs)), _probs(nli_engine.predict(pairs)), atol=1e-5
    )


def test_unmappable_labels_are_refused(tiny_models, models_cfg):
    with pytest.raises(LabelMappingError, match="LABEL_0"):
        load_nli(str(tiny_models.nli_label_orders["unmappable"]), models_cfg, NLIConfig())


def test_truncation_is_recorded(tiny_models, models_cfg):
    engine = load_nli(
        str(tiny_models.nli), models_cfg, NLIConfig(engine="transformers", max_length=16)
    )
    long = " ".join(corpus("en")[:3])
    out = engine.predict([(long, "Exports fell."), ("Rain.", "Exports fell.")])
    assert [s.truncated for s in out] == [True, False]


def test_bfloat16_on_cpu(tiny_models, models_cfg, nli_engine):
    cfg = models_cfg.model_copy(update={"dtype": "bfloat16"})
    engine = load_nli(str(tiny_models.nli), cfg, TORCH)
    assert next(engine.replicas[0].parameters()).dtype == torch.bfloat16
    pairs = _pairs(1)
    out = _probs(engine.predict(pairs))
    assert out.dtype == np.float64 and np.allclose(out.sum(axis=1), 1.0, atol=1e-3)
    assert np.abs(out - _probs(nli_engine.predict(pairs))).max() < 0.1


def test_sharded_workers_match_one_worker(tiny_models, models_cfg, nli_engine):
    cfg = models_cfg.model_copy(update={"device_count": 2})
    engine = load_nli(
        str(tiny_models.nli), cfg, NLIConfig(engine="transformers", cpu_token_budget=128)
    )
    assert engine.workers == 2
    pairs = _pairs()
    np.testing.assert_allclose(
        _probs(engine.predict(pairs)), _probs(nli_engine.predict(pairs)), atol=1e-4
    )


class OOMInjectingNLI(TransformersNLIEngine):
    """The real engine, with a device that runs out of memory above two pairs per batch."""

    ooms = 0

    def forward(self, batch, worker):
        if len(batch) > 2:
            self.ooms += 1
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 1.50 GiB")
        return super().forward(batch, worker)


def test_injected_out_of_memory_loses_nothing(nli_engine):
    flaky = OOMInjectingNLI(
        nli_engine.replicas[0],
        model_id=nli_engine.model_id,
        tokenizer=nli_engine.tokenizer,
        label_map=nli_engine.label_map,
        cfg=nli_engine.cfg,
        spec=nli_engine.spec,
        input_names=nli_engine.input_names,
    )
    pairs = _pairs(2)
    out = flaky.predict(pairs)
    assert flaky.ooms > 0
    np.testing.assert_allclose(_probs(out), _probs(nli_engine.predict(pairs)), atol=1e-4)


def test_onnx_int8_agrees_with_transformers(tiny_models, models_cfg, nli_engine):
    engine = load_nli(str(tiny_models.nli), models_cfg, NLIConfig(engine="onnx"))
    assert engine.model_id.endswith("+onnx-int8")
    pairs = _pairs()
    fast, reference = _probs(engine.predict(pairs)), _probs(nli_engine.predict(pairs))
    same = (fast.argmax(axis=1) == reference.argmax(axis=1)).mean()
    assert same >= 0.98
    assert np.abs(fast - reference).max() <= 0.02


def test_missing_model_fails_fast_naming_the_model(models_cfg):
    start = time.monotonic()
    with pytest.raises(ModelLoadError, match="no-such-org/no-such-nli") as info:
        load_nli("no-such-org/no-such-nli", models_cfg, NLIConfig())
    assert time.monotonic() - start < 5
    assert "claimdiff models pull" in str(info.value) and "--no-models" in str(info.value)


def test_classify_pairs_uses_english_text_and_caches(tmp_path, nli_engine):
    from claimdiff.records import Pair, Statement
    from claimdiff.store import Store

    def statement(i, text, role, text_en):
        sid = Statement.make_id("a", i, i + 1, text)
        return Statement(sid, "a", i, i, i + 1, text, "ja", role, text_en=text_en)

    en = corpus("en")
    originals = [statement(i, f"o{i}", "original", en[i]) for i in range(3)]
    reports = [statement(10 + i, f"r{i}", "report", en[10 + i]) for i in range(2)]
    statements = {s.statement_id: s for s in originals + reports}
    pairs = [
        Pair(
            Pair.make_id(o.statement_id, r.statement_id),
            "story",
            o.statement_id,
            r.statement_id,
            0.5,
            "t",
        )
        for o in originals
        for r in reports
    ]
    store = Store(tmp_path / "nli.db")
    scores, stats = classify_pairs(pairs, statements, nli_engine, store)
    assert (stats.hits, stats.misses) == (6, 0)[::-1]
    assert set(scores) == {p.pair_id for p in pairs}
    for pair in pairs:
        expected = nli_engine.predict(
            [(statements[pair.original_id].text_en, statements[pair.report_id].text_en)]
        )[0]
        assert scores[pair.pair_id].entailment == pytest.approx(expected.entailment, abs=1e-4)
    again, stats = classify_pairs(pairs, statements, nli_engine, store)
    assert (stats.hits, stats.misses) == (6, 0)
    assert again == scores

    untranslated = {
        **statements,
        reports[0].statement_id: dataclasses.replace(reports[0], text_en=None),
    }
    with pytest.raises(ValueError, match="no English text"):
        classify_pairs(pairs, untranslated, nli_engine, None)
