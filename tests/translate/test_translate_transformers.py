"""The transformers translation engine: an out-of-memory batch is split and nothing is lost."""

from __future__ import annotations

from claimdiff.translate.transformers import TransformersTranslator
from models.tiny import corpus
from tests.models.oom import out_of_memory_above


def test_injected_out_of_memory_loses_nothing(ja_translator):
    assert isinstance(ja_translator, TransformersTranslator)
    flaky = out_of_memory_above(ja_translator, 3)
    texts = corpus("ja")[:12]
    assert flaky.translate(texts) == ja_translator.translate(texts)
    assert flaky.ooms > 0
