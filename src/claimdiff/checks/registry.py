"""Checks registered by name (like spaCy's registry) and chosen by ``facts.checks``.

A check is a function of the two statements' facts and the run's context that returns its
CheckResults; it never re-reads the text. Register one with ``@register("name")`` in its own
module under ``checks/``: the registry imports every module of the package before it answers,
so a new check (with its row in the Kind table) touches nothing else.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimdiff.errors import ConfigError
from claimdiff.records import CheckResult

if TYPE_CHECKING:  # the config imports the Kind table of this package: no runtime import back
    from claimdiff.config import FactsConfig
    from claimdiff.facts.extract import Facts
    from claimdiff.facts.lexicons import Lexicons


@dataclass(frozen=True)
class CheckContext:
    """What a check may read besides the two statements' facts."""

    config: FactsConfig
    lexicons: Lexicons

    def result(
        self,
        kind: str,
        reason: str,
        original_span: str = "",
        report_span: str = "",
        fault: str = "outlet",
        severity: str | None = None,
    ) -> CheckResult:
        """A CheckResult with the kind's configured severity (unless one is given)."""
        return CheckResult(
            kind=kind,
            severity=severity or self.config.severity[kind],  # type: ignore[arg-type,index]
            reason=reason,
            original_span=original_span,
            report_span=report_span,
            fault=fault,  # type: ignore[arg-type]
        )


Check = Callable[["Facts", "Facts", CheckContext], list[CheckResult]]
_CHECKS: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    """Decorator: make a check available to ``facts.checks`` under ``name``."""

    def add(check: Check) -> Check:
        if name in _CHECKS and _CHECKS[name] is not check:
            raise ValueError(f"check {name!r} is registered twice")
        _CHECKS[name] = check
        return check

    return add


@functools.cache
def _import_check_modules() -> None:
    # each module of the package registers its checks on import (in name order, as iter_modules
    # lists them); done once, on first use, because the check modules import this one
    package = importlib.import_module(__package__ or "claimdiff.checks")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")


def registered() -> tuple[str, ...]:
    """The names of all registered checks, in registration order."""
    _import_check_modules()
    return tuple(_CHECKS)


def resolve(names: Sequence[str]) -> list[tuple[str, Check]]:
    """The checks named in the config, in order; ConfigError naming any unknown one."""
    _import_check_modules()
    unknown = [name for name in names if name not in _CHECKS]
    if unknown:
        raise ConfigError(f"facts.checks: unknown checks {unknown}; registered: {list(_CHECKS)}")
    return [(name, _CHECKS[name]) for name in names]
