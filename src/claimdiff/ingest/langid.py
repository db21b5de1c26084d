"""Language identification with lingua, restricted to the languages claimdiff handles."""

from __future__ import annotations

import functools
import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_LANGS = {Language.KOREAN: "ko", Language.JAPANESE: "ja", Language.ENGLISH: "en"}
# Latin letters (ASCII, Latin-1, Latin Extended A/B and Additional), and any other letter
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f\u1e00-\u1eff]")


@functools.cache
def load_detector() -> LanguageDetector:
    """The detector, its models loaded (~0.4 s, once per process). Web ingestion calls this
    before its requests are in flight: loading holds the GIL and would stall their timeouts."""
    # Restricting to ko/ja/en makes lingua both faster and more accurate on short texts;
    # Chinese text is reported as ja (shared Han characters), which callers accept.
    return LanguageDetectorBuilder.from_languages(*_LANGS).with_preloaded_language_models().build()


def detect_language(text: str, max_chars: int) -> tuple[str | None, float, dict[str, float]]:
    """Most likely language of ``text`` among ko/ja/en, its confidence, and all confidences.

    Returns ``(None, 0.0, {...})`` when the text carries no language signal (digits only).
    Only the first ``max_chars`` characters are looked at: the lede decides the language.
    """
    lede = text[:max_chars]
    # Of ko / ja / en only English is written in Latin letters: lingua's own rules answer such
    # a text with certainty, after the work of its statistical models (most of ingestion's
    # time on an English night); the answer is the same without that work
    if _OTHER_LETTER.search(lede) is None and _LATIN_LETTER.search(lede) is not None:
        return "en", 1.0, {"en": 1.0, "ko": 0.0, "ja": 0.0}
    values = load_detector().compute_language_confidence_values(lede)
    scores = {_LANGS[v.language]: float(v.value) for v in values}
    if not values or values[0].value <= 0.0:
        return None, 0.0, scores
    return _LANGS[values[0].language], float(values[0].value), scores
