"""Run the configured checks: over two statements' stored facts, or from the statements."""

from __future__ import annotations

import logging

# importing the check modules registers them, in this order
from claimdiff.checks import commitment, dates, negation, quantities, translation  # noqa: F401
from claimdiff.checks.registry import CheckContext, resolve
from claimdiff.config import FactsConfig
from claimdiff.facts import statement_facts
from claimdiff.facts.extract import Facts
from claimdiff.facts.lexicons import Lexicons
from claimdiff.records import CheckResult, Statement

logger = logging.getLogger(__name__)


def run_checks(
    original: Facts, report: Facts, lexicons: Lexicons, config: FactsConfig
) -> list[CheckResult]:
    """The configured checks (``facts.checks``) on two statements' facts; one CheckResult per
    discrepancy, each once, reasons quoting both sides' spans."""
    ctx = CheckContext(config=config, lexicons=lexicons)
    results: list[CheckResult] = []
    for _, check in resolve(config.checks):
        for result in check(original, report, ctx):
            if result not in results:
                results.append(result)
    return results


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
