"""Deterministic cross-lingual fact checks: numbers, qualifiers, commitment, negation, dates.

Public API::

    lexicons = load_lexicons(config.facts.lexicon_dir)           # once, at start-up
    facts = extract_facts(text, "ja", lexicons)                   # quantities, modality, negations, dates
    results = compare_statements(original, report, lexicons, config.facts)   # list[CheckResult]
    keys = fact_keys(text, "ko", lexicons)                        # {"250000", "2026", "nvidia", ...}
    report = evaluate_checks(Path("tests/data/checks_dev.jsonl"), lexicons, config.facts)
"""

from __future__ import annotations

from claimdiff.config import FactsConfig
from claimdiff.facts.compare import compare_statements, facts_of
from claimdiff.facts.evaluate import EvalReport, EvalRow, evaluate_checks, evaluate_on_nli_set
from claimdiff.facts.extract import (
    DateExpr,
    Facts,
    Modality,
    Quantity,
    extract_facts_with,
    format_number,
    name_keys,
)
from claimdiff.facts.lexicons import Lexicons, load_lexicons

__all__ = [
    "DateExpr",
    "EvalReport",
    "EvalRow",
    "Facts",
    "Lexicons",
    "Modality",
    "Quantity",
    "compare_statements",
    "evaluate_checks",
    "evaluate_on_nli_set",
    "extract_facts",
    "fact_keys",
    "facts_of",
    "load_lexicons",
]

_DEFAULTS = FactsConfig()


def extract_facts(text: str, lang: str, lexicons: Lexicons) -> Facts:
    """Quantities, commitment level, negation markers and dates of one statement, in its language."""
    return extract_facts_with(
        text, lang, lexicons, _DEFAULTS.qualifier_window_chars, _DEFAULTS.context_window_chars
    )


def fact_keys(text: str, lang: str, lexicons: Lexicons, min_value: float | None = None) -> set[str]:
    """Language-neutral keys for pairing statements across languages without translation.

    Normalised quantity values ("250000" for 25万 / 25만 / 250,000 / "a quarter million";
    "12" for twelve / 12人 / 12명; "4100000000" for 41億ドル and $4.1 billion; percentages as
    "2.5%"), years ("2026"), and names: Latin-script names and acronyms lower-cased, and names
    from the names lexicon in any script or form (엔비디아 -> "nvidia"; 韓国, 한국, Korean ->
    "korea"). Bare counts below ``min_value`` (FactsConfig.key_min_value) are left out: "3"
    ties everything together.
    """
    threshold = _DEFAULTS.key_min_value if min_value is None else min_value
    facts = extract_facts(text, lang, lexicons)
    keys: set[str] = set()
    for quantity in facts.quantities:
        values = [quantity.value] if quantity.high is None else [quantity.value, quantity.high]
        for value in values:
            if quantity.family == "percent":
                keys.add(f"{format_number(value)}%")
            elif abs(value) >= threshold or quantity.family not in (None, "count", "person"):
                keys.add(format_number(value))
    for date in facts.dates:
        if date.year is not None:
            keys.add(str(date.year))
    starts = frozenset(quantity.start for quantity in facts.quantities)
    keys.update(name_keys(text, lexicons[lang], starts))
    return keys
