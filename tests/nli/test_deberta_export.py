"""The length-aware DeBERTa attention used for ONNX export computes the stock function, and the
export is checked against the eager model on lengths the trace never saw."""

from __future__ import annotations

import numpy as np
import onnx
import pytest
import torch
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    BertConfig,
    BertForSequenceClassification,
    DebertaV2ForSequenceClassification,
)

from claimdiff.config import NLIConfig
from claimdiff.nli.deberta_export import PATCHED, length_aware_relative_attention
from claimdiff.nli.onnx import FP32_FILE, check_export, export_onnx, probe_inputs
from models.tiny import tiny_deberta_config

# Variants of DeBERTa's relative attention that checkpoints in the wild use: v3 (shared
# projections, log buckets), separate position projections, one direction only, and v2-style
# unbucketed positions clipped at a small maximum distance.
VARIANTS = {
    "v3": {"share_att_key": True, "pos_att_type": ["p2c", "c2p"], "position_buckets": 16},
    "own-projections": {
        "share_att_key": False,
        "pos_att_type": ["p2c", "c2p"],
        "position_buckets": 16,
    },
    "c2p-only": {"share_att_key": False, "pos_att_type": ["c2p"], "position_buckets": 16},
    "p2c-only": {"share_att_key": True, "pos_att_type": ["p2c"], "position_buckets": 16},
    "unbucketed": {
        "share_att_key": True,
        "pos_att_type": ["p2c", "c2p"],
        "position_buckets": -1,
        "max_relative_positions": 24,
    },
}


def _deberta(variant: str) -> DebertaV2ForSequenceClassification:
    config = tiny_deberta_config(
        vocab_size=300, max_position_embeddings=256, initializer_range=0.2, **VARIANTS[variant]
    )
    torch.manual_seed(7)
    return DebertaV2ForSequenceClassification(config).eval()


def _batch(lengths: list[int], vocab: int = 300) -> dict[str, torch.Tensor]:
    """Right-padded random token ids of the given lengths."""
    generator = torch.Generator().manual_seed(sum(lengths))
    width = max(lengths)
    ids = torch.zeros((len(lengths), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, length in enumerate(lengths):
        ids[row, :length] = torch.randint(5, vocab, (length,), generator=generator)
        mask[row, :length] = 1
    return {"input_ids": ids, "attention_mask": mask}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("lengths", [[3], [9, 4], [40, 17, 2], [200, 130]])
def test_length_aware_attention_equals_the_stock_attention(variant, lengths):
    model = _deberta(variant)
    batch = _batch(lengths)
    with torch.inference_mode():
        stock = model(**batch).logits
        with length_aware_relative_attention(model) as changed:
            fast = model(**batch).logits
        restored = model(**batch).logits
    assert changed
    torch.testing.assert_close(fast, stock, atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(restored, stock, atol=0, rtol=0)
    assert not any(PATCHED in module.__dict__ for module in model.modules())


def test_other_architectures_are_left_alone():
    config = BertConfig(
        vocab_size=100,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        num_labels=3,
    )
    model = BertForSequenceClassification(config).eval()
    with length_aware_relative_attention(model) as changed:
        assert not changed


@pytest.fixture(scope="module")
def tiny_export(tiny_models, tmp_path_factory):
    out = tmp_path_factory.mktemp("onnx")
    return export_onnx(tiny_models.nli, out, NLIConfig(onnx_quantize=False))


def test_export_follows_the_sequence_length(tiny_models, tiny_export):
    """Traced on a 7-token sample; must hold for other lengths and batch sizes, past the
    linear range of the position buckets."""
    import onnxruntime as ort

    assert tiny_export.name == FP32_FILE
    graph = onnx.load(str(tiny_export))
    # the stock export tiles all 2 x position_buckets position vectors for every batch
    assert "Tile" not in {node.op_type for node in graph.graph.node}
    model = AutoModelForSequenceClassification.from_pretrained(
        tiny_models.nli, use_safetensors=True
    ).eval()
    session = ort.InferenceSession(str(tiny_export), providers=["CPUExecutionProvider"])
    vocab = model.config.vocab_size
    for lengths in ([5], [60, 33, 12, 8], [128, 100]):
        batch = _batch(lengths, vocab)
        with torch.inference_mode():
            expected = model(**batch).logits.numpy()
        (actual,) = session.run(["logits"], {k: v.numpy() for k, v in batch.items()})
        np.testing.assert_allclose(actual, expected, atol=1e-5)


def test_check_export_names_a_graph_that_does_not_reproduce_the_model(tiny_models, tiny_export):
    tokenizer = AutoTokenizer.from_pretrained(tiny_models.nli)
    names = ("input_ids", "attention_mask")
    probe = probe_inputs(tokenizer, names)
    # the long probe reaches the tokenizer's limit
    assert probe["input_ids"].shape[1] == tokenizer.model_max_length
    own = AutoModelForSequenceClassification.from_pretrained(tiny_models.nli).eval()
    other = AutoModelForSequenceClassification.from_pretrained(
        tiny_models.nli_label_orders["contradiction-entailment-neutral"]
    ).eval()
    with torch.inference_mode():
        assert check_export(tiny_export, probe, own(**probe).logits.numpy()) is None
        problem = check_export(tiny_export, probe, other(**probe).logits.numpy())
    assert problem is not None and "logits differ" in problem


def test_a_failing_length_aware_export_falls_back_to_the_stock_attention(
    tiny_models, tmp_path, monkeypatch, caplog
):
    """A transformers release may rename what the length-aware attention reads: the export must
    still succeed, with the stock attention, and say why."""
    from claimdiff.nli import deberta_export

    def renamed(self, *args):
        raise AttributeError("'DisentangledSelfAttention' object has no attribute 'pos_ebd_size'")

    monkeypatch.setattr(deberta_export, "_length_aware_bias", renamed)
    with caplog.at_level("WARNING"):
        path = export_onnx(tiny_models.nli, tmp_path, NLIConfig(onnx_quantize=False))
    assert "pos_ebd_size" in caplog.text and "stock attention" in caplog.text
    graph = onnx.load(str(path))
    assert "Tile" in {node.op_type for node in graph.graph.node}  # the stock graph
