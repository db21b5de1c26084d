"""Extract the facts of one statement in its own language: the facts stage.

One module per concern: normalize (text once), numbers (quantities and units), dates,
modality, negation, names; this module puts them together.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claimdiff.facts.attribution import extract_attribution
from claimdiff.facts.dates import extract_dates
from claimdiff.facts.lexicons import Lexicons
from claimdiff.facts.modality import extract_modality, modality_facts
from claimdiff.facts.names import name_keys
from claimdiff.facts.negation import (
    content_terms,
    extract_negations,
    implicit_negative,
    negation_scope_terms,
    polar_predicates,
)
from claimdiff.facts.normalize import normalize
from claimdiff.facts.numbers import extract_quantities, format_number
from claimdiff.facts.records import DateExpr, Facts, Modality, Quantity

__all__ = [
    "DateExpr",
    "Facts",
    "Modality",
    "Quantity",
    "content_terms",
    "extract_dates",
    "extract_facts_with",
    "extract_modality",
    "extract_negations",
    "extract_quantities",
    "format_number",
    "is_question",
    "name_keys",
    "negation_scope_terms",
    "normalize",
]


_CLOSERS = " \"'”’」』)）"
_STATEMENT_END = re.compile(r"[.!。！](?:\s|$)")


def is_question(text: str) -> bool:
    """Whether every sentence of the text is a question ("Why not? Is it?", not "He left. Did
    he?"): an interrogative asserts no polarity."""
    body = text.rstrip(_CLOSERS)
    return body.endswith(("?", "？")) and _STATEMENT_END.search(body) is None


# an English phrase with a number inside a Korean or Japanese sentence: 「more than 250,000 GPUs」
_LATIN_PHRASE = re.compile(
    r"[A-Za-z$][A-Za-z0-9$%,.'’ -]*\d[A-Za-z0-9$%,.'’ -]*|\d[\d,.]*[ ]?[A-Za-z][A-Za-z ]*"
)


def _english_phrases(
    text: str,
    quantities: tuple[Quantity, ...],
    lexicons: Lexicons,
    window: int,
    context_window: int,
) -> tuple[Quantity, ...]:
    """Quantities of English phrases quoted in a Korean or Japanese sentence read with the
    English lexicon, which knows their qualifiers and units ("more than 250,000 GPUs"): each
    replaces the quantity the statement's own language read at the same number."""
    if not any(ch.isascii() and ch.isalpha() for ch in text):
        return quantities
    found = list(quantities)
    for phrase in _LATIN_PHRASE.finditer(text):
        if not any(ch.isalpha() for ch in phrase.group()) or " " not in phrase.group().strip():
            continue  # a code or a unit glued to a number (H200, 5G, 3kg) is read as it is
        shift = phrase.start()
        for english in extract_quantities(phrase.group(), lexicons["en"], window, context_window):
            if english.qualifier is None and english.unit is None:
                continue
            moved = replace(english, start=english.start + shift, end=english.end + shift)
            same = [q for q in found if q.start < moved.end and moved.start < q.end]
            if all(q.value == moved.value and q.qualifier is None for q in same):
                found = [q for q in found if q not in same] + [moved]
    return tuple(sorted(found, key=lambda q: q.start))


def extract_facts_with(
    text: str,
    lang: str,
    lexicons: Lexicons,
    window: int,
    context_window: int,
    text_en: str | None = None,
    with_names: bool = True,
) -> Facts:
    """Facts of one statement; the windows (in characters) come from FactsConfig. With
    ``text_en`` (its English translation), the English facts are computed too (without name
    keys: pairing reads the statement's own)."""
    lex = lexicons[lang]
    dates = extract_dates(text, lex)
    en = None
    if lang != "en" and text_en and text_en != text:
        en = extract_facts_with(text_en, "en", lexicons, window, context_window, with_names=False)
    modality, hedges, hedge_terms, modal = modality_facts(text, lex)
    attribution, source = extract_attribution(text, lex)
    quantities = extract_quantities(text, lex, window, context_window, dates)
    if lang != "en":
        quantities = _english_phrases(text, quantities, lexicons, window, context_window)
    names = frozenset()
    if with_names:
        names = frozenset(name_keys(text, lex, frozenset(q.start for q in quantities)))
    return Facts(
        lang=lang,
        quantities=quantities,
        modality=modality,
        hedges=hedges,
        hedge_terms=hedge_terms,
        modal=modal,
        attribution=attribution,
        source=source,
        negations=extract_negations(text, lex),
        dates=dates,
        text=text,
        scope_terms=negation_scope_terms(text, lex),
        terms=content_terms(text, lex),
        names=names,
        question=is_question(text),
        implicit_negative=implicit_negative(text, lex),
        polar=polar_predicates(text, lex),
        en=en,
    )
