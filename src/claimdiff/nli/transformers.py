"""The transformers engine of the NLI stage: a sequence classifier, one replica per device."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from claimdiff.models.device import replicate, to_device
from claimdiff.models.registry import Engine, LoadRequest, register
from claimdiff.models.resolve import load_weights
from claimdiff.nli.stage import EncodedPair, NLIClassifier, load_common


class TransformersNLI(NLIClassifier):
    """A transformers sequence classifier, one replica per device."""

    def __init__(self, model: torch.nn.Module, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.replicas = replicate(model, self.spec)

    def forward(self, batch: list[EncodedPair], worker: int) -> list[np.ndarray]:
        """Class probabilities of a batch on worker ``worker``'s replica."""
        model = self.replicas[worker]
        features = self.pad(batch, "pt")
        with torch.inference_mode():
            logits = model(**to_device(features, self.spec.devices[worker])).logits
            probs = logits.float().softmax(dim=-1).cpu().numpy()
        return list(probs)


def load(request: LoadRequest) -> NLIClassifier:
    """The transformers classifier of a checkpoint (weights in the device's dtype)."""
    from transformers import AutoModelForSequenceClassification

    common = load_common(request)
    model = load_weights(
        AutoModelForSequenceClassification,
        request.name,
        request.resolved.path,
        request.spec.dtype,
    )
    return TransformersNLI(model, model_id=request.resolved.model_id, **common)


ENGINE = register(Engine("transformers", "nli", load))
