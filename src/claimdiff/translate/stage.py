"""The translation model stage: source sentences -> English.

preprocess (tokenise; split over-long sentences at clause boundaries, else by tokens) ->
Batcher(forward: generate) -> postprocess (decode, join the pieces of a split sentence,
record whether any output hit its length budget). Each engine provides ``forward`` only.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from typing import Any

from claimdiff.config import TranslateConfig
from claimdiff.errors import ModelLoadError
from claimdiff.models.device import DeviceSpec
from claimdiff.models.registry import LoadRequest
from claimdiff.models.resolve import load_config_and_tokenizer
from claimdiff.models.stage import ModelStage

logger = logging.getLogger(__name__)

# Where a long sentence may be cut: after clause punctuation (ja/ko/zh and Latin) or at spaces.
# Punctuation classes, not words, so no lexicon file: the same for every language we take.
_CLAUSE_BREAK = re.compile(r"(?<=[、，,;；:：])\s*|(?<=\S)\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class Translation:
    """A translated text; ``truncated`` when an output hit its length budget (content may be
    missing), which the judge shows in the CSV reasons."""

    text: str
    truncated: bool


@dataclass(frozen=True, slots=True)
class Chunk:
    """One model input: a whole sentence, or a piece of an over-long one."""

    text_index: int
    input_ids: list[int]

    def __len__(self) -> int:
        return len(self.input_ids)


@dataclass(frozen=True, slots=True)
class Generated:
    """One model output: token ids without the end token; ``hit_limit`` when the output
    reached its budget before the model ended it."""

    output_ids: list[int]
    hit_limit: bool


class Translator(ModelStage[str, Chunk, Generated, Translation]):
    """The translation stage: splitting and decoding shared by every engine."""

    cfg: TranslateConfig

    def __init__(
        self,
        model_id: str,
        tokenizer: Any,
        cfg: TranslateConfig,
        spec: DeviceSpec,
        max_positions: int,
    ) -> None:
        super().__init__(model_id, tokenizer, cfg, spec)
        self.max_positions = max_positions
        self.max_input_tokens = min(cfg.max_input_tokens, max_positions)

    def budget_for(self, chunk: Chunk) -> int:
        """Output budget of one input: relative to its length, within the model's limit. Kept
        per item (a batch generates up to its largest budget, then each output is cut to its
        own), so a translation does not depend on which batch it landed in."""
        wanted = max(
            self.cfg.max_new_tokens_min, math.ceil(self.cfg.max_new_tokens_ratio * len(chunk))
        )
        return min(wanted, self.max_positions)

    def max_new_tokens(self, batch: list[Chunk]) -> int:
        """Output budget of a batch: the largest of its items'."""
        return max(self.budget_for(c) for c in batch)

    def finish(self, chunk: Chunk, tokens: list[int], ended: bool) -> Generated:
        """Cut an output (without its end token) to the item's budget and record truncation:
        the budget was reached before the model ended the sentence."""
        budget = self.budget_for(chunk)
        if len(tokens) > budget:
            return Generated(tokens[:budget], hit_limit=True)
        return Generated(tokens, hit_limit=not ended and len(tokens) >= budget)

    def input_keys(self, texts: list[str]) -> list[tuple[int, ...]]:
        """What the model sees of each text (its token ids): texts with equal keys translate
        alike (the tokenizer's normalisation already made them one input)."""
        if not texts:
            return []
        encoded = self.tokenizer(texts, add_special_tokens=True)["input_ids"]
        return [tuple(ids) for ids in encoded]

    # --- preprocess ---------------------------------------------------------------------------

    def preprocess(self, texts: list[str]) -> list[Chunk]:
        """Tokenise; a sentence over ``max_input_tokens`` is split (never silently cut)."""
        encoded = self.tokenizer(texts, add_special_tokens=True)["input_ids"]
        chunks: list[Chunk] = []
        for index, (text, ids) in enumerate(zip(texts, encoded, strict=True)):
            if not text.strip():
                continue  # nothing to translate: postprocess yields ""
            if len(ids) <= self.max_input_tokens:
                chunks.append(Chunk(index, list(ids)))
            else:
                pieces = self._split(text)
                logger.info("split a %d-token sentence into %d pieces", len(ids), len(pieces))
                chunks.extend(Chunk(index, piece) for piece in pieces)
        return chunks

    def _count(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def _split(self, text: str) -> list[list[int]]:
        """Greedy packing of clause-sized pieces up to the limit; a piece that is still too
        long is cut into windows of token ids."""
        limit = self.max_input_tokens
        parts = [p for p in _CLAUSE_BREAK.split(text) if p]
        pieces: list[str] = []
        current = ""
        for part in parts:
            joined = f"{current} {part}" if current and _spaced(current, part) else current + part
            if current and self._count(joined) > limit:
                pieces.append(current)
                current = part
            else:
                current = joined
        if current:
            pieces.append(current)
        out: list[list[int]] = []
        for piece in pieces:
            ids = self.tokenizer(piece, add_special_tokens=True)["input_ids"]
            if len(ids) <= limit:
                out.append(list(ids))
                continue
            bare = self.tokenizer(piece, add_special_tokens=False)["input_ids"]
            room = limit - (len(ids) - len(bare))  # leave space for the special tokens
            for start in range(0, len(bare), room):
                window = bare[start : start + room]
                out.append(list(self.tokenizer.build_inputs_with_special_tokens(window)))
        return out

    # --- postprocess --------------------------------------------------------------------------

    def postprocess(
        self, texts: list[str], chunks: list[Chunk], outputs: list[Generated]
    ) -> list[Translation]:
        """Decode and join each sentence's pieces (in their original order)."""
        parts: list[list[str]] = [[] for _ in texts]
        truncated = [False] * len(texts)
        for chunk, generated in zip(chunks, outputs, strict=True):
            parts[chunk.text_index].append(
                self.tokenizer.decode(generated.output_ids, skip_special_tokens=True).strip()
            )
            truncated[chunk.text_index] |= generated.hit_limit
        return [
            Translation(" ".join(p for p in pieces if p), cut)
            for pieces, cut in zip(parts, truncated, strict=True)
        ]

    def translate(self, texts: list[str]) -> list[Translation]:
        """Translate texts to English; results in input order."""
        return self.run(texts)


def _spaced(left: str, right: str) -> bool:
    # Re-insert the space the split removed only between space-separated scripts.
    return left[-1].isascii() or right[0].isascii() or left[-1] == " "


def load_tokenizer(request: LoadRequest) -> tuple[Any, int]:
    """A seq2seq checkpoint's tokenizer and its position limit; ModelLoadError for a model
    that is not encoder-decoder."""
    config, tokenizer = load_config_and_tokenizer(request.name, request.resolved.path)
    if not getattr(config, "is_encoder_decoder", False):
        raise ModelLoadError(
            request.name, f"{request.resolved.path} is not a seq2seq (encoder-decoder) model"
        )
    limit = getattr(config, "max_position_embeddings", None) or tokenizer.model_max_length
    return tokenizer, int(limit)
