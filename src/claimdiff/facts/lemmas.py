"""Lexicon lemmas: one dictionary form in a YAML list matches every inflected form.

A reviewer writes ``shelve``, ``見合わせる`` or ``중단하다`` once; the pattern built here matches
shelved / shelves / shelving, 見合わせた / 見合わせない / 見合わせ, 중단했다 / 중단한다 / 중단하기로.
Hand-written because the inflection needed is narrow and regular (English suffixes with a
small irregular table, the Japanese verb stem, the Korean noun of X하다 or the stem of a
verb) and a morphological analyser would cost the facts stage its speed (benchmarks/morphology.py).
"""

from __future__ import annotations

import re

# English irregular forms of verbs that lexicons use (the rest inflect regularly)
_EN_IRREGULAR = {
    "withdraw": ("withdrew", "withdrawn"),
    "undo": ("undid", "undone"),
    "forgo": ("forwent", "forgone"),
    "forego": ("forewent", "foregone"),
    "freeze": ("froze", "frozen"),
    "break": ("broke", "broken"),
    "drive": ("drove", "driven"),
    "take": ("took", "taken"),
    "give": ("gave", "given"),
    "leave": ("left",),
    "strike": ("struck",),
    "sell": ("sold",),
    "hold": ("held",),
    "set": ("set",),
    "put": ("put",),
    "shut": ("shut",),
    "quit": ("quit",),
    "cut": ("cut",),
    "sign": ("signed",),
    "begin": ("began", "begun"),
    "seek": ("sought",),
    "strive": ("strove", "striven"),
    "draw up": ("drew up", "drawn up"),
    "lay out": ("laid out",),
}
_VOWELS = "aeiou"
# determiners before an English participle that modifies a noun ("the cancelled flights")
_EN_DETERMINERS = ("the", "a", "an", "its", "their", "his", "her", "our", "two", "three", "some")
_EN_ATTRIBUTIVE = "".join(rf"(?<!\b{d} )" for d in _EN_DETERMINERS)
# Japanese verb endings (u-row kana) that a stem drops: 見合わせる -> 見合わせ, 見送る -> 見送
_JA_VERB_END = "うくぐすつぬぶむる"


def english_forms(verb: str) -> list[str]:
    """A verb's forms: base, -s, -ed, -ing (with the usual spelling rules) and irregulars."""
    forms = {verb, *_EN_IRREGULAR.get(verb, ())}
    if verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif re.search(r"(?:s|x|z|ch|sh)$", verb):
        forms |= {verb + "es", verb + "ed", verb + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
        if re.search(rf"[^{_VOWELS}][{_VOWELS}][bdgklmnprt]$", verb) and len(verb) <= 6:
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}  # scrap -> scrapped
    return sorted(forms, key=len, reverse=True)


def _english_forms_pattern(lemma: str) -> str:
    head, _, rest = lemma.partition(" ")
    forms = "|".join(re.escape(f) for f in english_forms(head))
    # a phrasal verb may take its object inside: "ruled it out", "ruled the plan out"
    words = r"\s+".join(re.escape(w) for w in rest.split())
    tail = rf"(?:\s+[\w'-]+){{0,2}}?\s+{words}" if rest else ""
    return rf"(?:{forms}){tail}"


def lemma_alternation(lemmas: list[str], lang: str) -> str:
    """One pattern for the inflected forms of several lemmas. English ones share the guard
    against participles before their noun: tried once at each word start, not once per lemma
    at every character (which made the negation pattern cost ~1.8 ms a statement)."""
    if lang != "en":
        return "|".join(f"(?:{lemma_pattern(lemma, lang)})" for lemma in lemmas)
    # grouped by first letter behind a look-ahead, so that a word tries only the lemmas that
    # start as it does (longest first within a letter, as the alternation is first-match)
    by_letter: dict[str, list[str]] = {}
    for lemma in lemmas:
        by_letter.setdefault(lemma[0].lower(), []).append(_english_forms_pattern(lemma))
    groups = "|".join(
        rf"(?={re.escape(letter)})(?:{'|'.join(sorted(bodies, key=len, reverse=True))})"
        for letter, bodies in sorted(by_letter.items())
    )
    return rf"\b{_EN_ATTRIBUTIVE}(?:{groups})\b"


def lemma_pattern(lemma: str, lang: str) -> str:
    """A regular expression matching the inflected forms of ``lemma`` in ``lang``."""
    if lang == "en":
        # not a participle before its noun: "the scrapped plan", "three abandoned wives"
        return rf"{_EN_ATTRIBUTIVE}\b{_english_forms_pattern(lemma)}\b"
    if lang == "ja":
        if lemma.endswith("する"):
            return re.escape(lemma[:-2])  # 撤回する -> 撤回 (撤回した, 撤回を決めた)
        if lemma[-1] in _JA_VERB_END and len(lemma) > 1:
            return re.escape(lemma[:-1])  # 見合わせる -> 見合わせ(た|ない|る)
        return re.escape(lemma)
    if lang == "ko":
        for suffix in ("하다", "되다", "시키다"):
            if lemma.endswith(suffix) and len(lemma) > len(suffix):
                # 중단하다 -> 중단(했다, 한다, 하기로, 생산 중단을); the noun carries a verb
                # ending, or starts a word and is not a predicate noun (X이다) or a possessor:
                # 부인하다 (deny) is not the 부인 (wife) of 남부인이다 or 공무원의 부인이다
                noun = re.escape(lemma[: -len(suffix)])
                # the noun first, the look-behind after it: tried only where the noun is
                return (
                    rf"{noun}(?:(?=[하한할함합해했되된될됨됐시])"
                    rf"|(?<![가-힣]{noun})(?!이(?:다|었|며|고|라)|인(?![가-힣])|의))"
                )
        return _korean_stem(lemma[:-1] if lemma.endswith("다") else lemma)
    raise ValueError(f"no lemma rules for language {lang!r}")


# Korean stems ending in a vowel fuse with -어/-아 (and the past -었/-았): 멈추 -> 멈춰, 멈췄다;
# 그만두 -> 그만뒀다; 되 -> 됐다. Medial vowel indices of Hangul syllables (U+AC00 + (L*21+V)*28+T).
_FUSED_VOWEL = {8: 9, 13: 14, 20: 6, 18: 4, 11: 10, 0: 0, 4: 4, 1: 1, 5: 5, 6: 6}
_FINAL_SS = 20  # ㅆ


def _korean_stem(stem: str) -> str:
    """A Korean verb stem with its fused forms: 멈추 -> 멈(?:추|춰|췄)."""
    code = ord(stem[-1]) - 0xAC00 if stem else -1
    if not 0 <= code < 11172 or code % 28 != 0 or (code // 28) % 21 not in _FUSED_VOWEL:
        return re.escape(stem)
    initial, vowel = divmod(code // 28, 21)
    fused = 0xAC00 + (initial * 21 + _FUSED_VOWEL[vowel]) * 28
    forms = dict.fromkeys([stem[-1], chr(fused), chr(fused + _FINAL_SS)])
    return re.escape(stem[:-1]) + "(?:" + "|".join(forms) + ")"
