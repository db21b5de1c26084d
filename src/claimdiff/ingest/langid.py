"""Language identification with lingua, restricted to the languages claimdiff handles."""

from __future__ import annotations

import functools

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_LANGS = {Language.KOREAN: "ko", Language.JAPANESE: "ja", Language.ENGLISH: "en"}


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
    values = load_detector().compute_language_confidence_values(text[:max_chars])
    scores = {_LANGS[v.language]: float(v.value) for v in values}
    if not values or values[0].value <= 0.0:
        return None, 0.0, scores
    return _LANGS[values[0].language], float(values[0].value), scores
