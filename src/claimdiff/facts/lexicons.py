"""Per-language word lists for the fact checks, loaded from YAML and validated at start-up.

Each language has one folder under ``lexicons/`` with one file per check (numbers, qualifiers,
units, modality, negation, dates, names). A reviewer extends them by editing the files or by
pointing ``facts.lexicon_dir`` at a folder with the same layout: lists there are appended and
mappings merged over the bundled ones. Patterns are regular expressions; a file that does not
parse, has an unknown key or a pattern that does not compile is a :class:`ConfigError` naming
the file and the key.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdiff.datafiles import Strict, read_yaml_mapping, validate
from claimdiff.errors import ConfigError
from claimdiff.facts.patterns import CompiledLexicon, compile_language
from claimdiff.facts.schema import (
    BUNDLED_DIR,
    DATE_KINDS,
    FILES,
    LANGUAGES,
    MODALITY_LEVELS,
    QUALIFIER_CLASSES,
    SCHEMAS,
    AttributionLexicon,
    DatesLexicon,
    ModalityLexicon,
    NamesLexicon,
    NegationLexicon,
    NegationScope,
    NumbersLexicon,
    QualifiersLexicon,
    UnitsLexicon,
)

__all__ = [
    "BUNDLED_DIR",
    "DATE_KINDS",
    "FILES",
    "LANGUAGES",
    "MODALITY_LEVELS",
    "QUALIFIER_CLASSES",
    "LanguageLexicon",
    "Lexicons",
    "NegationScope",
    "load_lexicons",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LanguageLexicon:
    """The validated lexicons of one language."""

    lang: str
    numbers: NumbersLexicon
    qualifiers: QualifiersLexicon
    units: UnitsLexicon
    modality: ModalityLexicon
    negation: NegationLexicon
    dates: DatesLexicon
    names: NamesLexicon
    attribution: AttributionLexicon
    compiled: CompiledLexicon


@dataclass(frozen=True)
class Lexicons:
    """All languages' lexicons, plus the files they came from (for messages)."""

    languages: dict[str, LanguageLexicon]
    sources: tuple[str, ...] = ()

    def __getitem__(self, lang: str) -> LanguageLexicon:
        try:
            return self.languages[lang]
        except KeyError:
            raise ConfigError(
                f"no fact-check lexicons for language {lang!r}; available: {sorted(self.languages)}"
            ) from None


def _merge(base: Any, extra: Any) -> Any:
    """Extra lexicon data extends the bundled data: lists append, mappings merge."""
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra


def load_lexicons(extra_dir: Path | None = None) -> Lexicons:
    """Load and validate the bundled lexicons, extended by ``extra_dir/<lang>/<check>.yaml``.

    Raises ConfigError naming the file and key of the first invalid entry.
    """
    if extra_dir is not None and not Path(extra_dir).is_dir():
        raise ConfigError(f"facts.lexicon_dir: {extra_dir} is not a directory")
    languages: dict[str, LanguageLexicon] = {}
    sources: list[str] = []
    for lang in LANGUAGES:
        parts: dict[str, Strict] = {}
        for name in FILES:
            path = BUNDLED_DIR / lang / f"{name}.yaml"
            data = read_yaml_mapping(path, "lexicon") if path.exists() else {}
            origins = [str(path)] if path.exists() else []
            if extra_dir is not None:
                extra_path = Path(extra_dir) / lang / f"{name}.yaml"
                if extra_path.exists():
                    extra = read_yaml_mapping(extra_path, "lexicon")
                    # validate the extra file alone first, so its errors name its own path
                    validate(SCHEMAS[name], extra, str(extra_path), "lexicon")
                    data = _merge(data, extra)
                    origins.append(str(extra_path))
            parts[name] = validate(
                SCHEMAS[name], data, " + ".join(origins) or f"{lang}/{name}", "lexicon"
            )
            sources.extend(origins)
        try:
            compiled = compile_language(lang, **parts)  # type: ignore[arg-type]
        except re.error as exc:
            raise ConfigError(
                f"lexicons of {lang!r} ({BUNDLED_DIR / lang}, {extra_dir}): patterns do not combine: {exc}"
            ) from None
        languages[lang] = LanguageLexicon(lang=lang, compiled=compiled, **parts)  # type: ignore[arg-type]
    logger.debug("loaded fact-check lexicons from %d files", len(sources))
    return Lexicons(languages=languages, sources=tuple(sources))
