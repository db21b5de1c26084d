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


# antonym patterns of a negation lexicon: one alternation, a named group per concept side (g0,
# g1, ...), the (concept, pro) of each group, the exclusions, and the anchors (held by id, as
# above). The anchors are words (English) or literal stems (Korean, Japanese) one of which a
# text must contain for the alternation to be tried: most statements have none, and the
# English alternation's look-behinds cost ~0.4 ms a statement where it runs.
_POLAR: dict[int, tuple[object, Any, tuple[tuple[str, bool], ...], Any, frozenset[str]]] = {}
# how far a negation marker may stand from the antonym it negates, within its clause: English
# words before it ("did not oppose", "has not yet stopped"); Korean / Japanese characters after
# it (반대하지 않았다, 支持はしていない) or, for the pre-verbal 안 / 못, before it
_POLAR_WORDS_BEFORE = 3
_POLAR_CHARS_AFTER = 6
_JA_VERB_END = "うくぐすつぬぶむる"


def _anchor(lemma: str, lang: str) -> str:
    """What every inflected form of a lemma contains: its first word's form (English, see
    ``english_forms``), its stem (Japanese), its noun or its stem less the syllable an ending
    may fuse into (Korean); "" when there is none to test."""
    if lang == "ja":
        if lemma.endswith("する"):
            return lemma[:-2]
        return lemma[:-1] if lemma[-1] in _JA_VERB_END and len(lemma) > 1 else lemma
    for suffix in ("하다", "되다", "시키다"):
        if lemma.endswith(suffix) and len(lemma) > len(suffix):
            return lemma[: -len(suffix)]
    stem = lemma[:-1] if lemma.endswith("다") else lemma
    return stem[:-1]


def _polar_patterns(
    lex: LanguageLexicon,
) -> tuple[Any, tuple[tuple[str, bool], ...], Any, frozenset[str]]:
    negation = lex.negation
    hit = _POLAR.get(id(negation))
    if hit is not None and hit[0] is negation:
        return hit[1], hit[2], hit[3], hit[4]
    from claimdiff.facts.lemmas import english_forms, lemma_alternation

    groups, sides, anchors = [], [], set()
    for concept, pair in negation.antonyms.items():
        for pro, lemmas in ((True, pair.pro), (False, pair.con)):
            if lemmas:
                groups.append(f"(?P<g{len(sides)}>{lemma_alternation(lemmas, lex.lang)})")
                sides.append((concept, pro))
            for lemma in lemmas:
                if lex.lang == "en":
                    anchors.update(english_forms(lemma.split()[0].lower()))
                else:
                    anchors.add(_anchor(lemma, lex.lang))
    pattern = re.compile("|".join(groups), re.IGNORECASE) if groups else None
    exclusions = negation.antonym_exclusions
    masked = (
        re.compile("|".join(f"(?:{e})" for e in exclusions), re.IGNORECASE) if exclusions else None
    )
    found = (pattern, tuple(sides), masked, frozenset(anchors))
    _POLAR[id(negation)] = (negation, *found)
    return found


def _negates(
    norm: str, start: int, end: int, spans: tuple[tuple[int, int], ...], first: bool
) -> bool:
    """Whether a negation marker (not the match itself) negates the predicate at start:end."""
    for m_start, m_end in spans:
        if m_start < end and m_end > start:
            continue  # the antonym is itself a lexical negation (suspend, 중단)
        if m_end <= start:
            gap = norm[m_end:start]
            near = len(gap.split()) <= _POLAR_WORDS_BEFORE if first else len(gap.strip()) == 0
        elif m_start >= end and not first:
            gap = norm[end:m_start]
            near = len(gap) <= _POLAR_CHARS_AFTER
        else:
            continue
        if near and not _CLAUSE_END.search(gap):
            return True
    return False


def polar_predicates(text: str, lex: LanguageLexicon) -> tuple[tuple[str, bool, str, bool], ...]:
    """The antonym predicates a text says (``negation.antonyms``: support / oppose, continue /
    stop), as (concept, pro side, surface, negated), each side once: the side after a negation
    marker of the predicate's clause, so "did not oppose" says the pro side of "support" and
    중단하지 않는다 the pro side of "continue"."""
    pattern, sides, exclusions, anchors = _polar_patterns(lex)
    if pattern is None:
        return ()
    norm, index = normalize(text)
    if lex.lang == "en":
        if anchors.isdisjoint(_WORD.findall(norm.lower())):
            return ()
    elif "" not in anchors and not any(anchor in norm for anchor in anchors):
        return ()
    masked = exclusions.sub(lambda m: "\0" * len(m.group()), norm) if exclusions else norm
    spans: tuple[tuple[int, int], ...] | None = None
    first = lex.modality.predicate_position == "first"
    found: dict[tuple[str, bool], tuple[str, bool]] = {}
    for match in pattern.finditer(masked):
        if match.end() == match.start() or match.lastgroup is None:
            continue
        concept, pro = sides[int(match.lastgroup[1:])]
        if spans is None:
            spans = _marker_spans(norm, lex)
        negated = _negates(norm, match.start(), match.end(), spans, first)
        _, _, surface = orig_span(text, index, match.start(), match.end())
        found.setdefault((concept, pro != negated), (surface.strip(), negated))
    return tuple((c, pro, surface, neg) for (c, pro), (surface, neg) in found.items())


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
    """What each negation marker negates, as comparable keys. With ``negation.scope.predicate``
    each key is the negated predicate (its parts joined by "+", all of which the other side must
    say): "didn't visit the family" gives {visit}, "didn't want to stay" {want+stay},
    "공급하지 않는다" {공급}, "보지 못했다" {v:보}; without it, the terms around each marker
    ("建設しない": {建設})."""
    norm, _ = normalize(text)
    spans = list(_marker_spans(norm, lex))
    if lex.negation.scope.predicate and spans:
        return predicate_keys(norm, spans, lex)
    return scope_terms(norm, spans, lex)


def content_terms(text: str, lex: LanguageLexicon) -> frozenset[str]:
    """All terms of a text in the units of ``negation_scope_terms``: for Korean with
    ``scope.predicate``, the verb roots of its words too ("v:보" for 봤다, 보고, 본)."""
    scope = lex.negation.scope
    norm, _ = normalize(text)
    if scope.unit == "words":
        return frozenset(_words(norm, scope))
    terms = _char_terms(norm, scope)
    if scope.predicate:
        terms.update(_root_terms(norm, scope))
    return frozenset(terms)


# --- the negated predicate ------------------------------------------------------------------


def predicate_keys(norm: str, spans: list[tuple[int, int]], lex: LanguageLexicon) -> frozenset[str]:
    """The predicate each marker negates, one key per marker (see ``negation_scope_terms``). A
    marker whose predicate cannot be read contributes the terms around it instead (Korean) or
    nothing (English: "No." has none; the check then cannot rule a flip out)."""
    scope = lex.negation.scope
    keys: set[str] = set()
    for start, end in spans:
        if scope.unit == "words":
            keys.update(_english_keys(norm, start, end, scope))
            continue
        key, raised, argument = _korean_key(norm, start, end, scope)
        if key:
            keys.add(key)
        if argument:
            keys.add(argument)
        if not raised and "+" not in key:
            # the terms around the marker too, unless its predicate was read through neg-raising
            # or it negates inside a relative clause (its key holds the noun it modifies)
            keys |= scope_terms(norm, [(start, end)], lex)
    return frozenset(keys)


_STEMMED: dict[tuple[int, str], frozenset[str]] = {}


def _stemmed(scope: NegationScope, name: str) -> frozenset[str]:
    """``scope.<name>`` (chain, raising) stemmed as the words compared with it are."""
    key = (id(scope), name)
    hit = _STEMMED.get(key)
    if hit is None:
        words = getattr(scope, name)
        hit = frozenset(_stem(w, scope.stemmer) if scope.stemmer else w for w in words)
        _STEMMED[key] = hit
    return hit


def _english_keys(norm: str, start: int, end: int, scope: NegationScope) -> list[str]:
    """The predicate after an English marker: the first content word of its clause, past
    adverbs and negative polarity items; a verb of ``scope.chain`` takes its complement along
    ("want+stay"), a neg-raising verb is read through ("don't think it is open": open). A
    lexical negation with nothing after it ("stopped in 1987") is keyed by its own word, which
    an affirmative other side cannot say."""
    sets = scope.sets
    right = _CLAUSE_END.split(norm[end:])[0]
    keys: list[str] = []
    chain: list[str] = []
    words = _WORD.findall(right.lower())
    for i, raw in enumerate(words):
        if len(keys) >= scope.after:
            break
        if raw in scope.stopword_set or raw in sets["skip"] or raw.isdigit():
            continue
        if raw.endswith("ly") and len(raw) > 4 and not keys and not chain:
            continue  # an adverb before the predicate: "did not actually", "not really"
        word = scope.lemmas.get(raw, raw)
        stem = _stem(word, scope.stemmer) if scope.stemmer else word
        if stem in _stemmed(scope, "raising"):
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        if stem in _stemmed(scope, "chain") and len(chain) < 2 and following == "to":
            chain.append(stem)  # "want to stay": want+stay (not "need any help")
            continue
        keys.append("+".join([*chain, stem]))
        chain = []
    if chain:
        keys.append("+".join(chain))
    if not keys:
        own = [w for w in _WORD.findall(norm[start:end].lower()) if w not in sets["skip"]]
        if own:  # a lexical negation with nothing after it ("stopped in 1987"): its own word
            keys.extend(_words(own[0], scope)[:1])
        else:  # a negative pronoun as the object ("teaches you nothing"): the verb before it
            before = _words(_CLAUSE_END.split(norm[:start])[-1], scope)
            keys.extend(before[-1:])
    return keys


# Hangul syllables: (initial, medial, final) = divmod arithmetic on U+AC00 + (L*21 + V)*28 + T
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_FINAL_ENDINGS = frozenset((4, 8, 16, 17, 20))  # ㄴ ㄹ ㅁ ㅂ ㅆ: an ending fused into the syllable
# a fused vowel back to the stem's (보+아 -> 봐 -> 보; 주+어 -> 줘; 이+어 -> 여; 되+어 -> 돼)
_UNFUSED = {9: (8,), 14: (13,), 6: (20,), 10: (11,), 4: (18, 4), 0: (0,), 1: (1,), 5: (5,)}
_H = 18  # ㅎ: 해 / 했 is 하 + 여


def _syllable(ch: str) -> tuple[int, int, int] | None:
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return None
    lv, final = divmod(code, 28)
    return lv // 21, lv % 21, final


def _compose(initial: int, medial: int, final: int = 0) -> str:
    return chr(0xAC00 + (initial * 21 + medial) * 28 + final)


@functools.lru_cache(maxsize=4096)
def _unfused(ch: str) -> tuple[str, ...]:
    """The stem-final syllables a syllable may be fused from (봤 -> 보, 해 -> 하, 가 -> 가)."""
    parts = _syllable(ch)
    if parts is None or parts[2] not in (0, 20):
        return ()
    initial, medial, _ = parts
    if initial == _H and medial == 1:
        return (_compose(_H, 0),)
    return tuple(_compose(initial, m) for m in _UNFUSED.get(medial, ()))


@functools.lru_cache(maxsize=4096)
def _cuts(ch: str) -> tuple[str, ...]:
    """The stem-final syllables a syllable may stand for with its ending fused in: without an
    ending consonant (간 -> 가) or unfused (봤 -> 보)."""
    parts = _syllable(ch)
    found = []
    if parts is not None and parts[2] in _FINAL_ENDINGS:
        found.append(_compose(parts[0], parts[1]))
    found.extend(u for u in _unfused(ch) if u != ch)
    return tuple(dict.fromkeys(found))


def _roots(word: str, sets: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """Possible verb roots of one Korean word, longest last: 봤다 -> 보; 잃어버린 -> 잃,
    잃어버리; 좋아요 -> 좋; 부서졌다 -> 부서지. A root ends where a verb ending begins (a
    syllable of ``scope.endings``), in a final consonant that is an ending (간, 갈, 갔), or in
    a fused vowel (봐, 줘). A predicate noun (공유하다) is no root: its bigrams are its terms."""
    return _roots_cached(word, sets["endings"], sets["light"])


@functools.lru_cache(maxsize=65536)
def _roots_cached(word: str, endings: frozenset[str], light: frozenset[str]) -> tuple[str, ...]:
    found: list[str] = []
    for k in range(1, min(len(word), _LONGEST_ROOT) + 1):
        head, ch, rest = word[: k - 1], word[k - 1], word[k:]
        follows = not rest or rest[0] in endings
        if not follows:
            continue
        if rest:
            found.append(head + ch)
        found.extend(head + cut for cut in _cuts(ch))
    roots = []
    for root in dict.fromkeys(found):
        rest = word[len(root) :]
        if len(root) == 1 and rest[:1] in _PARTICLE_LIKE:
            continue  # 나는, 그가, 저도: a pronoun and its particle, no verb
        if len(root) > 2 and root[-1] in light:
            continue  # a predicate noun (공유하): its bigrams are its terms
        roots.append(root)
    return tuple(roots)


_LONGEST_ROOT = 5  # syllables: 받아들이, 가르치 (longer words are nouns with particles)
_PARTICLE_LIKE = frozenset("는가도를의")


# syllables after which a root surely ends (먹+었다, 좋+아요, 보+고): the first such cut wins
_CLEAR_ENDINGS = frozenset("았었였겠고지기게면며아어여")


def _main_root(word: str, sets: dict[str, frozenset[str]]) -> str:
    """The root of one verb word: cut before its first clear ending (먹었다 -> 먹), else the
    longest root (부서졌다 -> 부서지), else the word."""
    roots = _roots(word, sets)
    for root in roots:
        rest = word[len(root) :]
        if rest[:1] in _CLEAR_ENDINGS and len(rest) > 0:
            return root
    return roots[-1] if roots else word


def _root_terms(norm: str, scope: NegationScope) -> set[str]:
    """The verb roots of a text's words, as "v:" terms."""
    sets = scope.sets
    return {
        f"v:{root}"
        for word in _HANGUL.findall(norm)
        if len(word) == 1 or word[-1] not in _NOUN_FINAL
        for root in _roots(word, sets)
    }


# particles that end a noun and never a verb form: a word ending in one has no verb root
_NOUN_FINAL = frozenset("를의에로와과")


def _noun(word: str, scope: NegationScope) -> str:
    """A Korean word without its particle (직장이 -> 직장, 사람은 -> 사람)."""
    for particle in scope.particle_order:
        if word.endswith(particle) and len(word) > len(particle):
            return word[: -len(particle)]
    return word


def _noun_key(noun: str) -> str:
    """A noun as a key: its bigrams, all of which the other side must have."""
    return "+".join(noun[i : i + 2] for i in range(len(noun) - 1))


def _adnominal_root(word: str) -> str:
    """The root of an adnominal verb (잃어버린 -> 잃어버리, 할 -> 하, 먹은 -> 먹, 가본 -> 가보)."""
    if len(word) > 1 and word[-1] in ("은", "는", "을", "던"):
        return word[:-1]
    parts = _syllable(word[-1]) if word else None
    if parts is not None and parts[2] in (4, 8):
        return word[:-1] + _compose(parts[0], parts[1])
    return word


def _without_aux(root: str, sets: dict[str, frozenset[str]]) -> str:
    """A root with an auxiliary inside it, without it (잃어버리 -> 잃, 가보 -> 가, 가르쳐주 ->
    가르치); "" when it has none."""
    for aux in sets["chain"]:
        if len(root) > len(aux) and root.endswith(aux):
            inner = root[: -len(aux)]
            parts = _syllable(inner[-1])
            if inner[-1] in "아어여" and len(inner) > 1:
                return inner[:-1]
            if parts is not None and parts[2] in (0, 20) and parts[1] in (9, 14, 6, 10):
                return inner[:-1] + _unfused(inner[-1])[0]
            if parts is not None and parts[2] == 0 and parts[1] in (0, 4):
                return inner  # 가보 -> 가 (가 + 아)
    return ""


def _main_verb(prev: str) -> str:
    """The main verb's root in the word before an auxiliary (가고 -> 가, 남아 -> 남, 가봐 ->
    가보), or ""."""
    parts = _syllable(prev[-1]) if prev else None
    if len(prev) > 1 and prev[-1] in "고게지아어여":
        return prev[:-1]
    fused = parts is not None and (parts[1] in (9, 14, 6, 10) or parts[:2] == (_H, 1))
    if parts is not None and parts[2] in (0, 20) and fused:
        return prev[:-1] + _unfused(prev[-1])[0]
    return ""


def _thought(before: list[str], scope: NegationScope, depth: int) -> str:
    """What a neg-raising verb's quotative complement says (실수라고 -> 실수; 온다고 -> v:오),
    or ""."""
    said = before[-1][:-1] if before[-1].endswith("고") else ""
    for ending in ("이라", "라", "다"):
        if said.endswith(ending) and len(said) > len(ending):
            inner = said[: -len(ending)]
            if ending == "다":
                return _predicate(inner, before[:-1], scope, depth + 1)[0]
            return _noun_key(inner) if len(inner) > 1 else f"v:{inner}"
    return ""


def _predicate(
    root: str, before: list[str], scope: NegationScope, depth: int = 0
) -> tuple[str, bool]:
    """The key of a Korean verb root, and whether it was read through a neg-raising verb: a
    predicate noun's bigrams (공유하 -> 공유), an auxiliary read through to its main verb (가고
    싶 -> 가; 남아 있 -> 남; 잃어버리 -> 잃), a light verb alone to its object noun (기억이 안 나
    -> 기억), what is thought (실수라고 생각하지 않는다 -> 실수), else the root ("v:보")."""
    sets = scope.sets
    inner = _without_aux(root, sets) if depth < 3 else ""
    if inner:
        return _predicate(inner, before, scope, depth + 1)
    noun = root[:-1] if len(root) > 2 and root[-1] in sets["light"] else ""
    if (noun or root) in sets["raising"] and before and depth < 3:
        thought = _thought(before, scope, depth)
        if thought:
            return thought, True
    if noun:
        return _noun_key(noun), False
    if root in sets["chain"] and before and depth < 3:
        inner = _main_verb(before[-1])
        if inner:
            return _predicate(inner, before[:-1], scope, depth + 1)
    if root in sets["light"] and before:
        noun = _noun(before[-1], scope)
        if len(noun) > 1 and noun not in sets["skip"]:
            return _noun_key(noun), False
    return f"v:{root}", False


def _noun_predicate(
    marker: str, head: str, before: list[str], scope: NegationScope
) -> tuple[str, bool, list[str]]:
    """The key of 없다 / 아니다 or a lexical negation: the noun before it, past particles and
    negative polarity items; after a bound noun the adnominal verb before it (할 수 없다), with
    the words before that verb (where its argument is: 오두막에 가본 적이 없다)."""
    sets = scope.sets
    if head:
        word, rest = head, before
        noun = _noun(head, scope) if marker[0] in "없아" else head
    elif before:
        word, rest = before[-1], before[:-1]
        noun = _noun(word, scope)
    else:
        return "", False, []
    while (noun in sets["skip"] or word in sets["skip"]) and rest:
        word, rest = rest[-1], rest[:-1]
        noun = _noun(word, scope)
    if noun in sets["bound"] and rest:
        return (*_predicate(_adnominal_root(rest[-1]), rest[:-1], scope), rest[:-1])
    if len(noun) > 1 and noun not in sets["skip"] and _HANGUL.fullmatch(noun):
        return _noun_key(noun), False, []
    return "", False, []


def _korean_key(norm: str, start: int, end: int, scope: NegationScope) -> tuple[str, bool, str]:
    """The predicate a Korean marker negates (see ``_predicate``), whether it was read through
    neg-raising, and the key of the verb's argument (the noun of the word before it: 호텔에
    머물지 않았다 -> 호텔) or "". The predicate: the verb before -지 않다 / -지 못하다, the noun
    before 없다 / 아니다 or a lexical negation (``_noun_predicate``), the verb after 안 / 못. In a
    relative clause (익숙하지 않은 사람) the head noun joins the key."""
    sets = scope.sets
    left = _CLAUSE_END.split(norm[:start])[-1]
    right = _CLAUSE_END.split(norm[end:])[0]
    marker = norm[start:end]
    before = left.split()
    head = ""
    if before and not left.endswith((" ", "\t")):
        head = before.pop()  # the marker is inside a word: 상관없다, 지원중단
    key, raised, rest = "", False, []
    verb = head or (before[-1] if before else "")
    if marker[0] in "않못" and "지" in verb[-3:] and verb.rindex("지") > 0:
        rest = before if head else before[:-1]
        key, raised = _predicate(verb[: verb.rindex("지")], rest, scope)
    elif marker[0] in "안못" and not head:
        after = right.split()
        word = _HANGUL.match(after[0]) if after else None
        rest = before
        if word:
            key, raised = _predicate(_main_root(word.group(), sets), before, scope)
    else:
        key, raised, rest = _noun_predicate(marker, head, before, scope)
    relative = _RELATIVE.match(norm[end:])
    if key and relative:
        noun = _noun(relative.group(1), scope)
        if len(noun) > 1 and noun not in sets["bound"] and noun not in sets["skip"]:
            return f"{key}+{_noun_key(noun)}", raised, ""
    argument = ""
    if key and not raised:
        nouns = [_noun(w, scope) for w in rest if _noun(w, scope) not in sets["skip"]]
        noun = nouns[-1] if nouns else ""
        if len(noun) > 1 and noun not in sets["bound"] and _HANGUL.fullmatch(noun):
            argument = _noun_key(noun)
    return key, raised, argument


# the marker's adnominal ending and the noun it modifies: 않은 사람, 없는 마을
_RELATIVE = re.compile(r"(?:은|는|을|던)\s+([\uac00-\ud7a3]+)")
