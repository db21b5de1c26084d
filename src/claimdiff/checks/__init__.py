"""The deterministic checks, one module per check over (Facts, Facts), and the Kind table.

Public API::

    from claimdiff.checks.apply import compare_statements, run_checks
    facts = statement_facts(statement, lexicons, config.facts)      # claimdiff.facts, once each
    results = run_checks(original_facts, report_facts, lexicons, config.facts)
    results = compare_statements(original, report, lexicons, config.facts)   # both steps

This package's top level stays light (the Kind table and the registry) because the config
imports the Kind table.
"""

from claimdiff.checks.kinds import CHECK_KINDS, KINDS, NUMERIC_KINDS, Kind, KindName
from claimdiff.checks.registry import register, registered

__all__ = ["CHECK_KINDS", "KINDS", "NUMERIC_KINDS", "Kind", "KindName", "register", "registered"]
