"""Modality: where a statement sits on the commitment scale, from its main predicate."""

from __future__ import annotations

from claimdiff.facts.lexicons import MODALITY_LEVELS, LanguageLexicon
from claimdiff.facts.normalize import normalize, orig_span
from claimdiff.facts.records import Modality


def extract_modality(text: str, lex: LanguageLexicon) -> Modality | None:
    """The statement's level on the commitment scale, decided by its main predicate.

    Attribution verbs (lexicon ``reporting``: said, 밝혔다, と述べた) are masked first: in "X한다고
    밝혔다" or "Xすると発表した" the level is X's, not the attribution's. The main predicate is the
    first marker (English) or the last (Japanese, Korean). Markers overlapping it belong to the
    same predicate, and of those the lowest level wins: 예상한다고 is an expectation (예상) inside
    a generic verb ending (한다고), 추진한다 a plan, 検討する a possibility.
    """
    norm, index = normalize(text)
    masked = lex.compiled.reporting.sub(lambda m: "\0" * len(m.group()), norm)
    hits = []
    for level, pattern in lex.compiled.modality:
        for match in pattern.finditer(masked):
            if match.end() > match.start():
                hits.append((level, match.start(), match.end()))
    if not hits:
        return None
    if lex.modality.predicate_position == "first":
        anchor = min(hits, key=lambda h: (h[1], -(h[2] - h[1])))
    else:
        anchor = max(hits, key=lambda h: (h[2], h[2] - h[1]))
    same_predicate = [h for h in hits if h[1] < anchor[2] and h[2] > anchor[1]]
    level, start, end = min(same_predicate, key=lambda h: (h[0], -(h[2] - h[1])))
    _, _, surface = orig_span(text, index, start, end)
    return Modality(level=level, name=MODALITY_LEVELS[level - 1], text=surface.strip())
