"""Run the configured checks: over two statements' stored facts, or from the statements."""

from __future__ import annotations

import logging
from dataclasses import replace

from claimdiff.checks.registry import CheckContext, resolve
from claimdiff.config import FactsConfig
from claimdiff.facts import statement_facts
from claimdiff.facts.attribution import QUOTED, REFUTED
from claimdiff.facts.extract import Facts
from claimdiff.facts.lexicons import Lexicons
from claimdiff.records import CheckResult, Statement

logger = logging.getLogger(__name__)


def run_checks(
    original: Facts, report: Facts, lexicons: Lexicons, config: FactsConfig
) -> list[CheckResult]:
    """The configured checks (``facts.checks``) on two statements' facts; one CheckResult per
    discrepancy, each once, reasons quoting both sides' spans."""
    if REFUTED in (original.attribution, report.attribution):
        # a claim quoted in order to be refuted is not the outlet's misstatement
        return []
    ctx = CheckContext(config=config, lexicons=lexicons)
    results: list[CheckResult] = []
    for _, check in resolve(config.checks):
        for result in check(original, report, ctx):
            result = _attributed(result, original, report)
            if result not in results:
                results.append(result)
    return results


def _attributed(result: CheckResult, original: Facts, report: Facts) -> CheckResult:
    """A finding on a report that quotes a named source is that source's claim: the reason
    says so (and the review CSV shows it)."""
    if result.fault != "outlet":
        return result
    prefix = ""
    if report.attribution == QUOTED:
        prefix = f"quoted claim of {report.source}: "
    elif original.attribution == QUOTED:
        prefix = f"original quotes {original.source}: "
    return replace(result, reason=prefix + result.reason) if prefix else result


def compare_statements(
    original: Statement, report: Statement, lexicons: Lexicons, config: FactsConfig
) -> list[CheckResult]:
    """Facts of both statements, then the checks (for callers without stored facts)."""
    results = run_checks(
        statement_facts(original, lexicons, config),
        statement_facts(report, lexicons, config),
        lexicons,
        config,
    )
    logger.debug(
        "%s vs %s: %d check results", original.statement_id, report.statement_id, len(results)
    )
    return results
