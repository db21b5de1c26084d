"""Shared helpers of the benchmark scripts: realistic texts, isolated timed runs, reporting.

Each side (baseline, claimdiff) runs in its own spawned process so its peak memory is its own.
Weights are random: speed does not depend on their values, only on the architecture and sizes.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
CACHE = ROOT / ".cache" / "benchmarks"
FIXTURES = ROOT / "models" / "fixtures"


def corpus_words(lang: str) -> list[str]:
    """Words (en) or character runs (ja/ko) of the fixture corpus, to build sentences from."""
    text = (FIXTURES / f"corpus_{lang}.txt").read_text(encoding="utf-8")
    if lang == "en":
        return text.split()
    if lang == "ko":
        return text.split()
    # Japanese: no spaces; 2-4 character runs keep tokenisation rates close to real text
    runs: list[str] = []
    for line in text.splitlines():
        i = 0
        while i < len(line):
            step = 2 + (i % 3)
            runs.append(line[i : i + step])
            i += step
    return runs


def news_lengths(n: int, median: float, sigma: float, low: int, high: int, seed: int) -> list[int]:
    """Lognormal sentence lengths, like news: most short, a long tail (quotes, lists)."""
    rng = random.Random(seed)
    mu = __import__("math").log(median)
    return [min(high, max(low, round(rng.lognormvariate(mu, sigma)))) for _ in range(n)]


def make_sentences(tokenizer: Any, lang: str, token_lengths: list[int], seed: int) -> list[str]:
    """Sentences of (about) the given token counts under ``tokenizer``, from fixture words:
    length distributions are set in tokens, so they hold whatever the tokenizer's vocabulary."""
    rng = random.Random(seed)
    words = corpus_words(lang)
    joiner = "" if lang == "ja" else " "
    end = "。" if lang == "ja" else "."
    sentences = []
    for target in token_lengths:
        parts: list[str] = []
        while True:
            parts.append(rng.choice(words).rstrip(".。"))
            text = joiner.join(parts) + end
            if len(tokenizer(text, add_special_tokens=False)["input_ids"]) >= target:
                break
        sentences.append(text)
    return sentences


def _child(target: Callable[..., dict[str, Any]], kwargs: dict[str, Any], queue: Any) -> None:
    try:
        result = target(**kwargs)
        result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["rss_at_end_mib"] = rss_parts()
        try:
            import torch

            if torch.cuda.is_available():
                result["peak_gpu_mib"] = torch.cuda.max_memory_allocated() / 2**20
        except ImportError:
            pass
        queue.put(result)
    except BaseException as exc:
        queue.put({"error": f"{type(exc).__name__}: {exc}"})
        raise


def rss_parts() -> dict[str, float]:
    """This process's resident memory now, by kind (MiB): anonymous (copies the engines made),
    file-backed (pages of memory-mapped files, e.g. safetensors weights: the same bytes count
    again if the process also copied them) and the peak so far (VmHWM, what ru_maxrss reports)."""
    wanted = {"VmHWM": "peak", "RssAnon": "anon", "RssFile": "file"}
    out: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(":")
            if key in wanted:
                out[wanted[key]] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return out


def isolated(target: Callable[..., dict[str, Any]], **kwargs: Any) -> dict[str, Any]:
    """Run ``target(**kwargs)`` in a fresh spawned process; its result plus peak memory."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(target, kwargs, queue))
    process.start()
    result = queue.get()
    process.join()
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def best_of(repeats: int, fn: Callable[[], Any]) -> float:
    """Seconds of the fastest of ``repeats`` passes: other work on a shared machine only ever
    slows a pass down, so the fastest is the closest to the engine's own speed."""
    return min(timed(fn)[1] for _ in range(max(repeats, 1)))


def cpu_description() -> str:
    """CPU model, core count and the ISA extensions that decide int8/bf16 speed."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    except OSError:
        pass
    from claimdiff.models.device import cpu_isa  # the one ISA table the engines log too

    isa = ", ".join(cpu_isa()) or "none listed"
    return f"{model}, {os.cpu_count()} CPUs, ISA: {isa}"


def report(title: str, unit: str, rows: dict[str, dict[str, Any]], extra: dict[str, Any]) -> float:
    """Print a result table and the final ``ratio_vs_baseline=`` line; returns the ratio."""
    base, ours = rows["baseline"], rows["claimdiff"]
    ratio = ours["throughput"] / base["throughput"]
    print(f"\n## {title}")
    print(f"machine: {cpu_description()}; load average {os.getloadavg()}; {extra}")
    print(f"| run | {unit}/s | seconds | items | peak RSS MiB | peak GPU MiB |")
    print("|---|---|---|---|---|---|")
    for name, row in rows.items():
        gpu = row.get("peak_gpu_mib")
        print(
            f"| {name}: {row['label']} | {row['throughput']:.2f} | {row['seconds']:.1f} | "
            f"{row['items']} | {row['peak_rss_mib']:.0f} | {'' if gpu is None else f'{gpu:.0f}'} |"
        )
    print(json.dumps({"rows": rows, **extra}, default=str))
    print(f"ratio_vs_baseline={ratio:.2f}")
    return ratio
