"""Length-aware relative attention for exporting DeBERTa-v2/v3 to ONNX.

transformers' ``DisentangledSelfAttention.disentangled_attention_bias`` projects all
``2 * position_buckets`` relative-position embeddings (512 for DeBERTa-v3) in every layer,
tiles them across the batch and multiplies every token against all of them, whatever the
sentence length. A news pair is ~70 tokens, so ~85% of that work is thrown away by the
gather that follows. Profiled on 2 CPU cores (DeBERTa-v3-base, ONNX int8): the float
attention matmuls, Tile and GatherElements were 29% of the run time.

Here the same function is computed differently for export only: the position projections are
precomputed once in fp32 (they depend on the weights alone), and each batch uses just the
``2 * reach`` positions its relative distances can reach (``reach`` = largest bucketed distance
+ 1, at most ``position_buckets``), broadcast over the batch instead of tiled. The result is
the same function (the gather picks the same rows); ``export_onnx`` checks the exported graph
against the unmodified eager model before it is used. No library does this: optimum exports
the stock attention, and ONNX Runtime's transformer optimizer cannot fuse DeBERTa's attention.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch

PATCHED = "disentangled_attention_bias"


@torch.jit.script
def _position_window(
    relative_pos: torch.Tensor, att_span: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Rows of the position table a sequence can reach, and the c2p / p2c gather indices into
    them. Scripted so the window follows the sequence length in the exported graph instead of
    being frozen at the length of the tracing sample."""
    reach = min(int(relative_pos.abs().max()) + 1, att_span)
    rows = torch.arange(
        att_span - reach, att_span + reach, dtype=torch.long, device=relative_pos.device
    )
    c2p = torch.clamp(relative_pos + reach, 0, 2 * reach - 1)
    p2c = torch.clamp(-relative_pos + reach, 0, 2 * reach - 1)
    return rows, c2p, p2c


def _length_aware_bias(
    self: Any,
    query_layer: torch.Tensor,
    key_layer: torch.Tensor,
    relative_pos: torch.Tensor | None,
    rel_embeddings: torch.Tensor,
    scale_factor: int,
) -> torch.Tensor:
    """Drop-in for ``disentangled_attention_bias`` in self-attention (query length = key
    length, as in sequence classification). ``rel_embeddings`` is unused: the projections were
    precomputed from it by ``length_aware_relative_attention``."""
    del rel_embeddings  # same signature as the method it replaces
    from transformers.models.deberta_v2.modeling_deberta_v2 import (
        build_relative_position,
        scaled_size_sqrt,
    )

    if relative_pos is None:
        relative_pos = build_relative_position(
            query_layer,
            key_layer,
            bucket_size=self.position_buckets,
            max_position=self.max_relative_positions,
        )
    heads = self.num_attention_heads
    length, head_dim = query_layer.size(-2), query_layer.size(-1)
    relative_pos = relative_pos.to(dtype=torch.long).reshape(length, key_layer.size(-2))
    rows, c2p_index, p2c_index = _position_window(relative_pos, self.pos_ebd_size)
    scale = scaled_size_sqrt(query_layer, scale_factor)
    score: Any = 0
    if "c2p" in self.pos_att_type:
        # [batch, heads, L, d] @ [heads, d, 2*reach] -> [batch, heads, L, 2*reach]
        queries = query_layer.view(-1, heads, length, head_dim)
        c2p = torch.matmul(queries, torch.index_select(self.claimdiff_pos_key, 2, rows))
        index = c2p_index.expand(c2p.size(0), heads, length, length)
        c2p = torch.gather(c2p, -1, index).reshape(-1, length, length)
        score = score + c2p / scale.to(dtype=c2p.dtype)
    if "p2c" in self.pos_att_type:
        keys = key_layer.view(-1, heads, length, head_dim)
        p2c = torch.matmul(keys, torch.index_select(self.claimdiff_pos_query, 2, rows))
        index = p2c_index.expand(p2c.size(0), heads, length, length)
        p2c = torch.gather(p2c, -1, index).transpose(-1, -2).reshape(-1, length, length)
        score = score + p2c / scale.to(dtype=p2c.dtype)
    return score


def _attention_modules(model: torch.nn.Module) -> list[torch.nn.Module]:
    from transformers.models.deberta_v2.modeling_deberta_v2 import DisentangledSelfAttention

    return [
        module
        for module in model.modules()
        if isinstance(module, DisentangledSelfAttention) and module.relative_attention
    ]


@contextmanager
def length_aware_relative_attention(model: torch.nn.Module) -> Iterator[bool]:
    """Within the block, a DeBERTa-v2/v3 model computes its relative attention bias
    length-aware (see the module docstring); yields whether anything was changed (False for
    other architectures). The model is restored on exit."""
    config = getattr(model, "config", None)
    encoder = getattr(getattr(model, "deberta", None), "encoder", None)
    modules = _attention_modules(model) if getattr(config, "model_type", "") == "deberta-v2" else []
    if not modules or encoder is None:
        yield False
        return
    with torch.no_grad():
        table = encoder.get_rel_embedding()
        for module in modules:
            rows = table[: 2 * module.pos_ebd_size]
            heads = module.num_attention_heads
            if "c2p" in module.pos_att_type:
                proj = module.key_proj if module.share_att_key else module.pos_key_proj
                module.claimdiff_pos_key = _per_head(proj(rows), heads)
            if "p2c" in module.pos_att_type:
                proj = module.query_proj if module.share_att_key else module.pos_query_proj
                module.claimdiff_pos_query = _per_head(proj(rows), heads)
            setattr(module, PATCHED, types.MethodType(_length_aware_bias, module))
    try:
        yield True
    finally:
        for module in modules:
            for name in (PATCHED, "claimdiff_pos_key", "claimdiff_pos_query"):
                module.__dict__.pop(name, None)


def _per_head(projected: torch.Tensor, heads: int) -> torch.Tensor:
    """[positions, heads * d] -> [heads, d, positions], ready to multiply queries by."""
    return projected.view(projected.size(0), heads, -1).permute(1, 2, 0).contiguous()
