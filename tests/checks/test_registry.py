"""Checks are registered by name and chosen by facts.checks."""

from __future__ import annotations

import pytest

import claimdiff.checks.apply  # noqa: F401  (registers the built-in checks)
from claimdiff.checks.apply import compare_statements
from claimdiff.checks.registry import register, registered, resolve
from claimdiff.config import FactsConfig
from claimdiff.errors import ConfigError
from tests.facts.statements import st


def test_built_in_checks_are_registered_and_configured_by_default() -> None:
    assert set(FactsConfig().checks) <= set(registered())
    assert [name for name, _ in resolve(["dates", "quantities"])] == ["dates", "quantities"]


def test_unknown_check_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"facts\.checks.*'spelling'"):
        resolve(["quantities", "spelling"])


def test_registering_two_functions_under_one_name_fails() -> None:
    with pytest.raises(ValueError, match="twice"):
        register("quantities")(lambda original, report, ctx: [])


def test_config_chooses_the_checks(lexicons) -> None:
    original = st("The plant will employ 1,200 people.", "en")
    report = st("The plant will employ 2,100 people.", "en", "report")
    assert {r.kind for r in compare_statements(original, report, lexicons, FactsConfig())} == {
        "quantity_mismatch"
    }
    only_dates = FactsConfig(checks=["dates"])
    assert compare_statements(original, report, lexicons, only_dates) == []


def test_a_registered_check_runs_when_configured(lexicons) -> None:
    @register("test_always")
    def always(original, report, ctx):
        return [ctx.result("unsupported", f"{original.lang}->{report.lang}")]

    config = FactsConfig(checks=["test_always"])
    (result,) = compare_statements(st("A.", "en"), st("B.", "ko", "report"), lexicons, config)
    assert result.reason == "en->ko" and result.severity == config.severity["unsupported"]
