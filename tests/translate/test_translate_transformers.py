"""The transformers translation engine: an out-of-memory batch is split and nothing is lost."""

from __future__ import annotations

import torch

from claimdiff.translate.transformers import TransformersTranslator
from models.tiny import corpus


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
