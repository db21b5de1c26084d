"""ONNX Runtime NLI engine with dynamic int8 weights, for CPU servers.

Measured on 2 CPU cores with a DeBERTa-v3-base-sized model (issue 4): ONNX Runtime int8 is
2-3x faster than PyTorch fp32 on the same sorted batches (see benchmarks/RESULTS.md).
Exported with the TorchScript-based ``torch.onnx.export`` (the dynamo exporter needs
onnxscript, and optimum does not support transformers 5 yet).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from claimdiff.config import ModelsConfig, NLIConfig
from claimdiff.modelhub import ResolvedModel, slug
from claimdiff.nli.engine import EncodedPair, NLIEngine

logger = logging.getLogger(__name__)

FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"


def onnx_dir_for(resolved: ResolvedModel, models: ModelsConfig) -> Path:
    """Where the ONNX export of a checkpoint lives (keyed by model id, so a new revision gets
    a new export)."""
    return models.local_dir / "onnx" / slug(resolved.model_id)


def export_onnx(model_dir: Path, out_dir: Path, cfg: NLIConfig) -> Path:
    """Export a sequence classifier to ONNX (and quantise it to dynamic int8 when
    ``cfg.onnx_quantize``); returns the file the engine should load. Reuses an existing export."""
    target = out_dir / (INT8_FILE if cfg.onnx_quantize else FP32_FILE)
    if target.exists():
        return target
    import torch
    from transformers import AutoModelForSequenceClassification

    from claimdiff.modelhub import load_config_and_tokenizer, load_weights

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / FP32_FILE
    if not fp32.exists():
        _, tokenizer = load_config_and_tokenizer(str(model_dir), model_dir)
        model = load_weights(
            AutoModelForSequenceClassification, str(model_dir), model_dir, torch.float32
        ).eval()
        names = _input_names(tokenizer, model.config)
        sample = tokenizer(["a premise"], ["a hypothesis"], return_tensors="pt")

        class _Logits(torch.nn.Module):
            def __init__(self, inner: torch.nn.Module) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, *args: torch.Tensor) -> torch.Tensor:
                return self.inner(**dict(zip(names, args, strict=True))).logits

        axes = {name: {0: "batch", 1: "sequence"} for name in names}
        axes["logits"] = {0: "batch"}
        tmp = fp32.with_suffix(".tmp")
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # tracer warnings about constant shapes are expected
            torch.onnx.export(
                _Logits(model),
                tuple(sample[name] for name in names),
                str(tmp),
                input_names=list(names),
                output_names=["logits"],
                dynamic_axes=axes,
                opset_version=cfg.onnx_opset,
                dynamo=False,
            )
        tmp.replace(fp32)
        logger.info("exported %s to %s", model_dir, fp32)
    if cfg.onnx_quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        tmp = target.with_suffix(".tmp")
        quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8)
        tmp.replace(target)
        logger.info("quantised %s to dynamic int8", fp32)
    return target


def _input_names(tokenizer: Any, config: Any) -> tuple[str, ...]:
    names = [
        n
        for n in tokenizer.model_input_names
        if n in ("input_ids", "attention_mask", "token_type_ids")
    ]
    # DeBERTa-v3 has no token type embeddings: feeding the ids would be dead weight in the graph.
    if getattr(config, "type_vocab_size", 1) == 0 and "token_type_ids" in names:
        names.remove("token_type_ids")
    return tuple(names)


class OnnxNLIEngine(NLIEngine):
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
        features = self.pad(batch, "np")
        feeds = {name: features[name].astype(np.int64) for name in self.input_names}
        (logits,) = self.session.run(["logits"], feeds)
        logits = logits.astype(np.float32)
        shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
        return list(shifted / shifted.sum(axis=-1, keepdims=True))
