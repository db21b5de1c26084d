"""Negation: markers as written, and what each negates (its scope terms)."""

from __future__ import annotations

import functools
import re
from typing import Any

from claimdiff.facts.lexicons import LanguageLexicon, NegationScope
from claimdiff.facts.normalize import normalize, orig_span

# the facts stage reads each statement's marker spans twice (markers, then their scope): the
# last few are kept with the compiled lexicon they came from (held, so its id is not reused)
_SPANS: dict[tuple[int, str], tuple[object, tuple[tuple[int, int], ...]]] = {}


def _marker_spans(norm: str, lex: LanguageLexicon) -> tuple[tuple[int, int], ...]:
    """Spans of the negation markers in a normalised text, exclusions masked out."""
    compiled = lex.compiled
    hit = _SPANS.get((id(compiled), norm))
    if hit is not None and hit[0] is compiled:
        return hit[1]
    masked = compiled.negation_exclusions.sub(lambda m: "\0" * len(m.group()), norm)
    spans = tuple(m.span() for m in compiled.negation.finditer(masked) if m.end() > m.start())
    if len(_SPANS) >= 64:
        _SPANS.clear()
    _SPANS[(id(compiled), norm)] = (compiled, spans)
    return spans


def extract_negations(text: str, lex: LanguageLexicon) -> tuple[str, ...]:
    """Negation markers as written, ignoring look-alikes listed as exclusions (少ない, not only)."""
    norm, index = normalize(text)
    markers = []
    for m_start, m_end in _marker_spans(norm, lex):
        # quote the marker with a little of its clause: "no plans to", "建設しない"
        start, end = max(0, m_start - 8), min(len(norm), m_end + 10)
        if lex.modality.predicate_position == "first":
            left = norm[start:m_start].split(" ")
            right = norm[m_end:end].split(" ")
            start = m_start - len(left[-1]) if len(left) > 1 else start
            end = m_end + len(
                " ".join(right[: min(3, len(right) - 1)] if len(right) > 1 else right)
            )
        else:
            start, end = max(0, m_start - 6), min(len(norm), m_end + 2)
        _, _, surface = orig_span(text, index, start, end)
        markers.append(surface.strip(" 、。,."))
    return tuple(markers)


# Content characters of Korean and Japanese: Hangul syllables, kanji, katakana. Hiragana is left
# out: in Japanese it is mostly endings and particles (しない, がいる).
_CONTENT_CHARS = re.compile(r"[\uac00-\ud7a3\u3400-\u9fff\uf900-\ufaff\u30a1-\u30faー]{2,}")
_WORD = re.compile(r"\w+")
# a negation's scope ends at the clause: "The bank, which did not comment, raised its rate"
_CLAUSE_END = re.compile(r"[,;:.!?、。，；：！？]")


@functools.lru_cache(maxsize=8)
def _stemmer(name: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(name)


@functools.lru_cache(maxsize=65536)
def _stem(word: str, stemmer: str) -> str:
    return _stemmer(stemmer).stemWord(word)


def _words(text: str, scope: NegationScope) -> list[str]:
    stop = scope.stopword_set
    words = [
        scope.lemmas.get(w, w)
        for w in _WORD.findall(text.lower())
        if w not in stop and not w.isdigit()
    ]
    return [_stem(w, scope.stemmer) for w in words] if scope.stemmer else words


def _char_terms(text: str, scope: NegationScope) -> set[str]:
    stop = scope.stopword_set
    return {
        run[i : i + 2]
        for run in _CONTENT_CHARS.findall(text)
        for i in range(len(run) - 1)
        if run[i : i + 2] not in stop
    }


def scope_terms(
    norm: str, spans: list[tuple[int, int]], lex: LanguageLexicon, inside: bool = False
) -> frozenset[str]:
    """What the markers at ``spans`` (in the normalised text) bear on, as comparable terms: the
    content words (stemmed) or character bigrams around each, per ``negation.scope``, up to
    the end of its clause; with ``inside``, the marker's own words too ("may increase")."""
    scope = lex.negation.scope
    terms: set[str] = set()
    for start, end in spans:
        if inside:
            own = norm[start:end]
            terms.update(_words(own, scope) if scope.unit == "words" else _char_terms(own, scope))
        left = _CLAUSE_END.split(norm[:start])[-1]
        right = _CLAUSE_END.split(norm[end:])[0]
        if scope.unit == "words":
            before = _words(left, scope)
            terms.update(before[max(0, len(before) - scope.before) :] if scope.before else ())
            terms.update(_words(right, scope)[: scope.after])
        else:
            window = left[max(0, len(left) - scope.before) :] + " " + right[: scope.after]
            terms |= _char_terms(window, scope)
    return frozenset(terms)


def implicit_negative(text: str, lex: LanguageLexicon) -> bool:
    """Whether the text has an implicit negative (``negation.implicit``: lack, invisible, 늦다)."""
    pattern = lex.compiled.implicit_negation
    return pattern is not None and pattern.search(normalize(text)[0]) is not None


def negation_scope_terms(text: str, lex: LanguageLexicon) -> frozenset[str]:
    """What each negation marker negates, as comparable terms: "didn't visit the family" gives
    {visit, famili}; "공급하지 않는다" gives {공급, 급하}; "建設しない" {建設}."""
    norm, _ = normalize(text)
    return scope_terms(norm, list(_marker_spans(norm, lex)), lex)


def content_terms(text: str, lex: LanguageLexicon) -> frozenset[str]:
    """All terms of a text in the units of ``negation_scope_terms``."""
    scope = lex.negation.scope
    norm, _ = normalize(text)
    if scope.unit == "words":
        return frozenset(_words(norm, scope))
    return frozenset(_char_terms(norm, scope))
