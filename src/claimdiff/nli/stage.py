"""The NLI model stage: premise/hypothesis pairs -> entailment / neutral / contradiction
probabilities.

preprocess (tokenise all pairs at once, record truncation) -> Batcher(forward) ->
postprocess (probabilities -> NLIScores by label name). Each engine provides ``forward`` only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from claimdiff.config import NLIConfig
from claimdiff.models.device import DeviceSpec
from claimdiff.models.registry import LoadRequest
from claimdiff.models.resolve import load_config_and_tokenizer
from claimdiff.models.stage import ModelStage
from claimdiff.nli.labels import map_labels
from claimdiff.records import NLIScores

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EncodedPair:
    """A tokenised pair; ``truncated`` when it had to be cut to the model's limit."""

    features: dict[str, list[int]]
    truncated: bool

    def __len__(self) -> int:
        return len(self.features["input_ids"])


Pair = tuple[str, str]  # (premise, hypothesis)


class NLIClassifier(ModelStage[Pair, EncodedPair, np.ndarray, NLIScores]):
    """The NLI stage: label mapping and pre/post-processing shared by every engine."""

    cfg: NLIConfig

    def __init__(
        self,
        model_id: str,
        tokenizer: Any,
        label_map: dict[str, int],
        cfg: NLIConfig,
        spec: DeviceSpec,
        input_names: tuple[str, ...],
    ) -> None:
        super().__init__(model_id, tokenizer, cfg, spec)
        self.label_map = label_map
        self.input_names = input_names
        self.max_length = min(cfg.max_length, _model_limit(tokenizer, cfg.max_length))

    def preprocess(self, pairs: list[Pair]) -> list[EncodedPair]:
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

    def postprocess(
        self, inputs: list[Pair], items: list[EncodedPair], outputs: list[np.ndarray]
    ) -> list[NLIScores]:
        """Probabilities (float32, model label order) -> NLIScores by label name."""
        del inputs  # one item per pair: the items carry all that is needed
        at = self.label_map
        return [
            NLIScores(
                entailment=float(probs[at["entailment"]]),
                neutral=float(probs[at["neutral"]]),
                contradiction=float(probs[at["contradiction"]]),
                truncated=item.truncated,
            )
            for probs, item in zip(outputs, items, strict=True)
        ]

    def predict(self, pairs: list[Pair]) -> list[NLIScores]:
        """Scores for (premise, hypothesis) pairs, in input order."""
        return self.run(pairs)


def _model_limit(tokenizer: Any, default: int) -> int:
    limit = getattr(tokenizer, "model_max_length", default)
    # tokenizers without a limit report a huge sentinel (int(1e30))
    return limit if isinstance(limit, int) and 0 < limit < 1_000_000 else default


def input_names(tokenizer: Any, config: Any) -> tuple[str, ...]:
    """The tokenizer outputs the model takes (no token type ids where it has none)."""
    names = [
        n
        for n in tokenizer.model_input_names
        if n in ("input_ids", "attention_mask", "token_type_ids")
    ]
    # DeBERTa-v3 has no token type embeddings: feeding the ids would be dead weight in the graph.
    if getattr(config, "type_vocab_size", 1) == 0 and "token_type_ids" in names:
        names.remove("token_type_ids")
    return tuple(names)


def load_common(request: LoadRequest) -> dict[str, Any]:
    """The engine-independent arguments of an NLIClassifier: tokenizer, labels, input names.
    Labels first: an unmappable model is refused before its weights are read."""
    config, tokenizer = load_config_and_tokenizer(request.name, request.resolved.path)
    return {
        "tokenizer": tokenizer,
        "label_map": map_labels(config.id2label, request.name),
        "cfg": request.cfg,
        "spec": request.spec,
        "input_names": input_names(tokenizer, config),
    }
