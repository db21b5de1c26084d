"""The ONNX Runtime engine of the NLI stage, with dynamic int8 weights, for CPU servers.

Chosen for every x86 CPU measured (benchmarks/RESULTS.md, each figure with its CPU): the
fastest runtime both on AVX2 without VNNI (graph optimisation levels, fp32 and OpenVINO compared
there) and on AVX-512 VNNI, with the length-aware DeBERTa export.
Exported with the TorchScript-based ``torch.onnx.export`` (the dynamo exporter needs
onnxscript, and optimum does not support transformers 5 yet).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from claimdiff.config import ModelsConfig, NLIConfig
from claimdiff.errors import ModelLoadError
from claimdiff.models.registry import Engine, LoadRequest, prepare_once, register
from claimdiff.models.resolve import ResolvedModel, slug
from claimdiff.nli.stage import EncodedPair, NLIClassifier, input_names, load_common

logger = logging.getLogger(__name__)

FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
INT8_DATA_FILE = "model.int8.onnx.data"  # the int8 graph's weights (ONNX external data)
# Bumped when the export itself changes, so caches of earlier exports are not reused.
# 2: length-aware DeBERTa relative attention (claimdiff.nli.deberta_export), checked on export.
# 3: the int8 graph's weights in an external data file (see _save_with_external_data).
EXPORT_REVISION = 3
# exported logits must match the eager model's within this (fp32 exports differ by ~1e-7)
EXPORT_ATOL = 1e-4


def onnx_dir_for(resolved: ResolvedModel, models: ModelsConfig) -> Path:
    """Where the ONNX export of a checkpoint lives (keyed by model id, so a new revision gets
    a new export, and by export revision)."""
    return models.local_dir / "onnx" / f"{slug(resolved.model_id)}-x{EXPORT_REVISION}"


def onnx_file(cfg: NLIConfig) -> str:
    """The file name of the graph the engine loads (int8 or float32)."""
    return INT8_FILE if cfg.onnx_quantize else FP32_FILE


def export_onnx(model_dir: Path, out_dir: Path, cfg: NLIConfig) -> Path:
    """Export a sequence classifier to ONNX (and quantise it to dynamic int8 when
    ``cfg.onnx_quantize``); returns the file the engine should load. Reuses an existing export.

    The fp32 graph is checked against the eager model on probe pairs of several lengths before
    it is kept; a length-aware DeBERTa export that does not match falls back to the stock
    attention, and an export that still does not match raises RuntimeError."""
    target = out_dir / onnx_file(cfg)
    if target.exists():
        return target
    import torch
    from transformers import AutoModelForSequenceClassification

    from claimdiff.models.resolve import load_config_and_tokenizer, load_weights
    from claimdiff.nli.deberta_export import length_aware_relative_attention

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / FP32_FILE
    if not fp32.exists():
        _, tokenizer = load_config_and_tokenizer(str(model_dir), model_dir)
        model = load_weights(
            AutoModelForSequenceClassification, str(model_dir), model_dir, torch.float32
        ).eval()
        names = input_names(tokenizer, model.config)
        probe = probe_inputs(tokenizer, names)
        with torch.inference_mode():
            expected = model(**probe).logits.numpy()
        tmp = fp32.with_suffix(".tmp")
        try:
            with length_aware_relative_attention(model) as length_aware:
                _trace(model, tokenizer, names, tmp, cfg.onnx_opset)
            problem = check_export(tmp, probe, expected)
        except Exception as exc:
            # e.g. a transformers release that renamed what the length-aware attention reads:
            # the stock export below still works, so no failure of this one may stop a run
            length_aware, problem = True, f"{type(exc).__name__}: {exc}"
        if problem and length_aware:
            logger.warning(
                "length-aware export of %s does not match the model (%s); "
                "exporting the stock attention instead",
                model_dir,
                problem,
            )
            _trace(model, tokenizer, names, tmp, cfg.onnx_opset)
            problem = check_export(tmp, probe, expected)
        if problem:
            tmp.unlink(missing_ok=True)
            raise RuntimeError(f"the ONNX graph does not reproduce the model: {problem}")
        tmp.replace(fp32)
        logger.info("exported %s to %s (length-aware attention: %s)", model_dir, fp32, length_aware)
    if cfg.onnx_quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        tmp = target.with_suffix(".tmp")
        with _root_logger_quiet():
            quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8)
        _save_with_external_data(tmp, target, INT8_DATA_FILE)
        tmp.unlink()
        logger.info("quantised %s to dynamic int8", fp32)
    return target


def _save_with_external_data(source: Path, target: Path, data_name: str) -> None:
    """Re-save the graph at ``source`` as ``target`` with its weights in ``data_name`` next to it.

    ONNX Runtime memory-maps external data, and once the weights are prepacked the mapped
    pages are not touched again; weights inside the graph file are read into the protobuf and
    stay there beside the session's copies. Constants count too (``convert_attribute``: the
    length-aware export's position projections are ~38 MB of them). DeBERTa-v3-base int8, one
    session after ``import torch, transformers`` (257 MiB): peak 586 -> 366 MiB, anonymous
    474 -> 269 MiB, identical logits (benchmarks/RESULTS.md, memory)."""
    import onnx

    data = target.parent / data_name
    data.unlink(missing_ok=True)  # onnx appends to an existing data file
    staged = target.with_suffix(".staged")
    onnx.save_model(
        onnx.load(str(source)),
        str(staged),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=data_name,
        size_threshold=1024,
        convert_attribute=True,
    )
    staged.replace(target)  # last: the graph file is what marks the export done


@contextmanager
def _root_logger_quiet() -> Iterator[None]:
    """ONNX Runtime's quantiser advises on the root logger (``logging.warning``), which also
    installs a stderr handler on it for the rest of the process; keep both out of nightly logs."""
    root = logging.getLogger()
    handler, level = logging.NullHandler(), root.level
    root.addHandler(handler)
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _trace(model: Any, tokenizer: Any, names: tuple[str, ...], path: Path, opset: int) -> None:
    import torch

    sample = tokenizer(["a premise"], ["a hypothesis"], return_tensors="pt")

    class _Logits(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            return self.inner(**dict(zip(names, args, strict=True))).logits

    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    axes["logits"] = {0: "batch"}
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")  # tracer warnings about constant shapes are expected
        torch.onnx.export(
            _Logits(model),
            tuple(sample[name] for name in names),
            str(path),
            input_names=list(names),
            output_names=["logits"],
            dynamic_axes=axes,
            opset_version=opset,
            dynamo=False,
        )


def probe_inputs(tokenizer: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """A padded batch of pairs from a few tokens up to the model's length limit (past DeBERTa's
    linear relative-position range), to check an export on lengths the trace never saw."""
    sentence = "The ministry said on Tuesday that it would review the plan before March."
    limit = min(getattr(tokenizer, "model_max_length", 512) or 512, 512)
    premises = ["Yes.", " ".join([sentence] * 60)]
    hypotheses = ["No.", sentence]
    batch = tokenizer(
        premises, hypotheses, padding=True, truncation=True, max_length=limit, return_tensors="pt"
    )
    return {name: batch[name] for name in names}


def check_export(path: Path, inputs: dict[str, Any], expected: np.ndarray) -> str | None:
    """None when the ONNX graph at ``path`` gives ``expected`` logits for ``inputs``, else what
    differs."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feeds = {name: value.numpy().astype(np.int64) for name, value in inputs.items()}
    (actual,) = session.run(["logits"], feeds)
    worst = float(np.abs(actual - expected).max())
    if worst <= EXPORT_ATOL * max(1.0, float(np.abs(expected).max())):
        return None
    tokens = next(iter(feeds.values())).shape[1]
    return f"logits differ by up to {worst:.2g} on probe pairs of up to {tokens} tokens"


class OnnxNLI(NLIClassifier):
    """ONNX Runtime on CPU; one session shared by the workers (``InferenceSession.run`` is
    thread-safe)."""

    def __init__(self, onnx_path: Path, threads: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        spin = "1" if self.cfg.onnx_spin else "0"
        options.add_session_config_entry("session.intra_op.allow_spinning", spin)
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        self.onnx_path = onnx_path

    def forward(self, batch: list[EncodedPair], worker: int) -> list[np.ndarray]:
        """Class probabilities of a batch (every worker shares the one session)."""
        del worker
        features = self.pad(batch, "np")
        feeds = {name: features[name].astype(np.int64) for name in self.input_names}
        (logits,) = self.session.run(["logits"], feeds)
        logits = logits.astype(np.float32)
        shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
        return list(shifted / shifted.sum(axis=-1, keepdims=True))


def prepare(resolved: ResolvedModel, models: ModelsConfig, cfg: NLIConfig) -> Path:
    """The one-time export (``claimdiff models pull``, or the first load)."""
    return export_onnx(resolved.path, onnx_dir_for(resolved, models), cfg)


def load(request: LoadRequest) -> NLIClassifier:
    """The ONNX Runtime classifier of a checkpoint, exporting it first if needed."""
    common = load_common(request)
    resolved, cfg = request.resolved, request.cfg
    try:
        done = onnx_dir_for(resolved, request.models) / onnx_file(cfg)
        path = prepare_once(prepare, done, resolved, request.models, cfg)
    except (OSError, ValueError, RuntimeError) as exc:
        raise ModelLoadError(request.name, f"ONNX export of {resolved.path} failed: {exc}") from exc
    suffix = "+onnx-int8" if cfg.onnx_quantize else "+onnx"
    return OnnxNLI(path, cfg.onnx_threads, model_id=resolved.model_id + suffix, **common)


ENGINE = register(
    Engine(
        "onnx",
        "nli",
        load,
        package="onnxruntime",
        extra="onnx",
        cpu_default=True,
        prepare=prepare,
        # int8 ONNX Runtime is the CPU fast path; on a GPU the transformers engine in bf16 wins
        devices=("cpu",),
    )
)
