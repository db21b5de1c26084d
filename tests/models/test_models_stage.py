"""The model stage base (claimdiff.models.stage): preprocess -> batched forward -> postprocess,
results in input order whatever the batching, one input giving several items."""

from __future__ import annotations

import torch

from claimdiff.config import TranslateConfig
from claimdiff.models.device import DeviceSpec
from claimdiff.models.stage import ModelStage


class Words(ModelStage[str, str, str, str]):
    """A stage whose 'model' upper-cases words: each text is split into word items, batched by
    length, and joined back. Real code, so order and regrouping mistakes show."""

    def __init__(self, workers: int = 1) -> None:
        spec = DeviceSpec(tuple(torch.device("cpu") for _ in range(workers)), torch.float32)
        cfg = TranslateConfig(cpu_token_budget=16, max_batch_size=3)
        super().__init__("words@1", None, cfg, spec)
        self.batches: list[int] = []
        self.owner: list[int] = []

    def preprocess(self, inputs: list[str]) -> list[str]:
        items = []
        self.owner = []
        for n, text in enumerate(inputs):
            for word in text.split():
                items.append(word)
                self.owner.append(n)
        return items

    def forward(self, batch: list[str], worker: int) -> list[str]:
        del worker
        self.batches.append(len(batch))
        return [word.upper() for word in batch]

    def postprocess(self, inputs: list[str], items: list[str], outputs: list[str]) -> list[str]:
        del items
        words: list[list[str]] = [[] for _ in inputs]
        for owner, word in zip(self.owner, outputs, strict=True):
            words[owner].append(word)
        return [" ".join(w) for w in words]


TEXTS = ["a bb ccc", "", "dddd eeeee a", "ffffff", "g h i j k l m"]


def test_results_follow_the_inputs_across_batches():
    stage = Words()
    assert stage.run(TEXTS) == [t.upper() for t in TEXTS]
    assert len(stage.batches) > 1 and max(stage.batches) <= 3  # batched within the limits


def test_several_workers_give_the_same_results():
    assert Words(workers=2).run(TEXTS) == Words().run(TEXTS)


def test_no_inputs_runs_nothing():
    stage = Words()
    assert stage.run([]) == [] and stage.batches == []
