"""Map an NLI model's labels by name (STYLE.md point 5): checkpoints disagree on the order."""

from __future__ import annotations

from collections.abc import Mapping

from claimdiff.errors import LabelMappingError
from claimdiff.records import NLI_LABELS


def map_labels(id2label: Mapping[int | str, str], model: str) -> dict[str, int]:
    """``{"entailment": i, "neutral": j, "contradiction": k}`` from a model's ``config.id2label``.

    Names match case-insensitively; anything else (generic ``LABEL_0`` names, a two-way
    entailment model, a missing or duplicated label) raises LabelMappingError, because
    guessing an order would silently swap contradiction and entailment.
    """
    by_name: dict[str, int] = {}
    for index, name in id2label.items():
        key = str(name).strip().lower()
        if key in by_name:
            raise LabelMappingError(
                f"NLI model {model!r}: label {name!r} appears twice in config.id2label "
                f"{dict(id2label)}"
            )
        by_name[key] = int(index)
    if set(by_name) != set(NLI_LABELS):
        raise LabelMappingError(
            f"NLI model {model!r} has labels {dict(id2label)} in config.id2label; claimdiff needs "
            f"exactly {', '.join(NLI_LABELS)} (matched by name, any order). Use a 3-way NLI "
            "checkpoint whose config names its labels (e.g. MoritzLaurer/DeBERTa-v3-large-mnli-"
            "fever-anli-ling-wanli, cross-encoder/nli-deberta-v3-base), or fix id2label in its "
            "config.json if you know the order."
        )
    return {label: by_name[label] for label in NLI_LABELS}
