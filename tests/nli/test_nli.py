"""The NLI stage function and loader (claimdiff.nli): cached scores per pair, labels by name."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from claimdiff.config import NLIConfig
from claimdiff.errors import LabelMappingError, ModelLoadError
from claimdiff.nli import classify_pairs, load_nli
from models.tiny import corpus
from tests.nli.pairs import nli_pairs, probs

TORCH = NLIConfig(engine="transformers")


@pytest.mark.parametrize(
    "order", ["contradiction-entailment-neutral", "contradiction-neutral-entailment"]
)
def test_label_orders_give_the_same_named_scores(tiny_models, models_cfg, nli_classifier, order):
    engine = load_nli(str(tiny_models.nli_label_orders[order]), models_cfg, TORCH)
    assert list(engine.label_map) == ["entailment", "neutral", "contradiction"]
    assert engine.label_map != nli_classifier.label_map
    pairs = nli_pairs(2)
    np.testing.assert_allclose(
        probs(engine.predict(pairs)), probs(nli_classifier.predict(pairs)), atol=1e-5
    )


def test_unmappable_labels_are_refused(tiny_models, models_cfg):
    with pytest.raises(LabelMappingError, match="LABEL_0"):
        load_nli(str(tiny_models.nli_label_orders["unmappable"]), models_cfg, NLIConfig())


def test_missing_model_fails_naming_the_model_and_the_fixes(models_cfg):
    with pytest.raises(ModelLoadError, match="no-such-org/no-such-nli") as info:
        load_nli("no-such-org/no-such-nli", models_cfg, NLIConfig())
    assert "claimdiff models pull" in str(info.value) and "--no-models" in str(info.value)


def test_classify_pairs_uses_english_text_and_caches(tmp_path, nli_classifier):
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
    scores, stats = classify_pairs(pairs, statements, nli_classifier, store)
    assert (stats.hits, stats.misses) == (6, 0)[::-1]
    assert set(scores) == {p.pair_id for p in pairs}
    for pair in pairs:
        expected = nli_classifier.predict(
            [(statements[pair.original_id].text_en, statements[pair.report_id].text_en)]
        )[0]
        assert scores[pair.pair_id].entailment == pytest.approx(expected.entailment, abs=1e-4)
    again, stats = classify_pairs(pairs, statements, nli_classifier, store)
    assert (stats.hits, stats.misses) == (6, 0)
    assert again == scores

    untranslated = {
        **statements,
        reports[0].statement_id: dataclasses.replace(reports[0], text_en=None),
    }
    with pytest.raises(ValueError, match="no English text"):
        classify_pairs(pairs, untranslated, nli_classifier, None)
