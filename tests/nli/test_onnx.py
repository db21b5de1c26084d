"""The ONNX Runtime NLI engine agrees with the transformers engine on the tiny models."""

from __future__ import annotations

import numpy as np

from claimdiff.config import NLIConfig
from claimdiff.nli import load_nli
from tests.nli.pairs import nli_pairs, probs


def test_onnx_int8_agrees_with_transformers(tiny_models, models_cfg, nli_classifier):
    engine = load_nli(str(tiny_models.nli), models_cfg, NLIConfig(engine="onnx"))
    assert engine.model_id.endswith("+onnx-int8")
    pairs = nli_pairs()
    fast, reference = probs(engine.predict(pairs)), probs(nli_classifier.predict(pairs))
    same = (fast.argmax(axis=1) == reference.argmax(axis=1)).mean()
    assert same >= 0.98
    assert np.abs(fast - reference).max() <= 0.02


def test_onnx_int8_weights_are_in_an_external_data_file(tiny_models, models_cfg):
    """The int8 graph's weights are ONNX external data (memory-mapped by ONNX Runtime, not
    held in the graph's protobuf beside the session's own copies)."""
    import onnx

    from claimdiff.nli.onnx import INT8_DATA_FILE

    engine = load_nli(str(tiny_models.nli), models_cfg, NLIConfig(engine="onnx"))
    data = engine.onnx_path.parent / INT8_DATA_FILE
    assert data.stat().st_size > 0
    graph = onnx.load(str(engine.onnx_path), load_external_data=False).graph
    inline = [t for t in graph.initializer if len(t.raw_data) > 1024]
    inline += [
        a.t for n in graph.node for a in n.attribute if a.HasField("t") and len(a.t.raw_data) > 1024
    ]
    assert not inline  # every tensor over 1 KB (weights, constants) lives in the data file
    external = [t for t in graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    assert external
