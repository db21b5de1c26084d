"""Modality: where a statement sits on the commitment scale, from its main predicate."""

from __future__ import annotations

import re

from claimdiff.facts.lexicons import MODALITY_LEVELS, LanguageLexicon
from claimdiff.facts.negation import scope_terms
from claimdiff.facts.normalize import normalize, orig_span
from claimdiff.facts.prefilter import present
from claimdiff.facts.records import Modality

_PRELIMINARY = MODALITY_LEVELS.index("preliminary") + 1
_BINDING = MODALITY_LEVELS.index("commitment") + 1


_ACTION = MODALITY_LEVELS.index("action") + 1
_QUESTION = re.compile(r"(?:^|(?<=[.!?。！？]))[^.!?。！？]*[?？]")
_CLAUSE = re.compile(r"[,;:.!?、。，；：！？]|\bbut\b|지만|が、")


def _hits(
    masked: str, lex: LanguageLexicon
) -> tuple[list[tuple[int, int, int]], set[tuple[int, int]]]:
    """The level markers (level, start, end), and the spans of plain present predicates
    (``modality.present``), which are action-level markers too."""
    hits = []
    for level, pattern in present(lex.compiled.modality, masked):
        for match in pattern.finditer(masked):
            if match.end() > match.start():
                hits.append((level, match.start(), match.end()))
    plain = set()
    for pattern in lex.compiled.present:
        for match in pattern.finditer(masked):
            if match.end() > match.start():
                hits.append((_ACTION, match.start(), match.end()))
                plain.add(match.span())
    return hits, plain


def _generic_present(
    main: tuple[int, int, int],
    hits: list[tuple[int, int, int]],
    plain: set[tuple[int, int]],
    masked: str,
    lex: LanguageLexicon,
) -> bool:
    """Whether the main marker is only a plain present ("증가한다") in a statement that names no
    time ahead: a generic or habitual statement, not an announced action."""
    level, start, end = main
    if level != _ACTION or (start, end) not in plain:
        return False
    explicit = [
        h for h in hits if h[0] == _ACTION and h[1] < end and h[2] > start and h[1:] not in plain
    ]
    future = lex.compiled.future
    return not explicit and (future is None or future.search(masked) is None)


def _main(hits: list[tuple[int, int, int]], lex: LanguageLexicon) -> tuple[int, int, int]:
    """The main predicate's marker: first (English) or last (ja, ko); of the markers that
    overlap it, the lowest level."""
    if lex.modality.predicate_position == "first":
        anchor = min(hits, key=lambda h: (h[1], -(h[2] - h[1])))
    else:
        anchor = max(hits, key=lambda h: (h[2], h[2] - h[1]))
    same_predicate = [h for h in hits if h[1] < anchor[2] and h[2] > anchor[1]]
    return min(same_predicate, key=lambda h: (h[0], -(h[2] - h[1])))


_DECIDED = MODALITY_LEVELS.index("action") + 1
_NEGATION_REACH = 12  # characters between a decision marker and its negation, in one clause


def _undecided(masked: str, hits: list[tuple[int, int, int]], lex: LanguageLexicon) -> bool:
    """Whether a decision or agreement marker (action level and up, not accomplished) is
    negated, as a state not reached yet (``modality.pending``), in its clause: the negation
    follows it in Japanese and Korean (確定には至っていない, 결정된 것은 없다) and precedes it
    in English ("has not decided", "has not signed")."""
    comp = lex.compiled
    if comp.pending is None:
        return False
    # the cheap tests first: a decision marker with a pending-state word near it
    candidates = [
        (start, end)
        for level, start, end in hits
        if _DECIDED <= level < len(MODALITY_LEVELS)
        and comp.pending.search(masked[max(0, start - _NEGATION_REACH) : end + _NEGATION_REACH])
    ]
    if not candidates:
        return False
    unmasked = comp.negation_exclusions.sub(lambda m: "\0" * len(m.group()), masked)
    negations = [m.start() for m in comp.negation.finditer(unmasked) if m.end() > m.start()]
    after = lex.modality.predicate_position == "last"
    for start, end in candidates:
        if after:
            window = _CLAUSE.split(masked[end : end + _NEGATION_REACH])[0]
            lo, hi = end, end + len(window)
        else:
            window = _CLAUSE.split(masked[max(0, start - _NEGATION_REACH) : start])[-1]
            lo, hi = start - len(window), start
        if any(lo <= n < hi for n in negations):
            return True
    return False


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
    if "?" in masked or "？" in masked:
        asserted = _QUESTION.sub(lambda m: "\0" * len(m.group()), masked)
        if asserted.strip("\0 "):
            masked = asserted  # a question among statements asserts no level ("how could it help?")
    hits, plain = _hits(masked, lex)
    modal = lex.compiled.modals.search(masked) is not None
    if not hits:
        return None, (), frozenset(), modal
    level, start, end = _main(hits, lex)
    if level == _BINDING:
        preliminary = [h for h in hits if h[0] == _PRELIMINARY]
        if preliminary:
            level, start, end = preliminary[0]
    _, _, surface = orig_span(text, index, start, end)
    modality = Modality(
        level=level,
        name=MODALITY_LEVELS[level - 1],
        text=surface.strip(),
        generic=_generic_present((level, start, end), hits, plain, masked, lex),
        undecided=_undecided(masked, [h for h in hits if h[1:] not in plain], lex),
    )
    hedges = [m.span() for m in lex.compiled.hedges.finditer(masked) if m.end() > m.start()]
    quoted = tuple(orig_span(text, index, s, e)[2].strip() for s, e in hedges)
    return modality, quoted, scope_terms(norm, hedges, lex, inside=True), modal


def extract_modality(text: str, lex: LanguageLexicon) -> Modality | None:
    """The statement's level on the commitment scale (see ``modality_facts``)."""
    return modality_facts(text, lex)[0]
