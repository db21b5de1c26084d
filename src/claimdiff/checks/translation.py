"""Translation: the English used for NLI must carry the numbers of its own source sentence."""

from __future__ import annotations

from claimdiff.checks.quantities import compare_quantities, unit_rules
from claimdiff.checks.registry import CheckContext, register
from claimdiff.facts.extract import Facts
from claimdiff.records import CheckResult


@register("translation")
def check_translation(original: Facts, report: Facts, ctx: CheckContext) -> list[CheckResult]:
    """mt_number_changed: a fault of our English, not of the outlet."""
    results = []
    for role, facts in (("original", original), ("report", report)):
        if facts.en is None:
            continue
        rules = unit_rules(ctx.lexicons, facts.lang, "en")
        for kind, src, tgt in compare_quantities(
            facts.quantities, facts.en.quantities, rules, ctx.config, qualifiers=False
        ):
            if kind in ("quantity_mismatch", "unit_mismatch") and src is not None:
                results.append(
                    ctx.result(
                        "mt_number_changed",
                        f'translation changed a number ({role}): "{src.text}" -> "{tgt.text}"',
                        src.text if role == "original" else "",
                        src.text if role == "report" else "",
                        fault="translation",
                    )
                )
    return results
