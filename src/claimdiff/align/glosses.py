"""English glosses of Japanese and Sino-Korean words, from JMdict (jamdict-data's database).

Checks-only pairing has no translation, so a Japanese or Korean statement and an English one
meet only on numbers and names, and a report whose claim carries neither ("a sequel is in
production" for 続編の制作は決まっていない) never pairs. JMdict gives each common Japanese word
its English glosses (続編 -> sequel, 制作 -> production); a Korean word written in Hangul is
read as the Sino-Korean reading of a JMdict kanji word (hanja: 속편 is the reading of 続編), so
it gets the same glosses. The glosses become the statement's English content-word keys.

Only JMdict's common entries (priority news/ichi/spec/gai) are read: rare entries multiply
readings (one Hangul reading, many rare kanji words) without adding the words news uses.
The segmentation of a kanji or Hangul run into dictionary words is a greedy longest match,
hand-written because it only has to find the dictionary words inside a compound
(最終決定 -> 最終 + 決定), not to be a morphological analysis.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

_COMMON = ("news1", "news2", "ichi1", "ichi2", "spec1", "spec2", "gai1")
_KANJI_FORM = re.compile(r"[\u4e00-\u9fff\u3005]{2,}")
_PAREN = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z][a-z'-]+")
_BATCH = 500  # words per SQL lookup
_SENSES = 2  # the first senses of an entry: later ones are rare uses
_MAX_WORD = 6  # longest dictionary word tried inside a run


def _database() -> Path:
    import jamdict_data

    return Path(jamdict_data.__file__).parent / "jamdict.db"


@cache
def _connection() -> sqlite3.Connection:
    return sqlite3.connect(f"file:{_database()}?mode=ro", uri=True, check_same_thread=False)


@cache
def common_forms() -> frozenset[str]:
    """The kanji forms (two or more kanji) of JMdict's common entries."""
    rows = _connection().execute(
        "SELECT DISTINCT k.text FROM Kanji k JOIN KJP p ON p.kid = k.ID "
        f"WHERE p.text IN ({','.join('?' * len(_COMMON))})",
        _COMMON,
    )
    return frozenset(form for (form,) in rows if _KANJI_FORM.fullmatch(form))


@cache
def korean_readings() -> dict[str, tuple[str, ...]]:
    """Sino-Korean reading (Hangul) -> the common kanji forms read so (hanja)."""
    import hanja

    out: dict[str, list[str]] = {}
    for form in sorted(common_forms()):
        reading = hanja.translate(form, "substitution")
        if reading != form and all("\uac00" <= ch <= "\ud7a3" for ch in reading):
            out.setdefault(reading, []).append(form)
    return {reading: tuple(forms) for reading, forms in out.items()}


def segment(run: str, vocabulary: Iterable[str] | frozenset[str] | dict[str, object]) -> list[str]:
    """The dictionary words of a kanji or Hangul run, greedy longest match from the left
    (characters that start no word are skipped)."""
    words, i = [], 0
    while i < len(run):
        for j in range(min(len(run), i + _MAX_WORD), i + 1, -1):
            if run[i:j] in vocabulary:
                words.append(run[i:j])
                i = j
                break
        else:
            i += 1
    return words


@lru_cache(maxsize=200_000)
def sino_korean_words(run: str, lang: str) -> tuple[str, ...]:
    """The Sino-Korean words of a kanji run (ja: each common JMdict word of it read in Korean,
    導入検討 -> 도입, 검토) or of a particle-less Hangul word (ko: the Hangul readings of common
    kanji words inside it, 도입하기로 -> 도입), so that a Korean and a Japanese statement meet
    on the words inside their compounds, not only on whole runs."""
    import hanja

    if lang == "ja":
        out = []
        for form in segment(run, common_forms()):
            reading = hanja.translate(form, "substitution")
            if reading != form and all("\uac00" <= ch <= "\ud7a3" for ch in reading):
                out.append(reading)
        return tuple(out)
    if lang == "ko":
        return tuple(segment(run, korean_readings()))
    return ()


class Glossary:
    """English gloss words of kanji words, looked up in batches and kept for the process."""

    def __init__(self) -> None:
        self._memo: dict[str, frozenset[str]] = {}

    def english(self, forms: Iterable[str]) -> dict[str, frozenset[str]]:
        """Gloss words of each kanji form (lower case; a form JMdict lacks has none)."""
        todo = sorted({f for f in forms if f not in self._memo})
        for start in range(0, len(todo), _BATCH):
            chunk = todo[start : start + _BATCH]
            found: dict[str, set[str]] = {form: set() for form in chunk}
            rows = _connection().execute(
                "SELECT k.text, s.ID, g.text FROM Kanji k JOIN Sense s ON s.idseq = k.idseq "
                "JOIN SenseGloss g ON g.sid = s.ID "
                f"WHERE k.text IN ({','.join('?' * len(chunk))}) AND +g.lang = 'eng' "
                "ORDER BY k.text, s.ID",
                chunk,
            )
            senses: dict[str, list[int]] = {}
            for form, sense, gloss in rows:
                seen = senses.setdefault(form, [])
                if sense not in seen:
                    seen.append(sense)
                if len(seen) <= _SENSES:
                    found[form].update(_WORD.findall(_PAREN.sub(" ", gloss).lower()))
            self._memo.update((form, frozenset(words)) for form, words in found.items())
        return {form: self._memo[form] for form in forms}

    def forms(self, runs: Iterable[str], lang: str) -> list[str]:
        """The common kanji words inside a statement's kanji runs (ja) or Hangul word stems
        (ko: every kanji word read as a Sino-Korean word of the stem)."""
        if lang == "ja":
            vocabulary = common_forms()
            return [w for run in runs for w in segment(run, vocabulary)]
        if lang == "ko":
            readings = korean_readings()
            return [f for run in runs for w in segment(run, readings) for f in readings[w]]
        return []

    def words(self, runs: Iterable[str], lang: str) -> set[str]:
        """Gloss words of the dictionary words of a Japanese or Korean statement's runs."""
        return {w for words in self.english(self.forms(runs, lang)).values() for w in words}
