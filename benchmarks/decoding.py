"""CTranslate2 decoding options, measured: vocabulary map, beam size, threads, token budget.

Speed: on the opus-mt-ja-en-sized random Marian (benchmarks/translate.py), alternating passes
over the same sentences in one process, claimdiff's batching (length-sorted, token budget),
int8; the baseline is beam 4 over the whole vocabulary (claimdiff's decoding before the map).
The random checkpoint carries the tiny tokenizer, so its target side is a few hundred pieces;
the map is written with the size of opus-mt's English side instead (32,000 of 60,716 tokens).

Agreement: on the tiny checkpoints (random weights, so this says nothing about quality: recheck
with the real weights), the share of corpus sentences each option leaves unchanged.

    python benchmarks/decoding.py --quick
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, cpu_description
from translate import build_model, make_texts, write_real_size_vmap


def _batches(lengths: list[int], budget: int) -> list[list[int]]:
    from claimdiff.models.batching import Batcher

    return Batcher(budget, 64).plan(lengths)


def speed(n: int, passes: int) -> dict[str, float]:
    """Sentences per second of each option (fastest of ``passes``)."""
    import ctranslate2
    from transformers import AutoTokenizer

    from claimdiff.config import ModelsConfig, TranslateConfig
    from claimdiff.models.resolve import resolve_model_dir
    from claimdiff.translate.ct2 import convert_to_ctranslate2, ct2_dir_for, stored_quantization

    model_dir = build_model("ja")
    models = ModelsConfig(device="cpu", download=False, local_dir=CACHE / "converted")
    cfg = TranslateConfig()  # stored int8, as claimdiff converts for int8 decoding
    ct2_dir = convert_to_ctranslate2(
        model_dir,
        ct2_dir_for(resolve_model_dir(str(model_dir), models), models, cfg),
        stored_quantization(cfg),
    )
    write_real_size_vmap(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    source = [tokenizer.convert_ids_to_tokens(tokenizer(t)["input_ids"]) for t in make_texts(model_dir, n)]  # fmt: skip
    threads = os.cpu_count() or 1
    translators = {
        (inter, intra): ctranslate2.Translator(
            str(ct2_dir),
            device="cpu",
            compute_type="int8",
            inter_threads=inter,
            intra_threads=intra,
        )
        for inter, intra in ((1, threads), (threads, 1))
    }

    def run(
        beam: int, vmap: bool, budget: int = 256, layout: tuple[int, int] = (1, threads)
    ) -> None:
        translator = translators[layout]
        plan = _batches([len(s) for s in source], budget)
        jobs = [
            translator.translate_batch(
                [source[i] for i in batch],
                beam_size=beam,
                max_decoding_length=max(max(16, math.ceil(1.5 * len(source[i]))) for i in batch),
                use_vmap=vmap,
                max_batch_size=0,
                asynchronous=layout[0] > 1,  # inter-op threads need batches in flight together
            )
            for batch in plan
        ]
        if layout[0] > 1:
            for job in jobs:
                for result in job:
                    result.result()

    options = {
        "beam 4, full vocabulary (baseline)": lambda: run(4, False),
        "beam 4, vocabulary map": lambda: run(4, True),
        "beam 2, vocabulary map": lambda: run(2, True),
        "greedy, vocabulary map": lambda: run(1, True),
        f"beam 4, map, {threads} inter x 1 intra threads": lambda: run(
            4, True, layout=(threads, 1)
        ),
        "beam 4, map, token budget 128": lambda: run(4, True, budget=128),
        "beam 4, map, token budget 512": lambda: run(4, True, budget=512),
    }
    run(1, False)  # warm-up
    best: dict[str, float] = {}
    for _ in range(passes):
        for name, fn in options.items():
            start = time.perf_counter()
            fn()
            best[name] = min(best.get(name, math.inf), time.perf_counter() - start)
    return {name: n / seconds for name, seconds in best.items()}


def agreement() -> dict[str, dict[str, float]]:
    """Share of the tiny corpus each option leaves unchanged, per language (float32 and int8)."""
    from claimdiff.config import ModelsConfig, TranslateConfig
    from claimdiff.translate import load_translator
    from models.tiny import build_tiny_models, corpus

    tiny = build_tiny_models(CACHE / "tiny")
    models = ModelsConfig(device="cpu", download=False, local_dir=Path(tempfile.mkdtemp()))
    out: dict[str, dict[str, float]] = {}

    def translate(lang: str, beam: int, vmap: bool, compute: str) -> list[str]:
        cfg = TranslateConfig(
            engine="ctranslate2",
            beam_size=beam,
            ct2_vmap=vmap,
            ct2_compute_type=compute,
            max_new_tokens_min=4,
            max_new_tokens_ratio=1.0,
        )
        translator = load_translator(str(tiny.translation[lang]), lang, models, cfg)
        return [t.text for t in translator.translate(corpus(lang))]

    def same(a: list[str], b: list[str]) -> float:
        return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)

    for lang in ("ja", "ko"):
        greedy, beam2, beam4 = (translate(lang, b, False, "float32") for b in (1, 2, 4))
        out[lang] = {
            "sentences": len(greedy),
            "greedy float32: map vs full": same(translate(lang, 1, True, "float32"), greedy),
            "beam 4 float32: map vs full": same(translate(lang, 4, True, "float32"), beam4),
            "float32: beam 2 vs beam 4": same(beam2, beam4),
            "greedy: int8 vs float32": same(translate(lang, 1, False, "int8"), greedy),
        }
    return out


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="32 sentences, 1 pass per option")
    parser.add_argument("--sentences", type=int, default=64)
    parser.add_argument("--passes", type=int, default=None)
    args = parser.parse_args(argv)
    n = 32 if args.quick else args.sentences
    rates = speed(n, args.passes or (1 if args.quick else 2))
    print(f"\n## CTranslate2 decoding options, opus-mt-ja-en size, int8, {n} sentences")
    print(f"machine: {cpu_description()}; load average {os.getloadavg()}")
    print("| option | sentences/s |")
    print("|---|---|")
    for name, rate in rates.items():
        print(f"| {name} | {rate:.2f} |")
    print("\n## Agreement on the tiny checkpoints (random weights: recheck with the real ones)")
    print(json.dumps(agreement(), indent=1))
    ratio = rates["beam 4, vocabulary map"] / rates["beam 4, full vocabulary (baseline)"]
    print(f"ratio_vs_baseline={ratio:.2f}")
    return ratio


if __name__ == "__main__":
    main()
