"""NLI engines: premise/hypothesis pairs -> entailment / neutral / contradiction probabilities.

preprocess (tokenise all pairs at once, record truncation) -> BatchEngine(forward) ->
postprocess (probabilities -> NLIScores by label name). Subclasses only provide ``forward``.
"""

from __future__ import annotations

import copy
import functools
import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from claimdiff.config import NLIConfig
from claimdiff.engine import BatchEngine, DeviceSpec
from claimdiff.records import NLIScores

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EncodedPair:
    """A tokenised pair; ``truncated`` when it had to be cut to the model's limit."""

    features: dict[str, list[int]]
    truncated: bool

    def __len__(self) -> int:
        return len(self.features["input_ids"])


class NLIEngine:
    """Base class: batching, label mapping and pre/post-processing shared by every backend."""

    def __init__(
        self,
        model_id: str,
        tokenizer: Any,
        label_map: dict[str, int],
        cfg: NLIConfig,
        spec: DeviceSpec,
        input_names: tuple[str, ...],
    ) -> None:
        self.model_id = model_id
        self.tokenizer = tokenizer
        self.label_map = label_map
        self.cfg = cfg
        self.spec = spec
        self.input_names = input_names
        self.max_length = min(cfg.max_length, _model_limit(tokenizer, cfg.max_length))
        self.batcher: BatchEngine[EncodedPair, np.ndarray] = BatchEngine.for_stage(cfg, spec)

    @property
    def workers(self) -> int:
        """How many forward workers (devices) the batches are sharded over."""
        return len(self.spec.devices)

    def preprocess(self, pairs: list[tuple[str, str]]) -> list[EncodedPair]:
        """Tokenise all pairs in one call (the fast tokenizer parallelises it); pairs over the
        limit are re-tokenised with ``longest_first`` truncation and marked truncated."""
        premises = [p for p, _ in pairs]
        hypotheses = [h for _, h in pairs]
        full = self.tokenizer(premises, hypotheses, truncation=False, verbose=False)
        encoded: list[EncodedPair] = []
        long_rows = [i for i, ids in enumerate(full["input_ids"]) if len(ids) > self.max_length]
        cut: dict[int, dict[str, list[int]]] = {}
        if long_rows:
            short = self.tokenizer(
                [premises[i] for i in long_rows],
                [hypotheses[i] for i in long_rows],
                truncation="longest_first",
                max_length=self.max_length,
            )
            for n, i in enumerate(long_rows):
                cut[i] = {name: short[name][n] for name in self.input_names}
            logger.info(
                "%d of %d NLI pairs truncated to %d tokens", len(cut), len(pairs), self.max_length
            )
        for i in range(len(pairs)):
            if i in cut:
                encoded.append(EncodedPair(cut[i], True))
            else:
                encoded.append(EncodedPair({n: full[n][i] for n in self.input_names}, False))
        return encoded

    def pad(self, batch: list[EncodedPair], return_tensors: str) -> dict[str, Any]:
        """Pad a batch (to a multiple of 8 on CUDA, for tensor cores)."""
        multiple = self.spec.pad_multiple if self.spec.pad_multiple > 1 else None
        return self.tokenizer.pad(
            [item.features for item in batch],
            padding=True,
            pad_to_multiple_of=multiple,
            return_tensors=return_tensors,
        )

    def forward(self, batch: list[EncodedPair], worker: int) -> list[np.ndarray]:
        """Class probabilities (float32, model label order) for each item of a batch."""
        raise NotImplementedError

    def postprocess(self, probs: np.ndarray, item: EncodedPair) -> NLIScores:
        """Probabilities in model order -> NLIScores by label name."""
        return NLIScores(
            entailment=float(probs[self.label_map["entailment"]]),
            neutral=float(probs[self.label_map["neutral"]]),
            contradiction=float(probs[self.label_map["contradiction"]]),
            truncated=item.truncated,
        )

    def predict(self, pairs: list[tuple[str, str]]) -> list[NLIScores]:
        """Scores for (premise, hypothesis) pairs, in input order."""
        if not pairs:
            return []
        encoded = self.preprocess(pairs)
        forwards = [functools.partial(self.forward, worker=w) for w in range(self.workers)]
        probs = self.batcher.run(encoded, [len(e) for e in encoded], forwards)
        return [self.postprocess(p, e) for p, e in zip(probs, encoded, strict=True)]


def _model_limit(tokenizer: Any, default: int) -> int:
    limit = getattr(tokenizer, "model_max_length", default)
    # tokenizers without a limit report a huge sentinel (int(1e30))
    return limit if isinstance(limit, int) and 0 < limit < 1_000_000 else default


class TransformersNLIEngine(NLIEngine):
    """A transformers sequence classifier, one replica per device."""

    def __init__(self, model: torch.nn.Module, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.replicas: list[torch.nn.Module] = []
        for device in self.spec.devices:
            same = next((r for r in self.replicas if _device_of(r) == device), None)
            # CPU workers share one model (read-only inference); each GPU gets its own copy.
            replica = same or (model if not self.replicas else copy.deepcopy(model)).to(device)
            self.replicas.append(replica.eval())

    def forward(self, batch: list[EncodedPair], worker: int) -> list[np.ndarray]:
        model = self.replicas[worker]
        device = self.spec.devices[worker]
        features = self.pad(batch, "pt")
        with torch.inference_mode():
            if device.type == "cuda":
                # pinned host memory lets the copy overlap with the previous batch's compute
                inputs = {
                    k: v.pin_memory().to(device, non_blocking=True) for k, v in features.items()
                }
            else:
                inputs = {k: v.to(device) for k, v in features.items()}
            logits = model(**inputs).logits
            probs = logits.float().softmax(dim=-1).cpu().numpy()
        return list(probs)


def _device_of(model: torch.nn.Module) -> torch.device:
    return next(model.parameters()).device
