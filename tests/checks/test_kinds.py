"""The Kind table: one row per kind, read by the config, the judge and the evaluation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from claimdiff.checks.kinds import CHECK_KINDS, KIND_NAMES, KINDS, NUMERIC_KINDS, label, priority
from claimdiff.config import FactsConfig


def test_table_and_literal_agree_and_priorities_are_distinct() -> None:
    assert set(KINDS) == set(KIND_NAMES)
    assert len({kind.priority for kind in KINDS.values()}) == len(KINDS)
    assert all(kind.severity in ("high", "medium", "low") for kind in KINDS.values())


def test_check_kinds_exclude_the_nli_kinds() -> None:
    assert "contradiction" not in CHECK_KINDS and "unsupported" not in CHECK_KINDS
    assert "quantity_mismatch" in CHECK_KINDS and "quantity_mismatch" in NUMERIC_KINDS
    assert "negation_flipped" not in NUMERIC_KINDS


def test_priority_and_label_of_unknown_kinds() -> None:
    assert priority("negation_flipped") < priority("quantity_mismatch") < priority("no_such")
    assert label("quantity_mismatch") == "value changed"
    assert label("some_new_kind") == "some new kind"


def test_partial_severity_map_is_merged_over_the_defaults() -> None:
    config = FactsConfig(severity={"deadline_added": "low"})
    assert config.severity["deadline_added"] == "low"
    assert config.severity["quantity_mismatch"] == KINDS["quantity_mismatch"].severity
    assert set(config.severity) == set(KINDS)


def test_mistyped_kind_in_severity_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="quantity_mismach"):
        FactsConfig(severity={"quantity_mismach": "low"})
