"""NLI runtimes on this CPU, measured: ONNX Runtime int8 (claimdiff's engine) at each graph
optimisation level, ONNX Runtime fp32, and OpenVINO (fp32 graph and the int8 graph) when it is
installed; alternating passes over the same length-sorted batches, in one process.

Uses the DeBERTa-v3-base-sized random model and the export claimdiff makes of it (run
``python benchmarks/nli.py --quick`` once first). Prints argmax agreement with ONNX Runtime fp32
and ``ratio_vs_baseline=``: the fastest alternative over claimdiff's engine (below 1: none
wins on this CPU).

    python benchmarks/nli_runtimes.py [--pairs 32] [--passes 2]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, cpu_description
from nli import build_model, make_pairs

ENGINE = "ORT int8, ORT_ENABLE_ALL (claimdiff)"


def _feeds(model_dir: Path, n: int, seed_offset: int = 0) -> list[dict[str, np.ndarray]]:
    from transformers import AutoTokenizer

    from claimdiff.models.batching import Batcher

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    pairs = make_pairs(model_dir, n, seed_offset)
    encoded = tokenizer([p for p, _ in pairs], [h for _, h in pairs])
    feeds = []
    for batch in Batcher(512, 64).plan([len(ids) for ids in encoded["input_ids"]]):
        rows = {k: [encoded[k][i] for i in batch] for k in ("input_ids", "attention_mask")}
        padded = tokenizer.pad(rows, return_tensors="np")
        feeds.append({k: padded[k].astype(np.int64) for k in rows})
    return feeds


QDQ_FILE = "model.qdq.onnx"


def static_qdq(model_dir: Path, export_dir: Path, calibration_pairs: int) -> Path:
    """Static int8 (QDQ, per-channel int8 weights, uint8 activations) of the fp32 export,
    calibrated on news-like pairs other than the timed ones; only the MatMuls with a weight
    (the dense layers) are quantised, as the dynamic int8 graph does. Cached next to it."""
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    out = export_dir / QDQ_FILE
    if out.exists():
        return out
    graph = onnx.load(str(export_dir / "model.onnx"), load_external_data=False).graph
    weights = {init.name for init in graph.initializer}
    dense = [n.name for n in graph.node if n.op_type == "MatMul" and n.input[1] in weights]
    feeds = _feeds(model_dir, calibration_pairs, seed_offset=100)

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.items = iter(feeds)

        def get_next(self) -> dict[str, np.ndarray] | None:
            return next(self.items, None)

    tmp = out.with_suffix(".tmp")
    quantize_static(
        str(export_dir / "model.onnx"),
        str(tmp),
        Reader(),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        nodes_to_quantize=dense,
        calibrate_method=CalibrationMethod.MinMax,
    )
    tmp.replace(out)
    return out


def runtimes(export_dir: Path, threads: int) -> dict[str, Any]:
    """name -> a function from feeds to logits, each on ``threads`` intra-op threads."""
    import onnxruntime as ort

    def ort_session(file: str, level: Any) -> Any:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.graph_optimization_level = level
        session = ort.InferenceSession(str(export_dir / file), options, providers=["CPUExecutionProvider"])  # fmt: skip
        return lambda feed: session.run(["logits"], feed)[0]

    levels = ort.GraphOptimizationLevel
    found = {
        ENGINE: ort_session("model.int8.onnx", levels.ORT_ENABLE_ALL),
        "ORT int8, ORT_ENABLE_EXTENDED": ort_session("model.int8.onnx", levels.ORT_ENABLE_EXTENDED),
        "ORT int8, ORT_ENABLE_BASIC": ort_session("model.int8.onnx", levels.ORT_ENABLE_BASIC),
        "ORT fp32, ORT_ENABLE_ALL": ort_session("model.onnx", levels.ORT_ENABLE_ALL),
    }
    if (export_dir / QDQ_FILE).exists():
        found["ORT static QDQ int8 per-channel"] = ort_session(QDQ_FILE, levels.ORT_ENABLE_ALL)
    try:
        import openvino as ov
    except ImportError:
        print("OpenVINO is not installed (pip install openvino): not measured")
        return found
    core = ov.Core()
    print(f"OpenVINO {ov.__version__}, CPU capabilities {core.get_property('CPU', 'OPTIMIZATION_CAPABILITIES')}")  # fmt: skip
    graphs = [("OpenVINO fp32 graph", "model.onnx"), ("OpenVINO int8 graph", "model.int8.onnx")]
    if (export_dir / QDQ_FILE).exists():
        graphs.append(("OpenVINO static QDQ int8 graph", QDQ_FILE))
    for name, file in graphs:
        compiled = core.compile_model(
            core.read_model(str(export_dir / file)),
            "CPU",
            {"INFERENCE_NUM_THREADS": threads, "PERFORMANCE_HINT": "LATENCY"},
        )
        found[name] = (lambda c: lambda feed: c(feed)[c.output(0)])(compiled)
    return found


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=32)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads (0: all cores)")
    parser.add_argument(
        "--calibration-pairs", type=int, default=64, help="static QDQ int8 (0: not measured)"
    )
    args = parser.parse_args(argv)
    model_dir = build_model("base")
    from claimdiff.config import ModelsConfig
    from claimdiff.models.resolve import resolve_model_dir
    from claimdiff.nli.onnx import onnx_dir_for

    models = ModelsConfig(device="cpu", download=False, local_dir=CACHE / "converted")
    export_dir = onnx_dir_for(resolve_model_dir(str(model_dir), models), models)
    feeds = _feeds(model_dir, args.pairs)
    if args.calibration_pairs:
        static_qdq(model_dir, export_dir, args.calibration_pairs)
    threads = args.threads or os.cpu_count() or 1
    found = runtimes(export_dir, threads)
    reference = [found["ORT fp32, ORT_ENABLE_ALL"](f) for f in feeds]
    best: dict[str, float] = {}
    agreement: dict[str, float] = {}
    for _ in range(args.passes):
        for name, run in found.items():
            start = time.perf_counter()
            logits = [run(f) for f in feeds]
            best[name] = min(best.get(name, math.inf), time.perf_counter() - start)
            same = np.concatenate([a.argmax(-1) == b.argmax(-1) for a, b in zip(logits, reference, strict=True)])  # fmt: skip
            agreement[name] = float(same.mean())
    print(f"\n## NLI runtimes, DeBERTa-v3-base size, {args.pairs} pairs")
    print(f"machine: {cpu_description()}; load average {os.getloadavg()}; threads {threads}")
    print("| runtime | pairs/s | argmax agreement with ORT fp32 |")
    print("|---|---|---|")
    for name, seconds in best.items():
        print(f"| {name} | {args.pairs / seconds:.2f} | {agreement[name]:.3f} |")
    fastest_other = min(v for k, v in best.items() if k != ENGINE)
    ratio = best[ENGINE] / fastest_other
    print(f"ratio_vs_baseline={ratio:.2f}")
    return ratio


if __name__ == "__main__":
    main()
