"""Words of the align stage: name candidates in any script, romanised so that scripts meet.

A company that no lexicon knows is written "Helion", "ヘリオン" and "헬리온" by the three
languages' press. Romanising katakana (pykakasi) and Hangul (korean-romanizer) and folding the
sounds the scripts cannot tell apart (l/r, v/b, c/k, long vowels, doubled letters) gives all
three one key, ``"n:herion"``. The folding is hand-written because no library maps between
loanword spellings; it only has to agree with itself, not be a transcription.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path

from pydantic import Field

from claimdiff.datafiles import Strict, read_yaml_mapping, validate

DATA_FILE = Path(__file__).parent / "data" / "words.yaml"

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")
_KANJI = re.compile(r"[\u4e00-\u9fff]{2,}")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}")
_DIGIT = re.compile(r"\d")
# what follows a number is its counter or unit (195万台以上, 69,500カ所以上, 11,500대, 51,700 장을),
# not a name: the measure keys of pairing carry it; as a story key it ties every two articles
# that count the same kind of thing
_AFTER_NUMBER = re.compile(r"[0-9０-９][,.]?\s?[カヵケヶ]?$")
_GLUED_NUMBER = re.compile(r"[,.]\d")
_OPENERS = frozenset('.!?"“‘(「『')
_CONSONANT = "bcdfghjklmnpqrstvwxz"
_FOLD = [
    # vowels the scripts add between and after consonants: Korean "eu" (테슬라 teseulla),
    # Japanese "u" (インテル interu); dropped everywhere, so Latin spellings fold alike
    (re.compile(rf"(?<=[{_CONSONANT}])eu(?=[{_CONSONANT}]|$)"), ""),
    (re.compile(rf"(?<=[{_CONSONANT}])u(?=[{_CONSONANT}]|$)"), ""),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ts"), "s"),  # ミツビシ mitsubishi, 미쓰비시 misseubisi
    (re.compile(r"ae"), "e"),  # 새만금 saemangeum, セマングム semangumu
    (re.compile(r"sh"), "s"),
    (re.compile(r"[cq]"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"l"), "r"),
    (re.compile(r"v"), "b"),
    (re.compile(r"w"), "u"),
    (re.compile(r"(.)\1+"), r"\1"),
]


class AlignWords(Strict):
    """The align stage's language data (``align/data/words.yaml``)."""

    particles: dict[str, list[str]] = Field(default_factory=dict)
    stopwords: dict[str, list[str]] = Field(default_factory=dict)
    generic: list[str] = Field(default_factory=list)


@cache
def align_words() -> AlignWords:
    """The bundled word lists, read once per process."""
    return validate(AlignWords, read_yaml_mapping(DATA_FILE, "align word lists"), str(DATA_FILE))


@cache
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()


@lru_cache(maxsize=200_000)
def fold(latin: str) -> str:
    """The spelling-independent form of a romanised or Latin name ("Helion" -> "herion")."""
    text = unicodedata.normalize("NFKD", latin.lower())
    text = "".join(ch for ch in text if "a" <= ch <= "z" or ch.isdigit())
    for pattern, replacement in _FOLD:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=200_000)
def romanize_katakana(word: str) -> str:
    """Hepburn romanisation of a katakana word (pykakasi), folded."""
    return fold("".join(part["hepburn"] for part in _kakasi().convert(word)))


@lru_cache(maxsize=200_000)
def kanji_keys(word: str) -> frozenset[str]:
    """Keys of a kanji word beyond its own form: its Korean reading (hanja: 投資 -> 투자,
    romanised like Korean text, so a Sino-Korean word of a Korean article meets it) and the
    Japanese readings of its parts (pykakasi: 三菱重工業 -> mitsubishi, juukougyou)."""
    import hanja

    keys = {"n:" + romanize_hangul(hanja.translate(word, "substitution"))}
    for part in _kakasi().convert(word):
        if len(part["orig"]) >= 2:
            keys.add("n:" + fold(part["hepburn"]))
    return frozenset(keys)


@lru_cache(maxsize=200_000)
def romanize_hangul(word: str) -> str:
    """Revised Romanisation of a Hangul word (korean-romanizer), folded."""
    from korean_romanizer.romanizer import Romanizer

    return fold(Romanizer(word).romanize())


@cache
def _particles(lang: str) -> tuple[str, ...]:
    return tuple(sorted(align_words().particles.get(lang, []), key=len, reverse=True))


@lru_cache(maxsize=200_000)
def strip_particle(word: str, lang: str = "ko") -> str:
    """A Korean word without its case particle (헬리온은 -> 헬리온); short stems are kept whole."""
    for particle in _particles(lang):
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


@cache
def _stopwords(lang: str) -> frozenset[str]:
    return frozenset(align_words().stopwords.get(lang, []))


def name_keys(
    text: str,
    lang: str,
    aliases: Mapping[str, str] | None = None,
    initial: set[str] | None = None,
) -> set[str]:
    """Possible names in ``text`` as ``"n:<folded romanisation>"`` keys, in any script.

    Latin words (capitalised, or with digits such as model codes), katakana words, and Korean
    words without their particle; Japanese kanji words keep their own form (``"k:仁川"``).
    A word in ``aliases`` (surface -> canonical name, from the names lexicon) gives its
    canonical name instead (サムスン -> "n:samsng", like "Samsung"). Most of these are ordinary
    words: the story stage weighs every key by how few articles of the window share it, so
    only rare ones, such as names, tie articles together. With ``initial``, a capitalised Latin
    word that starts the sentence ("Analysts said", but also "Korvane said") goes there
    instead of into the result: the caller decides from the rest of the article.
    """
    aliases = aliases or {}
    keys = _latin_keys(text, aliases, initial)
    if lang == "ja":
        for word in _KATAKANA.findall(text):
            keys.add("n:" + (fold(aliases[word]) if word in aliases else romanize_katakana(word)))
        for match in _KANJI.finditer(text):
            word = match.group()
            if word in aliases:
                keys.add("n:" + fold(aliases[word]))
            elif not _after_number(text, match.start()):
                keys.add("k:" + word)
                keys.update(kanji_keys(word))
    elif lang == "ko":
        for match in _HANGUL_WORD.finditer(text):
            word = match.group()
            stem = strip_particle(word)
            if stem not in aliases and _after_number(text, match.start()):
                continue
            canonical = aliases.get(stem)
            keys.add("n:" + (fold(canonical) if canonical else romanize_hangul(stem)))
    # two folded letters name nothing reliably (RA, GR)
    return {k for k in keys if len(k) > 4 or k[:2] == "k:"}


class NameKeys:
    """:func:`name_keys` under one alias map, each distinct (text, language) read once: a
    night repeats sentences (boilerplate, quotes, wire copy) and romanising is the cost."""

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        self._aliases = aliases or {}
        self._memo: dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]] = {}

    @property
    def aliases(self) -> Mapping[str, str]:
        """The alias map the keys are read under."""
        return self._aliases

    def split(self, text: str, lang: str) -> tuple[frozenset[str], frozenset[str]]:
        """(names, capitalised words that start a sentence): see ``initial`` of name_keys."""
        found = self._memo.get((text, lang))
        if found is None:
            starts: set[str] = set()
            names = name_keys(text, lang, self._aliases, starts)
            found = frozenset(names), frozenset(starts)
            self._memo[(text, lang)] = found
        return found

    def __call__(self, text: str, lang: str) -> frozenset[str]:
        """Every name key of the text, sentence starts included."""
        names, starts = self.split(text, lang)
        return names | {k for k in starts if len(k) > 4}


def _after_number(text: str, start: int) -> bool:
    """Whether the word at ``start`` directly follows a number (its counter or unit)."""
    return _AFTER_NUMBER.search(text, max(0, start - 4), start) is not None


def _latin_keys(text: str, aliases: Mapping[str, str], initial: set[str] | None) -> set[str]:
    keys: set[str] = set()
    stop = _stopwords("en")
    for match in _LATIN.finditer(text):
        token = match.group()
        after = text[match.end() : match.end() + 2]
        if after and (not after[0].isascii() or _GLUED_NUMBER.match(after)):
            # GPU25万枚, GPU4,000枚: the number is not part of the name
            token = token.rstrip("0123456789")
        if len(token) < 2 or token.lower() in stop:
            continue
        if token in aliases:
            keys.add("n:" + fold(aliases[token]))
        elif _DIGIT.search(token):
            keys.add("n:" + token.lower())  # a model code (HEL-22X) is spelled alike everywhere
        elif token[0].isupper():
            starts = match.start() == 0 or text[: match.start()].rstrip()[-1:] in _OPENERS
            (initial if starts and initial is not None else keys).add("n:" + fold(token))
    return keys


def fact_key(key: str) -> str:
    """A fact key as a story key: names folded like :func:`name_keys` (so "toyota" from the
    names lexicon and "Toyota" in the text are one key), numbers as they are."""
    return key if key[:1].isdigit() else "n:" + fold(key)


def alias_map(lexicons: object) -> dict[str, str]:
    """Surface form -> canonical name of every names-lexicon entry of every language
    (``lexicons``: a :class:`claimdiff.facts.Lexicons`)."""
    out: dict[str, str] = {}
    for language in getattr(lexicons, "languages", {}).values():
        for canonical, surfaces in language.names.aliases.items():
            for surface in surfaces:
                out[surface] = canonical
    return out


def _script_key(word: str) -> str:
    if _KATAKANA.fullmatch(word):
        return "n:" + romanize_katakana(word)
    if _KANJI.fullmatch(word):
        return "k:" + word
    if _HANGUL_WORD.fullmatch(word):
        return "n:" + romanize_hangul(word)
    return "n:" + fold(word)


@cache
def generic_keys() -> frozenset[str]:
    """Keys of the generic places and words of ``words.yaml``, as :func:`name_keys` makes them."""
    return frozenset(_script_key(word) for word in align_words().generic)
