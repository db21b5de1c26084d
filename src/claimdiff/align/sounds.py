"""Names that sound alike across scripts: one story key for "Talvery", タルベリー and 탈베리.

:func:`claimdiff.align.words.name_keys` gives a name one key per spelling; its folding joins
spellings that differ by a long vowel or l/r, but a name nobody has a lexicon entry for is
romanised differently by each script in ways it cannot absorb: the English spelling's silent
r and e and its vowels (Quenmore / ku-en-mo-a / kwen-mo-eo), Korean's plain stops for Japanese
k/t (Morisaki Kogyo / 모리사키공업 ... gong-eop), f / h / p (Fujimura / 후지무라 hu-ji-mu-ra), and
Hangul compounds written without a space (탈베리다이내믹스 for two English words).

So every name candidate leaves a *carrier* key (``"s:<script>:<surface>"``) beside its
ordinary keys, and the window resolves them (:func:`bridge`): each katakana, Hangul or kanji
carrier whose :func:`skeleton` (consonant classes, vowels dropped) equals that of a Latin
name of the window (one word or a run of two or three capitalised words), or for Hangul of a
katakana name, and whose vowels are alike enough, is one word with that name: its key and the
name's are one concept (:func:`claimdiff.align.stories.concepts`), one piece of evidence
weighed by its IDF over the window like any name; a Hangul compound's key gives way to the
name's and the rest's. Two English articles share exactly what they shared before; a Hangul
word that is also a kanji word's reading (생산, 生産) is an ordinary word and is never
bridged, and no name joins a group of homophone kanji words. Lookups go through a skeleton
index, one per candidate, and a skeleton that more than :data:`CROWDED` distinct names of the
window share is too common a sound to tell names apart: the work is linear in the window's
carriers.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache

from claimdiff.align.words import (
    align_words,
    fold,
    kanji_keys,
    romanize_hangul,
    romanize_katakana,
    strip_particle,
)

PREFIX = "s:"
# a skeleton shared by more distinct names than this is a common sound, not a name's
CROWDED = 8
# how alike (difflib ratio of their sounds, vowels included) a candidate and a name of the
# same skeleton must be: on synthetic names (benchmarks/scale.py) 0.7 let distinct names with
# one vowel apart join (story purity 0.997 -> 0.988 at 1,000 articles), 0.8 does not (0.994);
# kanji readings are pykakasi's guesses and need more
_LIKENESS = {"name": 0.8, "kanji": 0.85}

_LATIN_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*|[A-Z]{4,}")
_LATIN_RUN = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}(?:・[\u30a1-\u30fa\u30fc]{2,})*")
_HANGUL = re.compile(r"[\uac00-\ud7a3]{2,}")
_KANJI = re.compile(r"[\u4e00-\u9fff]{3,4}")


@lru_cache(maxsize=200_000)
def sound(romanised: str, silent_r: bool = False) -> str:
    """A romanised name as the scripts can tell it apart: consonants in classes (k/g, t/d,
    s/z/j/ch/sh/ts, p/b/f/v/h, l/r), the vowels a, e, i, o, but not u (the vowel Japanese and
    Korean add after a consonant: ロボティクス ro-bo-ti-ku-su, 로보틱스 ro-bo-tik-seu), nor
    the semivowels, repeats collapsed: "Talvery" gives "tarper", taruberii and talberi
    "tarperi" (one :func:`skeleton`).
    ``silent_r``: an English spelling borrowed without its r before a consonant or at the end
    (Harvel -> ha-be-ru), and without an h after a vowel (John -> jon)."""
    text = romanised.lower()
    for pattern, replacement in _DIGRAPHS:
        text = pattern.sub(replacement, text)
    if silent_r:
        text = re.sub(r"(?<=[^aeiouy])e$", "", text)  # and its final e (Quenmore)
        text = re.sub(r"r(?![aeiouy])", "", text)
        text = re.sub(r"(?<=[aeiouy])h(?![aeiouy])", "", text)
    out: list[str] = []
    for ch in text:
        cls = _CLASS.get(ch, ch if ch in "aeio" else "")
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


def skeleton(loose: str) -> str:
    """The consonant classes of a :func:`sound`, vowels dropped ("tarper" -> "trpr")."""
    return "".join(ch for ch in loose if ch not in "aeio")


_DIGRAPHS = [
    (re.compile(p), r)
    for p, r in [
        ("ph", "f"),
        ("th", "s"),  # Smith スミス 스미스
        ("tch|sh|ch|ts", "s"),
        ("ck|qu?", "k"),
        ("x", "ks"),
        ("c(?=[eiy])", "s"),
        ("c", "k"),
        ("eu", ""),  # Korean 으, the vowel it adds after a consonant (스 seu)
        ("eo", "o"),  # Korean 어, the vowel of English "son", "Bonner"
        ("ng(?![aeiouy])", "n"),  # Korean final ㅇ (농 nong), Japanese ン
    ]
]
_CLASS = {
    **dict.fromkeys("kg", "k"),
    **dict.fromkeys("td", "t"),
    **dict.fromkeys("szj", "s"),
    **dict.fromkeys("pbfvh", "p"),
    "n": "n",
    "m": "m",
    **dict.fromkeys("lr", "r"),
}


def carriers(text: str, lang: str, aliases: Mapping[str, str]) -> set[str]:
    """The carrier keys of one text: Latin capitalised words and runs of two or three of them
    in any language, katakana words (with their ・-joined runs) and kanji words of three or
    four characters in Japanese, Hangul words in Korean. Lexicon names (``aliases``) already
    have one key in every script and leave none."""
    out: set[str] = set()
    stop = _stopwords()
    for match in _LATIN_WORD.finditer(text):
        if match.group() not in aliases and match.group().lower() not in stop:
            out.add(f"{PREFIX}L:{match.group()}")
    for match in _LATIN_RUN.finditer(text):
        out.add(f"{PREFIX}L:{match.group()}")
    if lang == "ja":
        for match in _KATAKANA.finditer(text):
            run = match.group()
            out.update(f"{PREFIX}J:{w}" for w in run.split("・") if w not in aliases)
            if "・" in run:
                out.add(f"{PREFIX}J:{run}")
        for match in _KANJI.finditer(text):
            if match.group() not in aliases:
                out.add(f"{PREFIX}K:{match.group()}")
    elif lang == "ko":
        for match in _HANGUL.finditer(text):
            word = match.group()
            if word not in aliases and strip_particle(word) not in aliases:
                out.add(f"{PREFIX}H:{word}")
    return out


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(align_words().stopwords.get("en", []))


@dataclass(frozen=True)
class _Name:
    """A name of the window as a bridge target: how it sounds and its keys."""

    sound: str
    keys: tuple[str, ...]


@lru_cache(maxsize=200_000)
def _latin(surface: str) -> list[_Name]:
    # with and without the r before a consonant: Korean often keeps it (코르델 for
    # Cordel), Japanese mostly drops it (コーデル)
    words = surface.split(" ")
    keys = tuple(f"n:{fold(w)}" for w in words)
    joined = "".join(words)
    return [_Name(sound(joined, silent_r), keys) for silent_r in (False, True)]


@cache
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()


@lru_cache(maxsize=200_000)
def _kana(word: str) -> str:
    """A katakana word's sound; a final small tsu is the stop of a Korean or English final
    consonant (ソルビッ for 솔빛, solbit), not the syllable "tsu"."""
    stop = word.endswith("ッ") and len(word) > 2
    romanised = "".join(p["hepburn"] for p in _kakasi().convert(word[:-1] if stop else word))
    return sound(romanised + ("t" if stop else ""))


@lru_cache(maxsize=200_000)
def _katakana(surface: str) -> _Name:
    words = surface.split("・")
    keys = tuple(f"n:{romanize_katakana(w)}" for w in words)
    return _Name(sound("".join(_kana(w) for w in words)), keys)


@lru_cache(maxsize=20_000)
def _syllable(syllable: str) -> str:
    from korean_romanizer.romanizer import Romanizer

    try:
        return Romanizer(syllable).romanize()
    except KeyError:  # a final cluster it has no letters for (ㅀ of 싫): no sound, no match
        return "?"


def _hangul(word: str) -> str:
    # syllable by syllable: each syllable is romanised once per process, and a prefix of a
    # compound is then free; the sound changes across syllables do not move a consonant class
    return sound("".join(_syllable(s) for s in word))


@dataclass
class Bridges:
    """What :func:`bridge` did: carriers resolved (carrier -> (its own keys, the name's keys,
    in order)), and the lookups and comparisons made (one lookup per candidate spelling, at
    most :data:`CROWDED` comparisons each: the work is linear in the window's carriers)."""

    bridged: int = 0
    lookups: int = 0
    compared: int = 0
    renames: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)


class _Index:
    """Names by skeleton; a skeleton of more than :data:`CROWDED` distinct names is dropped."""

    def __init__(self, names: list[_Name]) -> None:
        by: dict[str, set[_Name]] = defaultdict(set)
        for name in names:
            skel = skeleton(name.sound)
            if len(skel) >= 2:
                by[skel].add(name)
        self._by = {
            skel: sorted(found, key=lambda n: (n.sound, n.keys))
            for skel, found in by.items()
            if len(found) <= CROWDED
        }

    def best(self, loose: str, need: float, stats: Bridges) -> _Name | None:
        skel = skeleton(loose)
        found = self._by.get(skel)
        stats.lookups += 1
        if not found:
            return None
        stats.compared += len(found)
        # the first of the best in sorted order: the same window always picks the same name
        score, name = max(
            ((SequenceMatcher(None, loose, n.sound).ratio(), n) for n in found),
            key=lambda scored: scored[0],
        )
        return name if score >= need else None


def bridge(
    keys: Mapping[str, set[str]], df_max: int
) -> tuple[dict[str, set[str]], list[tuple[str, str]], Bridges]:
    """Each article's keys without its carriers, and the keys that are one name.

    Returns (keys, same, stats). A word bridged to one name is one piece of evidence with it:
    ``same`` pairs its key with the name's, for :func:`claimdiff.align.stories.concepts` to
    merge over the whole window (every article with the word, whatever carrier it came from).
    A Hangul compound bridged to a name and a word (or a katakana run to a run of Latin words
    of another length) has its key replaced by theirs in every article of the window. A
    carrier in ``df_max`` articles or more is a common word and resolves to nothing."""
    df = Counter(k for found in keys.values() for k in found if k.startswith(PREFIX))
    # a target is a name some article holds as one (not "Officials" opening a sentence)
    held = Counter(k for found in keys.values() for k in found if k.startswith("n:"))
    latin = _Index(
        [
            name
            for k in df
            if k[2] == "L"
            for name in _latin(k[4:])
            if all(k in held for k in name.keys)
        ]
    )
    katakana = _Index([_katakana(k[4:]) for k in df if k[2] == "J"])
    # a word whose key is also the reading of a kanji word of the window is that word (생산,
    # 生産), an ordinary word as often as not: bridged, it would make a name one with it
    readings = {
        r for found in keys.values() for k in found if k[:2] == "k:" for r in kanji_keys(k[2:])
    }
    stats = Bridges()
    same: set[tuple[str, str]] = set()
    replace: dict[str, set[str]] = {}
    for key, n in sorted(df.items()):
        if n >= df_max or key[2] == "L":
            continue
        found = _resolve(key[2], key[4:], latin, katakana, stats)
        if found is None or not readings.isdisjoint(found[0]):
            continue
        if n > min((held[k] for k in found[1] if k in held), default=0):
            # in more articles than the name: a word that sounds like it, as a rare name
            # (one story's) is spelled about as often in each script
            continue
        stats.renames[key] = found
        own, target = found
        if len(own) == len(target):
            same.update((a, b) for a, b in zip(own, target, strict=True) if a != b)
        elif len(own) == 1:
            replace.setdefault(own[0], set()).update(target)
    stats.bridged = len(stats.renames)
    out: dict[str, set[str]] = {}
    for article_id, found in keys.items():
        plain = {k for k in found if not k.startswith(PREFIX)}
        if replace and not plain.isdisjoint(replace):
            plain = {t for k in plain for t in replace.get(k, (k,))}
        out[article_id] = plain
    return out, sorted(same), stats


def _resolve(
    script: str, surface: str, latin: _Index, katakana: _Index, stats: Bridges
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(its own keys, the keys of the name it sounds like) of one carrier, or None."""
    if script == "J":
        name = _katakana(surface)
        target = latin.best(name.sound, _LIKENESS["name"], stats)
        return None if target is None else (name.keys, target.keys)
    if script == "K":
        # a place or company with its suffix (市, 県, 工業): the reading of the rest
        stem = surface[:-1]
        reading = "".join(p["hepburn"] for p in _kakasi().convert(stem)) if len(stem) >= 2 else ""
        target = latin.best(sound(reading), _LIKENESS["kanji"], stats) if reading else None
        if target is None or len(target.keys) > 1:
            return None
        return ("k:" + surface,), target.keys
    stem = strip_particle(surface)
    own = _own_key(stem)
    if own is None:
        return None
    # the stem: a particle with a consonant (는, 을, 과) would add one to the name
    keys = _hangul_target(stem, latin, katakana, stats)
    if keys is not None:
        return (own,), keys
    # a compound: a name and what follows it (모리사키공업, 푸른솔농협): the longest prefix that
    # sounds like a name, and the rest as a word of its own
    for cut in range(len(stem) - 1, 1, -1):
        keys = _hangul_target(stem[:cut], latin, katakana, stats)
        if keys is not None:
            rest = _own_key(stem[cut:]) if len(stem) - cut >= 2 else None
            return (own,), keys + ((rest,) if rest else ())
    return None


def _own_key(word: str) -> str | None:
    """A Hangul word's key as :func:`claimdiff.align.words.name_keys` makes it."""
    try:
        return "n:" + romanize_hangul(word)
    except KeyError:  # korean-romanizer has no letters for some final clusters
        return None


def _hangul_target(
    word: str, latin: _Index, katakana: _Index, stats: Bridges
) -> tuple[str, ...] | None:
    loose = _hangul(word)
    for index in (latin, katakana):
        target = index.best(loose, _LIKENESS["name"], stats)
        if target is not None:
            return target.keys
    return None
