"""Translation throughput: claimdiff's engine vs transformers ``generate`` in arrival order, on
a random-initialised Marian with the Helsinki-NLP/opus-mt-ja-en architecture.

Sentences follow Japanese news lengths in tokens (lognormal, median ~32, long tail). Both
sides use the same beam size and the same output budget per sentence (``max_new_tokens_ratio``
x its input length, at least ``max_new_tokens_min``; a batch runs to its longest budget, as a
real model runs until its longest sentence ends). A random model never emits the end token
early, so every sentence uses its whole budget: output lengths track input lengths, as in real
translation. The baseline batches 32 sentences in arrival order; claimdiff sorts by length,
batches by token budget and runs CTranslate2 (int8 on CPU, int8_float16 on CUDA).

    python benchmarks/translate.py --quick    # <= 2 min on 2 CPU cores
    python benchmarks/translate.py --sentences 1024 --device cuda
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, best_of, isolated, make_sentences, news_lengths, report, timed

QUICK_SENTENCES = 32

# Helsinki-NLP/opus-mt-ja-en (config.json): Marian transformer-base, shared vocabulary.
OPUS_MT_JA_EN = {
    "vocab_size": 60716,
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "max_position_embeddings": 512,
    "activation_function": "swish",
    "scale_embedding": True,
    "share_encoder_decoder_embeddings": True,
}
# Helsinki-NLP/opus-mt-ko-en: the same transformer-base; its vocabulary size (65001) is from
# memory of the hub's config.json (the hub is unreachable here), so treat it as approximate.
OPUS_MT = {"ja": OPUS_MT_JA_EN, "ko": {**OPUS_MT_JA_EN, "vocab_size": 65001}}
# Tokens of the English side of the shared vocabulary (opus-mt trains one 32k sentencepiece
# model per side and merges them), which the CTranslate2 vocabulary map restricts output to.
TARGET_SIDE_TOKENS = 32000


def build_model(lang: str = "ja") -> Path:
    """A random-initialised opus-mt-{lang}-en-sized Marian with the tiny {lang} tokenizer, saved
    once."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    from models.tiny import build_tiny_models

    sizes = OPUS_MT[lang]
    # -v2: the output bias below (v1 decoded its padding entries, hundreds of characters each)
    out = CACHE / f"opus-mt-{lang}-en-random-v2"
    if (out / "model.safetensors").exists():
        return out
    tiny = build_tiny_models(CACHE / "tiny")
    tmp = out.with_name(out.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    # The tiny sentencepiece models, with the vocabulary padded to the real size (CTranslate2
    # checks that they match); <pad> last, as in opus-mt.
    vocab = json.loads((tiny.translation[lang] / "vocab.json").read_text(encoding="utf-8"))
    vocab.pop("<pad>")
    for i in range(sizes["vocab_size"] - 1 - len(vocab)):
        vocab[f"<unused{i}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        shutil.copy(tiny.translation[lang] / name, tmp / name)
    tokenizer = MarianTokenizer(
        str(tmp / "source.spm"),
        str(tmp / "target.spm"),
        str(tmp / "vocab.json"),
        model_max_length=512,
    )
    pad = tokenizer.pad_token_id
    config = MarianConfig(
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        **sizes,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config).eval()
    # Random weights pick any of the 60k entries, mostly the ``<unusedN>`` padding of the tiny
    # vocabulary, which decode to their literal names (``<unused21604>`` x 30 = 500 characters
    # of "English", so NLI pairs were hundreds of tokens). A trained opus-mt writes only
    # target-side pieces: the output bias (``final_logits_bias``, which CTranslate2's converter
    # carries into its projection, so both sides decode the same model) rules out everything
    # else, the end token included: the model still never ends early (outputs use their whole
    # budget, 1.5 x input tokens, on both sides) and decodes to English-like text of that length.
    target = tokenizer.spm_target
    pieces = {target.id_to_piece(i) for i in range(target.get_piece_size())}
    special = set(tokenizer.all_special_ids)  # </s>, <unk>, <pad>
    allowed = [i for token, i in vocab.items() if token in pieces and i not in special]
    with torch.no_grad():
        model.final_logits_bias.fill_(-1e4)
        model.final_logits_bias[0, allowed] = 0.0
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad, eos_token_id=0, pad_token_id=pad, forced_eos_token_id=0,
        bad_words_ids=[[pad]], max_length=512, num_beams=4,
    )  # fmt: skip
    model.save_pretrained(tmp, safe_serialization=True)
    tokenizer.model_max_length = 512
    tokenizer.save_pretrained(tmp)
    tmp.replace(out)
    return out


def write_real_size_vmap(model_dir: Path) -> Path:
    """Give the random checkpoint's CTranslate2 conversion a vocabulary map of the size opus-mt's
    has (its English side, TARGET_SIDE_TOKENS), replacing the one claimdiff wrote from the tiny
    tokenizer (a few hundred pieces, which would make each restricted decoder step unrealistically
    cheap). Every token the model can output (the tiny target side, see ``build_model``) is in
    it, so outputs do not change; only the cost of a step is the real one."""
    from claimdiff.config import ModelsConfig, TranslateConfig
    from claimdiff.models.resolve import resolve_model_dir
    from claimdiff.translate.ct2 import VMAP, ct2_dir_for

    models = ModelsConfig(device="cpu", download=False, local_dir=CACHE / "converted")
    ct2_dir = ct2_dir_for(resolve_model_dir(str(model_dir), models), models, TranslateConfig())
    vocab = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    tokens = [t for t in sorted(vocab, key=vocab.get) if t != "<pad>"][:TARGET_SIDE_TOKENS]
    path = ct2_dir / VMAP
    line = "\t" + " ".join(tokens) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != line:
        path.write_text(line, encoding="utf-8")
    return path


def make_texts(model_dir: Path, n: int) -> list[str]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    return make_sentences(tokenizer, "ja", news_lengths(n, 32, 0.45, 4, 200, seed=5), seed=6)


def _budget(length: int, cfg: Any) -> int:
    return max(cfg.max_new_tokens_min, math.ceil(cfg.max_new_tokens_ratio * length))


def run_baseline(
    model_dir: str, texts: list[str], device: str, beam: int, threads: int, repeats: int
) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from claimdiff.config import TranslateConfig

    torch.set_num_threads(threads)
    cfg = TranslateConfig(beam_size=beam)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    dtype = torch.float32 if device == "cpu" else torch.float16
    model = (
        AutoModelForSeq2SeqLM.from_pretrained(model_dir, dtype=dtype, use_safetensors=True)
        .to(device)
        .eval()
    )

    def translate_all() -> int:
        produced = 0
        for start in range(0, len(texts), 32):  # arrival order, fixed batches of 32
            chunk = texts[start : start + 32]
            batch = tokenizer(chunk, return_tensors="pt", padding=True).to(device)
            lengths = batch["attention_mask"].sum(dim=1).tolist()
            budget = max(_budget(n, cfg) for n in lengths)  # the same output rule as claimdiff
            with torch.inference_mode():
                out = model.generate(
                    **batch, num_beams=beam, max_new_tokens=budget, do_sample=False
                )
            produced += out.numel()
        return produced

    # warm-up, like claimdiff's: first-call allocations are not the engine's steady speed
    warm = tokenizer(texts[:2], return_tensors="pt", padding=True).to(device)
    with torch.inference_mode():
        model.generate(**warm, num_beams=beam, max_new_tokens=4, do_sample=False)
    seconds = best_of(repeats, translate_all)
    return {"label": f"transformers generate, beam {beam}, batches of 32 in arrival order",
            "seconds": seconds, "items": len(texts), "throughput": len(texts) / seconds}  # fmt: skip


def _claimdiff_config(device: str, engine: str, beam: int, threads: int) -> tuple[Any, Any]:
    from claimdiff.config import ModelsConfig, TranslateConfig

    models = ModelsConfig(device=device, download=False, local_dir=CACHE / "converted")
    return models, TranslateConfig(engine=engine, beam_size=beam, ct2_threads=threads)


def converted(model_dir: str, device: str, engine: str, beam: int, threads: int) -> bool:
    """Whether claimdiff's one-time conversion is already on disk (then no process is spent on
    it: ``--quick`` has 2 minutes, and a spawned process with torch imported costs ~5 s)."""
    from claimdiff.models.resolve import resolve_model_dir
    from claimdiff.translate.ct2 import MARKER, ct2_dir_for

    if engine != "ctranslate2":
        return True  # nothing to convert
    models, cfg = _claimdiff_config(device, engine, beam, threads)
    return (ct2_dir_for(resolve_model_dir(model_dir, models), models, cfg) / MARKER).exists()


def prepare_claimdiff(
    model_dir: str, device: str, engine: str, beam: int, threads: int
) -> dict[str, Any]:
    """One-time CTranslate2 conversion, cached on disk, done in its own process."""
    from claimdiff.translate import load_translator

    _, seconds = timed(
        lambda: load_translator(model_dir, "ja", *_claimdiff_config(device, engine, beam, threads))
    )
    write_real_size_vmap(Path(model_dir))
    return {"seconds": seconds}


def run_claimdiff(
    model_dir: str,
    texts: list[str],
    device: str,
    engine: str,
    beam: int,
    threads: int,
    repeats: int,
) -> dict[str, Any]:
    import torch

    from claimdiff.translate import load_translator

    torch.set_num_threads(threads)
    start = time.perf_counter()
    translator = load_translator(model_dir, "ja", *_claimdiff_config(device, engine, beam, threads))
    load_s = time.perf_counter() - start
    translator.translate(texts[:2])  # warm-up
    seconds = best_of(repeats, lambda: translator.translate(texts))
    label = f"claimdiff {engine} ({translator.model_id.split('+')[-1]}), beam {beam}"
    return {"label": label, "seconds": seconds, "items": len(texts),
            "throughput": len(texts) / seconds, "load_s": round(load_s, 1)}  # fmt: skip


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small run, <= 2 min on 2 CPU cores")
    parser.add_argument("--sentences", type=int, default=256)
    parser.add_argument("--beam", type=int, default=None, help="beam size (default: the config's)")
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--engine", default="ctranslate2", help="claimdiff translation engine")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: all cores)")
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="timed passes per side; best counts (default 2, --quick 1)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    from claimdiff.config import TranslateConfig

    threads = args.threads or os.cpu_count() or 1
    beam = args.beam or TranslateConfig().beam_size
    # --quick: 32 sentences, one full baseline batch (with fewer, the baseline's batch of 32 is
    # never filled, unlike a real night's run); one timed pass per side after a warm-up keeps
    # it within 2 minutes on 2 cores, and a 30 s pass averages out short bursts of other load.
    n = QUICK_SENTENCES if args.quick else args.sentences
    args.repeats = args.repeats or (1 if args.quick else 2)
    model_dir, build_s = timed(build_model)
    texts = make_texts(model_dir, n)
    common = {"model_dir": str(model_dir), "device": args.device, "beam": beam, "threads": threads}
    # a conversion cached by an earlier run costs nothing now
    prepared = (
        {"seconds": 0.0}
        if converted(engine=args.engine, **common)
        else isolated(prepare_claimdiff, engine=args.engine, **common)
    )
    if args.engine == "ctranslate2":
        write_real_size_vmap(model_dir)
    rows = {
        "baseline": isolated(run_baseline, texts=texts, repeats=args.repeats, **common),
        "claimdiff": isolated(
            run_claimdiff, texts=texts, engine=args.engine, repeats=args.repeats, **common
        ),
    }
    from transformers import AutoTokenizer

    tokens = sorted(
        len(ids) for ids in AutoTokenizer.from_pretrained(model_dir)(texts)["input_ids"]
    )
    extra = {"model": "opus-mt-ja-en architecture (random init)", "sentences": n, "beam": beam,
             "device": args.device, "threads": threads, "repeats": args.repeats, "tokens_median": tokens[len(tokens) // 2],
             "tokens_p90": tokens[int(len(tokens) * 0.9)], "build_s": round(build_s, 1),
             "convert_s": round(prepared["seconds"], 1)}  # fmt: skip
    return report("Translation, opus-mt-ja-en size", "sentences", rows, extra)


if __name__ == "__main__":
    main()
