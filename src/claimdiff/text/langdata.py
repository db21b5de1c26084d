"""Per-language segmentation data (quotes, extra boundaries, boilerplate patterns) from YAML.

The bundled files live in ``claimdiff/text/lang/{ko,ja,en}.yaml``. They are validated with
pydantic (unknown keys are errors) and every regex is compiled at load time, so a bad pattern
fails at start-up with the file and the pattern in the message, not in the middle of a run.
A directory of extra files (``segment.boilerplate_dir``) extends the bundled patterns.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from claimdiff.datafiles import Regex, Strict, read_yaml_mapping, validate
from claimdiff.errors import ConfigError
from claimdiff.records import LANGS

logger = logging.getLogger(__name__)

_FLAGS = {"i": re.IGNORECASE}


class PatternSpec(Strict):
    """A named regular expression of a language file."""

    pattern: Regex
    flags: Literal["", "i"] = ""
    note: str = ""


class BoilerplateSpec(Strict):
    """Patterns of a language's bylines and boilerplate lines."""

    line: list[PatternSpec] = Field(default_factory=list)  # a matching line is dropped
    prefix: list[PatternSpec] = Field(default_factory=list)  # stripped from a line's start


class LangFile(Strict):
    """One language's segmentation data (text/lang/<lang>.yaml)."""

    lang: Literal["ko", "ja", "en"]
    pairs: list[tuple[str, str]] = Field(default_factory=list)
    symmetric_quotes: list[str] = Field(default_factory=list)
    split_after: list[Regex] = Field(default_factory=list)
    no_split_after: list[PatternSpec] = Field(default_factory=list)
    quote_continuation: list[PatternSpec] = Field(default_factory=list)
    clause_breaks: list[str] = Field(default_factory=list)
    boilerplate: BoilerplateSpec = Field(default_factory=BoilerplateSpec)

    @field_validator("pairs")
    @classmethod
    def _single_chars(cls, value: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for opening, closing in value:
            if len(opening) != 1 or len(closing) != 1 or opening == closing:
                raise ValueError(
                    f"a pair must be two different single characters, got {opening!r}, {closing!r}"
                )
        return value

    @field_validator("symmetric_quotes")
    @classmethod
    def _single_quote_chars(cls, value: list[str]) -> list[str]:
        for quote in value:
            if len(quote) != 1:
                raise ValueError(f"a symmetric quote must be one character, got {quote!r}")
        return value


@dataclass(frozen=True)
class LangData:
    """Compiled segmentation data for one language."""

    lang: str
    openers: dict[str, str]  # opening char -> closing char
    symmetric_quotes: frozenset[str]
    split_after: tuple[re.Pattern[str], ...]
    no_split_after: tuple[re.Pattern[str], ...]
    quote_continuation: tuple[re.Pattern[str], ...]
    clause_breaks: tuple[str, ...]
    line_patterns: tuple[re.Pattern[str], ...]
    prefix_patterns: tuple[re.Pattern[str], ...]

    @property
    def closers(self) -> frozenset[str]:
        """Every closing quote or bracket of the language."""
        return frozenset(self.openers.values()) | self.symmetric_quotes


def _read(path: Path) -> LangFile:
    return validate(
        LangFile, read_yaml_mapping(path, "segmentation data"), str(path), "segmentation data"
    )


def _compile(specs: list[PatternSpec]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(spec.pattern, _FLAGS.get(spec.flags, 0)) for spec in specs)


@lru_cache(maxsize=32)
def load_lang_data(lang: str, extra_dir: Path | None = None) -> LangData:
    """Load the bundled data for ``lang``, extended by ``extra_dir/<lang>.yaml`` when present.

    Raises ConfigError naming the file and key when a file is invalid, and ValueError for a
    language claimdiff does not segment.
    """
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; claimdiff segments {', '.join(LANGS)}")
    bundled = resources.files("claimdiff.text").joinpath("lang", f"{lang}.yaml")
    files = [_read(Path(str(bundled)))]
    if extra_dir is not None:
        extra = Path(extra_dir) / f"{lang}.yaml"
        if extra.is_file():
            files.append(_read(extra))
            logger.info("extra segmentation data for %s from %s", lang, extra)
    for item in files:
        if item.lang != lang:
            raise ConfigError(f"segmentation data for {lang!r} declares lang: {item.lang!r}")
    openers: dict[str, str] = {}
    for item in files:
        openers.update(dict(item.pairs))
    return LangData(
        lang=lang,
        openers=openers,
        symmetric_quotes=frozenset(q for item in files for q in item.symmetric_quotes),
        split_after=tuple(re.compile(p) for item in files for p in item.split_after),
        no_split_after=tuple(p for item in files for p in _compile(item.no_split_after)),
        quote_continuation=tuple(p for item in files for p in _compile(item.quote_continuation)),
        clause_breaks=tuple(dict.fromkeys(b for item in files for b in item.clause_breaks)),
        line_patterns=tuple(p for item in files for p in _compile(item.boilerplate.line)),
        prefix_patterns=tuple(p for item in files for p in _compile(item.boilerplate.prefix)),
    )
