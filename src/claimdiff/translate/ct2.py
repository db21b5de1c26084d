"""The CTranslate2 engine of the translation stage: int8 on CPU, int8_float16 on CUDA, from the
same checkpoint.

Measured with an opus-mt-ja-en-sized Marian (benchmarks/translate.py and decoding.py; figures
and CPUs in benchmarks/RESULTS.md): int8 with length-sorted token-budget batches and the
vocabulary map is several times transformers ``generate`` at the same beam and output length.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from claimdiff.config import ModelsConfig, TranslateConfig
from claimdiff.errors import ModelLoadError
from claimdiff.models.registry import Engine, LoadRequest, prepare_once, register
from claimdiff.models.resolve import ResolvedModel, slug
from claimdiff.translate.stage import Chunk, Generated, Translator, load_tokenizer

logger = logging.getLogger(__name__)

MARKER = "model.bin"


def stored_quantization(cfg: TranslateConfig) -> str | None:
    """How the conversion stores the weights: int8 for every int8 compute type (``auto`` is
    int8 on CPU and int8_float16 on CUDA), else float32 (None).

    Stored float32 and quantised at load, the weights are read whole (302 MB for opus-mt-ja-en)
    and then quantised, and the process's peak RSS carries both: opus-mt-ja-en size, peak 542
    MiB stored float32 vs 337 MiB stored int8 (77 MB), the same 252 MiB anonymous memory after
    loading (benchmarks/RESULTS.md, memory). The decoded outputs are the same either way."""
    compute = cfg.ct2_compute_type
    return "int8" if compute == "auto" or compute.startswith("int8") else None


def ct2_dir_for(resolved: ResolvedModel, models: ModelsConfig, cfg: TranslateConfig) -> Path:
    """Where the CTranslate2 conversion of a checkpoint lives (keyed by model id and how the
    weights are stored)."""
    stored = stored_quantization(cfg)
    return (
        models.local_dir
        / "ctranslate2"
        / (slug(resolved.model_id) + (f"-{stored}" if stored else ""))
    )


def convert_to_ctranslate2(model_dir: Path, out_dir: Path, quantization: str | None = None) -> Path:
    """Convert a transformers seq2seq checkpoint to CTranslate2 (weights kept in float32 unless
    ``quantization`` says otherwise; the compute type is chosen at load time, from the stored
    type). Reuses an existing conversion."""
    if (out_dir / MARKER).exists():
        return out_dir
    from ctranslate2.converters import TransformersConverter

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    # The converter loads with from_pretrained; the checkpoint directory holds only safetensors.
    TransformersConverter(str(model_dir), trust_remote_code=False).convert(
        str(tmp), quantization=quantization, force=True
    )
    tmp.replace(out_dir)
    logger.info("converted %s to CTranslate2 in %s", model_dir, out_dir)
    return out_dir


VMAP = "vmap.txt"


def target_side_tokens(tokenizer: Any) -> list[str] | None:
    """The tokens of a shared vocabulary that the target-side sentencepiece model can produce
    (with the special tokens), or None for a tokenizer without a separate target side.

    opus-mt models share one vocabulary between both languages (ja-en: 60,716 entries), and the
    output projection over all of it is more than half of each decoder step; an English output
    only ever uses the English side's pieces."""
    target = getattr(tokenizer, "spm_target", None)
    vocab = tokenizer.get_vocab()
    if target is None:
        return None
    pieces = {target.id_to_piece(i) for i in range(target.get_piece_size())}
    # </s> and <unk> are outputs; <pad> never is (opus-mt bans it)
    special = set(tokenizer.all_special_tokens) - {tokenizer.pad_token}
    return [token for token in vocab if token in pieces or token in special]


def write_vocabulary_map(ct2_dir: Path, tokenizer: Any) -> bool:
    """CTranslate2's vocabulary map (``vmap.txt``: one line, empty source n-gram -> the target
    side's tokens, always candidates) next to the conversion; False when the tokenizer has no
    separate target side (then decoding keeps the whole vocabulary)."""
    path = ct2_dir / VMAP
    if path.exists():
        return True
    tokens = target_side_tokens(tokenizer)
    if not tokens:
        return False
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\t" + " ".join(tokens) + "\n", encoding="utf-8")
    tmp.replace(path)
    logger.info("vocabulary map of %d target-side tokens in %s", len(tokens), path)
    return True


def compute_type_for(requested: str, device_kind: str) -> str:
    """``auto`` -> int8 on CPU, int8_float16 on CUDA; anything else is passed through."""
    if requested != "auto":
        return requested
    return "int8_float16" if device_kind == "cuda" else "int8"


class CT2Translator(Translator):
    """One ``ctranslate2.Translator`` per GPU; CPU workers share one (it is thread-safe and
    runs ``inter_threads`` batches in parallel)."""

    def __init__(self, ct2_dir: Path, threads: int, use_vmap: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        import ctranslate2

        compute_type = compute_type_for(self.cfg.ct2_compute_type, self.spec.kind)
        self.compute_type = compute_type
        self.use_vmap = use_vmap  # vmap.txt must be in ct2_dir: it is read with the model
        self.backends: list[Any] = []
        if self.spec.kind == "cuda":
            for device in self.spec.devices:
                self.backends.append(
                    ctranslate2.Translator(
                        str(ct2_dir),
                        device="cuda",
                        device_index=device.index,
                        compute_type=compute_type,
                    )
                )
        else:
            shared = ctranslate2.Translator(
                str(ct2_dir),
                device="cpu",
                compute_type=compute_type,
                inter_threads=self.workers,
                intra_threads=threads,
            )
            self.backends = [shared] * self.workers

    def forward(self, batch: list[Chunk], worker: int) -> list[Generated]:
        """Translate a batch of token pieces with worker ``worker``'s translator."""
        budget = self.max_new_tokens(batch)
        tokens = [self.tokenizer.convert_ids_to_tokens(c.input_ids) for c in batch]
        results = self.backends[worker].translate_batch(
            tokens,
            beam_size=self.cfg.beam_size,
            max_decoding_length=budget,
            max_batch_size=0,  # our batcher already sized the batch
            use_vmap=self.use_vmap,
        )
        out = []
        for chunk, result in zip(batch, results, strict=True):
            hypothesis = result.hypotheses[0]  # the end token is not included
            ids = list(self.tokenizer.convert_tokens_to_ids(hypothesis))
            out.append(self.finish(chunk, ids, ended=len(hypothesis) < budget))
        return out


def prepare(resolved: ResolvedModel, models: ModelsConfig, cfg: TranslateConfig) -> Path:
    """The one-time conversion (``claimdiff models pull``, or the first load)."""
    return convert_to_ctranslate2(
        resolved.path, ct2_dir_for(resolved, models, cfg), stored_quantization(cfg)
    )


def load(request: LoadRequest) -> Translator:
    """The CTranslate2 translator of a checkpoint, converting it first if needed."""
    tokenizer, limit = load_tokenizer(request)
    resolved, cfg = request.resolved, request.cfg
    try:
        done = ct2_dir_for(resolved, request.models, cfg) / MARKER
        ct2_dir = prepare_once(prepare, done, resolved, request.models, cfg)
    except (OSError, ValueError, RuntimeError) as exc:
        raise ModelLoadError(
            request.name, f"CTranslate2 conversion of {resolved.path} failed: {exc}"
        ) from exc
    compute = compute_type_for(cfg.ct2_compute_type, request.spec.kind)
    # the map can change outputs, so it is part of the id that caches and findings key on
    vmap = cfg.ct2_vmap and write_vocabulary_map(ct2_dir, tokenizer)
    return CT2Translator(
        ct2_dir,
        cfg.ct2_threads,
        vmap,
        model_id=f"{resolved.model_id}+ct2-{compute}{'+vmap' if vmap else ''}",
        tokenizer=tokenizer,
        cfg=cfg,
        spec=request.spec,
        max_positions=limit,
    )


ENGINE = register(
    Engine(
        "ctranslate2",
        "translate",
        load,
        package="ctranslate2",
        extra="ct2",
        cpu_default=True,
        prepare=prepare,
    )
)
