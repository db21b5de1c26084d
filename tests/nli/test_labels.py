"""NLI labels are mapped by name from config.id2label."""

from __future__ import annotations

import pytest

from claimdiff.errors import LabelMappingError
from claimdiff.nli import map_labels


@pytest.mark.parametrize(
    ("id2label", "expected"),
    [
        # MoritzLaurer/DeBERTa-v3-*
        ({0: "entailment", 1: "neutral", 2: "contradiction"}, (0, 1, 2)),
        # cross-encoder/nli-deberta-v3-base
        ({0: "contradiction", 1: "entailment", 2: "neutral"}, (1, 2, 0)),
        # facebook/bart-large-mnli
        ({0: "contradiction", 1: "neutral", 2: "entailment"}, (2, 1, 0)),
        # upper case, string keys as in a raw config.json
        ({"0": "ENTAILMENT", "1": "NEUTRAL", "2": "CONTRADICTION"}, (0, 1, 2)),
    ],
)
def test_maps_by_name(id2label, expected):
    mapped = map_labels(id2label, "some/model")
    assert (mapped["entailment"], mapped["neutral"], mapped["contradiction"]) == expected


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
        {0: "entailment", 1: "not_entailment"},
        {0: "entailment", 1: "neutral"},
        {0: "entailment", 1: "neutral", 2: "contradiction", 3: "unrelated"},
        {0: "entailment", 1: "Entailment", 2: "contradiction"},
    ],
)
def test_unmappable_labels_are_refused_with_the_model_name(id2label):
    with pytest.raises(LabelMappingError, match="some/model"):
        map_labels(id2label, "some/model")
