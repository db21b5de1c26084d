"""The facts stage: quantities, modality, negation, dates of one statement, in its language.

Public API::

    lexicons = load_lexicons(config.facts.lexicon_dir)               # once, at start-up
    facts = statement_facts(statement, lexicons, config.facts)        # once per statement
    facts = extract_facts(text, "ja", lexicons, config.facts)         # from text alone
    keys = fact_keys(text, "ko", lexicons, config.facts)              # {"250000", "2026", "nvidia"}

The checks over two statements' facts are in :mod:`claimdiff.checks`.
"""

from __future__ import annotations

from claimdiff.config import FactsConfig
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
from claimdiff.records import Statement

__all__ = [
    "DateExpr",
    "Facts",
    "Lexicons",
    "Modality",
    "Quantity",
    "extract_facts",
    "fact_keys",
    "load_lexicons",
    "statement_facts",
]


def extract_facts(
    text: str,
    lang: str,
    lexicons: Lexicons,
    config: FactsConfig | None = None,
    text_en: str | None = None,
) -> Facts:
    """Quantities, commitment level, negation markers and dates of one statement, in its
    language (``config`` None: the defaults of FactsConfig)."""
    config = config if config is not None else FactsConfig()
    return extract_facts_with(
        text,
        lang,
        lexicons,
        config.qualifier_window_chars,
        config.context_window_chars,
        text_en=text_en,
    )


def statement_facts(statement: Statement, lexicons: Lexicons, config: FactsConfig) -> Facts:
    """The facts stage for one statement: its own text, and its English where translated."""
    return extract_facts(statement.text, statement.lang, lexicons, config, statement.text_en)


def fact_keys(
    text: str,
    lang: str,
    lexicons: Lexicons,
    config: FactsConfig | None = None,
    min_value: float | None = None,
) -> set[str]:
    """Language-neutral keys for pairing statements across languages without translation.

    Normalised quantity values ("250000" for 25万 / 25만 / 250,000 / "a quarter million";
    "12" for twelve / 12人 / 12명; "4100000000" for 41億ドル and $4.1 billion; percentages as
    "2.5%"), years ("2026"), and names: Latin-script names and acronyms lower-cased, and names
    from the names lexicon in any script or form (엔비디아 -> "nvidia"; 韓国, 한국, Korean ->
    "korea"). Bare counts below ``min_value`` (default ``config.key_min_value``) are left out:
    "3" ties everything together.
    """
    config = config if config is not None else FactsConfig()
    threshold = config.key_min_value if min_value is None else min_value
    facts = extract_facts(text, lang, lexicons, config)
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
