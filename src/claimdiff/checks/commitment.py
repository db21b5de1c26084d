"""Commitment: a report that sits higher on the commitment scale than its original."""

from __future__ import annotations

from claimdiff.checks.kinds import label
from claimdiff.checks.negation import polarity_flipped
from claimdiff.checks.registry import CheckContext, register
from claimdiff.config import FactsConfig
from claimdiff.facts.extract import Facts, Modality
from claimdiff.facts.lexicons import MODALITY_LEVELS
from claimdiff.records import CheckResult

LEVEL_NAMES = {
    "possibility": "possibility",
    "plan": "plan or goal",
    "action": "announced action",
    "preliminary": "preliminary agreement",
    "commitment": "commitment",
    "accomplished": "accomplished",
}


def commitment_verdict(
    original: Modality, report: Modality, config: FactsConfig
) -> tuple[str, str] | None:
    """(kind, severity) when the report sits higher on the commitment scale, else None.

    A rise into a binding level (config.commitment_binding_levels: signed, done) is flagged from
    one level up with the kind's severity. Below those, a one-level rise is how news English
    renders a plan ("plans to" -> "will"), so a rise must span config.commitment_min_jump
    levels, and its severity grows with the levels risen. An aim or target (``Modality.goal``:
    aims to, 目指す, 목표로 하다) stated as a definite future or a fact is a goal reported as fact
    from one level up: "will open", 実現する, 이뤄진다 claim what the goal only hoped for; a report
    that still names the aim (目指して開発を進める, "aiming for 2030, it will ...") keeps it.
    """
    jump = report.level - original.level
    if jump <= 0 or report.undecided:
        # a report that says the level is not reached ("no agreement has been reached") claims
        # no more than its original
        return None
    goal = original.name in ("possibility", "plan") and report.name == "accomplished"
    kind = "goal_reported_as_fact" if goal else "commitment_inflated"
    if original.goal and not report.undecided and not report.goal_named:
        return "goal_reported_as_fact", config.severity["goal_reported_as_fact"]
    if original.name == "action" and report.name == "accomplished" and original.decision:
        return None  # one's own decision announced ("will postpone") is done ("has postponed")
    if report.name in config.commitment_binding_levels:
        return kind, config.severity[kind]
    if jump < config.commitment_min_jump:
        return None
    return kind, config.commitment_jump_severity.get(jump, config.severity[kind])


def _hedge_dropped(original: Facts, report: Facts) -> bool:
    """A hedge of the original (may, 可能性がある, 수 있다) on something the report states
    without any hedge: "may help" -> "helps". What the hedge bears on must be said in the
    report (compared in English across languages); without English to compare, only a report
    whose main predicate is a plain statement counts."""
    om, rm = original.modality, report.modality
    hedged_main = om is not None and any(om.text in h or h in om.text for h in original.hedges)
    if not hedged_main or report.hedges or report.modal or report.negated != original.negated:
        return False  # a hedge of a side clause, or a report that keeps one (can, would)
    if rm is not None and rm.name != "action":
        return False  # a plan, or a rise the commitment verdict already judges
    if original.lang == report.lang:
        o, r = original, report
    else:
        o, r = original.english, report.english
    if o is None or r is None:
        # checks-only across languages: no common text; a plain main predicate, or a number
        # both state, says it is the same claim
        return report.modality is not None or _shared_value(original, report)
    return bool(o.hedge_terms & r.terms)


def _clause_verdict(
    original: Modality, report: Modality, config: FactsConfig
) -> tuple[tuple[str, str], Modality, Modality] | None:
    """The verdict clause by clause when the statements have coordinate clauses of their own
    levels: in order when both have as many; when only the report has them and its main
    predicate sits at the other end ("will spend X and aims to launch Y", English: the first
    clause, against a Korean or Japanese original's last), the report's clause at the
    original's end. Otherwise the main predicates, as before."""
    ours, theirs = original.clauses, report.clauses
    if ours and len(ours) == len(theirs):
        pairs = list(zip(ours, theirs, strict=True))
    elif not ours and theirs and original.predicate_first != report.predicate_first:
        pairs = [(original, theirs[0] if original.predicate_first else theirs[-1])]
    else:
        pairs = [(original, report)]
    for o, r in pairs:
        verdict = commitment_verdict(o, r, config)
        if verdict is not None:
            return verdict, o, r
    return None


_PLAN = MODALITY_LEVELS.index("plan") + 1
_ACCOMPLISHED = len(MODALITY_LEVELS)


def _condition_dropped(original: Facts, report: Facts) -> bool:
    """A condition on the original's plan, decision or agreement ("subject to approval",
    조건으로, 次第で) that the report drops, stating the predicate at least as firmly and with
    no hedge of its own: the conditional plan reported unconditionally."""
    om, rm = original.modality, report.modality
    if om is None or rm is None or not om.condition or rm.condition:
        return False
    if not _PLAN <= om.level < _ACCOMPLISHED or om.generic or om.undecided:
        return False
    if rm.level < om.level or rm.undecided or report.hedges or report.modal:
        return False
    if report.negated != original.negated:
        return False
    if original.lang == report.lang:
        o, r = original, report
    else:
        o, r = original.english, report.english
    if o is None or r is None:
        return True  # checks-only across languages: paired through shared numbers and names
    return len(o.terms & r.terms) >= 2


def _shared_value(original: Facts, report: Facts) -> bool:
    return any(
        q.unit == p.unit and abs(q.value - p.value) <= 0.02 * max(abs(q.value), abs(p.value))
        for q in original.quantities
        for p in report.quantities
    )


def _undecided_decided(original: Facts, report: Facts, ctx: CheckContext) -> list[CheckResult]:
    """commitment_inflated when the original says a decision or agreement is not (yet) made
    ("has not decided", 確定には至っていない, 결정된 것은 없다) and the report states one made
    ("decided", 合意した, 계약을 맺었다); the negation check judges the flip itself."""
    om, rm = original.modality, report.modality
    if om is None or not om.undecided or rm is None or report.negated:
        return []
    if rm.level < MODALITY_LEVELS.index("action") + 1 or (rm.undecided or rm.generic):
        return []
    said = original.negations[0] if original.negations else om.text
    reason = f'{label("commitment_inflated")}: "{said}" (undecided) -> "{rm.text}" ({LEVEL_NAMES[rm.name]})'
    return [ctx.result("commitment_inflated", reason, said, rm.text)]


@register("commitment")
def check_commitment(original: Facts, report: Facts, ctx: CheckContext) -> list[CheckResult]:
    """commitment_inflated / goal_reported_as_fact / hedge_dropped; quiet when the polarity
    flipped (the negation check says it better)."""
    if original.question or report.question:
        return []  # a question asserts no level ("could their staying have helped?")
    undecided = _undecided_decided(original, report, ctx)
    if undecided or polarity_flipped(original, report):
        return undecided  # a flip of anything else: the negation check says it better
    om, rm = original.modality, report.modality
    if om is not None and om.generic:
        om = None  # a generic present ("살인은 증가한다") is no plan a past report inflates
    verdict = commitment_verdict(om, rm, ctx.config) if om is not None and rm is not None else None
    if verdict is not None and om is not None and rm is not None and (om.clauses or rm.clauses):
        by_clause = _clause_verdict(om, rm, ctx.config)
        verdict, om, rm = by_clause if by_clause is not None else (None, om, rm)
    hedged_main = om is not None and any(om.text in h or h in om.text for h in original.hedges)
    binding = rm is not None and rm.name in ctx.config.commitment_binding_levels
    if verdict is not None and verdict[0] == "commitment_inflated" and hedged_main and not binding:
        verdict = None  # "may cut" -> "will cut": the hedge is what was lost
    if verdict is None and _hedge_dropped(original, report):
        hedge = original.hedges[0]
        said = rm.text if rm is not None else report.text[:60]
        reason = f'hedge dropped: "{hedge}" (possibility) -> "{said}" (stated)'
        return [ctx.result("hedge_dropped", reason, hedge, said)]
    if verdict is None and _condition_dropped(original, report):
        om, rm = original.modality, report.modality
        assert om is not None and rm is not None
        reason = f'hedge dropped: "{om.condition}" (condition) -> "{rm.text}" (unconditional)'
        return [ctx.result("hedge_dropped", reason, om.condition, rm.text)]
    if verdict is None or om is None or rm is None:
        return []
    kind, severity = verdict
    reason = f'{label(kind)}: "{om.text}" ({LEVEL_NAMES[om.name]}) -> "{rm.text}" ({LEVEL_NAMES[rm.name]})'
    return [ctx.result(kind, reason, om.text, rm.text, severity=severity)]
