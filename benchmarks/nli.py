"""NLI throughput: claimdiff's engine vs transformers ``pipeline("text-classification",
batch_size=32)`` on a random-initialised DeBERTa-v3 (base or large) cross-encoder.

Pairs follow news lengths (premise and hypothesis each lognormal, median ~24 words, long
tail). Both sides get the same pairs; the baseline takes them in arrival order, as the
pipeline does; claimdiff uses its configured engine (ONNX Runtime int8 on CPU, transformers
bf16/fp16 on CUDA), length-sorted token-budget batches. Each side runs in its own process.

    python benchmarks/nli.py --quick          # <= 2 min on 2 CPU cores
    python benchmarks/nli.py --size large --pairs 2048 --device cuda
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, best_of, isolated, make_sentences, news_lengths, report, timed

QUICK_PAIRS = 64

SIZES: dict[str, dict[str, int]] = {
    # microsoft/deberta-v3-base and -large (vocab 128100, relative attention, 256 buckets)
    "base": {
        "hidden_size": 768,
        "num_hidden_layers": 12,
        "num_attention_heads": 12,
        "intermediate_size": 3072,
    },
    "large": {
        "hidden_size": 1024,
        "num_hidden_layers": 24,
        "num_attention_heads": 16,
        "intermediate_size": 4096,
    },
}


def build_model(size: str) -> Path:
    """A random-initialised DeBERTa-v3-{size} NLI model with a sentencepiece tokenizer, saved once."""
    import torch
    from transformers import AutoTokenizer, DebertaV2Config, DebertaV2ForSequenceClassification

    from models.tiny import build_tiny_models

    out = CACHE / f"deberta-v3-{size}-random"
    if (out / "model.safetensors").exists():
        return out
    tiny = build_tiny_models(CACHE / "tiny")
    tokenizer = AutoTokenizer.from_pretrained(tiny.nli)
    config = DebertaV2Config(
        vocab_size=128100,
        max_position_embeddings=512,
        relative_attention=True,
        position_buckets=256,
        max_relative_positions=-1,
        pos_att_type=["p2c", "c2p"],
        position_biased_input=False,
        norm_rel_ebd="layer_norm",
        share_att_key=True,
        type_vocab_size=0,
        layer_norm_eps=1e-7,
        hidden_act="gelu",
        num_labels=3,
        id2label={0: "entailment", 1: "neutral", 2: "contradiction"},
        label2id={"entailment": 0, "neutral": 1, "contradiction": 2},
        **SIZES[size],
    )
    torch.manual_seed(0)
    model = DebertaV2ForSequenceClassification(config).eval()
    tmp = out.with_name(out.name + ".tmp")
    model.save_pretrained(tmp, safe_serialization=True)
    tokenizer.model_max_length = 512
    tokenizer.save_pretrained(tmp)
    tmp.replace(out)
    return out


def make_pairs(model_dir: Path, n: int, seed: int = 0) -> list[tuple[str, str]]:
    """News-length pairs: premise ~30 and hypothesis ~28 tokens (median), lognormal tails
    (``seed`` > 0: other pairs of the same shape, e.g. for calibration)."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    lengths = [news_lengths(n, m, 0.45, 6, 200, seed=seed + k) for k, m in ((1, 30), (3, 28))]
    premises = make_sentences(tokenizer, "en", lengths[0], seed=seed + 2)
    hypotheses = make_sentences(tokenizer, "en", lengths[1], seed=seed + 4)
    return list(zip(premises, hypotheses, strict=True))


def run_baseline(
    model_dir: str, pairs: list[tuple[str, str]], device: str, threads: int, repeats: int
) -> dict[str, Any]:
    import torch
    from transformers import pipeline

    torch.set_num_threads(threads)
    dtype = torch.float32 if device == "cpu" else torch.float16
    clf = pipeline(
        "text-classification", model=model_dir, device=device, dtype=dtype, batch_size=32
    )
    inputs = [{"text": p, "text_pair": h} for p, h in pairs]
    clf(inputs[:4])  # warm-up
    seconds = best_of(repeats, lambda: clf(inputs, truncation=True))
    return {"label": "pipeline(text-classification, batch_size=32)", "seconds": seconds,
            "items": len(pairs), "throughput": len(pairs) / seconds}  # fmt: skip


def _claimdiff_config(device: str, engine: str, threads: int) -> tuple[Any, Any]:
    from claimdiff.config import ModelsConfig, NLIConfig

    models = ModelsConfig(device=device, download=False, local_dir=CACHE / "converted")
    return models, NLIConfig(engine=engine, onnx_threads=threads)


def converted(model_dir: str, device: str, engine: str, threads: int) -> bool:
    """Whether claimdiff's one-time ONNX export is already on disk (then no process is spent on
    it: ``--quick`` has 2 minutes, and loading the session alone costs seconds)."""
    from claimdiff.models.resolve import resolve_model_dir
    from claimdiff.nli.onnx import FP32_FILE, INT8_FILE, onnx_dir_for

    if engine != "onnx" or device != "cpu":
        return True  # nothing to convert
    models, cfg = _claimdiff_config(device, engine, threads)
    target = INT8_FILE if cfg.onnx_quantize else FP32_FILE
    return (onnx_dir_for(resolve_model_dir(model_dir, models), models) / target).exists()


def prepare_claimdiff(model_dir: str, device: str, engine: str, threads: int) -> dict[str, Any]:
    """One-time conversion (ONNX export + int8), cached on disk, done in its own process."""
    from claimdiff.nli import load_nli

    _, seconds = timed(lambda: load_nli(model_dir, *_claimdiff_config(device, engine, threads)))
    return {"seconds": seconds}


def run_claimdiff(
    model_dir: str,
    pairs: list[tuple[str, str]],
    device: str,
    engine: str,
    threads: int,
    repeats: int,
) -> dict[str, Any]:
    import torch

    from claimdiff.nli import load_nli

    torch.set_num_threads(threads)
    start = time.perf_counter()
    nli = load_nli(model_dir, *_claimdiff_config(device, engine, threads))
    load_s = time.perf_counter() - start
    nli.predict(pairs[:4])  # warm-up
    seconds = best_of(repeats, lambda: nli.predict(pairs))
    label = f"claimdiff {engine} ({nli.model_id.split('+')[-1] if '+' in nli.model_id else 'fp'})"
    return {"label": label, "seconds": seconds, "items": len(pairs),
            "throughput": len(pairs) / seconds, "load_and_convert_s": round(load_s, 1)}  # fmt: skip


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small run, <= 2 min on 2 CPU cores")
    parser.add_argument("--size", choices=sorted(SIZES), default="base")
    parser.add_argument("--pairs", type=int, default=512)
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument(
        "--engine", default=None, help="claimdiff NLI engine (default: onnx on CPU)"
    )
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: all cores)")
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="timed passes per side, best counts (default 2; --quick: 1 when it had to convert)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    import os

    threads = args.threads or os.cpu_count() or 1
    # --quick: 64 pairs = two full baseline batches of 32 (with 48, the second batch held 16,
    # unlike a real night's run), two timed passes per side: about 100 s on 2 idle cores.
    n = QUICK_PAIRS if args.quick else args.pairs
    engine = args.engine or ("onnx" if args.device == "cpu" else "transformers")
    model_dir, build_s = timed(lambda: build_model(args.size))
    pairs = make_pairs(model_dir, n)
    common = {
        "model_dir": str(model_dir),
        "device": args.device,
        "engine": engine,
        "threads": threads,
    }
    # a conversion cached by an earlier run costs nothing now
    prepared = {"seconds": 0.0} if converted(**common) else isolated(prepare_claimdiff, **common)
    # the one-time conversion takes ~50 s; one pass per side keeps a first --quick run in 2 min
    repeats = args.repeats or (1 if args.quick and prepared["seconds"] else 2)
    rows = {
        "baseline": isolated(run_baseline, model_dir=str(model_dir), pairs=pairs, device=args.device, threads=threads, repeats=repeats),
        "claimdiff": isolated(run_claimdiff, model_dir=str(model_dir), pairs=pairs, device=args.device,
                              engine=engine, threads=threads, repeats=repeats),
    }  # fmt: skip
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    tokens = sorted(
        len(ids) for ids in tokenizer([p for p, _ in pairs], [h for _, h in pairs])["input_ids"]
    )
    extra = {"model": f"DeBERTa-v3-{args.size} (random init)", "pairs": n, "device": args.device,
             "threads": threads, "repeats": repeats, "tokens_per_pair_median": tokens[len(tokens) // 2],
             "tokens_per_pair_p90": tokens[int(len(tokens) * 0.9)], "build_s": round(build_s, 1),
             "convert_s": round(prepared["seconds"], 1)}  # fmt: skip
    return report(f"NLI, DeBERTa-v3-{args.size}", "pairs", rows, extra)


if __name__ == "__main__":
    main()
