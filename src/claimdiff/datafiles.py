"""Validated YAML data files: the configuration, lexicons, language data and the model registry.

One place for reading YAML and turning pydantic errors into messages that name the file and
each bad key, so every data file a user may edit fails the same, readable way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from claimdiff.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base of every data-file schema: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def read_yaml_mapping(path: Path, what: str = "file") -> dict[str, Any]:
    """Parse a YAML file that must hold a mapping (an empty file is an empty mapping)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the {what} must be a mapping, got {type(data).__name__}")
    return data


def validate(schema: type[M], data: Any, origin: str, what: str = "file") -> M:
    """Validate data against a schema; ConfigError lists each bad key with its problem."""
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        lines = [f"{origin}: invalid {what}"]
        for err in error.errors():
            key = ".".join(str(part) for part in err["loc"]) or "(top level)"
            lines.append(f"  {key}: {err['msg']}")
        raise ConfigError("\n".join(lines)) from None


def compiles(pattern: str) -> str:
    """A pydantic-validator helper: the pattern must be a valid regular expression."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc}): {pattern!r}") from None
    return pattern


# A data file's regular expression: a bad one fails validation with its key and index.
Regex = Annotated[str, AfterValidator(compiles)]
