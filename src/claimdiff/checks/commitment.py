"""Commitment: a report that sits higher on the commitment scale than its original."""

from __future__ import annotations

from claimdiff.checks.negation import polarity_flipped
from claimdiff.checks.registry import CheckContext, register
from claimdiff.config import FactsConfig
from claimdiff.facts.extract import Facts, Modality
from claimdiff.records import CheckResult

LEVEL_NAMES = {
    "possibility": "possibility",
    "plan": "plan or goal",
    "action": "announced action",
    "commitment": "commitment",
    "accomplished": "accomplished",
}


def commitment_verdict(
    original: Modality, report: Modality, config: FactsConfig
) -> tuple[str, str] | None:
    """(kind, severity) when the report sits higher on the commitment scale, else None.

    A rise into a binding level (config.commitment_binding_levels: agreed, signed, done) is
    flagged from one level up with the kind's severity. Below those, a one-level rise is how
    news English renders a plan ("plans to" -> "will"), so a rise must span
    config.commitment_min_jump levels, and its severity grows with the levels risen.
    """
    jump = report.level - original.level
    if jump <= 0:
        return None
    goal = original.name in ("possibility", "plan") and report.name == "accomplished"
    kind = "goal_reported_as_fact" if goal else "commitment_inflated"
    if report.name in config.commitment_binding_levels:
        return kind, config.severity[kind]
    if jump < config.commitment_min_jump:
        return None
    return kind, config.commitment_jump_severity.get(jump, config.severity[kind])


@register("commitment")
def check_commitment(original: Facts, report: Facts, ctx: CheckContext) -> list[CheckResult]:
    """commitment_inflated / goal_reported_as_fact; quiet when the polarity flipped (the
    negation check says it better)."""
    om, rm = original.modality, report.modality
    if om is None or rm is None or polarity_flipped(original, report):
        return []
    verdict = commitment_verdict(om, rm, ctx.config)
    if verdict is None:
        return []
    kind, severity = verdict
    label = "goal reported as fact" if kind == "goal_reported_as_fact" else "commitment inflated"
    reason = (
        f'{label}: "{om.text}" ({LEVEL_NAMES[om.name]}) -> "{rm.text}" ({LEVEL_NAMES[rm.name]})'
    )
    return [ctx.result(kind, reason, om.text, rm.text, severity=severity)]
