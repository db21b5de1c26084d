"""NLI thread layouts on this CPU: claimdiff's ONNX Runtime int8 session with every core as
intra-op threads (the default; busy-waiting threads on and off) against one intra-op thread per
batcher worker (``Batcher.run`` with one forward per worker over the same session: whole batches
in parallel, no synchronisation inside an op), and one thread alone. Alternating passes over the
same pairs, in one process.

Uses the DeBERTa-v3-base-sized random model and claimdiff's export of it (run
``python benchmarks/nli.py --quick`` once first). Prints ``ratio_vs_baseline=``: the best
layout over the default one (above 1: the default leaves speed on this machine).

    python benchmarks/nli_threads.py [--pairs 64] [--passes 3]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, cpu_description
from nli import build_model, make_pairs

NAMES = ("input_ids", "attention_mask")


def _session(path: Path, threads: int, spin: bool) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _forward(session: Any, tokenizer: Any) -> Callable[[list[dict[str, list[int]]]], list[Any]]:
    def forward(batch: list[dict[str, list[int]]]) -> list[Any]:
        padded = tokenizer.pad(batch, return_tensors="np")
        feeds = {name: padded[name].astype(np.int64) for name in NAMES}
        return list(session.run(["logits"], feeds)[0])

    return forward


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=64)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args(argv)
    from transformers import AutoTokenizer

    from claimdiff.config import ModelsConfig, NLIConfig
    from claimdiff.models.batching import Batcher
    from claimdiff.models.resolve import resolve_model_dir
    from claimdiff.nli.onnx import INT8_FILE, onnx_dir_for

    model_dir = build_model("base")
    models = ModelsConfig(device="cpu", download=False, local_dir=CACHE / "converted")
    graph = onnx_dir_for(resolve_model_dir(str(model_dir), models), models) / INT8_FILE
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    pairs = make_pairs(model_dir, args.pairs)
    encoded = tokenizer([p for p, _ in pairs], [h for _, h in pairs])
    items = [{name: encoded[name][i] for name in NAMES} for i in range(len(pairs))]
    lengths = [len(item["input_ids"]) for item in items]
    batcher = Batcher(NLIConfig().cpu_token_budget, NLIConfig().max_batch_size)
    cores = os.cpu_count() or 1
    default = f"1 session x {cores} intra-op threads, spinning (default)"
    one = _session(graph, 1, True)
    layouts = {
        default: [_forward(_session(graph, cores, True), tokenizer)],
        f"1 session x {cores} intra-op threads, not spinning": [
            _forward(_session(graph, cores, False), tokenizer)
        ],
        f"{cores} workers x 1 intra-op thread (one session)": [_forward(one, tokenizer)] * cores,
        "1 worker x 1 intra-op thread": [_forward(one, tokenizer)],
    }
    reference = np.stack(batcher.run(items, lengths, layouts[default]))  # also the warm-up
    agreement = {}
    for name, forwards in layouts.items():
        logits = np.stack(batcher.run(items, lengths, forwards))
        agreement[name] = float(np.abs(logits - reference).max())
    best: dict[str, float] = {}
    for _ in range(args.passes):
        for name, forwards in layouts.items():
            start = time.perf_counter()
            batcher.run(items, lengths, forwards)
            best[name] = min(best.get(name, math.inf), time.perf_counter() - start)
    print(f"\n## NLI thread layouts, DeBERTa-v3-base size, ONNX int8, {args.pairs} pairs")
    print(f"machine: {cpu_description()}; load average {os.getloadavg()}; batches {len(batcher.plan(lengths))}")  # fmt: skip
    print("| layout | pairs/s | max logit difference from the default |")
    print("|---|---|---|")
    for name, seconds in best.items():
        print(f"| {name} | {args.pairs / seconds:.2f} | {agreement[name]:.2g} |")
    ratio = best[default] / min(best.values())
    print(f"ratio_vs_baseline={ratio:.2f}")
    return ratio


if __name__ == "__main__":
    main()
