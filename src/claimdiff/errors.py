"""Narrow exceptions. Each message says what was received, what exists, and how to fix it."""

from __future__ import annotations


class ClaimdiffError(Exception):
    """Base class for errors claimdiff reports to the user."""


class ConfigError(ClaimdiffError):
    """The configuration file is missing, unreadable or invalid (CLI exit code 2)."""


class InputError(ClaimdiffError):
    """An input file, line or URL could not be used."""


class ModelLoadError(ClaimdiffError):
    """A configured model could not be loaded."""

    def __init__(self, model: str, cause: str) -> None:
        self.model = model
        super().__init__(
            f"could not load model {model!r}: {cause}\n"
            "Fix it with one of: `claimdiff models pull --config PATH` on a machine with internet "
            "(then copy the model directory here), a local directory path in the config's `models:` "
            "section, or `--no-models` to run checks-only."
        )


class LabelMappingError(ClaimdiffError):
    """An NLI model's id2label cannot be mapped to entailment / neutral / contradiction."""


class ReviewImportError(ClaimdiffError):
    """A reviewed CSV was rejected; nothing was applied."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: review import rejected, nothing was changed:\n{listing}")
