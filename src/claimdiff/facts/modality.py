"""Modality: where a statement sits on the commitment scale, from its main predicate."""

from __future__ import annotations

import re
from itertools import pairwise

from claimdiff.facts.lemmas import lemma_alternation
from claimdiff.facts.lexicons import MODALITY_LEVELS, LanguageLexicon
from claimdiff.facts.negation import scope_terms
from claimdiff.facts.normalize import normalize, orig_span
from claimdiff.facts.patterns import expand_placeholders
from claimdiff.facts.prefilter import LiteralIndex, present
from claimdiff.facts.records import Modality

_PRELIMINARY = MODALITY_LEVELS.index("preliminary") + 1
_BINDING = MODALITY_LEVELS.index("commitment") + 1


_ACTION = MODALITY_LEVELS.index("action") + 1
_POSSIBILITY = MODALITY_LEVELS.index("possibility") + 1
_NEVER = re.compile(r"(?!)")
# compiled lemma lists of each language's modality lexicon, by the lexicon object's id (the
# lexicon is kept with them, so the id is not reused)
_LEMMA_CACHE: dict[
    int, tuple[object, re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]
] = {}
_PLAN = MODALITY_LEVELS.index("plan") + 1
_NESTED_GAP = 2  # characters between a deliberation and the plan that governs it (ja, ko)
# an English sentence opening with a subordinate clause ("Once completed, ...", "If approved,
# ..."): its verb is not the main predicate
_LEADING_CLAUSE = re.compile(
    r"^\W*(?:once|if|when|after|before|although|though|while|unless|until|as soon as|because|"
    r"since|upon|following)\b[^,;]{1,80},",
    re.IGNORECASE,
)
_WORD_CHAR = re.compile(r"[一-龯々가-힣A-Za-z]")
_OBJECT_GAP = {"first": 12, "last": 3}  # characters between a support verb and its object


def _lemma_patterns(
    lex: LanguageLexicon,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(hedge lemmas, reporting lemmas, support verbs, goals) of ``modality.yaml`` as patterns
    (the lemmas of every inflected form): a reviewer adds 恐れがある or "acknowledge" once."""
    cached = _LEMMA_CACHE.get(id(lex.modality))
    if cached is None or cached[0] is not lex.modality:
        # prefiltered by their literals, as the lexicon's own patterns are: one pass of the
        # literal index skips them in the statements without any of their words
        compile_ = LiteralIndex().compile

        def build(lemmas: list[str]) -> re.Pattern[str]:
            if not lemmas:
                return _NEVER
            return compile_(lemma_alternation(lemmas, lex.lang), re.IGNORECASE)

        cached = (
            lex.modality,
            build(lex.modality.hedge_lemmas),
            build(lex.modality.reporting_lemmas),
            build(lex.modality.support_verbs),
            compile_("|".join(f"(?:{g})" for g in lex.modality.goals), re.IGNORECASE)
            if lex.modality.goals
            else _NEVER,
        )
        _LEMMA_CACHE[id(lex.modality)] = cached
    return cached[1], cached[2], cached[3], cached[4]


_EXTRA_CACHE: dict[int, tuple[object, tuple[re.Pattern[str], ...]]] = {}


def _extra_patterns(
    lex: LanguageLexicon,
) -> tuple[re.Pattern[str], ...]:
    """(negative subjects, attained aims, not levels, coordinators, conditions) of
    ``modality.yaml`` as patterns."""
    cached = _EXTRA_CACHE.get(id(lex.modality))
    if cached is None or cached[0] is not lex.modality:

        def build(patterns: list[str]) -> re.Pattern[str]:
            if not patterns:
                return _NEVER
            alternation = "|".join(f"(?:{expand_placeholders(p)})" for p in patterns)
            return re.compile(alternation, re.IGNORECASE)

        m = lex.modality
        cached = (
            m,
            tuple(
                build(p)
                for p in (
                    m.negative_subjects,
                    m.attained,
                    m.not_levels,
                    m.coordinators,
                    m.conditions,
                )
            ),
        )
        _EXTRA_CACHE[id(lex.modality)] = cached
    return cached[1]


def _nested_level(
    main: tuple[int, int, int], hits: list[tuple[int, int, int]], masked: str, lex: LanguageLexicon
) -> tuple[int, int, int]:
    """A plan or an announced action that governs a deliberation is deliberation: 검토할 계획,
    検討する方針 (English: "plans to review" overlaps its own deliberation verb)."""
    level, start, _ = main
    if lex.modality.predicate_position != "last" or level not in (_PLAN, _ACTION):
        return main
    near = [
        h
        for h in hits
        if h[0] == _POSSIBILITY
        and h[2] <= start
        and start - h[2] <= _NESTED_GAP
        and not _CLAUSE.search(masked[h[2] : start])
    ]
    return max(near, key=lambda h: h[2]) if near else main


def _object_level(
    main: tuple[int, int, int],
    hits: list[tuple[int, int, int]],
    masked: str,
    lex: LanguageLexicon,
) -> tuple[int, int, int]:
    """The main predicate's level, or its object's when the predicate is a support verb
    (``modality.support_verbs``): 목표를 세웠다 and "set a target" are plans, 협상에 들어갔다 and
    "entered talks" deliberation. The object is the marker next to the verb, in its clause:
    before it (ja, ko: a particle between) or after it (English: an article between)."""
    _, start, end = main
    support = _lemma_patterns(lex)[2]
    verbs = [m for m in support.finditer(masked, 0, end) if m.start() < end and m.end() > start]
    # a whole word: 結ぶ is not the 結 of 締結, 入る not the 入 of 導入
    if not any(m.start() == 0 or not _WORD_CHAR.match(masked[m.start() - 1]) for m in verbs):
        return main
    position = lex.modality.predicate_position
    gap = _OBJECT_GAP[position]
    if position == "last":
        near = [h for h in hits if h[2] <= start and start - h[2] <= gap]
        near = [h for h in near if not _CLAUSE.search(masked[h[2] : start])]
        return max(near, key=lambda h: h[2]) if near else main
    near = [h for h in hits if h[1] >= end and h[1] - end <= gap]
    near = [h for h in near if not _CLAUSE.search(masked[end : h[1]])]
    return min(near, key=lambda h: h[1]) if near else main


def _blank(match: re.Match[str]) -> str:
    return "\0" * len(match.group())


def _hedge_spans(masked: str, lex: LanguageLexicon) -> list[tuple[int, int]]:
    """Spans of the epistemic hedges (patterns and lemmas) in the masked statement."""
    hedge_lemmas = _lemma_patterns(lex)[0]
    spans = [m.span() for m in lex.compiled.hedges.finditer(masked) if m.end() > m.start()]
    spans += [m.span() for m in hedge_lemmas.finditer(masked) if m.end() > m.start()]
    return sorted(spans)


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
    # the hedge patterns are possibility markers already (facts.patterns); their lemmas too
    for match in _lemma_patterns(lex)[0].finditer(masked):
        if match.end() > match.start():
            hits.append((_POSSIBILITY, match.start(), match.end()))
    # attaining an aim is accomplished, and the aim inside it no plan ("met its target")
    attained = [m.span() for m in _extra_patterns(lex)[1].finditer(masked) if m.end() > m.start()]
    if attained:
        hits = [h for h in hits if not any(s <= h[1] and h[2] <= e for s, e in attained)]
        hits += [(len(MODALITY_LEVELS), s, e) for s, e in attained]
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
_HEDGE_REACH = 8  # characters of the predicate a hedge after a nominaliser bears on (ko)
_NOMINALISER = re.compile(r"[가-힣]{1,4}\s?것(?:으로|이라는|이란|이라고)?\s?$")
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
    masked = _lemma_patterns(lex)[1].sub(_blank, lex.compiled.reporting.sub(_blank, norm))
    masked = _extra_patterns(lex)[2].sub(_blank, masked)
    if "?" in masked or "？" in masked:
        asserted = _QUESTION.sub(lambda m: "\0" * len(m.group()), masked)
        if asserted.strip("\0 "):
            masked = asserted  # a question among statements asserts no level ("how could it help?")
    levels_text = masked
    if lex.modality.predicate_position == "first":
        levels_text = _LEADING_CLAUSE.sub(_blank, masked)
    hits, plain = _hits(levels_text, lex)
    modal = lex.compiled.modals.search(masked) is not None
    if not hits:
        return None, (), frozenset(), modal
    level, start, end = _nested_level(
        _object_level(_main(hits, lex), hits, masked, lex), hits, masked, lex
    )
    if level >= _BINDING:
        # a support verb whose object is a preliminary agreement ("signed an MoU", "reached a
        # basic agreement", 양해각서를 맺었다, 기본 합의에 이르렀다, 覚書を交わした): the object's
        # level, when it is in the main predicate's clause
        preliminary = [
            h
            for h in hits
            if h[0] == _PRELIMINARY
            and not _CLAUSE.search(masked[h[2] : start] if h[2] <= start else masked[end : h[1]])
        ]
        if preliminary:
            level, start, end = preliminary[0]
    _, _, surface = orig_span(text, index, start, end)
    condition = _extra_patterns(lex)[4].search(masked)
    modality = Modality(
        level=level,
        name=MODALITY_LEVELS[level - 1],
        text=surface.strip(),
        generic=_generic_present((level, start, end), hits, plain, masked, lex),
        goal=_is_goal(level, start, end, masked, lex),
        goal_named=_lemma_patterns(lex)[3].search(masked) is not None,
        decision=level == _ACTION
        and any(
            m.start() < end and m.end() > start
            for m in _decision_pattern(lex).finditer(masked, max(0, start - 12), end + 12)
        ),
        undecided=_undecided(masked, [h for h in hits if h[1:] not in plain], lex)
        or _negative_subject(masked, start, lex),
        condition=orig_span(text, index, *condition.span())[2].strip() if condition else "",
        clauses=_clauses(text, index, masked, hits, lex),
        predicate_first=lex.modality.predicate_position == "first",
    )
    hedges = _hedge_spans(masked, lex)
    quoted = tuple(orig_span(text, index, s, e)[2].strip() for s, e in hedges)
    # a hedge after a nominaliser bears on the predicate before it (개통될 것으로 예상된다):
    # its terms reach past the nominaliser
    reach = [(_nominalised_start(norm, start), end) for start, end in hedges]
    return modality, quoted, scope_terms(norm, reach, lex, inside=True), modal


_DECISION_CACHE: dict[int, tuple[object, re.Pattern[str]]] = {}


def _decision_pattern(lex: LanguageLexicon) -> re.Pattern[str]:
    """``modality.decision_lemmas`` (every inflected form) as one pattern."""
    cached = _DECISION_CACHE.get(id(lex.modality))
    if cached is None or cached[0] is not lex.modality:
        lemmas = lex.modality.decision_lemmas
        pattern = (
            re.compile(lemma_alternation(lemmas, lex.lang), re.IGNORECASE) if lemmas else _NEVER
        )
        cached = (lex.modality, pattern)
        _DECISION_CACHE[id(lex.modality)] = cached
    return cached[1]


def _is_goal(level: int, start: int, end: int, masked: str, lex: LanguageLexicon) -> bool:
    return level == _PLAN and _lemma_patterns(lex)[3].search(masked, start, end + 2) is not None


def _clauses(
    text: str, index: list[int], masked: str, hits: list[tuple[int, int, int]], lex: LanguageLexicon
) -> tuple[Modality, ...]:
    """Each coordinate clause's main level (``modality.coordinators`` end a clause), in text
    order, when two or more clauses have one: "will spend X and aims to launch Y" is an
    action and a goal, 5천억 원을 투자하고 출시를 목표로 한다 one goal."""
    cuts = [m.end() for m in _extra_patterns(lex)[3].finditer(masked) if m.end() > m.start()]
    if not cuts:
        return ()
    bounds = [0, *cuts, len(masked)]
    clauses = []
    for lo, hi in pairwise(bounds):
        inside = [h for h in hits if lo <= h[1] and h[2] <= hi]
        if not inside:
            continue
        level, start, end = _object_level(_main(inside, lex), inside, masked, lex)
        clauses.append(
            Modality(
                level=level,
                name=MODALITY_LEVELS[level - 1],
                text=orig_span(text, index, start, end)[2].strip(),
                goal=_is_goal(level, start, end, masked, lex),
            )
        )
    return tuple(clauses) if len(clauses) > 1 else ()


# what may stand between a negative subject and its predicate ("no deal has yet been signed")
_AUXILIARIES = re.compile(r"\s?(?:(?:has|have|had|was|were|is|are|been|yet|so far)\s+)*", re.I)


def _negative_subject(masked: str, start: int, lex: LanguageLexicon) -> bool:
    """Whether the main predicate at ``start`` follows a negative subject in its clause ("no
    agreement has been reached", "no date has been set"): it is negated, not reached."""
    before = _CLAUSE.split(masked[max(0, start - 60) : start])[-1]
    offset = start - len(before)
    found = _extra_patterns(lex)[0].finditer(masked, offset, min(len(masked), start + 8))
    return any(
        offset < m.end() <= start and _AUXILIARIES.fullmatch(masked, m.end(), start) is not None
        for m in found
    )


def _nominalised_start(text: str, start: int) -> int:
    """``start`` moved back over a nominaliser and the predicate it carries (개통될 것으로):
    the words the hedge bears on."""
    found = _NOMINALISER.search(text, max(0, start - _HEDGE_REACH), start)
    return found.start() if found is not None else start


def extract_modality(text: str, lex: LanguageLexicon) -> Modality | None:
    """The statement's level on the commitment scale (see ``modality_facts``)."""
    return modality_facts(text, lex)[0]
