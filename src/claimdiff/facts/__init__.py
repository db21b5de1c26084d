"""The facts stage: quantities, modality, negation, dates of one statement, in its language.

Public API::

    lexicons = load_lexicons(config.facts.lexicon_dir)               # once, at start-up
    facts = statement_facts(statement, lexicons, config.facts)        # once per statement
    facts = extract_facts(text, "ja", lexicons, config.facts)         # from text alone
    keys = keys_of(facts, config.facts)                               # {"250000", "2026", "nvidia"}
    stamp = facts_fingerprint(lexicons, config.facts)                 # what stored facts depend on

The checks over two statements' facts are in :mod:`claimdiff.checks`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimdiff.config import FactsConfig
from claimdiff.facts.extract import (
    DateExpr,
    Facts,
    Modality,
    Quantity,
    extract_facts_with,
    format_number,
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
    "facts_fingerprint",
    "keys_of",
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
    """Language-neutral keys of a text (:func:`keys_of` its facts), for callers without
    stored facts."""
    config = config if config is not None else FactsConfig()
    return keys_of(extract_facts(text, lang, lexicons, config), config, min_value)


def keys_of(
    facts: Facts, config: FactsConfig | None = None, min_value: float | None = None
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
    keys.update(facts.names)
    return keys


def facts_fingerprint(lexicons: Lexicons, config: FactsConfig) -> str:
    """What stored facts were computed under: this package's code, the lexicon files and the
    facts config. Stored facts under another fingerprint are computed again (a reviewer who
    adds a lemma, or a new claimdiff, gets fresh facts for the window's stored statements)."""
    digest = hashlib.sha256(config.model_dump_json().encode("utf-8"))
    code = sorted(Path(__file__).parent.glob("*.py"))
    for path in [*code, *(Path(p) for p in lexicons.sources)]:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
