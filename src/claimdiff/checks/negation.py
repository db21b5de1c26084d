"""Negation: the report affirms what the original negates, or the reverse."""

from __future__ import annotations

from claimdiff.checks.registry import CheckContext, register
from claimdiff.facts.extract import Facts
from claimdiff.records import CheckResult


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def negates_shared_predicate(negated: Facts, other: Facts) -> bool:
    """Whether what ``negated`` negates also appears in ``other``: "did not rise in October" vs
    "rose in October" is a flip; "didn't have all the information" vs "told him I needed more
    information" only leaves a clause out. Compared in the shared language, or in English when
    the languages differ; True (a flip cannot be ruled out) when there is no common text or
    nothing to read around the marker."""
    if negated.lang != other.lang:
        negated_en, other_en = negated.english, other.english
        if negated_en is None or other_en is None:
            return True
        negated, other = negated_en, other_en
    if not negated.scope_terms:
        return True
    # a key is the negated predicate, its parts joined by "+" ("want+stay"): all must be said
    return any(
        key in other.terms or ("+" in key and all(p in other.terms for p in key.split("+")))
        for key in negated.scope_terms
    )


def _span(facts: Facts) -> str:
    if facts.negated:
        return facts.negations[0]
    return facts.modality.text if facts.modality else _quote(facts.text)


def polarity_flipped(original: Facts, report: Facts) -> bool:
    """The original-language markers decide (a question on either side is no assertion); the English of both sides, where there is one,
    must agree that the polarity differs (a translation can drop a negation); and what is
    negated must be said on the other side."""
    if original.negated == report.negated:
        return False
    o_en, r_en = original.english, report.english
    if o_en is not None and r_en is not None and o_en.negated == r_en.negated:
        return False
    negated, other = (original, report) if original.negated else (report, original)
    if negated.question or other.question:
        return False  # a question ("why not a sign?", "why does it rise?") asserts no polarity
    if other.implicit_negative:
        return False  # "the audience is invisible" says what "cannot see the audience" says
    return negates_shared_predicate(negated, other)


@register("negation")
def check_negation(original: Facts, report: Facts, ctx: CheckContext) -> list[CheckResult]:
    """negation_flipped (see ``polarity_flipped``)."""
    if not polarity_flipped(original, report):
        return []
    o_span, r_span = _span(original), _span(report)
    o_pol, r_pol = ("negated", "affirmed") if original.negated else ("affirmed", "negated")
    reason = f'negation flipped: "{o_span}" ({o_pol}) -> "{r_span}" ({r_pol})'
    return [ctx.result("negation_flipped", reason, o_span, r_span)]
