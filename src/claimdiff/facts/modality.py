"""Modality: where a statement sits on the commitment scale, from its main predicate."""

from __future__ import annotations

from claimdiff.facts.lexicons import MODALITY_LEVELS, LanguageLexicon
from claimdiff.facts.negation import scope_terms
from claimdiff.facts.normalize import normalize, orig_span
from claimdiff.facts.prefilter import present
from claimdiff.facts.records import Modality

_PRELIMINARY = MODALITY_LEVELS.index("preliminary") + 1
_BINDING = MODALITY_LEVELS.index("commitment") + 1


def _hits(masked: str, lex: LanguageLexicon) -> list[tuple[int, int, int]]:
    hits = []
    for level, pattern in present(lex.compiled.modality, masked):
        for match in pattern.finditer(masked):
            if match.end() > match.start():
                hits.append((level, match.start(), match.end()))
    return hits


def _main(hits: list[tuple[int, int, int]], lex: LanguageLexicon) -> tuple[int, int, int]:
    """The main predicate's marker: first (English) or last (ja, ko); of the markers that
    overlap it, the lowest level."""
    if lex.modality.predicate_position == "first":
        anchor = min(hits, key=lambda h: (h[1], -(h[2] - h[1])))
    else:
        anchor = max(hits, key=lambda h: (h[2], h[2] - h[1]))
    same_predicate = [h for h in hits if h[1] < anchor[2] and h[2] > anchor[1]]
    return min(same_predicate, key=lambda h: (h[0], -(h[2] - h[1])))


def modality_facts(
    text: str, lex: LanguageLexicon
) -> tuple[Modality | None, tuple[str, ...], frozenset[str], bool]:
    """(main modality, hedges, hedge scope terms, any modal word) of one statement.

    Attribution and stance verbs (lexicon ``reporting``: said, 밝혔다, と述べた, reiterated,
    と強調した) are masked first: in "X한다고 밝혔다" the level is X's. The main predicate is
    the first marker (English) or the last (Japanese, Korean); of the markers overlapping it the
    lowest level wins: 예상한다고 is an expectation inside a generic ending, 検討する a
    possibility. A binding verb whose object is a preliminary agreement ("signed an MoU",
    양해각서를 체결했다) is preliminary. Hedges are the possibility markers anywhere in the
    statement (may, 可能性, 수 있다), with the terms they bear on.
    """
    norm, index = normalize(text)
    masked = lex.compiled.reporting.sub(lambda m: "\0" * len(m.group()), norm)
    hits = _hits(masked, lex)
    modal = lex.compiled.modals.search(masked) is not None
    if not hits:
        return None, (), frozenset(), modal
    level, start, end = _main(hits, lex)
    if level == _BINDING:
        preliminary = [h for h in hits if h[0] == _PRELIMINARY]
        if preliminary:
            level, start, end = preliminary[0]
    _, _, surface = orig_span(text, index, start, end)
    modality = Modality(level=level, name=MODALITY_LEVELS[level - 1], text=surface.strip())
    hedges = [m.span() for m in lex.compiled.hedges.finditer(masked) if m.end() > m.start()]
    quoted = tuple(orig_span(text, index, s, e)[2].strip() for s, e in hedges)
    return modality, quoted, scope_terms(norm, hedges, lex, inside=True), modal


def extract_modality(text: str, lex: LanguageLexicon) -> Modality | None:
    """The statement's level on the commitment scale (see ``modality_facts``)."""
    return modality_facts(text, lex)[0]
