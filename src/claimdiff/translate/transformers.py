"""The transformers engine of the translation stage: ``generate``, one replica per device."""

from __future__ import annotations

from typing import Any

import torch

from claimdiff.models.device import replicate, to_device
from claimdiff.models.registry import Engine, LoadRequest, register
from claimdiff.models.resolve import load_weights
from claimdiff.translate.stage import Chunk, Generated, Translator, load_tokenizer


class TransformersTranslator(Translator):
    """``generate`` on a transformers seq2seq model, one replica per device."""

    def __init__(self, model: torch.nn.Module, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.replicas = replicate(model, self.spec)
        # generate() fills unset fields of a passed config from model.generation_config, so the
        # settings go on the model's own config (these replicas are ours alone).
        for replica in self.replicas:
            generation = replica.generation_config
            generation.num_beams = self.cfg.beam_size
            generation.do_sample = False
            generation.max_length = None  # the budget is max_new_tokens, per batch
            # A forced EOS at the budget would hide truncation; we detect and record it instead.
            generation.forced_eos_token_id = None
        generation = self.replicas[0].generation_config
        eos = generation.eos_token_id
        self.eos_ids = set(eos if isinstance(eos, list) else [eos])
        self.pad_id = generation.pad_token_id

    def forward(self, batch: list[Chunk], worker: int) -> list[Generated]:
        """Generate a batch on worker ``worker``'s replica."""
        model = self.replicas[worker]
        device = self.spec.devices[worker]
        budget = self.max_new_tokens(batch)
        multiple = self.spec.pad_multiple if self.spec.pad_multiple > 1 else None
        features = self.tokenizer.pad(
            {"input_ids": [c.input_ids for c in batch]},
            padding=True,
            pad_to_multiple_of=multiple,
            return_tensors="pt",
        )
        with torch.inference_mode():
            sequences = model.generate(**to_device(features, device), max_new_tokens=budget)
            sequences = sequences.cpu().tolist()
        results = []
        for chunk, row in zip(batch, sequences, strict=True):
            generated = row[1:]  # drop the decoder start token
            end = next((n for n, t in enumerate(generated) if t in self.eos_ids), None)
            tokens = generated if end is None else generated[:end]
            results.append(
                self.finish(chunk, [t for t in tokens if t != self.pad_id], end is not None)
            )
        return results


def load(request: LoadRequest) -> Translator:
    """The transformers translator of a checkpoint (weights in the device's dtype)."""
    from transformers import AutoModelForSeq2SeqLM

    tokenizer, limit = load_tokenizer(request)
    model = load_weights(
        AutoModelForSeq2SeqLM, request.name, request.resolved.path, request.spec.dtype
    )
    return TransformersTranslator(
        model,
        model_id=request.resolved.model_id,
        tokenizer=tokenizer,
        cfg=request.cfg,
        spec=request.spec,
        max_positions=limit,
    )


ENGINE = register(Engine("transformers", "translate", load))
