"""Combine NLI probabilities and deterministic checks into findings (a pure function).

Rules, in order of trust:
- A deterministic check (numbers, qualifiers, commitment, negation, dates) always flags, even
  when the NLI model says entailment: NLI models are unreliable on quantities (EQUATE).
- An NLI contradiction flags with a severity from the configured thresholds.
- A report statement that none of its paired originals supports is "unsupported" (low), judged
  once per report statement on its best-matching original, so top-k pairing adds no noise.
- A report's headline compresses its body: a headline finding that a body statement of the same
  report already carries on the same original statement, with every kind of the headline's, is
  the same misstatement and is not a second review row; the body's row quotes it in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from claimdiff.checks.kinds import NUMERIC_KINDS, priority
from claimdiff.config import JudgeConfig
from claimdiff.records import (
    SEVERITY_RANK,
    CheckResult,
    Finding,
    NLIScores,
    Pair,
    Statement,
    stable_id,
)
from claimdiff.text import TITLE_OFFSET

CHECKS_ONLY = "checks-only"


@dataclass(frozen=True)
class PairEvidence:
    """Everything the judge knows about one (original, report) pair."""

    pair: Pair
    original: Statement
    report: Statement
    nli: NLIScores | None = None
    checks: tuple[CheckResult, ...] = field(default_factory=tuple)


def translation_model_of(*statements: Statement) -> str:
    """The translation model(s) behind a pair's English, '' when both sides were English."""
    models = sorted({s.translation_model for s in statements if s.translation_model})
    return "; ".join(models)


def judge_pairs(
    evidence: Sequence[PairEvidence], config: JudgeConfig, nli_model: str = ""
) -> list[Finding]:
    """Findings for all pairs, in input order; pairs with nothing to flag yield none."""
    by_report: dict[str, list[PairEvidence]] = {}
    for item in evidence:
        by_report.setdefault(item.report.statement_id, []).append(item)
    supported = {
        report_id
        for report_id, items in by_report.items()
        if any(_entailed(item) for item in items)
    }
    best = {
        report_id: max(items, key=lambda e: (e.pair.similarity, e.pair.pair_id)).pair.pair_id
        for report_id, items in by_report.items()
    }
    judged = []
    for item in evidence:
        report_id = item.report.statement_id
        finding = judge_pair(
            item,
            config,
            nli_model=nli_model,
            supported_elsewhere=report_id in supported,
            best_candidate=best[report_id] == item.pair.pair_id,
        )
        if finding is not None:
            judged.append((item, finding))
    in_body: dict[tuple[str, str], set[str]] = {}
    for item, finding in judged:
        if not _is_headline(item.report):
            key = (item.report.article_id, item.original.statement_id)
            in_body.setdefault(key, set()).update(_kinds(item, finding))
    return [
        finding
        for item, finding in judged
        if not _is_headline(item.report)
        or not _kinds(item, finding)
        <= in_body.get((item.report.article_id, item.original.statement_id), set())
    ]


def _is_headline(statement: Statement) -> bool:
    return statement.start == TITLE_OFFSET


def _kinds(item: PairEvidence, finding: Finding) -> set[str]:
    """Every kind a finding flags: its checks' and the NLI verdict's (its main kind)."""
    return {check.kind for check in item.checks} | {finding.kind}


def _entailed(item: PairEvidence) -> bool:
    return (
        item.nli is not None
        and item.nli.label == "entailment"
        and not any(c.fault == "outlet" for c in item.checks)
    )


def judge_pair(
    item: PairEvidence,
    config: JudgeConfig,
    nli_model: str = "",
    supported_elsewhere: bool = False,
    best_candidate: bool = True,
) -> Finding | None:
    """One pair's finding, or None when nothing is wrong with it."""
    flagged: list[tuple[str, str, str]] = []  # (kind, severity, reason)
    notes: list[str] = []
    for check in item.checks:
        flagged.append((check.kind, check.severity, check.reason))

    nli = item.nli
    if nli is not None:
        nli_verdict = _nli_verdict(nli, config, supported_elsewhere, best_candidate)
        if nli_verdict is not None:
            flagged.append(nli_verdict)
        elif nli.label == "entailment" and any(c.fault == "outlet" for c in item.checks):
            why = (
                "NLI models are unreliable on numbers"
                if any(c.kind in NUMERIC_KINDS for c in item.checks)
                else "a deterministic check found a difference"
            )
            notes.append(f"NLI entailment {nli.entailment:.2f} overruled: {why}")
        if nli.truncated:
            notes.append("NLI input was truncated to the model's length limit")
    else:
        notes.append(
            f"{CHECKS_ONLY}: no translation or NLI ran; paired by shared numbers and names"
        )
    for statement, side in ((item.original, "original"), (item.report, "report")):
        if statement.translation_truncated:
            notes.append(f"{side} sentence was truncated before translation")

    if not flagged:
        return None
    kind, severity = _main_kind(flagged)
    reasons = tuple(dict.fromkeys([reason for _, _, reason in flagged] + notes))
    translation_model = translation_model_of(item.original, item.report)
    return Finding(
        finding_id=Finding.make_id(
            item.original.statement_id, item.report.statement_id, nli_model, translation_model
        ),
        pair_id=item.pair.pair_id,
        story_id=item.pair.story_id,
        severity=severity,  # type: ignore[arg-type]
        kind=kind,
        label=nli.label if nli is not None else CHECKS_ONLY,
        reasons=reasons,
        original_id=item.original.statement_id,
        report_id=item.report.statement_id,
        p_entailment=nli.entailment if nli is not None else None,
        p_neutral=nli.neutral if nli is not None else None,
        p_contradiction=nli.contradiction if nli is not None else None,
        nli_model=nli_model,
        translation_model=translation_model,
        content_hash=stable_id("content", item.original.text, item.report.text),
    )


def _nli_verdict(
    nli: NLIScores, config: JudgeConfig, supported_elsewhere: bool, best_candidate: bool
) -> tuple[str, str, str] | None:
    if nli.label == "contradiction" or nli.contradiction >= config.contradiction_high:
        if nli.contradiction >= config.contradiction_high:
            return ("contradiction", "high", f"NLI contradiction {nli.contradiction:.2f}")
        if nli.contradiction >= config.contradiction_medium:
            return ("contradiction", "medium", f"NLI contradiction {nli.contradiction:.2f}")
    if (
        best_candidate
        and not supported_elsewhere
        and nli.label == "neutral"
        and nli.neutral >= config.unsupported_neutral
    ):
        return (
            "unsupported",
            "low",
            f"NLI neutral {nli.neutral:.2f}: no original statement supports this report",
        )
    return None


def _main_kind(flagged: list[tuple[str, str, str]]) -> tuple[str, str]:
    severity = max((s for _, s, _ in flagged), key=SEVERITY_RANK.__getitem__)
    candidates = [k for k, s, _ in flagged if s == severity]
    kind = min(candidates, key=priority)  # the Kind table's priority; first wins among equals
    return kind, severity
