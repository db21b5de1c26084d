"""The model stage both translation and NLI specialise: preprocess -> forward -> postprocess.

The transformers ``Pipeline`` shape: *preprocess* (pure CPU code: tokenise, record truncation),
*forward* (the only code that touches the device; one call per batch and worker) and
*postprocess* (pure CPU code over the forward's outputs). The :class:`Batcher` sits between
preprocess and forward. An engine subclasses a stage (``Translator``, ``NLIClassifier``) and
provides ``forward`` only.
"""

from __future__ import annotations

import functools
from collections.abc import Sized
from typing import Any, Generic, TypeVar

from claimdiff.models.batching import Batcher
from claimdiff.models.device import DeviceSpec

In = TypeVar("In")  # what the stage is called with (a text, a pair)
Item = TypeVar("Item", bound=Sized)  # one model input; its len() is its token count
Out = TypeVar("Out")  # what forward returns per item
Res = TypeVar("Res")  # what the stage returns per input


class ModelStage(Generic[In, Item, Out, Res]):
    """A model behind the batcher: ``run(inputs)`` returns one result per input, in order."""

    def __init__(self, model_id: str, tokenizer: Any, cfg: Any, spec: DeviceSpec) -> None:
        self.model_id = model_id  # the id caches and finding ids key on
        self.tokenizer = tokenizer
        self.cfg = cfg  # the stage's config section
        self.spec = spec
        self.batcher: Batcher[Item, Out] = Batcher.for_stage(cfg, spec)

    @property
    def workers(self) -> int:
        """How many forward workers (devices) the batches are sharded over."""
        return len(self.spec.devices)

    def preprocess(self, inputs: list[In]) -> list[Item]:
        """Model inputs for the stage's inputs (an input may give none or several)."""
        raise NotImplementedError

    def forward(self, batch: list[Item], worker: int) -> list[Out]:
        """One output per item of a batch, on worker ``worker``'s device."""
        raise NotImplementedError

    def postprocess(self, inputs: list[In], items: list[Item], outputs: list[Out]) -> list[Res]:
        """One result per input from the items' outputs."""
        raise NotImplementedError

    def run(self, inputs: list[In]) -> list[Res]:
        """Results for ``inputs``, in input order."""
        if not inputs:
            return []
        items = self.preprocess(inputs)
        forwards = [functools.partial(self.forward, worker=w) for w in range(self.workers)]
        outputs = self.batcher.run(items, [len(item) for item in items], forwards)
        return self.postprocess(inputs, items, outputs)
