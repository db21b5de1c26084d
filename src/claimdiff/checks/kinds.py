"""The one table of finding kinds: name, default severity, priority, label, numeric or not.

Every other module reads kinds from here (the judge's priority, the config's severity map, the
evaluation's list of check kinds, the reasons' labels). Adding a kind is one row here and the
check module that emits it. A leaf module: it imports nothing of claimdiff but the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from claimdiff.records import Severity

KindName = Literal[
    "negation_flipped",
    "quantity_mismatch",
    "unit_mismatch",
    "commitment_inflated",
    "goal_reported_as_fact",
    "hedge_dropped",
    "qualifier_changed",
    "qualifier_dropped",
    "qualifier_added",
    "date_changed",
    "deadline_added",
    "contradiction",
    "unsupported",
    "mt_number_changed",
]


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of finding.

    ``priority``: which kind names a finding when several of equal severity apply (lower wins).
    ``numeric``: the kind is about numbers, so it outranks an NLI "entailment" (NLI models are
    unreliable on quantities). ``source``: "check" for the deterministic checks, "nli" for the
    kinds the judge derives from NLI scores.
    """

    name: KindName
    severity: Severity
    priority: int
    label: str
    numeric: bool = False
    source: Literal["check", "nli"] = "check"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("negation_flipped", Severity.HIGH, 0, "negation flipped"),
        Kind("quantity_mismatch", Severity.HIGH, 1, "value changed", numeric=True),
        Kind("unit_mismatch", Severity.HIGH, 2, "unit changed", numeric=True),
        Kind("commitment_inflated", Severity.HIGH, 4, "commitment inflated"),
        Kind("goal_reported_as_fact", Severity.HIGH, 5, "goal reported as fact"),
        Kind("hedge_dropped", Severity.MEDIUM, 15, "hedge dropped"),
        Kind("qualifier_changed", Severity.MEDIUM, 7, "qualifier changed", numeric=True),
        Kind("qualifier_dropped", Severity.MEDIUM, 8, "qualifier dropped", numeric=True),
        Kind("qualifier_added", Severity.MEDIUM, 9, "qualifier added", numeric=True),
        Kind("date_changed", Severity.HIGH, 10, "date changed"),
        Kind("deadline_added", Severity.MEDIUM, 11, "deadline added"),
        Kind("contradiction", Severity.HIGH, 12, "NLI contradiction", source="nli"),
        Kind("unsupported", Severity.LOW, 13, "unsupported", source="nli"),
        # a fault of our English, not of the outlet: shown so a reviewer discounts the NLI verdict
        Kind("mt_number_changed", Severity.LOW, 14, "translation changed a number", numeric=True),
    )
}
KIND_NAMES: tuple[str, ...] = get_args(KindName)

CHECK_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS.values() if k.source == "check")
NUMERIC_KINDS: frozenset[str] = frozenset(k.name for k in KINDS.values() if k.numeric)
DEFAULT_SEVERITY: dict[str, Severity] = {k.name: k.severity for k in KINDS.values()}


def priority(kind: str) -> int:
    """Rank of a kind when several name one finding (unknown kinds last)."""
    found = KINDS.get(kind)
    return found.priority if found is not None else len(KINDS)


def label(kind: str) -> str:
    """The human label of a kind, as reasons start with it."""
    found = KINDS.get(kind)
    return found.label if found is not None else kind.replace("_", " ")
