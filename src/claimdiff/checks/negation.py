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


def _sides(facts: Facts) -> dict[str, dict[bool, tuple[str, bool]]]:
    """The antonym concepts a statement says, each with its side(s), their surface and
    whether a marker turned them."""
    sides: dict[str, dict[bool, tuple[str, bool]]] = {}
    for concept, pro, surface, negated in facts.polar:
        sides.setdefault(concept, {})[pro] = (surface, negated)
    return sides


def antonym_flip(original: Facts, report: Facts) -> tuple[str, str, str] | None:
    """(concept, original's surface, report's) where the two say opposite sides of one
    concept's predicate (supports / 반대했다, will keep running / 休止する), each side saying
    only one. One side's word negated against the same word affirmed ("will not stop" /
    "stopped") is a flip unless the affirmed side says the negation with an implicit negative
    ("cannot keep it" / "keeping it exceeds the budget"). None otherwise. Where both have an English translation that says
    the concept, it must agree."""
    if original.question or report.question:
        return None
    o_sides, r_sides = _sides(original), _sides(report)
    for concept, o in o_sides.items():
        r = r_sides.get(concept)
        if r is None or len(o) != 1 or len(r) != 1 or o.keys() == r.keys():
            continue
        (o_surface, o_negated), (r_surface, r_negated) = (
            next(iter(o.values())),
            next(iter(r.values())),
        )
        if o_negated != r_negated and _rewords(
            *((report, original) if o_negated else (original, report))
        ):
            continue
        o_en, r_en = original.english, report.english
        if original.lang != report.lang and o_en is not None and r_en is not None:
            eo, er = _sides(o_en).get(concept), _sides(r_en).get(concept)
            if eo and er and eo.keys() == er.keys():
                continue  # the translations say the same side
        return concept, o_surface, r_surface
    return None


def said_alike(original: Facts, report: Facts) -> bool:
    """Whether both say the same side of an antonym concept: "stop selling" (a negation
    marker) and 販売を終了する (none) say one thing, so their markers make no flip."""
    o_sides, r_sides = _sides(original), _sides(report)
    return any(
        len(o) == 1 and r_sides.get(concept, {}).keys() == o.keys()
        for concept, o in o_sides.items()
    )


def _rewords(affirmed: Facts, negated: Facts) -> bool:
    """Whether the affirmed side's implicit negative may say what the negated side's marker
    says: "the audience is invisible" / "cannot see the audience". Not where the negated side
    has one too ("no risk of a shortage" / "a shortage may occur": shared content), nor where
    the affirmed side asserts a possibility ("shortages could occur", 不足に陥る恐れがある:
    the implicit word is in what it fears)."""
    return affirmed.implicit_negative and not negated.implicit_negative and not affirmed.hedges


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
    if _rewords(other, negated):
        return False
    if said_alike(original, report):
        return False
    return negates_shared_predicate(negated, other)


@register("negation")
def check_negation(original: Facts, report: Facts, ctx: CheckContext) -> list[CheckResult]:
    """negation_flipped (see ``antonym_flip`` and ``polarity_flipped``)."""
    antonyms = antonym_flip(original, report)
    if antonyms is not None:
        concept, o_span, r_span = antonyms
        reason = f'negation flipped: "{o_span}" -> "{r_span}" (opposite predicates: {concept})'
        return [ctx.result("negation_flipped", reason, o_span, r_span)]
    if not polarity_flipped(original, report):
        return []
    o_span, r_span = _span(original), _span(report)
    o_pol, r_pol = ("negated", "affirmed") if original.negated else ("affirmed", "negated")
    reason = f'negation flipped: "{o_span}" ({o_pol}) -> "{r_span}" ({r_pol})'
    return [ctx.result("negation_flipped", reason, o_span, r_span)]
