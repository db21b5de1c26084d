"""Tiny Marian and DeBERTa-v2 checkpoints for tests, built in code from configs.

Like transformers' own model tests (``MarianConfig(vocab_size=99, d_model=16, ...)``), the
checkpoints are random-initialised and small, with real sentencepiece tokenizers trained on
the fixture corpus in ``models/fixtures/``. They are written with ``save_pretrained``
(safetensors) so tests load them through the same ``from_pretrained`` path as production.

Building takes a few seconds; a finished build is reused (a ``.complete`` marker is written
last, into a temporary directory that is then renamed, so a half-written build is never read).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).with_name("fixtures")
SEED = 0
MARKER = ".complete"

# id2label orders of real checkpoints (issue 2): MoritzLaurer's, cross-encoder's, bart-large-mnli's.
BASE_ORDER = ("entailment", "neutral", "contradiction")
LABEL_ORDERS: dict[str, tuple[str, ...]] = {
    "entailment-neutral-contradiction": BASE_ORDER,
    "contradiction-entailment-neutral": ("contradiction", "entailment", "neutral"),
    "contradiction-neutral-entailment": ("contradiction", "neutral", "entailment"),
    "unmappable": ("LABEL_0", "LABEL_1", "LABEL_2"),
}


@dataclass(frozen=True)
class TinyModels:
    """Paths of the tiny checkpoints. ``nli_label_orders`` share the weights of ``nli``: their
    classifier rows are permuted to match their id2label, so mapped-by-name scores agree."""

    translation: dict[str, Path]
    nli: Path
    nli_label_orders: dict[str, Path] = field(default_factory=dict)


def corpus(lang: str) -> list[str]:
    """The fixture sentences the tiny tokenizers were trained on (tests use them as inputs)."""
    return (FIXTURES / f"corpus_{lang}.txt").read_text(encoding="utf-8").splitlines()


def _train_spm(lines: list[str], vocab_size: int, **special: object):
    """Train a sentencepiece unigram model in memory on the fixture lines."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # the fixture corpus is small; take what it supports
        character_coverage=1.0,
        model_type="unigram",
        num_threads=1,
        minloglevel=2,
        **special,
    )
    return buffer.getvalue()


def _build_marian(lang: str, out: Path) -> None:
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    specials = {"unk_id": 1, "bos_id": -1, "eos_id": 0, "pad_id": -1, "eos_piece": "</s>"}
    src_model = _train_spm(corpus(lang), 300, **specials)
    tgt_model = _train_spm(corpus("en"), 200, **specials)
    (out / "source.spm").write_bytes(src_model)
    (out / "target.spm").write_bytes(tgt_model)

    # One shared vocabulary, as in the opus-mt checkpoints: </s>=0, <unk>=1, then the pieces, <pad> last.
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for blob in (src_model, tgt_model):
        proc = spm.SentencePieceProcessor(model_proto=blob)
        for i in range(proc.get_piece_size()):
            vocab.setdefault(proc.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    tokenizer = MarianTokenizer(
        source_spm=str(out / "source.spm"),
        target_spm=str(out / "target.spm"),
        vocab=str(out / "vocab.json"),
        source_lang=lang,
        target_lang="en",
        model_max_length=128,
    )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=128,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        init_std=0.3,  # spread logits so greedy choices are not near-ties between engines
    )
    torch.manual_seed(SEED)
    model = MarianMTModel(config).eval()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad,
        eos_token_id=0,
        pad_token_id=pad,
        forced_eos_token_id=0,
        bad_words_ids=[[pad]],  # as in opus-mt: never generate <pad>
        max_length=128,
        num_beams=1,
    )
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)


def _build_nli_tokenizer(out: Path):
    import sentencepiece as spm
    from transformers import DebertaV2Tokenizer

    blob = _train_spm(
        corpus("en"),
        250,
        pad_id=0,
        bos_id=1,
        eos_id=2,
        unk_id=3,
        pad_piece="[PAD]",
        bos_piece="[CLS]",
        eos_piece="[SEP]",
        unk_piece="[UNK]",
        user_defined_symbols=["[MASK]"],
    )
    proc = spm.SentencePieceProcessor(model_proto=blob)
    vocab = [(proc.id_to_piece(i), proc.get_score(i)) for i in range(proc.get_piece_size())]
    tokenizer = DebertaV2Tokenizer(vocab=vocab, unk_id=3, model_max_length=128)
    tokenizer.save_pretrained(out)
    return tokenizer, len(vocab)


def tiny_deberta_config(**overrides: Any):
    """A DeBERTa-v3-shaped config (relative attention, no absolute positions, three labels),
    tiny; ``overrides`` set the vocabulary, positions, attention variant and initialisation."""
    from transformers import DebertaV2Config

    shape: dict[str, Any] = {
        "hidden_size": 32,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "intermediate_size": 64,
        "relative_attention": True,
        "position_biased_input": False,
        "norm_rel_ebd": "layer_norm",
        "type_vocab_size": 0,
        "num_labels": 3,
    }
    return DebertaV2Config(**{**shape, **overrides})


def _build_nli(root: Path) -> dict[str, Path]:
    import torch
    from transformers import DebertaV2ForSequenceClassification

    paths: dict[str, Path] = {}
    base_dir = root / "nli-entailment-neutral-contradiction"
    base_dir.mkdir(parents=True)
    tokenizer, vocab_size = _build_nli_tokenizer(base_dir)
    config = tiny_deberta_config(
        vocab_size=vocab_size,
        max_position_embeddings=128,
        position_buckets=32,
        pos_att_type=["p2c", "c2p"],
        share_att_key=True,
        pad_token_id=0,
        # spread logits so argmax is not a near-tie, yet small enough that int8 quantisation
        # error stays like a trained model's (0.3 gave 0.1 probability error, 0.02 near-ties)
        initializer_range=0.1,
        id2label=dict(enumerate(BASE_ORDER)),
        label2id={name: i for i, name in enumerate(BASE_ORDER)},
    )
    torch.manual_seed(SEED)
    base = DebertaV2ForSequenceClassification(config).eval()
    base.save_pretrained(base_dir, safe_serialization=True)
    paths["entailment-neutral-contradiction"] = base_dir

    for name, order in LABEL_ORDERS.items():
        if order == BASE_ORDER:
            continue
        out = root / f"nli-{name}"
        out.mkdir(parents=True)
        model = DebertaV2ForSequenceClassification(config).eval()
        model.load_state_dict(base.state_dict())
        if set(order) == set(BASE_ORDER):
            # Permute the classifier rows so each named label keeps its meaning.
            perm = [BASE_ORDER.index(label) for label in order]
            with torch.no_grad():
                model.classifier.weight.copy_(base.classifier.weight[perm])
                model.classifier.bias.copy_(base.classifier.bias[perm])
        model.config.id2label = dict(enumerate(order))
        model.config.label2id = {label: i for i, label in enumerate(order)}
        model.save_pretrained(out, safe_serialization=True)
        tokenizer.save_pretrained(out)
        paths[name] = out
    return paths


def _layout(cache_dir: Path) -> TinyModels:
    return TinyModels(
        translation={lang: cache_dir / f"marian-{lang}-en" for lang in ("ja", "ko")},
        nli=cache_dir / "nli-entailment-neutral-contradiction",
        nli_label_orders={name: cache_dir / f"nli-{name}" for name in LABEL_ORDERS},
    )


def build_tiny_models(cache_dir: Path) -> TinyModels:
    """Build (or reuse) tiny translation (ja, ko -> en) and NLI checkpoints under ``cache_dir``."""
    cache_dir = Path(cache_dir)
    if (cache_dir / MARKER).exists():
        return _layout(cache_dir)
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tiny-", dir=cache_dir.parent))
    try:
        for lang in ("ja", "ko"):
            out = tmp / f"marian-{lang}-en"
            out.mkdir()
            _build_marian(lang, out)
        _build_nli(tmp)
        (tmp / MARKER).write_text("ok\n", encoding="utf-8")
        if cache_dir.exists() and not any(cache_dir.iterdir()):
            cache_dir.rmdir()  # pytest's mktemp hands over an empty directory
        try:
            os.replace(tmp, cache_dir)
        except OSError:
            if not (cache_dir / MARKER).exists():  # lost a race to a finished build: fine
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return _layout(cache_dir)
