"""A full-mode night end to end: claimdiff's configured engines vs the plain transformers
pipelines, on one synthetic night (benchmarks/synthetic.py), in one run.

Models are random-initialised with the real default architectures and sizes (speed does not
depend on weight values): opus-mt-ja-en and opus-mt-ko-en (Marian transformer-base) and
DeBERTa-v3 NLI (large by default; ``--quick``: base). claimdiff runs the whole night through its
runner (ingest, segment, translate, align, NLI, judge, export) with ``engine: auto`` for both
model stages. The baseline does the two model stages the plain way on the same inputs: every
Korean and Japanese statement of the night, in arrival order, through ``generate`` in batches
of 32 (what ``pipeline("translation")`` did; transformers 5 removed that pipeline), and every
pair claimdiff scored, through ``pipeline("text-classification", batch_size=32)``; its other
stages are claimdiff's own (the same code would run), so they count the same on both sides.
Both sides use the same beam size and output budget per sentence (``max_new_tokens_ratio`` x
input tokens, at least ``max_new_tokens_min``; a random model never ends early). Each side runs
in its own process, so its peak RSS is its own.

    python benchmarks/night.py --quick        # 12 articles, DeBERTa-v3-base
    python benchmarks/night.py                # 1,000 articles, DeBERTa-v3-large
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, cpu_description, isolated, timed

# 12 articles: one release, its six reports, a wire copy and four unrelated articles, ~136 ko/ja
# statements (57% distinct; 100 articles: ~985, 42% distinct), so the baseline's beam-4 generate
# over them takes minutes on 2 cores (over 100 articles' it took ~35 minutes).
QUICK_ARTICLES = 12
MODEL_STAGES = ("load_models", "translate", "nli")


def build_models(nli_size: str) -> dict[str, str]:
    """The random-initialised checkpoints (built once, cached under .cache/benchmarks)."""
    import nli
    import translate

    return {
        "ja": str(translate.build_model("ja")),
        "ko": str(translate.build_model("ko")),
        "nli": str(nli.build_model(nli_size)),
    }


def claimdiff_config(paths: dict[str, str], work: Path, threads: int = 0) -> Any:
    """The night's configuration: the random models, CPU, engines ``auto``, a fresh store;
    ``threads``: the engines' intra-op threads (0: all cores, the default)."""
    from claimdiff.config import parse_config

    return parse_config(
        {
            "sources": [{"type": "files", "path": str(work / "night.jsonl")}],
            "models": {
                "translation": {"ja": paths["ja"], "ko": paths["ko"]},
                "nli": paths["nli"],
                "device": "cpu",
                "download": False,
                "local_dir": str(CACHE / "converted"),
            },
            "store": f"sqlite:///{work / 'claimdiff.db'}",
            "export": {"dir": str(work / "out"), "parquet": False},
            "translate": {"ct2_threads": threads},
            "nli": {"onnx_threads": threads},
        }
    )


def prepare(paths: dict[str, str], work: str) -> dict[str, Any]:
    """The one-time conversions (CTranslate2, ONNX export + int8), cached on disk."""
    from claimdiff.modelhub import prepare_engines

    _, seconds = timed(lambda: prepare_engines(claimdiff_config(paths, Path(work))))
    return {"seconds": seconds}


def run_claimdiff(paths: dict[str, str], work: str, threads: int) -> dict[str, Any]:
    """One night through claimdiff's runner; per-stage seconds from its run.json."""
    import torch

    from claimdiff import runner

    torch.set_num_threads(threads or os.cpu_count() or 1)  # what torch code there is (none hot)
    config = claimdiff_config(paths, Path(work), threads)
    start = time.perf_counter()
    summary = _run_night(runner, config, Path(work) / "out")
    wall = time.perf_counter() - start
    # run.json's timings: per stage, start-up, hand-offs, and their "total" (left out: summed here)
    timings = {k: float(v) for k, v in summary["timings_s"].items() if k != "total"}
    return {"wall_s": wall, "stages": timings, "counts": summary.get("counts", {}),
            "cache": summary.get("cache", {}), "mode": summary.get("mode")}  # fmt: skip


def _run_night(runner: Any, config: Any, out: Path) -> dict[str, Any]:
    """The same composition as the nightly flow, in plain Python (no Prefect server)."""
    runner.run_steps(config, out)
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def night_inputs(work: Path) -> dict[str, Any]:
    """What the baseline gets: the night's ko/ja statements in arrival order (no dedupe) and
    the (premise, hypothesis) English texts of every pair claimdiff scored."""
    db = sqlite3.connect(work / "claimdiff.db")
    rows = db.execute("SELECT statement_id, lang, text, text_en FROM statements ORDER BY rowid")
    english: dict[str, str] = {}
    sentences: dict[str, list[str]] = {"ja": [], "ko": []}
    for statement_id, lang, text, text_en in rows:
        english[statement_id] = text_en
        if lang in sentences:
            sentences[lang].append(text)
    pairs = [
        (english[o], english[r])
        for o, r in db.execute("SELECT original_id, report_id FROM pairs ORDER BY rowid")
    ]
    db.close()
    return {"sentences": sentences, "pairs": pairs}


def run_baseline(
    paths: dict[str, str], inputs: dict[str, Any], beam: int, threads: int
) -> dict[str, Any]:
    """The plain transformers way: generate in arrival-order batches of 32, then the
    text-classification pipeline over the same pairs in batches of 32."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, pipeline

    from claimdiff.config import TranslateConfig

    torch.set_num_threads(threads or os.cpu_count() or 1)
    cfg = TranslateConfig()
    stages: dict[str, float] = {}
    start = time.perf_counter()
    translators = {
        lang: (
            AutoTokenizer.from_pretrained(paths[lang]),
            AutoModelForSeq2SeqLM.from_pretrained(paths[lang], use_safetensors=True).eval(),
        )
        for lang in ("ja", "ko")
    }
    classifier = pipeline("text-classification", model=paths["nli"], device="cpu", batch_size=32)
    stages["load_models"] = time.perf_counter() - start

    start = time.perf_counter()
    for lang, (tokenizer, model) in translators.items():
        texts = inputs["sentences"][lang]
        for i in range(0, len(texts), 32):
            batch = tokenizer(texts[i : i + 32], return_tensors="pt", padding=True)
            lengths = batch["attention_mask"].sum(dim=1).tolist()
            budget = max(
                max(cfg.max_new_tokens_min, math.ceil(cfg.max_new_tokens_ratio * n))
                for n in lengths
            )
            with torch.inference_mode():
                out = model.generate(**batch, num_beams=beam, max_new_tokens=budget)
            tokenizer.batch_decode(out, skip_special_tokens=True)
    stages["translate"] = time.perf_counter() - start

    start = time.perf_counter()
    pairs = [{"text": p, "text_pair": h} for p, h in inputs["pairs"]]
    if pairs:
        classifier(pairs, truncation=True)
    stages["nli"] = time.perf_counter() - start
    return {"stages": stages}


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="12 articles, DeBERTa-v3-base")
    parser.add_argument("--articles", type=int, default=None, help="default 1000 (--quick 12)")
    parser.add_argument("--nli-size", choices=("base", "large"), default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="intra-op threads of every engine, both sides (0: all cores); 1 keeps a run on a "
        "machine shared with other jobs from measuring thread stalls instead of work",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    from synthetic import write_jsonl

    from claimdiff.config import TranslateConfig

    n = args.articles or (QUICK_ARTICLES if args.quick else 1000)
    nli_size = args.nli_size or ("base" if args.quick else "large")
    beam = TranslateConfig().beam_size
    paths, build_s = timed(lambda: build_models(nli_size))
    with tempfile.TemporaryDirectory(prefix="claimdiff-night-") as tmp:
        work = Path(tmp)
        write_jsonl(work / "night.jsonl", n, args.seed)
        prepared = isolated(prepare, paths=paths, work=tmp)
        import translate

        for lang in ("ja", "ko"):  # the decoder's restricted output at opus-mt's real size
            translate.write_real_size_vmap(Path(paths[lang]))
        ours = isolated(run_claimdiff, paths=paths, work=tmp, threads=args.threads)
        inputs = night_inputs(work)
        base = isolated(run_baseline, paths=paths, inputs=inputs, beam=beam, threads=args.threads)
    shared = {k: v for k, v in ours["stages"].items() if k not in MODEL_STAGES}
    base_stages = {**shared, **base["stages"]}
    base_total, our_total = sum(base_stages.values()), sum(ours["stages"].values())
    sentences = sum(len(v) for v in inputs["sentences"].values())
    print(f"\n## A full-mode night, {n} synthetic articles")
    print(f"machine: {cpu_description()}; load average {os.getloadavg()}")
    print(
        f"models: opus-mt-ja-en / opus-mt-ko-en size, DeBERTa-v3-{nli_size} (random init); "
        f"beam {beam}; {sentences} ko/ja statements, {len(inputs['pairs'])} pairs; "
        f"threads {args.threads or os.cpu_count()}"
    )
    print("| stage | baseline s | claimdiff s |")
    print("|---|---|---|")
    for stage in dict.fromkeys([*ours["stages"], *base["stages"]]):
        shared_mark = " (same code)" if stage in shared else ""
        print(
            f"| {stage}{shared_mark} | {base_stages.get(stage, 0.0):.1f} | "
            f"{ours['stages'].get(stage, 0.0):.1f} |"
        )
    print(f"| **night** | {base_total:.1f} | {our_total:.1f} |")
    print(
        f"peak RSS MiB: baseline {base['peak_rss_mib']:.0f}, claimdiff {ours['peak_rss_mib']:.0f}; "
        f"one-time conversion {prepared['seconds']:.0f} s (cached after the first run); "
        f"model build {build_s:.0f} s"
    )
    print(
        f"resident at the end, MiB: baseline {base['rss_at_end_mib']}, "
        f"claimdiff {ours['rss_at_end_mib']} (file: mapped weights' pages)"
    )
    print(json.dumps({"baseline": base, "claimdiff": ours, "articles": n}, default=str))
    ratio = base_total / our_total
    print(f"ratio_vs_baseline={ratio:.2f}")
    return ratio


if __name__ == "__main__":
    main()
