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


class StoreBusyError(ClaimdiffError):
    """Another run holds the store (CLI exit code 2: nothing was done)."""


class PreflightError(ClaimdiffError):
    """A run cannot start: each line names a path and its fix (CLI exit code 2)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def __reduce__(self) -> tuple[type, tuple[list[str]]]:
        return (PreflightError, (self.problems,))


class RunFailed(ClaimdiffError):
    """A run stopped or ended failed; run.json was written and the run closed as failed.

    ``summary`` is the run's summary (a :class:`~claimdiff.records.RunSummary`); the exception
    that stopped it, if any, is ``__cause__``.
    """

    def __init__(self, message: str, summary: object) -> None:
        self.summary = summary
        super().__init__(message)

    def __reduce__(self) -> tuple[type, tuple[str, object]]:
        return (RunFailed, (str(self), self.summary))
